"""Handled requests are deleted after the retention time: at start and when staff mark one."""

import datetime as dt
import sqlite3

from asiointiapu.receiver.contact_request import read_contact_request
from asiointiapu.receiver.store import DATABASE_NAME, RequestStore, format_time
from tests.receiver.conftest import csrf_token, login, valid_body

START = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def stored_references(data_dir):
    with sqlite3.connect(data_dir / DATABASE_NAME) as db:
        return {row[0] for row in db.execute("SELECT reference FROM requests")}


def test_a_handled_request_is_kept_for_the_retention_days_then_deleted(tmp_path):
    clock = Clock(START)
    store = RequestStore.open(tmp_path, clock)
    request = read_contact_request(valid_body())
    handled = store.save("00000000-0000-0000-0000-000000000001", "a", request).reference
    still_open = store.save("00000000-0000-0000-0000-000000000002", "b", request).reference
    assert store.mark_handled(handled)

    clock.now = START + dt.timedelta(days=29, hours=23)
    assert store.purge(30) == 0
    assert store.find(handled) is not None

    clock.now = START + dt.timedelta(days=30)
    assert store.purge(30) == 1
    assert store.find(handled) is None
    # Open requests wait for staff however old they are.
    clock.now = START + dt.timedelta(days=400)
    assert store.purge(30) == 0
    assert [s.reference for s in store.open_requests()] == [still_open]
    store.close()


def test_the_receiver_deletes_old_handled_requests_when_it_starts(start, tmp_path):
    data_dir = tmp_path / "data"
    first = start(data_dir=data_dir)
    old = first.post(valid_body()).json()["reference"]
    recent = first.post(valid_body()).json()["reference"]
    still_open = first.post(valid_body()).json()["reference"]
    first.stop()
    now = dt.datetime.now(dt.UTC)
    with sqlite3.connect(data_dir / DATABASE_NAME) as db:
        for reference, days in ((old, 31), (recent, 29)):
            db.execute(
                "UPDATE requests SET handled_at = ? WHERE reference = ?",
                (format_time(now - dt.timedelta(days=days)), reference),
            )

    start("--retention-days", "30", data_dir=data_dir)
    assert stored_references(data_dir) == {recent, still_open}


def test_marking_a_request_handled_deletes_it_at_once_with_zero_retention_days(start):
    receiver = start("--retention-days", "0")
    reference = receiver.post(valid_body()).json()["reference"]
    other = receiver.post(valid_body()).json()["reference"]
    session = login(receiver)
    page = session.get(f"{receiver.url}/inbox", timeout=10).text
    session.post(
        f"{receiver.url}/inbox/requests/{reference}/handled",
        data={"csrf_token": csrf_token(page)},
        timeout=10,
    )
    assert stored_references(receiver.data_dir) == {other}
