"""The contact-request API of docs/contact-api.yaml: GET /v1/health and POST /v1/requests.

Checks run in this order: rate limit (429), token (401), Idempotency-Key (400), size (413),
JSON (400), fields (422), then the key's earlier use (200 or 409) or a new receipt (201).
Only references and status codes are logged, never the token or what a request says.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import sqlite3
from dataclasses import asdict

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from asiointiapu.receiver.contact_request import (
    InvalidFields,
    NotJson,
    canonical_json,
    parse_json,
    read_contact_request,
)
from asiointiapu.receiver.rate_limit import RateLimiter
from asiointiapu.receiver.responses import error_response, json_response
from asiointiapu.receiver.store import KeyReusedError, Receipt, RequestStore

MAX_BODY_BYTES = 16 * 1024
# A body a little too large is read to its end, so that the client sees the 413 answer
# rather than a reset connection; anything beyond this is not read at all.
MAX_DRAIN_BYTES = 1024 * 1024
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I | re.ASCII)
RETRY_AFTER_UNAVAILABLE = 5


class ContactApi:
    def __init__(
        self, store: RequestStore, token: str, limiter: RateLimiter, log: logging.Logger
    ) -> None:
        self._store = store
        self._token = token.encode("ascii")
        self._limiter = limiter
        self._log = log

    def routes(self) -> list[Route]:
        return [
            Route("/v1/health", self.health, methods=["GET"]),
            Route("/v1/requests", self.post_request, methods=["POST"]),
        ]

    async def health(self, request: Request) -> Response:
        return json_response(200, {"status": "ok"})

    async def post_request(self, request: Request) -> Response:
        try:
            response, reference = await self._answer(request)
        except ClientDisconnect:
            response, reference = error_response(400, "bad_request", "The body was cut off."), ""
        self._log.info(
            "POST /v1/requests %d%s", response.status_code, f" {reference}" if reference else ""
        )
        return response

    async def _answer(self, request: Request) -> tuple[Response, str]:
        """The answer, and the reference it gives (empty when it gives none)."""
        response = await self._check_and_store(request)
        if isinstance(response, Response):
            return response, ""
        status = 200 if response.duplicate else 201
        return json_response(status, asdict(response)), response.reference

    async def _check_and_store(self, request: Request) -> Response | Receipt:
        client = request.client.host if request.client else "unknown"
        wait = self._limiter.check(client)
        if wait:
            await _read_body(request)
            return error_response(
                429,
                "rate_limited",
                f"Too many requests; try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
        body, complete = await _read_body(request)
        if not self._authorised(request):
            return error_response(
                401,
                "unauthorized",
                "The token is missing or wrong.",
                headers={"WWW-Authenticate": 'Bearer realm="asiointiapu"'},
            )
        keys = request.headers.getlist("idempotency-key")
        if len(keys) != 1 or not UUID.fullmatch(keys[0].strip()):
            return error_response(
                400, "bad_request", "The Idempotency-Key header must be one UUID."
            )
        key = keys[0].strip().lower()
        if not complete or len(body) > MAX_BODY_BYTES:
            return error_response(
                413,
                "too_large",
                f"The body is over {MAX_BODY_BYTES // 1024} KiB.",
                headers=None if complete else {"Connection": "close"},
            )
        try:
            data = parse_json(body)
        except NotJson as error:
            return error_response(400, "bad_request", str(error))
        if not isinstance(data, dict):
            return error_response(400, "bad_request", "The body must be a JSON object.")
        try:
            contact_request = read_contact_request(data)
        except InvalidFields as error:
            return error_response(
                422, "invalid", "Some fields are missing or invalid.", fields=error.fields
            )
        body_sha256 = hashlib.sha256(canonical_json(data).encode("ascii")).hexdigest()
        try:
            receipt = self._store.save(key, body_sha256, contact_request)
        except KeyReusedError:
            return error_response(
                409, "conflict", "This Idempotency-Key was used before with a different body."
            )
        except sqlite3.Error:
            self._log.exception("could not store a request")
            return error_response(
                503,
                "unavailable",
                "The receiver cannot store requests just now; try again.",
                headers={"Retry-After": str(RETRY_AFTER_UNAVAILABLE)},
            )
        return receipt

    def _authorised(self, request: Request) -> bool:
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return False
        # Header values arrive as latin-1 text; compare the very bytes that were sent.
        return hmac.compare_digest(credentials.strip().encode("latin-1"), self._token)


async def _read_body(request: Request) -> tuple[bytes, bool]:
    """The body up to one byte over the limit, and whether it was read to its end."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_DRAIN_BYTES:
        return b"", False
    kept = bytearray()
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if len(kept) <= MAX_BODY_BYTES:
            kept += chunk[: MAX_BODY_BYTES + 1 - len(kept)]
        if seen > MAX_DRAIN_BYTES:
            return bytes(kept), False
    return bytes(kept), True
