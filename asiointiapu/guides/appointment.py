""" "Prepare for your appointment": a one-page summary to print or save, as data.

The file sits beside its guide (``data/<guide>/appointment.toml``). Its texts are English source
texts, translated with gettext like the guide's, and may use the guide's ``{facts}``: the number
of days before the initial interview is then still one edit in guide.toml. The file is checked
whole when it is loaded; an error names the file and the field, as the guide loader's do.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from asiointiapu.guides.extract import _line_of
from asiointiapu.guides.loader import (
    FORMAT_VERSION,
    GuideError,
    _Checker,
    load_guide,
    read_data_file,
)
from asiointiapu.resources import guides_dir

FILE_NAME = "appointment.toml"
MAX_SECTIONS = 6  # the summary is one printed page; more sections would not fit on it

Message = tuple[int, str | None, str, list[str]]


@dataclass(frozen=True)
class Section:
    """A heading with short paragraphs, then a list (questions, things to have at hand)."""

    id: str
    heading: str
    texts: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # official pages the section's facts come from

    def all_texts(self) -> tuple[str, ...]:
        """Every translatable text of the section, in reading order."""
        return (self.heading, *self.texts, *self.items)


@dataclass(frozen=True)
class Appointment:
    guide_id: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    closing: str  # what the person must not miss; printed last and in bold
    offer_on: tuple[str, ...] = ()  # guide steps with a "Prepare for your appointment" button

    def texts(self) -> tuple[str, ...]:
        """Every translatable text, in reading order."""
        return (
            self.title,
            self.intro,
            *(t for s in self.sections for t in s.all_texts()),
            self.closing,
        )


def load_appointment(guide_id: str, facts: Collection[str] | None = None) -> Appointment:
    """The built-in summary of a guide. ``facts`` are the names its texts may use; by default
    the guide's own (read from its guide.toml)."""
    folder = guides_dir() / guide_id
    if facts is None:
        facts = load_guide(folder / "guide.toml").facts
    return load_appointment_file(folder / FILE_NAME, facts)


def load_appointment_file(path: Path, facts: Collection[str]) -> Appointment:
    """Load and check one summary file; raise GuideError naming the file and the field."""
    data, name = read_data_file(path)
    return parse_appointment(data, name, path.parent.name, facts)


def parse_appointment(
    data: dict[str, Any], file: str, guide_id: str, facts: Collection[str]
) -> Appointment:
    c = _Checker(file)
    c.fact_names = set(facts)
    if data.get("format") != FORMAT_VERSION:
        raise c.fail("format", f"must be {FORMAT_VERSION}, the format this program reads")
    title = c.text(data, "title", "title")
    intro = c.text(data, "intro", "intro")
    closing = c.text(data, "closing", "closing")

    raw_sections = c.array(data, "sections", "sections")
    if not raw_sections:
        raise c.fail("sections", "the summary needs at least one [[sections]] table")
    if len(raw_sections) > MAX_SECTIONS:
        raise c.fail(
            "sections",
            f"has {len(raw_sections)} sections; at most {MAX_SECTIONS} fit on one page",
        )
    sections: list[Section] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_sections, start=1):
        fld = f"sections[{i}]"
        raw = c.table(raw, fld)
        section_id = c.ident(raw, "id", f"{fld}.id")
        if section_id in seen:
            raise c.fail(f"{fld}.id", "is used by an earlier section too; ids must be unique")
        seen.add(section_id)
        texts = _texts(c, raw, "texts", f"{fld}.texts")
        items = _texts(c, raw, "items", f"{fld}.items")
        if not texts and not items:
            raise c.fail(fld, "a section needs texts, items or both")
        sources = tuple(
            c.url({"source": v}, "source", f"{fld}.sources[{k}]")
            for k, v in enumerate(c.array(raw, "sources", f"{fld}.sources"), start=1)
        )
        sections.append(
            Section(
                id=section_id,
                heading=c.text(raw, "heading", f"{fld}.heading"),
                texts=texts,
                items=items,
                sources=sources,
            )
        )
    offer_on = tuple(
        c.ident({"step": v}, "step", f"offer_on[{k}]")
        for k, v in enumerate(c.array(data, "offer_on", "offer_on"), start=1)
    )
    return Appointment(guide_id, title, intro, tuple(sections), closing, offer_on)


def _texts(c: _Checker, raw: dict[str, Any], key: str, fld: str) -> tuple[str, ...]:
    return tuple(
        c.text({"text": v}, "text", f"{fld}[{k}]")
        for k, v in enumerate(c.array(raw, key, fld), start=1)
    )


# ---- translation ---------------------------------------------------------------------------


def appointment_messages(summary: Appointment) -> Iterator[tuple[str, str]]:
    """(text, translator comment) for every translatable text of the summary."""
    where = "appointment summary (printed beside its Finnish translation, large print)"
    yield summary.title, f"{where}: title"
    yield summary.intro, f"{where}: introduction"
    for section in summary.sections:
        at = f"{where}, section {section.id}"
        sources = f"; source {', '.join(section.sources)}" if section.sources else ""
        yield section.heading, f"{at}: heading"
        for n, text in enumerate(section.texts, start=1):
            yield text, f"{at}: text {n}{sources}"
        for n, item in enumerate(section.items, start=1):
            yield item, f"{at}: list item {n}{sources}"
    yield summary.closing, f"{where}: closing line, printed in bold"


def extract_appointment(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[Message]:
    """Babel extractor (babel.cfg): the texts of ``data/<guide>/appointment.toml``.

    The file is checked as the program checks it, against the facts of the guide.toml beside
    it, so a broken summary fails ``make pot`` rather than a person's printout.
    """
    raw = fileobj.read().decode("utf-8")
    path = Path(getattr(fileobj, "name", FILE_NAME))
    name = f"{path.parent.name}/{path.name}" if path.parent.name else path.name
    guide_file = path.parent / "guide.toml"
    if not guide_file.is_file():
        raise GuideError(name, "has no guide.toml beside it, so its {facts} cannot be checked")
    facts = load_guide(guide_file).facts
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise GuideError(name, f"is not valid TOML: {exc}") from exc
    summary = parse_appointment(data, name, path.parent.name, facts)
    lines = raw.splitlines()
    for text, where in appointment_messages(summary):
        yield _line_of(lines, text), None, text, [where]
