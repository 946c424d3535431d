"""Service-point and library machines: the idle warning, the wipe that leaves nothing of a
person behind, the program's own browser, and the staff PIN. Timings are shortened; every
other part is real (a browser stand-in process, the reference receiver, SQLite, files)."""

import sys
import tempfile
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from asiointiapu import local_receiver
from asiointiapu.help_requests import HelpRequests
from asiointiapu.kiosk.staff_pin import hash_pin
from asiointiapu.settings import Mode, SiteSettings
from tests.ui.test_request_form import MONDAY, free_port

MARKER = "Zqxjvwqk"  # a name no file on the machine has by chance
PIN = "482913"

STAND_IN_BROWSER = """
import sys, time, pathlib
profile, url = pathlib.Path(sys.argv[1]), sys.argv[2]
(profile / "Cookies").write_text("session for " + sys.argv[3])  # a bank-code login, say
pathlib.Path(sys.argv[4]).write_text(str(profile))
time.sleep(600)
"""


@pytest.fixture
def machine(tmp_path, monkeypatch):
    """A shared machine's home, data, config and temp folders, all under one root."""
    root = tmp_path / "machine"
    for name in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "TMPDIR"):
        folder = root / name.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(root / "tmpdir"))
    return root


def site_for(tmp_path, **changes):
    script = tmp_path / "browser.py"
    script.write_text(STAND_IN_BROWSER)
    values = {
        "mode": Mode.LIBRARY,
        "browser_command": (
            sys.executable,
            str(script),
            "{profile}",
            "{url}",
            MARKER,
            str(tmp_path / "browser-profile.txt"),
        ),
        **changes,
    }
    return SiteSettings(**values)


def files_with(root: Path, text: str) -> list[str]:
    found = []
    needles = (text.encode(), text.encode("utf-16-le"))
    for path in root.rglob("*"):
        if path.is_file() and any(n in path.read_bytes() for n in needles):
            found.append(str(path.relative_to(root)))
    return sorted(found)


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_idle_asks_first_and_continue_keeps_everything(make_window, qtbot, tmp_path):
    site = site_for(tmp_path, idle_seconds=1.0, warning_seconds=3)
    w = make_window(language="fi", site=site, store=False)
    w.go_next()
    w.progress.set_checked("is-this-for-me/1/1", True)
    qtbot.waitUntil(lambda: w.idle_warning is not None and w.idle_warning.isVisible(), timeout=3000)
    warning = w.idle_warning
    assert warning.heading.source == "Oletko vielä siellä?"
    assert "3 sekunnin" in warning.countdown.source
    # The warning takes the focus (once its window is active): Enter or Space answers it.
    qtbot.waitUntil(lambda: QApplication.focusWidget() is warning.continue_button)
    qtbot.keyClick(warning.continue_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not warning.isVisible())
    # Past the end of that countdown (but before the next warning could end): nothing cleared.
    qtbot.wait(3200)
    assert w.progress.index == 1 and "is-this-for-me/1/1" in w.progress.checked


def test_activity_keeps_the_warning_away(make_window, qtbot, tmp_path):
    w = make_window(site=site_for(tmp_path, idle_seconds=0.6, warning_seconds=3), store=False)
    for _ in range(8):  # a person reading and pressing keys for 1.6 s
        qtbot.keyClick(w.next_button, Qt.Key.Key_Shift)
        qtbot.wait(200)
    assert w.idle_warning is None or not w.idle_warning.isVisible()


def test_silence_clears_everything_and_starts_over(make_window, qtbot, tmp_path):
    site = site_for(tmp_path, idle_seconds=0.3, warning_seconds=1, default_language="sv")
    w = make_window(language="fi", site=site, store=False, scale=100)
    w.next_language = "sv"
    w.jump("is-this-for-me")
    w.progress.set_checked("is-this-for-me/1/1", True)
    w.settings.text_scale = 200
    w.settings_changed()
    qtbot.waitUntil(lambda: w.progress.index == 0 and not w.progress.checked, timeout=5000)
    assert w.i18n.language == "sv" and w.settings.text_scale == 100
    assert w.pages.currentWidget() is w.guide_page
    assert not w.idle_warning.isVisible()


def test_the_wipe_leaves_nothing_but_the_waiting_request(make_window, qtbot, tmp_path, machine):
    port = free_port()
    receiver_dir = tmp_path / "receiver"  # the staff's server: not on the shared machine
    receiver_dir.mkdir()
    token = receiver_dir / "token"
    token.write_text("t" * 40 + "\n")
    token.chmod(0o600)
    url = f"http://127.0.0.1:{port}"
    outbox = machine / "xdg_data_home" / "asiointiapu" / "outbox.sqlite3"
    w = make_window(language="en", site=site_for(tmp_path, receiver_url=url), store=False)
    w.help_requests = HelpRequests(url, token, outbox_path=outbox)

    # The person opens the e-service (and logs in there), copies something, asks for a call.
    w.open_service()
    profile_note = tmp_path / "browser-profile.txt"
    qtbot.waitUntil(profile_note.exists, timeout=10_000)
    profile = Path(profile_note.read_text())
    browser_pid = w.browser._processes[-1].pid if hasattr(w.browser, "_processes") else None
    QGuiApplication.clipboard().setText(f"{MARKER} copied")
    w.show_help()
    w.show_request("callback")
    form = w.request_page
    form.today = lambda: MONDAY
    form.build(at="name")
    form.name_edit.setText(f"Maija {MARKER}")
    form.advance()
    form.phone_edit.setText("040 123 4567")
    form.advance()
    next(iter(form.time_boxes.values())).box.setChecked(True)
    form.advance()
    form.advance()  # the language as it is
    form.message_edit.setPlainText(f"About {MARKER}")
    form.advance()
    form.advance()  # send: the receiver is not up yet, so it waits in the outbox
    qtbot.waitUntil(lambda: form.current()[0] == "result", timeout=20_000)
    assert w.help_requests.pending_count() == 1

    w.wipe()
    assert w.request_page is None and w.progress.index == 0
    assert MARKER not in (QGuiApplication.clipboard().text() or "")
    qtbot.waitUntil(lambda: not profile.exists(), timeout=10_000)  # the login is gone
    if browser_pid is not None:
        assert not alive(browser_pid)
    # Only the outbox holds the person's words while the request waits to be sent.
    assert {Path(f).name.split("-")[0] for f in files_with(machine, MARKER)} <= {
        "outbox.sqlite3"
    }, files_with(machine, MARKER)

    local = local_receiver.start(receiver_dir, port=port)
    try:
        assert w.help_requests.send_now() == 1
    finally:
        import requests

        requests.get(f"{local.url}/v1/health", timeout=5)
    # Delivered: the outbox overwrote and dropped it; nothing of the person is left.
    assert files_with(machine, MARKER) == []


def test_the_browser_and_its_profile_go_with_the_wipe(make_window, qtbot, tmp_path, machine):
    w = make_window(site=site_for(tmp_path), store=False)
    w.open_service()
    note = tmp_path / "browser-profile.txt"
    qtbot.waitUntil(note.exists, timeout=10_000)
    profile = Path(note.read_text())
    assert profile.is_dir() and (profile / "Cookies").exists()
    assert str(profile).startswith(str(machine))  # in the machine's temp folder
    pids = [p.pid for p in getattr(w.browser, "_processes", [])]
    w.wipe()
    assert not profile.exists()
    assert all(not alive(pid) for pid in pids)


def test_staff_pin_wrong_is_refused_and_slowed_right_opens(make_window, qtbot, tmp_path):
    site = site_for(tmp_path, staff_pin_hash=hash_pin(PIN))
    w = make_window(language="en", site=site, store=False)
    assert w.site.locked
    # Alt+F4 and the window's close: nothing closes on a locked machine.
    w.close()
    assert w.isVisible()
    assert "Ask the staff" in w.banner.label.source

    seen = []

    def answer(pins):
        dialog = next(
            d for d in QApplication.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()
        )
        for pin in pins:
            dialog.pin_edit.setText(pin)
            dialog.unlock_button.click()
            seen.append(dialog.message.source if dialog.message.isVisible() else "")
        if dialog.staff_part.isVisible():
            seen.append("unlocked")
            dialog._finish("close")
        else:
            dialog.reject()

    QTimer.singleShot(100, lambda: answer(["000000", "111111", "222222", PIN]))
    w.show_staff()
    assert seen[:2] == ["Wrong PIN.", "Wrong PIN."]
    assert seen[2] == "Wrong PIN. Wait 2 s before you try again."
    assert seen[3].startswith("Wait ")  # the right PIN, but too soon: not even checked
    assert "unlocked" not in seen and w.isVisible()

    time.sleep(2.1)
    seen.clear()
    QTimer.singleShot(100, lambda: answer([PIN]))
    w.show_staff()
    assert seen == ["", "unlocked"]
    qtbot.waitUntil(lambda: not w.isVisible())


def test_staff_set_the_next_persons_language_and_text_size(make_window, qtbot, tmp_path):
    w = make_window(language="en", site=site_for(tmp_path, staff_pin_hash=hash_pin(PIN)))

    def answer():
        dialog = next(
            d for d in QApplication.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()
        )
        dialog.pin_edit.setText(PIN)
        dialog.unlock_button.click()
        dialog.language_buttons["fi"].click()
        dialog.scale_buttons[200].click()
        dialog._finish("defaults")

    QTimer.singleShot(100, answer)
    w.show_staff()
    assert (w.next_language, w.next_text_scale) == ("fi", 200)
    assert w.i18n.language == "fi" and w.settings.text_scale == 200  # the next person starts so


def test_done_button_asks_then_clears(make_window, qtbot, tmp_path):
    w = make_window(language="en", site=site_for(tmp_path), store=False)
    assert w.done_button.isVisible() and w.done_button.text() == "I am done – clear my answers"
    w.go_next()

    def press(label):
        dialog = next(
            d for d in QApplication.topLevelWidgets() if isinstance(d, QDialog) and d.isVisible()
        )
        assert QApplication.focusWidget().text() == "No, go back"  # Enter changes nothing
        next(b for b in dialog.findChildren(type(w.next_button)) if b.text() == label).click()

    QTimer.singleShot(100, lambda: press("No, go back"))
    w.confirm_done()
    assert w.progress.index == 1
    QTimer.singleShot(100, lambda: press("Yes, clear"))
    w.confirm_done()
    assert w.progress.index == 0


def test_home_computers_have_none_of_it(make_window):
    w = make_window()
    assert not w.done_button.isVisible() and w.browser is None
