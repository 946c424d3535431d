"""A guide as frozen dataclasses.

Every text here is in the source language (English). It is translated through gettext when it is
shown, and may contain ``{fact}`` placeholders that name an entry of ``Guide.facts``: a rule
change (a deadline, a number of days) is then one edit in the guide file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    TEXT = "text"  # a short paragraph
    DO = "do"  # numbered things to do, in order
    NEED = "need"  # "what you need": a checklist of things to have at hand
    LINK = "link"  # a web page opened in the system's browser
    WHAT_IF = "whatif"  # a common doubt and its answer
    IMPORTANT = "important"  # something the person must not miss (privacy, deadlines)


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""  # TEXT, IMPORTANT; the heading of DO and NEED; the question of WHAT_IF
    items: tuple[str, ...] = ()  # DO, NEED
    answer: str = ""  # WHAT_IF
    url: str = ""  # LINK (text is its label)
    source: str = ""  # where the fact in this block comes from (an official page)

    def texts(self) -> tuple[str, ...]:
        """Every translatable text of the block, in reading order."""
        return tuple(t for t in (self.text, *self.items, self.answer) if t)


@dataclass(frozen=True)
class Term:
    id: str
    word: str
    explanation: str


@dataclass(frozen=True)
class Fact:
    value: str
    source: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    blocks: tuple[Block, ...]
    help_topic: str  # what a helper is told the person was stuck on
    terms: tuple[str, ...] = ()  # ids of Guide.terms explained on this step

    def texts(self) -> tuple[str, ...]:
        return (self.title, self.help_topic, *(t for b in self.blocks for t in b.texts()))


@dataclass(frozen=True)
class Guide:
    id: str
    title: str
    service_url: str  # the official e-service, opened in the system's browser
    steps: tuple[Step, ...]
    terms: dict[str, Term] = field(default_factory=dict)
    facts: dict[str, Fact] = field(default_factory=dict)
    service_urls: dict[str, str] = field(default_factory=dict)  # by language code

    def step_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.steps)

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def service_url_for(self, language: str) -> str:
        return self.service_urls.get(language, self.service_url)

    def texts(self) -> tuple[str, ...]:
        """Every translatable text of the guide, for the gettext template."""
        out: list[str] = [self.title]
        for s in self.steps:
            out.extend(s.texts())
        for t in self.terms.values():
            out.extend((t.word, t.explanation))
        return tuple(out)
