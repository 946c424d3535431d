"""A contact request (docs/contact-api.yaml, ContactRequest) and the checks on what a person writes.

Every check is a small pure function that returns a text for the person (English source text,
marked with N_ and translated where it is shown) or None when all is well. The texts have no
{placeholders}, so they can be shown as they are.

The program never asks for the personal identity code, bank codes or passwords, and the free
text must not carry them either: check_message() refuses text that looks like one and says why.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import phonenumbers

from asiointiapu.i18n import N_

KINDS = ("callback", "video")
PARTS = ("morning", "afternoon")

NAME_MAX = 100
MESSAGE_MAX = 500
TOPIC_MAX = 200
STEP_ID_MAX = 100
LANGUAGE_MAX = 35
APP_VERSION_MAX = 40
TIMES_MAX = 10
PHONE_INPUT_MAX = 40  # longer than any way of writing a phone number

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*")

# ---- texts for the person -------------------------------------------------------------------

NAME_MISSING = N_("Write your name.")
NAME_TOO_LONG = N_("Write a shorter name, at most 100 characters.")
NAME_BAD_CHARACTERS = N_("Your name has characters that cannot be used. Write it with letters.")
PHONE_MISSING = N_("Write your phone number, for example 040 123 4567.")
PHONE_BAD_CHARACTERS = N_(
    "Write the phone number with digits only, for example 040 123 4567. "
    "A number from abroad starts with + and the country code."
)
PHONE_INVALID = N_(
    "Check the phone number. Write it as you would dial it, for example 040 123 4567. "
    "A number from abroad starts with + and the country code."
)
PHONE_NOT_PERSONAL = N_(
    "This number cannot be used to call you. Write your own mobile or home phone number."
)
MESSAGE_TOO_LONG = N_("Write a shorter message, at most 500 characters.")
MESSAGE_BAD_CHARACTERS = N_("Your message has characters that cannot be used. Write it again.")
IDENTITY_CODE = N_(
    "It looks like you wrote a personal identity code. Please remove it. "
    "The staff do not need it to contact you, and it is not safe to send it this way."
)
BANK_CODE = N_(
    "It looks like you wrote a bank code, a PIN code or a password. Please remove it. "
    "Never give your codes to anyone, not even to the staff."
)
ACCOUNT_NUMBER = N_(
    "It looks like you wrote a bank account number. Please remove it. "
    "The staff do not need it to contact you."
)
KIND_INVALID = N_("Choose a phone call or a video appointment.")
LANGUAGE_MISSING = N_("Choose a language.")
TIMES_MISSING = N_("Choose at least one time.")
TIMES_TOO_MANY = N_("Choose at most 10 times.")
TIMES_INVALID = N_("Choose the times again.")
VIDEO_MISSING = N_("Tell us whether you have a camera and a microphone.")
REQUEST_INVALID = N_("Something in this request is not right. Please start again.")


# ---- the request ----------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ContactRequest:
    """One request for a callback or a video appointment, as the API carries it."""

    kind: str  # "callback" or "video"
    name: str
    phone: str  # E.164, e.g. +358401234567 (check_phone() gives it)
    language: str  # BCP 47: the language the person wants to be helped in
    interpreter: bool
    preferred_times: tuple[tuple[date, str], ...]  # (day, "morning" | "afternoon")
    topic: str  # the guide step's help topic
    step_id: str
    created_at: datetime
    message: str = ""
    video: tuple[bool, bool] | None = None  # (camera, microphone); required for "video"
    app_version: str = ""

    def fields(self) -> dict[str, Any]:
        """The fields by name, as validate() takes them."""
        return {
            "kind": self.kind,
            "name": self.name,
            "phone": self.phone,
            "language": self.language,
            "interpreter": self.interpreter,
            "preferred_times": self.preferred_times,
            "topic": self.topic,
            "step_id": self.step_id,
            "message": self.message,
            "video": self.video,
            "created_at": self.created_at,
            "app_version": self.app_version,
        }

    def errors(self) -> dict[str, str]:
        """What is wrong, by field; empty when the request can be sent."""
        return validate(self.fields())

    def to_dict(self) -> dict[str, Any]:
        """The request as the API's JSON object."""
        data: dict[str, Any] = {
            "kind": self.kind,
            "name": self.name,
            "phone": self.phone,
            "language": self.language,
            "interpreter": self.interpreter,
            "preferred_times": [
                {"date": _day(day).isoformat(), "part": part} for day, part in self.preferred_times
            ],
            "topic": self.topic,
            "step_id": self.step_id,
            "created_at": _aware(self.created_at).isoformat(timespec="seconds"),
        }
        if self.message:
            data["message"] = self.message
        if self.video is not None:
            camera, microphone = self.video
            data["video"] = {"camera": bool(camera), "microphone": bool(microphone)}
        if self.app_version:
            data["app_version"] = self.app_version
        return data

    def to_json(self) -> str:
        """The request body: compact JSON, UTF-8 text as it is (not \\u escapes)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _aware(value: datetime) -> datetime:
    # RFC 3339 needs an offset; a naive time is the computer's local time.
    return value if value.tzinfo is not None else value.astimezone()


# ---- checks on what the person writes -------------------------------------------------------

_ALLOWED_FORMAT = {"\u200c", "\u200d"}  # zero-width (non-)joiner: part of Persian, Indic names


def _bad_characters(text: str, allow: str = "") -> bool:
    """Control, unassigned, private or lone surrogate characters (other than those allowed)."""
    for ch in text:
        if ch in allow or ch in _ALLOWED_FORMAT:
            continue
        if unicodedata.category(ch).startswith("C"):
            return True
    return False


def check_name(text: str) -> str | None:
    """The name the person wants to be called."""
    if len(text) > NAME_MAX * 4:  # too long to look at further (and much too long anyway)
        return NAME_TOO_LONG
    name = text.strip()
    if not name:
        return NAME_MISSING
    if len(name) > NAME_MAX:
        return NAME_TOO_LONG
    if _bad_characters(name):
        return NAME_BAD_CHARACTERS
    return sensitive_content(name)


_PHONE_PUNCTUATION = set(" +-()./\u00a0\u2007\u2009\u202f\u2010\u2011\u2012\u2013\u2014\u2212")
_PERSONAL_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def check_phone(text: str, region: str = "FI") -> tuple[str | None, str | None]:
    """(the number in E.164, None) or (None, what is wrong).

    A number without a country code is read as a number in `region` (Finland); one from abroad
    is written with + (or 00) and the country code. Digits of any script are understood. Only
    numbers that can reach a person are taken: mobile and fixed-line, not service numbers.
    """
    if len(text) > PHONE_INPUT_MAX * 4:
        return None, PHONE_INVALID
    text = text.strip()
    if not text:
        return None, PHONE_MISSING
    if len(text) > PHONE_INPUT_MAX:
        return None, PHONE_INVALID
    if not all(ch.isdecimal() or ch in _PHONE_PUNCTUATION for ch in text):
        return None, PHONE_BAD_CHARACTERS
    if not any(ch.isdecimal() for ch in text):
        return None, PHONE_MISSING
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None, PHONE_INVALID
    if not phonenumbers.is_valid_number(number):
        return None, PHONE_INVALID
    if phonenumbers.number_type(number) not in _PERSONAL_TYPES:
        return None, PHONE_NOT_PERSONAL
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    if not E164.fullmatch(e164):
        return None, PHONE_INVALID
    return e164, None


def check_message(text: str) -> str | None:
    """The person's optional words: short, and no identity code, bank code or account number."""
    if len(text) > MESSAGE_MAX:
        return MESSAGE_TOO_LONG
    if _bad_characters(text, allow="\n\r\t"):
        return MESSAGE_BAD_CHARACTERS
    return sensitive_content(text)


def sensitive_content(text: str) -> str | None:
    """Why the text must not be sent (an identity code, bank code or account number), or None."""
    upper = _normalise(text)
    if _identity_code_in(upper):
        return IDENTITY_CODE
    if _has_bank_code(upper):
        return BANK_CODE
    if _has_account_number(upper):
        return ACCOUNT_NUMBER
    return None


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")


def _normalise(text: str) -> str:
    # Full-width and other compatibility forms to plain ones, every dash to "-", upper case.
    return unicodedata.normalize("NFKC", text).translate(_DASHES).upper()


# The personal identity code (henkilötunnus): DDMMYY, the century sign, a three-digit individual
# number and a check character. People may write it with spaces, dots between the date parts,
# lower case, or leave out the century sign.
_IDENTITY_CODE = re.compile(
    r"(?<!\w)"
    r"(?P<dd>\d{2})[ .]?(?P<mm>\d{2})[ .]?(?P<yy>\d{2})"
    r" ?(?P<sign>[-+A-FU-Y])? ?"
    r"(?P<nnn>\d{3}) ?(?P<check>[0-9A-Y])"
    r"(?!\w)"
)
_CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_CENTURIES = {"+": 1800, "-": 1900, **dict.fromkeys("UVWXY", 1900), **dict.fromkeys("ABCDEF", 2000)}


def has_identity_code(text: str) -> bool:
    """Does the text hold a Finnish personal identity code whose check character is right?"""
    return _identity_code_in(_normalise(text))


def _identity_code_in(upper: str) -> bool:
    return any(_is_identity_code(m) for m in _IDENTITY_CODE.finditer(upper))


def _is_identity_code(match: re.Match[str]) -> bool:
    try:
        number = int(match["dd"] + match["mm"] + match["yy"] + match["nnn"])
        day, month, year = int(match["dd"]), int(match["mm"]), int(match["yy"])
    except ValueError:
        return False
    if _CHECK_CHARACTERS[number % 31] != match["check"]:
        return False
    sign = match["sign"]
    if sign is None and match["check"].isdigit():
        return False  # ten digits in a row are more likely a phone number
    century = _CENTURIES[sign] if sign else 2000  # no sign: any year with a 29 February
    try:
        date(century + year, month, day)
    except ValueError:
        return False
    return True


_CODE_WORDS = (
    r"TUNNUSLU[KV]\w*|AVAINLU[KV]\w*|TURVALU[KV]\w*|VAHVISTUSTUNNU\w*|SALASAN\w*"
    r"|PIN(?:-?KO[OD]\w*|-?NUMERO\w*|-?KOD\w*)?|PANKKITUNNU\w*|VERKKOPANKKITUNNU\w*"
    r"|PASSWORD\w*|PASSCODE\w*|BANK ?CODES?|ONE-? ?TIME (?:CODE|PASSWORD)S?"
    r"|SECURITY CODES?|VERIFICATION CODES?|CONFIRMATION CODES?"
    r"|LÖSENORD\w*|PINKOD\w*|BANKKOD\w*|ENGÅNGSKOD\w*|SÄKERHETSKOD\w*"
)
_CODE = r"(?<!\d)(?:\d ?){3,5}\d(?!\d)"  # four to six digits, perhaps spaced
# A code a few words after such a word ("PIN-koodini on 1234"), or just before ("4821 on
# tunnuslukuni"); not across the end of a sentence.
_BANK_CODE = re.compile(
    rf"\b(?:{_CODE_WORDS})\b[^\d\n.!?;]{{0,20}}?{_CODE}"
    rf"|{_CODE}[^\d\n.!?;,]{{0,12}}?\b(?:{_CODE_WORDS})\b"
)
# A code card copied out: "1. 4567 2. 8912 3. 4455" (index, code; three in a row or more).
_CARD_ENTRY = re.compile(r"(?<!\d)(\d{1,3})[.):]?[ \t]+(\d{4,6})(?!\d)")


def _has_bank_code(upper: str) -> bool:
    if _BANK_CODE.search(upper):
        return True
    run, previous_index, previous_end = 1, None, -1
    for m in _CARD_ENTRY.finditer(upper):
        index = int(m[1])
        gap = upper[previous_end : m.start()] if previous_end >= 0 else "-"
        follows = index == (previous_index or 0) + 1 and len(gap) <= 3 and not gap.strip(" \t\n,;")
        run = run + 1 if follows else 1
        if run >= 3:
            return True
        previous_index, previous_end = index, m.end()
    return False


_ACCOUNT_START = re.compile(r"(?<![A-Z0-9])[A-Z]{2}[0-9]{2}")
_ALNUM = re.compile(r"[A-Z0-9]*")


def _has_account_number(upper: str) -> bool:
    """An IBAN, written in groups or in one piece, whose check digits are right."""
    for m in _ACCOUNT_START.finditer(upper):
        compact, ends = "", []
        for token in upper[m.start() : m.start() + 60].split(" "):
            found = _ALNUM.match(token)
            part = found[0] if found else ""
            if not part:
                break
            compact += part
            ends.append(len(compact))
            if part != token or len(compact) >= 34:
                break
        if any(15 <= end <= 34 and _iban_ok(compact[:end]) for end in ends):
            return True
    return False


def _iban_ok(iban: str) -> bool:
    if not iban[2:4].isdigit():
        return False
    rearranged = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(digits) % 97 == 1


# ---- the whole request ----------------------------------------------------------------------


def validate(request_fields: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with the request's fields, by field name; empty when nothing is.

    Takes the fields of ContactRequest by name (ContactRequest.fields()). The texts are for
    the person; fields a person does not write themselves get REQUEST_INVALID.
    """
    f = request_fields
    errors: dict[str, str] = {}

    def put(name: str, error: str | None) -> None:
        if error:
            errors[name] = error

    kind = f.get("kind")
    put("kind", None if kind in KINDS else KIND_INVALID)
    put("name", check_name(f["name"]) if isinstance(f.get("name"), str) else NAME_MISSING)
    phone = f.get("phone")
    if isinstance(phone, str):
        number, error = check_phone(phone)
        put("phone", error or (None if number == phone else PHONE_INVALID))
    else:
        put("phone", PHONE_MISSING)
    language = f.get("language")
    language_ok = (
        isinstance(language, str)
        and len(language) <= LANGUAGE_MAX
        and LANGUAGE_TAG.fullmatch(language) is not None
    )
    put("language", None if language_ok else LANGUAGE_MISSING)
    put("interpreter", None if isinstance(f.get("interpreter"), bool) else REQUEST_INVALID)
    put("preferred_times", _check_times(f.get("preferred_times")))
    put("topic", _check_text(f.get("topic"), TOPIC_MAX, required=False))
    put("step_id", _check_text(f.get("step_id"), STEP_ID_MAX, required=False))
    message = f.get("message", "")
    put("message", check_message(message) if isinstance(message, str) else REQUEST_INVALID)
    put("video", _check_video(f.get("video"), kind))
    created = f.get("created_at")
    put("created_at", None if isinstance(created, datetime) else REQUEST_INVALID)
    put("app_version", _check_text(f.get("app_version", ""), APP_VERSION_MAX, required=False))
    return errors


def _check_text(value: Any, limit: int, required: bool) -> str | None:
    if not isinstance(value, str) or len(value) > limit or (required and not value):
        return REQUEST_INVALID
    return None


def _check_times(value: Any) -> str | None:
    if not isinstance(value, Sequence | set | frozenset) or isinstance(value, str):
        return TIMES_MISSING
    times = list(value)
    if not times:
        return TIMES_MISSING
    if len(times) > TIMES_MAX:
        return TIMES_TOO_MANY
    for item in times:
        if not isinstance(item, Sequence) or isinstance(item, str) or len(item) != 2:
            return TIMES_INVALID
        day, part = item
        if not isinstance(day, date) or part not in PARTS:
            return TIMES_INVALID
    if len({(_day(d), p) for d, p in times}) != len(times):
        return TIMES_INVALID
    return None


def _check_video(value: Any, kind: Any) -> str | None:
    if value is None:
        return VIDEO_MISSING if kind == "video" else None
    if (
        not isinstance(value, Sequence)
        or len(value) != 2
        or not all(isinstance(v, bool) for v in value)
    ):
        return VIDEO_MISSING
    return None


# ---- days -----------------------------------------------------------------------------------


def next_working_days(today: date, n: int, holidays: Iterable[date] = ()) -> list[date]:
    """The first n working days (Monday to Friday, not in holidays) after today."""
    skip = set(holidays)
    days: list[date] = []
    day = _day(today)
    while len(days) < n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in skip:
            days.append(day)
    return days


def finnish_holidays(year: int) -> frozenset[date]:
    """Weekday public holidays in Finland (and Midsummer Eve and Christmas Eve, when offices
    are closed): for next_working_days(..., holidays=...)."""
    easter = _easter(year)
    midsummer_eve = next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4)
    return frozenset(
        {
            date(year, 1, 1),
            date(year, 1, 6),
            easter - timedelta(days=2),  # Good Friday
            easter + timedelta(days=1),  # Easter Monday
            date(year, 5, 1),
            easter + timedelta(days=39),  # Ascension Day
            midsummer_eve,
            date(year, 12, 6),
            date(year, 12, 24),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)
