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


def test_a_text_shown_untranslated_tells_its_own_language(make_window, monkeypatch):
    """WCAG 3.1.2: an English text on a Finnish page is marked English, for a screen reader
    and for reading aloud (which then uses an English voice for it)."""
    w = make_window(language="fi")
    step = w.guide.step(w.progress.current)
    missing = step.blocks[0].text
    lookup = w.i18n.lookup
    monkeypatch.setattr(w.i18n, "lookup", lambda text: None if text == missing else lookup(text))
    w.retranslate()  # the step is built again, now with one text in English
    labels = w.step_view.findChildren(TextLabel)
    english = [label for label in labels if label.source.startswith(missing[:30])]
    assert english and {label.locale().language() for label in english} == {
        QLocale.Language.English
    }
    others = [label for label in labels if label not in english]
    assert {label.locale().language() for label in others} == {QLocale.Language.Finnish}
    assert any("ei ole vielä käännetty" in label.source for label in others)  # the note

    from asiointiapu.ui.read_aloud import ReadAloud

    reader = ReadAloud(w.i18n, "mock")
    reader._start_worker = lambda: None  # only the script is looked at here
    reader.read(w.guide_page.reading_labels())
    languages = {sentence.label: sentence.language for sentence in reader._script}
    assert {languages[label] for label in english} == {"en"}
    assert languages[w.title_label] == "fi"
    reader.stop()


def test_language_names_are_marked_in_their_own_language(make_window):
    w = make_window(language="fi")
    w.show_settings()
    radios = w.settings_page.groups["language"].buttons()
    by_name = {radio.accessibleName(): radio.locale().language() for radio in radios}
    assert by_name["svenska"] == QLocale.Language.Swedish
    assert by_name["English"] == QLocale.Language.English
    assert by_name["suomi"] == QLocale.Language.Finnish
