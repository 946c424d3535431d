"""The receiver's SQLite file: WAL mode, a schema version and the migrations that reach it.

A migration is appended to MIGRATIONS, never edited once released; opening a file applies
the ones it has not had yet, in one transaction each.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

MIGRATIONS: list[str] = [
    # 1: contact requests and the receiver's own settings (staff password hash, cookie key).
    """
    CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        idempotency_key TEXT NOT NULL UNIQUE,
        body_sha256 TEXT NOT NULL,
        received_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        language TEXT NOT NULL,
        interpreter INTEGER NOT NULL,
        preferred_times TEXT NOT NULL,
        topic TEXT NOT NULL,
        step_id TEXT NOT NULL,
        message TEXT,
        video_camera INTEGER,
        video_microphone INTEGER,
        created_at TEXT NOT NULL,
        app_version TEXT,
        handled_at TEXT
    );
    CREATE INDEX requests_by_state ON requests (handled_at, received_at);
    CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    """,
    # 2: anonymous "was this step clear?" answers. Only the day is kept, never the time: a
    # time could be matched with a contact request or a visit to a service point.
    """
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        reference TEXT NOT NULL UNIQUE,
        idempotency_key TEXT NOT NULL UNIQUE,
        body_sha256 TEXT NOT NULL,
        received_on TEXT NOT NULL
            CHECK (received_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        guide_id TEXT NOT NULL,
        step_id TEXT NOT NULL,
        clear INTEGER NOT NULL CHECK (clear IN (0, 1)),
        reasons TEXT NOT NULL,
        comment TEXT,
        language TEXT NOT NULL
    );
    CREATE INDEX feedback_by_day ON feedback (received_on);
    CREATE INDEX feedback_by_step ON feedback (guide_id, step_id, received_on);
    """,
]


class NewerDatabaseError(RuntimeError):
    """The file was written by a newer receiver than this one."""


def connect(path: Path) -> sqlite3.Connection:
    """Opens (or creates, readable by its owner only) and migrates the database at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    # Autocommit; transactions are explicit. One connection, shared under the store's lock.
    connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = FULL")  # a 201 means the request is on disk
    connection.execute("PRAGMA busy_timeout = 5000")
    connection.execute("PRAGMA secure_delete = ON")  # deleted requests are overwritten
    migrate(connection)
    return connection


def schema_version(connection: sqlite3.Connection) -> int:
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(connection: sqlite3.Connection) -> None:
    version = schema_version(connection)
    if version > len(MIGRATIONS):
        raise NewerDatabaseError(
            f"the database has schema version {version}; this receiver knows {len(MIGRATIONS)}"
        )
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        # executescript() would commit on its own; run the statements in one transaction.
        connection.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                connection.execute(statement)
            connection.execute("DELETE FROM schema_version")
            connection.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


def _statements(script: str) -> list[str]:
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {current.strip()[:60]}")
    return statements
