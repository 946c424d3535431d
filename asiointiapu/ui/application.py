"""The Qt application: start-up, the window's place on the screen, and friendly fatal errors."""

from __future__ import annotations

import logging
import signal
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from asiointiapu import APP_NAME, DESKTOP_ID
from asiointiapu.guides.model import Guide
from asiointiapu.i18n import I18n
from asiointiapu.settings import SettingsStore, SiteSettings, UserSettings
from asiointiapu.ui import accessibility, themes
from asiointiapu.ui.main_window import COMPANION_WIDTH, MainWindow, companion_width
from asiointiapu.ui.ready_marker import report_ready

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from asiointiapu.help_requests import HelpRequests

# QMessageBox, QUrl, QDesktopServices and QThread are imported where they are used: PySide
# makes a class's Python enums on its first use, which start-up need not pay for them.

log = logging.getLogger(__name__)

RETRY_INTERVAL_MS = 60_000  # saved help requests are tried again this often
SEND_PENDING_DELAY_MS = 1500  # after start, once the first step is painted
PREPARE_LANGUAGES_DELAY_MS = 2500  # then the other languages' hyphenation, in the background


def application(argv: list[str]) -> QApplication:
    accessibility.install()  # before any window: headings are read as headings
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)  # Wayland finds the icon and name through it
    app.setStyle("Fusion")  # the same look, and the same focus drawing, on every system
    return app


def open_in_browser(url: str) -> bool:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl(url))


def fatal_box(i18n: I18n, message: str, details: str, settings: UserSettings) -> QMessageBox:
    """A plain message instead of a traceback, in the person's text size and colours."""
    from PySide6.QtWidgets import QMessageBox

    app = application(sys.argv)
    theme = themes.for_setting(settings.theme)
    app.setPalette(themes.palette(theme))
    app.setStyleSheet(themes.stylesheet(theme, settings.text_scale))
    _ = i18n.gettext
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(APP_NAME)
    box.setText(message)
    box.setInformativeText(
        _("Please tell the staff or the person who installed the program. Details:")
        + "\n"
        + details
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    close = box.addButton(_("Close"), QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(close)
    return box


def show_fatal(i18n: I18n, message: str, details: str, settings: UserSettings) -> None:
    fatal_box(i18n, message, details, settings).exec()


def run(
    guide: Guide,
    i18n: I18n,
    settings: UserSettings,
    store: SettingsStore | None,
    site: SiteSettings,
    messages: list[str],
    open_url: Callable[[str], bool] = open_in_browser,
    help_requests: HelpRequests | None = None,
) -> int:
    app = application(sys.argv)
    _install_excepthook(i18n)
    window = MainWindow(guide, i18n, settings, store, site, open_url, help_requests)
    for message in messages:
        window.show_message(message)
    if site.locked:
        # A service point's or a library's machine: nothing else. The geometry too, for a
        # session with no window manager to honour "full screen".
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.geometry())
        window.showFullScreen()
    else:
        place_beside_browser(window)
        window.show()
    # The first key a person presses most likely means "go on".
    window.next_button.setFocus()
    _close_on_signals(window)
    report_ready(window)
    # Requests saved earlier go out soon after start, and again every minute. The first send
    # also loads the HTTP and keyring libraries off the GUI thread, but loading C extensions
    # holds the GIL: waiting until the first step is painted keeps the start smooth.
    QTimer.singleShot(SEND_PENDING_DELAY_MS, window.send_pending)
    # Qt's network information (some megabytes) is not needed for the first step either.
    QTimer.singleShot(SEND_PENDING_DELAY_MS, lambda: _watch_network(window))
    QTimer.singleShot(PREPARE_LANGUAGES_DELAY_MS, window.prepare_languages)
    retry = QTimer(window, interval=RETRY_INTERVAL_MS)
    retry.timeout.connect(window.send_pending)
    retry.start()
    return app.exec()


def _watch_network(window: MainWindow) -> None:
    """Send waiting requests the moment the system says the network is back.

    Where the system offers no network information (no NetworkManager, say), the minute
    timer above still sends them.
    """
    if window.help_requests is None:
        return
    from PySide6.QtNetwork import QNetworkInformation

    if not QNetworkInformation.loadDefaultBackend():
        return
    info = QNetworkInformation.instance()
    online = QNetworkInformation.Reachability.Online

    def changed(reachability: QNetworkInformation.Reachability) -> None:
        if reachability == online:
            window.network_online()

    info.reachabilityChanged.connect(changed)


def _close_on_signals(window: MainWindow) -> None:
    """SIGTERM and Ctrl+C close the window as the close button would, so progress is saved.

    Python runs signal handlers only when it gets control; a timer hands it control twice a
    second while Qt's event loop runs.
    """

    def close(*_args: object) -> None:
        window.shut_down()  # a locked window too: the system is stopping the program
        QApplication.quit()

    signal.signal(signal.SIGTERM, close)
    signal.signal(signal.SIGINT, close)
    timer = QTimer(window, interval=500)
    timer.timeout.connect(lambda: None)
    timer.start()


def place_beside_browser(window: MainWindow) -> None:
    """Dock to the right edge of the screen, full height, leaving the rest for the browser."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(COMPANION_WIDTH, 900)
        return
    area = screen.availableGeometry()
    # Larger text needs a wider window (also when the size is changed later).
    width = min(companion_width(window.settings.text_scale), area.width())
    window.resize(width, area.height())
    window.move(area.right() - width + 1, area.top())


def _install_excepthook(i18n: I18n) -> None:
    """An unexpected error is logged and shown plainly; the program keeps running."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, value, tb)))
        from PySide6.QtCore import QThread
        from PySide6.QtWidgets import QMessageBox

        app = QApplication.instance()
        if app is None or QThread.currentThread() != app.thread():
            return  # a window may be shown only from the GUI thread; the log has it
        _ = i18n.gettext
        QMessageBox.warning(
            None,
            APP_NAME,
            _("Something went wrong in the program. Your place in the guide is kept.")
            + "\n\n"
            + f"{kind.__name__}: {value}",
        )

    sys.excepthook = hook
