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
import json, linecache, sys
from asiointiapu.guides.loader import load_builtin
from asiointiapu.i18n import I18n
from asiointiapu.resources import translations_dir
from asiointiapu.settings import SiteSettings, UserSettings
from asiointiapu.ui.application import application  # the first import of Qt, as in app.py
from asiointiapu.ui.main_window import MainWindow
from asiointiapu.ui.ready_marker import qt_classes_made
from PySide6.QtCore import QTimer

app = application([])
w = MainWindow(load_builtin("registration"), I18n(translations_dir(), "fi"), UserSettings(),
               None, SiteSettings(), lambda url: True)
w.show()
WATCHED = ("asiointiapu", "phonenumbers", "PySide6.QtMultimedia", "PySide6.QtPrintSupport",
           "requests", "html")
def report(when):
    loaded = sorted(m for m in sys.modules if m.startswith(WATCHED))
    # Qt classes PySide has made so far (it makes them, with their enums, on first use).
    made = qt_classes_made()
    print(json.dumps([when, loaded, sorted(linecache.cache), made]), flush=True)
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
    "html",  # its table of named characters: 0.7 MB
}


def start(tmp_path, script=SCRIPT):
    """Run the window's start in a new process: what it reports when painted, and later."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    painted, later = (json.loads(line) for line in result.stdout.splitlines())
    return painted, later


def test_the_first_step_is_painted_before_the_parts_used_later_are_loaded(tmp_path):
    (_, painted, _, _), (_, later, _, _) = start(tmp_path)
    assert LATER_ONLY & set(painted) == set()
    # A moment later the practice pages and the summary have been read (their buttons).
    assert {"asiointiapu.guides.practice", "asiointiapu.guides.appointment"} <= set(later)
    assert "phonenumbers" not in later  # only when a phone number is checked


def test_pyside_does_not_read_the_source_of_each_module_imported_after_it(tmp_path):
    """PySide reads every later module's source to see whether it uses `__feature__`
    (asiointiapu/ui/source_scan.py): 40 files and 2 MB at start, spared."""
    (_, painted, cached, _), _ = start(tmp_path)
    assert "asiointiapu.ui.main_window" in painted
    # What remains is read while PySide itself is imported, by any program (its own two
    # __init__ files, and enum).
    own = [f for f in cached if not f.endswith(("PySide6/__init__.py", "shiboken6/__init__.py"))]
    assert [Path(f).name for f in own] == ["enum.py"]


def test_without_the_known_defaults_pyside_reads_the_sources(tmp_path):
    """The check above can fail: the same start with PySide left to look reads the files."""
    script = SCRIPT.replace(
        "import json, linecache, sys\n",
        # As with a PySide that has no table of defaults to fill in.
        "import json, linecache, sys\n"
        "import PySide6.QtCore\n"
        "feature = sys.modules.pop('__feature__')\n"
        "import asiointiapu.ui\n"
        "sys.modules['__feature__'] = feature\n",
        1,
    )
    assert script != SCRIPT
    (_, _, cached, _), _ = start(tmp_path, script)
    assert any(name.endswith("main_window.py") for name in cached)


def test_qt_classes_used_only_later_are_not_made_at_start_up(tmp_path):
    """PySide makes a Qt class, with all its Python enums, on its first use: each costs start-up
    time. Those the first step does not need wait until they are used."""
    (_, _, _, made), _ = start(tmp_path)
    assert "QPushButton" in made and "QLabel" in made  # the check sees what is made
    later = {"QMessageBox", "QDialog", "QUrl", "QDesktopServices", "QThread", "QIcon"}
    later |= {"QScrollBar", "QAbstractSlider"}
    assert later & set(made) == set()
