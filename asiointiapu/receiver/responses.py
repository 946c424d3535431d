"""The receiver's answers: JSON for the API (the contract's Error shape), HTML for the inbox.

Every answer says not to cache it: both carry personal data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

API_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
# The inbox needs no scripts, frames or outside resources; the browser is told to allow none.
HTML_HEADERS = {
    **API_HEADERS,
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
        " frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def json_response(
    status: int, payload: Mapping[str, Any], headers: Mapping[str, str] | None = None
) -> Response:
    # ASCII-only JSON: any text that came in (even a lone surrogate in a field name) goes out.
    body = json.dumps(payload, ensure_ascii=True, separators=(",", ":"))
    return Response(
        body,
        status_code=status,
        media_type="application/json",
        headers={**API_HEADERS, **(headers or {})},
    )


def error_response(
    status: int,
    code: str,
    message: str,
    fields: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields is not None:
        error["fields"] = dict(fields)
    return json_response(status, {"error": error}, headers)


def html_response(
    page: str, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        page,
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers={**HTML_HEADERS, **(headers or {})},
    )


def redirect(location: str, headers: Mapping[str, str] | None = None) -> Response:
    """303 See Other: after a form, the browser fetches `location` with GET."""
    return Response(
        status_code=303, headers={**HTML_HEADERS, "Location": location, **(headers or {})}
    )
