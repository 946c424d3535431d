"""The outbox under load: many saved requests delivered to the reference receiver."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from asiointiapu.contact.outbox import Outbox
from asiointiapu.help_requests import HelpRequests
from bench import Figure, figure
from bench.sending import request

READY = "receiver ready on "


def fill(path: Path, count: int) -> None:
    """Save `count` pending requests in the outbox file at `path`."""
    body = request().to_json()
    with Outbox(path) as outbox:
        for _ in range(count):
            outbox.enqueue_body(body)


def start_receiver(directory: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "asiointiapu.receiver",
            "--port",
            "0",
            "--rate-limit",
            "100000",
            "--data-dir",
            str(directory),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith(READY):
            # Keep reading, or the receiver would block once the pipe is full.
            threading.Thread(target=lambda: [*process.stdout], daemon=True).start()  # type: ignore[misc]
            return process, line[len(READY) :].strip()
    raise RuntimeError(f"the receiver did not start ({process.wait()})")


def throughput(tmp: Path, count: int = 1000, runs: int = 2) -> Figure:
    """Requests a second, sending `count` saved requests with one send_pending()."""
    receiver, url = start_receiver(tmp / "receiver")
    try:
        rates = []
        for n in range(runs):
            path = tmp / f"outbox-load-{n}.sqlite3"
            fill(path, count)
            sender = HelpRequests(url, tmp / "receiver" / "token", outbox_path=path)
            started = time.perf_counter()
            delivered = sender.send_pending()
            elapsed = time.perf_counter() - started
            if delivered != count:
                raise RuntimeError(f"only {delivered} of {count} delivered")
            rates.append(count / elapsed)
        return figure(rates)
    finally:
        receiver.terminate()
        receiver.wait(10)
