import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from asiointiapu.settings import Mode, SettingsStore, SiteSettings
from asiointiapu.ui.widgets import CheckItem, TextLabel


def linked_terms(window):
    found = set()
    for label in window.step_view.findChildren(TextLabel):
        if label.textFormat() == Qt.TextFormat.RichText:
            found |= set(re.findall(r'href="term:([a-z0-9-]+)"', label.text()))
    return found


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_every_term_of_a_step_is_a_link_where_it_stands(make_window, language):
    w = make_window(language=language)
    missing = {}
    for step in w.guide.steps:
        w.jump(step.id)
        absent = set(step.terms) - linked_terms(w)
        if absent:
            missing[step.id] = sorted(absent)
    assert not missing, f"terms not found in their step's text: {missing}"


def test_a_term_link_opens_the_glossary_on_that_word_with_the_keyboard(make_window, qtbot):
    w = make_window(language="en")
    w.jump("identify")
    QApplication.processEvents()  # Qt shows the new step's widgets on the next pass
    label = next(
        lb
        for lb in w.step_view.findChildren(TextLabel)
        if "term:strong-identification" in lb.text()
    )
    # Tab from the top until the text with the link: Tab lands on the link, Enter opens it.
    w.steps_button.setFocus()
    for _ in range(40):
        if QApplication.focusWidget() is label:
            break
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is label
    qtbot.waitUntil(label.hasSelectedText)
    assert label.selectedText().replace("\u00ad", "") == "strong identification"
    qtbot.keyClick(label, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.pages.currentWidget() is w.glossary_page)
    entry = w.glossary_page.entries["strong-identification"]
    assert QApplication.focusWidget() is entry
    assert "banking codes" in entry.accessibleDescription()
    qtbot.keyClick(entry, Qt.Key.Key_Escape)
    assert w.pages.currentWidget() is w.guide_page
    assert w.progress.current == "identify"


def test_glossary_lists_every_term_in_alphabetical_order(make_window):
    w = make_window(language="fi")
    w.show_term(None)
    words = [
        w.glossary_page.entries[t].text().replace("\u00ad", "") for t in w.glossary_page.entries
    ]
    assert len(words) == len(w.guide.terms)
    assert words == sorted(words, key=str.casefold)


def test_checklist_items_are_ticked_kept_and_resumed(make_window, qtbot, tmp_path):
    w = make_window(language="en")
    items = [c for c in w.step_view.findChildren(CheckItem) if c.isVisible()]
    assert len(items) == len(w.guide.steps[0].blocks[1].items)
    assert items[0].box.accessibleName().startswith("Your online banking codes")
    qtbot.mouseClick(items[0].label, Qt.MouseButton.LeftButton)  # the words tick the box too
    items[2].box.setFocus()
    qtbot.keyClick(items[2].box, Qt.Key.Key_Space)
    assert w.progress.checked == {"before-you-start/2/1", "before-you-start/2/3"}
    w.close()
    saved = SettingsStore(tmp_path / "config").load().settings
    again = make_window(settings=saved)
    ticks = [c.box.isChecked() for c in again.step_view.findChildren(CheckItem) if c.isVisible()]
    assert ticks == [True, False, True]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_checklist_is_saved_as_a_large_print_pdf(make_window, tmp_path):
    w = make_window(language="fi", scale=200)
    first = next(c for c in w.step_view.findChildren(CheckItem) if c.isVisible())
    first.box.setChecked(True)
    pdf = tmp_path / "lista.pdf"
    w.save_checklist(2, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "☑" in text and "☐" in text
    assert first.box.accessibleName()[:20] in " ".join(text.split())
    assert str(pdf) in w.banner.label.text()


def test_an_unwritable_pdf_is_reported_plainly(make_window, tmp_path):
    w = make_window(language="en")
    target = tmp_path / "no-such-folder" / "list.pdf"
    w.save_checklist(2, target)
    assert w.banner.isVisible()
    assert "could not be saved" in w.banner.label.text()


def test_shared_machines_offer_print_but_not_save(make_window):
    home = make_window(language="en")
    kiosk = make_window(language="en", site=SiteSettings(mode=Mode.KIOSK))

    def buttons(w):
        return {b.text() for b in w.step_view.findChildren(type(w.next_button)) if b.isVisible()}

    assert {"Print the list", "Save the list as PDF"} <= buttons(home)
    assert "Print the list" in buttons(kiosk)
    assert "Save the list as PDF" not in buttons(kiosk)
