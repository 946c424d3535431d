"""Step change and language switch, in this process: from the call until the window is painted."""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QCoreApplication

from asiointiapu.guides.loader import load_builtin
from asiointiapu.help_requests import HelpRequests
from asiointiapu.i18n import I18n
from asiointiapu.resources import translations_dir
from asiointiapu.settings import SiteSettings, UserSettings
from asiointiapu.ui.application import application
from asiointiapu.ui.main_window import MainWindow
from bench import Figure, figure

SIZES = {100: (640, 900), 300: (1280, 1024)}
LANGUAGES = ("fi", "sv", "en")


def new_window(
    scale: int = 100,
    theme: str = "light",
    site: SiteSettings | None = None,
    help_requests: HelpRequests | None = None,
) -> MainWindow:
    """A window as the app builds it, shown and settled; nothing is written to disk."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    application([])
    settings = UserSettings(text_scale=scale, theme=theme, language="en")
    window = MainWindow(
        load_builtin("registration"),
        I18n(translations_dir(), "en"),
        settings,
        None,
        site or SiteSettings(),
        lambda _url: True,
        help_requests,
    )
    window.resize(*SIZES.get(scale, SIZES[100]))
    window.show()
    settle(window)
    return window


def settle(window: MainWindow) -> None:
    QCoreApplication.processEvents()
    window.repaint()


def dispose(window: MainWindow) -> None:
    window.close()
    window.deleteLater()
    QCoreApplication.processEvents()


def timed(window: MainWindow, action: object) -> float:
    """Milliseconds for the action plus everything it queues, until the window is painted."""
    started = time.perf_counter()
    action()  # type: ignore[operator]
    settle(window)
    return (time.perf_counter() - started) * 1000


def step_changes(scale: int, theme: str, rounds: int = 2) -> Figure:
    """Every step forward to the last and back to the first, `rounds` times."""
    window = new_window(scale, theme)
    times = []
    for _ in range(rounds):
        while not window.progress.is_last:
            times.append(timed(window, window.go_next))
        while not window.progress.is_first:
            times.append(timed(window, window.go_back))
    dispose(window)
    return figure(times)


def language_switches(scale: int = 100, rounds: int = 4) -> Figure:
    """fi → sv → en, `rounds` times, on the first step."""
    window = new_window(scale)
    window.go_next()  # a step with more text than the welcome
    settle(window)
    times = []

    for _ in range(rounds):
        for language in LANGUAGES:
            window.settings.language = language
            times.append(timed(window, window.settings_changed))
    dispose(window)
    return figure(times)
