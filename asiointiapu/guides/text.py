"""Turning a guide's source text into what the person reads: translated, facts filled in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from asiointiapu.guides.model import Fact


@dataclass(frozen=True)
class Shown:
    text: str
    translated: bool  # False: the person's language has no translation, the source text is shown


def render(
    source: str,
    translate: Callable[[str], str | None],
    facts: Mapping[str, Fact],
) -> Shown:
    """Translate ``source`` and fill in ``{fact}`` placeholders.

    ``translate`` returns None when there is no translation. A translation whose placeholders
    are broken falls back to the source text rather than showing a half-filled sentence.
    """
    values = {name: fact.value for name, fact in facts.items()}
    translated = translate(source)
    if translated:
        try:
            return Shown(translated.format_map(values), True)
        except (KeyError, ValueError, IndexError):
            pass
    return Shown(source.format_map(values), False)
