"""How a saved request reaches the people who help: a Channel sends one body and says what came
of it. HttpChannel speaks the API in docs/contact-api.yaml over HTTPS.

A channel never raises for what the network or the receiver does: every answer, silence or
failure becomes an Outcome. Reasons are texts for the person (N_, translated where shown).
Neither the token nor the body is ever logged; only the status and the receipt's reference.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Protocol, TypeAlias
from urllib.parse import urlsplit

import requests

from asiointiapu import APP_NAME, __version__
from asiointiapu.i18n import N_

log = logging.getLogger(__name__)

MAX_ANSWER = 64 * 1024  # bytes: a receipt is tiny; anything larger is not one
REFERENCE = re.compile(r"[A-Z0-9]{3}-[0-9]{3}")
# What a body is, and where the API takes it (docs/contact-api.yaml).
REQUEST, FEEDBACK = "request", "feedback"
PATHS = {REQUEST: "/v1/requests", FEEDBACK: "/v1/feedback"}

CONNECTION_FAILED = N_(
    "There is no connection to the service point just now. "
    "Your request is saved and will be sent automatically."
)
BUSY = N_(
    "The service point cannot take requests just now. "
    "Your request is saved and will be sent automatically."
)
BAD_ANSWER = N_(
    "The service point gave an answer that could not be understood. "
    "Your request is saved and will be sent again automatically."
)
SETTINGS_WRONG = N_(
    "The request could not be sent because the settings for sending are wrong on this "
    "computer. Please tell the staff, or call the service point."
)
NOT_ACCEPTED = N_("The service point did not accept the request. Please call the service point.")


# ---- outcomes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivered:
    """The receiver stored the request (or had stored it before: duplicate)."""

    reference: str  # e.g. K7Q-482: the person can tell it to the staff
    received_at: datetime
    duplicate: bool = False


@dataclass(frozen=True)
class RetryLater:
    """Not delivered this time, for a passing reason: try again later with the same key."""

    reason: str
    retry_after: float | None = None  # seconds, when the receiver said how long to wait


@dataclass(frozen=True)
class Rejected:
    """The receiver refused the request; sending it again as it is would not help."""

    reason: str
    status: int | None = None  # the HTTP status, when there was one


Outcome: TypeAlias = Delivered | RetryLater | Rejected


class Channel(Protocol):
    def send(self, key: str, body: str, kind: str = REQUEST) -> Outcome:
        """Deliver one body (JSON text) of this kind with its idempotency key."""
        ...


class ChannelSettingsError(ValueError):
    """The site's settings for sending cannot be used. `text` is for the person (N_), with
    {placeholders} from `values`."""

    def __init__(self, text: str, values: dict[str, str] | None = None) -> None:
        self.text = text
        self.values = values or {}
        super().__init__(text.format(**self.values))


# ---- HTTP -----------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: this computer itself."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(base_url: str) -> str:
    """The receiver's address without a trailing slash; ChannelSettingsError when it is not an
    https:// address (or an http:// one to this computer)."""
    url = base_url.strip()
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
    ):
        raise ChannelSettingsError(
            N_("The receiver address “{url}” is not a web address. It must start with https://."),
            {"url": url},
        )
    if parts.username is not None or parts.password is not None:
        raise ChannelSettingsError(
            N_("The receiver address must not contain a user name or password.")
        )
    if parts.scheme.lower() == "http" and not is_loopback(parts.hostname):
        raise ChannelSettingsError(
            N_(
                "The receiver address “{url}” must start with https://. Plain http:// is "
                "allowed only to this computer (127.0.0.1, ::1 or localhost)."
            ),
            {"url": url},
        )
    return url.rstrip("/")


def _check_token(token: str) -> str:
    if not token or not all("\x21" <= ch <= "\x7e" for ch in token):
        raise ChannelSettingsError(
            N_("The token for sending requests is missing or not valid. Please tell the staff.")
        )
    return token


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"[0-9]{1,10}", value):
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def parse_receipt(data: Any) -> Delivered | None:
    """The Receipt of docs/contact-api.yaml as Delivered, or None when it is not one."""
    if not isinstance(data, dict):
        return None
    reference, received, duplicate = (
        data.get("reference"),
        data.get("received_at"),
        data.get("duplicate"),
    )
    if not isinstance(reference, str) or not REFERENCE.fullmatch(reference):
        return None
    if not isinstance(duplicate, bool) or not isinstance(received, str):
        return None
    try:
        received_at = datetime.fromisoformat(received)
    except ValueError:
        return None
    if received_at.tzinfo is None:
        received_at = received_at.replace(tzinfo=UTC)
    return Delivered(reference, received_at, duplicate)


class _TooLarge(Exception):
    pass


class HttpChannel:
    """POST {base_url}/v1/requests (or /v1/feedback) with the bearer token and the idempotency
    key."""

    def __init__(
        self,
        base_url: str,
        token: str,
        connect_timeout: float = 5,
        read_timeout: float = 15,
        session: requests.Session | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.base_url = check_base_url(base_url)
        self._token = _check_token(token)
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.session = session if session is not None else requests.Session()
        self.clock = clock

    def __repr__(self) -> str:  # never the token
        return f"HttpChannel({self.base_url!r})"

    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._token}",
            "Accept": "application/json",
            "Accept-Encoding": "identity",  # the size cap counts what arrives
            "User-Agent": f"{APP_NAME}/{__version__}",
        }

    def send(self, key: str, body: str, kind: str = REQUEST) -> Outcome:
        headers = self._headers()
        headers["Idempotency-Key"] = key
        headers["Content-Type"] = "application/json; charset=utf-8"
        try:
            with self.session.post(
                f"{self.base_url}{PATHS[kind]}",
                data=body.encode("utf-8"),
                headers=headers,
                timeout=(self.connect_timeout, self.read_timeout),
                verify=True,  # always, whatever the session says
                allow_redirects=False,  # the token goes to the address the staff set, only
                stream=True,
            ) as response:
                status = response.status_code
                retry_after = parse_retry_after(response.headers.get("Retry-After"), self.clock())
                if status in (200, 201):
                    return self._receipt(response, kind)
                raw = self._read_anyway(response) if 400 <= status < 500 else b""
        except _TooLarge:
            log.warning("%s: the answer is over %d bytes; retrying later", kind, MAX_ANSWER)
            return RetryLater(BAD_ANSWER)
        except (requests.RequestException, OSError, ValueError) as exc:
            log.warning("%s not delivered (%s); retrying later", kind, type(exc).__name__)
            return RetryLater(CONNECTION_FAILED)
        if status in (408, 429) or 500 <= status < 600:
            log.warning("%s not delivered: HTTP %d; retrying later", kind, status)
            return RetryLater(BUSY, retry_after)
        if status == 401:
            log.error("%s refused: HTTP 401, the token is wrong", kind)
            return Rejected(SETTINGS_WRONG, status)
        if 400 <= status < 500:
            log.error("%s refused: HTTP %d%s", kind, status, _error_summary(raw))
            return Rejected(NOT_ACCEPTED, status)
        log.warning("%s: unexpected HTTP %d; retrying later", kind, status)
        return RetryLater(BAD_ANSWER, retry_after)

    def _receipt(self, response: requests.Response, kind: str = REQUEST) -> Outcome:
        raw = self._read(response)
        try:
            delivered = parse_receipt(json.loads(raw.decode("utf-8")))
        except ValueError:  # also UnicodeDecodeError
            delivered = None
        if delivered is None:
            log.warning(
                "%s: HTTP %d without a valid receipt; retrying later",
                kind,
                response.status_code,
            )
            return RetryLater(BAD_ANSWER)
        log.info(
            "%s delivered as %s (HTTP %d%s)",
            kind,
            delivered.reference,
            response.status_code,
            ", a repeat" if delivered.duplicate else "",
        )
        return delivered

    def _read(self, response: requests.Response) -> bytes:
        """The answer's body, at most MAX_ANSWER bytes, within read_timeout in all."""
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and int(length) > MAX_ANSWER:
            raise _TooLarge
        deadline = time.monotonic() + self.read_timeout
        chunks, size = [], 0
        for chunk in response.iter_content(chunk_size=8192):
            size += len(chunk)
            if size > MAX_ANSWER:
                raise _TooLarge
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise requests.Timeout("the answer came too slowly")
        return b"".join(chunks)

    def _read_anyway(self, response: requests.Response) -> bytes:
        """The body of a refusal, for the log: nothing when it cannot be read."""
        try:
            return self._read(response)
        except (_TooLarge, requests.RequestException, OSError):
            return b""

    def health(self) -> bool:
        """Does the receiver answer GET /v1/health with status ok? (No token is sent.)"""
        try:
            with self.session.get(
                f"{self.base_url}/v1/health",
                headers={"Accept": "application/json"},
                timeout=(self.connect_timeout, self.read_timeout),
                verify=True,
                allow_redirects=False,
                stream=True,
            ) as response:
                if response.status_code != 200:
                    return False
                data = json.loads(self._read(response).decode("utf-8"))
        except (_TooLarge, requests.RequestException, OSError, ValueError):
            return False
        return isinstance(data, dict) and data.get("status") == "ok"


def _error_summary(raw: bytes) -> str:
    """The error code and the names of the fields at fault: never their values."""
    try:
        error = json.loads(raw.decode("utf-8")).get("error", {})
        code = error.get("code")
        fields = error.get("fields") or {}
    except (ValueError, AttributeError):
        return ""
    if not isinstance(code, str) or not re.fullmatch(r"[a-z_]{1,40}", code):
        return ""
    names = [n for n in fields if isinstance(n, str) and re.fullmatch(r"[a-z_]{1,40}", n)]
    return f", {code}" + (f": {', '.join(sorted(names))}" if names else "")
