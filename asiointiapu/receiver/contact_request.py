"""A contact request as the API receives it, checked field by field against the contract.

`read_contact_request()` turns a parsed JSON value into a `ContactRequest` or raises
`InvalidFields`, whose `fields` map each wrong field (a dotted path such as
`preferred_times[0].date`) to a short reason. The rules are exactly those of the
ContactRequest schema in docs/contact-api.yaml.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

KINDS = ("callback", "video")
PARTS_OF_DAY = ("morning", "afternoon")

REQUIRED = (
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
OPTIONAL = ("message", "video", "app_version")

MAX_NAME = 100
MAX_LANGUAGE = 35
MAX_TOPIC = 200
MAX_STEP_ID = 100
MAX_MESSAGE = 500
MAX_APP_VERSION = 40
MIN_PREFERRED_TIMES = 1
MAX_PREFERRED_TIMES = 10

PHONE = re.compile(r"\+[1-9][0-9]{6,14}", re.ASCII)
FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# RFC 3339 date-time, the JSON Schema "date-time" format; T and Z in either case.
DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]"
    r"(?P<time>[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?)"
    r"(?P<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})",
    re.ASCII,
)


@dataclass(frozen=True)
class PreferredTime:
    date: dt.date
    part: str  # one of PARTS_OF_DAY


@dataclass(frozen=True)
class VideoCheck:
    camera: bool
    microphone: bool


@dataclass(frozen=True)
class ContactRequest:
    kind: str  # one of KINDS
    name: str
    phone: str
    language: str
    interpreter: bool
    preferred_times: tuple[PreferredTime, ...]
    topic: str
    step_id: str
    created_at: str  # as the client sent it (RFC 3339)
    message: str | None = None
    video: VideoCheck | None = None
    app_version: str | None = None


class InvalidFields(ValueError):
    """The body is a JSON object, but some fields are missing or wrong."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__(f"{len(fields)} invalid field(s)")
        self.fields = dict(fields)


class NotJson(ValueError):
    """The body is not JSON text (or not UTF-8)."""


def parse_json(body: bytes) -> Any:
    """The JSON value in `body`, which must be UTF-8 JSON text (no NaN or Infinity)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotJson("The body is not UTF-8 text.") from error

    def refuse_constant(name: str) -> Any:
        raise NotJson(f"The body is not JSON: {name} is not a JSON number.")

    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as error:
        raise NotJson(f"The body is not JSON: {error.msg} at character {error.pos}.") from error
    except RecursionError as error:
        raise NotJson(
            "The body is not JSON this receiver can read: it is nested too deep."
        ) from error


def canonical_json(value: Any) -> str:
    """One spelling of a JSON value, so that equal bodies compare equal whatever their layout."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def read_contact_request(data: Mapping[str, Any]) -> ContactRequest:
    """The request in `data` (a parsed JSON object); raises InvalidFields naming every fault."""
    errors: dict[str, str] = {}
    for key in data:
        if key not in REQUIRED and key not in OPTIONAL:
            errors[safe_key(key)] = "is not a known field"
    for key in REQUIRED:
        if key not in data:
            errors[key] = "is required"

    def text(key: str, max_length: int, min_length: int = 0) -> str | None:
        if key not in data:
            return None
        reason = _text_fault(data[key], max_length, min_length)
        if reason:
            errors[key] = reason
            return None
        return str(data[key])

    kind = _choice(data, "kind", KINDS, errors)
    name = text("name", MAX_NAME, min_length=1)
    phone = data.get("phone")
    if "phone" in data and not (isinstance(phone, str) and PHONE.fullmatch(phone)):
        errors["phone"] = "must be an international number like +358401234567"
    language = text("language", MAX_LANGUAGE)
    topic = text("topic", MAX_TOPIC)
    step_id = text("step_id", MAX_STEP_ID)
    message = text("message", MAX_MESSAGE)
    app_version = text("app_version", MAX_APP_VERSION)
    created_at = data.get("created_at")
    if "created_at" in data and not (isinstance(created_at, str) and _is_date_time(created_at)):
        errors["created_at"] = "must be a date and time like 2025-03-10T09:30:00+02:00"

    interpreter = data.get("interpreter")
    if "interpreter" in data and not isinstance(interpreter, bool):
        errors["interpreter"] = "must be true or false"

    preferred_times = _read_preferred_times(data, errors)

    video = _read_video(data["video"], errors) if "video" in data else None
    if kind == "video" and "video" not in data:
        errors["video"] = "is required when kind is video"

    if errors:
        raise InvalidFields(errors)
    return ContactRequest(
        kind=str(kind),
        name=str(name),
        phone=str(phone),
        language=str(language),
        interpreter=bool(interpreter),
        preferred_times=preferred_times,
        topic=str(topic),
        step_id=str(step_id),
        created_at=str(created_at),
        message=message,
        video=video,
        app_version=app_version,
    )


def _read_preferred_times(
    data: Mapping[str, Any], errors: dict[str, str]
) -> tuple[PreferredTime, ...]:
    key = "preferred_times"
    if key not in data:
        return ()
    value = data[key]
    if not isinstance(value, list):
        errors[key] = "must be a list of dates and parts of the day"
        return ()
    if not MIN_PREFERRED_TIMES <= len(value) <= MAX_PREFERRED_TIMES:
        errors[key] = f"must have {MIN_PREFERRED_TIMES} to {MAX_PREFERRED_TIMES} items"
        return ()
    times: list[PreferredTime] = []
    for index, item in enumerate(value):
        where = f"{key}[{index}]"
        if not isinstance(item, dict):
            errors[where] = "must be an object with date and part"
            continue
        for extra in item:
            if extra not in ("date", "part"):
                errors[f"{where}.{safe_key(extra)}"] = "is not a known field"
        day = _read_date(item.get("date")) if "date" in item else None
        if "date" not in item:
            errors[f"{where}.date"] = "is required"
        elif day is None:
            errors[f"{where}.date"] = "must be a date like 2025-03-10"
        part = item.get("part")
        if "part" not in item:
            errors[f"{where}.part"] = "is required"
        elif not isinstance(part, str) or part not in PARTS_OF_DAY:
            errors[f"{where}.part"] = "must be one of: " + ", ".join(PARTS_OF_DAY)
        if day is not None and isinstance(part, str) and part in PARTS_OF_DAY:
            times.append(PreferredTime(day, part))
    return tuple(times)


def _read_video(value: Any, errors: dict[str, str]) -> VideoCheck | None:
    if not isinstance(value, dict):
        errors["video"] = "must be an object with camera and microphone"
        return None
    ok = True
    for extra in value:
        if extra not in ("camera", "microphone"):
            errors[f"video.{safe_key(extra)}"] = "is not a known field"
            ok = False
    for key in ("camera", "microphone"):
        if key not in value:
            errors[f"video.{key}"] = "is required"
            ok = False
        elif not isinstance(value[key], bool):
            errors[f"video.{key}"] = "must be true or false"
            ok = False
    return VideoCheck(value["camera"], value["microphone"]) if ok else None


def _choice(
    data: Mapping[str, Any], key: str, choices: tuple[str, ...], errors: dict[str, str]
) -> str | None:
    value = data.get(key)
    if key in data and not (isinstance(value, str) and value in choices):
        errors[key] = "must be one of: " + ", ".join(choices)
        return None
    return value


def _text_fault(value: Any, max_length: int, min_length: int) -> str | None:
    if not isinstance(value, str):
        return "must be text"
    if not _is_unicode(value):
        return "must be valid Unicode text"
    if len(value) < min_length:
        return f"must have at least {min_length} character" + ("s" if min_length > 1 else "")
    if len(value) > max_length:
        return f"must be at most {max_length} characters"
    return None


def _read_date(value: Any) -> dt.date | None:
    if not isinstance(value, str) or not FULL_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _is_date_time(value: str) -> bool:
    match = DATE_TIME.fullmatch(value)
    if not match:
        return False
    offset = match["offset"].upper().replace("Z", "+00:00")
    if int(offset[1:3]) > 23 or int(offset[4:6]) > 59:
        return False
    try:
        dt.datetime.fromisoformat(f"{match['date']}T{match['time']}{offset}")
    except ValueError:
        return False
    return True


def _is_unicode(value: str) -> bool:
    """False for text holding lone surrogates, which JSON allows but UTF-8 cannot store."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def safe_key(key: str) -> str:
    """A field name fit to echo back: lone surrogates escaped, long names cut."""
    safe = key.encode("utf-8", "backslashreplace").decode("utf-8")
    return safe if len(safe) <= 60 else safe[:57] + "…"
