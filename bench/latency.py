"""Step change and language switch, in this process: from the call until the window is painted."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject, QTimer

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
READING_MS = 600  # a pause on each step: longer than the window waits to prepare the next
SETTLING_MS = 1500  # a moment after start: the window has prepared the other steps' pages


def new_window(
    scale: int = 100,
    theme: str = "light",
    site: SiteSettings | None = None,
    help_requests: HelpRequests | None = None,
    settling_ms: int = READING_MS,
) -> MainWindow:
    """A window as the app builds it, shown and settled; nothing is written to disk.

    Then `settling_ms` of the event loop, as a moment after start: after `READING_MS` the
    next step's page is prepared, after `SETTLING_MS` every step's; 0 measures what follows
    from the first paint on.
    """
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
    if settling_ms:
        wait(settling_ms)
    return window


class _Paints(QObject):
    """Counts paint events anywhere in the application."""

    count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


_paints = _Paints()


def settle(window: MainWindow) -> None:
    """Handle everything queued, which paints what changed; paint only if nothing was."""
    app = QCoreApplication.instance()
    app.installEventFilter(_paints)
    before = _paints.count
    QCoreApplication.processEvents()
    app.removeEventFilter(_paints)
    if _paints.count == before:
        window.repaint()


def longest_gap(start: Callable[[Callable[[], None]], None], limit_ms: int) -> float:
    """Run the event loop with a 10 ms tick from `start(done)` until `done()` is called or
    `limit_ms` pass; the longest gap between ticks (ms), up to the end, is how long a key
    press could have waited meanwhile."""
    loop = QEventLoop()
    ticks = [time.perf_counter()]
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    QTimer.singleShot(limit_ms, loop.quit)
    start(loop.quit)
    loop.exec()
    timer.stop()
    ticks.append(time.perf_counter())
    return max(b - a for a, b in itertools.pairwise(ticks)) * 1000


def wait(ms: int) -> float:
    """Let the event loop run, as it does while a person reads; the longest gap meanwhile."""
    return longest_gap(lambda _done: None, ms)


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


def step_changes(
    scale: int,
    theme: str,
    rounds: int = 2,
    reading_ms: int = READING_MS,
    settling_ms: int = READING_MS,
) -> tuple[Figure, Figure | None, float | None]:
    """Every step forward to the last and back to the first, `rounds` times, with a pause of
    `reading_ms` on each step first (0: as fast as the keys repeat), in a window open for
    `settling_ms` (see `new_window`).

    Also: the longest event-loop gap during each pause, and during the settling, while the
    window prepares the steps' pages (how long a key press could wait meanwhile).
    """
    window = new_window(scale, theme, settling_ms=0)
    preparing = wait(settling_ms) if settling_ms else None
    times, gaps = [], []
    for _ in range(rounds):
        for forward in (True, False):
            while not (window.progress.is_last if forward else window.progress.is_first):
                if reading_ms:
                    gaps.append(wait(reading_ms))
                times.append(timed(window, window.go_next if forward else window.go_back))
    dispose(window)
    return figure(times), figure(gaps) if gaps else None, preparing


def language_switches(scale: int = 100, rounds: int = 4) -> Figure:
    """fi → sv → en, `rounds` times, on the second step, each in a window that has prepared
    every step's page in the language before (as when a person reads a while first)."""
    window = new_window(scale)
    window.go_next()  # a step with more text than the welcome
    settle(window)
    # As the app does some seconds after start: the other languages' hyphenation is loaded.
    window.prepare_languages()
    window.runner.wait(10_000)
    times = []

    for _ in range(rounds):
        for language in LANGUAGES:
            wait(SETTLING_MS)
            window.settings.language = language
            times.append(timed(window, window.settings_changed))
    dispose(window)
    return figure(times)


def look_changes(rounds: int = 2) -> tuple[Figure, Figure]:
    """Colours (light → dark → high contrast) and text size (100 → 200 → 300%), `rounds`
    times, each in a window that has prepared every step's page in the look before."""
    window = new_window()
    window.go_next()
    settle(window)
    themes, sizes = [], []
    for _ in range(rounds):
        for theme in ("dark", "high-contrast", "light"):
            wait(SETTLING_MS)
            window.settings.theme = theme
            themes.append(timed(window, window.settings_changed))
        for scale in (200, 300, 100):
            wait(SETTLING_MS)
            window.settings.text_scale = scale
            sizes.append(timed(window, window.settings_changed))
    dispose(window)
    return figure(themes), figure(sizes)
