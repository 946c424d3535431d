"""Languages: gettext catalogues, the language switch, and formatting.

The source language of every text (code and guides) is English; Finnish and the other languages
are gettext catalogues in translations/. A compiled ``.mo`` is used when it is up to date;
otherwise the ``.po`` is compiled in memory with Babel, so a fresh checkout runs as it is.
"""

from __future__ import annotations

import gettext
import io
import locale
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DOMAIN = "asiointiapu"
SOURCE_LANGUAGE = "en"
DEFAULT_LANGUAGE = "fi"  # Finnish first: most users' language and the authority's

log = logging.getLogger(__name__)


def N_(message: str) -> str:
    """Mark a text for extraction without translating it yet (it is translated where shown)."""
    return message


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, so a person can find their own in any UI language


# Names as people write them in their own language.
LANGUAGE_NAMES = {
    "fi": "suomi",
    "sv": "svenska",
    "en": "English",
    "ar": "العربية",
    "et": "eesti",
    "ru": "русский",
    "so": "Soomaali",
    "uk": "українська",
}


class _Catalogue(gettext.GNUTranslations):
    def has(self, message: str) -> bool:
        # GNUTranslations keeps its entries in _catalog; gettext() alone cannot tell a missing
        # translation from one that happens to equal the source text.
        return bool(self._catalog.get(message))  # type: ignore[attr-defined]

    def has_plural(self, singular: str) -> bool:
        return bool(self._catalog.get((singular, 0)))  # type: ignore[attr-defined]


def catalogue_path(directory: Path, language: str, suffix: str) -> Path:
    return directory / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def available_languages(directory: Path) -> list[Language]:
    codes = {SOURCE_LANGUAGE}
    if directory.is_dir():
        codes |= {
            p.name
            for p in directory.iterdir()
            if catalogue_path(directory, p.name, ".po").is_file()
        }
    order = ["fi", "sv", "en"]
    ranked = sorted(codes, key=lambda c: (order.index(c) if c in order else len(order), c))
    return [Language(c, LANGUAGE_NAMES.get(c, c)) for c in ranked]


def load_catalogue(directory: Path, language: str) -> _Catalogue | None:
    """The language's catalogue, or None when it has none (or it cannot be read)."""
    po = catalogue_path(directory, language, ".po")
    mo = catalogue_path(directory, language, ".mo")
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as f:
                return _Catalogue(f)
        if po.is_file():
            return _Catalogue(io.BytesIO(compile_po(po)))
    except (OSError, ValueError, SyntaxError) as exc:
        # A broken catalogue must not stop the program: the source text is shown instead.
        log.warning("cannot read the %s catalogue: %s", language, exc)
    return None


def compile_po(po: Path) -> bytes:
    from babel.messages.mofile import write_mo  # Babel is heavy; needed only without a .mo
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def system_language(candidates: Iterable[str]) -> str:
    """The first of the system's preferred languages we have, else Finnish."""
    codes = set(candidates)
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    code = loc.split("_")[0].lower()
    return code if code in codes else DEFAULT_LANGUAGE


class I18n:
    """The current language. Passed to whatever shows text; switching keeps everything else."""

    def __init__(self, directory: Path, language: str) -> None:
        self.directory = directory
        self.languages = available_languages(directory)
        self.language = SOURCE_LANGUAGE
        self._catalogue: _Catalogue | None = None
        self.set_language(language)

    def set_language(self, language: str) -> None:
        codes = {lang.code for lang in self.languages}
        if language not in codes:
            language = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in codes else SOURCE_LANGUAGE
        self.language = language
        self._catalogue = (
            None if language == SOURCE_LANGUAGE else load_catalogue(self.directory, language)
        )

    def lookup(self, message: str) -> str | None:
        """The translation, or None when this language has none for the message."""
        if self.language == SOURCE_LANGUAGE:
            return message
        if self._catalogue is not None and self._catalogue.has(message):
            return self._catalogue.gettext(message)
        return None

    def gettext(self, message: str) -> str:
        return self.lookup(message) or message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form for this count, by the language's own plural rule (the catalogue's
        Plural-Forms: Finnish has two forms, Russian three, Arabic six)."""
        if self._catalogue is not None and self._catalogue.has_plural(singular):
            return self._catalogue.ngettext(singular, plural, count)
        return singular if count == 1 else plural

    def language_name(self, code: str | None = None) -> str:
        code = code or self.language
        return LANGUAGE_NAMES.get(code, code)
