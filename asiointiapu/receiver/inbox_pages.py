"""The staff inbox's HTML: plain pages with large text, high contrast and no scripts.

Every value from a request goes through `escape()` (HTML escaping) on its way into a page.
`page()`, `staff_header()` and the style are shared with the step feedback page
(feedback_page.py).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from asiointiapu.receiver.store import StoredRequest


@dataclass(frozen=True)
class Palette:
    """The page's colours; tests check every pair for a contrast of at least 7:1."""

    text: str = "#000000"
    background: str = "#ffffff"
    accent: str = "#003366"  # links, button faces, borders
    on_accent: str = "#ffffff"  # button text
    flag_text: str = "#000000"
    flag_background: str = "#ffd400"  # the interpreter flag
    error: str = "#8b0000"
    notice_background: str = "#e8f0fa"  # status messages, text in `text`

    def pairs(self) -> dict[str, tuple[str, str]]:
        return {
            "text": (self.text, self.background),
            "link": (self.accent, self.background),
            "button": (self.on_accent, self.accent),
            "flag": (self.flag_text, self.flag_background),
            "error": (self.error, self.background),
            "notice": (self.text, self.notice_background),
        }


PALETTE = Palette()
PARTS_OF_DAY = {"morning": "morning", "afternoon": "afternoon"}
KINDS = {"callback": "Callback", "video": "Video appointment"}


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def _style(p: Palette) -> str:
    return f"""
html {{ font-size: 125%; }}
body {{ margin: 0 auto; max-width: 60rem; padding: 1rem; font-family: sans-serif;
  line-height: 1.5; color: {p.text}; background: {p.background}; }}
h1 {{ font-size: 2rem; margin: 0.5rem 0 1rem; }}
h2 {{ font-size: 1.5rem; margin: 0 0 0.5rem; }}
a {{ color: {p.accent}; text-decoration: underline; }}
a:focus, button:focus, input:focus, [tabindex]:focus {{ outline: 0.25rem solid {p.text};
  outline-offset: 0.2rem; }}
a[aria-current] {{ font-weight: bold; text-decoration-thickness: 0.2em; }}
button {{ font: inherit; min-height: 2.75rem; padding: 0.4rem 1.2rem; cursor: pointer;
  color: {p.on_accent}; background: {p.accent}; border: 0.15rem solid {p.accent};
  border-radius: 0.3rem; }}
button.quiet {{ color: {p.accent}; background: {p.background}; }}
input[type=password] {{ font: inherit; min-height: 2.75rem; width: 100%; max-width: 24rem;
  padding: 0.3rem; color: {p.text}; background: {p.background};
  border: 0.15rem solid {p.text}; }}
header {{ display: flex; flex-wrap: wrap; gap: 1rem; justify-content: space-between;
  align-items: center; border-bottom: 0.15rem solid {p.accent}; }}
header p {{ margin: 0.5rem 0; font-weight: bold; }}
ul.links {{ list-style: none; display: flex; flex-wrap: wrap; gap: 0 1.5rem; padding: 0;
  margin: 0; }}
ul.links a {{ display: inline-flex; align-items: center; min-height: 2.75rem; }}
.table-scroll {{ overflow-x: auto; margin: 0 0 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; }}
caption {{ text-align: left; font-size: 1.25rem; font-weight: bold; padding: 0 0 0.5rem;
  max-width: calc(100vw - 2.5rem); position: sticky; left: 0; }}
th, td {{ border: 0.1rem solid {p.accent}; padding: 0.4rem 0.6rem; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }}
thead th {{ background: {p.notice_background}; }}
td.number {{ text-align: right; white-space: nowrap; }}
td ul {{ margin: 0; padding-left: 1.2rem; }}
td q {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
ol.requests {{ list-style: none; padding: 0; }}
article {{ border: 0.15rem solid {p.accent}; border-radius: 0.3rem; padding: 1rem;
  margin: 0 0 1.5rem; }}
dl {{ display: grid; grid-template-columns: minmax(8rem, max-content) 1fr;
  gap: 0.3rem 1rem; margin: 0 0 1rem; }}
dt {{ font-weight: bold; }}
dd {{ margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }}
dd ul {{ margin: 0; padding-left: 1.2rem; white-space: normal; }}
.flag {{ color: {p.flag_text}; background: {p.flag_background};
  border: 0.2rem solid {p.flag_text}; padding: 0.4rem 0.8rem; font-size: 1.25rem; }}
.error {{ color: {p.error}; font-weight: bold; }}
.notice {{ background: {p.notice_background}; border-left: 0.4rem solid {p.accent};
  padding: 0.5rem 1rem; margin: 1rem 0; }}
.notice p, .notice form {{ display: inline; margin: 0 1rem 0 0; }}
.visually-hidden {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
"""


STAFF_PAGES = (("/inbox", "Open requests"), ("/inbox/feedback", "Step feedback"))


def page(title: str, body: str, header_extra: str = "") -> str:
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – Asiointiapu staff inbox</title>
<style>{_style(PALETTE)}</style>
</head>
<body>
<header>
<p>Asiointiapu staff inbox</p>
{header_extra}
</header>
<main>
{body}
</main>
</body>
</html>
"""


def _hidden_csrf(csrf_token: str) -> str:
    return f'<input type="hidden" name="csrf_token" value="{escape(csrf_token)}">'


def login_page(csrf_token: str, error: str | None = None) -> str:
    described = ""
    error_html = ""
    if error:
        error_html = f'<p class="error" role="alert" id="login-error">{escape(error)}</p>'
        described = ' aria-describedby="login-error" aria-invalid="true"'
    body = f"""<h1>Log in to the inbox</h1>
{error_html}
<form method="post" action="/inbox/login">
{_hidden_csrf(csrf_token)}
<p><label for="password">Staff password</label><br>
<input type="password" id="password" name="password" autocomplete="current-password"
 required autofocus{described}></p>
<p><button type="submit">Log in</button></p>
</form>"""
    return page("Log in", body)


def message_page(
    title: str, text: str, link: str = "/inbox", link_text: str = "Go to the inbox"
) -> str:
    body = f"""<h1>{escape(title)}</h1>
<p>{escape(text)}</p>
<p><a href="{escape(link)}">{escape(link_text)}</a></p>"""
    return page(title, body)


def inbox_page(
    requests: list[StoredRequest],
    csrf_token: str,
    notice: str | None = None,
    undo_reference: str | None = None,
) -> str:
    count = len(requests)
    summary = (
        "No open requests. New requests appear here when you reload the page."
        if count == 0
        else f"{count} open request{'s' if count != 1 else ''}, newest first."
        " Reload the page to see new ones."
    )
    notice_html = ""
    if notice:
        undo = ""
        if undo_reference:
            action = f"/inbox/requests/{escape(undo_reference)}/reopen"
            undo = f""" <form method="post" action="{action}">
{_hidden_csrf(csrf_token)}
<button type="submit" class="quiet">Undo</button></form>"""
        notice_html = f'<div class="notice" role="status"><p>{escape(notice)}</p>{undo}</div>'
    items = "\n".join(f"<li>{_request_html(r, csrf_token)}</li>" for r in requests)
    listing = f'<ol class="requests">\n{items}\n</ol>' if requests else ""
    body = f"""<h1>Open requests</h1>
{notice_html}
<p>{escape(summary)}</p>
<p><a href="/inbox/export.csv">Download the open requests as a CSV file</a></p>
{listing}"""
    return page("Open requests", body, header_extra=staff_header(csrf_token, "/inbox"))


def staff_header(csrf_token: str, current_path: str) -> str:
    """The logged-in pages' header: links between them, and Log out."""
    current = ' aria-current="page"'
    links = "\n".join(
        f'<li><a href="{path}"{current if path == current_path else ""}>{escape(text)}</a></li>'
        for path, text in STAFF_PAGES
    )
    return f"""<nav aria-label="Staff pages"><ul class="links">
{links}
</ul></nav>
<form method="post" action="/inbox/logout">
{_hidden_csrf(csrf_token)}
<button type="submit" class="quiet">Log out</button>
</form>"""


def _request_html(stored: StoredRequest, csrf_token: str) -> str:
    r = stored.request
    ref = escape(stored.reference)
    heading_id = f"request-{ref}"
    flag = ""
    if r.interpreter:
        language = f" for {escape(language_name(r.language))}" if r.language else ""
        flag = (
            '<p class="flag"><strong>INTERPRETER NEEDED</strong>'
            f" – book an interpreter{language} before you call.</p>"
        )
    times = "".join(
        f"<li>{escape(format_day(t.date))}, {escape(PARTS_OF_DAY.get(t.part, t.part))}</li>"
        for t in r.preferred_times
    )
    received = stored.received_at
    when = escape(received.isoformat())
    rows = [
        ("Received", f'<time datetime="{when}">{escape(format_moment(received))}</time>'),
        ("Kind", escape(kind_text(stored))),
        ("Name", escape(r.name)),
        ("Phone", f'<a href="tel:{escape(r.phone)}">{escape(r.phone)}</a>'),
        ("Language", escape(language_name(r.language))),
        ("Interpreter", "<strong>Yes, needed</strong>" if r.interpreter else "No"),
        ("Preferred times", f"<ul>{times}</ul>"),
        ("Topic", escape(r.topic) or "(none)"),
        ("Message", escape(r.message) if r.message else "(none)"),
    ]
    details = "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f"""<article aria-labelledby="{heading_id}">
<h2 id="{heading_id}">{ref} – {escape(KINDS.get(r.kind, r.kind))}</h2>
{flag}
<dl>
{details}
</dl>
<form method="post" action="/inbox/requests/{ref}/handled">
{_hidden_csrf(csrf_token)}
<button type="submit">Mark as handled<span class="visually-hidden"> ({ref})</span></button>
</form>
</article>"""


def kind_text(stored: StoredRequest) -> str:
    r = stored.request
    text = KINDS.get(r.kind, r.kind)
    if r.video is not None:
        camera = "yes" if r.video.camera else "no"
        microphone = "yes" if r.video.microphone else "no"
        text += f" (camera: {camera}, microphone: {microphone})"
    return text


def language_name(code: str) -> str:
    """'Finnish (fi)' for 'fi'; the code alone when it names no known language."""
    if not code:
        return "(not given)"
    try:
        name = Locale.parse(code, sep="-").get_display_name("en")
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return f"{name} ({code})" if name else code


def format_day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def format_moment(moment: dt.datetime) -> str:
    """In the server's own time zone, e.g. 'Mon 10 Mar 2025 09:30'."""
    local = moment.astimezone()
    return f"{format_day(local.date())} {local:%H:%M}"
