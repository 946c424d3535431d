"""The reference receiver on loopback beside the app, so everything can be tried on one machine.

`asiointiapu --with-local-receiver` (what `make run` does) starts `asiointiapu.receiver` as a
child process, waits for its ready line, and stops it when the app ends. A receiver already
answering on the port (from an earlier run) is used as it is.
"""

from __future__ import annotations

import atexit
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
PORT = 8765
READY = "receiver ready on "
START_TIMEOUT = 30.0


@dataclass(frozen=True)
class LocalReceiver:
    url: str
    token_file: Path


def data_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("asiointiapu", appauthor=False) / "receiver"


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/v1/health", timeout=1) as reply:
            return reply.status == 200
    except OSError:
        return False


def start(directory: Path | None = None, port: int = PORT) -> LocalReceiver:
    """Start (or reuse) the local receiver; RuntimeError says plainly what went wrong."""
    directory = directory or data_dir()
    url = f"http://{HOST}:{port}"
    if _answers(url):
        return LocalReceiver(url, directory / "token")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "asiointiapu.receiver",
            "--host",
            HOST,
            "--port",
            str(port),
            "--data-dir",
            str(directory),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    atexit.register(_stop, process)
    deadline = time.monotonic() + START_TIMEOUT
    assert process.stdout is not None
    for line in process.stdout:
        # The first start prints the staff password for the inbox: show it to whoever ran us.
        print(f"receiver: {line.rstrip()}", flush=True)
        if line.startswith(READY):
            # Keep reading, or the receiver would block once the pipe is full.
            threading.Thread(target=_relay, args=(process,), daemon=True).start()
            return LocalReceiver(line[len(READY) :].strip(), directory / "token")
        if time.monotonic() > deadline:
            break
    _stop(process)
    raise RuntimeError(f"the local receiver did not start (exit code {process.poll()})")


def _relay(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        print(f"receiver: {line.rstrip()}", flush=True)


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
