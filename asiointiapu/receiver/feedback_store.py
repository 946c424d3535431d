"""Anonymous step feedback in the receiver's database: saved once per idempotency key,
summarised by step, deleted after the retention time.

Kept for each answer: the day it came (never the time), the guide and step, clear or not, the
reasons, the comment and the program's language. Nothing about who sent it or from where.
The store shares the request store's connection and lock (store.RequestStore.feedback).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from asiointiapu.receiver.receipts import KeyReusedError, Receipt
from asiointiapu.receiver.references import unused_reference
from asiointiapu.sqlite_transaction import immediate_transaction
from asiointiapu.step_feedback import REASONS, StepFeedback

COMMENTS_PER_STEP = 3  # the latest few: enough to hear how people put it


@dataclass(frozen=True)
class Comment:
    text: str
    received_on: dt.date
    language: str  # the program's language; may be empty


@dataclass(frozen=True)
class StepSummary:
    """The answers about one step in a period."""

    guide_id: str
    step_id: str
    answers: int
    not_clear: int
    reasons: tuple[tuple[str, int], ...]  # (code, answers) in REASONS order; none with 0
    comments: tuple[Comment, ...]  # newest first, at most COMMENTS_PER_STEP

    @property
    def share_not_clear(self) -> Fraction:
        return Fraction(self.not_clear, self.answers)

    @property
    def percent_not_clear(self) -> int:
        """Rounded half up: 1 of 8 is 13%, not the 12% that round() would give."""
        return (200 * self.not_clear + self.answers) // (2 * self.answers)


def most_confusing_first(steps: Iterable[StepSummary]) -> list[StepSummary]:
    """By the share of "not clear" answers, then by the number of answers: 3 of 4 before
    1 of 1 would be arguable, but 6 of 8 before 3 of 4 is not."""
    return sorted(
        steps, key=lambda s: (-s.share_not_clear, -s.answers, -s.not_clear, s.guide_id, s.step_id)
    )


def day_receipt_time(day: dt.date) -> str:
    """The receipt's received_at: the start of the day, as no time is kept."""
    return f"{day.isoformat()}T00:00:00Z"


class FeedbackStore:
    def __init__(
        self,
        connection: sqlite3.Connection,
        lock: threading.Lock,
        clock: Callable[[], dt.datetime],
    ) -> None:
        self._db = connection
        self._lock = lock
        self._clock = clock

    def today(self) -> dt.date:
        return self._clock().astimezone(dt.UTC).date()

    def save(self, idempotency_key: str, body_sha256: str, feedback: StepFeedback) -> Receipt:
        """Stores the answer under the key, or answers the first receipt for a repeat of it.

        Raises KeyReusedError when the key was used before with another body.
        """
        with immediate_transaction(self._db, self._lock) as db:
            row = db.execute(
                "SELECT reference, received_on, body_sha256 FROM feedback"
                " WHERE idempotency_key = ?",
                (idempotency_key,),
            ).fetchone()
            if row is not None:
                if row["body_sha256"] != body_sha256:
                    raise KeyReusedError(idempotency_key)
                day = dt.date.fromisoformat(row["received_on"])
                return Receipt(row["reference"], day_receipt_time(day), duplicate=True)
            day = self.today()
            reference = unused_reference(db, "feedback")
            comment = feedback.comment.strip()
            db.execute(
                """
                INSERT INTO feedback (
                    reference, idempotency_key, body_sha256, received_on, guide_id, step_id,
                    clear, reasons, comment, language
                ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                (
                    reference,
                    idempotency_key,
                    body_sha256,
                    day.isoformat(),
                    feedback.guide_id,
                    feedback.step_id,
                    int(feedback.clear),
                    json.dumps(list(feedback.reasons)),
                    comment or None,
                    feedback.language,
                ),
            )
            return Receipt(reference, day_receipt_time(day), duplicate=False)

    def purge(self, retention_days: int) -> int:
        """Deletes answers that came more than `retention_days` days before today."""
        cutoff = self.today() - dt.timedelta(days=retention_days)
        with immediate_transaction(self._db, self._lock) as db:
            cursor = db.execute("DELETE FROM feedback WHERE received_on < ?", (cutoff.isoformat(),))
            return cursor.rowcount

    def summary(self, days: int | None) -> list[StepSummary]:
        """The steps that have answers from the last `days` days (today included; None: all),
        most confusing first."""
        since = "" if days is None else (self.today() - dt.timedelta(days=days - 1)).isoformat()
        with self._lock:
            counts = self._db.execute(
                "SELECT guide_id, step_id, count(*) AS answers, sum(clear = 0) AS not_clear"
                " FROM feedback WHERE received_on >= ? GROUP BY guide_id, step_id",
                (since,),
            ).fetchall()
            reason_rows = self._db.execute(
                "SELECT f.guide_id, f.step_id, r.value AS reason, count(*) AS answers"
                " FROM feedback AS f, json_each(f.reasons) AS r WHERE f.received_on >= ?"
                " GROUP BY f.guide_id, f.step_id, r.value",
                (since,),
            ).fetchall()
            comment_rows = self._db.execute(
                """
                SELECT guide_id, step_id, comment, received_on, language FROM (
                    SELECT *, row_number() OVER (
                        PARTITION BY guide_id, step_id ORDER BY received_on DESC, id DESC
                    ) AS newness
                    FROM feedback WHERE received_on >= ? AND comment IS NOT NULL
                ) WHERE newness <= ? ORDER BY guide_id, step_id, newness
                """,
                (since, COMMENTS_PER_STEP),
            ).fetchall()
        reasons: dict[tuple[str, str], dict[str, int]] = {}
        for row in reason_rows:
            reasons.setdefault((row["guide_id"], row["step_id"]), {})[row["reason"]] = row[
                "answers"
            ]
        comments: dict[tuple[str, str], list[Comment]] = {}
        for row in comment_rows:
            comments.setdefault((row["guide_id"], row["step_id"]), []).append(
                Comment(row["comment"], dt.date.fromisoformat(row["received_on"]), row["language"])
            )
        steps = []
        for row in counts:
            step = (row["guide_id"], row["step_id"])
            steps.append(
                StepSummary(
                    guide_id=row["guide_id"],
                    step_id=row["step_id"],
                    answers=row["answers"],
                    not_clear=row["not_clear"],
                    reasons=_in_reason_order(reasons.get(step, {})),
                    comments=tuple(comments.get(step, ())),
                )
            )
        return most_confusing_first(steps)


def _in_reason_order(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """Known reasons in the order the program shows them, then any it no longer has."""
    order = {code: index for index, code in enumerate(REASONS)}
    codes = sorted(counts, key=lambda code: (order.get(code, len(order)), code))
    return tuple((code, counts[code]) for code in codes if counts[code])
