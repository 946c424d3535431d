"""The outbox: a contact request is saved here before it is sent, and sent until it is delivered.

One SQLite file (WAL, synchronous=FULL). Every change of state is one transaction, so the
program may be killed at any moment: a request is either saved or not, and one whose answer was
lost is sent again with the same idempotency key, which the receiver answers with its first
receipt (docs/contact-api.yaml). Once delivered, a request's personal fields are removed: only
its key, state, reference and times stay.

States: pending (waiting to be sent, perhaps after a failed try), sent, rejected (the receiver
refused it; not retried unless requeue() is asked for).
"""

from __future__ import annotations

import contextlib
import logging
import os
import random as _random
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from asiointiapu import APP_ID
from asiointiapu.contact.channels import (
    FEEDBACK,
    REQUEST,
    Channel,
    Delivered,
    Outcome,
    Rejected,
    RetryLater,
)
from asiointiapu.contact.model import ContactRequest
from asiointiapu.i18n import N_
from asiointiapu.sqlite_transaction import immediate_transaction

log = logging.getLogger(__name__)

PENDING, SENT, REJECTED = "pending", "sent", "rejected"
BACKOFF_BASE = 2.0  # seconds: the longest wait after the first failed try
BACKOFF_CAP = 600.0  # seconds: waits never grow longer than this (10 minutes)
RETRY_AFTER_CAP = 24 * 3600.0  # a Retry-After longer than a day is taken as a day
FILE_NAME = "outbox.sqlite3"

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_ID, appauthor=False) / FILE_NAME


def backoff_delay(
    attempts: int,
    random: Callable[[], float] = _random.random,
    base: float = BACKOFF_BASE,
    cap: float = BACKOFF_CAP,
) -> float:
    """Seconds to wait after `attempts` failed tries: "full jitter", a random time between 0 and
    base * 2^(attempts-1), never more than cap."""
    ceiling = cap if attempts > 32 else min(cap, base * 2 ** max(attempts - 1, 0))
    return min(max(random(), 0.0), 1.0) * ceiling


# ---- errors ---------------------------------------------------------------------------------


class OutboxError(Exception):
    """The outbox cannot be used. `text` is for the person, with {placeholders} from `values`."""

    def __init__(self, text: str, values: dict[str, str] | None = None) -> None:
        self.text = text
        self.values = values or {}
        super().__init__(text.format(**self.values))


class OutboxCorrupt(OutboxError):
    """The file was not a usable outbox. It was moved aside to `moved_to` (or could not be: None);
    opening the outbox again starts a new, empty one."""

    def __init__(self, moved_to: Path | None) -> None:
        self.moved_to = moved_to
        if moved_to is None:
            super().__init__(N_("Saved requests could not be read."))
        else:
            text = N_(
                "Saved requests could not be read. The old file was kept as {file}. "
                "Please tell the staff."
            )
            super().__init__(text, {"file": moved_to.name})


class OutboxTooNew(OutboxError):
    """The file was written by a newer version of the program; it is left as it is."""

    def __init__(self) -> None:
        super().__init__(
            N_("Saved requests were made by a newer version of this program. Please update it.")
        )


class InvalidRequest(ValueError):
    """The request cannot be sent as it is; `errors` says what is wrong, by field."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(f"invalid contact request: {', '.join(sorted(errors))}")


# ---- records --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One request in the outbox. `body` is None once the request was delivered."""

    key: str  # the Idempotency-Key
    state: str  # pending, sent or rejected
    body: str | None
    attempts: int
    created_at: datetime
    next_attempt_at: datetime | None  # pending only
    last_error: str | None  # the reason of the last failed try, or why it was rejected
    reference: str | None  # the receipt's reference, once sent
    received_at: datetime | None  # the receipt's time, once sent
    finished_at: datetime | None  # when it was marked sent or rejected
    kind: str = "request"  # or "feedback" (channels.PATHS)


@dataclass(frozen=True)
class Attempt:
    """What happened to one request in send_due()."""

    key: str
    outcome: Outcome


# ---- schema ---------------------------------------------------------------------------------


def _v1(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE requests (
            key TEXT PRIMARY KEY,
            state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'rejected')),
            body TEXT,
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            next_attempt_at REAL,
            last_error TEXT,
            reference TEXT,
            received_at TEXT,
            finished_at REAL
        )"""
    )
    db.execute("CREATE INDEX requests_due ON requests (state, next_attempt_at)")


def _v2(db: sqlite3.Connection) -> None:
    # What an entry is: a contact request, or an anonymous answer about a step (feedback).
    db.execute("ALTER TABLE requests ADD COLUMN kind TEXT NOT NULL DEFAULT 'request'")


# Migrations, in order: MIGRATIONS[n] takes the file from version n to n + 1. Each runs in the
# same transaction as the version change, so a migration is done whole or not at all.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = (
    "key, state, body, attempts, created_at, next_attempt_at, last_error, reference, "
    "received_at, finished_at, kind"
)


# ---- the outbox -----------------------------------------------------------------------------


class Outbox:
    """Requests saved before sending. Safe to use from several threads (one sender at a time)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        clock: Clock = _utc_now,
        random: Callable[[], float] = _random.random,
    ) -> None:
        self.path = path if path is not None else default_path()
        self.clock = clock
        self.random = random
        self._lock = threading.RLock()  # one statement or transaction at a time
        self._sending = threading.Lock()  # one send_due() at a time
        self._db = self._open()

    # ---- opening ----

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileExistsError):
            # Personal data: readable by this user only (SQLite gives its -wal and -shm files
            # the same permissions).
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            db.execute("PRAGMA busy_timeout = 5000")
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                log.warning("the outbox runs without WAL (journal mode %s)", mode)
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA secure_delete = ON")  # removed personal fields are overwritten
            db.execute("PRAGMA foreign_keys = ON")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")
            self._migrate(db)
        except sqlite3.DatabaseError as exc:
            if db is not None:
                db.close()
            if isinstance(exc, sqlite3.OperationalError) and _is_busy(exc):
                raise
            raise OutboxCorrupt(self._move_aside(exc)) from exc
        except BaseException:
            if db is not None:
                db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = db.execute("SELECT version FROM schema_version").fetchone()
            if row is None:
                db.execute("INSERT INTO schema_version (version) VALUES (0)")
                version = 0
            else:
                version = int(row[0])
            if version > SCHEMA_VERSION:
                raise OutboxTooNew
            for n in range(version, SCHEMA_VERSION):
                log.info("outbox: migrating from version %d to %d", n, n + 1)
                MIGRATIONS[n](db)
            db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _move_aside(self, exc: Exception) -> Path | None:
        log.warning("outbox file unusable (%s); moving it aside", type(exc).__name__)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.broken-{stamp}{self.path.suffix}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.stem}.broken-{stamp}-{n}{self.path.suffix}")
        try:
            self.path.replace(target)
        except OSError:
            return None
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            with contextlib.suppress(OSError):
                side.replace(target.with_name(target.name + suffix))
        return target

    def close(self) -> None:
        with self._lock:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return immediate_transaction(self._db, self._lock)

    # ---- saving and reading ----

    def enqueue(self, request: ContactRequest) -> str:
        """Save the request for sending and give its idempotency key. Raises InvalidRequest when
        the request cannot be sent as it is (nothing is saved then)."""
        errors = request.errors()
        if errors:
            raise InvalidRequest(errors)
        return self.enqueue_body(request.to_json())

    def enqueue_body(self, body: str, kind: str = REQUEST) -> str:
        """Save a ready body (JSON text) for sending; give its idempotency key. `kind` says
        where it goes: a contact request or step feedback (channels.PATHS)."""
        key = str(uuid.uuid4())
        now = _seconds(self.clock())
        with self._transaction() as db:
            db.execute(
                "INSERT INTO requests"
                " (key, state, body, attempts, created_at, next_attempt_at, kind)"
                " VALUES (?, ?, ?, 0, ?, ?, ?)",
                (key, PENDING, body, now, now, kind),
            )
        return key

    def get(self, key: str) -> Entry | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_COLUMNS} FROM requests WHERE key = ?", (key,)
            ).fetchone()
        return _entry(row) if row else None

    def due(self, now: datetime | None = None) -> list[Entry]:
        """Pending requests whose time to be sent has come, oldest first."""
        when = _seconds(now or self.clock())
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM requests WHERE state = ? AND next_attempt_at <= ?"
                " ORDER BY created_at, key",
                (PENDING, when),
            ).fetchall()
        return [_entry(row) for row in rows]

    def pending_count(self) -> int:
        with self._lock:
            return int(
                self._db.execute(
                    "SELECT count(*) FROM requests WHERE state = ?", (PENDING,)
                ).fetchone()[0]
            )

    def next_due_at(self) -> datetime | None:
        """When the next pending request is due (perhaps already), or None when none is pending:
        when to call send_due() next."""
        with self._lock:
            value = self._db.execute(
                "SELECT min(next_attempt_at) FROM requests WHERE state = ?", (PENDING,)
            ).fetchone()[0]
        return None if value is None else _datetime(value)

    # ---- changes of state ----

    def mark_sent(self, key: str, reference: str, received_at: datetime | str) -> bool:
        """Delivered: keep the reference and times, remove the personal fields. False when the
        request was no longer pending (e.g. another sender got there first)."""
        received = received_at if isinstance(received_at, str) else received_at.isoformat()
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE requests SET state = ?, body = NULL, last_error = NULL,"
                " next_attempt_at = NULL, reference = ?, received_at = ?, finished_at = ?"
                " WHERE key = ? AND state = ?",
                (SENT, reference, received, _seconds(self.clock()), key, PENDING),
            ).rowcount
            self._known(db, key)
        if changed:
            # The removed fields may still be in the write-ahead log: fold it into the file
            # (where secure_delete has overwritten them) and empty it.
            with self._lock, contextlib.suppress(sqlite3.Error):
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return bool(changed)

    def mark_retry(
        self,
        key: str,
        now: datetime | None = None,
        retry_after: float | None = None,
        reason: str | None = None,
    ) -> datetime | None:
        """A try failed for a passing reason: wait (backoff with full jitter, or Retry-After when
        that is longer) and try again. Gives the time of the next try (None: not pending)."""
        at = now or self.clock()
        with self._transaction() as db:
            row = db.execute(
                "SELECT attempts FROM requests WHERE key = ? AND state = ?", (key, PENDING)
            ).fetchone()
            if row is None:
                self._known(db, key)
                return None
            attempts = int(row[0]) + 1
            delay = backoff_delay(attempts, self.random)
            if retry_after is not None and retry_after > delay:
                delay = min(retry_after, RETRY_AFTER_CAP)
            next_at = at + timedelta(seconds=delay)
            db.execute(
                "UPDATE requests SET attempts = ?, next_attempt_at = ?, last_error = ?"
                " WHERE key = ?",
                (attempts, _seconds(next_at), reason, key),
            )
        return next_at

    def mark_rejected(self, key: str, message: str) -> bool:
        """The receiver refused the request: it is not sent again. Its body stays, so it can be
        requeued once the cause (e.g. the site's settings) is fixed, or deleted."""
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE requests SET state = ?, attempts = attempts + 1, next_attempt_at = NULL,"
                " last_error = ?, finished_at = ? WHERE key = ? AND state = ?",
                (REJECTED, message, _seconds(self.clock()), key, PENDING),
            ).rowcount
            self._known(db, key)
        return bool(changed)

    def requeue(self, key: str, now: datetime | None = None) -> bool:
        """Send a rejected request again (same key), e.g. after the token was fixed."""
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE requests SET state = ?, next_attempt_at = ?, finished_at = NULL"
                " WHERE key = ? AND state = ? AND body IS NOT NULL",
                (PENDING, _seconds(now or self.clock()), key, REJECTED),
            ).rowcount
            self._known(db, key)
        return bool(changed)

    def due_now(self, now: datetime | None = None) -> int:
        """Every pending request becomes due at once (the network came back); how many."""
        at = _seconds(now or self.clock())
        with self._transaction() as db:
            return db.execute(
                "UPDATE requests SET next_attempt_at = ? WHERE state = ? AND next_attempt_at > ?",
                (at, PENDING, at),
            ).rowcount

    def delete(self, key: str) -> bool:
        """Forget a request altogether (whatever its state)."""
        with self._transaction() as db:
            return bool(db.execute("DELETE FROM requests WHERE key = ?", (key,)).rowcount)

    def prune(self, finished_before: datetime) -> int:
        """Forget sent and rejected requests finished before the given time; give how many."""
        with self._transaction() as db:
            return db.execute(
                "DELETE FROM requests WHERE state IN (?, ?) AND finished_at < ?",
                (SENT, REJECTED, _seconds(finished_before)),
            ).rowcount

    @staticmethod
    def _known(db: sqlite3.Connection, key: str) -> None:
        if db.execute("SELECT 1 FROM requests WHERE key = ?", (key,)).fetchone() is None:
            raise KeyError(key)

    # ---- sending ----

    def send_due(self, channel: Channel, now: datetime | None = None) -> list[Attempt]:
        """Send every due request once through the channel and record what happened.

        Nothing is sent (an empty list) while another send_due() of this outbox is running.
        Call it again at next_due_at().
        """
        if not self._sending.acquire(blocking=False):
            return []
        try:
            attempts = []
            for entry in self.due(now):
                if entry.body is None:
                    continue
                outcome = self._send_one(channel, entry)
                if isinstance(outcome, Rejected) and entry.kind == FEEDBACK:
                    # An answer about a step that the receiver refuses is dropped: it is
                    # nobody's request, and its comment need not wait on this computer.
                    self.delete(entry.key)
                else:
                    self._record(entry.key, outcome, now)
                attempts.append(Attempt(entry.key, outcome))
            return attempts
        finally:
            self._sending.release()

    def _send_one(self, channel: Channel, entry: Entry) -> Outcome:
        assert entry.body is not None
        try:
            return channel.send(entry.key, entry.body, entry.kind)
        except Exception as exc:  # a fault in a channel must not lose the request
            log.exception("outbox: the channel failed (%s); trying again later", type(exc).__name__)
            return RetryLater(N_("The request could not be sent. It is tried again later."))

    def _record(self, key: str, outcome: Outcome, now: datetime | None) -> None:
        if isinstance(outcome, Delivered):
            self.mark_sent(key, outcome.reference, outcome.received_at)
        elif isinstance(outcome, Rejected):
            self.mark_rejected(key, outcome.reason)
        else:
            at = now if now is not None else self.clock()
            self.mark_retry(key, at, outcome.retry_after, outcome.reason)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _seconds(value: datetime) -> float:
    if value.tzinfo is None:
        value = value.astimezone()
    return value.timestamp()


def _datetime(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _entry(row: tuple[Any, ...]) -> Entry:
    key, state, body, attempts, created, next_at, error, reference, received, finished, kind = row
    received_at = None
    if received:
        with contextlib.suppress(ValueError):
            received_at = datetime.fromisoformat(received)
    return Entry(
        key=key,
        state=state,
        body=body,
        attempts=attempts,
        created_at=_datetime(created) or datetime.fromtimestamp(0, UTC),
        next_attempt_at=_datetime(next_at),
        last_error=error,
        reference=reference,
        received_at=received_at,
        finished_at=_datetime(finished),
        kind=kind,
    )
