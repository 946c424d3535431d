import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from asiointiapu.kiosk.browser_session import (
    CHROMIUM_ARGS,
    FIREFOX_ARGS,
    PROFILE_PREFIX,
    BrowserSession,
    detect_command,
    loggable,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in browser is POSIX")

ROOT = Path(__file__).resolve().parents[2]
URL = "https://asiointi.example.fi/login?ssn=010101-123N&next={profile}#top"

# A stand-in browser: records how it was started, writes "cookies" into its profile, starts a
# helper process of its own as browsers do, and stays running. Flags (not browser options):
#   --ignore-term   it and its helper ignore SIGTERM
#   --hand-over     exit at once and leave the helper running, as a launcher does
#   --leave-group   the helper moves to a process group of its own (same session)
STAND_IN = r"""
import json, os, signal, subprocess, sys, time
from pathlib import Path

args = sys.argv[1:]
if "--ignore-term" in args:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # inherited by the helper too
if "-profile" in args:
    profile = Path(args[args.index("-profile") + 1])
else:
    profile = Path(next(a.split("=", 1)[1] for a in args if a.startswith("--user-data-dir=")))
(profile / "Cookies").write_text("session=the previous person's bank login")
helper = "import os, sys, time\n"
if "--leave-group" in args:
    helper += "os.setpgid(0, 0)\n"
helper += "print('ready', flush=True)\ntime.sleep(600)\n"
child = subprocess.Popen([sys.executable, "-c", helper], stdout=subprocess.PIPE, text=True)
child.stdout.readline()  # the helper has made its own group, if asked to
record = {"argv": args, "pid": os.getpid(), "child": child.pid, "profile": str(profile)}
here = Path(__file__).parent
partial = here / f"record-{os.getpid()}.partial"
partial.write_text(json.dumps(record))
partial.rename(here / f"record-{os.getpid()}.json")  # whole or not at all
if "--hand-over" not in args:
    time.sleep(600)
"""


@pytest.fixture(autouse=True)
def own_temp_dir(tmp_path, monkeypatch):
    """Profiles made in tmp_path, so leftovers can be seen (and never pile up in /tmp)."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


@pytest.fixture
def stand_in(tmp_path):
    folder = tmp_path / "browser"
    folder.mkdir()
    script = folder / "browser.py"
    script.write_text(STAND_IN)
    return script


@pytest.fixture
def sessions():
    """Every session a test makes is closed, even when the test fails half-way."""
    made: list[BrowserSession] = []
    yield made
    for session in made:
        session.close(timeout=0.5)


def chromium_like(script: Path, *flags: str) -> list[str]:
    return [
        sys.executable,
        str(script),
        *flags,
        "--user-data-dir={profile}",
        "--incognito",
        "{url}",
    ]


def records(script: Path, count: int) -> list[dict]:
    """The stand-in's records once `count` of them are there (in the order they started)."""
    deadline = time.monotonic() + 30
    while True:
        found = sorted(script.parent.glob("record-*.json"), key=lambda p: p.stat().st_mtime_ns)
        if len(found) >= count:
            return [json.loads(path.read_text()) for path in found]
        assert time.monotonic() < deadline, "the stand-in browser did not start"
        time.sleep(0.01)


def ended(pid: int) -> bool:
    """Gone, or a zombie: ended and only waiting to be collected (here, by init)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat[stat.rfind(")") + 2] in "ZX"


def all_ended(*pids: int, within: float = 0.0) -> bool:
    deadline = time.monotonic() + within
    while not all(ended(pid) for pid in pids):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
    return True


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@needs_proc
def test_open_fills_in_url_and_profile_and_close_ends_and_deletes_everything(
    stand_in, sessions, own_temp_dir, caplog
):
    session = BrowserSession(chromium_like(stand_in))
    sessions.append(session)
    assert session.profile is None and not session.running

    assert session.open(URL)
    (record,) = records(stand_in, 1)
    profile = session.profile
    assert profile is not None and profile.parent == own_temp_dir
    assert profile.name.startswith(PROFILE_PREFIX)
    # The address exactly as given, even its "{profile}"; the profile in its placeholder.
    assert record["argv"] == [f"--user-data-dir={profile}", "--incognito", URL]
    assert (profile / "Cookies").read_text().startswith("session=")
    assert (profile.stat().st_mode & 0o777) == 0o700  # not readable by other users
    assert session.running
    assert not ended(record["pid"]) and not ended(record["child"])

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="asiointiapu.kiosk.browser_session"):
        session.close()
    # A browser that ends on SIGTERM is not waited for until the timeout (5 s).
    assert time.monotonic() - started < 2
    assert caplog.records == []
    assert ended(record["pid"]) and ended(record["child"])
    assert not profile.exists()
    assert session.profile is None and not session.running
    assert list(own_temp_dir.iterdir()) == []


@needs_proc
def test_close_twice_or_before_opening_is_fine(stand_in, sessions):
    session = BrowserSession(chromium_like(stand_in))
    sessions.append(session)
    session.close()
    assert session.open("https://example.fi/")
    records(stand_in, 1)
    session.close()
    session.close()
    assert session.profile is None and not session.running


@needs_proc
def test_opening_again_starts_the_command_again_with_the_same_profile(stand_in, sessions):
    session = BrowserSession(chromium_like(stand_in))
    sessions.append(session)
    assert session.open("https://example.fi/first")
    records(stand_in, 1)
    profile = session.profile
    assert session.open("https://example.fi/second")
    first, second = records(stand_in, 2)
    assert session.profile == profile
    assert first["argv"][-1] == "https://example.fi/first"
    assert second["argv"] == [
        f"--user-data-dir={profile}",
        "--incognito",
        "https://example.fi/second",
    ]

    session.close()
    assert all_ended(first["pid"], first["child"], second["pid"], second["child"])
    assert not profile.exists()


@needs_proc
def test_next_person_gets_a_new_profile(stand_in, sessions):
    session = BrowserSession(chromium_like(stand_in))
    sessions.append(session)
    session.open("https://example.fi/")
    records(stand_in, 1)
    first = session.profile
    session.close()
    session.open("https://example.fi/")
    _, second = records(stand_in, 2)
    assert session.profile is not None and session.profile != first
    assert second["profile"] == str(session.profile)
    assert not first.exists()


@needs_proc
def test_browser_that_ignores_sigterm_is_killed_after_the_timeout(stand_in, sessions):
    session = BrowserSession(chromium_like(stand_in, "--ignore-term"))
    sessions.append(session)
    assert session.open(URL)
    (record,) = records(stand_in, 1)
    profile = session.profile

    started = time.monotonic()
    session.close(timeout=0.3)
    took = time.monotonic() - started
    assert all_ended(record["pid"], record["child"])
    assert not profile.exists()
    assert 0.3 <= took < 1.5, took  # waited for SIGTERM, but not much longer


@needs_proc
def test_helpers_left_behind_by_a_launcher_are_ended(stand_in, sessions):
    session = BrowserSession(chromium_like(stand_in, "--hand-over"))
    sessions.append(session)
    assert session.open(URL)
    (record,) = records(stand_in, 1)
    assert all_ended(record["pid"], within=10)  # the launcher has exited ...
    assert session.running  # ... but its helper, the real browser, has not
    assert not ended(record["child"])

    session.close()
    assert ended(record["child"])
    assert not session.running


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="sessions are found in /proc")
def test_helpers_in_a_group_of_their_own_are_ended(stand_in, sessions):
    session = BrowserSession(chromium_like(stand_in, "--leave-group"))
    sessions.append(session)
    assert session.open(URL)
    (record,) = records(stand_in, 1)
    assert os.getpgid(record["child"]) != os.getpgid(record["pid"])

    session.close()
    assert all_ended(record["pid"], record["child"])


@needs_proc
def test_browser_closed_by_the_person_still_has_its_profile_deleted(stand_in, sessions):
    session = BrowserSession(chromium_like(stand_in))
    sessions.append(session)
    session.open(URL)
    (record,) = records(stand_in, 1)
    os.killpg(record["pid"], 15)
    deadline = time.monotonic() + 10
    while session.running:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    profile = session.profile
    assert profile is not None and profile.exists()
    session.close()
    assert not profile.exists()


def test_a_command_that_does_not_exist_returns_false(tmp_path, own_temp_dir, caplog):
    session = BrowserSession([str(tmp_path / "no-such-browser"), "{url}"])
    with caplog.at_level(logging.INFO, logger="asiointiapu.kiosk.browser_session"):
        assert session.open(URL) is False
    assert session.profile is None and not session.running
    assert list(own_temp_dir.iterdir()) == []  # the profile made for it is gone again
    assert "no-such-browser" in caplog.text
    assert "ssn" not in caplog.text and "010101" not in caplog.text
    session.close()


def test_a_file_that_is_not_a_program_returns_false(tmp_path, own_temp_dir):
    not_a_program = tmp_path / "browser.txt"
    not_a_program.write_text("just text")
    not_a_program.chmod(0o644)
    assert BrowserSession([str(not_a_program)]).open(URL) is False
    assert BrowserSession([]).open(URL) is False
    assert list(own_temp_dir.iterdir()) == []


@needs_proc
def test_the_address_is_logged_without_its_query(stand_in, sessions, caplog):
    session = BrowserSession(chromium_like(stand_in))
    sessions.append(session)
    with caplog.at_level(logging.DEBUG, logger="asiointiapu.kiosk.browser_session"):
        assert session.open("https://user:pw@asiointi.example.fi/tunnistus?ssn=010101-123N#x")
        records(stand_in, 1)
        session.close()
    assert "asiointi.example.fi/tunnistus" in caplog.text
    assert "010101" not in caplog.text and "pw" not in caplog.text


def test_loggable_keeps_only_where_the_address_goes():
    assert loggable("https://a:b@x.fi:8443/p/q?ssn=1#f") == "https://x.fi:8443/p/q"
    assert loggable("https://x.fi") == "https://x.fi"


def make_program(folder: Path, name: str) -> Path:
    program = folder / name
    program.write_text(f"#!{sys.executable}\n{STAND_IN}")
    program.chmod(0o755)
    return program


def test_detection_prefers_chromium_then_chrome_then_firefox(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    assert detect_command() is None
    firefox = make_program(bin_dir, "firefox")
    assert detect_command() == [str(firefox), *FIREFOX_ARGS]
    chrome = make_program(bin_dir, "google-chrome")
    assert detect_command() == [str(chrome), *CHROMIUM_ARGS]
    chromium_browser = make_program(bin_dir, "chromium-browser")
    assert detect_command() == [str(chromium_browser), *CHROMIUM_ARGS]
    chromium = make_program(bin_dir, "chromium")
    assert detect_command() == [str(chromium), *CHROMIUM_ARGS]


def test_no_browser_found_returns_false(tmp_path, monkeypatch, own_temp_dir):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    session = BrowserSession(None)
    assert session.open(URL) is False
    assert list(own_temp_dir.iterdir()) == []


@needs_proc
def test_detected_firefox_gets_its_own_arguments(tmp_path, monkeypatch, sessions):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    firefox = make_program(bin_dir, "firefox")
    monkeypatch.setenv("PATH", str(bin_dir))
    session = BrowserSession(None)
    sessions.append(session)
    assert session.open(URL)
    (record,) = records(firefox, 1)
    assert record["argv"] == [
        "-profile",
        str(session.profile),
        "-no-remote",
        "-private-window",
        URL,
    ]
    session.close()
    assert all_ended(record["pid"], record["child"])


@needs_proc
def test_profile_is_deleted_even_while_something_still_writes_into_it(stand_in, sessions):
    session = BrowserSession(chromium_like(stand_in))
    sessions.append(session)
    session.open(URL)
    records(stand_in, 1)
    profile = session.profile
    # Something outside the browser's processes (so not ended by close) keeps writing for a
    # moment, as a dying browser's last writes do: the first deletions fail, later ones not.
    stop = time.monotonic() + 0.4

    def write() -> None:
        number = 0
        while time.monotonic() < stop:
            try:
                (profile / f"late-{number}").write_text("x")
            except FileNotFoundError:  # the directory is gone
                return
            number += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        session.close()
    finally:
        writer.join()
    assert not profile.exists()


@needs_proc
def test_quitting_without_close_still_ends_the_browser_and_deletes_the_profile(
    stand_in, own_temp_dir
):
    command = [sys.executable, str(stand_in), "--user-data-dir={profile}"]
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from asiointiapu.kiosk.browser_session import BrowserSession\n"
        f"session = BrowserSession({command!r})\n"
        "assert session.open('https://example.fi/')\n"
        f"while not list(Path({str(stand_in.parent)!r}).glob('record-*.json')):\n"
        "    time.sleep(0.01)\n"
        "print(session.profile)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(own_temp_dir)},
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    (record,) = records(stand_in, 1)
    assert Path(record["profile"]).parent == own_temp_dir
    assert done.stdout.strip() == record["profile"]
    assert all_ended(record["pid"], record["child"])
    assert not Path(record["profile"]).exists()


CHROMIUM = shutil.which("chromium")


@pytest.fixture
def private_screen(monkeypatch):
    """An Xvfb screen of the test's own as DISPLAY."""
    from tests.conftest import private_screen as screen

    with screen() as display:
        monkeypatch.setenv("DISPLAY", display)
        monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
        yield


def in_session(session_id: int) -> set[int]:
    """Live processes of a session, whatever their process group."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text()
        except (NotADirectoryError, OSError):
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        if fields[0] not in "ZX" and int(fields[3]) == session_id:
            found.add(int(entry.name))
    return found


@pytest.mark.skipif(
    CHROMIUM is None or shutil.which("Xvfb") is None, reason="chromium or Xvfb is not installed"
)
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="processes are found in /proc")
def test_real_chromium_hands_over_and_is_ended_with_all_its_processes(
    private_screen, sessions, own_temp_dir
):
    # Not headless: headless chromium does not hand an address to a running instance. No
    # sandbox: chromium refuses to start as root (as in containers) without it.
    extra = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    session = BrowserSession([CHROMIUM, *extra, *CHROMIUM_ARGS])
    sessions.append(session)
    assert session.open("data:text/html,<title>first</title>")
    leader = session._processes[0].pid
    deadline = time.monotonic() + 30
    while len(in_session(leader)) < 4 or not (session.profile / "Local State").exists():
        assert time.monotonic() < deadline, "chromium did not start its processes"
        time.sleep(0.05)

    # Started again with the same profile, chromium gives the address to the running one.
    assert session.open("data:text/html,<title>second</title>")
    second = session._processes[-1]
    assert second.wait(timeout=30) == 0
    assert not ended(leader)

    members = in_session(leader)
    profile = session.profile
    started = time.monotonic()
    session.close()
    assert time.monotonic() - started < 5  # ended by SIGTERM, not after the timeout
    assert all_ended(*members)
    assert not profile.exists()


def test_profiles_left_by_a_killed_run_are_removed_at_start(tmp_path, monkeypatch):
    from asiointiapu.kiosk.browser_session import PROFILE_PREFIX, remove_leftover_profiles

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    left = tmp_path / f"{PROFILE_PREFIX}abc123"
    (left / "Default").mkdir(parents=True)
    (left / "Default" / "Cookies").write_text("a bank-code session")
    other = tmp_path / "someone-elses-folder"
    other.mkdir()
    assert remove_leftover_profiles() == 1
    assert not left.exists() and other.exists()
