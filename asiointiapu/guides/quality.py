"""Plain-language, spelling and link checks for a guide's texts, with a readable report.

The tests in ``tests/guides/test_content_quality.py`` use these functions; ``make content-report``
(``python -m asiointiapu.guides.quality [--language fi]``) prints the figures of every step.

What a step's figures are measured on
    The texts a person reads as sentences on the step: text, important and what-if blocks (the
    question and the answer), the items of "do" and "need" blocks, and the explanations of the
    step's terms ("Words on this page"). Headings, titles, link labels and the help topic are
    labels, not sentences; they are spell-checked and searched for hard words, not measured.
    Texts are measured as shown: translated, with the facts filled in.

Sentences
    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (and any closing quote) followed by a space
    and a capital letter, a digit or a quote. It does not end after an abbreviation such as
    "esim." or after a date such as "31.5.": there the measure errs on the long side. A text
    without a closing full stop (a list item) is one sentence.

Words and LIX
    A word is a run of letters or digits; hyphens, inner full stops and apostrophes join it
    ("Asiointi-osioon", "Suomi.fi", "31.5", "area's"). A long word has more than 6 letters.
    LIX = words / sentences + 100 * long words / words (Björnsson's readability index).

Targets (Finnish; other languages are reported without targets)
    Per step: on average at most 9 words a sentence, no sentence over 15 words, LIX at most 35,
    and no word over 20 letters unless it is a glossary word ("työllistymissuunnitelma").

Finnish plain-language heuristics (Selkokeskus), where a program can check them
    - one instruction per sentence: at most one imperative verb ("Kerro", "Valitse") in a
      sentence, as far as Voikko can tell (see ``instructions``); "Älä kerro" is one;
    - active voice: no passive verb. A word counts as passive when it ends like the present or
      past passive (-taan, -tään, -daan, -dään, -llaan, -nnaan, -rraan, -ttiin, -tiin, -diin,
      … and the -ä- forms) and Voikko analyses it as a passive (4th person) verb. Without
      Voikko the ending alone decides, minus a few common words that only look passive
      ("mitään", "vastaan"). Negative passives ("ei näytetä") are not found;
    - second person: every step speaks to the reader at least once (a sinä verb, an imperative,
      "sinä" or a -si possessive), and no sentence uses the plural or polite "te" form, except
      where "sinä ja …" makes the plural right ("sinä ja työvoimapalvelut katsotte");
    - hard words: a word from HARD_WORDS must be explained by a glossary term on the same or an
      earlier step (see ``unexplained_hard_words``).

Terms (every language)
    Each term a step explains must stand in the step's own text, where its word opens the
    explanation (see ``unlinked_terms``).

Spelling
    Finnish with Voikko (libvoikko and voikko-fi), Swedish and English with the ``hunspell``
    command and its sv_SE and en_US dictionaries. Numbers, web addresses, domain names and
    ``{placeholders}`` are skipped. A guide's ``words-<lang>.txt`` lists names and official terms
    the dictionaries lack ("Työmarkkinatori"); they are reviewed like code.

Links and sources
    Links people are sent to (link blocks, the e-service address, domain names in texts) must be
    https and on OFFICIAL_DOMAINS: the authorities whose pages the guide uses. A source a reviewer
    checks may also be on SOURCE_ONLY_DOMAINS: a press release service that publishes the
    authorities' releases (sttinfo.fi, here Kela's) and the unemployment funds' association
    (a-kassa.fi). They back a fact, but the program never opens them for a person.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from asiointiapu.guides.loader import GuideError, load_builtin
from asiointiapu.guides.model import BlockKind, Guide, Step
from asiointiapu.guides.terms import find_term
from asiointiapu.guides.text import render
from asiointiapu.hyphenation import voikko_for
from asiointiapu.i18n import SOURCE_LANGUAGE, I18n
from asiointiapu.resources import guides_dir, translations_dir

LANGUAGES = ("fi", "sv", "en")  # every text must be in each of these
LONG_WORD = 6  # LIX: a long word has more than this many letters


@dataclass(frozen=True)
class Targets:
    """Plain-language targets for one language's texts, per step."""

    average_words: float = 9.0  # average words per sentence, at most
    max_words: int = 15  # words in any sentence, at most
    lix: float = 35.0  # LIX, at most
    max_letters: int = 20  # letters in a word that is not a glossary word, at most


# Finnish is measured against the Selkokeskus rules; the other languages are reported only.
TARGETS: dict[str, Targets] = {"fi": Targets()}

# Links shown to people, and the sources behind facts, go to these authorities (and their
# subdomains): Job Market Finland, Kela, Suomi.fi, the ministry and the government, and the
# employment areas whose pages the guide uses.
OFFICIAL_DOMAINS = (
    "tyomarkkinatori.fi",
    "kela.fi",
    "suomi.fi",
    "tem.fi",
    "valtioneuvosto.fi",
    "hel.fi",
    "vantaa.fi",
    "kerava.fi",
    "hameentyovoimapalvelut.fi",
)
# Allowed as a block's or a fact's `source` only, never as a link shown to a person.
SOURCE_ONLY_DOMAINS = (
    "sttinfo.fi",  # press releases; the guide cites Kela's releases there
    "a-kassa.fi",  # the unemployment funds' association
)

# Finnish words that need a glossary entry (FACTS "Words to explain"). Each is the start of the
# word that survives inflection ("työllistymissuunnitelm|a|an"); it is matched anywhere in a word,
# so compounds count too. The term that explains it is the one whose Finnish word contains it.
HARD_WORDS: dict[str, tuple[str, ...]] = {
    "fi": (
        "tunnistautumi",  # vahva tunnistautuminen
        "ilmoittautumi",  # työnhakijaksi ilmoittautuminen
        "alkuhaastattelu",
        "työllistymissuunnitelm",
        "työnhakuvelvollisuu",
        "työnhakukeskustelu",
        "työnhakuprofiil",
        "työvoimapoliitti",  # työvoimapoliittinen lausunto
        "lausun",  # lausunto, lausunnon
        "ansiopäiväraha",
        "peruspäiväraha",
        "työmarkkinatu",  # työmarkkinatuki, -tuen, -tukea
        "omavastuupäiv",
        "karenssi",
        "työssäolovelvoit",
        "kassa",  # työttömyyskassa, kassasi
    ),
}

_WORD = re.compile(r"[^\W_]+(?:[-.'’][^\W_]+)*-?")
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")
_URL = re.compile(r"https?://\S+")
_DOMAIN = re.compile(r"\b((?:[a-z0-9-]+\.)+(?:fi|se|eu|com|org|net))\b(?:[-/]\S*)?", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’»)]*\s+(?=[\"”“»(]?[^\W_])")
_DATE_END = re.compile(r"\b\d{1,2}\.\d{1,2}\.(?:\d{2,4})?$")
_ABBREVIATIONS = frozenset(
    {
        "esim.", "mm.", "ns.", "n.", "jne.", "yms.", "ym.", "ks.", "vrt.", "klo.", "puh.",  # fi
        "t.ex.", "bl.a.", "s.k.", "dvs.", "d.v.s.", "ca.", "kl.", "tel.",  # sv
        "e.g.", "i.e.", "approx.",  # en
    }
)  # fmt: skip


# ------------------------------------------------------------------------------------------
# Sentences, words, LIX


def split_sentences(text: str) -> list[str]:
    """The sentences of a text, Finnish-aware (see the module's notes)."""
    text = " ".join(text.split())
    if not text:
        return []
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start() + len(m.group(0).rstrip())]
        last = before.split()[-1].rstrip('"”’»)') if before.split() else ""
        if last.lower() in _ABBREVIATIONS or _DATE_END.search(last):
            continue
        out.append(before.strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return [s for s in out if words(s)]


def words(text: str) -> list[str]:
    """The words of a text: letters and digits, joined by inner hyphens, stops and apostrophes."""
    return _WORD.findall(text)


def letters(word: str) -> int:
    return sum(c.isalpha() for c in word)


def is_long(word: str) -> bool:
    return letters(word) > LONG_WORD


@dataclass(frozen=True)
class Figures:
    """Readability figures of a set of sentences."""

    sentences: int
    words: int
    long_words: int
    longest_sentence: int  # words
    longest_sentence_text: str = ""
    longest_word: str = ""

    @property
    def average_words(self) -> float:
        return self.words / self.sentences if self.sentences else 0.0

    @property
    def long_word_share(self) -> float:
        return 100 * self.long_words / self.words if self.words else 0.0

    @property
    def lix(self) -> float:
        """Words per sentence + percentage of long words; 0 for no words."""
        return self.average_words + self.long_word_share if self.words else 0.0


def figures(sentences: Sequence[str]) -> Figures:
    """Figures of the sentences (as ``split_sentences`` gives them)."""
    counted = [(s, ws) for s in sentences if (ws := words(s))]
    all_words = [w for _, ws in counted for w in ws]
    longest = max(counted, key=lambda c: len(c[1]), default=("", []))
    return Figures(
        sentences=len(counted),
        words=len(all_words),
        long_words=sum(map(is_long, all_words)),
        longest_sentence=len(longest[1]),
        longest_sentence_text=longest[0],
        longest_word=max(all_words, key=letters, default=""),
    )


def lix(text: str) -> float:
    """LIX of a text: words per sentence + percentage of long words (> 6 letters)."""
    return figures(split_sentences(text)).lix


# ------------------------------------------------------------------------------------------
# Finnish grammar heuristics (Voikko)

_PASSIVE_ENDING = re.compile(r"(?:t|d|ll|nn|rr)(?:aan|ään)$|(?:tt|t|d|lt|nt|rt)iin$", re.IGNORECASE)
_NOT_PASSIVE = frozenset(
    {"mitään", "ketään", "yhtään", "vastaan", "kokonaan", "ollenkaan", "ainakaan", "tuskin"}
)  # words that look passive, for when Voikko is missing
_TE_PRONOUN = frozenset(
    {"te", "teidän", "teitä", "teille", "teillä", "teiltä", "teistä", "teihin", "teissä"}
)
_SINA_PRONOUN = "sinä"
_NEGATIONS = frozenset({"en", "et", "ei", "emme", "ette", "eivät", "älä", "älkää"})


def voikko_available() -> bool:
    return voikko_for("fi") is not None


@lru_cache(maxsize=8192)
def _analyses(word: str) -> tuple[dict[str, str], ...]:
    voikko = voikko_for("fi")
    if voikko is None:
        return ()
    return tuple(dict(a) for a in voikko.analyze(word))


def is_passive(word: str) -> bool:
    """A Finnish passive verb form (see the module's notes)."""
    if not _PASSIVE_ENDING.search(word):
        return False
    if voikko_for("fi") is None:
        return word.lower() not in _NOT_PASSIVE
    return any(a.get("CLASS") == "teonsana" and a.get("PERSON") == "4" for a in _analyses(word))


def passive_words(sentence: str) -> list[str]:
    return [w for w in words(sentence) if is_passive(w)]


def _imperative(a: dict[str, str]) -> bool:
    return (
        a.get("CLASS") in ("teonsana", "kieltosana")
        and a.get("MOOD") == "imperative"
        and a.get("PERSON") == "2"
        and a.get("NUMBER", "singular") == "singular"
    )


def instructions(sentence: str) -> list[str]:
    """The imperative verbs of a Finnish sentence: each is one instruction.

    A word counts when Voikko reads it only as a singular imperative ("Kerro", "Mene"), or when
    it starts a clause and every reading is a verb ("Avaa …", "… ja avaa …"): "siitä", "uusi" or
    "ala" may be imperatives too, but are something else in the middle of a sentence. The verb
    after a negation ("et ole", "älä kerro") is not an instruction; "älä" is.
    """
    found = []
    tokens = re.findall(r"[^\W_]+(?:[-.'’][^\W_]+)*-?|[,;:]", sentence)
    previous = ""
    for i, w in enumerate(tokens):
        before, previous = previous, w.lower()
        if w in ",;:" or before in _NEGATIONS:
            continue
        analyses = _analyses(w)
        readings = [_imperative(a) for a in analyses]
        clause_start = i == 0 or before in (",", ";", ":", "ja", "tai", "sekä")
        only_verbs = all(a.get("CLASS") in ("teonsana", "kieltosana") for a in analyses)
        if readings and (all(readings) or (any(readings) and clause_start and only_verbs)):
            found.append(w)
    return found


def addresses_reader(sentence: str) -> bool:
    """The Finnish sentence speaks to the reader as "sinä"."""
    for w in words(sentence):
        for a in _analyses(w):
            if a.get("BASEFORM") == _SINA_PRONOUN or a.get("POSSESSIVE") == "2s":
                return True
            if a.get("PERSON") == "2" and a.get("NUMBER", "singular") == "singular":
                return True
    return False


def plural_address(sentence: str) -> list[str]:
    """Words of the "te" form (you, plural or polite), unless the sentence says "sinä ja"."""
    if re.search(r"\bsinä ja\b", sentence, re.IGNORECASE):
        return []
    found = []
    for w in words(sentence):
        if w.lower() in _TE_PRONOUN or any(
            a.get("CLASS") == "teonsana" and a.get("PERSON") == "2" and a.get("NUMBER") == "plural"
            for a in _analyses(w)
        ):
            found.append(w)
    return found


# ------------------------------------------------------------------------------------------
# A guide's texts in one language


def catalogue_for(language: str, directory: Path | None = None) -> I18n | None:
    """The language's catalogue, or None when it has none (English is the source language)."""
    i18n = I18n(directory or translations_dir(), language)
    return i18n if i18n.language == language else None


@dataclass(frozen=True)
class Texts:
    """A step's texts as shown in one language; untranslated ones are kept apart."""

    reading: tuple[str, ...]  # measured as sentences
    labels: tuple[str, ...]  # title, help topic, headings, link labels, term words
    untranslated: tuple[str, ...]  # source texts that would be shown in English

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.labels, *self.reading)


def _translator(language: str, i18n: I18n | None) -> Callable[[str], str | None]:
    if language == SOURCE_LANGUAGE:
        return lambda text: text
    if i18n is None:
        return lambda text: None
    return i18n.lookup


def step_texts(guide: Guide, step: Step, language: str, i18n: I18n | None = None) -> Texts:
    """The step's texts in the language, translated and with the facts filled in.

    A text the language has no translation for is left out of ``reading`` and ``labels`` (it
    would be shown in English) and listed in ``untranslated``.
    """
    translate = _translator(language, i18n)
    reading: list[str] = []
    labels: list[str] = []
    untranslated: list[str] = []

    def shown(source: str, into: list[str]) -> None:
        s = render(source, translate, guide.facts)
        if s.translated:
            into.append(s.text)
        else:
            untranslated.append(source)

    shown(step.title, labels)
    shown(step.help_topic, labels)
    for block in step.blocks:
        if block.kind in (BlockKind.DO, BlockKind.NEED):
            if block.text:
                shown(block.text, labels)
            for item in block.items:
                shown(item, reading)
        elif block.kind is BlockKind.LINK:
            shown(block.text, labels)
        else:
            for text in block.texts():
                shown(text, reading)
    for term_id in step.terms:
        term = guide.terms[term_id]
        shown(term.word, labels)
        shown(term.explanation, reading)
    return Texts(tuple(reading), tuple(labels), tuple(untranslated))


def translated_texts(guide: Guide, language: str, i18n: I18n | None = None) -> list[str]:
    """Every text of the guide that the language has, as shown (the glossary included)."""
    translate = _translator(language, i18n)
    shown = [render(t, translate, guide.facts) for t in dict.fromkeys(guide.texts())]
    return [s.text for s in shown if s.translated]


def missing_translations(guide: Guide, language: str, i18n: I18n | None = None) -> list[str]:
    """The guide's source texts that the language has no translation for."""
    translate = _translator(language, i18n)
    return [t for t in dict.fromkeys(guide.texts()) if not translate(t)]


def term_words(guide: Guide, language: str, i18n: I18n | None = None) -> dict[str, str]:
    translate = _translator(language, i18n)
    return {
        tid: render(t.word, translate, guide.facts).text.lower() for tid, t in guide.terms.items()
    }


@dataclass(frozen=True)
class HardWord:
    step: str
    word: str  # as written in the text
    hard: str  # the entry of HARD_WORDS it matched
    terms: tuple[str, ...]  # glossary terms that explain it; empty: none does

    def __str__(self) -> str:
        if not self.terms:
            return f"'{self.word}' is a hard word and no glossary term explains it"
        return (
            f"'{self.word}' is not explained: add term {' or '.join(self.terms)} "
            "to this step or an earlier one"
        )


def unexplained_hard_words(
    guide: Guide, language: str = "fi", i18n: I18n | None = None
) -> list[HardWord]:
    """Hard words used on a step that no term of that step or an earlier one explains."""
    hard = HARD_WORDS.get(language, ())
    if not hard:
        return []
    words_of_terms = term_words(guide, language, i18n)
    explained: set[str] = set()
    found: list[HardWord] = []
    for step in guide.steps:
        explained |= set(step.terms)
        seen: set[str] = set()
        for text in step_texts(guide, step, language, i18n).all:
            for w in words(text):
                for h in hard:
                    if h not in w.lower() or (w.lower(), h) in seen:
                        continue
                    seen.add((w.lower(), h))
                    terms = tuple(t for t, tw in words_of_terms.items() if h in tw)
                    if not set(terms) & explained:
                        found.append(HardWord(step.id, w, h, terms))
    return found


def unlinked_terms(guide: Guide, language: str, i18n: I18n | None = None) -> list[tuple[str, str]]:
    """(step, term) for each term of a step whose word does not stand in the step's own text.

    The word in the text is what opens the explanation, so a term the text never names is
    explained to nobody who reads the text.
    """
    translate = _translator(language, i18n)
    missing = []
    for step in guide.steps:
        texts = [
            render(t, translate, guide.facts).text
            for b in step.blocks
            if b.kind is not BlockKind.LINK
            for t in (b.items if b.kind in (BlockKind.DO, BlockKind.NEED) else (b.text, b.answer))
            if t
        ]
        for term_id in step.terms:
            word = render(guide.terms[term_id].word, translate, guide.facts).text
            if not any(find_term(t, word, language) for t in texts):
                missing.append((step.id, term_id))
    return missing


# ------------------------------------------------------------------------------------------
# Per-step report


@dataclass(frozen=True)
class StepReport:
    step: str
    title: str
    figures: Figures
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def is_glossary_word(word: str, glossary: Collection[str]) -> bool:
    """The word is (an inflected form of) a word of a glossary term."""
    w = word.lower()
    return any(w.startswith(g[: max(len(g) - 2, 1)]) for g in glossary)


def step_report(
    guide: Guide,
    step: Step,
    language: str,
    i18n: I18n | None = None,
    hard_words: Sequence[HardWord] = (),
    unlinked: Sequence[str] = (),
) -> StepReport:
    texts = step_texts(guide, step, language, i18n)
    sentences = [s for t in texts.reading for s in split_sentences(t)]
    fig = figures(sentences)
    targets = TARGETS.get(language)
    title = render(step.title, _translator(language, i18n), guide.facts).text
    problems = [f"not translated: {t}" for t in texts.untranslated]
    problems += [
        f"term {t} is not named in the step's text, so nothing links to it" for t in unlinked
    ]
    if targets is None:
        return StepReport(step.id, title, fig, tuple(problems))

    if fig.average_words > targets.average_words:
        problems.append(
            f"average sentence {fig.average_words:.1f} words (target ≤ {targets.average_words:g})"
        )
    if fig.lix > targets.lix:
        problems.append(f"LIX {fig.lix:.1f} (target ≤ {targets.lix:g})")
    glossary = [w for tw in term_words(guide, language, i18n).values() for w in tw.split()]
    for s in sentences:
        n = len(words(s))
        if n > targets.max_words:
            problems.append(f"{n} words (target ≤ {targets.max_words}): {s}")
        for w in words(s):
            if letters(w) > targets.max_letters and not is_glossary_word(w, glossary):
                problems.append(f"'{w}' has {letters(w)} letters (≤ {targets.max_letters})")
    if language == "fi":
        for s in sentences:
            if len(found := instructions(s)) > 1:
                problems.append(f"{len(found)} instructions ({', '.join(found)}): {s}")
            if found := passive_words(s):
                problems.append(f"passive ({', '.join(found)}): {s}")
            if found := plural_address(s):
                problems.append(f"'te' form ({', '.join(found)}) instead of 'sinä': {s}")
        if voikko_available() and not any(addresses_reader(s) for s in sentences):
            problems.append("no sentence speaks to the reader as 'sinä'")
    problems.extend(str(h) for h in hard_words if h.step == step.id)
    return StepReport(step.id, title, fig, tuple(problems))


def step_reports(guide: Guide, language: str, i18n: I18n | None = None) -> list[StepReport]:
    if i18n is None and language != SOURCE_LANGUAGE:
        i18n = catalogue_for(language)
    hard = unexplained_hard_words(guide, language, i18n)
    unlinked = unlinked_terms(guide, language, i18n)
    return [
        step_report(guide, s, language, i18n, hard, [t for sid, t in unlinked if sid == s.id])
        for s in guide.steps
    ]


# ------------------------------------------------------------------------------------------
# Spelling

_HUNSPELL_DICTIONARIES = {"sv": "sv_SE", "en": "en_US"}


def project_words(language: str, guide_id: str = "registration") -> frozenset[str]:
    """The guide's reviewed word list for the language (names and official terms)."""
    path = guides_dir() / guide_id / f"words-{language}.txt"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return frozenset()
    return frozenset(s for line in lines if (s := line.strip()) and not s.startswith("#"))


def _spellable(text: str) -> str:
    """The text without what is not spelled: placeholders, addresses, domain names, numbers."""
    text = _PLACEHOLDER.sub(" ", text.replace("\u00ad", ""))
    text = _URL.sub(" ", text)
    return _DOMAIN.sub(" ", text)


def _spell_words(texts: Iterable[str]) -> Iterator[str]:
    for text in texts:
        for w in words(_spellable(text)):
            if any(c.isalpha() for c in w):
                yield w


def unknown_words(
    texts: Iterable[str], language: str, known: Collection[str] | None = None
) -> list[str]:
    """Words of the texts that the language's dictionary and the project word list lack.

    Finnish uses Voikko; Swedish and English the hunspell command. Raises RuntimeError when the
    dictionary is not installed.
    """
    known = project_words(language) if known is None else known
    ws = sorted({w for w in _spell_words(texts) if w not in known and w.strip("-") not in known})
    if language == "fi":
        voikko = voikko_for("fi")
        if voikko is None:
            raise RuntimeError("Finnish spelling needs libvoikko1 and voikko-fi")
        return [w for w in ws if not _voikko_knows(voikko, w, known)]
    dictionary = _HUNSPELL_DICTIONARIES.get(language)
    if dictionary is None:
        raise RuntimeError(f"no spelling dictionary is set up for '{language}'")
    return _hunspell_unknown(ws, dictionary, known)


def _voikko_knows(voikko: Any, word: str, known: Collection[str]) -> bool:
    if voikko.spell(word):
        return True
    if "-" not in word.strip("-"):
        return False
    # A compound with a hyphen ("ETA-maan", "TE-toimistossa"): every part is a word or a prefix.
    parts = word.split("-")
    return all(
        not p or p in known or voikko.spell(p) or voikko.spell(p + "-") for p in parts[:-1]
    ) and (not parts[-1] or parts[-1] in known or bool(voikko.spell(parts[-1])))


def _hunspell_unknown(ws: Sequence[str], dictionary: str, known: Collection[str]) -> list[str]:
    if not ws:
        return []
    if shutil.which("hunspell") is None:
        raise RuntimeError("spelling needs the hunspell command (packages hunspell, hunspell-sv)")
    result = subprocess.run(
        ["hunspell", "-d", dictionary, "-i", "UTF-8", "-l"],
        input="\n".join(ws) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0 or "Can't open affix or dic" in result.stderr:
        raise RuntimeError(f"hunspell cannot use {dictionary}: {result.stderr.strip()}")
    return sorted({w for w in result.stdout.split() if w not in known})


# ------------------------------------------------------------------------------------------
# Links, sources, numbers


def domain_allowed(url_or_domain: str, domains: Iterable[str]) -> bool:
    host = urlsplit(url_or_domain).hostname if "://" in url_or_domain else url_or_domain
    host = (host or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in domains)


@dataclass(frozen=True)
class Link:
    where: str
    url: str
    shown: bool  # a person is sent there (else: a source for reviewers)


def guide_links(guide: Guide) -> list[Link]:
    """Every web address in the guide: links people open, and the sources of facts."""
    out = [Link("service_url", guide.service_url, True)]
    out += [Link(f"service_urls.{k}", u, True) for k, u in guide.service_urls.items()]
    out += [Link(f"facts.{n}.source", f.source, False) for n, f in guide.facts.items()]
    for step in guide.steps:
        for n, b in enumerate(step.blocks, start=1):
            if b.url:
                out.append(Link(f"step {step.id}: block {n} url", b.url, True))
            if b.source:
                out.append(Link(f"step {step.id}: block {n} source", b.source, False))
    return out


def link_problems(guide: Guide) -> list[str]:
    problems = []
    for link in guide_links(guide):
        allowed = OFFICIAL_DOMAINS if link.shown else (*OFFICIAL_DOMAINS, *SOURCE_ONLY_DOMAINS)
        if not link.url.startswith("https://"):
            problems.append(f"{link.where}: not https: {link.url}")
        elif not domain_allowed(link.url, allowed):
            kind = "a link shown to people" if link.shown else "a source"
            problems.append(f"{link.where}: {urlsplit(link.url).hostname} is not allowed as {kind}")
    for text in guide.texts():
        for m in _DOMAIN.finditer(_URL.sub(" ", text)):
            domain = m.group(1)
            if not domain_allowed(domain, OFFICIAL_DOMAINS):
                problems.append(f"text names {domain}, which is not an official domain: {text}")
    return problems


def states_number(text: str) -> bool:
    """The source text states a number: a digit or a {fact}."""
    return bool(re.search(r"\d", text) or _PLACEHOLDER.search(text))


def unsourced_numbers(guide: Guide) -> list[str]:
    """Blocks that state a number without naming the official page it comes from."""
    return [
        f"step {step.id}: block {n}: {b.texts()[0]}"
        for step in guide.steps
        for n, b in enumerate(step.blocks, start=1)
        if not b.source and any(states_number(t) for t in b.texts())
    ]


# ------------------------------------------------------------------------------------------
# The report


@dataclass
class Report:
    language: str
    steps: list[StepReport]
    whole: Figures
    unknown: list[str] = field(default_factory=list)
    spelling_error: str = ""
    links: list[str] = field(default_factory=list)
    unsourced: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            all(s.ok for s in self.steps)
            and not self.unknown
            and not self.spelling_error
            and not self.links
            and not self.unsourced
        )


def build_report(guide: Guide, language: str, i18n: I18n | None = None) -> Report:
    if i18n is None and language != SOURCE_LANGUAGE:
        i18n = catalogue_for(language)
    steps = step_reports(guide, language, i18n)
    sentences = [
        s
        for step in guide.steps
        for t in step_texts(guide, step, language, i18n).reading
        for s in split_sentences(t)
    ]
    report = Report(language, steps, figures(sentences))
    try:
        texts = translated_texts(guide, language, i18n)
        report.unknown = unknown_words(texts, language, project_words(language, guide.id))
    except RuntimeError as exc:
        report.spelling_error = str(exc)
    report.links = link_problems(guide)
    report.unsourced = unsourced_numbers(guide)
    return report


def format_report(report: Report) -> str:
    targets = TARGETS.get(report.language)
    lines = [f"Plain-language figures, language '{report.language}'"]
    if targets:
        lines.append(
            f"Targets per step: average ≤ {targets.average_words:g} words a sentence, "
            f"none over {targets.max_words}, LIX ≤ {targets.lix:g}"
        )
    else:
        lines.append("No plain-language targets for this language: figures only.")
        lines.append("Translations, terms in the text and spelling are checked.")
    lines.append("")
    header = f"{'step':<20} {'sent':>4} {'words':>5} {'avg':>5} {'max':>4} {'long%':>5} {'LIX':>5}"
    lines += [header, "-" * len(header)]

    def row(name: str, f: Figures) -> str:
        return (
            f"{name:<20} {f.sentences:>4} {f.words:>5} {f.average_words:>5.1f} "
            f"{f.longest_sentence:>4} {f.long_word_share:>5.1f} {f.lix:>5.1f}"
        )

    for s in report.steps:
        lines.append(row(s.step, s.figures) + ("" if s.ok else "  ✗"))
    lines += ["-" * len(header), row("whole guide", report.whole), ""]
    for s in report.steps:
        if s.problems:
            lines.append(f"{s.step} ({s.title}):")
            lines += [f"  - {p}" for p in s.problems]
    if report.spelling_error:
        lines.append(f"Spelling not checked: {report.spelling_error}")
    elif report.unknown:
        lines.append(f"Unknown words ({len(report.unknown)}): {', '.join(report.unknown)}")
    else:
        lines.append("Spelling: no unknown words.")
    lines += [f"Link: {p}" for p in report.links]
    lines += [f"Number without a source: {p}" for p in report.unsourced]
    missed = sum(not s.ok for s in report.steps)
    lines.append("")
    lines.append(
        "Summary: every target met."
        if report.ok
        else f"Summary: {missed} of {len(report.steps)} steps miss a target"
        + (", spelling" if report.unknown or report.spelling_error else "")
        + (", links" if report.links else "")
        + (", sources" if report.unsourced else "")
        + "."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m asiointiapu.guides.quality",
        description="Plain-language figures, spelling and links of a guide, step by step.",
    )
    parser.add_argument("--language", default="fi", help="fi, sv or en (default: fi)")
    parser.add_argument("--guide", default="registration", help="guide id (default: registration)")
    args = parser.parse_args(argv)
    try:
        guide = load_builtin(args.guide)
    except GuideError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.language != SOURCE_LANGUAGE and catalogue_for(args.language) is None:
        print(f"There is no '{args.language}' catalogue; texts are shown in English.")
    report = build_report(guide, args.language)
    print(format_report(report))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
