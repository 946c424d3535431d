"""The API token for sending contact requests: in the system keyring, or in a file only this user
can read (mode 0600) where no keyring works (a kiosk, a minimal desktop). Never logged."""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import uuid
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null

from asiointiapu import APP_ID

log = logging.getLogger(__name__)

SERVICE = APP_ID
USERNAME = "receiver-token"
TOKEN_FILE_NAME = "receiver-token"


def default_token_file() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP_ID, appauthor=False) / TOKEN_FILE_NAME


def usable_keyring(
    backend: keyring.backend.KeyringBackend | None = None,
) -> keyring.backend.KeyringBackend | None:
    """The given backend, else the system's, or None when it cannot keep anything."""
    try:
        chosen = backend if backend is not None else keyring.get_keyring()
    except Exception as exc:  # a broken keyring configuration must not stop the program
        log.warning("no system keyring (%s)", type(exc).__name__)
        return None
    if isinstance(chosen, keyring.backends.fail.Keyring | keyring.backends.null.Keyring):
        return None
    if isinstance(chosen, keyring.backends.chainer.ChainerBackend) and not chosen.backends:
        return None
    return chosen


def load_token(
    service: str = SERVICE,
    fallback_file: Path | None = None,
    *,
    username: str = USERNAME,
    backend: keyring.backend.KeyringBackend | None = None,
) -> str | None:
    """The token from the keyring, else from the fallback file; None when there is none."""
    found = usable_keyring(backend)
    if found is not None:
        try:
            value = found.get_password(service, username)
        except Exception as exc:  # keyring backends raise many kinds of error (D-Bus, locked…)
            log.warning("the system keyring could not be read (%s)", type(exc).__name__)
            value = None
        if value and value.strip():
            return value.strip()
    return read_token_file(fallback_file if fallback_file is not None else default_token_file())


def save_token(
    token: str,
    service: str = SERVICE,
    fallback_file: Path | None = None,
    *,
    username: str = USERNAME,
    backend: keyring.backend.KeyringBackend | None = None,
) -> Path | None:
    """Keep the token: in the keyring (gives None), else in the fallback file (gives its path)."""
    token = _checked(token)
    found = usable_keyring(backend)
    if found is not None:
        try:
            found.set_password(service, username, token)
            return None
        except Exception as exc:
            log.warning(
                "the system keyring could not keep the token (%s); using a file",
                type(exc).__name__,
            )
    path = fallback_file if fallback_file is not None else default_token_file()
    write_token_file(path, token)
    return path


def delete_token(
    service: str = SERVICE,
    fallback_file: Path | None = None,
    *,
    username: str = USERNAME,
    backend: keyring.backend.KeyringBackend | None = None,
) -> None:
    """Remove the token from the keyring and the fallback file, wherever it is."""
    found = usable_keyring(backend)
    if found is not None:
        with contextlib.suppress(Exception):
            found.delete_password(service, username)
    path = fallback_file if fallback_file is not None else default_token_file()
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def read_token_file(path: Path) -> str | None:
    """The token in a file (its first line), or None when the file is missing or empty."""
    try:
        text = path.read_text(encoding="utf-8")
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("the token file %s could not be read (%s)", path, type(exc).__name__)
        return None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        log.warning("the token file %s can be read by other users; it should be mode 0600", path)
    lines = text.strip().splitlines()
    return lines[0].strip() if lines and lines[0].strip() else None


def write_token_file(path: Path, token: str) -> None:
    """Write the token so that only this user can read it, replacing the file whole.

    The new file is made with O_CREAT | O_EXCL and mode 0600 under a fresh name (never through
    an existing file or link), then renamed over the old one.
    """
    token = _checked(token)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temporary, flags, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(token + "\n")
            f.flush()
            os.fsync(f.fileno())
        temporary.chmod(0o600)
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def _checked(token: str) -> str:
    token = token.strip()
    if not token or not all("\x21" <= ch <= "\x7e" for ch in token):
        raise ValueError("a token is one word of printable ASCII characters")
    return token
