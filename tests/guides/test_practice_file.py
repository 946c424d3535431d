"""The practice pages as data: the shipped file loads, broken files name the page and field, and
the gentle checks say the right thing."""

import io
from datetime import date

import pytest

from asiointiapu.guides.loader import GuideError, load_builtin
from asiointiapu.guides.practice import (
    DATE_FORM,
    EMAIL_FORM,
    MISSING,
    NOT_CHOSEN,
    PHONE_FORM,
    TOO_LONG,
    FieldKind,
    PracticeField,
    check_answer,
    extract_practice,
    load_practice,
    parse_date,
    parse_practice,
)
from asiointiapu.resources import guides_dir

GUIDE = load_builtin("registration")


def test_the_shipped_practice_loads_and_follows_the_guide():
    practice = load_practice(GUIDE)
    assert practice is not None
    steps = GUIDE.step_ids()
    assert [p.step for p in practice.pages] == [
        "contact-details",
        "your-situation",
        "work-and-education",
        "check-and-send",
    ]
    assert all(p.step in steps for p in practice.pages)
    assert practice.pages[-1].summary
    # What the form asks (FACTS.md §3) is all there.
    ids = {f.id for p in practice.pages for f in p.fields}
    assert {"phone", "email", "how-ended", "end-date", "education", "interpreter", "benefit"} <= ids
    assert practice.index_for_step("work-and-education") == 2
    assert practice.index_for_step("open-e-service") == 0  # offered before the form too
    assert practice.index_for_step("money") is None


def good_data(**changes):
    data = {
        "format": 1,
        "guide": "registration",
        "intro": "Try it.",
        "pages": [
            {
                "id": "one",
                "step": "contact-details",
                "title": "T",
                "intro": "I",
                "fields": [{"id": "e", "kind": "email", "label": "E-mail", "example": "a@b.fi"}],
            }
        ],
    }
    data.update(changes)
    return data


def page_with(**field):
    base = {"id": "f", "kind": "text", "label": "L"}
    base.update(field)
    return [{"id": "one", "step": "contact-details", "title": "T", "intro": "I", "fields": [base]}]


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"format": 2}, "format", "must be 1"),
        ({"guide": "other"}, "guide", "must be 'registration'"),
        ({"pages": []}, "pages", "has no pages"),
        (
            {"pages": [{"id": "x", "step": "nope", "title": "T", "intro": "I"}]},
            "pages[1].step",
            "not a step",
        ),
        (
            {"pages": [{"id": "x", "step": "identify", "title": "T", "intro": "I"}]},
            "pages[1].fields",
            "needs fields",
        ),
        ({"pages": page_with(kind="colour")}, "pages[1].fields[1].kind", "must be one of"),
        (
            {"pages": page_with(kind="choice", options=["a"])},
            "pages[1].fields[1].options",
            "at least two",
        ),
        ({"pages": page_with(options=["a", "b"])}, "pages[1].fields[1].options", "only a choice"),
        (
            {"pages": page_with(kind="email", example="not mail")},
            "pages[1].fields[1].example",
            "would take",
        ),
        (
            {"pages": page_with(kind="yesno", example="Maybe")},
            "pages[1].fields[1].example",
            "one of the options",
        ),
        ({"pages": page_with(label="{nope}")}, "pages[1].fields[1].label", "{nope}"),
        ({"pages": page_with(id="Bad Id")}, "pages[1].fields[1].id", "lower-case"),
        ({"offer_on": ["nowhere"]}, "offer_on[1]", "not a step"),
    ],
)
def test_a_broken_file_names_the_field(changes, field, words):
    with pytest.raises(GuideError) as caught:
        parse_practice(good_data(**changes), "registration/practice.toml", GUIDE)
    assert caught.value.field == field
    assert words in caught.value.message
    assert "registration/practice.toml" in str(caught.value)


def test_an_error_on_a_page_names_the_page():
    with pytest.raises(GuideError) as caught:
        parse_practice(good_data(pages=page_with(kind="date", example="soon")), "p.toml", GUIDE)
    assert caught.value.step == "one"


def test_a_file_that_is_not_toml_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "registration" / "practice.toml"
    path.parent.mkdir()
    path.write_text("format = 1\n[[pages]\n", encoding="utf-8")
    with pytest.raises(GuideError, match="not valid TOML"):
        load_practice(GUIDE, path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(GuideError, match="UTF-8"):
        load_practice(GUIDE, path)
    assert load_practice(GUIDE, tmp_path / "none.toml") is None


@pytest.mark.parametrize(
    "kind, value, word",
    [
        ("text", "", MISSING),
        ("text", "   ", MISSING),
        ("text", "Warehouse worker", None),
        ("text", "x" * 201, TOO_LONG),
        ("email", "maija@example.fi", None),
        ("email", "maija.example.fi", EMAIL_FORM),
        ("email", "maija@example", EMAIL_FORM),
        ("email", "maija @example.fi", EMAIL_FORM),
        ("phone", "040 123 4567", None),
        ("phone", "+46 70 123 45 67", None),
        ("phone", "123", PHONE_FORM),
        ("phone", "my number", PHONE_FORM),
        ("date", "31.5.2026", None),
        ("date", "1.1.26", None),
        ("date", "31.2.2026", DATE_FORM),
        ("date", "tomorrow", DATE_FORM),
        ("date", "2026-05-31", DATE_FORM),
        ("yesno", "", NOT_CHOSEN),
        ("yesno", "No", None),
    ],
)
def test_the_gentle_checks(kind, value, word):
    field = PracticeField("f", FieldKind(kind), "Label")
    assert check_answer(field, value) == word


def test_dates_are_read_the_finnish_way():
    assert parse_date("31.5.2026") == date(2026, 5, 31)
    assert parse_date(" 1/2/2027 ") == date(2027, 2, 1)
    assert parse_date("5.13.2026") is None
    assert parse_date("1.1.1850") is None


def test_the_extractor_gives_every_text_with_where_it_is():
    path = guides_dir() / "registration" / "practice.toml"
    stream = io.BytesIO(path.read_bytes())
    stream.name = str(path)
    messages = list(extract_practice(stream, None, None, {}))
    texts = {m[2] for m in messages}
    practice = load_practice(GUIDE)
    assert texts == set(practice.texts())
    assert "Warehouse worker" in texts and "I was laid off." in texts
    assert all(m[0] > 0 for m in messages)  # every text found on its line
    assert any(m[3] == ["practice page work"] for m in messages)
