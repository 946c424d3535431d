"""GUI event-loop stall while a help request is sent to a server that misbehaves.

The servers run in their own process (`python -m bench.sending slow|drop|busy`), so that they
take nothing from this process's GIL. While the window's Runner sends, a 10 ms timer ticks in
the GUI thread; the longest gap between ticks is the stall a person would feel.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from asiointiapu.contact.model import ContactRequest
from asiointiapu.help_requests import HelpRequests
from asiointiapu.settings import SiteSettings
from asiointiapu.ui.main_window import MainWindow
from bench import Figure, figure
from bench.latency import SETTLING_MS, dispose, longest_gap, new_window

SERVERS = {"slow": "answers after 5 s", "drop": "drops the connection", "busy": "answers 503"}
RECEIPT = b'{"reference": "K7Q-482", "received_at": "2026-11-23T10:00:01Z", "duplicate": false}'


def request() -> ContactRequest:
    return ContactRequest(
        kind="callback",
        name="Maija",
        phone="+358401234567",
        language="fi",
        interpreter=False,
        preferred_times=((date(2026, 11, 24), "morning"),),
        topic="Identifying myself",
        step_id="identify",
        created_at=datetime.now(UTC),
    )


class Answer(BaseHTTPRequestHandler):
    kind = "busy"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if self.kind == "slow":
            time.sleep(5)
            self.send_response(201)
            body = RECEIPT
        else:
            self.send_response(503)
            self.send_header("Retry-After", "120")
            body = b""
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: object) -> None:
        pass


def serve(kind: str) -> None:
    """Print `port <n>`, then serve until killed."""
    if kind == "drop":
        with socket.create_server(("127.0.0.1", 0)) as server:
            print(f"port {server.getsockname()[1]}", flush=True)
            while True:
                connection, _ = server.accept()
                connection.close()
    Answer.kind = kind
    http = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    print(f"port {http.server_address[1]}", flush=True)
    http.serve_forever()


def max_gaps(kind: str, tmp: Path, runs: int) -> Figure:
    """The longest gap between 10 ms ticks (ms) while each of `runs` requests is sent."""
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.sending", kind], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().split()[1]}"
        token_file = tmp / f"token-{kind}"
        token_file.write_text("t" * 40)
        token_file.chmod(0o600)
        help_requests = HelpRequests(url, token_file, outbox_path=tmp / f"outbox-{kind}.sqlite3")
        site = SiteSettings(receiver_url=url, receiver_token_file=str(token_file))
        window = new_window(site=site, help_requests=help_requests, settling_ms=SETTLING_MS)
        # As the app does after start: loads the HTTP and keyring libraries once.
        window.send_pending()
        window.runner.wait(30_000)
        gaps = figure([_one_send(window, help_requests) for _ in range(runs)])
        dispose(window)
        return gaps
    finally:
        server.kill()
        server.wait()


def _one_send(window: MainWindow, help_requests: HelpRequests) -> float:
    """The longest event-loop gap (ms) from submitting a request until its answer is back."""
    return longest_gap(
        lambda done: window.runner.run(
            lambda: help_requests.submit(request()), lambda _r: done(), lambda _e: done()
        ),
        30_000,
    )


def stalls(tmp: Path, runs: int = 3) -> dict[str, Figure]:
    result = {}
    for kind in SERVERS:
        result[kind] = max_gaps(kind, tmp, runs)
    return result


if __name__ == "__main__":
    serve(sys.argv[1])
