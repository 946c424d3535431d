"""Rows of buttons remember their height per width; a change in the row is never missed."""

from PySide6.QtWidgets import QApplication, QWidget

from asiointiapu.ui.widgets import Button, FlowLayout


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
