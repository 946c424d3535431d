"""What a screen reader gets from the window, in this process (the AT-SPI walk of the real
program is in test_screen_reader.py)."""

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


def test_pages_beside_the_guide_have_headings_too(make_window):
    w = make_window()
    w.show_help()
    headings = [h for h in w.help_page.findChildren(Heading) if h.isVisible()]
    assert headings
    assert all(
        QAccessible.queryAccessibleInterface(h).role() == QAccessible.Role.Heading for h in headings
    )
