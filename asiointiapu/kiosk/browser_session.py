"""The official e-service in a browser the app starts itself, on shared machines.

People log in to the e-service with their bank codes. On a kiosk or library machine nothing
of that identification may survive for the next person, so the app does not hand the address
to the system's browser: it starts one with a fresh temporary profile in private mode, and
wiping (close) ends every process it started and deletes the profile.

The command comes from the site config, its items may hold `{url}` and `{profile}`; without
one the first of Chromium, Chrome and Firefox found on PATH is used.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

log = logging.getLogger(__name__)

CHROMIUM_ARGS = (
    "--user-data-dir={profile}",
    "--incognito",
    "--no-first-run",
    "--no-default-browser-check",
    "--new-window",
    "{url}",
)
FIREFOX_ARGS = ("-profile", "{profile}", "-no-remote", "-private-window", "{url}")
KNOWN_BROWSERS = (
    ("chromium", CHROMIUM_ARGS),
    ("chromium-browser", CHROMIUM_ARGS),
    ("google-chrome", CHROMIUM_ARGS),
    ("firefox", FIREFOX_ARGS),
)
PROFILE_PREFIX = "asiointiapu-browser-"

WINDOWS = sys.platform == "win32"
LINUX = sys.platform.startswith("linux")
KILL_WAIT = 2.0  # after SIGKILL, which cannot be ignored, the processes only need to be reaped
REMOVE_WAIT = 2.0  # a dying browser may still write into its profile for a moment
POLL = 0.02

_PLACEHOLDER = re.compile(r"\{(url|profile)\}")


def detect_command() -> list[str] | None:
    """The first known browser on PATH with its arguments, or None."""
    for name, args in KNOWN_BROWSERS:
        path = shutil.which(name)
        if path:
            return [path, *args]
    return None


def fill(template: list[str], url: str, profile: Path) -> list[str]:
    """The command with `{url}` and `{profile}` put in."""
    values = {"url": url, "profile": str(profile)}
    # One pass with a regex rather than str.format or two replace calls: an address may hold
    # braces, even the text "{profile}", and must reach the browser exactly as it is.
    return [_PLACEHOLDER.sub(lambda match: values[match[1]], item) for item in template]


def loggable(url: str) -> str:
    """The address without what may identify a person: query, fragment and user info."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, "", ""))


@dataclass(eq=False)
class BrowserSession:
    """One person's browser: opened on demand, ended and forgotten by close()."""

    command: list[str] | None = None
    _processes: list[subprocess.Popen[bytes]] = field(default_factory=list, init=False, repr=False)
    _profile: Path | None = field(default=None, init=False)
    _template: list[str] | None = field(default=None, init=False, repr=False)
    _leftovers: list[Path] = field(default_factory=list, init=False, repr=False)
    _at_exit: bool = field(default=False, init=False, repr=False)

    @property
    def profile(self) -> Path | None:
        return self._profile

    @property
    def running(self) -> bool:
        """Whether anything this session started is still running."""
        return _alive(self._processes)

    def open(self, url: str) -> bool:
        """Open `url` in this session's browser, starting it if needed; False if it cannot."""
        self._remove_leftovers()
        if self._template is None:
            self._template = list(self.command) if self.command is not None else detect_command()
        if not self._template:
            log.warning("no web browser found to open %s", loggable(url))
            self._template = None  # one may be installed by the next try
            return False
        fresh = self._profile is None
        if self._profile is None:
            try:
                self._profile = Path(tempfile.mkdtemp(prefix=PROFILE_PREFIX))
            except OSError as error:
                log.warning("could not make a browser profile: %s", error)
                return False
        # Processes that have ended with their whole group need no ending later, and their
        # numbers must not be signalled once the system gives them to someone else.
        self._processes = [p for p in self._processes if _alive([p])]
        args = fill(self._template, url, self._profile)
        try:
            # Again even when running: a browser started with a profile already in use passes
            # the address to the running one and exits.
            process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                **_new_group(),
            )
        except (OSError, ValueError) as error:
            # Not the error itself: its text could hold the arguments, and so the address.
            log.warning(
                "could not start the web browser %s (%s)",
                args[0],
                getattr(error, "strerror", None) or type(error).__name__,
            )
            if fresh and not self._processes:
                self._leftovers.append(self._profile)
                self._profile = None
                self._remove_leftovers()
            return False
        self._processes.append(process)
        if not self._at_exit:
            # Quitting without wiping must not leave a logged-in browser for the next person.
            atexit.register(self.close)
            self._at_exit = True
        log.info("opened %s in %s (process %d)", loggable(url), args[0], process.pid)
        return True

    def close(self, timeout: float = 5.0) -> None:
        """End every process started, delete the profile, forget both.

        Processes get `timeout` seconds to end after SIGTERM before SIGKILL (on Windows they
        are ended at once). A profile that cannot be deleted is logged as an error and tried
        again by every later open() and close(), and at exit.
        """
        processes, self._processes = self._processes, []
        if processes:
            if WINDOWS:
                _end_windows(processes, timeout)
            else:
                _end_posix(processes, timeout)
        if self._profile is not None:
            self._leftovers.append(self._profile)
            self._profile = None
        self._template = None
        self._remove_leftovers()
        if self._at_exit and not self._leftovers:
            atexit.unregister(self.close)
            self._at_exit = False

    def _remove_leftovers(self) -> None:
        self._leftovers = [path for path in self._leftovers if not _remove(path)]


def _new_group() -> dict[str, Any]:
    # A group of its own, so that the browser's own child processes can be ended with it.
    if WINDOWS:
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


# ---- ending processes ------------------------------------------------------------------------
#
# With start_new_session each started process leads a new session and process group whose id
# is its own pid. The browser's helpers inherit both, and stay in them after the process we
# started has exited (a launcher handing over, or the first instance ending). A group's id is
# not given to a new process while any member lives, so signalling it is safe until it is
# empty; open() drops emptied groups.


def _members(leaders: list[int]) -> set[int] | None:
    """Live processes in the sessions or groups led by `leaders`; None where /proc is not."""
    if not LINUX:
        return None
    wanted = set(leaders)
    found = set()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as file:  # noqa: PTH123 - many, small
                stat = file.read()
        except OSError:  # ended meanwhile
            continue
        # After the command name, which may itself hold spaces and parentheses.
        fields = stat[stat.rfind(b")") + 2 :].split()
        state, group, session = fields[0], int(fields[2]), int(fields[3])
        # Zombies are ended and only wait for their parent, which for orphans is init (and
        # some container inits never collect them): killpg(…, 0) would count them.
        if state not in (b"Z", b"X") and (group in wanted or session in wanted):
            found.add(int(entry.name))
    return found


def _alive(processes: list[subprocess.Popen[bytes]]) -> bool:
    for process in processes:
        process.poll()  # collects our own exited children, so they do not count as members
    if WINDOWS:
        return any(process.returncode is None for process in processes)
    leaders = [process.pid for process in processes]
    members = _members(leaders)
    if members is not None:
        return bool(members)
    for leader in leaders:
        try:
            os.killpg(leader, 0)
        except ProcessLookupError:
            continue
        except PermissionError:
            return True
        return True
    return False


def _signal(leaders: list[int], number: int) -> None:
    for leader in leaders:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(leader, number)
    # Also those that left the group but not the session.
    for pid in _members(leaders) or ():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, number)


def _wait_until_ended(processes: list[subprocess.Popen[bytes]], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _alive(processes):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        time.sleep(min(POLL, left))
    return True


def _end_posix(processes: list[subprocess.Popen[bytes]], timeout: float) -> None:
    leaders = [process.pid for process in processes]
    _signal(leaders, signal.SIGTERM)
    if not _wait_until_ended(processes, timeout):
        log.warning("the web browser did not end in %.1f s; killing it", timeout)
        _signal(leaders, signal.SIGKILL)
        if not _wait_until_ended(processes, KILL_WAIT):
            log.error("browser processes still running after SIGKILL: %s", _members(leaders))
    # A started process may have become a zombie just after _alive collected the others.
    for process in processes:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=POLL)


def _end_windows(processes: list[subprocess.Popen[bytes]], timeout: float) -> None:
    for process in processes:
        if process.poll() is not None:
            continue  # its tree cannot be found from an ended process
        try:
            subprocess.run(
                ["taskkill", "/T", "/F", "/PID", str(process.pid)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            log.error("taskkill failed for process %d: %s", process.pid, error)
    _wait_until_ended(processes, KILL_WAIT)


def _remove(path: Path) -> bool:
    """Delete a profile directory, retrying for a moment; whether it is gone."""
    deadline = time.monotonic() + REMOVE_WAIT
    while True:
        try:
            shutil.rmtree(path)
        except OSError as error:
            if not os.path.lexists(path):  # a broken link counts as there
                return True
            if time.monotonic() >= deadline:
                log.error("could not delete the browser profile %s: %s", path, error)
                return False
            time.sleep(0.1)
        else:
            return True


def remove_leftover_profiles() -> int:
    """Delete profiles a killed or crashed run left in the temp folder; the number removed.

    A shared machine calls this as it starts: a profile with a bank-code login in it must not
    wait there for whoever finds it. Only this user's folders are touched.
    """
    removed = 0
    for path in Path(tempfile.gettempdir()).glob(f"{PROFILE_PREFIX}*"):
        with contextlib.suppress(OSError):
            if path.is_dir() and (not hasattr(os, "getuid") or path.stat().st_uid == os.getuid()):
                removed += _remove(path)
    return removed
