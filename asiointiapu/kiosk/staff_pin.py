"""The staff PIN that unlocks a kiosk or library machine's locked-down settings.

The site config holds only a salted scrypt hash of the PIN, one ASCII line:

    scrypt$16384$8$1$<salt>$<hash>

salt and hash in standard base64 (RFC 4648 §4, with `=` padding). `$` is in neither base64
alphabet, and nothing in the line needs escaping inside a TOML string.

`asiointiapu --hash-pin` (main_hash_pin) makes that line. PinGuard slows down guessing at the
machine itself: a PIN of six digits is only a million tries, so the waits must grow.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import enum
import getpass
import hashlib
import hmac
import os
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

SCHEME = "scrypt"
N = 2**14
R = 8
P = 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PIN_LENGTH = 6

# Limits for lines read from a config file, which anyone able to edit it could set to make
# every unlock attempt freeze the machine. n=2**20 with r=8 already needs 1 GiB and seconds.
MAX_N = 2**20
MAX_R = 16
MAX_P = 16
MAX_MEMORY = 2**30  # bytes, 128·r·n
MAX_WORK = 2**20 * 8  # n·r·p: as slow as n=2**20, r=8, p=1
MIN_SALT_BYTES = 8
HASH_LENGTHS = range(16, 65)


@dataclass(frozen=True)
class PinHash:
    n: int
    r: int
    p: int
    salt: bytes
    hash: bytes

    def line(self) -> str:
        """The line for the site config, as parse_pin_hash reads it."""
        salt = base64.b64encode(self.salt).decode("ascii")
        digest = base64.b64encode(self.hash).decode("ascii")
        return f"{SCHEME}${self.n}${self.r}${self.p}${salt}${digest}"


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    # NFC, so the same PIN typed through different keyboards or input methods gives the
    # same bytes (é as one code point or as e + combining accent).
    secret = unicodedata.normalize("NFC", pin).encode("utf-8")
    # OpenSSL refuses above 32 MiB unless told; allow what these parameters need
    # (128·r·(n + p + 2), as OpenSSL counts it) and a little more.
    maxmem = 128 * r * (n + p + 2) + 2**20
    return hashlib.scrypt(secret, salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=maxmem)


def hash_pin(pin: str, *, salt: bytes | None = None) -> str:
    """A new hash line for `pin`; `salt` only for tests, otherwise 16 random bytes."""
    if salt is None:
        salt = os.urandom(SALT_BYTES)
    digest = _derive(pin, salt, N, R, P, HASH_BYTES)
    return PinHash(N, R, P, salt, digest).line()


def _number(text: str, name: str) -> int:
    # int() alone would accept " 8", "+8", "8_0" and non-ASCII digits.
    if not (text.isascii() and text.isdigit()) or (len(text) > 1 and text.startswith("0")):
        raise ValueError(f"the scrypt parameter {name} is not a whole number: {text!r}")
    return int(text)


def _base64(text: str, name: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise ValueError(f"the {name} is not valid base64: {text!r}") from None


def parse_pin_hash(stored: str) -> PinHash:
    """Read a hash line; ValueError says in plain words what is wrong with it."""
    stored = stored.strip()
    if not stored:
        raise ValueError("the staff PIN hash is empty; make one with `asiointiapu --hash-pin`")
    parts = stored.split("$")
    if parts[0] != SCHEME:
        raise ValueError(
            f"the staff PIN hash must start with '{SCHEME}$' (it starts with {parts[0][:20]!r});"
            " make one with `asiointiapu --hash-pin`"
        )
    if len(parts) != 6:
        raise ValueError(
            f"the staff PIN hash must have 6 parts separated by '$' "
            f"(scrypt$n$r$p$salt$hash), not {len(parts)}"
        )
    n, r, p = (_number(text, name) for text, name in zip(parts[1:4], "nrp", strict=True))
    if n < 2 or n & (n - 1):
        raise ValueError(f"the scrypt parameter n must be a power of two of at least 2, not {n}")
    if n > MAX_N:
        raise ValueError(f"the scrypt parameter n is too large ({n}); at most {MAX_N} is allowed")
    if not 1 <= r <= MAX_R:
        raise ValueError(f"the scrypt parameter r must be from 1 to {MAX_R}, not {r}")
    if not 1 <= p <= MAX_P:
        raise ValueError(f"the scrypt parameter p must be from 1 to {MAX_P}, not {p}")
    if n >= 1 << (16 * r):  # RFC 7914: n < 2^(128·r/8)
        raise ValueError(f"the scrypt parameter n ({n}) is too large for r = {r}")
    if 128 * r * n > MAX_MEMORY:
        raise ValueError(
            f"checking a PIN with n = {n} and r = {r} would need {128 * r * n // 2**20} MiB of"
            f" memory; at most {MAX_MEMORY // 2**20} MiB is allowed"
        )
    if n * r * p > MAX_WORK:
        raise ValueError(
            f"checking a PIN with n = {n}, r = {r} and p = {p} would take too long; "
            "make a new hash with `asiointiapu --hash-pin`"
        )
    salt = _base64(parts[4], "salt")
    digest = _base64(parts[5], "hash")
    if len(salt) < MIN_SALT_BYTES:
        raise ValueError(f"the salt is too short ({len(salt)} bytes, at least {MIN_SALT_BYTES})")
    if len(digest) not in HASH_LENGTHS:
        raise ValueError(
            f"the hash is {len(digest)} bytes long; it must be from {HASH_LENGTHS.start} "
            f"to {HASH_LENGTHS.stop - 1}"
        )
    return PinHash(n, r, p, salt, digest)


def verify_pin(pin: str, stored: PinHash) -> bool:
    digest = _derive(pin, stored.salt, stored.n, stored.r, stored.p, len(stored.hash))
    return hmac.compare_digest(digest, stored.hash)


# ---- rate limiting ---------------------------------------------------------------------------

FREE_TRIES = 2
FIRST_WAIT = 2.0
MAX_WAIT = 300.0


class Outcome(enum.Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"  # checked and wrong; wait_seconds before the next try
    TOO_SOON = "too soon"  # not checked at all; wait_seconds still left


@dataclass(frozen=True)
class Attempt:
    outcome: Outcome
    wait_seconds: float = 0.0

    @property
    def accepted(self) -> bool:
        return self.outcome is Outcome.ACCEPTED


def wait_after(wrong_tries: int) -> float:
    """Seconds to wait after this many wrong tries in a row: 0, 0, 2, 4, 8, … up to 300."""
    if wrong_tries <= FREE_TRIES:
        return 0.0
    # Cap the exponent too: after ~1000 wrong tries 2.0 * 2**k would overflow a float.
    exponent = min(wrong_tries - FREE_TRIES - 1, 16)
    return min(FIRST_WAIT * 2**exponent, MAX_WAIT)


class PinGuard:
    """Checks PINs for one machine, refusing tries that come before the wait has passed.

    The count lives in memory only, so a restart of the program starts it again; on a
    locked-down machine that takes the staff PIN, or the power switch and a wait for it to boot.
    """

    def __init__(self, stored: PinHash, clock: Callable[[], float] = time.monotonic) -> None:
        self._stored = stored
        self._clock = clock
        self._wrong = 0
        self._not_before = float("-inf")

    @property
    def wrong_tries(self) -> int:
        return self._wrong

    def seconds_left(self) -> float:
        """How long before the next try is checked; 0 when it may be tried now."""
        return max(0.0, self._not_before - self._clock())

    def try_pin(self, pin: str) -> Attempt:
        left = self.seconds_left()
        if left > 0:
            return Attempt(Outcome.TOO_SOON, left)
        if verify_pin(pin, self._stored):
            self._wrong = 0
            self._not_before = float("-inf")
            return Attempt(Outcome.ACCEPTED)
        self._wrong += 1
        wait = wait_after(self._wrong)
        # From after the check, so the wait told is the wait there is.
        self._not_before = self._clock() + wait
        return Attempt(Outcome.WRONG, wait)


# ---- `asiointiapu --hash-pin` ----------------------------------------------------------------


def _read_pin() -> str | None:
    """The PIN, asked twice on a terminal, or one line of stdin for scripts; None if refused."""
    if sys.stdin is not None and not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            print("No PIN given: standard input was empty.", file=sys.stderr)
            return None
        return line.removesuffix("\n").removesuffix("\r")
    first = getpass.getpass("New staff PIN: ")
    if len(first) < MIN_PIN_LENGTH:
        return first  # refused by the caller; no point asking again
    if getpass.getpass("The same PIN again: ") != first:
        print("The two PINs were not the same. Nothing was made; try again.", file=sys.stderr)
        return None
    return first


def main_hash_pin(argv: list[str] | None = None) -> int:
    """Print a `staff_pin_hash = "..."` line for the site config; 0 on success.

    `argv` is what follows `--hash-pin` (only -h is understood); None is the same as none,
    not sys.argv, because the app's own options are still in sys.argv when it calls this.
    """
    parser = argparse.ArgumentParser(
        prog="asiointiapu --hash-pin",
        description="Make the staff PIN hash line for the site config. The PIN is asked twice"
        " on a terminal, or read as one line from standard input.",
    )
    parser.parse_args([] if argv is None else argv)
    try:
        pin = _read_pin()
    except (EOFError, KeyboardInterrupt):
        print(file=sys.stderr)
        return 1
    if pin is None:
        return 1
    if len(pin) < MIN_PIN_LENGTH:
        print(
            f"The PIN is too short: use at least {MIN_PIN_LENGTH} digits or characters.",
            file=sys.stderr,
        )
        return 1
    print(f'staff_pin_hash = "{hash_pin(pin)}"')
    return 0
