"""Guide file (TOML) → model. Every error names the file, the step and the field.

The file is checked whole before anything is shown, so a person never meets half a guide.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from asiointiapu.guides.model import Block, BlockKind, Fact, Guide, Step, Term
from asiointiapu.resources import guides_dir

FORMAT_VERSION = 1
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Guides may only send people to official pages over HTTPS.
_URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/\S*)?$", re.IGNORECASE)
_MAX_TEXT = 4000  # one block is a few short sentences; anything longer is a mistake in the file


@dataclass(frozen=True)
class GuideError(Exception):
    """A guide file that cannot be used, with where the problem is."""

    file: str
    message: str
    step: str = ""
    field: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.step:
            where.append(f"step '{self.step}'")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}"


class _Checker:
    """Reads values out of the parsed TOML, raising GuideError with the current position."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.step = ""
        self.fact_names: set[str] = set()

    def fail(self, fld: str, message: str) -> GuideError:
        return GuideError(self.file, message, self.step, fld)

    def text(self, table: dict[str, Any], key: str, fld: str, *, required: bool = True) -> str:
        value = table.get(key)
        if value is None:
            if required:
                raise self.fail(fld, "is missing")
            return ""
        if not isinstance(value, str):
            raise self.fail(fld, f"must be text, not {type(value).__name__}")
        value = value.strip()
        if required and not value:
            raise self.fail(fld, "is empty")
        if len(value) > _MAX_TEXT:
            raise self.fail(fld, f"is {len(value)} characters long; the limit is {_MAX_TEXT}")
        self.placeholders(value, fld)
        return value

    def placeholders(self, value: str, fld: str) -> None:
        try:
            names = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
        except ValueError as exc:
            message = f"has a broken {{placeholder}} ({exc}); write {{{{ for a brace"
            raise self.fail(fld, message) from None
        for name in names:
            if name not in self.fact_names:
                known = ", ".join(sorted(self.fact_names)) or "none"
                raise self.fail(fld, f"uses {{{name}}}, which is not in [facts] (known: {known})")

    def ident(self, table: dict[str, Any], key: str, fld: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not _ID.match(value):
            raise self.fail(fld, "must be an id of lower-case letters, digits and dashes")
        return value

    def url(self, table: dict[str, Any], key: str, fld: str, *, required: bool = True) -> str:
        value = table.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not _URL.match(value.strip()):
            raise self.fail(fld, "must be a web address starting with https://")
        return value.strip()

    def table(self, value: object, fld: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(fld, "must be a table")
        return value

    def array(self, table: dict[str, Any], key: str, fld: str) -> list[Any]:
        value = table.get(key, [])
        if not isinstance(value, list):
            raise self.fail(fld, "must be a list")
        return value


def load_guide(path: Path) -> Guide:
    """Load and check one guide file; raise GuideError naming file, step and field."""
    data, name = read_data_file(path)
    return parse_guide(data, name)


def read_data_file(path: Path) -> tuple[dict[str, Any], str]:
    """A guide's data file (the guide, its practice pages…) as TOML, and its name for
    messages ("registration/guide.toml"); GuideError when it cannot be read as TOML."""
    name = path.name if path.parent.name == "" else f"{path.parent.name}/{path.name}"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GuideError(name, f"cannot be read ({exc.strerror or exc})") from exc
    try:
        return tomllib.loads(raw.decode("utf-8")), name
    except UnicodeDecodeError as exc:
        raise GuideError(name, "is not UTF-8 text") from exc
    except tomllib.TOMLDecodeError as exc:
        raise GuideError(name, f"is not valid TOML: {exc}") from exc


def parse_guide(data: dict[str, Any], file: str) -> Guide:
    c = _Checker(file)
    version = data.get("format")
    if version != FORMAT_VERSION:
        raise c.fail("format", f"must be {FORMAT_VERSION}, the format this program reads")

    facts: dict[str, Fact] = {}
    for fact_name, raw in c.table(data.get("facts", {}), "facts").items():
        fld = f"facts.{fact_name}"
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", fact_name):
            raise c.fail(fld, "a fact's name is lower-case letters, digits and _")
        raw = c.table(raw, fld)
        facts[fact_name] = Fact(
            value=c.text(raw, "value", f"{fld}.value"),
            source=c.url(raw, "source", f"{fld}.source"),
        )
    c.fact_names = set(facts)

    terms: dict[str, Term] = {}
    for term_id, raw in c.table(data.get("terms", {}), "terms").items():
        fld = f"terms.{term_id}"
        if not _ID.match(term_id):
            raise c.fail(fld, "a term's id is lower-case letters, digits and dashes")
        raw = c.table(raw, fld)
        terms[term_id] = Term(
            term_id,
            c.text(raw, "word", f"{fld}.word"),
            c.text(raw, "explanation", f"{fld}.explanation"),
        )

    urls = c.table(data.get("service_urls", {}), "service_urls")
    service_urls = {lang: c.url(urls, lang, f"service_urls.{lang}") for lang in urls}

    guide_id = c.ident(data, "id", "id")
    title = c.text(data, "title", "title")
    service_url = c.url(data, "service_url", "service_url")

    raw_steps = c.array(data, "steps", "steps")
    if not raw_steps:
        raise c.fail("steps", "a guide needs at least one [[steps]] table")
    steps: list[Step] = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_steps, start=1):
        raw = c.table(raw, f"steps[{i}]")
        c.step = str(raw.get("id") or f"#{i}")
        step_id = c.ident(raw, "id", "id")
        if step_id in seen:
            raise c.fail("id", "is used by an earlier step too; step ids must be unique")
        seen.add(step_id)
        step_terms = c.array(raw, "terms", "terms")
        for t in step_terms:
            if t not in terms:
                raise c.fail("terms", f"names '{t}', which is not in [terms]")
        blocks = tuple(
            _block(c, c.table(b, f"blocks[{j}]"), f"blocks[{j}]")
            for j, b in enumerate(c.array(raw, "blocks", "blocks"), start=1)
        )
        if not blocks:
            raise c.fail("blocks", "a step needs at least one block")
        steps.append(
            Step(
                id=step_id,
                title=c.text(raw, "title", "title"),
                blocks=blocks,
                help_topic=c.text(raw, "help_topic", "help_topic"),
                terms=tuple(step_terms),
            )
        )
    c.step = ""
    return Guide(guide_id, title, service_url, tuple(steps), terms, facts, service_urls)


def _block(c: _Checker, raw: dict[str, Any], fld: str) -> Block:
    kind_name = raw.get("type")
    try:
        kind = BlockKind(kind_name)
    except ValueError:
        kinds = ", ".join(k.value for k in BlockKind)
        raise c.fail(f"{fld}.type", f"is {kind_name!r}; it must be one of: {kinds}") from None
    source = c.url(raw, "source", f"{fld}.source", required=False)
    if kind in (BlockKind.TEXT, BlockKind.IMPORTANT):
        return Block(kind, text=c.text(raw, "text", f"{fld}.text"), source=source)
    if kind in (BlockKind.DO, BlockKind.NEED):
        raw_items = c.array(raw, "items", f"{fld}.items")
        if not raw_items:
            raise c.fail(f"{fld}.items", "needs at least one item")
        items = tuple(
            c.text({"item": v}, "item", f"{fld}.items[{k}]")
            for k, v in enumerate(raw_items, start=1)
        )
        heading = c.text(raw, "text", f"{fld}.text", required=False)
        return Block(kind, text=heading, items=items, source=source)
    if kind is BlockKind.LINK:
        return Block(
            kind,
            text=c.text(raw, "text", f"{fld}.text"),
            url=c.url(raw, "url", f"{fld}.url"),
            source=source,
        )
    return Block(
        kind,
        text=c.text(raw, "text", f"{fld}.text"),
        answer=c.text(raw, "answer", f"{fld}.answer"),
        source=source,
    )


def load_builtin(guide_id: str) -> Guide:
    return load_guide(guides_dir() / guide_id / "guide.toml")
