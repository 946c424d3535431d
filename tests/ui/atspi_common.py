"""What the AT-SPI probes share (screen_reader_probe.py, device_check_probe.py): the event
pump, the announcements heard, finding the program and walking what shows. Imported by the
probes, which run with Debian's python3 (pyatspi is not on PyPI), from this folder."""

from __future__ import annotations

import time

import pyatspi
from gi.repository import GLib

APP_NAME = "Asiointiapu"
announcements: list[str] = []


def pump(seconds: float) -> None:
    """Let AT-SPI deliver its events for a while."""
    context = GLib.MainContext.default()
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not context.iteration(False):
            time.sleep(0.02)


def on_announcement(event) -> None:
    announcements.append(str(event.any_data))


def find_app(what: str = "the program"):
    end = time.monotonic() + 60
    while time.monotonic() < end:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == APP_NAME:
                return app
        pump(0.3)
    raise SystemExit(f"{what} did not appear on the accessibility bus")


def showing(app) -> list:
    """Every object that shows, windows first, in tree order."""
    found = []

    def walk(node) -> None:
        if node is None or not node.getState().contains(pyatspi.STATE_SHOWING):
            return
        found.append(node)
        for child in node:
            walk(child)

    for window in app:
        walk(window)
    return found
