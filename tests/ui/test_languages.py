"""Every language of the program: right-to-left Arabic laid out as a mirror, the language
picker from the first screen, and a switch that keeps the place and the answers."""

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QStyle

from asiointiapu.i18n import LANGUAGE_NAMES
from asiointiapu.settings import Phone, SiteSettings
from asiointiapu.ui.widgets import Heading, TextLabel

ALL = ["fi", "sv", "en", "ar", "et", "ru", "so", "uk"]  # the order of the lists


def x_of(widget, window):
    return widget.mapTo(window, widget.rect().topLeft()).x()


def test_arabic_mirrors_the_window(make_window, qtbot):
    w = make_window(language="ar", size=(700, 900))
    w.go_next()
    QApplication.processEvents()
    assert w.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # Back on the right, Next to its left; the top row starts at the right too.
    assert x_of(w.back_button, w) > x_of(w.next_button, w)
    assert x_of(w.steps_button, w) > x_of(w.settings_button, w)
    assert x_of(w.steps_button, w) + w.steps_button.width() > w.width() - 40
    # The arrows point the way the guide goes.
    assert w.next_button.text().startswith("←") or w.next_button.text().endswith("←")
    assert "→" in w.back_button.text()
    # Text starts at the right: Qt's leading alignment, mirrored.
    label = next(lb for lb in w.step_view.findChildren(TextLabel) if lb.isVisible())
    shown = QStyle.visualAlignment(label.layoutDirection(), label.alignment())
    assert shown & Qt.AlignmentFlag.AlignRight
    assert w.progress_bar.layoutDirection() == Qt.LayoutDirection.RightToLeft
    # Alt+← is "next" here, as the arrow on the button says.
    qtbot.keyClick(w.next_button, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert w.progress.index == 2
    qtbot.keyClick(w.next_button, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert w.progress.index == 1


def test_phone_numbers_stay_left_to_right_in_arabic(make_window):
    site = SiteSettings(phones=(Phone("", "+358 29 502 0700"),))
    w = make_window(language="ar", site=site)
    w.show_help()
    texts = [label.source for label in w.help_page.findChildren(TextLabel)]
    assert any("\u2066+358 29 502 0700\u2069" in text for text in texts), texts


def test_numbers_in_groups_inside_arabic_sentences_keep_their_order(make_window):
    """ "040 123 4567" in an Arabic sentence would show as 4567 123 040: each run of digits is
    left to right, but the spaces between them follow the sentence's direction."""
    from PySide6.QtGui import QTextLayout, QTextOption

    from asiointiapu.ui.widgets import TextLabel as Label

    w = make_window(language="ar")
    label = Label("مثلًا: 040 123 4567")
    assert "\u2066040 123 4567\u2069" in label.text()
    assert label.accessibleName() == "مثلًا: 040 123 4567"  # read as written

    # As laid out: the groups appear left to right, in the order they were written.
    def x_of_groups(text):
        layout = QTextLayout(text, label.font())
        option = QTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        layout.setTextOption(option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(2000)
        layout.endLayout()
        # Inside each group (after its first digit): where that group is drawn.
        return [line.cursorToX(text.index(g) + 1)[0] for g in ("040", "123", "4567")]

    assert x_of_groups(label.text()) == sorted(x_of_groups(label.text()))
    reordered = x_of_groups(label.accessibleName())  # without the isolates: the bug
    assert reordered == sorted(reordered, reverse=True)
    del w


def test_back_to_a_left_to_right_language_unmirrors(make_window):
    w = make_window(language="ar")
    w.settings.language = "fi"
    w.settings_changed()
    assert w.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert x_of(w.back_button, w) < x_of(w.next_button, w) or w.back_button.isHidden()
    assert w.next_button.text() == "Seuraava →"


def test_the_language_is_reachable_from_the_first_screen(make_window, qtbot):
    w = make_window(language="fi")
    assert w.language_button.text() == "suomi · Language"
    assert w.language_button.accessibleName() == "Kieli: suomi"
    qtbot.mouseClick(w.language_button, Qt.MouseButton.LeftButton)
    assert w.pages.currentWidget() is w.settings_page
    focused = QApplication.focusWidget()
    assert focused in w.settings_page.groups["language"].buttons()
    names = [radio.accessibleName() for radio in w.settings_page.groups["language"].buttons()]
    assert names == [LANGUAGE_NAMES[code] for code in ALL]  # each in its own name
    ukrainian = w.settings_page.groups["language"].buttons()[ALL.index("uk")]
    ukrainian.setChecked(True)  # as Space on it does
    assert w.i18n.language == "uk"
    assert w.language_button.text() == "українська · Language"
    assert w.settings.language == "uk"  # remembered with the settings


@pytest.mark.parametrize("language", ALL)
def test_switching_on_every_step_keeps_the_step_and_the_ticks(make_window, language):
    w = make_window(language="fi")
    for step in w.guide.steps:
        w.jump(step.id)
        w.progress.set_checked(f"{step.id}/1/1", True)
        w.settings.language = language
        w.settings_changed()
        assert w.progress.current == step.id
        assert f"{step.id}/1/1" in w.progress.checked
        assert w.guide_page.title == w._t(step.title)
        assert QLocale().name().startswith(language)
        w.settings.language = "fi"
        w.settings_changed()
        assert w.progress.current == step.id


def test_switching_keeps_the_answers_of_a_request(make_window, tmp_path):
    from asiointiapu.help_requests import HelpRequests

    url, token = "http://127.0.0.1:9", tmp_path / "token"
    w = make_window(language="fi", site=SiteSettings(receiver_url=url))
    w.help_requests = HelpRequests(url, token, outbox_path=tmp_path / "outbox.sqlite3")
    w.show_help()
    w.show_request("callback")
    form = w.request_page
    form.name_edit.setText("Aino Ääkkönen")
    form.advance()
    form.phone_edit.setText("040 123 4567")
    for language in ALL:
        w.settings.language = language
        w.settings_changed()
        assert form.current()[0] == "phone"
        assert form.phone_edit.text() == "040 123 4567"
        assert form.answers.name == "Aino Ääkkönen"
        assert form.phone_edit.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_the_language_button_shows_the_list_even_at_large_text(make_window, qtbot):
    w = make_window(language="fi", scale=200, size=(600, 900))
    qtbot.mouseClick(w.language_button, Qt.MouseButton.LeftButton)
    page = w.settings_page
    area = page.findChild(QScrollArea)
    heading = next(h for h in page.findChildren(Heading) if h.source == "Kieli")

    def in_view(widget):
        top = widget.mapTo(area.viewport(), QPoint(0, 0)).y()
        return top >= 0 and top + widget.height() <= area.viewport().height()

    qtbot.waitUntil(lambda: in_view(heading))  # the list starts in view, not below the fold
    assert in_view(QApplication.focusWidget())  # and the chosen language with the focus


def test_a_name_in_another_script_stays_beside_its_button(make_window):
    """Qt would align "العربية" by its own direction, to the far right of a Finnish list."""
    w = make_window(language="fi")
    w.choose_language()
    radios = w.settings_page.groups["language"].buttons()
    arabic = next(r for r in radios if r.accessibleName() == "العربية")
    label = arabic.parentWidget().label
    assert label.alignment() & Qt.AlignmentFlag.AlignAbsolute
    assert label.alignment() & Qt.AlignmentFlag.AlignLeft
    box_right = arabic.mapTo(w, arabic.rect().topRight()).x()
    text_left = label.mapTo(w, label.contentsRect().topLeft()).x()
    assert 0 <= text_left - box_right < 60
