"""The offline HTML in a second engine: WebKitGTK, of Safari's engine family, through Selenium.

Everything else runs in Chromium; the guides promise Safari too (docs/en/offline.md). A learner
opens the built folder from disk in WebKitGTK's MiniBrowser (driven by ``WebKitWebDriver`` from
Debian's ``webkit2gtk-driver``), reads the first lesson, answers every quiz right (answers read
from the course sources), and reaches the results page, which must say the course is passed.
MiniBrowser needs an X display: without ``DISPLAY`` the fixture starts its own ``Xvfb``.
A missing driver or Xvfb is a failure, not a skip, like a missing Chromium.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.wait import WebDriverWait
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service
from support.learner import COURSES, build, model, quizzes_in_page_order, right_response

pytestmark = [
    pytest.mark.browser,
    # Selenium's own WebKitGTK driver still uses a call Selenium deprecates: not ours to fix.
    pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning"),
]

EXAMPLE = COURSES / "decouvrir-openimis"
DRIVER = Path("/usr/bin/WebKitWebDriver")
WAIT_S = 30
#: Runs after the page loads: keeps the page's uncaught errors for the end of the test.
WATCH_ERRORS = """
window.seenErrors = [];
window.addEventListener("error", function (e) { window.seenErrors.push(String(e.message)); });
"""


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """The X display MiniBrowser draws on: ``$DISPLAY``, or a private Xvfb for this module."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.fail("Xvfb is missing: install Debian's xvfb (tests/run.sh does)", pytrace=False)
    reading, writing = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(writing), "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        pass_fds=(writing,),
        stderr=subprocess.DEVNULL,
    )
    os.close(writing)
    with os.fdopen(reading) as announced:
        number = announced.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def webkit(display: str) -> Iterator[WebDriver]:
    if not DRIVER.is_file():
        pytest.fail(
            f"{DRIVER} is missing: install Debian's webkit2gtk-driver (tests/run.sh does)",
            pytrace=False,
        )
    service = Service(executable_path=str(DRIVER), env={**os.environ, "DISPLAY": display})
    driver = webdriver.WebKitGTK(options=Options(), service=service)
    driver.set_page_load_timeout(WAIT_S)
    yield driver
    driver.quit()


def shown(driver: WebDriver, selector: str) -> str:
    """The text of ``selector`` inside the page now shown."""
    return str(driver.find_element(By.CSS_SELECTOR, f".cp-page:not([hidden]) {selector}").text)


def test_a_learner_goes_through_the_offline_course_in_webkit(
    webkit: WebDriver, tmp_path: Path
) -> None:
    course = model(EXAMPLE)
    quizzes = quizzes_in_page_order(course)
    build(EXAMPLE, tmp_path, "html")
    webkit.get((tmp_path / course.id / "html" / "index.html").as_uri())
    wait = WebDriverWait(webkit, WAIT_S)
    wait.until(lambda d: d.execute_script("return document.documentElement.className") == "js")
    webkit.execute_script(WATCH_ERRORS)
    assert "WebKit" in webkit.execute_script("return navigator.userAgent")

    assert shown(webkit, "h1") == course.modules[0].lessons[0].title
    pages = 0
    while webkit.find_element(By.ID, "cp-next").is_displayed():
        for form in webkit.find_elements(By.CSS_SELECTOR, ".cp-page:not([hidden]) form"):
            number = int(form.get_attribute("data-quiz") or "")
            for fieldset in form.find_elements(By.CSS_SELECTOR, "fieldset.cp-question"):
                if not fieldset.is_displayed():
                    continue
                index = int(fieldset.get_attribute("data-question") or "")
                question = quizzes[number].questions[index]
                assert question.type.has_choices, "this course only has choice questions"
                answer = right_response(question)
                assert isinstance(answer, list)
                for choice in answer:
                    fieldset.find_element(
                        By.CSS_SELECTOR, f'input[name="q{number}-{index}"][value="{choice}"]'
                    ).click()
            form.find_element(By.CSS_SELECTOR, ".cp-submit").click()
            message = form.find_element(By.CSS_SELECTOR, ".cp-quiz-message")
            wait.until(lambda d, m=message: m.text.strip() != "")
        before = shown(webkit, "h1")
        webkit.find_element(By.ID, "cp-next").click()
        wait.until(lambda d, b=before: shown(d, "h1") != b)
        pages += 1

    assert pages == sum(len(m.lessons) + (m.quiz is not None) for m in course.modules)
    assert shown(webkit, "h1") == "Bilan du cours"
    assert "Cours réussi" in webkit.find_element(By.ID, "cp-summary-body").text
    assert webkit.execute_script("return window.seenErrors") == []
