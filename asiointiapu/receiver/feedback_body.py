"""The body of POST /v1/feedback: a StepFeedback (asiointiapu.step_feedback), checked.

The program runs the same checks before it sends; the receiver runs them again because it
cannot trust a client, least of all about what it keeps. A comment that looks like it holds a
name, a number or an e-mail address is refused, never stored. The receiver does not know the
words of every guide, so only the names Voikko knows are caught here (known_words=None).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from asiointiapu.receiver.contact_request import InvalidFields, safe_key
from asiointiapu.step_feedback import COMMENT_MAX, StepFeedback, from_dict

FIELDS = ("guide_id", "step_id", "clear", "reasons", "comment", "language")
REQUIRED = ("guide_id", "step_id", "clear")
# What each field must be, for the one from_dict() names as having the wrong type.
TYPES = {
    "guide_id": "must be text",
    "step_id": "must be text",
    "clear": "must be true or false",
    "reasons": "must be a list of reason codes",
    "comment": "must be text",
    "language": "must be text",
}


def read_step_feedback(data: Mapping[str, Any]) -> StepFeedback:
    """The answer in `data` (a parsed JSON object); raises InvalidFields naming what is wrong."""
    unknown = {safe_key(k): "is not a known field" for k in data if k not in FIELDS}
    if unknown:
        raise InvalidFields(unknown)
    try:
        feedback = from_dict(data)
    except ValueError as error:
        name = str(error)
        raise InvalidFields(
            {name: "is required" if name not in data else TYPES.get(name, "is not valid")}
        ) from None
    errors = feedback.errors(known_words=None)
    if errors:
        # The texts are the program's source texts; {limit} is the one placeholder they use.
        raise InvalidFields({k: v.replace("{limit}", str(COMMENT_MAX)) for k, v in errors.items()})
    return feedback
