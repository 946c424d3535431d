"""The contact-request API of docs/contact-api.yaml: GET /v1/health, POST /v1/requests and
POST /v1/feedback.

Both POSTs run the same checks in this order: rate limit (429), token (401), Idempotency-Key
(400), size (413), JSON (400), fields (422), then the key's earlier use (200 or 409) or a new
receipt (201). Only status codes, and a contact request's reference, are logged: never the
token or what a body says. A step feedback's reference is not logged either: with the log's
time beside it, it would tell when the answer came, which the receiver does not keep.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Generic, TypeVar

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
from asiointiapu.receiver.feedback_body import read_step_feedback
from asiointiapu.receiver.rate_limit import RateLimiter
from asiointiapu.receiver.receipts import KeyReusedError, Receipt
from asiointiapu.receiver.responses import error_response, json_response
from asiointiapu.receiver.store import RequestStore

MAX_BODY_BYTES = 16 * 1024
# A body a little too large is read to its end, so that the client sees the 413 answer
# rather than a reset connection; anything beyond this is not read at all.
MAX_DRAIN_BYTES = 1024 * 1024
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I | re.ASCII)
RETRY_AFTER_UNAVAILABLE = 5

Body = TypeVar("Body")


@dataclass(frozen=True)
class Endpoint(Generic[Body]):
    """One POST route: how its body is read and where it is stored; the checks are shared."""

    path: str
    read: Callable[[Mapping[str, Any]], Body]  # raises InvalidFields
    save: Callable[[str, str, Body], Receipt]  # key, body's hash; raises KeyReusedError
    log_reference: bool


class ContactApi:
    def __init__(
        self, store: RequestStore, token: str, limiter: RateLimiter, log: logging.Logger
    ) -> None:
        self._token = token.encode("ascii")
        self._limiter = limiter
        self._log = log
        self._requests = Endpoint("/v1/requests", read_contact_request, store.save, True)
        self._feedback = Endpoint("/v1/feedback", read_step_feedback, store.feedback.save, False)

    def routes(self) -> list[Route]:
        return [
            Route("/v1/health", self.health, methods=["GET"]),
            Route("/v1/requests", self.post_request, methods=["POST"]),
            Route("/v1/feedback", self.post_feedback, methods=["POST"]),
        ]

    async def health(self, request: Request) -> Response:
        return json_response(200, {"status": "ok"})

    async def post_request(self, request: Request) -> Response:
        return await self._post(request, self._requests)

    async def post_feedback(self, request: Request) -> Response:
        return await self._post(request, self._feedback)

    async def _post(self, request: Request, endpoint: Endpoint[Any]) -> Response:
        try:
            response, reference = await self._answer(request, endpoint)
        except ClientDisconnect:
            response, reference = error_response(400, "bad_request", "The body was cut off."), ""
        shown = f" {reference}" if reference and endpoint.log_reference else ""
        self._log.info("POST %s %d%s", endpoint.path, response.status_code, shown)
        return response

    async def _answer(self, request: Request, endpoint: Endpoint[Any]) -> tuple[Response, str]:
        """The answer, and the reference it gives (empty when it gives none)."""
        response = await self._check_and_store(request, endpoint)
        if isinstance(response, Response):
            return response, ""
        status = 200 if response.duplicate else 201
        return json_response(status, asdict(response)), response.reference

    async def _check_and_store(
        self, request: Request, endpoint: Endpoint[Body]
    ) -> Response | Receipt:
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
            body_value = endpoint.read(data)
        except InvalidFields as error:
            return error_response(
                422, "invalid", "Some fields are missing or invalid.", fields=error.fields
            )
        body_sha256 = hashlib.sha256(canonical_json(data).encode("ascii")).hexdigest()
        try:
            receipt = endpoint.save(key, body_sha256, body_value)
        except KeyReusedError:
            return error_response(
                409, "conflict", "This Idempotency-Key was used before with a different body."
            )
        except sqlite3.Error:
            self._log.exception("could not store a body sent to %s", endpoint.path)
            return error_response(
                503,
                "unavailable",
                "The receiver cannot store anything just now; try again.",
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
