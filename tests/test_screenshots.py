"""Phones to desktops: the flagship course at 360, 768 and 1280 px wide, photographed.

At each width the test opens a lesson with a wide table, a module quiz with its feedback
shown, and the table of contents, saves a screenshot of each in test-output/screenshots/
(printed at the end, for a person to look at) and checks what can be checked: nothing wider
than the screen, images and tables inside it, and on narrow screens a drawer that covers the
page when opened and is gone when closed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from support.learner import COURSES, REPO, Learner, build, model, wrong_response

FLAGSHIP = COURSES / "openimis-point-focal"
SHOTS = REPO / "test-output" / "screenshots"
WIDTHS = (360, 768, 1280)
DRAWER_BELOW = 800  # px: the table of contents is a drawer below 50rem

_OVERFLOW = """() => {
  const width = window.innerWidth;
  const page = document.scrollingElement.scrollWidth;
  const wide = Array.from(document.querySelectorAll(".cp-page:not([hidden]) img, " +
      ".cp-page:not([hidden]) table, .cp-header, .cp-pager"))
    .filter((e) => e.getBoundingClientRect().right > width + 0.5)
    .map((e) => e.tagName + "." + e.className);
  return { page: page, width: width, wide: wide };
}"""


def shoot(page: Page, name: str) -> Path:
    """Save the screen as it is now under test-output/screenshots/ and return the path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def assert_fits(page: Page, where: str) -> None:
    found = page.evaluate(_OVERFLOW)
    assert found["page"] <= found["width"], f"{where}: the page scrolls sideways"
    assert found["wide"] == [], f"{where}: wider than the screen"


@pytest.fixture(scope="module")
def course_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("screens")
    build(FLAGSHIP, out, "html")
    return (out / model(FLAGSHIP).id / "html" / "index.html").as_uri()


def open_at(browser: Browser, url: str, width: int) -> tuple[Page, Learner]:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(url)
    return page, Learner(page, model(FLAGSHIP))


def go_to_page_with(learner: Learner, selector: str) -> None:
    while not learner.page.locator(selector).count():
        assert learner.root.locator("#cp-next").is_visible(), f"no page has {selector}"
        learner.next()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lesson_with_a_table_fits_the_screen(
    browser: Browser, course_url: str, width: int
) -> None:
    page, learner = open_at(browser, course_url, width)
    go_to_page_with(learner, "table")
    learner.page.locator("table").first.evaluate(
        "(element) => element.scrollIntoView({ block: 'center' })"
    )
    assert_fits(page, f"lesson at {width} px")
    print(f"\n{shoot(page, f'{width}-lesson')}")
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_quiz_with_feedback_fits_the_screen(
    browser: Browser, course_url: str, width: int
) -> None:
    page, learner = open_at(browser, course_url, width)
    go_to_page_with(learner, ".cp-page-quiz form, .cp-quiz-graded")
    number = learner.quiz_numbers_here()[0]
    learner.answer(number, [wrong_response(q) for q in learner.quizzes[number].questions])
    result = learner.form(number).locator(".cp-question-result:not([hidden])").first
    result.evaluate("(element) => element.scrollIntoView({ block: 'center' })")
    assert_fits(page, f"quiz at {width} px")
    print(f"\n{shoot(page, f'{width}-quiz-feedback')}")
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_table_of_contents_opens_and_closes(
    browser: Browser, course_url: str, width: int
) -> None:
    page, learner = open_at(browser, course_url, width)
    toc = page.locator("#cp-toc")
    toggle = page.locator(".cp-toc-toggle")
    learner.next()
    if width >= DRAWER_BELOW:
        assert not toggle.is_visible(), "wide screens show the contents beside the page"
        assert toc.is_visible()
        print(f"\n{shoot(page, f'{width}-toc')}")
        page.close()
        return
    assert not toc.is_visible()
    page.evaluate("window.scrollTo(0, 600)")  # opened from the middle of a lesson
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    box = toc.bounding_box()
    assert box is not None and box["x"] == 0 and box["width"] >= min(width * 0.8, 288)
    covering = page.evaluate(
        """(box) => {
          const bottom = Math.min(box.y + box.height, window.innerHeight);
          const hit = document.elementFromPoint(box.x + box.width / 2, (box.y + bottom) / 2);
          return hit !== null && hit.closest("#cp-toc") !== null;
        }""",
        box,
    )
    assert covering, "the drawer is on top of the page"
    assert_fits(page, f"open contents at {width} px")
    print(f"\n{shoot(page, f'{width}-toc')}")
    page.mouse.click(width - 10, 400)  # beside the drawer
    assert not toc.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    page.keyboard.press("Escape")
    assert not toc.is_visible()
    assert page.evaluate("document.activeElement.className") == "cp-toc-toggle"
    page.close()
