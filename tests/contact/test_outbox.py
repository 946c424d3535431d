"""The outbox on a real SQLite file, sending to a real server on loopback."""

import json
import sqlite3
import stat
from datetime import UTC, datetime, timedelta
from random import Random

import pytest
from werkzeug import Response

from asiointiapu.contact.channels import HttpChannel, RetryLater
from asiointiapu.contact.outbox import (
    BACKOFF_CAP,
    PENDING,
    REJECTED,
    SENT,
    InvalidRequest,
    Outbox,
    OutboxCorrupt,
    OutboxTooNew,
    _v1,
    backoff_delay,
)

from .helpers import make_request

TOKEN = "outbox-test-token-5f1c"
START = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now=START):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def path(tmp_path):
    return tmp_path / "data" / "outbox.sqlite3"


@pytest.fixture
def outbox(path, clock):
    box = Outbox(path, clock=clock, random=lambda: 1.0)
    yield box
    box.close()


@pytest.fixture
def channel(server):
    return HttpChannel(server.url_for("/").rstrip("/"), TOKEN, connect_timeout=2, read_timeout=2)


def receipt(reference="K7Q-482", duplicate=False):
    return {
        "reference": reference,
        "received_at": "2025-03-03T09:00:01+00:00",
        "duplicate": duplicate,
    }


# ---- saving ---------------------------------------------------------------------------------


def test_a_request_is_saved_before_it_is_sent(outbox, path, channel, server):
    seen = {}

    def handler(request):
        # Another connection, as another process would see the file: the request is there.
        with sqlite3.connect(path) as db:
            seen["row"] = db.execute(
                "SELECT state, body, attempts FROM requests WHERE key = ?",
                (request.headers["Idempotency-Key"],),
            ).fetchone()
        seen["body"] = request.get_data(as_text=True)
        return Response(json.dumps(receipt()), 201, content_type="application/json")

    server.expect_request("/v1/requests", method="POST").respond_with_handler(handler)
    key = outbox.enqueue(make_request())
    entry = outbox.get(key)
    assert entry.state == PENDING
    assert entry.attempts == 0
    assert entry.next_attempt_at == START
    assert entry.body == make_request().to_json()
    assert outbox.pending_count() == 1

    attempts = outbox.send_due(channel)
    assert [a.key for a in attempts] == [key]
    assert seen["row"] == ("pending", make_request().to_json(), 0)
    assert seen["body"] == make_request().to_json()
    assert outbox.get(key).state == SENT
    assert outbox.pending_count() == 0


def test_keys_are_fresh_uuids(outbox):
    keys = {outbox.enqueue(make_request()) for _ in range(5)}
    assert len(keys) == 5
    assert all(len(k) == 36 and k[14] == "4" for k in keys)


def test_an_invalid_request_is_not_saved(outbox):
    with pytest.raises(InvalidRequest) as caught:
        outbox.enqueue(make_request(phone="040 123", message="131052-308T"))
    assert set(caught.value.errors) == {"phone", "message"}
    assert outbox.pending_count() == 0


def test_the_file_is_readable_by_its_owner_only(outbox, path):
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# ---- delivery and privacy -------------------------------------------------------------------


def test_a_sent_request_keeps_no_personal_fields(outbox, path, channel, server, clock):
    server.expect_request("/v1/requests", method="POST").respond_with_json(receipt(), status=201)
    request = make_request(name="Salainen Sukunimi", phone="+358409876543")
    key = outbox.enqueue(request)
    clock.advance(3)
    outbox.send_due(channel)
    entry = outbox.get(key)
    assert entry.state == SENT
    assert entry.body is None
    assert entry.last_error is None
    assert entry.reference == "K7Q-482"
    assert entry.received_at == datetime(2025, 3, 3, 9, 0, 1, tzinfo=UTC)
    assert entry.finished_at == START + timedelta(seconds=3)
    outbox.close()
    on_disk = b"".join(p.read_bytes() for p in path.parent.iterdir())
    assert b"Sukunimi" not in on_disk
    assert b"409876543" not in on_disk
    assert key.encode() in on_disk


def test_a_repeat_answer_counts_as_delivered(outbox, channel, server):
    server.expect_request("/v1/requests").respond_with_json(receipt(duplicate=True), status=200)
    key = outbox.enqueue(make_request())
    [attempt] = outbox.send_due(channel)
    assert attempt.outcome.duplicate
    assert outbox.get(key).state == SENT


# ---- retrying -------------------------------------------------------------------------------


def test_backoff_grows_and_is_capped():
    ceilings = [backoff_delay(n, random=lambda: 1.0) for n in range(1, 16)]
    assert ceilings[:5] == [2, 4, 8, 16, 32]
    assert ceilings == sorted(ceilings)
    assert max(ceilings) == BACKOFF_CAP == 600
    assert backoff_delay(10_000, random=lambda: 1.0) == 600


def test_jitter_stays_within_bounds():
    rng = Random(20250303)
    for attempt in range(1, 40):
        ceiling = min(600, 2 * 2 ** (attempt - 1))
        delays = [backoff_delay(attempt, random=rng.random) for _ in range(200)]
        assert all(0 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 4  # the jitter is really spread out
    assert backoff_delay(3, random=lambda: 0.0) == 0


def test_failed_tries_wait_longer_each_time(outbox, channel, server, clock):
    server.expect_request("/v1/requests").respond_with_data("down", status=503)
    key = outbox.enqueue(make_request())
    waits = []
    for _ in range(12):
        clock.now = outbox.next_due_at()
        [attempt] = outbox.send_due(channel)
        assert isinstance(attempt.outcome, RetryLater)
        waits.append((outbox.get(key).next_attempt_at - clock.now).total_seconds())
    assert waits[:5] == [2, 4, 8, 16, 32]
    assert waits[-3:] == [600, 600, 600]
    entry = outbox.get(key)
    assert entry.attempts == 12
    assert entry.state == PENDING
    assert entry.last_error == attempt.outcome.reason


def test_nothing_is_sent_before_its_time(outbox, channel, server, clock):
    server.expect_request("/v1/requests").respond_with_data("down", status=503)
    key = outbox.enqueue(make_request())
    outbox.send_due(channel)
    assert outbox.due(clock.now) == []
    assert outbox.send_due(channel) == []
    clock.advance(2)
    assert [e.key for e in outbox.due()] == [key]


def test_retry_after_is_honoured_when_longer(outbox, channel, server, clock):
    server.expect_request("/v1/requests").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"}
    )
    key = outbox.enqueue(make_request())
    outbox.send_due(channel)
    assert outbox.get(key).next_attempt_at == START + timedelta(seconds=120)


def test_retry_after_shorter_than_the_backoff_does_not_shorten_it(outbox, clock):
    key = outbox.enqueue(make_request())
    for _ in range(4):
        outbox.mark_retry(key, clock.now)
    assert outbox.mark_retry(key, clock.now, retry_after=1) == START + timedelta(seconds=32)


def test_jitter_comes_from_the_injected_random(path, clock):
    with Outbox(path, clock=clock, random=lambda: 0.25) as box:
        key = box.enqueue(make_request())
        box.mark_retry(key, START)
        box.mark_retry(key, START)
        assert box.get(key).next_attempt_at == START + timedelta(seconds=1)  # 0.25 * 4


def test_a_broken_channel_does_not_lose_the_request(outbox):
    class Broken:
        def send(self, key, body, kind="request"):
            raise RuntimeError("bug")

    key = outbox.enqueue(make_request())
    [attempt] = outbox.send_due(Broken())
    assert isinstance(attempt.outcome, RetryLater)
    assert outbox.get(key).state == PENDING
    assert outbox.get(key).body is not None


# ---- rejection ------------------------------------------------------------------------------


def test_a_rejected_request_is_not_retried(outbox, channel, server, clock):
    server.expect_request("/v1/requests").respond_with_json(
        {"error": {"code": "invalid", "message": "bad", "fields": {"phone": "bad"}}}, status=422
    )
    key = outbox.enqueue(make_request())
    [attempt] = outbox.send_due(channel)
    assert attempt.outcome.status == 422
    entry = outbox.get(key)
    assert entry.state == REJECTED
    assert entry.last_error == attempt.outcome.reason
    clock.advance(86400)
    assert outbox.due() == []
    assert outbox.send_due(channel) == []
    assert len(server.log) == 1
    assert outbox.pending_count() == 0


def test_a_rejected_request_can_be_sent_again_once_fixed(outbox, channel, server, clock):
    server.expect_oneshot_request("/v1/requests").respond_with_json(
        {"error": {"code": "unauthorized", "message": "no"}}, status=401
    )
    key = outbox.enqueue(make_request())
    outbox.send_due(channel)
    assert outbox.get(key).state == REJECTED
    server.expect_request("/v1/requests").respond_with_json(receipt(), status=201)
    assert outbox.requeue(key)
    outbox.send_due(channel)
    assert outbox.get(key).state == SENT
    assert {r.headers["Idempotency-Key"] for r, _ in server.log} == {key}


def test_finished_requests_can_be_pruned(outbox, clock):
    sent, rejected, pending = (outbox.enqueue(make_request()) for _ in range(3))
    outbox.mark_sent(sent, "K7Q-482", START)
    outbox.mark_rejected(rejected, "no")
    clock.advance(10)
    assert outbox.prune(clock.now) == 2
    assert outbox.get(sent) is None
    assert outbox.get(rejected) is None
    assert outbox.get(pending).state == PENDING


def test_changes_to_finished_requests_are_ignored(outbox):
    key = outbox.enqueue(make_request())
    assert outbox.mark_sent(key, "K7Q-482", START)
    assert not outbox.mark_sent(key, "ZZZ-000", START)
    assert outbox.mark_retry(key, START) is None
    assert not outbox.mark_rejected(key, "late")
    assert outbox.get(key).reference == "K7Q-482"
    with pytest.raises(KeyError):
        outbox.mark_sent("no-such-key", "K7Q-482", START)


# ---- the file -------------------------------------------------------------------------------


def test_reopening_keeps_everything(path, clock):
    with Outbox(path, clock=clock, random=lambda: 1.0) as box:
        sent, waiting, rejected = (box.enqueue(make_request()) for _ in range(3))
        box.mark_sent(sent, "K7Q-482", START)
        box.mark_retry(waiting, START, reason="busy")
        box.mark_rejected(rejected, "refused")
        before = {k: box.get(k) for k in (sent, waiting, rejected)}
    with Outbox(path, clock=clock) as box:
        assert {k: box.get(k) for k in before} == before
        assert box.pending_count() == 1
        assert box.next_due_at() == START + timedelta(seconds=2)


def test_the_file_uses_wal_and_has_a_schema_version(outbox, path):
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(2,)]


def test_a_file_of_the_first_version_is_migrated_and_its_requests_still_go(path, clock, server):
    """A request saved by the version before step feedback existed is still sent, and to
    /v1/requests: the new column says what each entry is."""
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("INSERT INTO schema_version VALUES (1)")
        _v1(db)
        db.execute(
            "INSERT INTO requests (key, state, body, attempts, created_at, next_attempt_at)"
            " VALUES ('8d7d3f0e-4c1a-4b5e-9d1f-0a2b3c4d5e6f', 'pending', ?, 0, 0, 0)",
            (make_request().to_json(),),
        )
    server.expect_request("/v1/requests", method="POST").respond_with_json(receipt(), status=201)
    channel = HttpChannel(server.url_for("/").rstrip("/"), TOKEN)
    with Outbox(path, clock=clock) as box:
        [entry] = box.due()
        assert entry.kind == "request"
        [attempt] = box.send_due(channel)
        assert attempt.outcome.reference == "K7Q-482"
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(2,)]


def test_feedback_goes_to_its_own_address(outbox, channel, server):
    seen = []

    def handler(request):
        seen.append((request.path, request.get_data(as_text=True)))
        return Response(json.dumps(receipt("F2K-001")), 201, content_type="application/json")

    server.expect_request("/v1/feedback", method="POST").respond_with_handler(handler)
    body = '{"guide_id":"registration","step_id":"identify","clear":true,"reasons":[]}'
    key = outbox.enqueue_body(body, "feedback")
    assert outbox.get(key).kind == "feedback"
    [attempt] = outbox.send_due(channel)
    assert attempt.outcome.reference == "F2K-001"
    assert seen == [("/v1/feedback", body)]
    assert outbox.get(key).body is None  # delivered: nothing of it kept


def test_a_corrupt_file_is_moved_aside(path, clock):
    path.parent.mkdir(parents=True)
    garbage = b"this is not a database\x00" * 200
    path.write_bytes(garbage)
    with pytest.raises(OutboxCorrupt) as caught:
        Outbox(path, clock=clock)
    moved = caught.value.moved_to
    assert moved is not None and moved.parent == path.parent
    assert moved.read_bytes() == garbage
    assert "{file}" in caught.value.text
    assert caught.value.values == {"file": moved.name}
    with Outbox(path, clock=clock) as box:  # a fresh one in its place
        assert box.pending_count() == 0
        box.enqueue(make_request())


def test_a_damaged_database_is_moved_aside_too(path, clock):
    with Outbox(path, clock=clock) as box:
        for _ in range(50):
            box.enqueue(make_request())
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the header's end and the schema page
    path.write_bytes(bytes(data))
    with pytest.raises(OutboxCorrupt):
        Outbox(path, clock=clock)
    assert not path.exists()


def test_a_file_from_a_newer_version_is_left_alone(path, clock):
    Outbox(path, clock=clock).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(OutboxTooNew):
        Outbox(path, clock=clock)
    assert path.exists()
