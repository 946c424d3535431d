"""Rows of buttons and wrapping labels remember their sizes; a change is never missed."""

from PySide6.QtWidgets import QApplication, QWidget

from asiointiapu.ui.widgets import Button, FlowLayout, TextLabel


def test_the_remembered_height_follows_hidden_shown_and_renamed_buttons(qtbot):
    row = QWidget()
    qtbot.addWidget(row)
    layout = FlowLayout(row)
    first, second = Button("A long button text here"), Button("Another long button text")
    layout.addWidget(first)
    layout.addWidget(second)
    row.show()
    QApplication.processEvents()
    two_rows = layout.heightForWidth(200)
    assert layout.heightForWidth(200) == two_rows  # asked again: the same answer
    second.hide()
    one_row = layout.heightForWidth(200)
    assert one_row < two_rows
    second.show()
    assert layout.heightForWidth(200) == two_rows
    second.setText("Now a much longer text that wraps onto more lines than before")
    renamed = layout.heightForWidth(200)
    assert renamed > two_rows
    layout.addWidget(Button("A third"))
    QApplication.processEvents()  # Qt shows a button added to a shown row a moment later
    assert layout.heightForWidth(200) > renamed


def test_a_buttons_narrowest_size_follows_its_text_and_font(qtbot):
    """The narrowest a button can be (its longest word) is remembered, and forgotten when the
    text or the text size changes."""
    button = Button("Go")
    qtbot.addWidget(button)
    # Its own style sheet, as the program sets text sizes: it wins over any other test's.
    button.setStyleSheet("font-size: 16px")
    button.ensurePolished()
    short = button.minimumSizeHint()
    assert button.minimumSizeHint() == short
    button.setText("Unemployment")
    longer = button.minimumSizeHint()
    assert longer.width() > short.width()
    button.setStyleSheet("font-size: 48px")  # three times the text size
    button.ensurePolished()
    assert button.minimumSizeHint().width() > 2 * longer.width()
    # A copy: changing what was returned changes nothing remembered.
    button.minimumSizeHint().setWidth(1)
    assert button.minimumSizeHint().width() > longer.width()


def test_a_labels_remembered_heights_follow_its_text_font_and_margins(qtbot):
    """A wrapping label remembers its height for each width it is asked (layouts ask the same
    widths many times), and forgets them when what the text needs changes."""
    label = TextLabel("Short")
    qtbot.addWidget(label)
    label.setStyleSheet("font-size: 16px")
    label.ensurePolished()
    one_line = label.heightForWidth(200)
    assert label.heightForWidth(200) == one_line
    label.setText("A text long enough to wrap onto several lines at this width, surely")
    several = label.heightForWidth(200)
    assert several >= 3 * one_line
    label.setStyleSheet("font-size: 48px")  # three times the text size
    label.ensurePolished()
    assert label.heightForWidth(200) > 2 * several
    bigger = label.heightForWidth(200)
    label.setContentsMargins(0, 40, 0, 40)
    assert label.heightForWidth(200) == bigger + 80
    label.mark(0, 6)  # the sentence read aloud: rich text of the same words
    assert label.heightForWidth(200) >= bigger + 80
    label.setText("Short")
    label.unmark()
    assert label.heightForWidth(200) < bigger
