import pytest

from asiointiapu.guides.terms import find_term


@pytest.mark.parametrize(
    ("text", "term", "language", "found"),
    [
        (
            "Kirjaudu vahvalla tunnistautumisella.",
            "vahva tunnistautuminen",
            "fi",
            "vahvalla tunnistautumisella",
        ),
        (
            "Jos olet työttömyyskassan jäsen, hae kassasta.",
            "työttömyyskassa",
            "fi",
            "työttömyyskassan",
        ),
        ("Alkuhaastatteluun tulee kutsu.", "alkuhaastattelu", "fi", "Alkuhaastatteluun"),
        (
            "You log in with strong identification.",
            "strong identification",
            "en",
            "strong identification",
        ),
        ("Apply to your unemployment funds.", "unemployment fund", "en", "unemployment funds"),
        (
            "Du loggar in med stark autentisering.",
            "stark autentisering",
            "sv",
            "stark autentisering",
        ),
    ],
)
def test_term_is_found_in_its_inflected_form(text, term, language, found):
    span = find_term(text, term, language)
    assert span is not None
    assert text[span[0] : span[1]] == found


def test_words_apart_or_missing_are_not_a_match():
    assert find_term("Strong coffee helps identification.", "strong identification", "en") is None
    assert find_term("Nothing here.", "unemployment fund", "en") is None
    assert find_term("Täällä ei ole sitä.", "työttömyyskassa", "fi") is None
    assert find_term("Anything", "", "en") is None
