"""For the benchmarks (bench/): a process says itself when its first window is ready.

Start-up ends when the first paint is done and the event loop can take input; printing
`ready <monotonic ns> <peak RSS kB>` then means no sleep has to guess the moment. The app and
the bare-window baseline use this same code, so both are measured alike. QtCore only: the
baseline must not pay for the app's imports.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

VARIABLE = "ASIOINTIAPU_BENCH_READY"  # set: print the line; "exit": also quit after it


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.report)  # runs once the paint is done and input is handled
        return False

    def report(self) -> None:
        status = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
        peak = next((line.split()[1] for line in status if line.startswith("VmHWM:")), "0")
        print(f"ready {time.monotonic_ns()} {peak}", flush=True)
        if os.environ.get(VARIABLE) == "exit":
            QCoreApplication.quit()


def report_ready(window: QObject) -> None:
    """Only when ASIOINTIAPU_BENCH_READY is set: report the window's first paint."""
    if os.environ.get(VARIABLE):
        window.installEventFilter(_FirstPaint(window))
