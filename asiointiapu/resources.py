"""Where the program's own files are: source tree, installed package or PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def translations_dir() -> Path:
    """The gettext catalogues (``<lang>/LC_MESSAGES/asiointiapu.po``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "translations"
    source_tree = _PACKAGE.parent / "translations"
    if source_tree.is_dir():
        return source_tree
    return _PACKAGE / "_translations"


def guides_dir() -> Path:
    return _PACKAGE / "guides" / "data"
