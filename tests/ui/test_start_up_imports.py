"""What the first screen loads: the parts a person may never use are imported when first needed,
not before the first step is painted (docs/performance.md: start-up is measured against a bare
window)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import json, sys
from PySide6.QtCore import QTimer
from asiointiapu.guides.loader import load_builtin
from asiointiapu.i18n import I18n
from asiointiapu.resources import translations_dir
from asiointiapu.settings import SiteSettings, UserSettings
from asiointiapu.ui.application import application
from asiointiapu.ui.main_window import MainWindow

app = application([])
w = MainWindow(load_builtin("registration"), I18n(translations_dir(), "fi"), UserSettings(),
               None, SiteSettings(), lambda url: True)
w.show()
WATCHED = ("asiointiapu", "phonenumbers", "PySide6.QtMultimedia", "PySide6.QtPrintSupport",
           "requests")
def report(when):
    loaded = sorted(m for m in sys.modules if m.startswith(WATCHED))
    print(json.dumps([when, loaded]), flush=True)
QTimer.singleShot(0, lambda: report("painted"))
QTimer.singleShot(1500, lambda: (report("later"), app.quit()))
app.exec()
"""

LATER_ONLY = {
    "asiointiapu.guides.practice",
    "asiointiapu.guides.appointment",
    "asiointiapu.ui.practice_page",
    "asiointiapu.ui.appointment_page",
    "asiointiapu.ui.device_check",
    "asiointiapu.ui.request_form",
    "asiointiapu.ui.read_aloud",
    "asiointiapu.contact.outbox",
    "asiointiapu.step_feedback",
    "phonenumbers",
    "PySide6.QtMultimedia",
    "PySide6.QtPrintSupport",
    "requests",
}


def test_the_first_step_is_painted_before_the_parts_used_later_are_loaded(tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    (_, painted), (_, later) = (json.loads(line) for line in result.stdout.splitlines())
    assert LATER_ONLY & set(painted) == set()
    # A moment later the practice pages and the summary have been read (their buttons).
    assert {"asiointiapu.guides.practice", "asiointiapu.guides.appointment"} <= set(later)
    assert "phonenumbers" not in later  # only when a phone number is checked
