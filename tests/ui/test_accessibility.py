"""What a screen reader gets from the window, in this process (the AT-SPI walk of the real
program is in test_screen_reader.py)."""

from PySide6.QtCore import QLocale
from PySide6.QtGui import QAccessible

from asiointiapu.ui.widgets import Heading, TextLabel


def test_headings_are_read_as_headings_and_text_as_text(make_window):
    w = make_window(language="fi")
    w.go_next()
    title = QAccessible.queryAccessibleInterface(w.title_label)
    assert title.role() == QAccessible.Role.Heading
    assert title.text(QAccessible.Text.Name) == "Vaihe 2/10: Koskeeko tämä minua?"
    subheadings = [h for h in w.step_view.findChildren(Heading) if h.isVisible()]
    assert subheadings
    for heading in subheadings:
        face = QAccessible.queryAccessibleInterface(heading)
        assert face.role() == QAccessible.Role.Heading
        assert face.text(QAccessible.Text.Name) == heading.accessibleName() != ""
    body = next(
        label
        for label in w.step_view.findChildren(TextLabel)
        if label.isVisible() and not isinstance(label, Heading)
    )
    assert QAccessible.queryAccessibleInterface(body).role() == QAccessible.Role.StaticText


def _level(widget):
    attributes = QAccessible.queryAccessibleInterface(widget).attributesInterface()
    if attributes is None or QAccessible.Attribute.Level not in attributes.attributeKeys():
        return None
    return attributes.attributeValue(QAccessible.Attribute.Level)


def test_headings_tell_their_level(make_window):
    """The step title is level 1 and the sections in it level 2 (AT-SPI's "level" attribute)."""
    w = make_window()
    w.go_next()
    assert _level(w.title_label) == 1
    sections = [h for h in w.step_view.findChildren(Heading) if h.isVisible()]
    assert sections
    assert {_level(h) for h in sections} == {2}
    body = next(
        label
        for label in w.step_view.findChildren(TextLabel)
        if label.isVisible() and not isinstance(label, Heading)
    )
    assert _level(body) is None


def test_pages_beside_the_guide_have_headings_too(make_window):
    w = make_window()
    w.show_help()
    headings = [h for h in w.help_page.findChildren(Heading) if h.isVisible()]
    assert headings
    assert all(
        QAccessible.queryAccessibleInterface(h).role() == QAccessible.Role.Heading for h in headings
    )


def test_every_widget_tells_the_language_it_shows(make_window):
    """A screen reader asks each widget's locale (WCAG 3.1.1 and 3.1.2); a switch reaches all."""
    w = make_window(language="fi")
    assert w.title_label.locale().name() == "fi_FI"
    assert w.step_view.findChildren(TextLabel)[0].locale().name() == "fi_FI"
    w.settings.language = "sv"
    w.settings_changed()
    labels = [w.title_label, *w.step_view.findChildren(TextLabel), w.next_button]
    assert {label.locale().language() for label in labels} == {QLocale.Language.Swedish}
