"""The baseline: a bare PySide6 window showing one label, with the same ready line as the app.

The ready line's module comes from the app's `asiointiapu.ui` package, which first tells PySide
not to read the source of each module imported after it (asiointiapu/ui/source_scan.py): a bare
window imports nothing after PySide, so the marker's own imports must not cost it that either.

Variants show what of the app's start-up is Qt's own price, paid by any window like it:
`--qt-namespace` uses Qt's `Qt` namespace; `--qt-classes A,B,…` makes the Python types of the
given Qt classes (those the app's first step has made, bench/startup.py); `--plain-step QSS`
shows, instead of the label, a step like the app's first one built from Qt's own widgets with
the given style sheet file, and no code of the app's.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QWidget  # noqa: TID251 (a bare widget)

from asiointiapu.ui.ready_marker import QT_MODULES, report_ready

CLASSES_OPTION = "--qt-classes"
STEP_OPTION = "--plain-step"
PARAGRAPH = (
    "This guide helps you with registering as a job seeker. You register yourself in the "
    "official e-service, Job Market Finland. This program only guides you."
)


def make_qt_classes(names: list[str]) -> None:
    """PySide makes a class's Python type, with all its Python enums, on the first use."""
    modules = [sys.modules[name] for name in QT_MODULES]  # QtWidgets has imported them all
    for name in names:
        for module in modules:
            if getattr(module, name, None) is not None:
                break
        else:
            raise SystemExit(f"no Qt class {name}")


def plain_step() -> QWidget:
    """About the app's first step in Qt's own widgets: buttons above and below, and between
    them a scrolling page of wrapped texts, tick boxes, framed blocks and rows of buttons."""
    # Here, not above: importing a class makes its Python type, which the bare label must not pay.
    from PySide6.QtWidgets import (  # noqa: TID251
        QCheckBox,
        QFrame,
        QHBoxLayout,
        QLayout,
        QProgressBar,
        QPushButton,
        QScrollArea,
        QVBoxLayout,
    )

    def buttons(layout: QLayout, *texts: str) -> None:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        for text in texts:
            box.addWidget(QPushButton(text))
        box.addStretch(1)
        layout.addWidget(row)

    def text(layout: QLayout, words: str, role: str = "") -> None:
        label = QLabel(words)
        label.setWordWrap(True)
        label.setProperty("role", role)
        layout.addWidget(label)

    def framed(layout: QLayout, heading: str) -> QVBoxLayout:
        frame = QFrame()
        frame.setProperty("role", "surface")
        box = QVBoxLayout(frame)
        text(box, heading, "subheading")
        text(box, PARAGRAPH)
        layout.addWidget(frame)
        return box

    window = QWidget()
    outer = QVBoxLayout(window)
    buttons(outer, "All steps", "Settings", "English")
    page = QWidget()
    box = QVBoxLayout(page)
    text(box, "Step 1 of 10", "muted")
    progress = QProgressBar()
    progress.setRange(0, 10)
    progress.setValue(1)
    progress.setTextVisible(False)
    box.addWidget(progress)
    text(box, "Before you start", "heading")
    buttons(box, "Read aloud")
    text(box, PARAGRAPH)
    text(box, "What you need", "subheading")
    text(box, "Tick what you have ready.", "muted")
    for length in (120, 50, 80):
        item = QWidget()
        row = QHBoxLayout(item)
        row.addWidget(QCheckBox())
        text(row, PARAGRAPH[:length])
        box.addWidget(item)
    buttons(box, "Print the list", "Save the list as PDF")
    text(box, PARAGRAPH)
    text(box, PARAGRAPH[:60])
    framed(box, "Important")
    text(box, "Words on this page", "subheading")
    text(box, PARAGRAPH)
    buttons(box, "All words explained")
    text(box, "Next: Is this for me?", "muted")
    buttons(framed(box, "Stuck here?"), "Get help with this step")
    text(box, "You can stop here. Next time the program opens at this step.", "muted")
    text(box, "Keys: Alt+→ next step, Alt+← previous step, F1 help", "muted")
    box.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(page)
    outer.addWidget(scroll, 1)
    buttons(outer, "Next →", "Open the e-service ↗", "I need help")
    return window


def option(name: str) -> str | None:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else None


def main() -> int:
    app = QApplication(sys.argv)
    if classes := option(CLASSES_OPTION):
        make_qt_classes(classes.split(","))
    if style_sheet := option(STEP_OPTION):
        app.setStyle("Fusion")
        app.setStyleSheet(Path(style_sheet).read_text(encoding="utf-8"))
        window = plain_step()
    else:
        window = QLabel("Hello")
        if "--qt-namespace" in sys.argv:
            # Any real window uses Qt's namespace (alignment, text format, focus policy); its
            # first use creates all of its ~90 Python enums: the floor of any app.
            from PySide6.QtCore import Qt

            window.setTextFormat(Qt.TextFormat.PlainText)
    window.resize(640, 900)
    report_ready(window)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
