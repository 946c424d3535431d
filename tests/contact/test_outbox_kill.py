"""Kill sending processes at random moments: every saved request is delivered exactly once.

A sender process (sender_child.py) saves requests to its outbox file and sends them to a real
receiver on loopback that dedupes by Idempotency-Key and sometimes fails, before storing or
after (a lost answer). The test kills it with SIGKILL at a random moment and starts the next one
on the same file, many times over; then it sends what is left itself and counts. Two lanes, each
with its own file, run side by side.
"""

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest

from asiointiapu.contact.channels import HttpChannel
from asiointiapu.contact.outbox import SENT, Outbox

from .helpers import DedupReceiver

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LANES = 2
RUNS_PER_LANE = 40  # 80 kills in all
TOKEN = "kill-test-token-0c3e"


def run_lane(lane: int, path: Path, url: str, seed: int) -> list[str]:
    """Start a sender, wait a random moment, kill it; RUNS_PER_LANE times on one outbox file.
    Gives the keys the senders said they had saved."""
    rng = random.Random(seed * 100 + lane)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT)])}
    errors = path.with_name("stderr.txt")
    saved = []
    with errors.open("w") as err:
        parent = subprocess.Popen(
            [sys.executable, str(HERE / "sender_child.py"), str(path), url, TOKEN],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=env,
            cwd=path.parent,
        )
    pid = None
    try:
        for run in range(RUNS_PER_LANE):
            where = f"seed {seed}, lane {lane}, run {run}"
            parent.stdin.write(f"run {lane}.{run}\n")
            parent.stdin.flush()
            pid, ready = None, False
            while pid is None or not ready:  # the two lines come in either order
                line = parent.stdout.readline()
                assert line, f"{where}: {errors.read_text()}"
                if line.startswith("pid "):
                    pid = int(line.split()[1])
                ready = ready or line.strip() == "ready"
                if line.startswith("saved "):
                    saved.append(line.split()[1])
            time.sleep(rng.uniform(0, 0.12))
            os.kill(pid, signal.SIGKILL)
            pid = None
            while not (line := parent.stdout.readline()).startswith("done"):
                assert line, f"{where}: {errors.read_text()}"
                if line.startswith("saved "):
                    saved.append(line.split()[1])
            assert line.split()[1:] == [str(int(signal.SIGKILL))], f"{where}: {errors.read_text()}"
    finally:
        if pid is not None:  # a failed check: leave no sender behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        parent.stdin.close()
        try:
            parent.wait(10)
        except subprocess.TimeoutExpired:
            parent.kill()
            parent.wait()
    return saved


@pytest.mark.slow
def test_killed_senders_lose_and_duplicate_nothing(server, tmp_path):
    seed = int(os.environ.get("KILL_TEST_SEED", time.time_ns() % 1_000_000))
    receiver = DedupReceiver(flaky=0.2, seed=seed)
    server.expect_request("/v1/requests", method="POST").respond_with_handler(receiver)
    url = server.url_for("/").rstrip("/")
    paths = [tmp_path / f"lane{n}" / "outbox.sqlite3" for n in range(LANES)]
    for path in paths:
        path.parent.mkdir()

    with ThreadPoolExecutor(LANES) as pool:
        lanes = list(pool.map(run_lane, range(LANES), paths, [url] * LANES, [seed] * LANES))

    # Back in one piece: send what is left, with the receiver working again.
    receiver.flaky = 0.0
    channel = HttpChannel(url, TOKEN, connect_timeout=2, read_timeout=2)
    entries = {}
    for path in paths:
        with Outbox(path) as outbox:
            outbox.send_due(channel, now=outbox.clock() + timedelta(days=1))
            assert outbox.pending_count() == 0, f"seed {seed}"
            entries.update({key: outbox.get(key) for key in _keys(path)})

    saved = [key for lane in lanes for key in lane]
    info = f"seed {seed}: {len(entries)} requests, {len(receiver.posted)} posts"
    assert len(saved) >= RUNS_PER_LANE, f"the kills came too early: {info}"
    assert set(saved) <= set(entries), f"lost after saving: {info}"
    assert all(e.state == SENT and e.body is None for e in entries.values()), info
    assert set(receiver.stored) == set(entries), f"lost on the way: {info}"
    assert set(receiver.posted) <= set(entries), f"sent before it was saved: {info}"
    assert receiver.conflicts == 0, f"a retry changed the body: {info}"
    messages = Counter(json.loads(body)["message"] for body, _ in receiver.stored.values())
    assert len(messages) == len(entries), f"duplicated: {info}"
    receipts = {r["reference"] for _, r in receiver.stored.values()}
    assert {e.reference for e in entries.values()} == receipts, info
    assert len(receiver.posted) > len(entries), f"nothing was ever sent twice: {info}"


def _keys(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT key FROM requests")]
