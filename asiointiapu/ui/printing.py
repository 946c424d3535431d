"""A checklist on paper or as a PDF, in large print.

Qt's print support is imported here only, when a person first prints: it is not needed to start.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtWidgets import QWidget

PRINT_MIN_PT = 16  # large print, at 100% text; grows with the person's text size


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
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output))
    return printer


def save_pdf(document: QTextDocument, path: Path) -> bool:
    """Write the document as a PDF; False when the file could not be written."""
    path.unlink(missing_ok=True)
    document.print_(_printer(path))
    return path.is_file() and path.stat().st_size > 0


def print_with_dialog(document: QTextDocument, parent: QWidget) -> bool:
    """The system's print dialog (which also offers printing to a PDF file)."""
    from PySide6.QtPrintSupport import QPrintDialog

    printer = _printer()
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document.print_(printer)
    return True
