"""The guide's texts tested like code: plain Finnish, spelling, official links, sources, languages.

`make content-report` prints the same figures step by step.
"""

import pytest
from babel.messages.pofile import read_po

from asiointiapu.guides import quality as q
from asiointiapu.guides.loader import load_builtin, parse_guide
from asiointiapu.i18n import catalogue_path
from asiointiapu.resources import guides_dir, translations_dir

GUIDE = load_builtin("registration")
STEPS = [step.id for step in GUIDE.steps]
FI = q.TARGETS["fi"]


def catalogue(language):
    """The language's catalogue; English is the source language and needs none."""
    if language == "en":
        return None
    i18n = q.catalogue_for(language)
    assert i18n is not None, f"there is no {language} catalogue"
    return i18n


@pytest.fixture(scope="module")
def finnish():
    """step id → (report, sentences) in Finnish, as shown."""
    i18n = catalogue("fi")
    reports = {r.step: r for r in q.step_reports(GUIDE, "fi", i18n)}
    return {
        step.id: (
            reports[step.id],
            [
                s
                for text in q.step_texts(GUIDE, step, "fi", i18n).reading
                for s in q.split_sentences(text)
            ],
        )
        for step in GUIDE.steps
    }


def every_finnish_sentence(finnish):
    return [(step, s) for step, (_, sentences) in finnish.items() for s in sentences]


# --------------------------------------------------------------------------------------------
# The measures themselves, on fixed samples: if these are wrong, every figure below is.


def test_sentences_words_and_lix_of_a_fixed_sample():
    text = (
        "Työsopimukseni loppui 31.5. Työnantajalla ei ollut töitä. "
        "Lähetä hakemus esim. Kelalle! Voinko ilmoittautua? Voit."
    )
    sentences = q.split_sentences(text)
    assert sentences == [
        "Työsopimukseni loppui 31.5. Työnantajalla ei ollut töitä.",  # no split after a date
        "Lähetä hakemus esim. Kelalle!",  # nor after an abbreviation
        "Voinko ilmoittautua?",
        "Voit.",
    ]
    f = q.figures(sentences)
    # 7 + 4 + 2 + 1 words; long (over 6 letters): Työsopimukseni, Työnantajalla, hakemus,
    # Kelalle, ilmoittautua.
    assert (f.sentences, f.words, f.long_words, f.longest_sentence) == (4, 14, 5, 7)
    assert f.average_words == pytest.approx(3.5)
    assert f.lix == pytest.approx(14 / 4 + 100 * 5 / 14)
    assert q.lix(text) == pytest.approx(39.214, abs=0.001)
    assert q.lix("Yksi kaksi kolme. Neljä viisi.") == pytest.approx(2.5)
    assert q.words("Mene Asiointi-osioon, EU- tai ETA-maan kautta: Suomi.fi.") == [
        "Mene",
        "Asiointi-osioon",
        "EU-",
        "tai",
        "ETA-maan",
        "kautta",
        "Suomi.fi",
    ]
    assert q.split_sentences("Ei pistettä lopussa") == ["Ei pistettä lopussa"]


def test_finnish_heuristics_on_fixed_sentences():
    assert q.passive_words("Lomake lähetetään huomenna, ja vastaus annettiin.") == [
        "lähetetään",
        "annettiin",
    ]
    assert q.passive_words("Et saa mitään vastaan.") == []
    assert q.instructions("Lue vastaukset ja lähetä ne.") == ["Lue", "lähetä"]
    assert q.instructions("Älä kerro tunnuksia kenellekään.") == ["Älä"]
    assert q.instructions("Jos et kuulu kassaan, valitse Kela.") == ["valitse"]
    assert q.instructions("Kerro siitä lomakkeessa.") == ["Kerro"]
    assert q.plural_address("Voitte hakea etuutta.") == ["Voitte"]
    assert q.plural_address("Sinä ja työvoimapalvelut katsotte sen.") == []
    assert q.addresses_reader("Tarvitset pankin tunnukset.")
    assert q.addresses_reader("Lomake kysyy osoitettasi.")
    assert not q.addresses_reader("Lomake on pitkä.")


class _AsWritten:
    """A catalogue whose translation of every text is the text itself."""

    def lookup(self, text):
        return text


def test_hard_words_need_a_term_on_their_step_or_before():
    guide = parse_guide(
        {
            "format": 1,
            "id": "sample",
            "title": "Näyte",
            "service_url": "https://tyomarkkinatori.fi/",
            "terms": {
                "initial-interview": {"word": "alkuhaastattelu", "explanation": "Tapaaminen."}
            },
            "steps": [
                {
                    "id": "one",
                    "title": "Yksi",
                    "help_topic": "Yksi",
                    "blocks": [
                        {"type": "text", "text": "Menet alkuhaastatteluun. Saat karenssin."}
                    ],
                },
                {
                    "id": "two",
                    "title": "Kaksi",
                    "help_topic": "Kaksi",
                    "terms": ["initial-interview"],
                    "blocks": [{"type": "text", "text": "Alkuhaastattelu on toimistossa."}],
                },
            ],
        },
        "sample.toml",
    )
    found = q.unexplained_hard_words(guide, "fi", _AsWritten())
    assert [(h.step, h.word, h.terms) for h in found] == [
        ("one", "alkuhaastatteluun", ("initial-interview",)),  # explained only on a later step
        ("one", "karenssin", ()),  # no term explains it at all
    ]


def test_allow_lists_and_number_detection_can_fail():
    assert q.domain_allowed("https://www.kela.fi/web/en", q.OFFICIAL_DOMAINS)
    assert not q.domain_allowed("https://sttinfo.fi/tiedote/1", q.OFFICIAL_DOMAINS)
    assert not q.domain_allowed("https://kela.fi.example.com/", q.OFFICIAL_DOMAINS)
    assert not q.domain_allowed("https://notkela.fi/", q.OFFICIAL_DOMAINS)
    assert q.states_number("Within {interview_days} days.") and q.states_number("Since 2026.")
    assert not q.states_number("Read your answers once more.")


# --------------------------------------------------------------------------------------------
# Plain Finnish (Selkokeskus): short sentences, one thing each, "sinä", active, familiar words


@pytest.mark.parametrize("step", STEPS)
def test_finnish_sentences_are_short_and_easy_to_read(finnish, step):
    report, sentences = finnish[step]
    f = report.figures
    figures = (
        f"{step}: {f.sentences} sentences, average {f.average_words:.1f} words, "
        f"longest {f.longest_sentence}, LIX {f.lix:.1f}"
    )
    assert sentences, f"{step}: no Finnish text to measure"
    assert f.average_words <= FI.average_words, figures
    too_long = [s for s in sentences if len(q.words(s)) > FI.max_words]
    assert not too_long, f"over {FI.max_words} words: {too_long}"
    assert f.lix <= FI.lix, f"{figures}: use shorter words (long words {f.long_word_share:.0f}%)"


def test_finnish_words_are_not_too_long(finnish):
    glossary = {w for t in q.term_words(GUIDE, "fi", catalogue("fi")).values() for w in t.split()}
    too_long = [
        (step, w)
        for step, s in every_finnish_sentence(finnish)
        for w in q.words(s)
        if q.letters(w) > FI.max_letters and not q.is_glossary_word(w, glossary)
    ]
    assert not too_long, f"words over {FI.max_letters} letters that are not glossary words"


def test_one_instruction_per_finnish_sentence(finnish):
    crowded = [
        (step, s) for step, s in every_finnish_sentence(finnish) if len(q.instructions(s)) > 1
    ]
    assert not crowded, crowded


def test_finnish_is_active(finnish):
    passive = [(step, s) for step, s in every_finnish_sentence(finnish) if q.passive_words(s)]
    assert not passive, passive


def test_finnish_says_sina_to_the_reader(finnish):
    plural = [(step, s) for step, s in every_finnish_sentence(finnish) if q.plural_address(s)]
    assert not plural, f"'te' form instead of 'sinä': {plural}"
    silent = [
        step
        for step, (_, sentences) in finnish.items()
        if not any(q.addresses_reader(s) for s in sentences)
    ]
    assert not silent, f"steps that never speak to the reader: {silent}"


def test_every_hard_finnish_word_is_explained_where_it_is_used():
    """A hard word needs a glossary term on its step or an earlier one (FACTS: Words to explain)."""
    unexplained = q.unexplained_hard_words(GUIDE, "fi", catalogue("fi"))
    assert not unexplained, [f"{h.step}: {h}" for h in unexplained]


@pytest.mark.parametrize("language", q.LANGUAGES)
def test_every_term_of_a_step_is_named_in_its_text(language):
    """The term's word in the text opens its explanation; an unnamed term helps nobody."""
    assert not q.unlinked_terms(GUIDE, language, catalogue(language))


# --------------------------------------------------------------------------------------------
# Spelling: Finnish with Voikko, Swedish and English with Hunspell, plus reviewed word lists


@pytest.mark.parametrize(
    ("language", "text", "wrong"),
    [
        ("fi", "Kirjoita hakemus ja lähetä se. Kirjotusvirhe näkyy.", ["Kirjotusvirhe"]),
        ("sv", "Skicka din ansökan till arbetslöshetskasan.", ["arbetslöshetskasan"]),
        ("en", "Send your aplication to the fund.", ["aplication"]),
    ],
)
def test_spelling_finds_a_misspelt_word(language, text, wrong):
    assert q.unknown_words([text], language, known=frozenset()) == wrong


def test_spelling_skips_numbers_addresses_and_placeholders():
    text = "Katso https://tyomarkkinatori.fi/xqzw ja tyomarkkinatori.fi, {qxzw} 31.5. ja 2026."
    assert q.unknown_words([text], "fi", known=frozenset()) == []


@pytest.mark.parametrize("language", q.LANGUAGES)
def test_guide_has_no_unknown_words(language):
    texts = q.translated_texts(GUIDE, language, catalogue(language))
    assert texts
    unknown = q.unknown_words(texts, language, q.project_words(language, GUIDE.id))
    assert not unknown, (
        f"{language}: fix the spelling, or add a reviewed name or official term to "
        f"words-{language}.txt: {unknown}"
    )


@pytest.mark.parametrize("language", q.LANGUAGES)
def test_word_lists_are_short_and_every_word_is_used(language):
    path = guides_dir() / GUIDE.id / f"words-{language}.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#"), "the first line says what the list is"
    listed = q.project_words(language, GUIDE.id)
    assert len(listed) <= 15, "only names and official terms the dictionary lacks"
    used = {
        part
        for text in q.translated_texts(GUIDE, language, catalogue(language))
        for w in q.words(text)
        for part in (w, *w.split("-"))
    }
    assert not listed - used, f"words no text uses any more: {sorted(listed - used)}"


# --------------------------------------------------------------------------------------------
# Links and sources


def test_links_shown_to_people_are_https_and_official():
    shown = [link for link in q.guide_links(GUIDE) if link.shown]
    assert shown
    for link in shown:
        assert link.url.startswith("https://"), link
        assert q.domain_allowed(link.url, q.OFFICIAL_DOMAINS), (
            f"{link.where}: {link.url} is not on the official allow-list"
        )


def test_sources_are_official_pages_or_known_release_services():
    for link in q.guide_links(GUIDE):
        if not link.shown:
            assert link.url.startswith("https://"), link
            assert q.domain_allowed(link.url, (*q.OFFICIAL_DOMAINS, *q.SOURCE_ONLY_DOMAINS)), link


def test_texts_name_only_official_sites():
    assert not q.link_problems(GUIDE)


def test_every_fact_and_every_number_has_a_source():
    for name, fact in GUIDE.facts.items():
        assert fact.source, name
    assert not q.unsourced_numbers(GUIDE)


# --------------------------------------------------------------------------------------------
# Every text in every language


@pytest.mark.parametrize("language", q.LANGUAGES)
def test_every_guide_text_is_in_every_language(language):
    missing = q.missing_translations(GUIDE, language, catalogue(language))
    assert not missing, f"{len(missing)} guide texts have no {language} translation: {missing[:3]}"


@pytest.mark.parametrize("language", [lang for lang in q.LANGUAGES if lang != "en"])
def test_every_text_of_the_template_is_translated(language):
    with (translations_dir() / "asiointiapu.pot").open("rb") as f:
        template = [m.id for m in read_po(f) if m.id]
    with catalogue_path(translations_dir(), language, ".po").open("rb") as f:
        cat = read_po(f)
    missing = [t for t in template if not (cat.get(t) and cat.get(t).string)]
    fuzzy = [m.id for m in cat if m.id and m.fuzzy]
    assert not missing, f"{len(missing)} texts without a {language} translation: {missing[:3]}"
    assert not fuzzy, fuzzy[:3]


# --------------------------------------------------------------------------------------------
# The report


def test_content_report_prints_every_step(capsys):
    code = q.main(["--language", "fi"])
    out = capsys.readouterr().out
    assert code in (0, 1)
    for step in STEPS:
        assert step in out
    assert "whole guide" in out and "Summary:" in out
