"""Open requests as CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheets read ä and ö).

Free text that a spreadsheet would run as a formula (starting with =, +, -, @) gets a leading
apostrophe; phone numbers are checked E.164 on the way in and are written as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from asiointiapu.receiver.store import StoredRequest, format_time

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


def requests_csv(requests: Iterable[StoredRequest]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for stored in requests:
        writer.writerow(_row(stored))
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
