"""The API token: a long random secret in a file only its owner can read (0600)."""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path


class TokenFileError(RuntimeError):
    """The token file exists but cannot be used."""


@dataclass(frozen=True)
class LoadedToken:
    token: str
    created: bool  # made just now, on first start
    too_open: bool  # the file can be read by other users


def load_or_create_token(path: Path) -> LoadedToken:
    """The token in `path`; on first start a new random one is written there with mode 0600."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    token = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    with os.fdopen(fd, "w", encoding="ascii") as file:
        file.write(token + "\n")
    return LoadedToken(token, created=True, too_open=False)


def _read(path: Path) -> LoadedToken:
    try:
        token = path.read_text(encoding="utf-8").strip()
        mode = path.stat().st_mode
    except (OSError, UnicodeDecodeError) as error:
        raise TokenFileError(f"cannot read the token file {path}: {error}") from error
    if len(token) < 16 or not token.isascii() or not token.isprintable() or " " in token:
        raise TokenFileError(
            f"the token file {path} must hold one token of at least 16 printable ASCII characters"
        )
    return LoadedToken(token, created=False, too_open=bool(mode & (stat.S_IRWXG | stat.S_IRWXO)))
