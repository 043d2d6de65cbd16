"""Two tabs of the same offline course: the later save never erases the other tab's answers.

Both tabs share one localStorage entry. A tab takes in what the other saved
when the browser tells it (the ``storage`` event) and again before saving, so
the rule is: a quiz changed in one tab keeps that tab's record; changed in
both, per question the answer changed last wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from support.learner import COURSES, Learner, build, model

EXAMPLE = COURSES / "decouvrir-openimis"
FIRST_CHECK, SECOND_CHECK, GRADED = 0, 1, 2  # quizzes on pages 0, 1 and 2
QUIZ_PAGE = "Évaluation — Présentation d'openIMIS"


@dataclass
class Tabs:
    """Tabs of one built course in one browser profile, their script errors in one list."""

    context: BrowserContext
    folder: Path
    errors: list[str] = field(default_factory=list)

    def open(self) -> Learner:
        tab = self.context.new_page()
        tab.on("pageerror", lambda error: self.errors.append(str(error)))
        tab.goto(self.folder.joinpath("index.html").as_uri())
        return Learner(tab, model(EXAMPLE))


@pytest.fixture
def tabs(page: Page, tmp_path: Path) -> Tabs:
    build(EXAMPLE, tmp_path, "html")
    return Tabs(page.context, tmp_path / "decouvrir-openimis" / "html")


def go_to(learner: Learner, title: str) -> None:
    root = learner.root
    assert isinstance(root, Page)
    root.locator(".cp-toc a", has_text=title).click()
    assert learner.title() == title


def test_quizzes_submitted_in_two_tabs_are_both_kept(tabs: Tabs) -> None:
    first, second = tabs.open(), tabs.open()

    first.answer(FIRST_CHECK, [[0]])
    go_to(second, "Où openIMIS est-il utilisé ?")
    second.answer(SECOND_CHECK, [[1]])
    go_to(second, "Avantages et défis")

    again = tabs.open()
    go_to(again, "Qu'est-ce qu'openIMIS ?")
    assert again.ticked(FIRST_CHECK) == [[0]] and not again.is_open(FIRST_CHECK)
    go_to(again, "Où openIMIS est-il utilisé ?")
    assert again.ticked(SECOND_CHECK) == [[1]] and not again.is_open(SECOND_CHECK)
    assert again.root.locator(".cp-toc a.cp-visited").count() == 3, "pages 1 and 2, and 4"
    go_to(first, "Où openIMIS est-il utilisé ?")
    assert first.ticked(SECOND_CHECK) == [[1]], "the first tab took in the second tab's answer"
    assert tabs.errors == []


def test_answers_to_different_questions_of_one_quiz_in_two_tabs_are_both_kept(tabs: Tabs) -> None:
    first, second = tabs.open(), tabs.open()

    go_to(first, QUIZ_PAGE)
    go_to(second, QUIZ_PAGE)
    first.respond(GRADED, 0, [1])
    go_to(first, "Avantages et défis")
    second.respond(GRADED, 1, [0, 2])
    go_to(second, "Avantages et défis")

    again = tabs.open()
    go_to(again, QUIZ_PAGE)
    assert again.ticked(GRADED)[:2] == [[1], [0, 2]]
    go_to(first, QUIZ_PAGE)
    assert first.ticked(GRADED)[:2] == [[1], [0, 2]], "the open tab shows both answers too"
    assert tabs.errors == []


def test_an_answer_changed_again_in_the_other_tab_replaces_the_older_one(tabs: Tabs) -> None:
    first, second = tabs.open(), tabs.open()

    go_to(first, QUIZ_PAGE)
    first.respond(GRADED, 0, [1])
    go_to(first, "Avantages et défis")
    go_to(second, QUIZ_PAGE)
    assert second.ticked(GRADED)[0] == [1]
    second.respond(GRADED, 0, [2])
    go_to(second, "Avantages et défis")

    again = tabs.open()
    go_to(again, QUIZ_PAGE)
    assert again.ticked(GRADED)[0] == [2]
    assert tabs.errors == []


def seen(learner: Learner) -> list[int]:
    """The pages the tab marks as seen in its table of contents."""
    links = learner.root.locator(".cp-toc a.cp-visited")
    return sorted(int(n) for n in links.evaluate_all("(all) => all.map((a) => a.dataset.page)"))


def test_pages_seen_in_either_tab_count_in_both(tabs: Tabs) -> None:
    """Each tab sees pages the other never showed: every tab ends up counting all of them."""
    first, second = tabs.open(), tabs.open()
    go_to(first, "Où openIMIS est-il utilisé ?")  # the first tab shows pages 0 and 1
    go_to(second, "Avantages et défis")  # the second shows pages 0 and 3, never 1
    both = [0, 1, 3]

    assert seen(second) == both, "the second tab took in the page the first one showed"
    expect(first.root.locator(".cp-toc a.cp-visited")).to_have_count(len(both))
    assert seen(first) == both, "the first tab took in the page the second one showed"
    again = tabs.open()
    assert set(both) <= set(seen(again)), "what the last save kept counts both tabs' pages"
    assert tabs.errors == []


def test_answers_given_in_both_tabs_before_either_saves_are_both_kept(tabs: Tabs) -> None:
    """Both tabs change the same open quiz before either saves: each answer survives."""
    first, second = tabs.open(), tabs.open()
    go_to(first, QUIZ_PAGE)
    go_to(second, QUIZ_PAGE)
    first.respond(GRADED, 0, [1])
    second.respond(GRADED, 1, [0, 2])
    go_to(first, "Avantages et défis")
    go_to(second, "Avantages et défis")

    again = tabs.open()
    go_to(again, QUIZ_PAGE)
    assert again.ticked(GRADED)[:2] == [[1], [0, 2]]
    go_to(second, QUIZ_PAGE)
    assert second.ticked(GRADED)[:2] == [[1], [0, 2]]
    assert tabs.errors == []
