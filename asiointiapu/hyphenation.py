"""Soft hyphens in long words, so that large text wraps inside long words too.

Finnish and Swedish compounds ("matkapuhelinnumero", "jobbsökningsprofilen") are wider than a
narrow window at 200% text; Qt breaks a line at a soft hyphen (U+00AD) and draws the hyphen only
there. Finnish uses Voikko, the Finnish language tools (libvoikko and its dictionary from the
system's packages); other languages use pyphen's hyphenation patterns. Where a language has no
rules, the text is left as it is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Protocol

SOFT_HYPHEN = "\u00ad"
MIN_LENGTH = 10  # shorter words fit any window at any text size
# Tokens that are addresses, paths or e-mail addresses rather than words.
_NOT_WORDS = re.compile(r"[/\\_@]|\w\.\w|://")

log = logging.getLogger(__name__)


class _Speller(Protocol):  # the part of libvoikko's Voikko this project uses
    def getHyphenationPattern(self, word: str) -> str: ...
    def analyze(self, word: str) -> list[dict[str, str]]: ...


def long_word_length(text_scale: int) -> int:
    """From how many letters a word may be too wide for a narrow window at this text size.

    10 from 200% up, 20 at 100%: at 100% only the longest compounds need breaking, and English
    and Swedish then start without loading their hyphenation patterns (about 0.1 s each).
    """
    return max(MIN_LENGTH, round(MIN_LENGTH * 200 / max(text_scale, 1)))


@lru_cache(maxsize=8)
def _long_word(min_length: int) -> re.Pattern[str]:
    return re.compile(rf"\w{{{min_length},}}")


@lru_cache(maxsize=4)
def voikko_for(language: str) -> _Speller | None:
    """Voikko for a language, loaded once: opening its dictionary takes a moment."""
    if language != "fi":
        return None
    try:
        from libvoikko import Voikko

        voikko = Voikko(language)
    except Exception as exc:  # ImportError, OSError, or libvoikko's plain Exception
        log.info("no hyphenation for %s: %s", language, exc)
        return None
    voikko.setHyphenateUnknownWords(True)
    return voikko


@lru_cache(maxsize=8)
def _patterns(language: str) -> Any:
    """pyphen's hyphenator for a language, or None when it has no patterns for it."""
    import pyphen  # loaded on first use: most sessions never hyphenate a second language

    code = pyphen.language_fallback(language)
    return pyphen.Pyphen(lang=code) if code else None


@lru_cache(maxsize=4096)
def _word(word: str, language: str) -> str:
    voikko = voikko_for(language)
    if voikko is None:
        patterns = _patterns(language)
        return patterns.inserted(word, hyphen=SOFT_HYPHEN) if patterns else word
    pattern = voikko.getHyphenationPattern(word)
    # "-" before a letter marks a break there; "=" marks a hyphen already in the word.
    return "".join(
        (SOFT_HYPHEN if mark == "-" else "") + char
        for char, mark in zip(word, pattern, strict=False)
    )


def hyphenate(text: str, language: str, min_length: int = MIN_LENGTH) -> str:
    """The text with soft hyphens inside its words of at least `min_length` letters, where the
    language has rules.

    Addresses, file paths and e-mail addresses are left whole: a hyphen inside one would
    change what a person types.
    """
    long_word = _long_word(min_length)
    if SOFT_HYPHEN in text or not long_word.search(text):
        return text

    def token(match: re.Match[str]) -> str:
        part = match.group(0)
        if _NOT_WORDS.search(part):
            return part
        return long_word.sub(lambda m: _word(m.group(0), language), part)

    return re.sub(r"\S+", token, text)


def prepare(languages: Iterable[str]) -> None:
    """Load these languages' rules now (slow: for a background thread), so that switching to one
    later does not wait for them: pyphen reads its patterns in about 0.1 s per language."""
    for language in languages:
        if voikko_for(language) is None:
            _patterns(language)


def plain(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "")


def available(language: str) -> bool:
    return voikko_for(language) is not None
