"""Themes as data, and the stylesheet made from a theme and a text size.

Colours are plain hex strings so their contrast can be computed without a screen
(tests/ui/test_themes.py). Every pair that shows text must reach 7:1 (WCAG 2.2 AAA, 1.4.6).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

BASE_TEXT_PX = 20  # body text at 100%: already larger than a desktop default, for older eyes
MIN_TARGET_PX = 44  # WCAG 2.5.5 target size, at 100%


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted: str  # secondary text: "Step 3 of 9", hints
    surface: str  # framed blocks ("important", banners)
    surface_text: str
    button: str
    button_text: str
    primary: str  # the Next button
    primary_text: str
    link: str
    focus: str  # focus ring: 3:1 against the background is the rule, we keep it strong
    selection: str
    selection_text: str

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        """Every (foreground, background) pair this theme uses for text."""
        return {
            "text": (self.text, self.background),
            "muted": (self.muted, self.background),
            "surface": (self.surface_text, self.surface),
            "button": (self.button_text, self.button),
            "primary": (self.primary_text, self.primary),
            "link": (self.link, self.background),
            "link on surface": (self.link, self.surface),
            "selection": (self.selection_text, self.selection),
        }


LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#1a1a1a",
    muted="#3d3d3d",
    surface="#fff4cc",
    surface_text="#1a1a1a",
    button="#e8e8e8",
    button_text="#1a1a1a",
    primary="#0b3d6e",
    primary_text="#ffffff",
    link="#0b3d6e",
    focus="#b34700",
    selection="#0b3d6e",
    selection_text="#ffffff",
)

DARK = Theme(
    name="dark",
    background="#121212",
    text="#f2f2f2",
    muted="#cccccc",
    surface="#2b2616",
    surface_text="#f2f2f2",
    button="#2e2e2e",
    button_text="#f2f2f2",
    primary="#9fcbff",
    primary_text="#0a0a0a",
    link="#9fcbff",
    focus="#ffb366",
    selection="#9fcbff",
    selection_text="#0a0a0a",
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    background="#000000",
    text="#ffff00",
    muted="#ffff00",
    surface="#000000",
    surface_text="#ffff00",
    button="#000000",
    button_text="#ffff00",
    primary="#ffff00",
    primary_text="#000000",
    link="#00ffff",
    focus="#00ffff",
    selection="#ffff00",
    selection_text="#000000",
)

THEMES = {t.name: t for t in (LIGHT, DARK, HIGH_CONTRAST)}
SYSTEM = "system"  # the setting that follows the computer's colours


def choose(setting: str, system_dark: bool, system_high_contrast: bool) -> Theme:
    """The theme to show: the person's choice, or one that matches the computer's preference."""
    if setting in THEMES:
        return THEMES[setting]
    if system_high_contrast:
        return HIGH_CONTRAST
    return DARK if system_dark else LIGHT


def system_preference() -> tuple[bool, bool]:
    """Whether the computer asks for dark colours, and for high contrast (where Qt knows it:
    the desktop's settings on Linux, Windows' own)."""
    hints = QGuiApplication.styleHints()
    dark = hints.colorScheme() == Qt.ColorScheme.Dark
    high = hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast
    return dark, high


def for_setting(setting: str) -> Theme:
    """`choose()` with the preference the computer reports."""
    return choose(setting, *system_preference())


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a #rrggbb colour."""
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def px(base: float, scale: int) -> int:
    return round(base * scale / 100)


def gentle(base: float, scale: int) -> int:
    """Grows at a quarter of the text's rate: padding and borders at 300% text must not eat
    the room the text needs."""
    return round(base * (1 + (scale - 100) / 400))


def stylesheet(theme: Theme, scale: int) -> str:
    """One stylesheet for the whole program: colours from the theme, sizes from the text scale."""
    body = px(BASE_TEXT_PX, scale)
    t = theme
    border, focus = gentle(2, scale), gentle(3, scale)
    pad_v, pad_h = gentle(8, scale), gentle(16, scale)
    # Headings stand out less at large sizes, where every line counts: 150% of body text
    # at 100%, 120% at 300%.
    heading = round(body * (1.5 - 0.15 * (scale - 100) / 100))
    subheading = round(body * (1.15 - 0.05 * (scale - 100) / 100))
    return f"""
* {{ font-size: {body}px; }}
QWidget {{ background: {t.background}; color: {t.text}; }}
QLabel[role="heading"] {{ font-size: {heading}px; font-weight: bold; }}
QLabel[role="subheading"] {{ font-size: {subheading}px; font-weight: bold; }}
QLabel[role="muted"] {{ color: {t.muted}; }}
QLabel[role="label"] {{ font-weight: bold; }}
QFrame[role="surface"] {{ background: {t.surface}; border: {border}px solid {t.text};
    border-radius: {gentle(6, scale)}px; }}
QFrame[role="surface"] QLabel, QFrame[role="surface"] QWidget {{
    background: {t.surface}; color: {t.surface_text}; }}
QPushButton {{ background: {t.button}; color: {t.button_text}; border: {border}px solid {t.text};
    border-radius: {gentle(6, scale)}px; padding: {pad_v}px {pad_h}px;
    min-height: {px(MIN_TARGET_PX, scale) - 2 * (pad_v + border)}px; }}
QPushButton[role="primary"] {{ background: {t.primary}; color: {t.primary_text};
    border-color: {t.primary}; font-weight: bold; }}
QPushButton[role="link"] {{ background: {t.background}; color: {t.link}; border-color: {t.link};
    text-decoration: underline; text-align: left; }}
QPushButton:focus, QListWidget:focus, QRadioButton:focus, QCheckBox:focus {{
    border: {focus}px solid {t.focus}; }}
QPushButton:hover {{ border-color: {t.focus}; }}
QPushButton:checked, QFrame[role="surface"] QPushButton:checked {{ background: {t.selection};
    color: {t.selection_text}; }}
QFrame[role="surface"] QPushButton[role="primary"] {{ background: {t.primary};
    color: {t.primary_text}; }}
QRadioButton {{ padding: {pad_v}px; min-height: {px(MIN_TARGET_PX, scale) - 2 * pad_v}px;
    border: {focus}px solid transparent; }}
QRadioButton::indicator {{ width: {px(22, scale)}px; height: {px(22, scale)}px;
    border: {border}px solid {t.text}; border-radius: {px(11, scale) + border}px;
    background: {t.background}; }}
QCheckBox {{ padding: {pad_v}px; border: {focus}px solid transparent; }}
QCheckBox::indicator {{ width: {px(26, scale)}px; height: {px(26, scale)}px;
    border: {border}px solid {t.text}; background: {t.background}; }}
QCheckBox::indicator:checked {{ background: {t.text}; }}
QLabel:focus {{ border: {focus}px solid {t.focus}; }}
QLabel[role="error"] {{ font-weight: bold; border-left: {gentle(6, scale)}px solid {t.text};
    padding-left: {pad_v}px; }}
QLineEdit, QPlainTextEdit {{ background: {t.background}; color: {t.text};
    border: {border}px solid {t.text}; padding: {pad_v}px;
    min-height: {px(MIN_TARGET_PX, scale) - 2 * (pad_v + border)}px; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border: {focus}px solid {t.focus}; }}
QRadioButton::indicator:checked {{ background: qradialgradient(cx:0.5, cy:0.5, radius:0.5,
    fx:0.5, fy:0.5, stop:0 {t.text}, stop:0.45 {t.text}, stop:0.55 {t.background},
    stop:1 {t.background}); }}
QListWidget {{ border: {border}px solid {t.text}; }}
QListWidget::item {{ padding: {pad_v}px; min-height: {px(MIN_TARGET_PX, scale) - 2 * pad_v}px; }}
QListWidget::item:selected {{ background: {t.selection}; color: {t.selection_text}; }}
QScrollBar:vertical {{ width: {gentle(18, scale)}px; background: {t.background};
    border-left: 1px solid {t.muted}; }}
QScrollBar::handle:vertical {{ background: {t.muted}; min-height: {gentle(44, scale)}px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0px; }}
QProgressBar {{ border: {border}px solid {t.text}; background: {t.background};
    max-height: {gentle(12, scale)}px; }}
QProgressBar::chunk {{ background: {t.primary}; }}
"""


def palette(theme: Theme) -> QPalette:
    """A palette for what the stylesheet does not reach (dialogs, native parts)."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.background,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.background,
        QPalette.ColorRole.AlternateBase: theme.surface,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.Button: theme.button,
        QPalette.ColorRole.ButtonText: theme.button_text,
        QPalette.ColorRole.Highlight: theme.selection,
        QPalette.ColorRole.HighlightedText: theme.selection_text,
        QPalette.ColorRole.Link: theme.link,
        QPalette.ColorRole.ToolTipBase: theme.surface,
        QPalette.ColorRole.ToolTipText: theme.surface_text,
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    return p
