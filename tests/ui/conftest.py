from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QApplication

from asiointiapu.guides.loader import load_builtin
from asiointiapu.i18n import I18n
from asiointiapu.resources import translations_dir
from asiointiapu.settings import SettingsStore, SiteSettings, UserSettings
from asiointiapu.ui.application import application
from asiointiapu.ui.main_window import MainWindow
from tests.conftest import private_screen


@dataclass
class Browser:
    """Stands in for the system's browser: records what would have been opened."""

    works: bool = True
    opened: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        return self.works


@pytest.fixture
def make_window(qtbot, tmp_path):
    def make(
        scale=100,
        theme="light",
        language="en",
        size=(640, 900),
        site=None,
        settings=None,
        store=True,
        browser=None,
        translations=None,
    ):
        application([])
        settings = settings or UserSettings(text_scale=scale, theme=theme, language=language)
        i18n = I18n(translations or translations_dir(), settings.language or "en")
        window = MainWindow(
            load_builtin("registration"),
            i18n,
            settings,
            SettingsStore(tmp_path / "config") if store else None,
            site or SiteSettings(),
            browser if browser is not None else Browser(),
        )
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        # Activation is asynchronous: a test that types must not start before it.
        qtbot.waitUntil(window.isActiveWindow, timeout=5000)
        QApplication.processEvents()
        return window

    return make


@pytest.fixture
def display():
    with private_screen() as name:
        yield name


@pytest.fixture(scope="session")
def pseudo_translations(tmp_path_factory):
    """A translations folder with only the pseudo-locale "qps" (asiointiapu/pseudo_locale.py)."""
    from asiointiapu.pseudo_locale import write_catalogue

    folder = tmp_path_factory.mktemp("pseudo")
    write_catalogue(translations_dir() / "asiointiapu.pot", folder)
    return folder


@pytest.fixture(autouse=True)
def _left_to_right_again():
    """An Arabic window mirrors the whole application: the next test starts as usual."""
    yield
    from PySide6.QtCore import Qt

    QApplication.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
