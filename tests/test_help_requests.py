"""The glue the window calls: save, send, report; against a real HTTP server on loopback."""

from datetime import UTC, date, datetime

from asiointiapu.contact.model import ContactRequest
from asiointiapu.help_requests import HelpRequests


def request():
    return ContactRequest(
        kind="callback",
        name="Maija",
        phone="+358401234567",
        language="fi",
        interpreter=False,
        preferred_times=((date(2026, 11, 24), "morning"),),
        topic="Identifying myself",
        step_id="identify",
        created_at=datetime(2026, 11, 23, 10, 0, tzinfo=UTC),
    )


RECEIPT = {"reference": "K7Q-482", "received_at": "2026-11-23T10:00:01Z", "duplicate": False}


def test_sent_request_reports_its_reference(httpserver, tmp_path):
    httpserver.expect_request("/v1/requests", method="POST").respond_with_json(RECEIPT, status=201)
    token = tmp_path / "token"
    token.write_text("t" * 40)
    token.chmod(0o600)
    requests = HelpRequests(httpserver.url_for("").rstrip("/"), token, tmp_path / "outbox.sqlite3")
    report = requests.submit(request())
    assert (report.state, report.reference) == ("sent", "K7Q-482")
    assert requests.pending_count() == 0


def test_without_a_token_the_request_is_saved_and_the_reason_told(tmp_path):
    requests = HelpRequests("http://127.0.0.1:9", tmp_path / "no-token", tmp_path / "o.sqlite3")
    report = requests.submit(request())
    assert report.state == "saved" and "access key" in report.reason
    assert requests.pending_count() == 1


def test_a_corrupt_outbox_is_moved_aside_and_the_request_still_goes(httpserver, tmp_path):
    httpserver.expect_request("/v1/requests", method="POST").respond_with_json(RECEIPT, status=201)
    outbox = tmp_path / "outbox.sqlite3"
    outbox.write_bytes(b"this is not a database" * 100)
    token = tmp_path / "token"
    token.write_text("t" * 40)
    token.chmod(0o600)
    requests = HelpRequests(httpserver.url_for("").rstrip("/"), token, outbox)
    assert requests.submit(request()).state == "sent"
    kept = [p for p in tmp_path.iterdir() if p.name.startswith("outbox") and p != outbox]
    assert kept, "the unreadable file is kept for the staff, not deleted"


def test_offline_it_is_saved_and_sent_when_the_server_answers(httpserver, tmp_path):
    token = tmp_path / "token"
    token.write_text("t" * 40)
    token.chmod(0o600)
    httpserver.expect_ordered_request("/v1/requests").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/v1/requests").respond_with_json(RECEIPT, status=201)
    url = httpserver.url_for("").rstrip("/")
    requests = HelpRequests(url, token, tmp_path / "outbox.sqlite3")
    assert requests.submit(request()).state == "saved"
    # The backoff says "not yet"; as if its wait had passed, the next start sends it.
    from asiointiapu.contact.outbox import Outbox

    with Outbox(tmp_path / "outbox.sqlite3") as box:
        (entry,) = box.due(datetime(2100, 1, 1, tzinfo=UTC))
        box.mark_retry(entry.key, now=datetime(2000, 1, 1, tzinfo=UTC))
    later = HelpRequests(url, token, tmp_path / "outbox.sqlite3")
    assert later.send_pending() == 1
    assert later.pending_count() == 0


def test_when_the_network_returns_waiting_requests_go_at_once(httpserver, tmp_path):
    token = tmp_path / "token"
    token.write_text("t" * 40)
    token.chmod(0o600)
    httpserver.expect_ordered_request("/v1/requests").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/v1/requests").respond_with_json(RECEIPT, status=201)
    requests = HelpRequests(httpserver.url_for("").rstrip("/"), token, tmp_path / "o.sqlite3")
    assert requests.submit(request()).state == "saved"
    assert requests.send_pending() == 0  # still inside its backoff
    assert requests.send_now() == 1  # the network came back
    assert requests.pending_count() == 0
