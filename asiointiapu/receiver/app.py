"""The receiver as one ASGI application: the API, the staff inbox and their error pages.

`create_app()` gets every part it needs passed in; the command line (cli.py) makes them.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from asiointiapu.receiver import inbox_pages
from asiointiapu.receiver.api import RETRY_AFTER_UNAVAILABLE, ContactApi
from asiointiapu.receiver.inbox import StaffInbox
from asiointiapu.receiver.rate_limit import DEFAULT_PER_MINUTE, RateLimiter
from asiointiapu.receiver.responses import error_response, html_response, redirect
from asiointiapu.receiver.store import DEFAULT_RETENTION_DAYS, RequestStore

LOG = logging.getLogger("asiointiapu.receiver")


def create_app(
    store: RequestStore,
    token: str,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    rate_limit_per_minute: int = DEFAULT_PER_MINUTE,
    log: logging.Logger = LOG,
    feedback_retention_days: int | None = None,  # None: retention_days
) -> Starlette:
    if feedback_retention_days is None:
        feedback_retention_days = retention_days
    api = ContactApi(store, token, RateLimiter(rate_limit_per_minute), log)
    inbox = StaffInbox(
        store, retention_days, RateLimiter(rate_limit_per_minute), log, feedback_retention_days
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        deleted = store.purge(retention_days, feedback_retention_days)
        if deleted:
            log.info("%d handled request(s) older than %d days deleted", deleted, retention_days)
        yield

    async def root(request: Request) -> Response:
        return redirect("/inbox")

    app = Starlette(
        routes=[*api.routes(), *inbox.routes()],
        lifespan=lifespan,
        exception_handlers={
            HTTPException: _http_error,
            sqlite3.Error: _storage_error,
        },
    )
    app.add_route("/", root, methods=["GET"])
    return app


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/v1/")


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    status = error.status_code
    headers = dict(error.headers or {})
    if _is_api(request):
        code = {413: "too_large", 401: "unauthorized"}.get(status, "bad_request")
        return error_response(status, code, str(error.detail), headers=headers)
    titles = {404: "Page not found", 405: "Not allowed", 413: "Too large"}
    page = inbox_pages.message_page(titles.get(status, "Something is wrong"), str(error.detail))
    return html_response(page, status=status, headers=headers)


async def _storage_error(request: Request, error: Exception) -> Response:
    LOG.error("storage error: %s", type(error).__name__)
    retry = {"Retry-After": str(RETRY_AFTER_UNAVAILABLE)}
    if _is_api(request):
        return error_response(
            503, "unavailable", "Temporarily unavailable; try again.", headers=retry
        )
    page = inbox_pages.message_page(
        "The inbox is not available", "The request store cannot be read just now. Try again soon."
    )
    return html_response(page, status=503, headers=retry)
