"""Soft hyphens in long words, so that large text wraps inside long words too.

Finnish compounds ("matkapuhelinnumero") are wider than a narrow window at 200% text; Qt breaks a
line at a soft hyphen (U+00AD) and draws the hyphen only there. Finnish uses Voikko, the Finnish
language tools (libvoikko and its dictionary from the system's packages). Where Voikko or a
language's rules are missing, the text is left as it is.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Protocol

SOFT_HYPHEN = "\u00ad"
MIN_LENGTH = 10  # shorter words fit any window at any text size
_LONG_WORD = re.compile(rf"\w{{{MIN_LENGTH},}}")

log = logging.getLogger(__name__)


class _Speller(Protocol):
    def getHyphenationPattern(self, word: str) -> str: ...


@lru_cache(maxsize=4)
def _voikko(language: str) -> _Speller | None:
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


@lru_cache(maxsize=4096)
def _word(word: str, language: str) -> str:
    voikko = _voikko(language)
    if voikko is None:
        return word
    pattern = voikko.getHyphenationPattern(word)
    # "-" before a letter marks a break there; "=" marks a hyphen already in the word.
    return "".join(
        (SOFT_HYPHEN if mark == "-" else "") + char
        for char, mark in zip(word, pattern, strict=False)
    )


def hyphenate(text: str, language: str) -> str:
    """The text with soft hyphens inside its long words, where the language has rules."""
    if language != "fi" or SOFT_HYPHEN in text:
        return text
    return _LONG_WORD.sub(lambda m: _word(m.group(0), language), text)


def plain(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "")


def available(language: str) -> bool:
    return _voikko(language) is not None
