"""The baseline: a bare PySide6 window showing one label, with the same ready line as the app.

The ready line's module comes from the app's `asiointiapu.ui` package, which first tells PySide
not to read the source of each module imported after it (asiointiapu/ui/source_scan.py): a bare
window imports nothing after PySide, so the marker's own imports must not cost it that either.

Two variants show what of the app's start-up is Qt's own price, paid by any window like it:
`--qt-namespace` uses Qt's `Qt` namespace, and `--qt-classes A,B,…` makes the Python types of
the given Qt classes (those the app's first step has made, bench/startup.py) and nothing more.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel  # noqa: TID251 (the baseline is a bare widget)

from asiointiapu.ui.ready_marker import QT_MODULES, report_ready

CLASSES_OPTION = "--qt-classes"


def make_qt_classes(names: list[str]) -> None:
    """PySide makes a class's Python type, with all its Python enums, on the first use."""
    modules = [sys.modules[name] for name in QT_MODULES]  # QtWidgets has imported them all
    for name in names:
        for module in modules:
            if getattr(module, name, None) is not None:
                break
        else:
            raise SystemExit(f"no Qt class {name}")


def main() -> int:
    app = QApplication(sys.argv)
    label = QLabel("Hello")
    if "--qt-namespace" in sys.argv:
        # Any real window uses Qt's namespace (alignment, text format, focus policy); its first
        # use creates all of its ~90 Python enums. Shown separately as the floor of any app.
        from PySide6.QtCore import Qt

        label.setTextFormat(Qt.TextFormat.PlainText)
    if CLASSES_OPTION in sys.argv:
        make_qt_classes(sys.argv[sys.argv.index(CLASSES_OPTION) + 1].split(","))
    label.resize(640, 900)
    report_ready(label)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
