from datetime import datetime, time

import pytest

from asiointiapu.opening_hours import Hours, describe, status

HOURS = Hours.parse({"mon": "8:00-16:00", "tue": "8:00-16:00", "fri": "9.00–12.00"})


def test_open_now_says_until_when():
    s = status(HOURS, datetime(2026, 11, 23, 10, 0))  # a Monday
    assert s.open_now and s.at == datetime(2026, 11, 23, 16, 0)
    assert describe(HOURS, datetime(2026, 11, 23, 10, 0), "fi", str) == "Open now, until 16.00"


def test_before_opening_says_opens_at():
    s = status(HOURS, datetime(2026, 11, 23, 7, 30))
    assert not s.open_now and s.at == datetime(2026, 11, 23, 8, 0)
    assert (
        describe(HOURS, datetime(2026, 11, 23, 7, 30), "en", str)
        == "Closed now. Opens at 8:00\u202fAM"
    )


def test_after_closing_names_the_next_day_in_the_persons_language():
    now = datetime(2026, 11, 24, 17, 0)  # Tuesday evening; Wednesday and Thursday are closed
    assert status(HOURS, now).at == datetime(2026, 11, 27, 9, 0)
    assert describe(HOURS, now, "fi", str) == "Closed now. Opens perjantaina at 9.00"
    assert describe(HOURS, now, "sv", lambda t: t) == "Closed now. Opens fredag at 09:00"


def test_closing_time_itself_is_closed():
    assert not status(HOURS, datetime(2026, 11, 23, 16, 0)).open_now


def test_no_hours_at_all_is_closed():
    assert status(Hours({}), datetime(2026, 11, 23, 10, 0)).text == "Closed"


@pytest.mark.parametrize(
    "table",
    [{"monday": "8:00-16:00"}, {"mon": "8-16"}, {"mon": "16:00-8:00"}, {"mon": "25:00-26:00"}, "x"],
)
def test_wrong_hours_name_the_day(table):
    with pytest.raises(ValueError):
        Hours.parse(table)


def test_parse_reads_both_separators():
    assert HOURS.days[4] == (time(9, 0), time(12, 0))
