"""A pseudo-translation, to find layout problems before real translators do.

Every text becomes 40% longer and its letters get accents ("Next →" becomes "Ñéẋţ → ẋẋ"),
the way long Finnish and German words and Cyrillic and Vietnamese diacritics stretch a layout.
Placeholders stay as they are. The tests lay out every page with it (tests/ui/); a developer can
write one to look at:

    python -m asiointiapu.pseudo_locale OUT_DIR     writes OUT_DIR/qps/LC_MESSAGES/asiointiapu.po
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

from asiointiapu.i18n import DOMAIN

CODE = "qps"  # the code Windows and Qt's tools use for pseudo-locales
GROWTH = 0.4
_ACCENTS = str.maketrans(
    "abcdeghiklmnorstuwyzABCDEGHIKLMNORSTUWYZ",
    "áƀçđéğĥíķĺḿñöŕšţüŵýžÅƁÇĐÉĞĤÍĶĹḾÑÖŔŠŢÜŴÝŽ",
)
_PLACEHOLDER = re.compile(r"(\{[^{}]*\})")
_FILLER = "ẋẋẋẋ"  # padding words: short, so that they wrap like real words


def pseudo(text: str) -> str:
    """The text with accents and 40% longer; {placeholders} kept."""
    parts = _PLACEHOLDER.split(text)
    accented = "".join(p if _PLACEHOLDER.fullmatch(p) else p.translate(_ACCENTS) for p in parts)
    extra = math.ceil(len(text) * GROWTH)
    words = []
    while extra > 0:
        word = _FILLER[: min(len(_FILLER), extra - 1) or 1]
        words.append(word)
        extra -= len(word) + 1
    return " ".join([accented, *words]) if words else accented


def write_catalogue(template: Path, out_dir: Path) -> Path:
    """The pseudo-translated catalogue of a template, as a .po in out_dir."""
    from babel.messages.pofile import read_po, write_po

    with template.open("rb") as f:
        catalog = read_po(f, locale="en")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            message.string = tuple(pseudo(form) for form in message.id)
        else:
            message.string = pseudo(message.id)
    target = out_dir / CODE / "LC_MESSAGES" / f"{DOMAIN}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as f:
        write_po(f, catalog, width=76)
    return target


def main(argv: list[str] | None = None) -> int:
    from asiointiapu.resources import translations_dir

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m asiointiapu.pseudo_locale OUT_DIR", file=sys.stderr)
        return 2
    print(write_catalogue(translations_dir() / f"{DOMAIN}.pot", Path(args[0])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
