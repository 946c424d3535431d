"""Finding where a glossary term stands in a text, so the word itself can open its explanation.

Terms are written in their basic form ("strong identification", "vahva tunnistautuminen") but
texts inflect them ("vahvalla tunnistautumisella"). Finnish words are compared by their base
forms from Voikko; other languages by a shared stem, which covers their lighter inflection.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from asiointiapu.hyphenation import voikko_for

_WORD = re.compile(r"\w+(?:-\w+)*")
MIN_STEM = 4


@lru_cache(maxsize=8192)
def _forms_fi(word: str) -> frozenset[str]:
    """Base forms of a Finnish word; cached, as every step asks about the same words again."""
    voikko = voikko_for("fi")
    lower = word.lower()
    if voikko is None:
        return frozenset({lower})
    forms = {a["BASEFORM"].lower() for a in voikko.analyze(word) if "BASEFORM" in a}
    return frozenset(forms or {lower})


def _matcher(language: str) -> Callable[[str, str], bool]:
    if language == "fi" and voikko_for("fi") is not None:
        return lambda text_word, term_word: bool(_forms_fi(text_word) & _forms_fi(term_word))

    def same_stem(text_word: str, term_word: str) -> bool:
        a, b = text_word.lower(), term_word.lower()
        stem = b[: max(MIN_STEM, len(b) - 2)]
        return a == b or (len(b) >= MIN_STEM and a.startswith(stem))

    return same_stem


def find_term(text: str, term: str, language: str) -> tuple[int, int] | None:
    """(start, end) of the first place the term stands in the text, or None."""
    term_words = _WORD.findall(term)
    if not term_words:
        return None
    words = list(_WORD.finditer(text))
    same = _matcher(language)
    for i in range(len(words) - len(term_words) + 1):
        window = words[i : i + len(term_words)]
        if all(same(w.group(0), t) for w, t in zip(window, term_words, strict=True)):
            return window[0].start(), window[-1].end()
    return None
