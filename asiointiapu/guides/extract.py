"""Babel extractor: guide files → gettext messages, so guides are translated like the UI.

Registered in babel.cfg as ``asiointiapu.guides.extract:extract_guide``. Each message carries a
translator comment naming its step and field, and the source of the fact where the guide gives one.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import IO, Any

from asiointiapu.guides.loader import parse_guide
from asiointiapu.guides.model import Guide

Message = tuple[int, str | None, str, list[str]]


def guide_messages(guide: Guide) -> Iterator[tuple[str, str]]:
    """(text, where) for every translatable text of the guide."""
    yield guide.title, "guide title"
    for step in guide.steps:
        yield step.title, f"step {step.id}: title"
        yield step.help_topic, f"step {step.id}: help topic"
        for n, block in enumerate(step.blocks, start=1):
            where = f"step {step.id}: block {n} ({block.kind.value})"
            if block.source:
                where += f"; source {block.source}"
            for text in block.texts():
                yield text, where
    for term in guide.terms.values():
        yield term.word, f"term {term.id}: word"
        yield term.explanation, f"term {term.id}: explanation"


def extract_guide(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Message]:
    raw = fileobj.read().decode("utf-8")
    guide = parse_guide(tomllib.loads(raw), getattr(fileobj, "name", "guide.toml"))
    lines = raw.splitlines()
    for text, where in guide_messages(guide):
        yield _line_of(lines, text), None, text, [where]


def _line_of(lines: list[str], text: str) -> int:
    first = text.splitlines()[0][:40]
    for number, line in enumerate(lines, start=1):
        if first in line:
            return number
    return 0
