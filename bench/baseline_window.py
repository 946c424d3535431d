"""The baseline: a bare PySide6 window showing one label, with the same ready line as the app.

The ready line's module comes from the app's `asiointiapu.ui` package, which first tells PySide
not to read the source of each module imported after it (asiointiapu/ui/source_scan.py): a bare
window imports nothing after PySide, so the marker's own imports must not cost it that either.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel  # noqa: TID251 (the baseline is a bare widget)

from asiointiapu.ui.ready_marker import report_ready


def main() -> int:
    app = QApplication(sys.argv)
    label = QLabel("Hello")
    if "--qt-namespace" in sys.argv:
        # Any real window uses Qt's namespace (alignment, text format, focus policy); its first
        # use creates all of its ~90 Python enums. Shown separately as the floor of any app.
        from PySide6.QtCore import Qt

        label.setTextFormat(Qt.TextFormat.PlainText)
    label.resize(640, 900)
    report_ready(label)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
