"""Short references a person can read out to staff on the phone, e.g. K7Q-482."""

from __future__ import annotations

import re
import secrets
import sqlite3

PATTERN = re.compile(r"[A-Z0-9]{3}-[0-9]{3}", re.ASCII)
# Letters and digits that cannot be mistaken for each other when read aloud or written
# down: no I, O, 0 or 1. Every reference still matches the contract's pattern.
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
DIGITS = "0123456789"


def new_reference() -> str:
    """A random reference; the store makes sure it is unique."""
    head = "".join(secrets.choice(LETTERS) for _ in range(3))
    tail = "".join(secrets.choice(DIGITS) for _ in range(3))
    return f"{head}-{tail}"


def unused_reference(db: sqlite3.Connection, table: str) -> str:
    """A new reference that no row of `table` ("requests" or "feedback") has yet."""
    if table not in ("requests", "feedback"):  # a name in SQL: only the two known tables
        raise ValueError(table)
    while True:
        reference = new_reference()
        if not db.execute(f"SELECT 1 FROM {table} WHERE reference = ?", (reference,)).fetchone():
            return reference


def is_reference(text: str) -> bool:
    return PATTERN.fullmatch(text) is not None
