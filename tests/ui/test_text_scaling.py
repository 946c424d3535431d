"""Text up to 300%: nothing clipped, nothing pushed sideways, on every step and page.

Each label and button is asked what height it needs for the width it got, and compared with the
height it has; every widget must lie inside the window's width.
"""

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel, QRadioButton, QScrollArea, QWidget

from asiointiapu.ui.widgets import Button


def problems_in(window) -> list[str]:
    QApplication.processEvents()
    found = []
    width = window.width()
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        name = f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()[:40]!r}"
        left = widget.mapTo(window, QPoint(0, 0)).x()
        if left < 0 or left + widget.width() > width:
            found.append(f"{name} spans x {left}..{left + widget.width()} of {width}")
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                need = widget.heightForWidth(widget.width())
                if widget.height() < need:
                    found.append(f"{name} is {widget.height()} px tall, needs {need}")
            elif widget.width() < widget.sizeHint().width():
                found.append(
                    f"{name} is {widget.width()} px wide, needs {widget.sizeHint().width()}"
                )
        if isinstance(widget, Button):
            if widget.width() < widget.minimumSizeHint().width():
                found.append(f"{name} narrower than its longest word")
            need = widget.heightForWidth(widget.width())
            if widget.height() < need:
                found.append(f"{name} is {widget.height()} px tall, needs {need}")
        if isinstance(widget, QRadioButton) and widget.width() < widget.sizeHint().width():
            found.append(f"{name} is {widget.width()} px wide, needs {widget.sizeHint().width()}")
        if isinstance(widget, QScrollArea) and widget.horizontalScrollBar().maximum() > 0:
            found.append(f"{name} scrolls sideways")
    return found


@pytest.mark.parametrize(
    ("scale", "size", "language"),
    [
        (100, (640, 900), "en"),
        (200, (600, 900), "en"),
        (200, (600, 900), "fi"),
        (300, (1280, 1024), "en"),
        (300, (1280, 1024), "fi"),
        (200, (600, 900), "sv"),
        (300, (1280, 1024), "sv"),
        (200, (600, 900), "ar"),  # right to left
        (300, (1280, 1024), "ru"),
        (200, (600, 900), "et"),
        # Every text 40% longer, with accents (asiointiapu/pseudo_locale.py).
        (200, (600, 900), "qps"),
        (300, (1280, 1024), "qps"),
    ],
)
def test_nothing_is_clipped_on_any_step_or_page(
    make_window, pseudo_translations, scale, size, language
):
    folder = pseudo_translations if language == "qps" else None
    w = make_window(scale=scale, size=size, language=language, translations=folder)
    assert w.i18n.language == language
    report = []
    for step in w.guide.steps:
        w.jump(step.id)
        report += [f"step {step.id}: {p}" for p in problems_in(w)]
    for page, show in (
        ("steps", w.show_steps),
        ("help", w.show_help),
        ("settings", w.show_settings),
        ("glossary", lambda: w.show_term(None)),
    ):
        show()
        report += [f"{page} page: {p}" for p in problems_in(w)]
    assert w.size().width() == size[0], "the window grew wider than it was made"
    assert not report, "\n".join(report)


def test_the_check_finds_a_clipped_label(make_window):
    """The clipping check itself must be able to fail."""
    w = make_window()
    label = w.position_label
    label.setFixedHeight(3)
    assert any("needs" in p for p in problems_in(w))


def test_a_larger_text_size_chosen_later_widens_the_window_as_at_start(make_window):
    """At 300% in a 640 px window the rows of buttons above and below the step stack three
    high and no longer fit the screen: a button was cut off. The window grows as it opens."""
    w = make_window(scale=100, size=(640, 1024))
    w.move(200, 0)
    right = w.frameGeometry().right()
    border = w.frameGeometry().width() - w.width()
    while w.settings.text_scale < 300:
        w.step_text_size(+1)
    QApplication.processEvents()
    area = w.screen().availableGeometry()
    assert w.width() == min(1280, area.width() - border)
    assert w.frameGeometry().right() == min(right, area.right())  # still beside the browser
    for row in (w.top_bar, w.nav):
        assert row.height() >= row.layout().heightForWidth(row.width())
    assert not problems_in(w)
    while w.settings.text_scale > 100:
        w.step_text_size(-1)
    assert w.width() == min(1280, area.width() - border)  # never narrower than it has become
