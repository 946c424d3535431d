from asiointiapu.hyphenation import SOFT_HYPHEN, available, hyphenate, long_word_length, plain


def test_long_finnish_words_get_soft_hyphens_at_syllables():
    text = hyphenate("Anna matkapuhelinnumerosi.", "fi")
    assert text.replace(SOFT_HYPHEN, "-") == "Anna mat-ka-pu-he-lin-nu-me-ro-si."
    assert plain(text) == "Anna matkapuhelinnumerosi."


def test_short_words_and_existing_hyphens_are_left_alone():
    assert hyphenate("Avaa e-palvelu nyt", "fi") == "Avaa e-palvelu nyt"


def test_swedish_compounds_get_soft_hyphens_from_patterns():
    text = hyphenate("Jobbsökningsprofilen", "sv")
    assert SOFT_HYPHEN in text and plain(text) == "Jobbsökningsprofilen"


def test_languages_without_rules_are_left_as_written():
    assert hyphenate("kuinkakohan pitkäksi", "xx") == "kuinkakohan pitkäksi"


def test_hyphenating_twice_changes_nothing():
    once = hyphenate("työvoimapoliittinen lausunto", "fi")
    assert hyphenate(once, "fi") == once


def test_voikko_is_there():
    """make run and make test install libvoikko and voikko-fi (packaging/system-deps.sh)."""
    assert available("fi"), "Finnish hyphenation needs libvoikko1 and voikko-fi"


def test_addresses_paths_and_email_are_left_whole():
    for text in (
        "Katso tyomarkkinatori.fi/henkiloasiakkaat ohjeet",
        "Tallennettu: /home/kayttaja/Asiakirjat/tarkistuslista.pdf",
        "Lähetä osoitteeseen tyonhakijapalvelut@esimerkki.fi",
    ):
        hyphenated = hyphenate(text, "fi")
        for token in text.split():
            if "/" in token or "@" in token:
                assert token in hyphenated


def test_larger_text_breaks_shorter_words():
    assert [long_word_length(s) for s in (100, 125, 150, 200, 250, 300)] == [20, 16, 13, 10, 10, 10]
    word = "työnhakuvelvollisuus"  # 20 letters
    assert SOFT_HYPHEN in hyphenate(word, "fi", long_word_length(100))
    assert hyphenate("työnhakijaksi", "fi", long_word_length(100)) == "työnhakijaksi"
    assert SOFT_HYPHEN in hyphenate("työnhakijaksi", "fi", long_word_length(300))


def test_prepare_loads_the_rules_once_for_later():
    from asiointiapu import hyphenation

    hyphenation._patterns.cache_clear()
    hyphenation.prepare(["sv", "fi", "xx"])  # Finnish is Voikko's; xx has no rules at all
    loaded = hyphenation._patterns.cache_info()
    assert loaded.currsize == 2 and loaded.misses == 2  # sv and xx, looked up once each
    assert SOFT_HYPHEN in hyphenate("Arbetskraftsservicen", "sv")
    assert hyphenation._patterns.cache_info().misses == 2  # nothing loaded again
