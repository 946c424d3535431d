"""Open requests, and the step feedback summary, as CSV (RFC 4180, UTF-8 with a byte order
mark so spreadsheets read ä and ö).

Free text that a spreadsheet would run as a formula (starting with =, +, -, @) gets a leading
apostrophe; phone numbers are checked E.164 on the way in and are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from asiointiapu.receiver.feedback_store import StepSummary
from asiointiapu.receiver.store import StoredRequest, format_time
from asiointiapu.step_feedback import REASONS

COLUMNS = (
    "reference",
    "received_at",
    "kind",
    "name",
    "phone",
    "language",
    "interpreter",
    "preferred_times",
    "topic",
    "step_id",
    "message",
    "video_camera",
    "video_microphone",
    "created_at",
    "app_version",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


FEEDBACK_COLUMNS = (
    "guide_id",
    "step_id",
    "step_title",
    "answers",
    "not_clear",
    "not_clear_percent",
    *(f"reason_{code}" for code in REASONS),
    "latest_comments",
)


def requests_csv(requests: Iterable[StoredRequest]) -> str:
    return _csv(COLUMNS, (_row(stored) for stored in requests))


def feedback_csv(steps: Iterable[tuple[StepSummary, str]]) -> str:
    """One row per (step, its title), in the order given; comments one a line, newest first."""
    rows = []
    for step, title in steps:
        reasons = dict(step.reasons)
        rows.append(
            [
                step.guide_id,
                step.step_id,
                _text(title),
                str(step.answers),
                str(step.not_clear),
                str(step.percent_not_clear),
                *(str(reasons.get(code, 0)) for code in REASONS),
                _text("\n".join(c.text for c in step.comments)),
            ]
        )
    return _csv(FEEDBACK_COLUMNS, rows)


def _csv(columns: Iterable[str], rows: Iterable[list[str]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def _row(stored: StoredRequest) -> list[str]:
    r = stored.request
    times = "; ".join(f"{t.date.isoformat()} {t.part}" for t in r.preferred_times)
    video = r.video
    return [
        stored.reference,
        format_time(stored.received_at),
        r.kind,
        _text(r.name),
        r.phone,
        _text(r.language),
        "yes" if r.interpreter else "no",
        times,
        _text(r.topic),
        _text(r.step_id),
        _text(r.message or ""),
        "" if video is None else ("yes" if video.camera else "no"),
        "" if video is None else ("yes" if video.microphone else "no"),
        _text(r.created_at),
        _text(r.app_version or ""),
    ]


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value
