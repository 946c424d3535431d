"""The real program as a screen reader meets it: over AT-SPI, on a private X screen with its own
D-Bus session. The probe (screen_reader_probe.py) runs with Debian's python3, which has pyatspi;
the offscreen platform is invisible to AT-SPI, so this needs Xvfb."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import private_screen

PROBE = Path(__file__).with_name("screen_reader_probe.py")
SYSTEM_PYTHON = "/usr/bin/python3"

pytestmark = pytest.mark.screen


def _pyatspi() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    found = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    return found.returncode == 0


if not (shutil.which("Xvfb") and shutil.which("dbus-run-session") and _pyatspi()):
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the screen-reader test: Xvfb, dbus or pyatspi missing")
    pytest.skip(
        "Xvfb, dbus-run-session or python3-pyatspi missing (sh packaging/system-deps.sh --test)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    home = tmp_path_factory.mktemp("reader")
    with private_screen() as display:
        done = subprocess.run(
            ["dbus-run-session", "--", SYSTEM_PYTHON, str(PROBE), sys.executable, str(home)],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            text=True,
            timeout=240,
        )
    log = (home / "program.log").read_text() if (home / "program.log").exists() else ""
    assert done.returncode == 0, done.stderr[-3000:] + log[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_step_is_reached_with_the_accessibility_action(report):
    titles = [step["title"] for step in report["steps"]]
    assert [t.split(":")[0] for t in titles] == [f"Vaihe {n}/10" for n in range(1, 11)]


def test_every_focusable_control_has_a_name(report):
    pages = [*report["steps"], report["help"], report["form"]["first_page"]]
    assert all(page["focusable"] > 3 for page in pages)
    assert {page.get("title", ""): page["unnamed"] for page in pages if page["unnamed"]} == {}


def test_headings_are_exposed_as_headings(report):
    for step in report["steps"]:
        assert step["title"], "the step title is not a heading"
        assert "Jäitkö jumiin?" in step["headings"]
    assert report["help"]["headings"]


def test_headings_tell_their_level(report):
    """Orca reads the "level" object attribute: a step's title is 1, the sections in it 2."""
    sections = set()
    for step in report["steps"]:
        levels = dict(map(tuple, step["heading_levels"]))
        assert levels[step["title"]] == "1"
        assert levels["Jäitkö jumiin?"] == "2"
        sections |= {name for name, level in levels.items() if level == "2"}
        assert set(levels.values()) <= {"1", "2"}, step["heading_levels"]
    assert {"Tärkeää", "Mitä tarvitset"} <= sections
    assert {level for _, level in report["help"]["heading_levels"]} == {"1", "2"}


def test_the_program_tells_its_language(report):
    """WCAG 3.1.1: a screen reader asks the application's locale (Application.GetLocale, Qt's
    default QLocale) and each object's (Accessible's Locale). The program runs in Finnish."""
    locale = report["locale"]
    assert locale["application"].startswith("fi"), locale["application"]
    [[title, title_locale]] = locale["title"]
    assert title.startswith("Vaihe 1/10")
    assert title_locale.startswith("fi"), title_locale


def test_the_step_text_tells_its_language(report):
    """Qt gives a label's locale as the widget's, fixed when it is made unless the window is
    told (MainWindow._use_locale)."""
    labels = report["locale"]["labels"]
    assert len(labels) > 3
    assert [label for label in labels if not label[1].startswith("fi")] == []


def test_each_new_step_is_announced(report):
    heard = report["announcements"]
    for step in report["steps"][1:]:
        assert step["title"] in heard


def test_a_form_error_is_announced(report):
    assert report["form"]["error_announced"] == ["Kirjoita nimesi."]


def test_the_program_ends_cleanly(report):
    assert report["exit"] == 0


def test_practice_is_announced_as_practice_and_every_control_is_named(report):
    practice = report["practice"]
    assert any(text.startswith("Harjoitus – mitään ei lähetetä.") for text in practice["announced"])
    assert practice["page"]["unnamed"] == []
    assert "Harjoitus – mitään ei lähetetä" in practice["page"]["headings"]
    assert "Lopeta harjoitus" in practice["page"]["buttons"]
    assert any(label.startswith("Esimerkiksi:") for label in practice["labels"])


def test_the_reasons_of_an_unclear_step_have_names(report):
    reasons = report["practice"]["reasons"]
    assert reasons["unnamed"] == []
    assert len(reasons["checkboxes"]) == 5
    assert "Lähetä vastaus" in reasons["buttons"]
