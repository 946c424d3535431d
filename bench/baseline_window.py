"""The baseline: a bare PySide6 window showing one label, with the same ready line as the app."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel  # noqa: TID251 (the baseline is a bare widget)


class FirstPaint(QObject):
    """Prints `ready <monotonic ns> <peak RSS kB>` once the first paint is done (as the app)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.report)
        return False

    def report(self) -> None:
        status = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
        peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), "0")
        print(f"ready {time.monotonic_ns()} {peak}", flush=True)
        if os.environ.get("ASIOINTIAPU_BENCH_READY") == "exit":
            QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv)
    label = QLabel("Hello")
    label.resize(640, 900)
    label.installEventFilter(FirstPaint(label))
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
