"""The real program on a real (virtual) X screen: started as a person starts it, driven with
the keyboard, photographed at 100% and 300% text, and closed or killed.

Screenshots are kept in test-artifacts/ for people to look at.
"""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("ASIOINTIAPU_ARTIFACTS", ROOT / "test-artifacts"))
TOOLS = ("Xvfb", "xdotool")

pytestmark = pytest.mark.screen

if not all(shutil.which(t) for t in TOOLS):
    if os.environ.get("CI"):
        raise RuntimeError("CI must run the real-screen tests: Xvfb and xdotool are missing")
    pytest.skip(
        "Xvfb or xdotool missing (sh packaging/system-deps.sh --test)", allow_module_level=True
    )

GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)
"""


_started: list["App"] = []


@pytest.fixture(autouse=True)
def _end_programs():
    """A failed test must not leave its program running."""
    yield
    while _started:
        process = _started.pop().process
        if process.poll() is None:
            process.kill()
            process.wait(10)


class App:
    def __init__(self, display, home, *args):
        self.env = {
            **os.environ,
            "DISPLAY": display,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "ASIOINTIAPU_SITE_CONFIG": os.devnull,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "asiointiapu", *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        _started.append(self)
        self.window = self._wait_for_window()

    def xdotool(self, *args):
        return subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=30
        ).stdout.strip()

    def _wait_for_window(self):
        # The guide window ("Asiointiapu - Step ...") or a message box ("Asiointiapu").
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.process.stdout.read()
            found = self.xdotool("search", "--onlyvisible", "--name", "^Asiointiapu")
            if found:
                return found.splitlines()[0]
            time.sleep(0.2)
        raise AssertionError("the window did not appear within 30 s")

    def title(self):
        return self.xdotool("getwindowname", self.window)

    def key(self, *keys):
        # No window manager on Xvfb: give the window the keyboard focus directly.
        self.xdotool("windowfocus", "--sync", self.window)
        for k in keys:
            self.xdotool("key", "--clearmodifiers", k)

    def wait_title(self, text):
        deadline = time.monotonic() + 10
        while text not in self.title():
            assert time.monotonic() < deadline, f"title is {self.title()!r}, expected {text!r}"
            time.sleep(0.1)

    def screenshot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        time.sleep(0.5)  # let the last frame be painted
        subprocess.run(
            [sys.executable, "-c", GRAB, str(path)], env=self.env, check=True, timeout=60
        )
        return QImage(str(path))


def colours(image: QImage) -> int:
    step = 7
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def start_with(tmp_path, display, scale, *args):
    settings = tmp_path / "config" / "asiointiapu" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"text_scale": scale, "language": "fi"}))
    return App(display, tmp_path, *args), settings


@pytest.mark.parametrize("scale", [100, 300])
def test_real_window_walks_with_the_keyboard_and_is_photographed(tmp_path, display, scale):
    app, settings = start_with(tmp_path, display, scale)
    assert "Vaihe 1/10" in app.title()
    first = app.screenshot(f"window-{scale}-step1.png")
    assert first.width() == 1280 and colours(first) > 20, "the screen looks blank"

    app.key("alt+Right")
    app.wait_title("Vaihe 2/10")
    second = app.screenshot(f"window-{scale}.png")
    assert second != first, "the screen did not change after Alt+→"

    app.key("F1")
    app.screenshot(f"window-{scale}-help.png")
    app.key("Escape", "alt+Left")
    app.wait_title("Vaihe 1/10")

    app.process.send_signal(signal.SIGTERM)
    assert app.process.wait(20) == 0, app.process.stdout.read()
    saved = json.loads(settings.read_text())
    assert saved["resume"]["registration"]["step"] == "before-you-start"
    assert saved["text_scale"] == scale


@pytest.mark.parametrize("scale", [100, 300])
def test_keyboard_alone_from_the_first_step_to_a_sent_request(tmp_path, display, scale):
    """As a person without a mouse: F1, Tab to "Ask for a call back", answer every question
    with the keyboard, send; the reference receiver on loopback has the request."""
    app, _settings = start_with(tmp_path, display, scale, "--with-local-receiver")

    def answer(*keys, text=None):
        # Each question takes the focus once its page is on screen; a person sees it first.
        time.sleep(0.6)
        if text is not None:
            app.xdotool("type", "--delay", "20", text)
        app.key(*keys)

    # Help (F1) puts the focus on "Back to the guide"; Tab goes past the top row (All steps,
    # Settings, Language) to "Ask for a call back".
    answer("F1", "Tab", "Tab", "Tab", "Tab", "Return")
    answer(text="Maija Virtanen")
    app.screenshot(f"request-{scale}-name.png")
    answer("Return")
    answer("Return", text="040 123 4567")
    answer("space", "Return")  # the first time offered, ticked
    answer("Return")  # the language as it is
    answer("Tab", "Tab", "Return")  # no words of their own: past Back to Continue
    app.screenshot(f"request-{scale}-check.png")
    app.key("Return")  # Send
    database = tmp_path / "data" / "asiointiapu" / "receiver" / "receiver.sqlite3"
    deadline = time.monotonic() + 20
    rows = []
    while not rows and time.monotonic() < deadline:
        time.sleep(0.3)
        if database.exists():
            with closing(sqlite3.connect(database)) as db:
                rows = db.execute("SELECT name, phone, kind FROM requests").fetchall()
    assert rows == [("Maija Virtanen", "+358401234567", "callback")]
    sent = app.screenshot(f"request-{scale}-sent.png")
    assert colours(sent) > 20
    app.process.send_signal(signal.SIGTERM)
    assert app.process.wait(20) == 0, app.process.stdout.read()


def test_a_locked_kiosk_fills_the_screen_and_alt_f4_does_not_close_it(tmp_path, display):
    from asiointiapu.kiosk.staff_pin import hash_pin

    site = tmp_path / "site.toml"
    site.write_text(f'mode = "kiosk"\nstaff_pin_hash = "{hash_pin("482913")}"\n')
    app, _settings = start_with(tmp_path, display, 100, "--site-config", str(site))
    time.sleep(1)
    geometry = app.xdotool("getwindowgeometry", app.window)
    assert "1280x1024" in geometry, geometry  # full screen, nothing else to reach
    app.key("alt+F4")
    app.key("Escape")
    time.sleep(1)
    assert app.process.poll() is None, "Alt+F4 closed a locked kiosk"
    app.screenshot("kiosk-locked.png")
    app.key("ctrl+shift+F12")  # the staff PIN dialog
    app.screenshot("kiosk-staff-pin.png")
    app.process.send_signal(signal.SIGTERM)  # the system shutting down still ends it
    assert app.process.wait(20) == 0, app.process.stdout.read()


def test_a_killed_program_loses_nothing_it_had_time_to_save(tmp_path, display):
    app, settings = start_with(tmp_path, display, 100)
    app.key("alt+Right", "alt+Right")
    app.wait_title("Vaihe 3/10")
    time.sleep(1.5)  # the save happens shortly after the last step change
    app.process.kill()
    app.process.wait(10)
    saved = json.loads(settings.read_text())
    assert saved["resume"]["registration"]["step"] == "open-e-service"
    again = App(display, tmp_path)
    assert "Vaihe 3/10" in again.title()
    again.process.terminate()
    again.process.wait(20)


def test_a_broken_guide_shows_a_plain_message_not_a_traceback(tmp_path, display):
    broken = tmp_path / "guide.toml"
    broken.write_text(
        'format = 1\nid = "x"\ntitle = "X"\nservice_url = "https://example.fi/"\n'
        '[[steps]]\nid = "one"\ntitle = "One"\nhelp_topic = "t"\n'
        '[[steps.blocks]]\ntype = "text"\ntext = "{nope}"\n'
    )
    app = App(display, tmp_path, "--guide", str(broken), "--language", "fi")
    assert app.title() == "Asiointiapu"  # the message, not the guide window
    shot = app.screenshot("broken-guide.png")
    assert colours(shot) > 5
    app.key("Return")
    assert app.process.wait(20) == 2
    output = app.process.stdout.read()
    assert "Traceback" not in output
    assert "step 'one', field 'blocks[1].text'" in output


def test_corrupt_settings_are_moved_aside_and_the_program_starts(tmp_path, display):
    settings = tmp_path / "config" / "asiointiapu" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"text_scale": 300, "theme": ')
    app = App(display, tmp_path, "--language", "en")
    assert "Step 1 of 10" in app.title()
    app.screenshot("corrupt-settings.png")
    kept = list(settings.parent.glob("settings.broken-*.json"))
    assert len(kept) == 1 and kept[0].read_text() == '{"text_scale": 300, "theme": '
    app.process.terminate()
    assert app.process.wait(20) == 0


@pytest.mark.parametrize("theme", ["dark", "high-contrast"])
def test_settings_page_in_each_theme(tmp_path, display, theme):
    settings = tmp_path / "config" / "asiointiapu" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"text_scale": 200, "theme": theme, "language": "fi"}))
    app = App(display, tmp_path)
    app.key("ctrl+comma")
    shot = app.screenshot(f"settings-200-{theme}.png")
    background = shot.pixelColor(shot.width() - 5, shot.height() // 2).name()
    assert background == {"dark": "#121212", "high-contrast": "#000000"}[theme]
    app.process.terminate()
    app.process.wait(20)
