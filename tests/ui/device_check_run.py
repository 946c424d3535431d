"""The device check page in a window of its own, as a separate program: for the tests that use
a sound server of their own (Qt connects to the sound server once per process, so each such test
runs the page in a new process), and for screenshots.

    python tests/ui/device_check_run.py [--scale 300] [--theme dark] [--language fi]
                                        [--size 640x900] [--silence-ms 6000]
                                        [--plugins DIR] [--pattern-camera]

Every 100 ms it prints the page's state as one JSON line. Lines on stdin are commands: "stop",
"start", "hide", "show", "clipped" (prints what does not fit), "quit".
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the project's root on the path
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QCoreApplication, QSocketNotifier, QTimer
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QMainWindow, QScrollArea

from asiointiapu.i18n import I18n
from asiointiapu.resources import translations_dir
from asiointiapu.ui import themes
from asiointiapu.ui.application import application
from asiointiapu.ui.device_check import SILENCE_MS, DeviceCheckPage
from asiointiapu.ui.widgets import use_text_scale


def state(page: DeviceCheckPage) -> dict[str, object]:
    """What the page shows and holds, as a test asks for it."""
    meter = QAccessible.queryAccessibleInterface(page.meter)
    value = meter.valueInterface()
    audio = page.audio
    return {
        "camera": str(page.camera_state),
        "microphone": str(page.microphone_state),
        "meter": page.meter.value(),
        "meter_shown": page.meter.isVisible(),
        "meter_name": meter.text(QAccessible.Text.Name),
        "meter_value": value.currentValue() if value is not None else None,
        "meter_text": meter.text(QAccessible.Text.Value),
        "camera_trouble": (
            page.camera_trouble.label.accessibleName() if page.camera_trouble.isVisible() else ""
        ),
        "microphone_trouble": (
            page.microphone_trouble.label.accessibleName()
            if page.microphone_trouble.isVisible()
            else ""
        ),
        "microphone_status": (
            page.microphone_status.accessibleName() if page.microphone_status.isVisible() else ""
        ),
        "audio_open": audio is not None,
        "audio_state": audio.state().name if audio is not None else None,
        "camera_active": (page.camera is not None and page.camera.isActive())
        or (page.feed is not None and page.feed.streaming),
        "camera_stack": str(page.camera_stack),
        "frames": page.picture.frames,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--theme", default="light")
    parser.add_argument("--language", default="en")
    parser.add_argument("--size", default="640x900")
    parser.add_argument("--silence-ms", type=int, default=SILENCE_MS)
    parser.add_argument("--scroll-down", action="store_true", help="show the page's end")
    parser.add_argument("--plugins", help="Qt's plugins only from this folder (as in a bundle)")
    parser.add_argument(
        "--pattern-camera",
        action="store_true",
        help="GStreamer's test picture as the camera (tests/ui/pattern_camera.py)",
    )
    args = parser.parse_args()
    if args.plugins:
        QCoreApplication.setLibraryPaths([args.plugins])

    app = application(sys.argv[:1])
    theme = themes.THEMES[args.theme]
    app.setPalette(themes.palette(theme))
    app.setStyleSheet(themes.stylesheet(theme, args.scale))
    use_text_scale(args.scale)
    window = QMainWindow()
    window.setWindowTitle("Asiointiapu – camera and microphone")
    watch = {}
    if args.pattern_camera:
        from tests.ui.pattern_camera import PatternCamera

        watch = {"camera_watch": PatternCamera().watch}
    page = DeviceCheckPage(
        I18n(translations_dir(), args.language), silence_ms=args.silence_ms, **watch
    )
    page.closed.connect(app.quit)
    window.setCentralWidget(page)
    width, height = (int(n) for n in args.size.split("x"))
    window.resize(width, height)
    window.show()
    page.start()

    if args.scroll_down:  # for a screenshot of the microphone part at large text sizes
        area = page.findChild(QScrollArea)
        QTimer.singleShot(1500, lambda: area.verticalScrollBar().setValue(10**6))

    report = QTimer(interval=100)
    report.timeout.connect(lambda: print(json.dumps(state(page)), flush=True))
    report.start()

    def command() -> None:
        line = sys.stdin.readline()
        word = line.strip()
        if word == "stop":
            page.stop()
            print(json.dumps({"stopped": True, **state(page)}), flush=True)
        elif word == "start":
            page.start()
        elif word == "hide":  # as when another page is shown, or the window is minimised
            window.hide()
        elif word == "show":
            window.show()
        elif word == "clipped":  # what does not fit (tests/ui/test_text_scaling.py)
            from tests.ui.test_text_scaling import problems_in

            print(json.dumps({"clipped": problems_in(window), **state(page)}), flush=True)
        elif word == "quit" or not line:  # the test ended, or closed our stdin
            app.quit()

    # Commands only from a test's pipe: under a screenshot tool stdin is /dev/null.
    if stat.S_ISFIFO(os.fstat(sys.stdin.fileno()).st_mode):
        commands = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        commands.activated.connect(command)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
