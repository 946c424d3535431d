"""The staff inbox in a real browser (Debian's chromium, headless): log in, read, mark handled,
reach the step feedback by keyboard."""

import os
import shutil
from pathlib import Path

import pytest

from tests.receiver.conftest import valid_body

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

if not (CHROMIUM.exists() and CHROMEDRIVER.exists()) and not os.environ.get("CI"):
    pytest.skip(
        "chromium and chromium-driver are not installed (sh packaging/system-deps.sh --test)",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture
def browser(tmp_path):
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1000,1200",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()
    shutil.rmtree(tmp_path / "chromium-profile", ignore_errors=True)


def test_staff_log_in_see_the_request_and_mark_it_handled(start, browser):
    receiver = start()
    body = valid_body(name="Selenium <Person>", language="so", interpreter=True)
    reference = receiver.post(body).json()["reference"]
    wait = WebDriverWait(browser, 10)

    browser.get(f"{receiver.url}/inbox")
    wait.until(expected_conditions.url_contains("/inbox/login"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    password = browser.find_element(By.ID, "password")
    label = browser.find_element(By.CSS_SELECTOR, "label[for=password]")
    assert label.text == "Staff password"

    password.send_keys("wrong password")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    alert = wait.until(expected_conditions.presence_of_element_located((By.ID, "login-error")))
    assert "Wrong password" in alert.text

    browser.find_element(By.ID, "password").send_keys(receiver.password)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait.until(expected_conditions.title_contains("Open requests"))

    article = browser.find_element(
        By.CSS_SELECTOR, f'article[aria-labelledby="request-{reference}"]'
    )
    assert "Selenium <Person>" in article.text
    assert "INTERPRETER NEEDED" in article.text
    assert "Somali (so)" in article.text
    # Large text: at least 20 px for the body copy.
    assert float(article.value_of_css_property("font-size").removesuffix("px")) >= 20

    article.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    status = wait.until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, "[role=status]"))
    )
    assert f"{reference} is marked as handled." in status.text
    assert not browser.find_elements(
        By.CSS_SELECTOR, f'article[aria-labelledby="request-{reference}"]'
    )
    assert "No open requests" in browser.find_element(By.TAG_NAME, "main").text


def test_staff_reach_the_step_feedback_by_keyboard_and_read_the_table(start, browser, tmp_path):
    receiver = start()
    for clear, comment in ((False, "The word <identification> was new to me."), (True, None)):
        body = {"guide_id": "registration", "step_id": "identify", "clear": clear}
        if not clear:
            body.update(reasons=["hard-words"], comment=comment, language="fi")
        assert receiver.post_feedback(body).status_code == 201
    wait = WebDriverWait(browser, 10)
    browser.get(f"{receiver.url}/inbox")
    wait.until(expected_conditions.url_contains("/inbox/login"))
    browser.find_element(By.ID, "password").send_keys(receiver.password, Keys.ENTER)
    wait.until(expected_conditions.title_contains("Open requests"))

    # Tab from the top of the page to the link, then Enter: no mouse needed.
    for _ in range(10):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        focused = browser.switch_to.active_element
        if (focused.get_attribute("href") or "").endswith("/inbox/feedback"):
            break
    else:
        pytest.fail("the Step feedback link was not reached with Tab")
    focused.send_keys(Keys.ENTER)
    wait.until(expected_conditions.title_contains("Step feedback"))

    table = browser.find_element(By.TAG_NAME, "table")
    caption = table.find_element(By.TAG_NAME, "caption").text
    assert caption.startswith("Steps by share of “not clear” answers")
    row = table.find_element(By.CSS_SELECTOR, "tbody tr")
    assert row.find_element(By.CSS_SELECTOR, "th[scope=row]").text == "Identify yourself"
    assert "1 (50%)" in row.text
    assert "The word <identification> was new to me." in row.text
    assert float(row.value_of_css_property("font-size").removesuffix("px")) >= 20
    # The table's scrolling box takes the focus too, for reading wide tables by keyboard.
    region = browser.find_element(By.CSS_SELECTOR, "[role=region]")
    assert region.get_attribute("tabindex") == "0"
    link = browser.find_element(By.LINK_TEXT, "Open requests")
    assert link.get_attribute("aria-current") is None
    folder = Path(os.environ.get("RECEIVER_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    assert browser.save_screenshot(str(folder / "step-feedback.png"))
