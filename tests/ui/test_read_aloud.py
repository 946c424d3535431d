"""Reading a step aloud, with a real speech worker process and Qt's "mock" speech engine.

The mock engine speaks into nothing at about a word per 100 ms, has voices for English and
Finnish (not Swedish) and reports when it is done, as the real engines do. The last test
reads with the computer's own voices (speech-dispatcher and espeak-ng), as do the tests in
tests/test_speech_engine.py.
"""

import os
import signal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from asiointiapu.ui.read_aloud import ReadAloud, Reading, sentence_spans
from asiointiapu.ui.themes import LIGHT, palette
from asiointiapu.ui.widgets import TextLabel
from tests.conftest import loudness

WAIT_MS = 20_000  # a worker process starts, imports Qt and its engine


def pieces(text):
    return [text[a:b] for a, b in sentence_spans(text)]


def test_sentences_of_a_step_text():
    assert pieces("1. Avaa Työmarkkinatori. Kirjaudu sisään esim. pankkitunnuksilla!") == [
        "1. Avaa Työmarkkinatori.",
        "Kirjaudu sisään esim. pankkitunnuksilla!",
    ]
    assert pieces("Step 3 of 10") == ["Step 3 of 10"]
    assert pieces("Soita 0295 020 700.  Kiitos! 12.") == ["Soita 0295 020 700.", "Kiitos! 12."]
    assert pieces("— 12 —") == []
    assert pieces("") == []


def test_sentences_after_characters_outside_the_basic_plane():
    # Qt counts in UTF-16 units; the spans are Python string positions.
    text = "Hei 🙂 kaikki. Tässä 𝒜 on toinen lause."
    assert pieces(text) == ["Hei 🙂 kaikki.", "Tässä 𝒜 on toinen lause."]


def test_a_marked_sentence_is_in_the_selection_colours_and_underlined(qtbot):
    QApplication.instance().setPalette(palette(LIGHT))
    label = TextLabel("First one. Second <b>one</b> & more.")
    qtbot.addWidget(label)
    name = label.accessibleName()
    start, end = sentence_spans(label.source)[1]
    label.mark(start, end)
    assert label.textFormat() == Qt.TextFormat.RichText
    marked = label.text()
    assert LIGHT.selection in marked and LIGHT.selection_text in marked
    assert "text-decoration: underline" in marked
    assert "First one. <span" in marked
    assert "Second &lt;b&gt;one&lt;/b&gt; &amp; more.</span>" in marked  # text, never markup
    assert label.accessibleName() == name
    label.unmark()
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == label.source


def test_a_mark_keeps_the_links_of_a_label(qtbot):
    label = TextLabel()
    qtbot.addWidget(label)
    text = "Read the word here. Then go on."
    label.set_linked_text(text, [(14, 18, "term:word")])
    label.mark(0, 19)
    marked = label.text()
    assert '<a href="term:word"><span style=' in marked
    label.unmark()
    assert "<span" not in label.text()
    assert '<a href="term:word">here</a>' in label.text()


@pytest.fixture
def reader(qtbot):
    from asiointiapu.i18n import I18n
    from asiointiapu.resources import translations_dir

    reader = ReadAloud(I18n(translations_dir(), "en"), "mock")
    problems = []
    reader.problem.connect(problems.append)
    reader.problems = problems
    yield reader
    reader.close()


def labels(qtbot, *texts):
    made = [TextLabel(text) for text in texts]
    for label in made:
        qtbot.addWidget(label)
    return made


def test_reads_every_sentence_in_order_then_stops(qtbot, reader):
    first, second = labels(qtbot, "One. Two words.", "Three.")
    heard = []
    reader.sentence_started.connect(heard.append)
    reader.read([first, second])
    assert reader.state is Reading.STARTING  # the first sentence is marked at once
    assert first.textFormat() == Qt.TextFormat.RichText
    qtbot.waitUntil(lambda: reader.state is Reading.IDLE, timeout=WAIT_MS)
    # Marked once while the engine started, then once per sentence as it is said.
    assert heard == [first, first, first, second]
    assert reader.problems == []
    assert first.textFormat() == second.textFormat() == Qt.TextFormat.PlainText


def test_pause_keeps_the_place_and_continue_says_that_sentence_again(qtbot, reader):
    first, second = labels(
        qtbot, "This is a long first sentence with many words in it to say.", "Second."
    )
    reader.read([first, second])
    qtbot.waitUntil(lambda: reader.state is Reading.SPEAKING, timeout=WAIT_MS)
    reader.pause()
    assert reader.state is Reading.PAUSED
    qtbot.wait(1500)  # a sentence not stopped would have been said and the mark moved on
    assert reader.state is Reading.PAUSED
    assert first.textFormat() == Qt.TextFormat.RichText
    assert second.textFormat() == Qt.TextFormat.PlainText
    heard = []
    reader.sentence_started.connect(heard.append)
    reader.resume()
    assert heard == [first]
    qtbot.waitUntil(lambda: reader.state is Reading.IDLE, timeout=WAIT_MS)
    assert heard == [first, second]


def test_no_voice_for_the_language_says_so(qtbot, reader):
    reader.i18n.set_language("sv")
    (label,) = labels(qtbot, "Hej.")
    reader.read([label])
    qtbot.waitUntil(lambda: bool(reader.problems), timeout=WAIT_MS)
    assert reader.problems == ["Den här datorn har ingen röst för att läsa svenska högt."]
    assert reader.state is Reading.IDLE
    assert label.textFormat() == Qt.TextFormat.PlainText


def test_no_speech_engine_says_so(qtbot, reader):
    reader.engine = "no-such-engine"
    (label,) = labels(qtbot, "Hello.")
    reader.read([label])
    qtbot.waitUntil(lambda: bool(reader.problems), timeout=WAIT_MS)
    assert reader.problems == [
        "Reading aloud does not work on this computer: it has no speech program."
    ]
    assert reader.state is Reading.IDLE


def test_a_worker_that_dies_is_reported_and_started_again(qtbot, reader):
    first, second = labels(qtbot, "One two three four five six seven eight nine ten.", "Two.")
    reader.read([first, second])
    qtbot.waitUntil(lambda: reader.state is Reading.SPEAKING, timeout=WAIT_MS)
    os.kill(reader._process.processId(), signal.SIGKILL)
    qtbot.waitUntil(lambda: bool(reader.problems), timeout=WAIT_MS)
    assert reader.problems == ["Reading aloud stopped: the speech program is not working."]
    assert reader.state is Reading.IDLE
    assert first.textFormat() == Qt.TextFormat.PlainText
    reader.read([second])
    qtbot.waitUntil(lambda: reader.state is Reading.IDLE, timeout=WAIT_MS)
    assert len(reader.problems) == 1


def test_the_step_is_read_from_its_top_and_the_buttons_follow(make_window, qtbot):
    window = make_window(language="fi")
    window.speech_engine = "mock"
    page = window.guide_page
    assert window.read_button.text() == "▶ Lue ääneen"
    assert page.isAncestorOf(window.read_button)  # under the title, on every step
    assert window.reading_bar.isHidden()
    expected = page.reading_labels()
    assert expected[0] is page.position_label and expected[1] is page.title_label
    assert page.keys_label not in expected
    window.read_button.setFocus()
    qtbot.keyClick(window.read_button, Qt.Key.Key_Space)
    reader = window.reader
    heard = []
    reader.sentence_started.connect(heard.append)
    # The controls stay in view above the page, and the focus is on Pause, as on a player.
    assert window.reading_bar.isVisible()
    assert window.pause_button.hasFocus()
    assert window.pause_button.text() == "❚❚ Tauko"
    assert window.stop_reading_button.text() == "■ Pysäytä"
    qtbot.waitUntil(lambda: len(set(heard)) >= 3, timeout=WAIT_MS)
    assert list(dict.fromkeys(heard))[:3] == expected[:3]
    qtbot.keyClick(window.pause_button, Qt.Key.Key_Space)
    assert reader.state is Reading.PAUSED
    assert window.pause_button.text() == "▶ Jatka"
    qtbot.keyClick(window.pause_button, Qt.Key.Key_Space)
    assert reader.state is Reading.SPEAKING
    window.stop_reading_button.setFocus()
    qtbot.keyClick(window.stop_reading_button, Qt.Key.Key_Space)
    assert reader.state is Reading.IDLE
    assert window.reading_bar.isHidden()
    assert window.read_button.hasFocus()  # not lost with the bar
    assert not any("<span" in label.text() for label in expected)  # no mark left


def test_a_new_step_or_language_stops_reading(make_window, qtbot):
    window = make_window(language="en")
    window.speech_engine = "mock"
    window.read_aloud()
    qtbot.waitUntil(lambda: window.reader.state is Reading.SPEAKING, timeout=WAIT_MS)
    marked = window.reader._marked
    window.go_next()
    assert window.reader.state is Reading.IDLE
    assert marked.textFormat() == Qt.TextFormat.PlainText
    window.read_aloud()
    qtbot.waitUntil(lambda: window.reader.state is Reading.SPEAKING, timeout=WAIT_MS)
    window.settings.language = "fi"
    window.settings_changed()  # the pages are built again and the old labels deleted
    assert window.reader.state is Reading.IDLE
    assert window.read_button.text() == "▶ Lue ääneen"
    window.read_aloud()
    assert window.reading_bar.isVisible()
    window.show_help()
    assert window.reader.state is Reading.IDLE
    assert window.reading_bar.isHidden()


def test_the_step_is_heard_in_the_computer_voice(make_window, qtbot, speech_home):
    window = make_window(language="fi")  # speech_engine None: speech-dispatcher here
    page = window.guide_page
    window.read_aloud()
    heard = []
    window.reader.sentence_started.connect(heard.append)
    qtbot.waitUntil(lambda: len(set(heard)) >= 3, timeout=60_000)
    assert list(dict.fromkeys(heard))[:3] == page.reading_labels()[:3]
    window.stop_reading()
    assert window.banner.isHidden()  # no message: it worked
    assert loudness(speech_home) > 1_000


def test_a_speech_program_that_never_starts_is_given_up_with_a_message(
    qtbot, reader, monkeypatch, tmp_path
):
    """An engine stuck at start (a hung speech-dispatcher): the person is told, not left
    waiting, and the stuck process is ended."""
    import sys

    from asiointiapu import speech
    from asiointiapu.ui import read_aloud

    silent = tmp_path / "silent_worker.py"
    silent.write_text("import time\ntime.sleep(600)\n")
    monkeypatch.setattr(speech, "command_line", lambda engine: [sys.executable, str(silent)])
    monkeypatch.setattr(read_aloud, "START_TIMEOUT_MS", 1500)
    reader._start_timer.setInterval(read_aloud.START_TIMEOUT_MS)
    (label,) = labels(qtbot, "Hello.")
    reader.read([label])
    assert reader.state is Reading.STARTING
    process = reader._process
    qtbot.waitUntil(lambda: bool(reader.problems), timeout=10_000)
    assert reader.problems == ["Reading aloud stopped: the speech program is not working."]
    assert reader.state is Reading.IDLE and label.textFormat() == Qt.TextFormat.PlainText
    qtbot.waitUntil(lambda: process.state() == process.ProcessState.NotRunning, timeout=5000)


def test_chatter_and_broken_lines_from_the_worker_are_ignored():
    from asiointiapu.speech import decode

    assert decode(b"qt.multimedia: Couldn't load pipewire") is None
    assert decode(b"[1, 2]") is None
    assert decode(b'{"event": "ready", "locales": []}') == {"event": "ready", "locales": []}
