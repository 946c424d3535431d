"""Practice mode: a safe copy of the registration form's pages, as data, and the gentle checks
of what a person types in it.

The pages live in ``practice.toml`` beside the guide (texts in English, translated through
gettext like the guide). Each page names the guide step it belongs to, so that "Now do it for
real" can go on at that step. Nothing here keeps an answer: the practice pages hold them in
memory only, and forget them when the person leaves.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from asiointiapu.guides.extract import _line_of
from asiointiapu.guides.loader import _Checker, read_data_file
from asiointiapu.guides.model import Guide
from asiointiapu.i18n import N_
from asiointiapu.resources import guides_dir

FORMAT_VERSION = 1
FILE_NAME = "practice.toml"
MAX_ANSWER = 200  # characters in one practice field

# Gentle words after a check: what is good, and how to write what is not.
GOOD = N_("Good.")
MISSING = N_("This is needed. Write something here, or look at the example.")
NOT_CHOSEN = N_("Choose one. If you are not sure, choose the closest one.")
EMAIL_FORM = N_("An e-mail address has an @ sign and a dot, for example name@example.fi.")
PHONE_FORM = N_("Write the number with its area code, for example 040 123 4567.")
DATE_FORM = N_("Write the date as day.month.year, for example 31.5.2026.")
TOO_LONG = N_("This is long. The form takes at most {limit} characters.")


class FieldKind(StrEnum):
    TEXT = "text"
    EMAIL = "email"
    PHONE = "phone"
    DATE = "date"
    CHOICE = "choice"  # one of `options`
    YESNO = "yesno"  # a choice of Yes and No


YES, NO = N_("Yes"), N_("No")


@dataclass(frozen=True)
class PracticeField:
    id: str
    kind: FieldKind
    label: str
    hint: str = ""
    example: str = ""
    options: tuple[str, ...] = ()  # CHOICE; YESNO has Yes and No

    @property
    def choices(self) -> tuple[str, ...]:
        return (YES, NO) if self.kind is FieldKind.YESNO else self.options

    def texts(self) -> tuple[str, ...]:
        return tuple(t for t in (self.label, self.hint, self.example, *self.options) if t)


@dataclass(frozen=True)
class PracticePage:
    id: str
    step: str  # the guide step this page belongs to
    title: str
    intro: str
    fields: tuple[PracticeField, ...] = ()
    summary: bool = False  # the last page: the answers once more, and a practice Send

    def texts(self) -> tuple[str, ...]:
        return (self.title, self.intro, *(t for f in self.fields for t in f.texts()))


@dataclass(frozen=True)
class Practice:
    guide_id: str
    intro: str
    pages: tuple[PracticePage, ...]
    offer_on: tuple[str, ...] = ()  # steps before the form: practice from the first page

    def index_for_step(self, step_id: str) -> int | None:
        """Where practice starts from this step: its own page, the first page on a step of
        `offer_on`, or None when the step offers no practice."""
        own = next((n for n, p in enumerate(self.pages) if p.step == step_id), None)
        return 0 if own is None and step_id in self.offer_on else own

    def texts(self) -> tuple[str, ...]:
        return (self.intro, *(t for p in self.pages for t in p.texts()))


def check_answer(field: PracticeField, value: str) -> str | None:
    """What to tell about the answer, gently (a translatable text), or None when it is good.

    The checks are those a person meets in the real form: something must be there, and an
    e-mail address, a phone number and a date must be written so that they can be read."""
    value = value.strip()
    if not value:
        return NOT_CHOSEN if field.kind in (FieldKind.CHOICE, FieldKind.YESNO) else MISSING
    if len(value) > MAX_ANSWER:
        return TOO_LONG
    if field.kind is FieldKind.EMAIL and not re.fullmatch(r"[^\s@]+@[^\s@]+\.[^\s@.]+", value):
        return EMAIL_FORM
    if field.kind is FieldKind.PHONE and not _is_phone_number(value):
        return PHONE_FORM
    if field.kind is FieldKind.DATE and parse_date(value) is None:
        return DATE_FORM
    return None


def parse_date(text: str) -> date | None:
    """A date written the Finnish way (31.5.2026, also with / or -, or a two-digit year)."""
    match = re.fullmatch(r"(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{2}|\d{4})\.?", text.strip())
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    if year < 100:
        year += 2000
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _is_phone_number(text: str) -> bool:
    import phonenumbers  # the request form uses it too; loaded when first needed

    try:
        number = phonenumbers.parse(text, "FI")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_valid_number(number)


# ---- the file -------------------------------------------------------------------------------


def load_practice(
    guide: Guide, path: Path | None = None, *, check_examples: bool = True
) -> Practice | None:
    """The guide's practice pages, or None when the guide has none. Raises GuideError naming
    the file, the page and the field."""
    path = path or guides_dir() / guide.id / FILE_NAME
    if not path.exists():
        return None
    data, name = read_data_file(path)
    return parse_practice(data, name, guide, check_examples=check_examples)


def parse_practice(
    data: dict[str, Any], file: str, guide: Guide, *, check_examples: bool = True
) -> Practice:
    """`check_examples`: also check that each example is an answer its page takes (the phone
    number check loads phonenumbers' data; the program leaves that to --check and the tests)."""
    c = _Checker(file)
    c.fact_names = set(guide.facts)
    if data.get("format") != FORMAT_VERSION:
        raise c.fail("format", f"must be {FORMAT_VERSION}, the format this program reads")
    if data.get("guide") != guide.id:
        raise c.fail("guide", f"must be '{guide.id}', the guide these pages belong to")
    steps = set(guide.step_ids())
    pages: list[PracticePage] = []
    raw_pages = c.array(data, "pages", "pages")
    if not raw_pages:
        raise c.fail("pages", "has no pages")
    for n, raw in enumerate(raw_pages, start=1):
        fld = f"pages[{n}]"
        raw = c.table(raw, fld)
        page_id = c.ident(raw, "id", f"{fld}.id")
        c.step = page_id  # errors now name the page
        step = c.ident(raw, "step", f"{fld}.step")
        if step not in steps:
            raise c.fail(f"{fld}.step", f"'{step}' is not a step of the guide")
        summary = raw.get("summary", False)
        if not isinstance(summary, bool):
            raise c.fail(f"{fld}.summary", "must be true or false")
        fields = tuple(
            _field(c, c.table(f, f"{fld}.fields[{m}]"), f"{fld}.fields[{m}]", check_examples)
            for m, f in enumerate(c.array(raw, "fields", f"{fld}.fields"), start=1)
        )
        if not fields and not summary:
            raise c.fail(f"{fld}.fields", "a page needs fields, or summary = true")
        ids = [f.id for f in fields]
        if len(set(ids)) != len(ids):
            raise c.fail(f"{fld}.fields", "two fields have the same id")
        pages.append(
            PracticePage(
                id=page_id,
                step=step,
                title=c.text(raw, "title", f"{fld}.title"),
                intro=c.text(raw, "intro", f"{fld}.intro"),
                fields=fields,
                summary=summary,
            )
        )
        c.step = ""
    page_ids = [p.id for p in pages]
    if len(set(page_ids)) != len(page_ids):
        raise c.fail("pages", "two pages have the same id")
    offer_on = tuple(c.array(data, "offer_on", "offer_on"))
    for n, step in enumerate(offer_on, start=1):
        if step not in steps:
            raise c.fail(f"offer_on[{n}]", f"'{step}' is not a step of the guide")
    return Practice(guide.id, c.text(data, "intro", "intro"), tuple(pages), offer_on)


def _field(c: _Checker, raw: dict[str, Any], fld: str, check_examples: bool) -> PracticeField:
    try:
        kind = FieldKind(raw.get("kind"))
    except ValueError:
        kinds = ", ".join(k.value for k in FieldKind)
        raise c.fail(f"{fld}.kind", f"must be one of: {kinds}") from None
    options = tuple(
        c.text({"option": o}, "option", f"{fld}.options[{n}]")
        for n, o in enumerate(c.array(raw, "options", f"{fld}.options"), start=1)
    )
    if kind is FieldKind.CHOICE and len(options) < 2:
        raise c.fail(f"{fld}.options", "a choice needs at least two options")
    if kind is not FieldKind.CHOICE and options:
        raise c.fail(f"{fld}.options", "only a choice has options")
    field = PracticeField(
        id=c.ident(raw, "id", f"{fld}.id"),
        kind=kind,
        label=c.text(raw, "label", f"{fld}.label"),
        hint=c.text(raw, "hint", f"{fld}.hint", required=False),
        example=c.text(raw, "example", f"{fld}.example", required=False),
        options=options,
    )
    if check_examples and field.example and check_answer(field, field.example) is not None:
        raise c.fail(f"{fld}.example", "is not an answer the page would take")
    choosing = field.kind in (FieldKind.CHOICE, FieldKind.YESNO)
    if choosing and field.example and field.example not in field.choices:
        raise c.fail(f"{fld}.example", "must be one of the options")
    return field


# ---- translation ----------------------------------------------------------------------------


def extract_practice(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: dict[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor (babel.cfg): every text of a practice file, with where it is."""
    from asiointiapu.guides.loader import load_guide

    raw = fileobj.read().decode("utf-8")
    data = tomllib.loads(raw)
    path = Path(getattr(fileobj, "name", FILE_NAME))
    guide = load_guide(path.with_name("guide.toml"))
    practice = parse_practice(data, path.name, guide)
    lines = raw.splitlines()
    yield _line_of(lines, practice.intro), None, practice.intro, ["practice: intro"]
    for page in practice.pages:
        for text in page.texts():
            yield _line_of(lines, text), None, text, [f"practice page {page.id}"]
