"""POST /v1/requests and GET /v1/health answer as docs/contact-api.yaml says, on a real receiver."""

import json
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.receiver.conftest import JSON_NULL, valid_body

REFERENCE = re.compile(r"[A-Z0-9]{3}-[0-9]{3}")
RECEIVED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def assert_error(response, status, code):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    return error


def test_health_says_ok_without_a_token(receiver):
    response = requests.get(f"{receiver.url}/v1/health", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_a_valid_request_is_stored_and_gets_a_reference(receiver):
    response = receiver.post(valid_body())
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert set(receipt) == {"reference", "received_at", "duplicate"}
    assert REFERENCE.fullmatch(receipt["reference"])
    assert RECEIVED_AT.fullmatch(receipt["received_at"])
    assert receipt["duplicate"] is False


def test_a_video_request_with_only_the_required_fields_is_stored(receiver):
    body = valid_body(
        kind="video", video={"camera": True, "microphone": False}, message=None, app_version=None
    )
    assert receiver.post(body).status_code == 201


def test_every_request_gets_its_own_reference(receiver):
    references = {receiver.post(valid_body()).json()["reference"] for _ in range(20)}
    assert len(references) == 20


def test_a_repeat_with_the_same_key_gets_the_first_receipt(receiver):
    key = str(uuid.uuid4())
    first = receiver.post(valid_body(), key=key)
    assert first.status_code == 201
    again = receiver.post(valid_body(), key=key)
    assert again.status_code == 200, again.text
    assert again.json() == {**first.json(), "duplicate": True}
    # The same JSON spelt differently, with the key in capitals, is the same request.
    respelt = json.dumps(dict(reversed(valid_body().items())), indent=2).encode()
    third = receiver.post(data=respelt, key=key.upper())
    assert third.status_code == 200
    assert third.json()["reference"] == first.json()["reference"]


def test_the_same_key_with_another_body_is_a_conflict(receiver):
    key = str(uuid.uuid4())
    assert receiver.post(valid_body(), key=key).status_code == 201
    assert_error(receiver.post(valid_body(name="Matti"), key=key), 409, "conflict")


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong-token-wrong-token-wrong-token", "Bearer ", "Basic dXNlcjpwYXNz", "token"],
)
def test_a_missing_or_wrong_token_is_unauthorized(receiver, authorization):
    response = receiver.post(valid_body(), headers={"Authorization": authorization})
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_right_token_with_one_character_changed_is_unauthorized(receiver):
    wrong = receiver.token[:-1] + ("a" if receiver.token[-1] != "a" else "b")
    assert_error(receiver.post(valid_body(), token=wrong), 401, "unauthorized")


@pytest.mark.parametrize(
    "key",
    [
        "",
        "not-a-uuid",
        "1234",
        uuid.uuid4().hex,  # no dashes
        "{" + str(uuid.uuid4()) + "}",
        "urn:uuid:" + str(uuid.uuid4()),
        str(uuid.uuid4()) + "0",
    ],
)
def test_a_malformed_idempotency_key_is_a_bad_request(receiver, key):
    assert_error(receiver.post(valid_body(), key=key), 400, "bad_request")


def test_a_missing_idempotency_key_is_a_bad_request(receiver):
    response = receiver.post(valid_body(), headers={"Idempotency-Key": None})
    assert_error(response, 400, "bad_request")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not json",
        b'{"kind": "callback",',
        b'{"interpreter": NaN}',
        b"\xff\xfe{}",
        "{}".encode("utf-16"),
        b"[" * 5000 + b"]" * 5000,
        b"[]",
        b'"a string"',
        b"null",
    ],
    ids=[
        "empty",
        "text",
        "cut",
        "nan",
        "not-utf8",
        "utf16",
        "deep",
        "array",
        "string",
        "null",
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_bad_request(receiver, data):
    assert_error(receiver.post(data=data), 400, "bad_request")


def test_a_body_over_16_kib_is_too_large(receiver):
    body = valid_body(message="x" * 16 * 1024)
    assert_error(receiver.post(body), 413, "too_large")
    assert_error(receiver.post(data=b" " * (2 * 1024 * 1024)), 413, "too_large")


def test_a_body_of_exactly_16_kib_is_read(receiver):
    data = json.dumps(valid_body()).encode()
    data += b" " * (16 * 1024 - len(data))
    assert receiver.post(data=data).status_code == 201


INVALID_FIELDS = [
    ("kind", {"kind": "letter"}),
    ("kind", {"kind": JSON_NULL}),
    ("kind", {"kind": 1}),
    ("name", {"name": ""}),
    ("name", {"name": "x" * 101}),
    ("name", {"name": ["Maija"]}),
    ("phone", {"phone": "0401234567"}),
    ("phone", {"phone": "+0401234567"}),
    ("phone", {"phone": "+35840"}),
    ("phone", {"phone": "+3584012345678901"}),
    ("phone", {"phone": "+358 40 123 4567"}),
    ("phone", {"phone": "+358401234567\n"}),
    ("phone", {"phone": 358401234567}),
    ("language", {"language": "x" * 36}),
    ("language", {"language": False}),
    ("interpreter", {"interpreter": "yes"}),
    ("interpreter", {"interpreter": 1}),
    ("preferred_times", {"preferred_times": []}),
    ("preferred_times", {"preferred_times": [{"date": "2025-03-10", "part": "morning"}] * 11}),
    ("preferred_times", {"preferred_times": "2025-03-10"}),
    ("preferred_times[0]", {"preferred_times": ["2025-03-10"]}),
    ("preferred_times[0].date", {"preferred_times": [{"date": "2025-02-30", "part": "morning"}]}),
    ("preferred_times[0].date", {"preferred_times": [{"date": "20250310", "part": "morning"}]}),
    ("preferred_times[0].date", {"preferred_times": [{"part": "morning"}]}),
    (
        "preferred_times[1].part",
        {
            "preferred_times": [
                {"date": "2025-03-10", "part": "morning"},
                {"date": "2025-03-11", "part": "evening"},
            ]
        },
    ),
    ("preferred_times[0].part", {"preferred_times": [{"date": "2025-03-10"}]}),
    (
        "preferred_times[0].hour",
        {"preferred_times": [{"date": "2025-03-10", "part": "morning", "hour": 9}]},
    ),
    ("topic", {"topic": "x" * 201}),
    ("topic", {"topic": JSON_NULL}),
    ("step_id", {"step_id": "x" * 101}),
    ("message", {"message": "x" * 501}),
    ("message", {"message": JSON_NULL}),
    ("video", {"kind": "video"}),
    ("video", {"kind": "video", "video": True}),
    ("video.camera", {"kind": "video", "video": {"microphone": True}}),
    ("video.microphone", {"kind": "video", "video": {"camera": True, "microphone": "yes"}}),
    (
        "video.speaker",
        {"kind": "video", "video": {"camera": True, "microphone": True, "speaker": 1}},
    ),
    ("created_at", {"created_at": "2025-03-07"}),
    ("created_at", {"created_at": "2025-03-07T09:30:00"}),
    ("created_at", {"created_at": "2025-03-07 09:30:00Z"}),
    ("created_at", {"created_at": "2025-13-07T09:30:00Z"}),
    ("created_at", {"created_at": "yesterday"}),
    ("app_version", {"app_version": "x" * 41}),
    ("personal_identity_code", {"personal_identity_code": "010101-123N"}),
    ("name", {"name": "\ud800"}),
]


@pytest.mark.parametrize(("field", "changes"), INVALID_FIELDS)
def test_each_invalid_field_is_named(receiver, field, changes):
    error = assert_error(receiver.post(valid_body(**changes)), 422, "invalid")
    assert field in error["fields"], error
    assert all(isinstance(reason, str) and reason for reason in error["fields"].values())


REQUIRED_FIELDS = (
    "kind",
    "name",
    "phone",
    "language",
    "interpreter",
    "preferred_times",
    "topic",
    "step_id",
    "created_at",
)


@pytest.mark.parametrize("field", REQUIRED_FIELDS)
def test_each_missing_required_field_is_named(receiver, field):
    body = valid_body()
    del body[field]
    error = assert_error(receiver.post(body), 422, "invalid")
    assert error["fields"] == {field: "is required"}


def test_all_faults_are_named_at_once(receiver):
    error = assert_error(receiver.post({"name": "", "extra": 1}), 422, "invalid")
    assert {"kind", "name", "phone", "extra", "created_at"} <= set(error["fields"])


def test_a_lone_surrogate_in_a_field_name_is_named_back(receiver):
    body = valid_body()
    body["\ud800x"] = 1
    error = assert_error(receiver.post(data=json.dumps(body).encode()), 422, "invalid")
    assert "\\ud800x" in error["fields"]


def test_edges_the_contract_allows_are_accepted(receiver):
    body = valid_body(
        name="x" * 100,
        phone="+1234567",
        language="",
        topic="",
        step_id="",
        message="",
        preferred_times=[{"date": "2025-03-10", "part": "afternoon"}] * 10,
        created_at="2025-03-07t09:30:00.123456z",
        app_version="x" * 40,
    )
    assert receiver.post(body).status_code == 201


def test_other_paths_and_methods_answer_in_the_error_shape(receiver):
    assert_error(requests.get(f"{receiver.url}/v1/requests", timeout=10), 405, "bad_request")
    assert_error(requests.get(f"{receiver.url}/v1/nothing", timeout=10), 404, "bad_request")


def test_requests_over_the_rate_limit_are_told_when_to_retry(start):
    limited = start()  # the default: 30 a minute
    statuses = [limited.post(valid_body()).status_code for _ in range(30)]
    assert statuses == [201] * 30
    response = limited.post(valid_body())
    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    # Counting is per client address and per request: wrong tokens count too, health does not.
    assert_error(limited.post(valid_body(), token="x" * 43), 429, "rate_limited")
    assert requests.get(f"{limited.url}/v1/health", timeout=10).status_code == 200


def test_the_log_never_holds_the_token_or_what_a_request_says(start):
    running = start()
    body = valid_body(name="Unique Lokinimi", message="Secret words in the message")
    receipt = running.post(body).json()
    running.post(body, token="guessed-token-guessed-token")
    running.stop()
    log = running.log()
    assert receipt["reference"] in log
    assert "201" in log and "401" in log
    for secret in (running.token, "guessed-token", "Lokinimi", "Secret words", "+358401234567"):
        assert secret not in log


def test_retries_racing_each_other_store_the_request_once(receiver):
    key = str(uuid.uuid4())
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: receiver.post(valid_body(), key=key), range(8)))
    assert sorted(r.status_code for r in responses) == [200] * 7 + [201]
    assert len({r.json()["reference"] for r in responses}) == 1
