"""The staff page /inbox/feedback: which steps confuse people most.

One table row per step with answers, most "not clear" answers (as a share) first. Built like
the inbox (inbox_pages.py): plain HTML, the same style and colours, no scripts. Every comment
and title goes through `escape()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from asiointiapu.receiver.feedback_store import Comment, StepSummary
from asiointiapu.receiver.inbox_pages import escape, format_day, language_name, page, staff_header
from asiointiapu.receiver.step_titles import StepTitles
from asiointiapu.step_feedback import REASONS

FEEDBACK_PATH = "/inbox/feedback"
FEEDBACK_CSV_PATH = "/inbox/feedback.csv"


@dataclass(frozen=True)
class Period:
    key: str  # the ?period= value
    days: int | None  # None: every answer still kept
    label: str  # the link's text, and the end of the table's caption
    within: str  # ends a sentence: "No answers{within}."


PERIODS = (
    Period("30", 30, "Last 30 days", " in the last 30 days"),
    Period("90", 90, "Last 90 days", " in the last 90 days"),
    Period("all", None, "All kept answers", ""),
)
DEFAULT_PERIOD = PERIODS[0]


def period_for(key: str | None) -> Period:
    """The period a ?period= value names; the default one for anything else."""
    return next((p for p in PERIODS if p.key == key), DEFAULT_PERIOD)


def period_query(period: Period) -> str:
    return "?" + urlencode({"period": period.key})


def step_name(step: StepSummary, titles: StepTitles, several_guides: bool) -> str:
    """The step's title; with the guide's title first when answers are about several guides."""
    title = titles.step_title(step.guide_id, step.step_id)
    return f"{titles.guide_title(step.guide_id)}: {title}" if several_guides else title


def reason_text(code: str) -> str:
    return REASONS.get(code, code)


def feedback_page(
    steps: list[StepSummary],
    titles: StepTitles,
    period: Period,
    csrf_token: str,
    retention_days: int,
) -> str:
    kept = f"Answers are kept for {retention_days} day{'s' if retention_days != 1 else ''}."
    intro = f"""<p>On every step, Asiointiapu asks “Was this clear?”. People answer Yes, or No
and why. The steps with the largest share of “No” answers come first. The answers are
anonymous: the receiver keeps no names, no addresses and no times, only the day.
{escape(kept)}</p>"""
    current = ' aria-current="true"'
    choices = "\n".join(
        f'<li><a href="{FEEDBACK_PATH}{escape(period_query(p))}"'
        f"{current if p == period else ''}>{escape(p.label)}</a></li>"
        for p in PERIODS
    )
    period_nav = f"""<nav aria-labelledby="period-label">
<p id="period-label">Show the answers from:</p>
<ul class="links">
{choices}
</ul>
</nav>"""
    if not steps:
        result = f"""<p>No answers{escape(period.within)}. When people answer “Was this
clear?” on a step, the step appears here.</p>"""
    else:
        result = _summary(steps, titles, period)
    body = f"""<h1>Which steps confuse people most</h1>
{intro}
{period_nav}
{result}"""
    return page("Step feedback", body, header_extra=staff_header(csrf_token, FEEDBACK_PATH))


def _summary(steps: list[StepSummary], titles: StepTitles, period: Period) -> str:
    answers = sum(s.answers for s in steps)
    several_guides = len({s.guide_id for s in steps}) > 1
    counted = (
        f"{answers} answer{'s' if answers != 1 else ''} about {len(steps)}"
        f" step{'s' if len(steps) != 1 else ''}{period.within}."
    )
    rows = "\n".join(_row(s, step_name(s, titles, several_guides)) for s in steps)
    csv_link = f"{FEEDBACK_CSV_PATH}{period_query(period)}"
    return f"""<p>{escape(counted)}</p>
<p><a href="{escape(csv_link)}">Download this summary as a CSV file</a></p>
<div class="table-scroll" role="region" aria-labelledby="steps-caption" tabindex="0">
<table>
<caption id="steps-caption">Steps by share of “not clear” answers:
{escape(period.label.lower())}</caption>
<thead>
<tr><th scope="col">Step</th><th scope="col">Answers</th><th scope="col">Not clear</th>
<th scope="col">Why not clear</th><th scope="col">Latest comments</th></tr>
</thead>
<tbody>
{rows}
</tbody>
</table>
</div>"""


def _row(step: StepSummary, name: str) -> str:
    reasons = "".join(
        f"<li>{count} × {escape(reason_text(code))}</li>" for code, count in step.reasons
    )
    comments = "".join(_comment(c) for c in step.comments)
    return (
        f'<tr><th scope="row">{escape(name)}</th>'
        f'<td class="number">{step.answers}</td>'
        f'<td class="number">{step.not_clear} ({step.percent_not_clear}%)</td>'
        f"<td>{f'<ul>{reasons}</ul>' if reasons else 'None given'}</td>"
        f"<td>{f'<ul>{comments}</ul>' if comments else 'None'}</td></tr>"
    )


def _comment(comment: Comment) -> str:
    where = format_day(comment.received_on)
    if comment.language:
        where += ", " + language_name(comment.language)
    return f"<li><q>{escape(comment.text)}</q> – {escape(where)}</li>"
