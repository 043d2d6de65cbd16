"""The offline HTML folder opened straight from disk, as from a USB stick.

Every request the page makes is logged: all of them must stay inside the
built folder. Progress must survive closing the page and opening it again.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Request
from support.learner import COURSES, Learner, build, model

EXAMPLE = COURSES / "decouvrir-openimis"


def open_course(page: Page, folder: Path) -> None:
    page.goto(folder.joinpath("index.html").as_uri())


def outside(requests: list[Request], folder: Path) -> list[str]:
    inside = folder.as_uri() + "/"
    return [r.url for r in requests if not r.url.startswith(inside)]


def test_the_course_runs_from_disk_with_no_request_leaving_its_folder(
    page: Page, request_log: list[Request], page_errors: list[str], tmp_path: Path
) -> None:
    build(EXAMPLE, tmp_path, "html")
    folder = tmp_path / "decouvrir-openimis" / "html"
    open_course(page, folder)
    learner = Learner(page, model(EXAMPLE))
    learner.go_through(right=True)

    assert "Cours réussi" in page.locator("#cp-summary-body").inner_text()
    assert "hors ligne" in page.locator("#cp-tracking").inner_text()
    assert len(request_log) >= 4, "the page, its CSS, its script and the lesson image"
    assert outside(request_log, folder) == []
    assert page_errors == []


def test_progress_and_answers_survive_closing_the_page(
    page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    course = model(EXAMPLE)
    build(EXAMPLE, tmp_path, "html")
    folder = tmp_path / "decouvrir-openimis" / "html"
    open_course(page, folder)
    learner = Learner(page, course)
    learner.next()
    learner.next()
    quiz = learner.quiz_numbers_here()[0]
    picks = [[0], [0, 1], [1], [1]]
    learner.answer(quiz, picks)
    learner.next()
    where = learner.title()
    context = page.context
    page.close()

    again = context.new_page()
    errors: list[str] = []
    again.on("pageerror", lambda error: errors.append(str(error)))
    open_course(again, folder)
    learner = Learner(again, course)
    assert learner.title() == where
    toc_marks = again.locator(".cp-toc a.cp-visited").count()
    assert toc_marks == 4, "the three pages seen and the one shown are marked as visited"
    learner.previous()
    assert learner.ticked(quiz) == picks
    assert errors == [] and page_errors == []


def test_navigation_never_reloads_the_page(page: Page, tmp_path: Path) -> None:
    build(EXAMPLE, tmp_path, "html")
    folder = tmp_path / "decouvrir-openimis" / "html"
    open_course(page, folder)
    page.evaluate("() => { window.stillHere = true; }")
    learner = Learner(page, model(EXAMPLE))
    page.locator(".cp-toc a", has_text="Les postes de coût").click()
    assert learner.title() == "Les postes de coût"
    page.locator(".cp-toc a", has_text="Où openIMIS est-il utilisé ?").click()
    learner.page.get_by_role("link", name="la leçon précédente").click()
    assert learner.title() == "Qu'est-ce qu'openIMIS ?"
    assert page.evaluate("() => window.stillHere") is True
