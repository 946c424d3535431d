"""Real speech: the worker process with speech-dispatcher and espeak-ng (Debian's packages,
installed by packaging/system-deps.sh), for each language the program speaks. The sound goes
to a file (the `speech_home` fixture in conftest.py), so the tests check speech was made."""

import subprocess
import sys
import time

import pytest

from asiointiapu.speech import command_line, decode, encode
from tests.conftest import loudness

SENTENCES = {
    "fi": "Ilmoittaudu työnhakijaksi viimeistään ensimmäisenä työttömyyspäivänä.",
    "sv": "Anmäl dig som arbetssökande senast den första dagen du är arbetslös.",
    "en": "Register as a job seeker on your first day of unemployment at the latest.",
}


def read_messages(worker, until, timeout=30):
    """The worker's messages until one matches `until` (or the time is up)."""
    seen = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = worker.stdout.readline()
        if not line:
            break
        message = decode(line)
        if message is not None:
            seen.append(message)
            if until(message):
                break
    return seen


@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_the_worker_speaks_each_language(speech_home, language):
    worker = subprocess.Popen(
        command_line(None), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        ready = read_messages(worker, lambda m: m.get("event") in ("ready", "failed"))
        assert ready and ready[-1]["event"] == "ready", ready
        assert any(name.startswith(language + "_") for name in ready[-1]["locales"])
        worker.stdin.write(encode({"say": SENTENCES[language], "id": 1, "language": language}))
        worker.stdin.flush()
        done = read_messages(worker, lambda m: m.get("event") != "ready")
        assert done == [{"event": "done", "id": 1}]
    finally:
        worker.stdin.close()
        worker.wait(10)
    # espeak-ng says a sentence like these in two to five seconds: at 22,050 samples a
    # second, well over 50,000 samples of real sound.
    assert speech_home.stat().st_size > 100_000
    assert loudness(speech_home) > 1_000


def test_a_language_with_no_voice_is_told(speech_home):
    worker = subprocess.Popen(
        command_line(None), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    try:
        read_messages(worker, lambda m: m.get("event") == "ready")
        worker.stdin.write(encode({"say": "Soo dhawow.", "id": 7, "language": "so"}))
        worker.stdin.flush()
        assert read_messages(worker, lambda m: True) == [{"event": "no-voice", "id": 7}]
    finally:
        worker.stdin.close()
        worker.wait(10)


def test_without_the_speech_module_the_worker_says_there_is_no_engine(tmp_path):
    # Qt's speech module is missing (PySide6-Addons not installed): a package that fails to
    # import stands in for it.
    blocker = tmp_path / "PySide6" / "QtTextToSpeech.py"
    blocker.parent.mkdir()
    blocker.write_text("raise ImportError('no QtTextToSpeech here')\n")
    code = (
        "import sys, PySide6; PySide6.__path__.insert(0, sys.argv[1]);"
        "from asiointiapu.speech import run_worker; sys.exit(run_worker(None))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(blocker.parent)],
        input=b"",
        capture_output=True,
        timeout=60,
        check=True,
    )
    message = decode(result.stdout.splitlines()[0])
    assert message["event"] == "failed" and message["reason"] == "no-engine"
