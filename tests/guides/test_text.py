from asiointiapu.guides.model import Fact
from asiointiapu.guides.text import render

FACTS = {"days": Fact("10", "https://example.fi/")}


def test_translation_and_facts_are_applied():
    shown = render("Within {days} days.", {"Within {days} days.": "{days} päivässä."}.get, FACTS)
    assert (shown.text, shown.translated) == ("10 päivässä.", True)


def test_missing_translation_shows_source_and_says_so():
    shown = render("Within {days} days.", lambda _: None, FACTS)
    assert (shown.text, shown.translated) == ("Within 10 days.", False)


def test_translation_with_broken_placeholder_falls_back_to_source():
    for broken in ("{päivät} päivässä.", "{days päivässä.", "{0} päivässä."):
        shown = render("Within {days} days.", lambda _, b=broken: b, FACTS)
        assert (shown.text, shown.translated) == ("Within 10 days.", False)


def test_a_fact_changed_in_one_place_changes_every_language():
    changed = {"days": Fact("5", "https://example.fi/")}
    assert (
        render("Within {days} days.", lambda s: "{days} päivässä.", changed).text == "5 päivässä."
    )
