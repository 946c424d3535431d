"""Reading the shown step aloud, a sentence at a time, with that sentence marked on screen.

The speech engine runs in a worker process (asiointiapu/speech.py), started when a person
first asks to hear a step and kept until the window closes. The window gives it one sentence
at a time and moves the mark on when the worker says the sentence is done: every engine tells
when it is done, few tell which word they are at (speech-dispatcher does not). So the mark is
always on what is heard, and pause works alike everywhere: it stops the sentence, and
"Continue" says that sentence again from its start.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, QProcess, Qt, QTextBoundaryFinder, QTimer, Signal
from PySide6.QtWidgets import QWidget

from asiointiapu import speech
from asiointiapu.i18n import I18n
from asiointiapu.ui.widgets import TextLabel

log = logging.getLogger(__name__)

START_TIMEOUT_MS = 30_000  # speech-dispatcher lists its voices at start: seconds on old PCs
QUIT_TIMEOUT_MS = 2_000


class Reading(Enum):
    IDLE = "idle"
    STARTING = "starting"  # the first sentence is marked; the engine is starting
    SPEAKING = "speaking"
    PAUSED = "paused"


@dataclass(frozen=True)
class Sentence:
    label: TextLabel
    start: int
    end: int
    language: str

    @property
    def text(self) -> str:
        return self.label.source[self.start : self.end]


def _code_points(text: str) -> list[int]:
    """For each UTF-16 position Qt reports, the position in the Python string."""
    positions = []
    for index, char in enumerate(text):
        positions.extend([index] * (2 if ord(char) > 0xFFFF else 1))
    positions.append(len(text))
    return positions


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence starts and ends, by Unicode's sentence rules, without the spaces
    after it. A piece with no letters (the "1. " of a numbered step) joins the next one."""
    finder = QTextBoundaryFinder(QTextBoundaryFinder.BoundaryType.Sentence, text)
    position = _code_points(text)
    spans: list[tuple[int, int]] = []
    start = 0
    while (boundary := finder.toNextBoundary()) != -1:
        end = position[boundary]
        if any(char.isalpha() for char in text[start:end]):
            spans.append((start, end))
            start = end
    if start < len(text) and spans and text[start:].strip():
        spans[-1] = (spans[-1][0], len(text))  # trailing figures belong to the last sentence
    trimmed = []
    for start, end in spans:
        part = text[start:end]
        start += len(part) - len(part.lstrip())
        trimmed.append((start, start + len(part.strip())))
    return trimmed


class ReadAloud(QObject):
    """Reads a list of labels aloud. `changed` tells the buttons to follow `state`."""

    changed = Signal()
    sentence_started = Signal(QWidget)  # the label being read: the page scrolls it into view
    problem = Signal(str)  # why reading stopped or cannot start, in plain words

    def __init__(
        self, i18n: I18n, engine: str | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.i18n = i18n
        self.engine = engine  # None: the computer's own (speech-dispatcher, Windows' voices)
        self.state = Reading.IDLE
        self._script: list[Sentence] = []
        self._index = 0
        self._marked: TextLabel | None = None
        self._said = 0  # the number of the text last given to the worker
        self._process: QProcess | None = None
        self._leaving: set[QProcess] = set()  # workers let go of, until they have ended
        self._locales: list[str] | None = None  # the worker's voices, once it is ready
        self._output = b""
        self._start_timer = QTimer(self, singleShot=True, interval=START_TIMEOUT_MS)
        self._start_timer.timeout.connect(self._start_timed_out)

    # ---- what the buttons do --------------------------------------------------------------

    def read(self, labels: Iterable[TextLabel]) -> None:
        """Read these labels from the first sentence."""
        self.stop()
        self._script = [
            Sentence(label, start, end, self._language_of(label))
            for label in labels
            for start, end in sentence_spans(label.source)
        ]
        self._index = 0
        if self._script:
            self._say()

    def _language_of(self, label: TextLabel) -> str:
        """The program's language, or the label's own where it has one (a text shown
        untranslated): then that text is read with its own language's voice."""
        if label.testAttribute(Qt.WidgetAttribute.WA_SetLocale):
            return label.locale().name().split("_")[0]
        return self.i18n.language

    def pause(self) -> None:
        if self.state in (Reading.STARTING, Reading.SPEAKING):
            self._silence()
            self._set(Reading.PAUSED)

    def resume(self) -> None:
        if self.state is Reading.PAUSED:
            self._say()

    def stop(self) -> None:
        if self.state is not Reading.IDLE:
            self._silence()
        self._unmark()
        self._script = []
        self._set(Reading.IDLE)

    def close(self) -> None:
        """The window closes: stop, and let the worker go."""
        self.stop()
        self._let_go_of_worker()
        for process in list(self._leaving):
            if not process.waitForFinished(QUIT_TIMEOUT_MS):
                process.kill()
                process.waitForFinished(QUIT_TIMEOUT_MS)

    # ---- reading --------------------------------------------------------------------------

    def _say(self) -> None:
        sentence = self._script[self._index]
        if sentence.label is not self._marked:
            self._unmark()
        self._marked = sentence.label
        sentence.label.mark(sentence.start, sentence.end)
        self.sentence_started.emit(sentence.label)
        if self._locales is None:
            self._set(Reading.STARTING)
            self._start_worker()
            return
        self._set(Reading.SPEAKING)
        self._said += 1
        self._send({"say": sentence.text, "id": self._said, "language": sentence.language})

    def _sentence_done(self) -> None:
        self._index += 1
        if self._index < len(self._script):
            self._say()
        else:
            self.stop()

    def _silence(self) -> None:
        self._said += 1  # whatever the worker says of earlier texts no longer counts
        if self._locales is not None:
            self._send({"stop": True})

    def _unmark(self) -> None:
        marked, self._marked = self._marked, None
        if marked is not None and _alive(marked):
            marked.unmark()

    def _set(self, state: Reading) -> None:
        if state is not self.state:
            self.state = state
            self.changed.emit()

    def _fail(self, message: str) -> None:
        self.stop()
        self.problem.emit(message)

    # ---- the worker -----------------------------------------------------------------------

    def _start_worker(self) -> None:
        if self._process is not None:
            return  # starting already
        program, *arguments = speech.command_line(self.engine)
        process = QProcess(self)
        process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        process.readyReadStandardOutput.connect(self._read_output)
        process.readyReadStandardError.connect(self._read_errors)
        process.errorOccurred.connect(self._process_error)
        process.finished.connect(self._process_finished)
        self._process, self._output = process, b""
        self._start_timer.start()
        process.start(program, arguments)

    def _send(self, message: dict[str, Any]) -> None:
        if self._process is not None:
            self._process.write(speech.encode(message))

    def _read_output(self) -> None:
        if self._process is None:
            return
        self._output += self._process.readAllStandardOutput().data()
        *lines, self._output = self._output.split(b"\n")
        for line in lines:
            message = speech.decode(line)
            if message is not None:
                self._handle(message)

    def _read_errors(self) -> None:
        if self._process is not None:
            for line in self._process.readAllStandardError().data().splitlines():
                log.debug("speech worker: %s", line.decode(errors="replace"))

    def _handle(self, message: dict[str, Any]) -> None:
        _ = self.i18n.gettext
        event = message.get("event")
        if event == "ready":
            self._start_timer.stop()
            self._locales = [str(name) for name in message.get("locales", [])]
            if self.state is Reading.STARTING:
                self._say()
        elif event == "done" and message.get("id") == self._said:
            if self.state is Reading.SPEAKING:
                self._sentence_done()
        elif event == "no-voice" and message.get("id") == self._said:
            text = _("This computer has no voice for reading {language} aloud.")
            language = self._script[self._index].language if self._script else None
            self._fail(text.format(language=self.i18n.language_name(language)))
        elif event == "failed":
            log.warning("speech engine: %s (%s)", message.get("reason"), message.get("detail"))
            self._let_go_of_worker()
            if message.get("reason") == "no-engine":
                self._fail(
                    _("Reading aloud does not work on this computer: it has no speech program.")
                )
            else:
                self._fail(self._not_working())

    def _not_working(self) -> str:
        return self.i18n.gettext("Reading aloud stopped: the speech program is not working.")

    def _process_error(self, error: QProcess.ProcessError) -> None:
        if error is QProcess.ProcessError.FailedToStart:
            log.warning("speech worker did not start")
            self._let_go_of_worker()
            self._fail(self._not_working())

    def _process_finished(self) -> None:
        if self.sender() is self._process:  # not a worker let go of on purpose
            log.warning("speech worker ended unexpectedly")
            self._let_go_of_worker()
            if self.state is not Reading.IDLE:
                self._fail(self._not_working())

    def _start_timed_out(self) -> None:
        log.warning("speech engine did not start in %d s", START_TIMEOUT_MS // 1000)
        self._let_go_of_worker(kill=True)
        self._fail(self._not_working())

    def _let_go_of_worker(self, *, kill: bool = False) -> None:
        """Forget the worker; a new one starts when reading is asked for again."""
        self._start_timer.stop()
        process, self._process, self._locales = self._process, None, None
        if process is not None and process.state() is not QProcess.ProcessState.NotRunning:
            self._leaving.add(process)
            # Not deleteLater(): with the wrapper gone that crashed PySide 6.11 in tests. An
            # ended process is a small object, freed with this one.
            process.finished.connect(lambda: self._leaving.discard(process))
            if kill:
                process.kill()
            else:
                process.closeWriteChannel()  # the worker quits at the end of its input


def _alive(widget: QWidget) -> bool:
    """A page built again (new language, new text size) deletes its labels."""
    from shiboken6 import isValid

    return isValid(widget)
