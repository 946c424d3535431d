"""For the benchmarks (bench/): a process says itself when its first window is ready.

Start-up ends when the first paint is done and the event loop can take input; printing
`ready <monotonic ns> <peak RSS kB>` then means no sleep has to guess the moment. The app and
the bare-window baseline use this same code, so both are measured alike. QtCore only: the
baseline must not pay for the app's imports.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

VARIABLE = "ASIOINTIAPU_BENCH_READY"  # set: print the line; "exit": also quit after it
# Set: after the ready line, also `qt-classes <names>`, the Qt classes PySide has made so far.
CLASSES_VARIABLE = "ASIOINTIAPU_BENCH_QT_CLASSES"
QT_MODULES = ("PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets")


def qt_classes_made() -> list[str]:
    """The Qt classes (and the `Qt` namespace) that have their Python types by now.

    PySide makes a class's Python type, with all of its Python enums, on the class's first use,
    and only then puts it in its module's namespace (lazy loading); the names there are the
    ones made, not the ones that could be.
    """
    names = set()
    for module_name in QT_MODULES:
        module = sys.modules.get(module_name)
        if module is not None:
            names.update(
                name
                for name, value in vars(module).items()
                if name.startswith("Q") and isinstance(value, type)
            )
    return sorted(names)


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
        if os.environ.get(CLASSES_VARIABLE):
            print("qt-classes", *qt_classes_made(), flush=True)
        if os.environ.get(VARIABLE) == "exit":
            QCoreApplication.quit()


def report_ready(window: QObject) -> None:
    """Only when ASIOINTIAPU_BENCH_READY is set: report the window's first paint."""
    if os.environ.get(VARIABLE):
        window.installEventFilter(_FirstPaint(window))
