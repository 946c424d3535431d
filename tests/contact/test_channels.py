"""HttpChannel against a real HTTP server on loopback."""

import json
import logging
import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from werkzeug import Response

from asiointiapu.contact import channels
from asiointiapu.contact.channels import (
    ChannelSettingsError,
    Delivered,
    HttpChannel,
    Rejected,
    RetryLater,
    parse_retry_after,
)

from .helpers import make_request

TOKEN = "s3cret-token-never-in-logs-8d2f"
KEY = "0b6f7c0e-8a57-4b8e-9d55-2f2f6a3c9e11"
BODY = make_request(name="Lokiton Henkilö").to_json()
RECEIPT = {"reference": "K7Q-482", "received_at": "2025-03-03T09:00:01+00:00", "duplicate": False}


@pytest.fixture
def channel(server):
    return HttpChannel(server.url_for("/").rstrip("/"), TOKEN, connect_timeout=1, read_timeout=0.5)


def post(server):
    return server.expect_request("/v1/requests", method="POST")


# ---- answers --------------------------------------------------------------------------------


def test_201_is_delivered_with_the_receipt(channel, server):
    post(server).respond_with_json(RECEIPT, status=201)
    outcome = channel.send(KEY, BODY)
    assert outcome == Delivered("K7Q-482", datetime(2025, 3, 3, 9, 0, 1, tzinfo=UTC), False)
    [(request, _)] = server.log
    assert request.headers["Authorization"] == f"Bearer {TOKEN}"
    assert request.headers["Idempotency-Key"] == KEY
    assert request.headers["Content-Type"].startswith("application/json")
    assert request.get_data() == BODY.encode("utf-8")


def test_200_is_a_repeat_and_still_delivered(channel, server):
    post(server).respond_with_json({**RECEIPT, "duplicate": True}, status=200)
    outcome = channel.send(KEY, BODY)
    assert isinstance(outcome, Delivered)
    assert outcome.duplicate


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_server_trouble_is_retried_later(channel, server, status):
    post(server).respond_with_data("oops", status=status)
    outcome = channel.send(KEY, BODY)
    assert outcome == RetryLater(channels.BUSY, None)


def test_503_with_retry_after_says_how_long(channel, server):
    post(server).respond_with_data("", status=503, headers={"Retry-After": "30"})
    assert channel.send(KEY, BODY) == RetryLater(channels.BUSY, 30.0)


def test_429_with_retry_after_says_how_long(channel, server):
    post(server).respond_with_json(
        {"error": {"code": "rate_limited", "message": "slow down"}},
        status=429,
        headers={"Retry-After": "17"},
    )
    assert channel.send(KEY, BODY) == RetryLater(channels.BUSY, 17.0)


def test_retry_after_as_an_http_date(server):
    now = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    url = server.url_for("/").rstrip("/")
    channel = HttpChannel(url, TOKEN, connect_timeout=1, read_timeout=1, clock=lambda: now)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    post(server).respond_with_data("", status=503, headers={"Retry-After": later})
    assert channel.send(KEY, BODY) == RetryLater(channels.BUSY, 90.0)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Mon, 03 Mar 2025 09:01:00 GMT", 60.0),
        ("Mon, 03 Mar 2025 08:00:00 GMT", 0.0),  # in the past: at once
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("9" * 40, None),
    ],
)
def test_retry_after_parsing(value, seconds):
    assert parse_retry_after(value, datetime(2025, 3, 3, 9, 0, tzinfo=UTC)) == seconds


def test_401_is_rejected_as_wrong_settings(channel, server):
    post(server).respond_with_json(
        {"error": {"code": "unauthorized", "message": "wrong token"}}, status=401
    )
    assert channel.send(KEY, BODY) == Rejected(channels.SETTINGS_WRONG, 401)


@pytest.mark.parametrize("status", [400, 403, 404, 409, 413, 422])
def test_other_refusals_are_rejected(channel, server, status):
    post(server).respond_with_json(
        {"error": {"code": "invalid", "message": "no", "fields": {"phone": "bad"}}},
        status=status,
    )
    assert channel.send(KEY, BODY) == Rejected(channels.NOT_ACCEPTED, status)


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ("<html>Welcome to the library wifi</html>", 200),
        ("not json", 201),
        ("[1, 2]", 201),
        (json.dumps({**RECEIPT, "reference": "k7q-482"}), 201),
        (json.dumps({**RECEIPT, "received_at": "yesterday"}), 201),
        (json.dumps({**RECEIPT, "duplicate": "no"}), 201),
        (json.dumps({"reference": "K7Q-482"}), 201),
        ("\xff\xfe", 201),
        ("", 204),
        ("", 302),
    ],
)
def test_answers_that_are_not_receipts_are_retried_later(channel, server, data, status):
    post(server).respond_with_data(data, status=status, content_type="application/json")
    assert channel.send(KEY, BODY) == RetryLater(channels.BAD_ANSWER)


def test_a_redirect_is_not_followed(channel, server):
    post(server).respond_with_data("", status=307, headers={"Location": "http://example.org/"})
    assert isinstance(channel.send(KEY, BODY), RetryLater)
    assert len(server.log) == 1


def test_a_huge_answer_is_retried_later(channel, server):
    huge = json.dumps({**RECEIPT, "padding": "x" * 100_000})
    post(server).respond_with_data(huge, status=201, content_type="application/json")
    assert channel.send(KEY, BODY) == RetryLater(channels.BAD_ANSWER)


def test_a_huge_answer_without_a_length_is_retried_later(channel, server):
    def endless(request):
        chunks = (b"x" * 8192 for _ in range(100))  # 800 KiB, chunked
        return Response(chunks, 201, content_type="application/json")

    post(server).respond_with_handler(endless)
    assert channel.send(KEY, BODY) == RetryLater(channels.BAD_ANSWER)


def test_a_slow_server_is_retried_later(channel, server):
    def slow(request):
        time.sleep(1.5)
        return Response(json.dumps(RECEIPT), 201, content_type="application/json")

    post(server).respond_with_handler(slow)
    started = time.monotonic()
    assert channel.send(KEY, BODY) == RetryLater(channels.CONNECTION_FAILED)
    assert time.monotonic() - started < 1.4


def test_a_trickling_answer_is_cut_off(channel, server):
    def trickle(request):
        def chunks():
            for _ in range(30):
                time.sleep(0.1)
                yield b" "

        return Response(chunks(), 201, content_type="application/json")

    post(server).respond_with_handler(trickle)
    started = time.monotonic()
    assert isinstance(channel.send(KEY, BODY), RetryLater)
    assert time.monotonic() - started < 2


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_is_retried_later():
    channel = HttpChannel(f"http://127.0.0.1:{free_port()}", TOKEN, connect_timeout=1)
    assert channel.send(KEY, BODY) == RetryLater(channels.CONNECTION_FAILED)


def test_https_works_with_a_trusted_certificate(tls_server, monkeypatch):
    server, ca_file = tls_server
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca_file))  # what a site's own CA would do
    post(server).respond_with_json(RECEIPT, status=201)
    url = server.url_for("/").rstrip("/")
    assert url.startswith("https://")
    assert isinstance(
        HttpChannel(url, TOKEN, connect_timeout=1, read_timeout=1).send(KEY, BODY), Delivered
    )


def test_an_untrusted_certificate_is_refused(tls_server):
    server, _ = tls_server
    post(server).respond_with_json(RECEIPT, status=201)
    channel = HttpChannel(server.url_for("/").rstrip("/"), TOKEN, connect_timeout=1, read_timeout=1)
    assert channel.send(KEY, BODY) == RetryLater(channels.CONNECTION_FAILED)
    assert server.log == []  # nothing, not even the token, reached it


def test_verification_stays_on_even_if_the_session_turns_it_off(tls_server):
    import requests

    server, _ = tls_server
    post(server).respond_with_json(RECEIPT, status=201)
    session = requests.Session()
    session.verify = False
    url = server.url_for("/").rstrip("/")
    channel = HttpChannel(url, TOKEN, connect_timeout=1, read_timeout=1, session=session)
    assert channel.send(KEY, BODY) == RetryLater(channels.CONNECTION_FAILED)
    assert server.log == []


def test_health(channel, server):
    server.expect_request("/v1/health", method="GET").respond_with_json({"status": "ok"})
    assert channel.health()
    assert "Authorization" not in server.log[0][0].headers
    server.clear()
    assert not channel.health()


# ---- settings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://127.9.9.9:8765/",
        "http://[::1]:8765",
        "http://localhost:8765",
        "HTTP://LOCALHOST:8765",
        "https://receiver.example.fi",
        "https://example.fi/asiointiapu/",
    ],
)
def test_https_and_loopback_http_are_accepted(url):
    assert HttpChannel(url, TOKEN).base_url == url.strip().rstrip("/")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.fi",
        "http://192.168.1.10:8765",
        "http://10.0.0.1",
        "http://[::2]",
        "http://localhost.example.fi",
        "http://128.0.0.1",
    ],
)
def test_plain_http_elsewhere_is_refused_at_construction(url):
    with pytest.raises(ChannelSettingsError) as caught:
        HttpChannel(url, TOKEN)
    assert "https://" in str(caught.value)
    assert caught.value.values == {"url": url}


@pytest.mark.parametrize(
    "url", ["", "receiver.example.fi", "ftp://example.fi", "https://", "https://a:b@example.fi"]
)
def test_addresses_that_are_not_web_addresses_are_refused(url):
    with pytest.raises(ChannelSettingsError):
        HttpChannel(url, TOKEN)


@pytest.mark.parametrize("token", ["", "two words", "line\nbreak", "ääkkönen"])
def test_tokens_that_cannot_be_sent_are_refused(token):
    with pytest.raises(ChannelSettingsError):
        HttpChannel("https://example.fi", token)


# ---- logs -----------------------------------------------------------------------------------


def test_neither_token_nor_body_is_logged(channel, server, caplog):
    caplog.set_level(logging.DEBUG)
    for status, data in [
        (201, RECEIPT),
        (200, {**RECEIPT, "duplicate": True}),
        (401, {"error": {"code": "unauthorized", "message": TOKEN}}),
        (422, {"error": {"code": "invalid", "message": "x", "fields": {"name": BODY}}}),
        (503, {}),
        (201, {"nonsense": TOKEN}),
    ]:
        server.clear()
        post(server).respond_with_json(data, status=status)
        channel.send(KEY, BODY)
    HttpChannel(f"http://127.0.0.1:{free_port()}", TOKEN, connect_timeout=1).send(KEY, BODY)
    assert "K7Q-482" in caplog.text  # the reference is what the log says
    assert "422" in caplog.text
    assert TOKEN not in caplog.text
    assert "Lokiton" not in caplog.text
    assert "+358401234567" not in caplog.text
    assert TOKEN not in repr(channel)
