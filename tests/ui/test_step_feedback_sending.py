"""An answer to "Was this step clear?" travels from the window through the outbox (a real SQLite
file) to the reference receiver on loopback, anonymously, exactly once; it waits when the
receiver is away; a comment that looks like personal data never leaves the window."""

import sqlite3

import pytest

from asiointiapu.help_requests import HelpRequests
from asiointiapu.receiver.store import DATABASE_NAME
from asiointiapu.settings import SiteSettings
from asiointiapu.step_feedback import StepFeedback
from tests.ui.test_request_form import free_port, receiver  # noqa: F401 (a fixture)


@pytest.fixture
def feedback_window(make_window, tmp_path):
    def make(url, token_file, **site):
        w = make_window(
            site=SiteSettings(receiver_url=url, receiver_token_file=str(token_file), **site)
        )
        w.help_requests = HelpRequests(url, token_file, outbox_path=tmp_path / "outbox.sqlite3")
        return w

    return make


def received(receiver):  # noqa: F811
    with sqlite3.connect(receiver.token_file.parent / DATABASE_NAME) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute("SELECT * FROM feedback ORDER BY id")]


def outbox_rows(tmp_path):
    path = tmp_path / "outbox.sqlite3"
    if not path.exists():
        return []
    try:
        with sqlite3.connect(path) as db:
            return db.execute("SELECT kind, state, body FROM requests").fetchall()
    except sqlite3.OperationalError:  # being made by the sending thread just now
        return []


def test_an_answer_reaches_the_receiver_once_and_anonymously(
    feedback_window,
    receiver,  # noqa: F811
    qtbot,
    tmp_path,
):
    before = len(received(receiver))
    w = feedback_window(receiver.url, receiver.token_file)
    w.jump("identify")
    box = w.guide_page.feedback_box
    box.no_button.click()
    box.reason_items["hard-words"].box.setChecked(True)
    box.reason_items["looks-different"].box.setChecked(True)
    box.comment_edit.setText("I did not see the Suomi.fi button")
    box.send_button.click()
    qtbot.waitUntil(lambda: len(received(receiver)) == before + 1, timeout=10000)
    row = received(receiver)[-1]
    assert (row["guide_id"], row["step_id"], row["clear"]) == ("registration", "identify", 0)
    assert row["comment"] == "I did not see the Suomi.fi button"
    assert row["language"] == "en"
    assert "hard-words" in row["reasons"] and "looks-different" in row["reasons"]
    # Nothing that could tell who or when, to the second: the day only.
    assert set(row) >= {"received_on"} and not {"name", "phone", "received_at"} & set(row)
    # Delivered: the outbox keeps no body; the window keeps only "not clear" for the step.
    qtbot.waitUntil(lambda: outbox_rows(tmp_path) == [("feedback", "sent", None)], timeout=5000)
    assert w.progress.answered == {"identify": False}
    # A Yes on another step is one more row, not two.
    w.go_next()
    w.guide_page.feedback_box.yes_button.click()
    qtbot.waitUntil(lambda: len(received(receiver)) == before + 2, timeout=10000)
    qtbot.wait(300)
    assert len(received(receiver)) == before + 2
    assert received(receiver)[-1]["clear"] == 1


def test_with_the_receiver_away_the_answer_waits_in_the_outbox(
    feedback_window,
    receiver,  # noqa: F811
    qtbot,
    tmp_path,
):
    closed = f"http://127.0.0.1:{free_port()}"
    w = feedback_window(closed, receiver.token_file)
    w.guide_page.feedback_box.yes_button.click()
    qtbot.waitUntil(lambda: outbox_rows(tmp_path) != [], timeout=5000)
    [(kind, state, body)] = outbox_rows(tmp_path)
    assert (kind, state) == ("feedback", "pending")
    assert '"step_id":"before-you-start"' in body
    before = len(received(receiver))
    later = HelpRequests(receiver.url, receiver.token_file, outbox_path=tmp_path / "outbox.sqlite3")
    assert later.send_now() == 1
    assert len(received(receiver)) == before + 1
    assert outbox_rows(tmp_path) == [("feedback", "sent", None)]


def test_personal_looking_words_never_leave_the_window(
    feedback_window,
    receiver,  # noqa: F811
    qtbot,
    tmp_path,
):
    before = len(received(receiver))
    w = feedback_window(receiver.url, receiver.token_file)
    box = w.guide_page.feedback_box
    box.no_button.click()
    for comment in ("Call me on 040 123 4567", "Matti Virtanen here", "me@example.fi"):
        box.comment_edit.setText(comment)
        box.send_button.click()
        assert box.error_label.isVisibleTo(w)
    qtbot.wait(500)
    assert outbox_rows(tmp_path) == []
    assert len(received(receiver)) == before


def test_an_answer_the_receiver_refuses_is_dropped_not_kept(
    receiver,  # noqa: F811
    tmp_path,
):
    """The receiver is the last check (it may know names this computer's Voikko did not);
    what it refuses is deleted from the outbox, not kept to be sent again."""
    requests = HelpRequests(
        receiver.url, receiver.token_file, outbox_path=tmp_path / "outbox.sqlite3"
    )
    refused = StepFeedback("registration", "identify", True, (), "", "xx-not-a-language")
    requests._parts()[0].enqueue_body(refused.to_json(), "feedback")
    assert requests.send_pending() == 0
    assert outbox_rows(tmp_path) == []


def test_the_window_without_a_receiver_keeps_only_yes_or_no(make_window, tmp_path):
    w = make_window()  # a home computer with no site file: nothing to send to
    assert w.help_requests is None
    w.guide_page.feedback_box.yes_button.click()
    assert w.progress.answered == {"before-you-start": True}
    assert outbox_rows(tmp_path) == []
