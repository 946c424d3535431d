import textwrap

import pytest

from asiointiapu.guides.loader import GuideError, load_builtin, load_guide, parse_guide
from asiointiapu.guides.model import BlockKind

MINIMAL = """
format = 1
id = "demo"
title = "Demo"
service_url = "https://example.fi/"

[facts.days]
value = "10"
source = "https://example.fi/days"

[terms.word-one]
word = "word one"
explanation = "What it means."

[[steps]]
id = "first"
title = "First"
help_topic = "The first step"
terms = ["word-one"]

[[steps.blocks]]
type = "text"
text = "Within {days} days."

[[steps]]
id = "second"
title = "Second"
help_topic = "The second step"

[[steps.blocks]]
type = "do"
items = ["One", "Two"]

[[steps.blocks]]
type = "link"
text = "A page"
url = "https://example.fi/page"
"""


def write(tmp_path, text, name="guide.toml"):
    path = tmp_path / "demo" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_for(tmp_path, text) -> GuideError:
    with pytest.raises(GuideError) as info:
        load_guide(write(tmp_path, text))
    return info.value


def test_builtin_registration_guide_loads_with_its_steps_in_order():
    guide = load_builtin("registration")
    ids = guide.step_ids()
    assert ids[0] == "before-you-start"
    assert "identify" in ids and "after-sending" in ids
    assert ids.index("identify") < ids.index("after-sending")
    assert guide.service_url.startswith("https://tyomarkkinatori.fi")
    # Every step ends somewhere a person can get help about.
    assert all(step.help_topic for step in guide.steps)


def test_minimal_guide_is_read_into_the_model(tmp_path):
    guide = load_guide(write(tmp_path, MINIMAL))
    assert guide.step_ids() == ("first", "second")
    assert guide.facts["days"].value == "10"
    assert guide.step("first").terms == ("word-one",)
    do, link = guide.step("second").blocks
    assert do.kind is BlockKind.DO and do.items == ("One", "Two")
    assert link.kind is BlockKind.LINK and link.url == "https://example.fi/page"


@pytest.mark.parametrize(
    ("change", "step", "field", "words"),
    [
        (('title = "First"', 'title = ""'), "first", "title", "is empty"),
        (('title = "First"\n', ""), "first", "title", "is missing"),
        (
            ("https://example.fi/page", "http://example.fi/page"),
            "second",
            "blocks[2].url",
            "https://",
        ),
        (('type = "do"', 'type = "list"'), "second", "blocks[1].type", "must be one of"),
        (('id = "second"', 'id = "first"'), "first", "id", "unique"),
        (('terms = ["word-one"]', 'terms = ["nope"]'), "first", "terms", "'nope'"),
        (("{days}", "{weeks}"), "first", "blocks[1].text", "{weeks}"),
        (("{days}", "{days"), "first", "blocks[1].text", "placeholder"),
        (('items = ["One", "Two"]', "items = []"), "second", "blocks[1].items", "at least one"),
        (('items = ["One", "Two"]', 'items = ["One", 2]'), "second", "blocks[1].items[2]", "text"),
        (('id = "second"', 'id = "Second Step"'), "Second Step", "id", "lower-case"),
    ],
)
def test_error_names_file_step_and_field(tmp_path, change, step, field, words):
    error = error_for(tmp_path, MINIMAL.replace(*change, 1))
    assert error.file == "demo/guide.toml"
    assert (error.step, error.field) == (step, field)
    assert words in error.message
    assert str(error).startswith(f"demo/guide.toml, step '{step}', field '{field}': ")


def test_file_level_errors_name_the_field(tmp_path):
    assert error_for(tmp_path, MINIMAL.replace("format = 1", "format = 2")).field == "format"
    no_steps = MINIMAL.split("[[steps]]")[0]
    assert error_for(tmp_path, no_steps).field == "steps"
    bad_url = MINIMAL.replace('service_url = "https://example.fi/"', 'service_url = "example"')
    assert error_for(tmp_path, bad_url).field == "service_url"
    bad_fact = MINIMAL.replace('source = "https://example.fi/days"', "")
    assert error_for(tmp_path, bad_fact).field == "facts.days.source"


def test_broken_toml_names_the_line(tmp_path):
    error = error_for(tmp_path, MINIMAL.replace('title = "Second"', 'title = "Second'))
    assert "not valid TOML" in error.message
    assert "line" in error.message


def test_file_that_is_not_utf8_or_missing_is_a_guide_error(tmp_path):
    path = write(tmp_path, "")
    path.write_bytes(b'title = "\xff\xfe"')
    with pytest.raises(GuideError, match="UTF-8"):
        load_guide(path)
    with pytest.raises(GuideError, match="cannot be read"):
        load_guide(tmp_path / "demo" / "missing.toml")


def test_huge_text_is_refused_not_shown(tmp_path):
    huge = MINIMAL.replace("Within {days} days.", "word " * 2000)
    assert "limit" in error_for(tmp_path, huge).message


def test_odd_characters_are_kept_as_written(tmp_path):
    text = "Ääkköset, العربية, emoji 🙂 and <b>not markup</b> & more"
    guide = parse_guide(
        __import__("tomllib").loads(MINIMAL.replace("Within {days} days.", text)), "x"
    )
    assert guide.step("first").blocks[0].text == text


def test_wrong_types_anywhere_are_errors_not_crashes(tmp_path):
    for change in [
        ('[[steps.blocks]]\ntype = "text"', "[[steps.blocks]]\ntype = 5"),
        ('help_topic = "The first step"', "help_topic = 3"),
        ('terms = ["word-one"]', 'terms = "word-one"'),
        ('[facts.days]\nvalue = "10"', "[facts.days]\nvalue = 10"),
    ]:
        assert isinstance(error_for(tmp_path, MINIMAL.replace(*change, 1)), GuideError)
