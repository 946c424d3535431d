"""The speech worker: a small process that owns the speech engine and says one text at a time.

The window (asiointiapu/ui/read_aloud.py) talks to it in JSON lines over stdin and stdout.
Why a process of its own: speech-dispatcher takes two to three seconds to start in Qt (it
lists every voice, over 13,000 with espeak-ng), and Qt's Python binding holds the interpreter
lock all that time, so even a thread would freeze the window. A process also keeps an engine
that crashes away from the person's answers.

To the worker, one object per line:
    {"say": "text", "id": 3, "language": "fi"}    say this (stops what is being said)
    {"stop": true}                                 stop saying
    end of input                                   quit
From the worker:
    {"event": "ready", "locales": ["fi_FI", ...]}  the engine works; voices for these locales
    {"event": "done", "id": 3}                     said to the end
    {"event": "no-voice", "id": 3}                 no voice for that language
    {"event": "failed", "reason": "no-engine" | "engine", "detail": "..."}
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from typing import Any

from asiointiapu.app import ENGINE_OPTION, WORKER_OPTION

log = logging.getLogger(__name__)

# A little slower than the engines' default: our readers include older people and people
# who are learning the language (-1.0 is slowest, 0 the engine's normal rate).
RATE = -0.15


def command_line(engine: str | None) -> list[str]:
    """The program and arguments that start a worker, from a source tree or a frozen bundle."""
    if getattr(sys, "frozen", False):
        program = [sys.executable]
    else:
        program = [sys.executable, "-m", "asiointiapu"]
    return [*program, WORKER_OPTION, *([ENGINE_OPTION, engine] if engine else [])]


def best_locale(available: list[str], language: str) -> str | None:
    """The voice's locale for a language: as spoken in Finland where there is one."""
    matches = sorted(name for name in available if name.split("_")[0] == language)
    preferred = f"{language}_FI"
    if preferred in matches:
        return preferred
    return matches[0] if matches else None


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, ensure_ascii=False).encode() + b"\n"


def decode(line: bytes | str) -> dict[str, Any] | None:
    """One message, or None for a line that is not one (the engine's own chatter)."""
    try:
        message = json.loads(line)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


def _send(message: dict[str, Any]) -> None:
    sys.stdout.buffer.write(encode(message))
    sys.stdout.buffer.flush()


def run_worker(engine: str | None) -> int:
    """Speak what the window asks until its end of the pipe closes."""
    try:
        from PySide6.QtCore import QCoreApplication, QLocale, QObject, Signal
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:  # PySide6-Addons is not installed
        _send({"event": "failed", "reason": "no-engine", "detail": str(exc)})
        return 0

    app = QCoreApplication([sys.argv[0]])
    engines = QTextToSpeech.availableEngines()
    if not engines or (engine and engine not in engines):
        _send({"event": "failed", "reason": "no-engine", "detail": f"engines: {engines}"})
        return 0

    class Inbox(QObject):
        line = Signal(str)
        ended = Signal()

    inbox = Inbox()
    speech = QTextToSpeech(engine, app) if engine else QTextToSpeech(app)
    State = QTextToSpeech.State
    current: dict[str, Any] = {"id": None, "heard": False}

    def fail(detail: str) -> None:
        _send({"event": "failed", "reason": "engine", "detail": detail})

    def announce_ready() -> None:
        locales = sorted({locale.name() for locale in speech.availableLocales()})
        _send({"event": "ready", "locales": locales})

    def state_changed(state: QTextToSpeech.State) -> None:
        if state == State.Speaking:
            current["heard"] = True
        elif state == State.Ready and current["id"] is not None and current["heard"]:
            # Only a text this worker has heard start is done: the end of a stopped one
            # may arrive after the next has been asked for.
            _send({"event": "done", "id": current["id"]})
            current["id"] = None
        elif state == State.Error:
            current["id"] = None
            fail(speech.errorString())

    def handle(line: str) -> None:
        message = decode(line)
        if message is None:
            return
        if "say" in message:
            locale = best_locale(
                [locale.name() for locale in speech.availableLocales()],
                str(message.get("language", "")),
            )
            if locale is None:
                _send({"event": "no-voice", "id": message.get("id")})
                return
            current["id"] = None  # the end of what is stopped here is not this text's end
            if speech.state() == State.Speaking:
                speech.stop()
            if speech.locale().name() != locale:
                speech.setLocale(QLocale(locale))
            current.update(id=message.get("id"), heard=False)
            speech.say(str(message["say"]))
        elif message.get("stop"):
            current["id"] = None
            speech.stop()

    def first_state(state: QTextToSpeech.State) -> None:
        # Some engines start in the background: ready, or failed, once they say so.
        if state in (State.Ready, State.Error):
            speech.stateChanged.disconnect(first_state)
            if state == State.Ready:
                announce_ready()
            else:
                fail(speech.errorString())

    speech.setRate(RATE)
    speech.stateChanged.connect(state_changed)
    inbox.line.connect(handle)
    inbox.ended.connect(app.quit)
    if speech.state() == State.Ready:
        announce_ready()
    elif speech.state() == State.Error:
        fail(speech.errorString())
    else:
        speech.stateChanged.connect(first_state)

    def read_input() -> None:
        # stdin is read in a thread: Qt has no portable notifier for a pipe (Windows).
        for line in sys.stdin:
            inbox.line.emit(line)
        inbox.ended.emit()

    threading.Thread(target=read_input, daemon=True).start()
    app.exec()
    speech.stop()
    return 0
