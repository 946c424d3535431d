"""A checklist, or the appointment summary, on paper or as a PDF, in large print.

Qt's print support is imported here only, when a person first prints: it is not needed to start.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QWidget

from asiointiapu.guides.appointment import Appointment, Section
from asiointiapu.guides.model import Fact
from asiointiapu.guides.text import render
from asiointiapu.hyphenation import hyphenate
from asiointiapu.i18n import LANGUAGE_NAMES, N_, SOURCE_LANGUAGE, I18n

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

PRINT_MIN_PT = 16  # large print, at 100% text; grows with the person's text size
STAFF_LANGUAGE = "fi"  # the summary is printed beside Finnish, the staff's language
LONG_WORD = 12  # letters from which a word of the printout may break (with a hyphen)
# A line between the two languages with room on both sides: right-aligned Arabic must not run
# into the Finnish beside it. Rows are apart by a little padding only: lines count on one page.
_CELL = (
    "padding: 3px 10px 3px 0px",
    "padding: 3px 0px 3px 10px; border-left: 1px solid #000000",
)
_ONE = "padding: 6px 0px 0px 0px"  # one column (Finnish only) has room to spare

NOTES_HEADING = N_("My notes")
INTERPRETER_LINE = N_("I need an interpreter: {language}")
INTERPRETER_ONLY = N_("I need an interpreter")


def print_points(scale: int) -> int:
    """16 pt at 100% text, 24 pt at 200%, 32 pt at 300%."""
    return round(PRINT_MIN_PT * (1 + (scale - 100) / 200))


def checklist_document(
    title: str, heading: str, items: list[tuple[str, bool]], scale: int
) -> QTextDocument:
    rows = "".join(
        f"<p>{'☑' if done else '☐'}&nbsp;{html.escape(text)}</p>" for text, done in items
    )
    document = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setPointSize(print_points(scale))
    document.setDefaultFont(font)
    document.setHtml(f"<h1>{html.escape(title)}</h1><h2>{html.escape(heading)}</h2>{rows}")
    return document


def _printer(output: Path | None = None):  # noqa: ANN202 (QPrinter is imported late)
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if output is not None:
        from PySide6.QtGui import QPageSize

        # A4, as paper in Finland is, whatever the language's own default (US English: Letter).
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
    return printer


def save_pdf(document: QTextDocument, path: Path) -> bool:
    """Write the document as a PDF; False when the file could not be written."""
    path.unlink(missing_ok=True)
    _print(document, _printer(path))
    return path.is_file() and path.stat().st_size > 0


def ask_pdf_path(parent: QWidget, title: str, name: str) -> Path | None:
    """The file to save a PDF as, chosen by the person (suggested: `name`.pdf in Documents);
    None when they cancel."""
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(Path(folder) / f"{name}.pdf"), "PDF (*.pdf)"
    )
    return Path(chosen) if chosen else None


def print_with_dialog(document: QTextDocument, parent: QWidget, *, to_file: bool = True) -> bool:
    """The system's print dialog, which also offers printing to a PDF file unless `to_file` is
    False: on a shared machine such a file would stay behind for the next person."""
    from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog

    printer = _printer()
    dialog = QPrintDialog(printer, parent)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, to_file)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _print(document, printer)
    return True


class PageDocument(QTextDocument):
    """A document laid out for one page of its own: narrower margins than Qt's 2 cm and no
    page number, so the summary fits on one sheet in large print."""

    margin_mm = 10.0


def _print(document: QTextDocument, printer: QPrinter) -> None:
    title = document.metaInformation(QTextDocument.MetaInformation.DocumentTitle)
    if title:
        printer.setDocName(title)  # the PDF's title, which a screen reader says first
    if not isinstance(document, PageDocument):
        document.print_(printer)  # Qt's pages: 2 cm margins and page numbers
        return
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QGuiApplication, QPageLayout

    margin = document.margin_mm
    printer.setPageMargins(QMarginsF(margin, margin, margin, margin), QPageLayout.Unit.Millimeter)
    area = printer.pageLayout().paintRect(QPageLayout.Unit.Point)
    # Qt lays the document out at the screen's logical DPI and scales each page to the paper:
    # the page size in those units keeps 16 pt text 16 pt on paper.
    dpi = QGuiApplication.primaryScreen().logicalDotsPerInchY()
    document.setPageSize(QSizeF(area.width() * dpi / 72, area.height() * dpi / 72))
    document.print_(printer)


# ---- the appointment summary -----------------------------------------------------------------


@dataclass(frozen=True)
class Interpreter:
    """Whether the person asked for an interpreter, and for which language (a code, or None
    when they did not say)."""

    needed: bool = False
    language: str | None = None


def language_name(code: str, in_language: str) -> str:
    """A language's name in another language ("arabia" for "ar" in Finnish), from Babel's CLDR
    data; the name in the language itself when Babel does not know the pair."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code).get_display_name(in_language)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or LANGUAGE_NAMES.get(code, code)


def _direction(language: str) -> str:
    return "rtl" if QLocale(language).textDirection() == Qt.LayoutDirection.RightToLeft else "ltr"


def _direction_of(text: str) -> str:
    """The direction of the person's own words: that of their first letter (Unicode's rule for a
    paragraph, P2), so Arabic notes read from the right whatever the program's language."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


class _Column:
    """One language's side of the summary: each text translated, facts filled in, and marked
    with the language and direction it is really shown in (a text not yet translated is shown in
    English, left to right, even in the Arabic column)."""

    def __init__(self, i18n: I18n, facts: Mapping[str, Fact]) -> None:
        self.i18n = i18n
        self.facts = facts

    @property
    def direction(self) -> str:
        return _direction(self.i18n.language)

    def guide_text(self, source: str) -> tuple[str, str]:
        """(text, language it is in) of a text of the summary file, facts filled in."""
        shown = render(source, self.i18n.lookup, self.facts)
        return shown.text, self.i18n.language if shown.translated else SOURCE_LANGUAGE

    def program_text(self, source: str, **values: str) -> tuple[str, str]:
        """(text, language it is in) of one of the program's own texts."""
        translated = self.i18n.lookup(source)
        if translated:
            try:
                return translated.format(**values), self.i18n.language
            except (KeyError, ValueError, IndexError):
                pass  # a broken translation: the source text rather than half a sentence
        return source.format(**values), SOURCE_LANGUAGE

    def interpreter(self, interpreter: Interpreter) -> tuple[str, str]:
        if interpreter.language is None:
            return self.program_text(INTERPRETER_ONLY)
        _text, language = self.program_text(INTERPRETER_LINE, language="")
        name = language_name(interpreter.language, language)
        return self.program_text(INTERPRETER_LINE, language=name)


def _block(tag: str, shown: tuple[str, str], css_class: str = "") -> str:
    """One element of the printout: the text escaped, its language and direction marked, and
    long words given soft hyphens, so that a Finnish compound breaks instead of leaving half
    an empty line in a narrow column."""
    text, language = shown
    attributes = f'lang="{language}" dir="{_direction(language)}"'
    if css_class:
        attributes += f' class="{css_class}"'
    text = hyphenate(text, language, LONG_WORD)
    return f"<{tag} {attributes}>{html.escape(text)}</{tag}>"


def appointment_document(
    summary: Appointment,
    facts: Mapping[str, Fact],
    person: I18n,
    finnish: I18n,
    notes: str,
    interpreter: Interpreter,
    scale: int,
) -> QTextDocument:
    """The summary as one large-print page: the person's language beside Finnish, row by row, so
    that the staff and the person can point at the same thing. In Finnish it is one column.

    The person's notes are their own words: shown once, across the page, as plain text."""
    columns = [_Column(person, facts)]
    if person.language != STAFF_LANGUAGE:
        columns.append(_Column(finnish, facts))
    width = 100 // len(columns)

    def row(cell: Callable[[_Column], str]) -> str:
        cells = "".join(
            f'<td width="{width}%" valign="top" style="{_CELL[n] if len(columns) > 1 else _ONE}">'
            f"{cell(c)}</td>"
            for n, c in enumerate(columns)
        )
        return f"<tr>{cells}</tr>"

    def top(c: _Column) -> str:
        return _block("p", c.guide_text(summary.title), "title") + _block(
            "p", c.guide_text(summary.intro)
        )

    def section_cell(c: _Column, section: Section) -> str:
        parts = [_block("p", c.guide_text(section.heading), "heading")]
        parts += [_block("p", c.guide_text(text)) for text in section.texts]
        if section.items:
            items = "".join(_block("li", c.guide_text(item)) for item in section.items)
            # The list has the column's direction too: its bullets at the right in Arabic.
            parts.append(f'<ul dir="{c.direction}">{items}</ul>')
        return "".join(parts)

    def bottom(c: _Column) -> str:
        """What must not be missed, in bold: the closing line and the interpreter."""
        parts = [_block("p", c.guide_text(summary.closing), "strong")]
        if interpreter.needed:
            parts.append(_block("p", c.interpreter(interpreter), "strong"))
        return "".join(parts)

    rows = [row(top)]
    rows += [row(lambda c, s=section: section_cell(c, s)) for section in summary.sections]
    rows.append(row(bottom))
    notes = notes.strip()
    if notes:
        # "My notes / Omat muistiinpanot" on one line above the notes: a row of its own in two
        # columns would take a line more, and lines count.
        headings = " / ".join(
            dict.fromkeys(_block("span", c.program_text(NOTES_HEADING)) for c in columns)
        )
        # Each line its own paragraph, in the direction of its own first letter: an Arabic line
        # reads from the right, a Finnish line under it from the left.
        lines = [line.strip() for line in notes.splitlines() if line.strip()]
        text = "".join(f'<p dir="{_direction_of(line)}">{html.escape(line)}</p>' for line in lines)
        rows.append(
            f'<tr><td colspan="{len(columns)}" valign="top" style="padding-top: 4px">'
            # The heading on the side where the notes start.
            f'<p class="heading" dir="{_direction_of(notes)}">{headings}</p>{text}</td></tr>'
        )

    points = print_points(scale)
    document = PageDocument()
    font = QFont("DejaVu Sans")
    font.setPointSize(points)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(
        # Classes, not h1 and h2: Qt keeps its own heading sizes (twice the text) whatever
        # font-size the style sheet gives them. Lines count: little space around blocks.
        "p, li { margin-top: 0; margin-bottom: 2px; }"
        "ul { margin-top: 0; margin-bottom: 0; }"
        f"p.title {{ font-size: {round(points * 1.25)}pt; font-weight: bold; }}"
        f"p.heading {{ font-size: {round(points * 1.1)}pt; font-weight: bold; }}"
        "p.strong { font-weight: bold; }"
    )
    document.setIndentWidth(points * 1.5)  # room for a bullet; Qt's 40 px is a word's width
    document.setDocumentMargin(0)  # the page's margins are the printer's (see _print)
    document.setHtml(
        '<table width="100%" cellspacing="0" cellpadding="0" style="border-collapse: collapse">'
        f"{''.join(rows)}</table>"
    )
    document.setMetaInformation(
        QTextDocument.MetaInformation.DocumentTitle, columns[0].guide_text(summary.title)[0]
    )
    return document
