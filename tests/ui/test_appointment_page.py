"""Prepare for your appointment: the page, and the summary it prints, checked in the real PDF
(poppler's pdftotext and pdfinfo) for a person using Finnish, English and Arabic.

The new texts are not translated yet when this is written: every column is compared with the
lookup of its own language, so the tests hold before and after the translations arrive.
"""

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from babel import Locale
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication

from asiointiapu.guides.appointment import load_appointment
from asiointiapu.guides.loader import load_builtin
from asiointiapu.guides.text import render
from asiointiapu.i18n import I18n
from asiointiapu.resources import translations_dir
from asiointiapu.ui import themes
from asiointiapu.ui.application import application
from asiointiapu.ui.appointment_page import NOTES_LIMIT, AppointmentPage
from asiointiapu.ui.widgets import focusable_children
from tests.ui.test_text_scaling import problems_in

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdftoppm")),
    reason="poppler-utils missing",
)

GUIDE = load_builtin("registration")
SUMMARY = load_appointment("registration")
NOTES = 'Ask about the language course.\n<b>not bold</b> & "quoted"'
A4_WIDTH = 595  # points; the person's language is on the left half, Finnish on the right


@pytest.fixture
def make_page(qtbot):
    before = QLocale()

    def make(language="en", can_save=True, scale=100, size=(640, 900)):
        app = application([])
        app.setStyleSheet(themes.stylesheet(themes.for_setting("light"), scale))
        # As the main window does for the language: Arabic mirrors the layout.
        QLocale.setDefault(QLocale(language))
        QApplication.setLayoutDirection(QLocale(language).textDirection())
        i18n = I18n(translations_dir(), language)
        page = AppointmentPage(i18n, GUIDE, can_save)
        qtbot.addWidget(page)
        page.resize(*size)
        page.fill(text_scale=scale)
        page.show()
        qtbot.waitExposed(page)
        return page

    yield make
    QLocale.setDefault(before)


# ---- reading the PDF --------------------------------------------------------------------------

_INVISIBLE = re.compile(r"[\s\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069-]")


def skeleton(text: str) -> str:
    """Text as pdftotext and the catalogue can agree on: Arabic presentation forms as letters
    (NFKC), no vowel marks (pdftotext places them apart), no spaces, bidi marks or hyphens (a
    word broken at a line end)."""
    text = unicodedata.normalize("NFKC", text)
    return _INVISIBLE.sub("", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def pdf_text(pdf: Path, side: str = "") -> str:
    """The page's text; "left" or "right": only that half of the page."""
    crop = {
        "left": ["-x", "0", "-W", str(A4_WIDTH // 2)],
        "right": ["-x", str(A4_WIDTH // 2 + 1), "-W", str(A4_WIDTH)],
    }.get(side, [])
    area = [*crop, "-y", "0", "-H", "100000"] if crop else []
    command = ["pdftotext", "-r", "72", *area, str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def letters_only(text: str) -> str:
    return "".join(c for c in skeleton(text) if not unicodedata.category(c).startswith("P"))


def shows(column: str, text: str, language: str) -> bool:
    """The text is in the column. Arabic word by word, without punctuation: pdftotext gives
    right-to-left text in runs, with a comma out of place, and splits a word whose vowel mark
    is drawn above its last letter ("أيضًا"): such words are left out."""
    if language == "ar":
        words = [w for w in text.split() if not any(unicodedata.category(c) == "Mn" for c in w)]
        return all(letters_only(word) in letters_only(column) for word in words)
    return skeleton(text) in skeleton(column)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)[1])


def lines(pdf: Path) -> list[tuple[float, float, float, str]]:
    """(xMin, xMax, height, text) of each line of the first page."""
    html = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = []
    for match in re.finditer(
        r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>',
        html,
        re.DOTALL,
    ):
        x0, y0, x1, y1, body = match.groups()
        words = re.findall(r">([^<]*)</word>", body)
        found.append((float(x0), float(x1), float(y1) - float(y0), " ".join(words)))
    return found


# ---- what each column should say -----------------------------------------------------------


def guide_texts(i18n: I18n) -> list[str]:
    return [render(text, i18n.lookup, GUIDE.facts).text for text in SUMMARY.texts()]


def interpreter_line(i18n: I18n, code: str) -> str:
    """'I need an interpreter: <language>', with the name in the language the line is in."""
    source = "I need an interpreter: {language}"
    translated = i18n.lookup(source)
    in_language = i18n.language if translated else "en"
    return (translated or source).format(language=Locale.parse(code).get_display_name(in_language))


def finnish() -> I18n:
    return I18n(translations_dir(), "fi")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_pdf_has_both_languages_the_notes_and_the_interpreter(make_page, tmp_path, language):
    page = make_page(language)
    page.notes_edit.setPlainText(NOTES)
    page.interpreter_check.box.click()
    pdf = tmp_path / "summary.pdf"
    page.save_summary(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    person, staff = page.i18n, finnish()
    left, right = pdf_text(pdf, "left"), pdf_text(pdf, "right")
    for column, i18n, side in ((left, person, "left"), (right, staff, "right")):
        for text in guide_texts(i18n):
            assert shows(column, text, i18n.language), f"{side}: {text!r}"
        # The person's own language by default, named in each column's language.
        assert shows(column, interpreter_line(i18n, language), i18n.language), side
    # The notes once, across the page, as typed: escaped, never read as markup.
    whole = pdf_text(pdf)
    assert whole.count("Ask about the language course.") == 1
    assert '<b>not bold</b> & "quoted"' in whole
    # Real Finnish on the right: the guide's own texts are translated already.
    assert "Päivät, kun viimeinen työsi alkoi ja loppui." in " ".join(right.split())
    assert pages(pdf) == 1


def test_arabic_reads_from_the_right_in_its_column(make_page, tmp_path):
    page = make_page("ar")
    document = page.document()
    arabic = render(SUMMARY.sections[2].items[0], page.i18n.lookup, GUIDE.facts).text
    assert re.search("[\u0600-\u06ff]", arabic), "the guide's text has an Arabic translation"
    directions = {}
    block = document.begin()
    while block.isValid():
        directions.setdefault(
            block.text().replace("\u00ad", ""), block.blockFormat().layoutDirection()
        )
        block = block.next()
    assert directions[arabic] == Qt.LayoutDirection.RightToLeft
    finnish_text = render(SUMMARY.sections[2].items[0], finnish().lookup, GUIDE.facts).text
    assert directions[finnish_text] == Qt.LayoutDirection.LeftToRight
    # A text that has no Arabic yet is shown in English, and reads from the left.
    for text in SUMMARY.texts():
        if page.i18n.lookup(text) is None:
            shown = render(text, lambda _t: None, GUIDE.facts).text
            assert directions[shown] == Qt.LayoutDirection.LeftToRight, shown
    # On paper: the Arabic lines end at the right edge of the left half, next to the rule.
    pdf = tmp_path / "ar.pdf"
    page.save_summary(pdf)
    arabic_lines = [
        line
        for line in lines(pdf)
        if re.search("[\u0600-\u06ff\ufb50-\ufeff]", line[3])
        and line[1] < A4_WIDTH / 2
        and len(line[3].split()) > 3  # not a vowel mark's split-off piece (see shows())
    ]
    assert arabic_lines
    # The lines end near the rule (paragraphs at it, list items one bullet's indent before it)
    # and start where their words run out: ragged on the left, not on the right.
    ends = [x1 for _x0, x1, _h, _t in arabic_lines]
    starts = [x0 for x0, _x1, _h, _t in arabic_lines]
    assert min(ends) > A4_WIDTH / 2 - 30 and max(ends) <= A4_WIDTH / 2
    assert len({round(end) for end in ends}) <= 3  # a few right edges, not one a line
    assert max(starts) - min(starts) > 50


def test_in_finnish_the_summary_is_one_column(make_page, tmp_path):
    page = make_page("fi")
    assert page.interpreter_language() is None  # no default interpreter for Finnish
    page.fill(interpreter=True, interpreter_language="ru")
    page.notes_edit.setPlainText(NOTES)
    pdf = tmp_path / "fi.pdf"
    page.save_summary(pdf)
    whole = pdf_text(pdf)
    for text in guide_texts(page.i18n):
        assert shows(whole, text, "fi"), text
        assert skeleton(whole).count(skeleton(text)) == 1  # once: no second column
    assert shows(whole, interpreter_line(page.i18n, "ru"), "fi")
    document = page.document()
    assert document_table(document).columns() == 1
    two = make_page("en").document()
    assert document_table(two).columns() == 2
    assert pages(pdf) == 1


def document_table(document: QTextDocument):
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.NextBlock)
    table = cursor.currentTable()
    assert table is not None
    return table


@pytest.mark.parametrize("language", ["fi", "en", "sv", "ar", "uk", "ru", "so", "et"])
def test_one_page_in_large_print_at_100_percent_even_with_notes_at_the_limit(
    make_page, tmp_path, language
):
    page = make_page(language)
    words = "Ask about the Finnish course and the travel costs. My phone number changed. "
    page.notes_edit.setPlainText((words * 10)[:NOTES_LIMIT])
    page.interpreter_check.box.click()
    pdf = tmp_path / f"{language}.pdf"
    page.save_summary(pdf)
    # If this fails after new translations, a text grew too long for one page: shorten it, or
    # lower NOTES_LIMIT (asiointiapu/ui/appointment_page.py).
    assert pages(pdf) == 1
    assert "travel costs" in pdf_text(pdf)
    # 16 pt text: DejaVu Sans's line box is 1.16 times the size.
    heights = sorted(h for _x0, _x1, h, _t in lines(pdf))
    assert 17.5 < heights[len(heights) // 2] < 19.5


def test_larger_text_flows_on_to_more_pages_and_loses_nothing(make_page, tmp_path):
    page = make_page("en", scale=200)
    page.notes_edit.setPlainText("The very last words of my notes.")
    pdf = tmp_path / "large.pdf"
    page.save_summary(pdf)
    assert pages(pdf) > 1
    whole = pdf_text(pdf)
    assert "The very last words of my notes." in " ".join(whole.split())
    heights = sorted(h for _x0, _x1, h, _t in lines(pdf))
    assert heights[len(heights) // 2] > 26  # 24 pt


def test_the_pdf_looks_right(make_page, tmp_path):
    """Rendered as a person would see it: a page with ink on both halves (two languages)."""
    page = make_page("ar")
    page.notes_edit.setPlainText(NOTES)
    pdf = tmp_path / "look.pdf"
    page.save_summary(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "look")], check=True)
    pngs = sorted(tmp_path.glob("look*.png"))
    assert len(pngs) == 1
    data = pngs[0].read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 10_000
    if os.environ.get("ASIOINTIAPU_KEEP_PNG"):  # for looking at it: the path to keep it in
        shutil.copy(pngs[0], os.environ["ASIOINTIAPU_KEEP_PNG"])


# ---- the page ------------------------------------------------------------------------------


def test_notes_and_choices_survive_a_language_switch_and_clear_wipes_them(make_page, qtbot):
    page = make_page("en")
    assert page.interpreter_language() == "en"  # the program's language by default
    assert not page.languages.isVisibleTo(page)
    qtbot.keyClicks(page.notes_edit, "Ask about the course")
    page.interpreter_check.box.click()
    assert page.languages.isVisibleTo(page)
    russian = next(b for b in page.language_group.buttons() if b.property("code") == "ru")
    russian.click()
    page.i18n.set_language("ar")
    page.fill()
    assert page.notes_edit.toPlainText() == "Ask about the course"
    assert page.interpreter_check.box.isChecked()
    assert page.language_group.checkedButton().property("code") == "ru"
    assert page.languages.isVisibleTo(page)
    page.fill()  # and again
    assert page.notes_edit.toPlainText() == "Ask about the course"

    page.clear()
    assert page.notes_edit.toPlainText() == ""
    assert not page.interpreter_check.box.isChecked()
    assert not page.languages.isVisibleTo(page)
    assert page.interpreter_language() == "ar"  # the default again: the program's language
    assert "Ask about the course" not in page_texts(page)


def page_texts(page) -> str:
    """Every text the page holds in its widgets (what a next person could find)."""
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    texts = [w.toPlainText() for w in page.findChildren(QPlainTextEdit)]
    texts += [w.text() for w in page.findChildren(QLabel)]
    return " ".join(texts)


def test_fill_takes_the_interpreter_from_a_help_request(make_page):
    page = make_page("en")
    page.fill(interpreter=True, interpreter_language="so")
    assert page.interpreter_check.box.isChecked()
    assert page.language_group.checkedButton().property("code") == "so"
    page.fill(interpreter_language="fi")  # Finnish needs no interpreter: the choice stays
    assert page.language_group.checkedButton().property("code") == "so"
    page.fill(interpreter=False)
    assert not page.interpreter_check.box.isChecked()


def test_notes_over_the_limit_are_not_printed_and_the_person_is_told(make_page, qtbot, tmp_path):
    page = make_page("en")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.notes_edit.setPlainText("x" * (NOTES_LIMIT - 1))
    assert page.notes_count.source == "1 character left"
    page.notes_edit.setPlainText("x" * (NOTES_LIMIT + 5))
    assert page.notes_count.source == "5 characters too many"
    assert "5 characters too many" in page.notes_edit.accessibleDescription()
    pdf = tmp_path / "long.pdf"
    with qtbot.assertNotEmitted(page.message):
        page.save_summary(pdf)
    assert not pdf.exists()
    assert page.notes_error.isVisible()
    assert f"{NOTES_LIMIT} characters" in page.notes_error.source
    assert page.notes_edit.hasFocus()
    # Nothing was cut off: the person shortens it themselves.
    assert len(page.notes_edit.toPlainText()) == NOTES_LIMIT + 5
    page.notes_edit.setPlainText("Short now.")
    assert not page.notes_error.isVisible()
    page.save_summary(pdf)
    assert pdf.exists()


def test_saving_tells_where_the_file_is_or_that_it_failed(make_page, qtbot, tmp_path):
    page = make_page("en")
    pdf = tmp_path / "mine.pdf"
    with qtbot.waitSignal(page.message) as saved:
        page.save_summary(pdf)
    assert str(pdf) in saved.args[0] and "saved" in saved.args[0]
    nowhere = tmp_path / "no-such-folder" / "mine.pdf"
    with qtbot.waitSignal(page.message) as failed:
        page.save_summary(nowhere)
    assert "could not be saved" in failed.args[0]


def test_nothing_typed_is_written_to_disk_but_the_pdf(make_page, qtbot, isolated_dirs, monkeypatch):
    monkeypatch.setenv("HOME", str(isolated_dirs))
    page = make_page("en")
    before = {p for p in isolated_dirs.rglob("*") if p.is_file()}
    qtbot.keyClicks(page.notes_edit, "secret plans")
    page.interpreter_check.box.click()
    page.i18n.set_language("fi")
    page.fill()
    pdf = isolated_dirs / "out.pdf"
    page.save_summary(pdf)
    page.clear()
    after = {p for p in isolated_dirs.rglob("*") if p.is_file()}
    assert after - before == {pdf}


def test_shared_machines_offer_print_but_not_save(make_page):
    home, kiosk = make_page("en", can_save=True), make_page("en", can_save=False)
    assert home.save_button.isVisibleTo(home)
    assert not hasattr(kiosk, "save_button")
    assert kiosk.print_button.isVisibleTo(kiosk)
    assert "PDF" not in page_texts(kiosk)


def test_every_control_has_a_name_and_the_keyboard_reaches_it(make_page):
    page = make_page("en")
    page.interpreter_check.box.click()
    controls = [*focusable_children(page.content), page.close_button]
    assert page.notes_edit in controls and page.print_button in controls
    for control in controls:
        assert control.accessibleName(), type(control).__name__
    assert page.notes_edit.accessibleName() == "Your notes"
    assert page.notes_edit.tabChangesFocus()  # Tab leaves the notes, as in every field
    assert page.heading.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert page.save_button.accessibleName() == "Save as PDF"


@pytest.mark.parametrize(
    ("language", "scale", "size"), [("en", 300, (1280, 1024)), ("ar", 200, (600, 900))]
)
def test_nothing_is_clipped_at_large_text(make_page, language, scale, size):
    page = make_page(language, scale=scale, size=size)
    page.interpreter_check.box.click()
    assert problems_in(page) == []


def test_a_summary_that_cannot_be_read_is_said_plainly(qtbot):
    from dataclasses import replace

    application([])
    page = AppointmentPage(I18n(translations_dir(), "en"), replace(GUIDE, id="no-such"), True)
    qtbot.addWidget(page)
    page.fill()
    shown = page_texts(page)
    assert "The summary could not be read, so it is not shown." in shown
    assert not hasattr(page, "print_button")
    page.fill()  # and again, after a language switch say
    page.clear()
