"""A service point's opening hours, and "open now" / "opens at 8:00" for a given moment.

Hours come from the site file as one range a weekday ("8:00-16:00"); a weekday left out is
closed. Times are shown with Babel in the person's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from asiointiapu.i18n import N_

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})\s*$")


@dataclass(frozen=True)
class Hours:
    """Opening and closing time for each weekday (0 = Monday); a missing day is closed."""

    days: dict[int, tuple[time, time]]

    @classmethod
    def parse(cls, table: object) -> Hours:
        """From the site file's [hours] table; ValueError names the day that is wrong."""
        if not isinstance(table, dict):
            raise ValueError("'hours' must be a table such as mon = \"8:00-16:00\"")
        days: dict[int, tuple[time, time]] = {}
        for key, value in table.items():
            if key not in WEEKDAYS:
                raise ValueError(f"hours.{key}: the day must be one of {', '.join(WEEKDAYS)}")
            match = _RANGE.match(value) if isinstance(value, str) else None
            if not match:
                raise ValueError(f'hours.{key}: write the hours like "8:00-16:00"')
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            try:
                opens, closes = time(h1, m1), time(h2, m2)
            except ValueError:
                raise ValueError(f"hours.{key}: {value!r} is not a time of day") from None
            if closes <= opens:
                raise ValueError(f"hours.{key}: closing time must be after opening time")
            days[WEEKDAYS.index(key)] = (opens, closes)
        return cls(days)


@dataclass(frozen=True)
class Status:
    """What to tell the person: a text (N_-marked) and the moment it names."""

    text: str
    at: datetime | None
    open_now: bool


def status(hours: Hours, now: datetime) -> Status:
    """Open now (until when), or when it next opens within a week; or closed."""
    today = hours.days.get(now.weekday())
    if today and today[0] <= now.time() < today[1]:
        return Status(N_("Open now, until {time}"), datetime.combine(now.date(), today[1]), True)
    for ahead in range(8):
        day = now.date() + timedelta(days=ahead)
        span = hours.days.get(day.weekday())
        if span is None:
            continue
        opens = datetime.combine(day, span[0])
        if opens > now:
            text = (
                N_("Closed now. Opens at {time}")
                if ahead == 0
                else N_("Closed now. Opens {day} at {time}")
            )
            return Status(text, opens, False)
    return Status(N_("Closed"), None, False)


def describe(hours: Hours, now: datetime, language: str, translate: Callable[[str], str]) -> str:
    """The status as a sentence in the person's language."""
    from babel.dates import format_date, format_time  # Babel's locale data: only when shown

    state = status(hours, now)
    if state.at is None:
        return translate(state.text)
    return translate(state.text).format(
        time=format_time(state.at, format="short", locale=language),
        day=format_date(state.at, format="EEEE", locale=language),
    )
