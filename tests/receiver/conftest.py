"""A real receiver in a subprocess on a free loopback port, with its data in a temporary folder."""

import os
import queue
import re
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
READY = re.compile(r"receiver ready on (http://\S+)")
PASSWORD = re.compile(r"staff password for the inbox: (\S+)")
START_TIMEOUT = 20


@dataclass
class Receiver:
    url: str
    token: str
    password: str | None
    data_dir: Path
    process: subprocess.Popen
    stdout: list[str] = field(default_factory=list)
    stderr_file: Path | None = None

    def post(
        self, body=None, *, key=None, token=None, data=None, headers=None, path="/v1/requests"
    ):
        """POST /v1/requests (or `path`) with a fresh key and the right token unless told
        otherwise."""
        sent = {
            "Authorization": f"Bearer {self.token if token is None else token}",
            "Idempotency-Key": str(uuid.uuid4()) if key is None else key,
        }
        sent.update(headers or {})
        sent = {k: v for k, v in sent.items() if v is not None}
        if data is None:
            return requests.post(f"{self.url}{path}", json=body, headers=sent, timeout=10)
        sent.setdefault("Content-Type", "application/json")
        return requests.post(f"{self.url}{path}", data=data, headers=sent, timeout=10)

    def post_feedback(self, body=None, **options):
        """POST /v1/feedback, like post()."""
        return self.post(body, path="/v1/feedback", **options)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        return self.stderr_file.read_text(encoding="utf-8") if self.stderr_file else ""


def run_receiver_command(data_dir: Path, *args: str, stdin: str | None = None):
    """Runs the command to its end (for options that exit without serving)."""
    return subprocess.run(
        [sys.executable, "-m", "asiointiapu.receiver", "--data-dir", str(data_dir), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def start_receiver(data_dir: Path, *args: str) -> Receiver:
    """Starts the receiver and returns once it printed its ready line."""
    data_dir.mkdir(parents=True, exist_ok=True)
    stderr_file = data_dir.parent / f"{data_dir.name}-stderr-{uuid.uuid4().hex[:8]}.log"
    with stderr_file.open("w") as stderr:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "asiointiapu.receiver",
                "--data-dir",
                str(data_dir),
                "--port",
                "0",
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    lines: queue.Queue = queue.Queue()

    def read_stdout():
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read_stdout, daemon=True).start()
    seen: list[str] = []
    password = None
    while True:
        try:
            line = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            process.kill()
            pytest.fail(f"the receiver did not get ready; it printed {seen}")
        if line is None:
            process.wait()
            pytest.fail(
                f"the receiver stopped ({process.returncode}): {seen}\n"
                + stderr_file.read_text(encoding="utf-8")
            )
        seen.append(line)
        if match := PASSWORD.fullmatch(line):
            password = match[1]
        if match := READY.fullmatch(line):
            url = match[1]
            break
    token = (data_dir / "token").read_text(encoding="utf-8").strip()
    return Receiver(url, token, password, data_dir, process, seen, stderr_file)


@pytest.fixture(scope="module")
def receiver(tmp_path_factory):
    """One receiver for a test module, with the rate limit out of the way."""
    running = start_receiver(tmp_path_factory.mktemp("receiver") / "data", "--rate-limit", "100000")
    yield running
    running.stop()


@pytest.fixture
def start(tmp_path):
    """Starts receivers for one test and stops them after it."""
    started: list[Receiver] = []

    def starter(*args: str, data_dir: Path | None = None) -> Receiver:
        running = start_receiver(data_dir or tmp_path / f"data{len(started)}", *args)
        started.append(running)
        return running

    yield starter
    for running in started:
        running.stop()


JSON_NULL = object()  # for valid_body(): the field is there, as null


def valid_body(**changes):
    """A request the contract accepts; keyword arguments replace (or, as None, drop) fields."""
    body = {
        "kind": "callback",
        "name": "Maija",
        "phone": "+358401234567",
        "language": "fi",
        "interpreter": False,
        "preferred_times": [{"date": "2025-03-10", "part": "morning"}],
        "topic": "Logging in with bank codes",
        "step_id": "identify",
        "message": "I do not have bank codes.",
        "created_at": "2025-03-07T09:30:00+02:00",
        "app_version": "0.1.0",
    }
    return _changed(body, changes)


def _changed(body: dict, changes: dict) -> dict:
    """The body with `changes`: None removes a field, JSON_NULL sends it as null."""
    for name, value in changes.items():
        if value is None:
            body.pop(name, None)
        elif value is JSON_NULL:
            body[name] = None
        else:
            body[name] = value
    return body


def valid_feedback(**changes):
    """A step feedback the contract accepts (StepFeedback.to_dict()); changes as valid_body()."""
    body = {
        "guide_id": "registration",
        "step_id": "identify",
        "clear": False,
        "reasons": ["hard-words"],
        "comment": "I did not understand the word strong identification.",
        "language": "fi",
    }
    return _changed(body, changes)


def login(receiver: Receiver, password: str | None = None) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{receiver.url}/inbox/login", timeout=10)
    response = session.post(
        f"{receiver.url}/inbox/login",
        data={"csrf_token": csrf_token(page.text), "password": password or receiver.password},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 303, response.text
    assert response.headers["Location"] == "/inbox"
    return session


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert match, page
    return match[1]
