"""WCAG 2.1 AA: axe-core finds nothing on any screen of the shipped courses.

Every page of every shipped course is scanned in the HTML target opened from disk, with each
quiz scanned again once its feedback shows (a wrong attempt, then a right one); the summary,
the phone layout with its open table of contents, and the SCORM package inside the test LMS are
scanned too. Checks axe cannot make (where focus goes, the skip link, live regions, the
document language) follow.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Frame, Page, ViewportSize
from support.axe import violations
from support.learner import (
    COURSES,
    Learner,
    Response,
    build,
    model,
    scorm_package,
    wrong_response,
)
from support.lms import LmsSession

from builder.load import find_courses
from builder.model import Question, QuestionType

SHIPPED = find_courses(COURSES)
FLAGSHIP = COURSES / "openimis-point-focal"
PHONE = ViewportSize(width=360, height=740)
DESKTOP = ViewportSize(width=1280, height=800)


@pytest.fixture
def scanned(browser: Browser) -> Iterator[Callable[[ViewportSize], Page]]:
    """Factory of pages whose Content-Security-Policy lets the test add axe's script.

    The player's policy rightly refuses inline scripts, and Playwright injects axe as one;
    each page gets its own context and fails the test on any uncaught script error.
    """
    errors: list[str] = []
    contexts: list[BrowserContext] = []

    def open_page(viewport: ViewportSize) -> Page:
        context = browser.new_context(bypass_csp=True, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []


def html_index(course_dir: Path, out: Path) -> str:
    """Build the HTML target of ``course_dir``; returns the file:// address of its page."""
    build(course_dir, out, "html")
    return (out / model(course_dir).id / "html" / "index.html").as_uri()


def mistaken(question: Question) -> Response:
    """An answer that is not right, even for a question whose every choice is right."""
    if question.type.has_choices and all(choice.correct for choice in question.choices):
        return [0]
    return wrong_response(question)


def scan_course(
    root: Page | Frame, learner: Learner, every_page: bool = True
) -> tuple[list[str], set[QuestionType], int]:
    """Scan pages, each quiz once answered wrong so that its feedback shows.

    Returns what axe found, the question types seen and how many scans ran. Without
    ``every_page``, only the first lesson, the summary and the quizzes that show a question
    type not seen yet are scanned: the same screens, faster.
    """
    found: list[str] = []
    types: set[QuestionType] = set()
    scans = 0
    first = True
    while True:
        title = learner.title()
        last = not root.locator("#cp-next").is_visible()
        if every_page or first or last:
            found += violations(root, title)
            scans += 1
        first = False
        for number in learner.quiz_numbers_here():
            questions = learner.quizzes[number].questions
            shown = {questions[i].type for i in learner.shown_questions(number)}
            if not learner.is_open(number) or not (every_page or shown - types):
                continue
            types |= shown
            learner.answer(number, [mistaken(q) for q in questions])
            found += violations(root, f"{title}, quiz {number} answered wrong")
            scans += 1
        if last:
            glossary = root.locator(".cp-toc-glossary")
            if glossary.count():  # a course with a glossary has one more page, off the pager
                glossary.click()
                found += violations(root, "glossary")
                scans += 1
            return found, types, scans
        learner.next()


@pytest.mark.parametrize("course_dir", SHIPPED, ids=lambda path: path.name)
def test_every_screen_of_each_shipped_course_passes_axe(
    scanned: Callable[[ViewportSize], Page], tmp_path: Path, course_dir: Path
) -> None:
    page = scanned(DESKTOP)
    page.goto(html_index(course_dir, tmp_path))
    learner = Learner(page, model(course_dir))

    found, types, scans = scan_course(page, learner)

    assert found == []
    assert scans > len(learner.quizzes), "every page and every quiz was scanned"
    if course_dir == FLAGSHIP:
        assert types == set(QuestionType), "the flagship shows every question type"
    print(
        f"\n{course_dir.name}: {scans} screens scanned, axe found nothing; "
        "question types with feedback shown: "
        f"{', '.join(sorted(t.value for t in types))}"
    )


def test_phone_layout_and_open_table_of_contents_pass_axe(
    scanned: Callable[[ViewportSize], Page], tmp_path: Path
) -> None:
    page = scanned(PHONE)
    page.goto(html_index(FLAGSHIP, tmp_path))
    learner = Learner(page, model(FLAGSHIP))
    found = violations(page, "phone, first lesson")
    page.locator(".cp-toc-toggle").click()
    assert page.locator("#cp-toc").is_visible()
    found += violations(page, "phone, table of contents open")
    page.keyboard.press("Escape")
    assert not page.locator("#cp-toc").is_visible()
    while not learner.quiz_numbers_here():
        learner.next()
    learner.answer_all_here(right=False)
    found += violations(page, "phone, quiz feedback")
    assert found == []


def test_the_scorm_package_in_the_lms_passes_axe(
    scanned: Callable[[ViewportSize], Page], lms_site: Callable[[Path], str], tmp_path: Path
) -> None:
    package = scorm_package(FLAGSHIP, tmp_path)
    frame = LmsSession(scanned(DESKTOP), lms_site(package)).launch()
    found, types, scans = scan_course(frame, Learner(frame, model(FLAGSHIP)), every_page=False)
    assert found == []
    assert types == set(QuestionType)
    print(f"\nSCORM package in the LMS: {scans} screens scanned, axe found nothing")


def test_page_language_skip_link_focus_and_live_regions(page: Page, tmp_path: Path) -> None:
    page.goto(html_index(FLAGSHIP, tmp_path))
    learner = Learner(page, model(FLAGSHIP))
    assert page.evaluate("document.documentElement.lang") == "fr"

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "cp-skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "cp-main"

    learner.next()
    focused = page.evaluate("document.activeElement.id")
    assert focused == learner.page.locator("h1").get_attribute("id"), "focus on the new heading"

    while not learner.quiz_numbers_here():
        learner.next()
    number = learner.quiz_numbers_here()[0]
    message = learner.form(number).locator(".cp-quiz-message")
    assert message.get_attribute("aria-live") == "polite"
    learner.answer_all_here(right=False)
    assert message.inner_text(), "the result is written into the live region"
    active = page.evaluate("document.activeElement.className")
    assert active in ("cp-quiz-message", "cp-button cp-secondary cp-retry"), active


def test_nothing_moves_when_the_learner_asks_for_reduced_motion(page: Page, tmp_path: Path) -> None:
    page.emulate_media(reduced_motion="reduce")
    page.goto(html_index(FLAGSHIP, tmp_path))
    durations = page.evaluate(
        """() => Array.from(document.querySelectorAll('*')).map((e) => {
             const s = getComputedStyle(e);
             return s.transitionDuration + ' ' + s.animationDuration;
           }).filter((d) => d !== '0s 0s')"""
    )
    assert durations == []
