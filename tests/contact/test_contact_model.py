"""The contact request and the checks on what a person writes."""

import json
import re
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asiointiapu.contact import model
from asiointiapu.contact.model import (
    check_message,
    check_name,
    check_phone,
    finnish_holidays,
    has_identity_code,
    next_working_days,
    validate,
)

from .helpers import make_request

CHECK_CHARACTERS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def identity_code(ddmmyy: str, sign: str, individual: str) -> str:
    return f"{ddmmyy}{sign}{individual}{CHECK_CHARACTERS[int(ddmmyy + individual) % 31]}"


# ---- phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("040 123 4567", "+358401234567"),
        ("0401234567", "+358401234567"),
        ("040-123 4567", "+358401234567"),
        ("050.123.4567", "+358501234567"),
        ("+358 40 123 4567", "+358401234567"),
        ("+358401234567", "+358401234567"),
        ("+358 (0)40 123 4567", "+358401234567"),
        ("00358 40 1234567", "+358401234567"),
        ("  040 123 4567  ", "+358401234567"),
        ("040\u00a0123\u00a04567", "+358401234567"),  # no-break spaces, as pasted
        ("040–123–4567", "+358401234567"),  # en dashes, as word processors write them
        ("(09) 310 1691", "+35893101691"),  # a Helsinki landline
        ("017 182 111", "+35817182111"),  # a Kuopio landline
        ("٠٤٠١٢٣٤٥٦٧", "+358401234567"),  # Arabic-Indic digits
        ("۰۴۰۱۲۳۴۵۶۷", "+358401234567"),  # Persian digits
        ("０４０ １２３ ４５６７", "+358401234567"),  # full-width digits
        ("+46 70 123 45 67", "+46701234567"),  # Sweden
        ("+44 7911 123456", "+447911123456"),  # United Kingdom
        ("+1 650 253 0000", "+16502530000"),  # United States
        ("+7 912 345 67 89", "+79123456789"),  # Russia
        ("+964 750 123 4567", "+9647501234567"),  # Iraq
        ("+252 61 5123456", "+252615123456"),  # Somalia
        ("+90 532 123 45 67", "+905321234567"),  # Turkey
        ("+49 30 123456", "+4930123456"),  # Germany, a landline
    ],
)
def test_phone_numbers_are_normalised_to_e164(written, e164):
    assert check_phone(written) == (e164, None)


@pytest.mark.parametrize(
    ("written", "error"),
    [
        ("", model.PHONE_MISSING),
        ("   ", model.PHONE_MISSING),
        ("+", model.PHONE_MISSING),
        ("abc", model.PHONE_BAD_CHARACTERS),
        ("040 123 4567 ext 5", model.PHONE_BAD_CHARACTERS),
        ("040 123 4567; DROP TABLE", model.PHONE_BAD_CHARACTERS),
        ("123", model.PHONE_INVALID),
        ("112", model.PHONE_INVALID),
        ("+358 40 123", model.PHONE_INVALID),
        ("+999 123456789", model.PHONE_INVALID),
        ("04012345678901234567", model.PHONE_INVALID),
        ("0600 12345", model.PHONE_NOT_PERSONAL),  # premium rate
        ("0800 123 456", model.PHONE_NOT_PERSONAL),  # free service number
        ("0295 020 701", model.PHONE_NOT_PERSONAL),  # a state service number
    ],
)
def test_phone_numbers_that_cannot_reach_a_person_are_refused(written, error):
    assert check_phone(written) == (None, error)


def test_a_number_without_country_code_is_read_in_the_given_region():
    assert check_phone("070 123 45 67", region="SE") == ("+46701234567", None)


def test_every_phone_result_matches_the_contract_pattern():
    pattern = re.compile(r"^\+[1-9][0-9]{6,14}$")
    for written in ("040 123 4567", "+1 650 253 0000", "+964 750 123 4567"):
        number, _ = check_phone(written)
        assert pattern.match(number)


# ---- names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Maija", "Matti Meikäläinen", "Anna-Liisa O'Brien", "محمد", "Ali\u200cReza", "李"]
)
def test_ordinary_names_are_accepted(name):
    assert check_name(name) is None


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", model.NAME_MISSING),
        ("   ", model.NAME_MISSING),
        ("x" * 101, model.NAME_TOO_LONG),
        ("Maija\nMeikäläinen", model.NAME_BAD_CHARACTERS),
        ("Maija\x00", model.NAME_BAD_CHARACTERS),
        ("Maija 131052-308T", model.IDENTITY_CODE),
    ],
)
def test_names_that_cannot_be_used_are_refused(name, error):
    assert check_name(name) == error


# ---- free text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "131052-308T",  # the example in the population register's instructions
        "010594Y9032",  # the new century signs (2023)
        "010594Y9021",
        identity_code("240398", "A", "123"),
        identity_code("311299", "-", "900"),  # a temporary code
        identity_code("290200", "B", "456"),
        identity_code("150765", "+", "234"),
        identity_code("010100", "F", "002"),
        identity_code("010100", "U", "002"),
    ],
)
def test_identity_codes_are_refused_in_free_text(code):
    variants = [
        code,
        code.lower(),
        f"hetuni on {code}, soita",
        f"{code[:6]} {code[6]} {code[7:10]} {code[10]}",
        f"{code[:2]} {code[2:4]} {code[4:6]}{code[6:]}",
        f"{code[:2]}.{code[2:4]}.{code[4:6]}{code[6:]}",
        f"{code[:6]}{code[7:]}" if not code[-1].isdigit() else code,  # century sign left out
    ]
    for text in variants:
        assert check_message(text) == model.IDENTITY_CODE, text
        assert has_identity_code(text)


def test_identity_code_with_a_dash_from_a_word_processor_is_refused():
    assert check_message("131052–308T") == model.IDENTITY_CODE


@pytest.mark.parametrize(
    "text",
    [
        "131052-308U",  # wrong check character
        "131352-308T",  # no month 13
        "310252-308T",  # no 31 February (and the check character is wrong anyway)
        "1310523081",  # ten digits: more likely a phone number
        "Y-tunnus 1234567-8",  # a business ID is not personal
    ],
)
def test_things_that_only_resemble_identity_codes_are_accepted(text):
    assert check_message(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "tunnusluku 1234",
        "Tunnuslukuni on 0472, en pääse sisään",
        "tunnusluvut 1234 5678",
        "my PIN is 4321",
        "PIN-koodi: 12 34",
        "PIN-koodini on 123456",
        "salasana 987654",
        "password: 55555",
        "bank code 123456",
        "one-time code 654321",
        "4821 on tunnuslukuni",
        "lösenord 998877",
        "1. 4567 2. 8912 3. 4455",  # a code card copied out
        "001 4567 002 8912 003 4455",
    ],
)
def test_bank_codes_are_refused_in_free_text(text):
    assert check_message(text) == model.BANK_CODE


@pytest.mark.parametrize(
    "iban", ["FI21 1234 5600 0007 85", "fi2112345600000785", "DE89 3704 0044 0532 0130 00"]
)
def test_account_numbers_are_refused_in_free_text(iban):
    assert check_message(f"tilini on {iban} kiitos") == model.ACCOUNT_NUMBER


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I lost my tunnusluku list, what should I do?",
        "Minulla on pankkitunnukset mutta en muista salasanaa",
        "Soita klo 12-16, numeroni on 040 123 4567",
        "Call after 16:00 on 4.3.",
        "Olin töissä 1995-2023 Kuopiossa",
        "I was born on 13.10.1952 and I need help",
        "Postinumero 70100 Kuopio",
        "asun osoitteessa Kauppakatu 12 A 5",
        "Step 3 of 9 asks for 1200 euros?",
        "the password expired on 1.1.2023",
        "FI21 1234 5600 0007 86",  # check digits wrong: not an account number
        "Koodi 1234 ei toimi",  # "code" alone is too common a word
        "Kela paid 1200 euros but my PIN code does not work",
        "My PIN code has not worked. Since 2019 I have used paper forms.",
        "1. 4567 and then 2. 8912",
        "Rivit:\n1. nimi\n2. osoite",
    ],
)
def test_ordinary_text_with_numbers_is_accepted(text):
    assert check_message(text) is None


def test_messages_longer_than_the_contract_allows_are_refused():
    assert check_message("a" * 500) is None
    assert check_message("a" * 501) == model.MESSAGE_TOO_LONG


def test_control_characters_are_refused_but_line_breaks_are_fine():
    assert check_message("rivi\nrivi\ttab") is None
    assert check_message("a\x07b") == model.MESSAGE_BAD_CHARACTERS


# ---- never a crash --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_check_phone_never_raises(text):
    number, error = check_phone(text)
    assert (number is None) != (error is None)
    assert number is None or re.fullmatch(r"\+[1-9][0-9]{6,14}", number)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_check_name_never_raises(text):
    assert check_name(text) is None or isinstance(check_name(text), str)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_check_message_never_raises(text):
    assert check_message(text) is None or isinstance(check_message(text), str)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 -+.:ABFUYTpinPIN\n", max_size=500))
def test_check_message_copes_with_digit_soup(text):
    started = time.monotonic()
    check_message(text)
    assert time.monotonic() - started < 0.5  # no runaway pattern matching


@pytest.mark.parametrize("piece", ["a", "1", "131052-308T ", "PIN 1234 ", "+358 ", "\x00"])
def test_huge_input_gives_an_error_not_a_crash(piece):
    huge = piece * (1_000_000 // len(piece))
    started = time.monotonic()
    assert check_phone(huge)[1] is not None
    assert check_name(huge) is not None
    assert check_message(huge) is not None
    assert time.monotonic() - started < 2


# ---- the whole request ----------------------------------------------------------------------


def test_a_complete_request_has_no_errors():
    assert validate(make_request().fields()) == {}
    video = make_request(kind="video", video=(True, False))
    assert video.errors() == {}


def test_validate_names_every_field_at_fault():
    errors = validate(
        make_request(
            kind="letter",
            name="",
            phone="040 123 4567",  # not yet normalised
            language="",
            preferred_times=(),
            message="131052-308T",
        ).fields()
    )
    assert errors == {
        "kind": model.KIND_INVALID,
        "name": model.NAME_MISSING,
        "phone": model.PHONE_INVALID,
        "language": model.LANGUAGE_MISSING,
        "preferred_times": model.TIMES_MISSING,
        "message": model.IDENTITY_CODE,
    }


def test_video_needs_to_know_about_camera_and_microphone():
    assert make_request(kind="video").errors() == {"video": model.VIDEO_MISSING}


def test_preferred_times_are_limited_and_known():
    day = date(2025, 3, 4)
    eleven = tuple((day + timedelta(days=n), "morning") for n in range(11))
    assert make_request(preferred_times=eleven).errors() == {
        "preferred_times": model.TIMES_TOO_MANY
    }
    evening = ((day, "evening"),)
    assert make_request(preferred_times=evening).errors() == {
        "preferred_times": model.TIMES_INVALID
    }
    twice = ((day, "morning"), (day, "morning"))
    assert make_request(preferred_times=twice).errors() == {"preferred_times": model.TIMES_INVALID}


def test_validate_copes_with_missing_and_wrong_types():
    errors = validate({"preferred_times": "tomorrow", "interpreter": "yes", "video": "maybe"})
    assert set(errors) >= {"kind", "name", "phone", "language", "interpreter", "preferred_times"}
    assert all(isinstance(text, str) and text for text in errors.values())


def test_every_error_text_has_no_placeholders():
    texts = [
        v
        for k, v in vars(model).items()
        if k.isupper() and not k.startswith("_") and isinstance(v, str) and " " in v
    ]
    assert len(texts) > 15
    for text in texts:
        assert "{" not in text, text


def test_to_json_follows_the_contract():
    request = make_request(kind="video", video=(True, False), interpreter=True, language="ar")
    data = json.loads(request.to_json())
    assert data == {
        "kind": "video",
        "name": "Maija Meikäläinen",
        "phone": "+358401234567",
        "language": "ar",
        "interpreter": True,
        "preferred_times": [
            {"date": "2025-03-04", "part": "morning"},
            {"date": "2025-03-05", "part": "afternoon"},
        ],
        "topic": "Identify yourself",
        "step_id": "identify",
        "message": "En saa pankkitunnuksia toimimaan.",
        "video": {"camera": True, "microphone": False},
        "created_at": "2025-03-03T09:30:00+00:00",
        "app_version": "0.1.0",
    }
    assert "Meikäläinen" in request.to_json()  # UTF-8 as it is, not \\u escapes


def test_to_json_leaves_out_what_is_not_there():
    data = json.loads(make_request(message="", app_version="").to_json())
    assert "video" not in data  # the schema has no null for video
    assert "message" not in data
    assert "app_version" not in data


def test_a_local_time_gets_its_offset():
    data = json.loads(make_request(created_at=datetime(2025, 3, 3, 11, 30)).to_json())
    assert datetime.fromisoformat(data["created_at"]).tzinfo is not None


def test_a_request_is_frozen():
    request = make_request()
    with pytest.raises(AttributeError):
        request.name = "other"  # type: ignore[misc]


# ---- days -----------------------------------------------------------------------------------


def test_next_working_days_skip_weekends():
    friday = date(2025, 3, 7)
    assert next_working_days(friday, 3) == [date(2025, 3, 10), date(2025, 3, 11), date(2025, 3, 12)]


def test_next_working_days_skip_holidays():
    thursday = date(2025, 12, 4)
    assert next_working_days(thursday, 2, holidays=[date(2025, 12, 5)]) == [
        date(2025, 12, 8),
        date(2025, 12, 9),
    ]


def test_finnish_holidays_know_easter_and_midsummer():
    days = finnish_holidays(2025)
    assert date(2025, 4, 18) in days  # Good Friday
    assert date(2025, 4, 21) in days  # Easter Monday
    assert date(2025, 5, 29) in days  # Ascension Day
    assert date(2025, 6, 20) in days  # Midsummer Eve
    assert date(2024, 3, 29) in finnish_holidays(2024)  # Good Friday
    christmas_week = next_working_days(date(2025, 12, 23), 2, finnish_holidays(2025))
    assert christmas_week == [date(2025, 12, 29), date(2025, 12, 30)]


def test_dates_in_json_are_days_even_from_datetimes():
    now = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
    data = json.loads(make_request(preferred_times=((now, "afternoon"),)).to_json())
    assert data["preferred_times"] == [{"date": "2025-03-04", "part": "afternoon"}]
