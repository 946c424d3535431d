"""The staff inbox under /inbox: log in, read open requests, mark them handled, export CSV,
and see which guide steps people find unclear (/inbox/feedback).

Without a logged-in session every /inbox page redirects to the login page. Every form sends the
session's CSRF token; a form without it is refused. Marking a request handled also deletes
requests handled longer ago than the retention time.
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from asiointiapu.receiver import feedback_page, inbox_pages
from asiointiapu.receiver.csv_export import feedback_csv, requests_csv
from asiointiapu.receiver.feedback_store import StepSummary
from asiointiapu.receiver.passwords import verify_password
from asiointiapu.receiver.rate_limit import RateLimiter
from asiointiapu.receiver.references import is_reference
from asiointiapu.receiver.responses import html_response, redirect
from asiointiapu.receiver.staff_session import (
    COOKIE_NAME,
    SessionCookie,
    StaffSession,
    clearing_header,
    new_signing_key,
)
from asiointiapu.receiver.step_titles import StepTitles
from asiointiapu.receiver.store import RequestStore

PASSWORD_HASH_SETTING = "staff_password_hash"
SESSION_KEY_SETTING = "session_signing_key"
MAX_FORM_BYTES = 8 * 1024
LOGIN_PATH = "/inbox/login"
INBOX_PATH = "/inbox"


class StaffInbox:
    def __init__(
        self,
        store: RequestStore,
        retention_days: int,
        limiter: RateLimiter,
        log: logging.Logger,
        feedback_retention_days: int | None = None,  # None: retention_days
    ) -> None:
        self._store = store
        self._retention_days = retention_days
        self._feedback_retention_days = (
            retention_days if feedback_retention_days is None else feedback_retention_days
        )
        self._limiter = limiter
        self._log = log
        self._titles = StepTitles()
        store.add_setting(SESSION_KEY_SETTING, new_signing_key())

    def routes(self) -> list[Route]:
        return [
            Route(INBOX_PATH, self.inbox, methods=["GET"]),
            Route(LOGIN_PATH, self.login_form, methods=["GET"]),
            Route(LOGIN_PATH, self.login, methods=["POST"]),
            Route("/inbox/logout", self.logout, methods=["POST"]),
            Route("/inbox/export.csv", self.export_csv, methods=["GET"]),
            Route(feedback_page.FEEDBACK_PATH, self.feedback, methods=["GET"]),
            Route(feedback_page.FEEDBACK_CSV_PATH, self.feedback_csv, methods=["GET"]),
            Route("/inbox/requests/{reference}/handled", self.mark_handled, methods=["POST"]),
            Route("/inbox/requests/{reference}/reopen", self.reopen, methods=["POST"]),
        ]

    # Sessions

    def _cookie(self) -> SessionCookie:
        return SessionCookie(self._store.setting(SESSION_KEY_SETTING) or "")

    def _session(self, request: Request) -> StaffSession | None:
        return self._cookie().decode(request.cookies.get(COOKIE_NAME))

    def _staff(self, request: Request) -> StaffSession | None:
        session = self._session(request)
        return session if session is not None and session.logged_in else None

    def _with_session(
        self, response: Response, request: Request, session: StaffSession
    ) -> Response:
        secure = request.url.scheme == "https"
        response.headers.append("Set-Cookie", self._cookie().header(session, secure))
        return response

    async def _form_with_csrf(
        self, request: Request, session: StaffSession
    ) -> dict[str, str] | None:
        """The form's fields when its CSRF token matches the session's, else None.

        A form is a few short fields; one without a length, or a long one, is not read.
        """
        declared = request.headers.get("content-length", "")
        if not declared.isdigit() or int(declared) > MAX_FORM_BYTES:
            return None
        form = await request.form(max_files=0, max_fields=10)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        return fields if session.csrf_matches(fields.get("csrf_token")) else None

    def _refused(self) -> Response:
        page = inbox_pages.message_page(
            "This form has expired",
            "Nothing was changed. Go back to the inbox and try again.",
        )
        return html_response(page, status=403)

    # Pages

    async def login_form(self, request: Request) -> Response:
        if self._staff(request):
            return redirect(INBOX_PATH)
        session = StaffSession.new()
        return self._with_session(
            html_response(inbox_pages.login_page(session.csrf_token)), request, session
        )

    async def login(self, request: Request) -> Response:
        client = request.client.host if request.client else "unknown"
        wait = self._limiter.check(client)
        if wait:
            page = inbox_pages.message_page(
                "Too many tries",
                f"Wait {wait} seconds, then try to log in again.",
                LOGIN_PATH,
                "Go to the login page",
            )
            return html_response(page, status=429, headers={"Retry-After": str(wait)})
        session = self._session(request)
        fields = await self._form_with_csrf(request, session) if session else None
        if fields is None:
            fresh = StaffSession.new()
            page = inbox_pages.login_page(
                fresh.csrf_token, "The login page had expired. Type the password again."
            )
            return self._with_session(html_response(page, status=403), request, fresh)
        stored_hash = self._store.setting(PASSWORD_HASH_SETTING) or ""
        password = fields.get("password", "")
        if not await run_in_threadpool(verify_password, password, stored_hash):
            self._log.info("inbox login refused")
            fresh = StaffSession.new()
            page = inbox_pages.login_page(fresh.csrf_token, "Wrong password. Try again.")
            return self._with_session(html_response(page, status=403), request, fresh)
        self._log.info("inbox login")
        return self._with_session(redirect(INBOX_PATH), request, StaffSession.new(logged_in=True))

    async def logout(self, request: Request) -> Response:
        session = self._staff(request)
        if session is None:
            return redirect(LOGIN_PATH)
        if await self._form_with_csrf(request, session) is None:
            return self._refused()
        secure = request.url.scheme == "https"
        return redirect(LOGIN_PATH, headers={"Set-Cookie": clearing_header(secure)})

    async def inbox(self, request: Request) -> Response:
        session = self._staff(request)
        if session is None:
            return redirect(LOGIN_PATH)
        notice, undo = None, None
        handled = request.query_params.get("handled", "")
        reopened = request.query_params.get("reopened", "")
        if is_reference(handled):
            notice, undo = f"{handled} is marked as handled.", handled
        elif is_reference(reopened):
            notice = f"{reopened} is open again."
        page = inbox_pages.inbox_page(self._store.open_requests(), session.csrf_token, notice, undo)
        return html_response(page)

    async def export_csv(self, request: Request) -> Response:
        if self._staff(request) is None:
            return redirect(LOGIN_PATH)
        return _csv_download(requests_csv(self._store.open_requests()), "open-requests")

    def _feedback_summary(self, request: Request) -> tuple[feedback_page.Period, list[StepSummary]]:
        period = feedback_page.period_for(request.query_params.get("period"))
        # Whatever is past its time goes before anyone looks, however long the receiver runs.
        self._store.purge(self._retention_days, self._feedback_retention_days)
        return period, self._store.feedback.summary(period.days)

    async def feedback(self, request: Request) -> Response:
        session = self._staff(request)
        if session is None:
            return redirect(LOGIN_PATH)
        period, steps = self._feedback_summary(request)
        page = feedback_page.feedback_page(
            steps, self._titles, period, session.csrf_token, self._feedback_retention_days
        )
        return html_response(page)

    async def feedback_csv(self, request: Request) -> Response:
        if self._staff(request) is None:
            return redirect(LOGIN_PATH)
        period, steps = self._feedback_summary(request)
        titled = [(s, self._titles.step_title(s.guide_id, s.step_id)) for s in steps]
        return _csv_download(feedback_csv(titled), f"step-feedback-{period.key}")

    async def mark_handled(self, request: Request) -> Response:
        return await self._change(request, handled=True)

    async def reopen(self, request: Request) -> Response:
        return await self._change(request, handled=False)

    async def _change(self, request: Request, handled: bool) -> Response:
        session = self._staff(request)
        if session is None:
            return redirect(LOGIN_PATH)
        if await self._form_with_csrf(request, session) is None:
            return self._refused()
        reference = request.path_params["reference"]
        if not is_reference(reference):
            return html_response(
                inbox_pages.message_page("No such request", "There is no request like that."),
                status=404,
            )
        if handled:
            changed = self._store.mark_handled(reference)
            deleted = self._store.purge(self._retention_days, self._feedback_retention_days)
            self._log.info(
                "%s marked handled; %d old handled request(s) deleted", reference, deleted
            )
            after = f"{INBOX_PATH}?handled={quote(reference)}" if changed else INBOX_PATH
        else:
            changed = self._store.reopen(reference)
            if changed:
                self._log.info("%s reopened", reference)
            after = f"{INBOX_PATH}?reopened={quote(reference)}" if changed else INBOX_PATH
        return redirect(after)


def _csv_download(text: str, name: str) -> Response:
    today = dt.date.today().isoformat()
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": f'attachment; filename="{name}-{today}.csv"',
        },
    )
