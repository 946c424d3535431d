import pytest

from asiointiapu.ui import themes


def test_contrast_ratio_matches_known_values():
    assert themes.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert themes.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    # WCAG's own example pair: #767676 on white is the lightest grey that passes 4.5:1.
    assert themes.contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.name)
def test_every_text_pair_reaches_seven_to_one(theme):
    weak = {
        name: round(themes.contrast_ratio(fg, bg), 2)
        for name, (fg, bg) in theme.text_pairs().items()
        if themes.contrast_ratio(fg, bg) < 7.0
    }
    assert not weak, f"{theme.name}: pairs below 7:1: {weak}"


@pytest.mark.parametrize("theme", themes.THEMES.values(), ids=lambda t: t.name)
def test_focus_ring_stands_out_from_the_background(theme):
    # WCAG 2.4.13 asks 3:1 for the focus indicator against what is around it.
    assert themes.contrast_ratio(theme.focus, theme.background) >= 3.0


def test_every_colour_in_the_stylesheet_comes_from_the_theme():
    import re

    for theme in themes.THEMES.values():
        qss = themes.stylesheet(theme, 100)
        used = set(re.findall(r"#[0-9a-fA-F]{6}", qss))
        assert used <= {getattr(theme, f) for f in theme.__dataclass_fields__ if f != "name"}


def test_high_contrast_is_yellow_on_black():
    hc = themes.THEMES["high-contrast"]
    assert (hc.text, hc.background) == ("#ffff00", "#000000")


@pytest.mark.parametrize("scale", [100, 200, 300])
def test_targets_are_at_least_44_px(scale, qtbot):
    from asiointiapu.ui.widgets import Button

    app = __import__("PySide6.QtWidgets", fromlist=["QApplication"]).QApplication.instance()
    app.setStyleSheet(themes.stylesheet(themes.LIGHT, scale))
    b = Button("OK")
    qtbot.addWidget(b)
    b.show()
    assert b.sizeHint().height() >= 44
    assert b.sizeHint().width() >= 44


def test_painting_and_sizing_buttons_leaks_no_references(qtbot):
    """Some PySide6 releases drop a reference to None per call (initStyleOption(), initFrom(),
    and in 6.12 every Python override of a void virtual such as paintEvent). On Python 3.11,
    thousands of repaints would then crash the interpreter."""
    import sys

    from asiointiapu.ui.widgets import Button

    b = Button("Seuraava →")
    qtbot.addWidget(b)
    b.show()
    b.repaint()
    before = sys.getrefcount(None)
    for _ in range(3000):
        b.repaint()
        b.sizeHint()
        b.heightForWidth(120)
    assert abs(sys.getrefcount(None) - before) < 100


def test_as_on_this_computer_follows_its_dark_and_contrast_preferences():
    assert themes.choose("system", system_dark=False, system_high_contrast=False) is themes.LIGHT
    assert themes.choose("system", system_dark=True, system_high_contrast=False) is themes.DARK
    assert themes.choose("system", False, system_high_contrast=True) is themes.HIGH_CONTRAST
    # A person's own choice wins over the computer's.
    assert themes.choose("light", system_dark=True, system_high_contrast=True) is themes.LIGHT
    assert themes.choose("unknown", system_dark=True, system_high_contrast=False) is themes.DARK


def test_the_window_changes_colours_when_the_computer_does(make_window, monkeypatch):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QPalette
    from PySide6.QtWidgets import QApplication

    # Xvfb and the offscreen platform have no desktop colour setting to change: the
    # computer's answer is set here, and its change signalled as Qt does.
    computer = {"dark": False}
    monkeypatch.setattr(themes, "system_preference", lambda: (computer["dark"], False))
    w = make_window(theme="system")
    changed = QGuiApplication.styleHints().colorSchemeChanged

    def window_colour() -> str:
        return QApplication.palette().color(QPalette.ColorRole.Window).name()

    assert window_colour() == themes.LIGHT.background
    computer["dark"] = True
    changed.emit(Qt.ColorScheme.Dark)
    assert window_colour() == themes.DARK.background
    w.settings.theme = "high-contrast"  # chosen: the computer's colours no longer matter
    w.settings_changed()
    computer["dark"] = False
    changed.emit(Qt.ColorScheme.Light)
    assert window_colour() == themes.HIGH_CONTRAST.background
