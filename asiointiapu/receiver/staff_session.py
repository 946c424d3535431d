"""The inbox's session: a signed cookie holding whether staff logged in and the CSRF token.

Signed (not encrypted) with a random key kept in the database; a new staff password makes a
new key, which ends every session. The cookie is HttpOnly and SameSite=Strict.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE_NAME = "asiointiapu_inbox"
COOKIE_PATH = "/inbox"
MAX_AGE_SECONDS = 8 * 60 * 60  # one working day
SALT = "asiointiapu-inbox-session"


@dataclass(frozen=True)
class StaffSession:
    csrf_token: str
    logged_in: bool = False

    @classmethod
    def new(cls, logged_in: bool = False) -> StaffSession:
        return cls(secrets.token_urlsafe(32), logged_in)

    def csrf_matches(self, sent: str | None) -> bool:
        if not sent:
            return False
        return hmac.compare_digest(self.csrf_token.encode(), sent.encode("utf-8", "replace"))


def new_signing_key() -> str:
    return secrets.token_urlsafe(32)


class SessionCookie:
    def __init__(self, signing_key: str) -> None:
        self._serializer = URLSafeTimedSerializer(signing_key, salt=SALT)

    def encode(self, session: StaffSession) -> str:
        return self._serializer.dumps({"csrf": session.csrf_token, "staff": session.logged_in})

    def decode(self, cookie: str | None) -> StaffSession | None:
        """The session in a cookie, or None when it is missing, forged or older than a day."""
        if not cookie:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=MAX_AGE_SECONDS)
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        csrf, staff = data.get("csrf"), data.get("staff")
        if not isinstance(csrf, str) or not isinstance(staff, bool):
            return None
        return StaffSession(csrf, staff)

    def header(self, session: StaffSession, secure: bool) -> str:
        """The Set-Cookie value; `secure` when the browser reached us over HTTPS."""
        parts = [
            f"{COOKIE_NAME}={self.encode(session)}",
            f"Path={COOKIE_PATH}",
            "HttpOnly",
            "SameSite=Strict",
        ]
        if secure:
            parts.append("Secure")
        return "; ".join(parts)


def clearing_header(secure: bool) -> str:
    parts = [f"{COOKIE_NAME}=", f"Path={COOKIE_PATH}", "Max-Age=0", "HttpOnly", "SameSite=Strict"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts)
