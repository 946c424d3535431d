""" "Was this step clear?": an anonymous answer about one step of a guide.

The answer says which step, yes or no, and why not as fixed reasons; a short comment is
optional. Nothing in it may point to a person: the comment is refused when it looks like it
holds a name, a number (phone, identity code, date of birth, address, account), or an e-mail
address. The same check runs in the program, which asks the person to write it without them,
and in the receiver, which refuses such a body (docs/contact-api.yaml).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from asiointiapu.i18n import N_

# The reasons a person can tick, by the code that is sent. The order is the order shown.
REASONS: dict[str, str] = {
    "too-much-text": N_("There is too much text."),
    "hard-words": N_("The words are hard."),
    "looks-different": N_("The e-service looks different."),
    "unsure-answer": N_("I do not know what to answer there."),
    "other": N_("Something else."),
}
COMMENT_MAX = 200  # characters: a sentence or two, not a story
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}", re.ASCII)  # guide and step ids
LANGUAGE_PATTERN = re.compile(r"[a-z]{2,3}", re.ASCII)

# Why a comment is refused: each a plain sentence for the person.
NUMBER = N_("Please leave out numbers, such as phone numbers, dates and addresses.")
EMAIL = N_("Please leave out e-mail addresses.")
NAME = N_("Please leave out names.")
TOO_LONG = N_("Please write at most {limit} characters.")
BAD_CHARACTERS = N_("The comment has characters that cannot be sent.")

# Five digits or more in one run (spaces, dots, dashes, slashes and brackets between them
# allowed): phone numbers, identity codes, dates of birth, postal codes, account numbers.
# Fewer digits ("4 jobs a month", "10 days", "2026") tell nothing of a person.
_NUMBER = re.compile(r"\d(?:[\s.\-/()+]{0,2}\d){4,}")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;…]\s*$")
_NAME_CLASSES = {"etunimi", "sukunimi"}  # Voikko's first-name and surname classes


@dataclass(frozen=True)
class StepFeedback:
    guide_id: str
    step_id: str
    clear: bool
    reasons: tuple[str, ...] = ()  # codes of REASONS; only when not clear
    comment: str = ""  # only when not clear
    language: str = ""  # the language the program was in

    def errors(self, known_words: Collection[str] | None = None) -> dict[str, str]:
        """Field → the source text of what is wrong (translatable), empty when fine."""
        errors: dict[str, str] = {}
        if not ID_PATTERN.fullmatch(self.guide_id):
            errors["guide_id"] = "not an id"
        if not ID_PATTERN.fullmatch(self.step_id):
            errors["step_id"] = "not an id"
        if self.language and not LANGUAGE_PATTERN.fullmatch(self.language):
            errors["language"] = "not a language code"
        unknown = [r for r in self.reasons if r not in REASONS]
        if unknown or len(set(self.reasons)) != len(self.reasons):
            errors["reasons"] = "unknown or repeated reason"
        if self.clear and self.reasons:
            errors["reasons"] = "reasons are only for an unclear step"
        if self.clear and self.comment:
            errors["comment"] = "a comment is only for an unclear step"
        problem = check_comment(self.comment, known_words)
        if problem:
            errors["comment"] = problem
        return errors

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "guide_id": self.guide_id,
            "step_id": self.step_id,
            "clear": self.clear,
            "reasons": list(self.reasons),
        }
        if self.comment.strip():
            data["comment"] = self.comment.strip()
        if self.language:
            data["language"] = self.language
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


def from_dict(data: Mapping[str, Any]) -> StepFeedback:
    """A StepFeedback from a received body; raises ValueError naming the first bad field.

    The fields' values are checked here for type only; call errors() for the rest."""
    allowed = {"guide_id", "step_id", "clear", "reasons", "comment", "language"}
    extra = sorted(set(data) - allowed)
    if extra:
        raise ValueError(extra[0])
    for name in ("guide_id", "step_id"):
        if not isinstance(data.get(name), str):
            raise ValueError(name)
    if not isinstance(data.get("clear"), bool):
        raise ValueError("clear")
    reasons = data.get("reasons", [])
    if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
        raise ValueError("reasons")
    for name in ("comment", "language"):
        if not isinstance(data.get(name, ""), str):
            raise ValueError(name)
    return StepFeedback(
        guide_id=data["guide_id"],
        step_id=data["step_id"],
        clear=data["clear"],
        reasons=tuple(reasons),
        comment=data.get("comment", ""),
        language=data.get("language", ""),
    )


def check_comment(text: str, known_words: Collection[str] | None = None) -> str | None:
    """Why the comment cannot be sent (a translatable text, perhaps with {limit}), or None.

    `known_words`: words that may be written with a capital letter in the middle of a
    sentence without being a person's name (the service names of the guide: Kela, Suomi.fi…),
    in lower case. None leaves out that check (the receiver does not know the guide's words).
    """
    if len(text) > COMMENT_MAX:
        return TOO_LONG
    if any(unicodedata.category(ch).startswith("C") and ch not in "\n\t" for ch in text):
        return BAD_CHARACTERS
    plain = unicodedata.normalize("NFKC", text)
    if _NUMBER.search(plain):
        return NUMBER
    if _EMAIL.search(plain):
        return EMAIL
    if _has_name(plain, known_words):
        return NAME
    return None


def _has_name(text: str, known_words: Collection[str] | None) -> bool:
    """A capitalised word that Voikko knows as a first name or surname, or (with
    `known_words`) a capitalised word inside a sentence that the guide does not use."""
    for match in _WORD.finditer(text):
        word = match.group(0)
        if not word[0].isupper() or len(word) < 2:
            continue
        before = text[: match.start()]
        starts_sentence = not before.strip() or bool(_SENTENCE_END.search(before))
        # At the start of a sentence any word has a capital: "Anna" is then more likely the
        # verb "give" than the name, unless a name is all the word can be.
        classes = _finnish_classes(word)
        names = [c in _NAME_CLASSES for c in classes]
        if names and (all(names) if starts_sentence else any(names)):
            return True
        if classes or known_words is None or starts_sentence or word.isupper():
            continue  # a Finnish word in any form ("Kelan"), or an abbreviation (PDF, EU)
        if word.lower() not in known_words:
            return True
    return False


def _finnish_classes(word: str) -> list[str]:
    """Voikko's word classes for the word (etunimi, nimisana…); none when Voikko does not know
    it or is not installed."""
    from asiointiapu.hyphenation import voikko_for

    voikko = voikko_for("fi")
    if voikko is None:
        return []
    return [str(a.get("CLASS")) for a in voikko.analyze(word)]


def words_of(texts: Collection[str]) -> frozenset[str]:
    """Every word of the texts in lower case: the `known_words` of check_comment()."""
    return frozenset(m.group(0).lower() for t in texts for m in _WORD.finditer(t))
