"""Whatever body arrives at /v1/requests or /v1/feedback, the receiver answers in the
contract's terms and never fails (500)."""

import json
import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.receiver.conftest import valid_body, valid_feedback

CONTRACT_STATUSES = {200, 201, 400, 409, 413, 422}
FIELDS = [*valid_body(), "video", "unknown"]
# Any code point, lone surrogates too: JSON can carry them (as \ud800), UTF-8 cannot.
any_text = st.text(st.characters(exclude_categories=()), max_size=20)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | any_text,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
# Near misses: a valid body with some fields dropped or given random values.
near_misses = st.builds(
    lambda drop, replace: {
        **{k: v for k, v in valid_body().items() if k not in drop},
        **replace,
    },
    st.sets(st.sampled_from(FIELDS)),
    st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=4),
)
FEEDBACK_FIELDS = [*valid_feedback(), "unknown"]
feedback_near_misses = st.builds(
    lambda drop, replace: {
        **{k: v for k, v in valid_feedback().items() if k not in drop},
        **replace,
    },
    st.sets(st.sampled_from(FEEDBACK_FIELDS)),
    st.dictionaries(
        st.sampled_from(FEEDBACK_FIELDS),
        json_values | st.lists(st.sampled_from(["hard-words", "other", "x"]), max_size=3),
        max_size=3,
    ),
)
keys = st.one_of(st.just(None), st.sampled_from([str(uuid.UUID(int=1)), "x", ""]))
checks = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_answered_by_the_contract(response):
    assert response.status_code in CONTRACT_STATUSES, response.text
    payload = response.json()
    if response.status_code >= 400:
        assert isinstance(payload["error"]["code"], str)
    else:
        assert set(payload) == {"reference", "received_at", "duplicate"}


@checks
@given(body=json_values | near_misses, key=keys)
def test_random_json_bodies_never_fail(receiver, body, key):
    data = json.dumps(body).encode()
    assert_answered_by_the_contract(receiver.post(data=data, key=key))


@checks
@given(data=st.binary(max_size=300))
def test_random_bytes_never_fail(receiver, data):
    assert_answered_by_the_contract(receiver.post(data=data))


@checks
@given(body=json_values | feedback_near_misses, key=keys)
def test_random_feedback_bodies_never_fail(receiver, body, key):
    data = json.dumps(body).encode()
    assert_answered_by_the_contract(receiver.post_feedback(data=data, key=key))


@checks
@given(data=st.binary(max_size=300))
def test_random_bytes_as_feedback_never_fail(receiver, data):
    assert_answered_by_the_contract(receiver.post_feedback(data=data))
