"""Stored contact requests: save once per idempotency key, list the open ones, mark handled,
and delete handled ones after the retention time. Also the receiver's own settings, and (in
`feedback`, feedback_store.py) the anonymous step feedback."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

from asiointiapu.receiver import database
from asiointiapu.receiver.contact_request import ContactRequest, PreferredTime, VideoCheck
from asiointiapu.receiver.feedback_store import FeedbackStore
from asiointiapu.receiver.receipts import KeyReusedError, Receipt
from asiointiapu.receiver.references import unused_reference
from asiointiapu.sqlite_transaction import immediate_transaction

Clock = Callable[[], dt.datetime]

DEFAULT_RETENTION_DAYS = 30
DATABASE_NAME = "receiver.sqlite3"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def format_time(moment: dt.datetime) -> str:
    """UTC to the second, e.g. 2025-03-10T07:30:00Z; sorts as text in time order."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class StoredRequest:
    reference: str
    received_at: dt.datetime
    request: ContactRequest
    handled_at: dt.datetime | None = None


class RequestStore:
    """One SQLite connection, used under a lock; `clock` gives the current UTC time."""

    def __init__(self, connection: sqlite3.Connection, clock: Clock = utc_now) -> None:
        self._db = connection
        self._clock = clock
        self._lock = threading.Lock()
        self.feedback = FeedbackStore(connection, self._lock, clock)

    @classmethod
    def open(cls, data_dir: Path, clock: Clock = utc_now) -> RequestStore:
        return cls(database.connect(data_dir / DATABASE_NAME), clock)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return immediate_transaction(self._db, self._lock)

    def save(self, idempotency_key: str, body_sha256: str, request: ContactRequest) -> Receipt:
        """Stores `request` under the key, or answers the first receipt for a repeat of it.

        Raises KeyReusedError when the key was used before with another body.
        """
        with self._transaction() as db:
            row = db.execute(
                "SELECT reference, received_at, body_sha256 FROM requests"
                " WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()
            if row is not None:
                if row["body_sha256"] != body_sha256:
                    raise KeyReusedError(idempotency_key)
                return Receipt(row["reference"], row["received_at"], duplicate=True)
            received_at = format_time(self._clock())
            reference = unused_reference(db, "requests")
            db.execute(
                """
                INSERT INTO requests (
                    reference, idempotency_key, body_sha256, received_at, kind, name, phone,
                    language, interpreter, preferred_times, topic, step_id, message,
                    video_camera, video_microphone, created_at, app_version
                ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    reference,
                    idempotency_key,
                    body_sha256,
                    received_at,
                    request.kind,
                    request.name,
                    request.phone,
                    request.language,
                    int(request.interpreter),
                    _times_json(request.preferred_times),
                    request.topic,
                    request.step_id,
                    request.message,
                    None if request.video is None else int(request.video.camera),
                    None if request.video is None else int(request.video.microphone),
                    request.created_at,
                    request.app_version,
                ),
            )
            return Receipt(reference, received_at, duplicate=False)

    def open_requests(self) -> list[StoredRequest]:
        """Requests not yet handled, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM requests WHERE handled_at IS NULL ORDER BY received_at DESC, id DESC"
            ).fetchall()
        return [_stored(row) for row in rows]

    def find(self, reference: str) -> StoredRequest | None:
        with self._lock:
            row = self._db.execute(
                "SELECT * FROM requests WHERE reference = ?", (reference,)
            ).fetchone()
        return None if row is None else _stored(row)

    def mark_handled(self, reference: str) -> bool:
        """True when an open request with this reference was marked handled just now."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE requests SET handled_at = ? WHERE reference = ? AND handled_at IS NULL",
                (format_time(self._clock()), reference),
            )
            return cursor.rowcount == 1

    def reopen(self, reference: str) -> bool:
        """Undo of mark_handled, while the request has not been deleted yet."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE requests SET handled_at = NULL"
                " WHERE reference = ? AND handled_at IS NOT NULL",
                (reference,),
            )
            return cursor.rowcount == 1

    def purge(self, retention_days: int, feedback_retention_days: int | None = None) -> int:
        """Deletes requests handled more than `retention_days` ago, and step feedback that came
        more than `feedback_retention_days` (None: `retention_days`) days before today.

        Returns how many requests were deleted."""
        cutoff = format_time(self._clock() - dt.timedelta(days=retention_days))
        with self._transaction() as db:
            cursor = db.execute(
                "DELETE FROM requests WHERE handled_at IS NOT NULL AND handled_at <= ?",
                (cutoff,),
            )
            deleted = cursor.rowcount
        if feedback_retention_days is None:
            feedback_retention_days = retention_days
        if deleted + self.feedback.purge(feedback_retention_days):
            with self._lock:
                # Let the deleted rows leave the write-ahead log for the database file now.
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted

    def setting(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def add_setting(self, key: str, value: str) -> bool:
        """Stores `value` unless `key` has one already; True when it was stored."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                (key, value),
            )
            return cursor.rowcount == 1

    def set_setting(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )


def _times_json(times: tuple[PreferredTime, ...]) -> str:
    return json.dumps([{"date": t.date.isoformat(), "part": t.part} for t in times])


def _stored(row: sqlite3.Row) -> StoredRequest:
    video = None
    if row["video_camera"] is not None:
        video = VideoCheck(bool(row["video_camera"]), bool(row["video_microphone"]))
    times = tuple(
        PreferredTime(dt.date.fromisoformat(t["date"]), t["part"])
        for t in json.loads(row["preferred_times"])
    )
    return StoredRequest(
        reference=row["reference"],
        received_at=parse_time(row["received_at"]),
        request=ContactRequest(
            kind=row["kind"],
            name=row["name"],
            phone=row["phone"],
            language=row["language"],
            interpreter=bool(row["interpreter"]),
            preferred_times=times,
            topic=row["topic"],
            step_id=row["step_id"],
            created_at=row["created_at"],
            message=row["message"],
            video=video,
            app_version=row["app_version"],
        ),
        handled_at=None if row["handled_at"] is None else parse_time(row["handled_at"]),
    )
