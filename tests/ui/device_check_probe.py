"""The device check page as a screen reader meets it, over AT-SPI; prints what it found as JSON.

Run by test_device_check.py with Debian's python3 (pyatspi is not on PyPI), inside its own
D-Bus session on a private X screen, with PULSE_SERVER set to the test's sound server:
    dbus-run-session -- /usr/bin/python3 device_check_probe.py APP_PYTHON LOG
The page runs in device_check_run.py. The probe listens for announcements from the start, reads
the names, roles and values of what shows, then presses "Try the camera again" through its
accessibility action (as a screen reader's "activate" does) and catches what is announced.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyatspi
from atspi_common import announcements, find_app, on_announcement, pump, showing

RUN = Path(__file__).with_name("device_check_run.py")


def nodes(app) -> list[dict]:
    out = []
    for node in showing(app):
        entry = {"role": node.getRoleName(), "name": node.name}
        if "Value" in node.get_interfaces():
            value = node.queryValue()
            entry |= {"value": value.currentValue, "max": value.maximumValue}
        out.append(entry)
    return out


def press(app, name: str) -> None:
    for node in showing(app):
        if node.getRoleName() == "push button" and node.name == name:
            action = node.queryAction()
            action.doAction(0)
            return
    raise SystemExit(f"no button {name!r} showing")


def wait_for(text: str, since: int, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if any(text in heard for heard in announcements[since:]):
            return True
        pump(0.1)
    return False


def main() -> int:
    app_python, log_path = sys.argv[1], Path(sys.argv[2])
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
    # Listening before the page starts: it tells what it finds as soon as it has looked.
    pyatspi.Registry.registerEventListener(on_announcement, "object:announcement")
    with log_path.open("w") as log:
        program = subprocess.Popen(
            [app_python, str(RUN)],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        report: dict = {}
        try:
            app = find_app("the page")
            wait_for("The microphone hears you.", 0, 20)
            pump(0.5)
            report["at_start"] = list(announcements)
            report["showing"] = nodes(app)
            heard = len(announcements)
            press(app, "Try the camera again")
            wait_for("camera", heard)
            report["after_retry"] = announcements[heard:]
        finally:
            program.terminate()
            try:
                report["exit"] = program.wait(20)
            except subprocess.TimeoutExpired:
                program.kill()
                report["exit"] = "killed"
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
