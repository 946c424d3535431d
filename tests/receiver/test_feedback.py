"""POST /v1/feedback and the staff page /inbox/feedback, on a real receiver."""

import csv
import datetime as dt
import io
import json
import re
import sqlite3
import uuid

import pytest
import requests

from asiointiapu.receiver import database
from asiointiapu.receiver.contact_request import read_contact_request
from asiointiapu.receiver.feedback_store import StepSummary, most_confusing_first
from asiointiapu.receiver.store import DATABASE_NAME, RequestStore
from asiointiapu.step_feedback import REASONS, StepFeedback
from tests.receiver.conftest import (
    JSON_NULL,
    ROOT,
    csrf_token,
    login,
    valid_body,
    valid_feedback,
)
from tests.receiver.test_api import REFERENCE, assert_error
from tests.receiver.test_inbox import articles

DAY_START = re.compile(r"\d{4}-\d{2}-\d{2}T00:00:00Z")
ROW = re.compile(
    r'<tr><th scope="row">(.*?)</th><td class="number">(\d+)</td>'
    r'<td class="number">(\d+) \((\d+)%\)</td><td>(.*?)</td><td>(.*?)</td></tr>',
    re.S,
)


def database_rows(data_dir, sql, parameters=()):
    with sqlite3.connect(data_dir / DATABASE_NAME) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(sql, parameters)]


def stored(receiver, reference):
    rows = database_rows(
        receiver.data_dir, "SELECT * FROM feedback WHERE reference = ?", (reference,)
    )
    assert len(rows) == 1
    return rows[0]


def database_bytes(data_dir) -> bytes:
    """Everything SQLite has written: the database file and its write-ahead log."""
    files = [data_dir / DATABASE_NAME, *data_dir.glob(f"{DATABASE_NAME}-*")]
    return b"".join(f.read_bytes() for f in files if f.is_file())


def set_day(receiver, reference, day: dt.date):
    with sqlite3.connect(receiver.data_dir / DATABASE_NAME) as db:
        db.execute(
            "UPDATE feedback SET received_on = ? WHERE reference = ?", (day.isoformat(), reference)
        )


def utc_today():
    return dt.datetime.now(dt.UTC).date()


def summary_rows(page: str):
    """(name, answers, not clear, percent, reasons cell, comments cell) for each table row."""
    return [
        (name, int(answers), int(unclear), int(percent), reasons, comments)
        for name, answers, unclear, percent, reasons, comments in ROW.findall(page)
    ]


def feedback_page(receiver, session=None, period=None):
    session = session or login(receiver)
    params = {} if period is None else {"period": period}
    response = session.get(f"{receiver.url}/inbox/feedback", params=params, timeout=10)
    assert response.status_code == 200, response.text
    return response.text


# The API


def test_an_answer_is_stored_with_the_day_and_never_the_time(receiver):
    response = receiver.post_feedback(valid_feedback())
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert set(receipt) == {"reference", "received_at", "duplicate"}
    assert REFERENCE.fullmatch(receipt["reference"])
    assert DAY_START.fullmatch(receipt["received_at"])
    assert receipt["duplicate"] is False
    row = stored(receiver, receipt["reference"])
    assert row["received_on"] == receipt["received_at"][:10]
    assert abs(dt.date.fromisoformat(row["received_on"]) - utc_today()) <= dt.timedelta(days=1)
    assert (row["guide_id"], row["step_id"], row["clear"]) == ("registration", "identify", 0)
    assert json.loads(row["reasons"]) == ["hard-words"]
    assert row["comment"] == "I did not understand the word strong identification."
    assert row["language"] == "fi"
    # No column could hold a time of day, an address or anything else about the sender.
    columns = [c["name"] for c in database_rows(receiver.data_dir, "PRAGMA table_info(feedback)")]
    assert sorted(columns) == sorted(
        [
            "id",
            "reference",
            "idempotency_key",
            "body_sha256",
            "received_on",
            "guide_id",
            "step_id",
            "clear",
            "reasons",
            "comment",
            "language",
        ]
    )


def test_a_clear_answer_with_only_the_required_fields_is_stored(receiver):
    body = {"guide_id": "registration", "step_id": "money", "clear": True}
    response = receiver.post_feedback(body)
    assert response.status_code == 201, response.text
    row = stored(receiver, response.json()["reference"])
    assert (row["clear"], row["reasons"], row["comment"], row["language"]) == (1, "[]", None, "")


def test_what_the_program_sends_is_accepted(receiver):
    feedback = StepFeedback(
        "registration", "work-and-education", False, ("too-much-text", "other"), " Long. ", "sv"
    )
    assert not feedback.errors()
    response = receiver.post_feedback(data=feedback.to_json().encode())
    assert response.status_code == 201, response.text
    row = stored(receiver, response.json()["reference"])
    assert json.loads(row["reasons"]) == ["too-much-text", "other"]
    assert row["comment"] == "Long."


def test_a_repeat_with_the_same_key_gets_the_first_receipt(receiver):
    key = str(uuid.uuid4())
    first = receiver.post_feedback(valid_feedback(), key=key)
    assert first.status_code == 201
    again = receiver.post_feedback(valid_feedback(), key=key)
    assert again.status_code == 200, again.text
    assert again.json() == {**first.json(), "duplicate": True}
    respelt = json.dumps(dict(reversed(valid_feedback().items())), indent=2).encode()
    third = receiver.post_feedback(data=respelt, key=key.upper())
    assert third.status_code == 200
    assert third.json()["reference"] == first.json()["reference"]
    rows = database_rows(
        receiver.data_dir, "SELECT * FROM feedback WHERE idempotency_key = ?", (key,)
    )
    assert len(rows) == 1


def test_the_same_key_with_another_body_is_a_conflict(receiver):
    key = str(uuid.uuid4())
    assert receiver.post_feedback(valid_feedback(), key=key).status_code == 201
    response = receiver.post_feedback(valid_feedback(clear=True, reasons=[], comment=None), key=key)
    assert_error(response, 409, "conflict")


@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token-wrong-token", "Bearer "])
def test_a_missing_or_wrong_token_is_unauthorized(receiver, authorization):
    response = receiver.post_feedback(valid_feedback(), headers={"Authorization": authorization})
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    ("options", "status", "code"),
    [
        ({"headers": {"Idempotency-Key": None}}, 400, "bad_request"),
        ({"key": "not-a-uuid"}, 400, "bad_request"),
        ({"data": b"not json"}, 400, "bad_request"),
        ({"data": b"[]"}, 400, "bad_request"),
        ({"data": b'{"clear": NaN}'}, 400, "bad_request"),
        ({"data": b" " * (16 * 1024 + 1)}, 413, "too_large"),
    ],
    ids=["no-key", "bad-key", "not-json", "array", "nan", "too-large"],
)
def test_the_same_checks_as_for_requests(receiver, options, status, code):
    body = None if "data" in options else valid_feedback()
    assert_error(receiver.post_feedback(body, **options), status, code)


def test_requests_and_feedback_share_the_rate_limit(start):
    limited = start("--rate-limit", "3")
    assert limited.post_feedback(valid_feedback()).status_code == 201
    assert limited.post(valid_body()).status_code == 201
    assert limited.post_feedback(valid_feedback()).status_code == 201
    response = limited.post_feedback(valid_feedback())
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert_error(limited.post(valid_body()), 429, "rate_limited")


INVALID_FIELDS = [
    ("guide_id", {"guide_id": None}),
    ("guide_id", {"guide_id": "Registration"}),
    ("guide_id", {"guide_id": "../registration"}),
    ("guide_id", {"guide_id": 5}),
    ("step_id", {"step_id": ""}),
    ("step_id", {"step_id": "x" * 65}),
    ("step_id", {"step_id": JSON_NULL}),
    ("clear", {"clear": None}),
    ("clear", {"clear": "no"}),
    ("clear", {"clear": 0}),
    ("reasons", {"reasons": "hard-words"}),
    ("reasons", {"reasons": ["too-hard"]}),
    ("reasons", {"reasons": ["hard-words", "hard-words"]}),
    ("reasons", {"reasons": [1]}),
    ("reasons", {"reasons": JSON_NULL}),
    ("reasons", {"clear": True}),  # reasons are only for a step that was not clear
    ("comment", {"clear": True, "reasons": []}),  # a comment is only for a step not clear
    ("comment", {"comment": 5}),
    ("comment", {"comment": "x" * 201}),
    ("comment", {"comment": "a\x00b"}),
    ("comment", {"comment": "\ud800"}),
    ("language", {"language": "Finnish"}),
    ("language", {"language": 1}),
    ("name", {"name": "Maija"}),
    ("created_at", {"created_at": "2025-03-07T09:30:00+02:00"}),
]


@pytest.mark.parametrize(("field", "changes"), INVALID_FIELDS)
def test_each_invalid_field_is_named(receiver, field, changes):
    before = database_rows(receiver.data_dir, "SELECT count(*) AS n FROM feedback")[0]["n"]
    error = assert_error(receiver.post_feedback(valid_feedback(**changes)), 422, "invalid")
    assert field in error["fields"], error
    assert all(isinstance(reason, str) and reason for reason in error["fields"].values())
    after = database_rows(receiver.data_dir, "SELECT count(*) AS n FROM feedback")[0]["n"]
    assert after == before


def test_a_missing_field_is_required_and_a_long_comment_gives_the_limit(receiver):
    error = assert_error(receiver.post_feedback(valid_feedback(clear=None)), 422, "invalid")
    assert error["fields"] == {"clear": "is required"}
    error = assert_error(receiver.post_feedback(valid_feedback(comment="x" * 201)), 422, "invalid")
    assert error["fields"] == {"comment": "Please write at most 200 characters."}


def test_every_unknown_field_is_named_at_once(receiver):
    body = valid_feedback(name="Maija", phone="+358401234567")
    error = assert_error(receiver.post_feedback(body), 422, "invalid")
    assert set(error["fields"]) == {"name", "phone"}


PERSONAL_COMMENTS = [
    ("040 123 4567", [b"123 4567", b"4567"]),
    ("131052-308T", [b"131052", b"308T"]),
    ("Write to maija.k@example.fi please", [b"maija.k", b"example.fi"]),
    ("Matti Virtanen", [b"Matti", b"Virtanen"]),
    ("Ask Matti Virtanen about this step", [b"Matti", b"Virtanen"]),
]


@pytest.mark.parametrize(("comment", "traces"), PERSONAL_COMMENTS)
def test_a_comment_that_looks_like_personal_data_is_refused_and_not_kept(start, comment, traces):
    running = start()
    error = assert_error(running.post_feedback(valid_feedback(comment=comment)), 422, "invalid")
    assert set(error["fields"]) == {"comment"}
    assert error["fields"]["comment"].startswith("Please leave out")
    assert comment not in json.dumps(error)
    assert database_rows(running.data_dir, "SELECT * FROM feedback") == []
    # A harmless answer afterwards is stored, and the refused text is nowhere in the files.
    assert running.post_feedback(valid_feedback()).status_code == 201
    running.stop()
    written = database_bytes(running.data_dir)
    assert b"strong identification" in written  # the check below can find text
    for trace in traces:
        assert trace not in written
        assert trace.decode() not in running.log()


def test_the_log_holds_neither_the_comment_nor_the_reference(start):
    running = start()
    reference = running.post_feedback(valid_feedback(comment="Sanasto oli outoa.")).json()[
        "reference"
    ]
    running.post_feedback(valid_feedback(comment="Soita 040 123 4567"))
    running.stop()
    log = running.log()
    assert "POST /v1/feedback 201" in log
    assert "POST /v1/feedback 422" in log
    for secret in (reference, "Sanasto", "4567", "identify", running.token):
        assert secret not in log


# The staff page


@pytest.mark.parametrize("path", ["/inbox/feedback", "/inbox/feedback.csv?period=all"])
def test_the_feedback_page_needs_a_login(receiver, path):
    response = requests.get(receiver.url + path, allow_redirects=False, timeout=10)
    assert response.status_code == 303
    assert response.headers["Location"] == "/inbox/login"


def post_answers(receiver, step_id, not_clear, clear, reasons=(), comments=()):
    """`not_clear` unclear answers (the i-th with reasons[i] and comments[i] when given) and
    `clear` clear ones, about one step of the registration guide."""
    for i in range(not_clear):
        body = valid_feedback(
            step_id=step_id,
            reasons=list(reasons[i]) if i < len(reasons) else [],
            comment=comments[i] if i < len(comments) else None,
        )
        assert receiver.post_feedback(body).status_code == 201
    for _ in range(clear):
        body = {"guide_id": "registration", "step_id": step_id, "clear": True}
        assert receiver.post_feedback(body).status_code == 201


def test_the_steps_that_confuse_most_come_first_with_their_counts(start):
    running = start()
    post_answers(running, "contact-details", 1, 3, reasons=[["unsure-answer"]])
    post_answers(running, "money", 0, 2)
    post_answers(
        running,
        "identify",
        3,
        1,
        reasons=[["hard-words", "too-much-text"], ["hard-words"], ["other"]],
        comments=["Too many words.", "", "What is a mobile certificate?"],
    )
    post_answers(running, "no-such-step", 1, 0)
    page = feedback_page(running)
    rows = summary_rows(page)
    assert [r[:4] for r in rows] == [
        ("no-such-step", 1, 1, 100),  # an id this guide does not have shows as it is
        ("Identify yourself", 4, 3, 75),
        ("Contact details", 4, 1, 25),
        ("Money: apply for benefit", 2, 0, 0),
    ]
    identify = rows[1]
    reasons = re.findall(r"<li>(\d+) × (.*?)</li>", identify[4])
    assert reasons == [
        ("1", "There is too much text."),
        ("2", "The words are hard."),
        ("1", "Something else."),
    ]
    assert re.findall(r"<q>(.*?)</q>", identify[5]) == [
        "What is a mobile certificate?",
        "Too many words.",
    ]
    assert "Finnish (fi)" in identify[5]
    assert rows[3][4] == "None given" and rows[3][5] == "None"
    assert "11 answers about 4 steps in the last 30 days." in page


def test_the_page_is_a_real_table_reached_from_the_inbox_and_back(receiver):
    receiver.post_feedback(valid_feedback())
    session = login(receiver)
    inbox = session.get(f"{receiver.url}/inbox", timeout=10).text
    assert '<a href="/inbox/feedback">Step feedback</a>' in inbox
    assert '<a href="/inbox" aria-current="page">Open requests</a>' in inbox
    page = feedback_page(receiver, session)
    assert '<a href="/inbox">Open requests</a>' in page
    assert '<a href="/inbox/feedback" aria-current="page">Step feedback</a>' in page
    assert '<html lang="en">' in page and "<h1>Which steps confuse people most</h1>" in page
    assert re.search(r"<table>\s*<caption id=\"steps-caption\">Steps by share", page)
    assert page.count('<th scope="col">') == 5
    assert '<th scope="row">Identify yourself</th>' in page
    assert 'role="region" aria-labelledby="steps-caption" tabindex="0"' in page
    assert "<script" not in page
    assert 'action="/inbox/logout"' in page


def test_several_guides_are_named_with_the_step(start):
    running = start()
    running.post_feedback(valid_feedback())
    running.post_feedback(valid_feedback(guide_id="other-guide", step_id="first-step"))
    names = [row[0] for row in summary_rows(feedback_page(running))]
    assert sorted(names) == [
        "Register as a job seeker: Identify yourself",
        "other-guide: first-step",
    ]


def test_comments_are_html_escaped(start):
    running = start()
    for comment in ("<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "a & b"):
        assert running.post_feedback(valid_feedback(comment=comment)).status_code == 201
    page = feedback_page(running)
    assert "<q>&lt;script&gt;alert(1)&lt;/script&gt;</q>" in page
    assert "<q>&quot;&gt;&lt;img src=x onerror=alert(2)&gt;</q>" in page
    assert "<q>a &amp; b</q>" in page
    assert "<script" not in page and "<img" not in page


def test_only_the_latest_three_comments_are_shown(start):
    running = start()
    comments = ["First one.", "Second one.", "Third one.", "Fourth one."]
    post_answers(running, "identify", 4, 0, comments=comments)
    shown = re.findall(r"<q>(.*?)</q>", feedback_page(running))
    assert shown == ["Fourth one.", "Third one.", "Second one."]


def test_the_period_choice_shows_the_answers_of_that_period(start):
    running = start("--feedback-retention-days", "400")
    today = utc_today()
    for step_id, days_ago in (
        ("identify", 0),
        ("contact-details", 29),
        ("your-situation", 30),
        ("money", 89),
        ("after-sending", 90),
        ("before-you-start", 300),
    ):
        reference = running.post_feedback(valid_feedback(step_id=step_id)).json()["reference"]
        set_day(running, reference, today - dt.timedelta(days=days_ago))
    session = login(running)

    def shown(period):
        page = feedback_page(running, session, period)
        return page, {row[0] for row in summary_rows(page)}

    recent = {"Identify yourself", "Contact details"}
    page, steps = shown(None)
    assert steps == recent
    assert '<a href="/inbox/feedback?period=30" aria-current="true">Last 30 days</a>' in page
    assert shown("30")[1] == recent
    assert shown("nonsense")[1] == recent
    page, steps = shown("90")
    assert steps == recent | {"Your situation", "Money: apply for benefit"}
    assert '<a href="/inbox/feedback?period=90" aria-current="true">Last 90 days</a>' in page
    assert "in the last 90 days" in page
    assert len(shown("all")[1]) == 6
    assert "Answers are kept for 400 days." in page


def test_the_empty_page_says_so_in_plain_words(start):
    running = start()
    page = feedback_page(running)
    assert "No answers in the last 30 days." in page
    assert "<table" not in page
    assert "No answers. When people" in feedback_page(running, period="all")
    running.post_feedback(valid_feedback())
    assert "No answers" not in feedback_page(running)


def test_the_csv_has_the_summary_in_the_pages_order(start):
    running = start()
    post_answers(running, "money", 1, 1, reasons=[["other"]], comments=["=cmd|x"])
    post_answers(running, "identify", 2, 0, reasons=[["hard-words"], ["hard-words", "other"]])
    response = login(running).get(
        f"{running.url}/inbox/feedback.csv", params={"period": "all"}, timeout=10
    )
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="step-feedback-all-\d{4}-\d{2}-\d{2}\.csv"',
        response.headers["Content-Disposition"],
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["step_id"], r["step_title"]) for r in rows] == [
        ("identify", "Identify yourself"),
        ("money", "Money: apply for benefit"),
    ]
    assert rows[0]["answers"] == "2" and rows[0]["not_clear_percent"] == "100"
    assert rows[0]["reason_hard-words"] == "2" and rows[0]["reason_other"] == "1"
    assert rows[0]["reason_too-much-text"] == "0"
    assert rows[1]["not_clear"] == "1" and rows[1]["not_clear_percent"] == "50"
    assert rows[1]["latest_comments"] == "'=cmd|x"  # not run as a formula by a spreadsheet


# Keeping and deleting


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now


def test_answers_are_deleted_after_the_retention_days(tmp_path):
    start = dt.datetime(2025, 3, 1, 23, 59, tzinfo=dt.UTC)
    clock = Clock(start)
    store = RequestStore.open(tmp_path, clock)
    feedback = StepFeedback("registration", "identify", True)
    receipt = store.feedback.save(str(uuid.UUID(int=1)), "a", feedback)
    assert receipt.received_at == "2025-03-01T00:00:00Z"
    clock.now = dt.datetime(2025, 3, 31, 0, 1, tzinfo=dt.UTC)  # 30 days after the day
    assert store.purge(30) == 0
    assert [s.answers for s in store.feedback.summary(None)] == [1]
    assert store.feedback.summary(30) == []  # 1 March is not within the last 30 days
    clock.now = dt.datetime(2025, 4, 1, 0, 1, tzinfo=dt.UTC)
    store.purge(30)
    assert store.feedback.summary(None) == []
    # A longer time for the feedback than for requests.
    store.feedback.save(str(uuid.UUID(int=2)), "b", feedback)
    clock.now += dt.timedelta(days=60)
    store.purge(30, feedback_retention_days=90)
    assert [s.answers for s in store.feedback.summary(None)] == [1]
    store.close()


def test_the_receiver_deletes_old_answers_when_it_starts_and_when_staff_look(start, tmp_path):
    data_dir = tmp_path / "data"
    first = start(data_dir=data_dir)
    old, kept = (first.post_feedback(valid_feedback()).json()["reference"] for _ in range(2))
    first.stop()
    today = utc_today()
    set_day(first, old, today - dt.timedelta(days=31))
    set_day(first, kept, today - dt.timedelta(days=30))

    running = start(data_dir=data_dir)
    references = {r["reference"] for r in database_rows(data_dir, "SELECT * FROM feedback")}
    assert references == {kept}
    set_day(running, kept, today - dt.timedelta(days=40))
    staff = login(running, first.password)
    assert "No answers" in feedback_page(running, staff, period="all")
    assert database_rows(data_dir, "SELECT * FROM feedback") == []


def test_a_database_of_the_previous_version_keeps_its_requests(start, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    with monkeypatch.context() as patch:
        patch.setattr(database, "MIGRATIONS", database.MIGRATIONS[:1])
        store = RequestStore.open(data_dir)
        reference = store.save(
            str(uuid.UUID(int=3)), "c", read_contact_request(valid_body(name="Before Feedback"))
        ).reference
        store.close()
    assert database_rows(data_dir, "SELECT version FROM schema_version") == [{"version": 1}]
    assert not database_rows(data_dir, "SELECT name FROM sqlite_master WHERE name = 'feedback'")

    running = start(data_dir=data_dir)
    versions = database_rows(data_dir, "SELECT version FROM schema_version")
    assert versions == [{"version": len(database.MIGRATIONS)}]
    inbox = login(running).get(f"{running.url}/inbox", timeout=10).text
    assert "Before Feedback" in articles(inbox)[reference]
    assert running.post_feedback(valid_feedback()).status_code == 201


# The ordering rule on its own


def summary(step_id, answers, not_clear):
    return StepSummary("registration", step_id, answers, not_clear, (), ())


def test_ties_in_the_share_go_to_the_step_with_more_answers():
    steps = [summary("a", 4, 3), summary("b", 1, 1), summary("c", 8, 6), summary("d", 3, 0)]
    assert [s.step_id for s in most_confusing_first(steps)] == ["b", "c", "a", "d"]


@pytest.mark.parametrize(
    ("answers", "not_clear", "percent"), [(8, 1, 13), (3, 1, 33), (3, 2, 67), (4, 3, 75)]
)
def test_the_percentage_is_rounded_half_up(answers, not_clear, percent):
    assert summary("a", answers, not_clear).percent_not_clear == percent


def test_the_contract_lists_the_reasons_the_program_has():
    contract = (ROOT / "docs" / "contact-api.yaml").read_text(encoding="utf-8")
    schema = contract[contract.index("    StepFeedback:") : contract.index("    Receipt:")]
    enum = re.search(r"enum: \[([^\]]*)\]", schema)
    assert enum and enum[1].split(", ") == list(REASONS)


def test_a_longer_feedback_retention_holds_when_staff_mark_a_request_handled(start):
    running = start("--retention-days", "0", "--feedback-retention-days", "400")
    answer = running.post_feedback(valid_feedback()).json()["reference"]
    set_day(running, answer, utc_today() - dt.timedelta(days=100))
    request = running.post(valid_body()).json()["reference"]
    session = login(running)
    page = session.get(f"{running.url}/inbox", timeout=10).text
    session.post(
        f"{running.url}/inbox/requests/{request}/handled",
        data={"csrf_token": csrf_token(page)},
        timeout=10,
    )
    assert database_rows(running.data_dir, "SELECT * FROM requests") == []  # purge ran
    assert [r["reference"] for r in database_rows(running.data_dir, "SELECT * FROM feedback")] == [
        answer
    ]
