"""Text with links is made into rich text by the program itself: only its own links are markup."""

from PySide6.QtGui import QTextDocument

from asiointiapu.ui.widgets import TextLabel


def test_markup_characters_in_the_text_and_the_link_stay_as_written(qtbot):
    text = 'Fish & "chips" <b>not bold</b> it\'s here'
    href = 'https://example.fi/a?b=1&c="2"<x>'
    start = text.index("<b>")
    label = TextLabel()
    qtbot.addWidget(label)
    label.set_linked_text(text, [(start, start + len("<b>not bold</b>"), href)])

    document = QTextDocument()
    document.setHtml(label.text())
    assert document.toPlainText() == text  # nothing was read as markup
    anchors = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor():
                anchors.append((fragment.text(), fragment.charFormat().anchorHref()))
            it += 1
        block = block.next()
    assert anchors == [("<b>not bold</b>", href)]
    assert "<b>" not in label.text().replace("&lt;b&gt;", "")
    assert label.accessibleName() == text
