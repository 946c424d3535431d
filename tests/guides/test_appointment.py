"""The appointment summary file: read and checked like a guide, its texts extracted for
translation, and written in plain language."""

import string
from functools import partial

import pytest
from babel.messages.extract import extract_from_file

from asiointiapu.guides import quality as q
from asiointiapu.guides.appointment import (
    Appointment,
    extract_appointment,
    load_appointment,
    load_appointment_file,
)
from asiointiapu.guides.loader import GuideError, load_builtin
from asiointiapu.guides.text import render
from asiointiapu.resources import guides_dir
from tests.guides.test_loader import write as write_file

FACTS = {"days", "per_month"}

MINIMAL = """
format = 1
title = "Your meeting"
intro = "Take this page with you."
closing = "Go to the meeting."

[[sections]]
id = "what"
heading = "What it is"
texts = ["It is within {days} days.", "It can be by phone."]
sources = ["https://example.fi/days"]

[[sections]]
id = "questions"
heading = "Questions"
items = ["What have you studied?", "Can you apply for {per_month} jobs?"]
"""

GUIDE = """
format = 1
id = "demo"
title = "Demo"
service_url = "https://example.fi/"

[facts.days]
value = "10"
source = "https://example.fi/days"

[facts.per_month]
value = "4"
source = "https://example.fi/month"

[[steps]]
id = "first"
title = "First"
help_topic = "The first step"

[[steps.blocks]]
type = "text"
text = "Within {days} days."
"""


write = partial(write_file, name="appointment.toml")  # the guide tests' helper, this file's name


def error_for(tmp_path, text) -> GuideError:
    with pytest.raises(GuideError) as info:
        load_appointment_file(write(tmp_path, text), FACTS)
    return info.value


def test_minimal_summary_is_read_into_the_model(tmp_path):
    summary = load_appointment_file(write(tmp_path, MINIMAL), FACTS)
    assert isinstance(summary, Appointment)
    assert summary.guide_id == "demo"
    assert (summary.title, summary.intro, summary.closing) == (
        "Your meeting",
        "Take this page with you.",
        "Go to the meeting.",
    )
    what, questions = summary.sections
    assert what.id == "what" and what.texts[0] == "It is within {days} days."
    assert what.sources == ("https://example.fi/days",)
    assert questions.texts == () and questions.items[1] == "Can you apply for {per_month} jobs?"
    assert summary.texts()[0] == "Your meeting" and summary.texts()[-1] == "Go to the meeting."
    assert len(summary.texts()) == 3 + 2 + 2 + 2  # title, intro, closing; headings; texts; items


def test_builtin_summary_loads_with_the_guides_facts():
    guide = load_builtin("registration")
    summary = load_appointment("registration")
    assert [s.id for s in summary.sections] == ["what-it-is", "questions", "at-hand"]
    used = {
        name
        for text in summary.texts()
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None
    }
    # The numbers come from the guide's facts, never written into the summary's texts.
    assert {"interview_days", "applications_per_month"} <= used <= set(guide.facts)
    shown = [render(text, lambda _t: None, guide.facts).text for text in summary.texts()]
    assert any(guide.facts["interview_days"].value in text for text in shown)
    assert not any("{" in text for text in shown)
    # The questions are questions.
    questions = next(s for s in summary.sections if s.id == "questions")
    assert all(item.endswith("?") for item in questions.items)


def test_builtin_summary_is_in_plain_language():
    """Short sentences, as on the guide's steps: at most 15 words each (the Finnish target)."""
    summary = load_appointment("registration")
    guide = load_builtin("registration")
    for text in summary.texts():
        shown = render(text, lambda _t: None, guide.facts).text
        for sentence in q.split_sentences(shown):
            assert len(q.words(sentence)) <= 15, sentence


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        (('title = "Your meeting"\n', ""), "title", "is missing"),
        (('intro = "Take this page with you."', 'intro = ""'), "intro", "is empty"),
        (('closing = "Go to the meeting."', "closing = 3"), "closing", "must be text"),
        (('heading = "Questions"', 'heading = ""'), "sections[2].heading", "is empty"),
        (('id = "questions"', 'id = "what"'), "sections[2].id", "unique"),
        (('id = "questions"', 'id = "Two Words"'), "sections[2].id", "lower-case"),
        (
            (
                'items = ["What have you studied?", "Can',
                'items = ["What have you studied?", 2, "Can',
            ),
            "sections[2].items[2]",
            "text",
        ),
        (
            ('"https://example.fi/days"', '"http://example.fi/days"'),
            "sections[1].sources[1]",
            "https://",
        ),
        (("{days}", "{days"), "sections[1].texts[1]", "placeholder"),
        (('texts = ["It is within', 'texts = "It is within'), None, "TOML"),
    ],
)
def test_error_names_file_and_field(tmp_path, change, field, words):
    error = error_for(tmp_path, MINIMAL.replace(*change, 1))
    assert error.file == "demo/appointment.toml"
    assert words in error.message
    if field is not None:
        assert error.field == field
        assert str(error).startswith(f"demo/appointment.toml, field '{field}': ")


def test_file_level_errors_name_the_field(tmp_path):
    assert error_for(tmp_path, MINIMAL.replace("format = 1", "format = 2")).field == "format"
    assert error_for(tmp_path, MINIMAL.split("[[sections]]")[0]).field == "sections"
    empty = MINIMAL.replace(
        'items = ["What have you studied?", "Can you apply for {per_month} jobs?"]', ""
    )
    error = error_for(tmp_path, empty)
    assert error.field == "sections[2]" and "texts, items or both" in error.message
    many = MINIMAL + "".join(
        f'\n[[sections]]\nid = "more-{n}"\nheading = "More"\nitems = ["One"]\n' for n in range(6)
    )
    assert "one page" in error_for(tmp_path, many).message


def test_unknown_placeholder_is_refused(tmp_path):
    error = error_for(tmp_path, MINIMAL.replace("{per_month}", "{per_week}"))
    assert error.field == "sections[2].items[2]"
    assert "{per_week}" in error.message and "[facts]" in error.message
    assert "days, per_month" in error.message  # the names it may use


def test_missing_or_unreadable_file_is_a_guide_error(tmp_path):
    with pytest.raises(GuideError, match="cannot be read"):
        load_appointment_file(tmp_path / "demo" / "appointment.toml", FACTS)
    path = write(tmp_path, "")
    path.write_bytes(b'title = "\xff"')
    with pytest.raises(GuideError, match="UTF-8"):
        load_appointment_file(path, FACTS)


def test_extractor_yields_every_text_with_a_comment():
    path = guides_dir() / "registration" / "appointment.toml"
    summary = load_appointment("registration")
    with path.open("rb") as f:
        messages = list(extract_appointment(f, [], [], {}))
    assert [text for _line, _f, text, _c in messages] == list(summary.texts())
    lines = path.read_text(encoding="utf-8").splitlines()
    for line, function, text, comments in messages:
        assert function is None
        assert comments and comments[0].startswith("appointment summary")
        assert text[:40] in lines[line - 1]  # the line where the text stands
    at = {text: comments[0] for _l, _f, text, comments in messages}
    assert "source https://" in at[summary.sections[0].texts[0]]
    assert "closing" in at[summary.closing]


def test_babel_runs_the_extractor_named_in_babel_cfg():
    """As `make pot` does: Babel loads the extractor by its name in babel.cfg."""
    cfg = (guides_dir().parent.parent.parent / "babel.cfg").read_text()
    assert "appointment = asiointiapu.guides.appointment:extract_appointment" in cfg
    path = guides_dir() / "registration" / "appointment.toml"
    found = extract_from_file("asiointiapu.guides.appointment:extract_appointment", str(path))
    texts = {text for _line, text, _comments, _context in found}
    assert texts == set(load_appointment("registration").texts())


def test_extractor_checks_the_facts_of_the_guide_beside_it(tmp_path):
    write_file(tmp_path, GUIDE, "guide.toml")
    good = write(tmp_path, MINIMAL)
    with good.open("rb") as f:
        assert len(list(extract_appointment(f, [], [], {}))) == 9
    write(tmp_path, MINIMAL.replace("{days}", "{weeks}"))
    with good.open("rb") as f, pytest.raises(GuideError, match="weeks"):
        list(extract_appointment(f, [], [], {}))
    (tmp_path / "demo" / "guide.toml").unlink()
    with good.open("rb") as f, pytest.raises(GuideError, match=r"no guide\.toml beside it"):
        list(extract_appointment(f, [], [], {}))


def test_the_summary_is_offered_on_real_steps_of_the_guide():
    from asiointiapu.guides.appointment import load_appointment
    from asiointiapu.guides.loader import load_builtin

    summary = load_appointment("registration")
    assert summary.offer_on == ("after-sending",)
    assert set(summary.offer_on) <= set(load_builtin("registration").step_ids())
