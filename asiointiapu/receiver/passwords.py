"""The staff password: made at random on first start, kept only as a scrypt hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import unicodedata

# scrypt cost: 16 MiB of memory and a few tens of milliseconds per check.
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
KEY_BYTES = 32
MIN_LENGTH = 8


def new_password() -> str:
    """A random password of 16 letters, digits, '-' and '_'."""
    return secrets.token_urlsafe(12)


def hash_password(password: str) -> str:
    """'scrypt$n$r$p$salt$hash', salt and hash in base64."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, N, R, P)
    return "$".join(["scrypt", str(N), str(R), str(P), _b64(salt), _b64(key)])


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(key, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def password_fault(password: str) -> str | None:
    """Why `password` cannot be the staff password, or None."""
    if len(password) < MIN_LENGTH:
        return f"the password must have at least {MIN_LENGTH} characters"
    if password != password.strip():
        return "the password must not start or end with a space"
    return None


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    secret = unicodedata.normalize("NFC", password).encode("utf-8", "surrogatepass")
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=KEY_BYTES, maxmem=64 * 2**20)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
