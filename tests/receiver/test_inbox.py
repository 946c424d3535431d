"""The staff inbox on a real receiver: login, the list, marking handled, CSV, CSRF, escaping."""

import csv
import io
import re

import pytest
import requests

from asiointiapu.receiver.inbox_pages import PALETTE
from tests.receiver.conftest import csrf_token, login, valid_body


def articles(page: str) -> dict[str, str]:
    """Each request's <article> in the page, by its reference."""
    found = re.findall(
        r'<article aria-labelledby="request-([A-Z0-9-]+)">(.*?)</article>', page, re.S
    )
    return dict(found)


def references_in_order(page: str) -> list[str]:
    return re.findall(r'<article aria-labelledby="request-([A-Z0-9-]+)">', page)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/inbox"),
        ("GET", "/inbox/export.csv"),
        ("POST", "/inbox/requests/ABC-123/handled"),
        ("POST", "/inbox/requests/ABC-123/reopen"),
        ("POST", "/inbox/logout"),
    ],
)
def test_every_inbox_page_needs_a_login(receiver, method, path):
    response = requests.request(method, receiver.url + path, allow_redirects=False, timeout=10)
    assert response.status_code == 303
    assert response.headers["Location"] == "/inbox/login"


def test_the_login_page_is_plain_accessible_html(receiver):
    response = requests.get(f"{receiver.url}/inbox/login", timeout=10)
    page = response.text
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert '<html lang="en">' in page
    assert "<h1>" in page
    assert '<label for="password">' in page and 'id="password"' in page
    assert "<script" not in page
    assert "script-src" not in response.headers["Content-Security-Policy"]
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_a_wrong_password_is_refused(receiver):
    session = requests.Session()
    page = session.get(f"{receiver.url}/inbox/login", timeout=10).text
    response = session.post(
        f"{receiver.url}/inbox/login",
        data={"csrf_token": csrf_token(page), "password": "not the password"},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 403
    assert "Wrong password" in response.text
    inbox = session.get(f"{receiver.url}/inbox", allow_redirects=False, timeout=10)
    assert inbox.headers["Location"] == "/inbox/login"


def test_a_login_without_the_csrf_token_is_refused(receiver):
    session = requests.Session()
    session.get(f"{receiver.url}/inbox/login", timeout=10)
    response = session.post(
        f"{receiver.url}/inbox/login",
        data={"password": receiver.password},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 403
    assert session.get(f"{receiver.url}/inbox", allow_redirects=False).status_code == 303


def test_the_session_cookie_is_httponly_and_samesite_strict(receiver):
    response = requests.get(f"{receiver.url}/inbox/login", timeout=10)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    assert "Path=/inbox" in cookie
    assert "Secure" not in cookie  # plain HTTP on loopback; behind HTTPS it is Secure


def test_the_cookie_is_secure_behind_an_https_proxy(receiver):
    response = requests.get(
        f"{receiver.url}/inbox/login", headers={"X-Forwarded-Proto": "https"}, timeout=10
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_a_forged_cookie_is_not_a_login(receiver):
    session = requests.Session()
    session.cookies.set("asiointiapu_inbox", "eyJjc3JmIjoiYSIsInN0YWZmIjp0cnVlfQ.forged")
    response = session.get(f"{receiver.url}/inbox", allow_redirects=False, timeout=10)
    assert response.headers["Location"] == "/inbox/login"


def test_the_inbox_lists_open_requests_newest_first_with_everything_staff_need(receiver):
    older = receiver.post(valid_body(name="Older Person")).json()["reference"]
    body = valid_body(
        name="Amina",
        phone="+358501112223",
        language="ar",
        interpreter=True,
        preferred_times=[
            {"date": "2025-03-10", "part": "morning"},
            {"date": "2025-03-11", "part": "afternoon"},
        ],
        topic="Work history",
        message="Line one\nLine two",
    )
    newer = receiver.post(body).json()["reference"]
    page = login(receiver).get(f"{receiver.url}/inbox", timeout=10).text
    order = references_in_order(page)
    assert order.index(newer) < order.index(older)
    article = articles(page)[newer]
    assert "INTERPRETER NEEDED" in article
    assert "Arabic (ar)" in article
    for text in ("Callback", "Amina", "+358501112223", "Work history", "Line one\nLine two"):
        assert text in article
    assert "Mon 10 Mar 2025, morning" in article
    assert "Tue 11 Mar 2025, afternoon" in article
    assert re.search(r"<dt>Received</dt><dd><time datetime=", article)
    assert "INTERPRETER NEEDED" not in articles(page)[older]


def test_a_video_request_shows_camera_and_microphone(receiver):
    body = valid_body(kind="video", video={"camera": True, "microphone": False})
    reference = receiver.post(body).json()["reference"]
    page = login(receiver).get(f"{receiver.url}/inbox", timeout=10).text
    assert "Video appointment (camera: yes, microphone: no)" in articles(page)[reference]


def test_marking_handled_takes_the_request_off_the_list_and_undo_brings_it_back(receiver):
    reference = receiver.post(valid_body(name="To Be Handled")).json()["reference"]
    session = login(receiver)
    page = session.get(f"{receiver.url}/inbox", timeout=10).text
    assert reference in articles(page)
    response = session.post(
        f"{receiver.url}/inbox/requests/{reference}/handled",
        data={"csrf_token": csrf_token(page)},
        timeout=10,
    )
    assert response.status_code == 200
    assert reference not in articles(response.text)
    assert f"{reference} is marked as handled." in response.text
    undone = session.post(
        f"{receiver.url}/inbox/requests/{reference}/reopen",
        data={"csrf_token": csrf_token(response.text)},
        timeout=10,
    )
    assert reference in articles(undone.text)


def test_marking_handled_without_the_csrf_token_is_refused(receiver):
    reference = receiver.post(valid_body()).json()["reference"]
    session = login(receiver)
    for data in ({}, {"csrf_token": "guessed"}):
        response = session.post(
            f"{receiver.url}/inbox/requests/{reference}/handled", data=data, timeout=10
        )
        assert response.status_code == 403
    page = session.get(f"{receiver.url}/inbox", timeout=10).text
    assert reference in articles(page)


def test_the_csv_export_has_the_open_requests(receiver):
    body = valid_body(name="=HYPERLINK(1)", interpreter=True, message="Ääkköset, ja pilkku")
    reference = receiver.post(body).json()["reference"]
    response = login(receiver).get(f"{receiver.url}/inbox/export.csv", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["reference"] == reference)
    assert row["name"] == "'=HYPERLINK(1)"  # not run as a formula by a spreadsheet
    assert row["phone"] == "+358401234567"
    assert row["interpreter"] == "yes"
    assert row["message"] == "Ääkköset, ja pilkku"
    assert row["preferred_times"] == "2025-03-10 morning"
    open_page = login(receiver).get(f"{receiver.url}/inbox", timeout=10).text
    assert {r["reference"] for r in rows} == set(references_in_order(open_page))


def test_everything_from_a_request_is_html_escaped(receiver):
    body = valid_body(
        name="<script>alert(1)</script>",
        topic='"><img src=x onerror=alert(2)>',
        message="</dd></dl><h1>fake</h1> & more",
        language='"><b>',
    )
    reference = receiver.post(body).json()["reference"]
    page = login(receiver).get(f"{receiver.url}/inbox", timeout=10).text
    article = articles(page)[reference]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in article
    assert "&lt;/dd&gt;&lt;/dl&gt;&lt;h1&gt;fake&lt;/h1&gt; &amp; more" in article
    assert "<script" not in page and "<img" not in page and "<b>" not in page


def test_logging_out_ends_the_session(receiver):
    session = login(receiver)
    page = session.get(f"{receiver.url}/inbox", timeout=10).text
    session.post(f"{receiver.url}/inbox/logout", data={"csrf_token": csrf_token(page)}, timeout=10)
    response = session.get(f"{receiver.url}/inbox", allow_redirects=False, timeout=10)
    assert response.headers["Location"] == "/inbox/login"


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("pair", sorted(PALETTE.pairs()))
def test_every_colour_pair_of_the_inbox_has_a_contrast_of_at_least_7_to_1(pair):
    assert contrast(*PALETTE.pairs()[pair]) >= 7
