"""The marking rules of the player at their edges, on the answer keys the builder wrote.

The end-to-end tests answer quizzes the way learners mostly do; the rules also promise what
happens at the edges (docs/en/authoring.md, section 3): both bounds of a numeric range are
right, a decimal comma is a number, a typed answer is forgiven its case, accents and spaces,
partial credit never goes below 0, a score equal to the pass mark passes, and a quiz's weight
counts in the course score. Each is asked of the player's own functions
(``Coursepack.marking``, ``Coursepack.progress``) in Chromium, on the real page data of the
every-type course.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page
from support.learner import ROOTS, build, model

COURSE_DIR = ROOTS / "ok-all-question-types"
EVERY_TYPE = 1  # the graded quiz: single, multiple, true-false, fill-in, 2 numeric, matching, …
CAPITAL, COLOURS, EARTH, CITY, HALF, YEAR, CAPITALS, STEPS = range(8)


@pytest.fixture(scope="module")
def player_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("marking")
    build(COURSE_DIR, out, "html")
    yield (out / model(COURSE_DIR).id / "html" / "index.html").as_uri()


@pytest.fixture
def data(page: Page, player_url: str) -> dict[str, Any]:
    """The page data with its answer keys, kept in the page as ``D``."""
    page.goto(player_url)
    found: dict[str, Any] = page.evaluate(
        """() => {
            window.D = Coursepack.marking.pageData(
                document.getElementById("cp-data").textContent);
            return window.D;
        }"""
    )
    assert len(found["quizzes"][EVERY_TYPE]["questions"]) == 8
    return found


def credit(page: Page, question: int, answer: Any) -> float:
    return float(
        page.evaluate(
            "([i, a]) => Coursepack.marking.credit(D.quizzes[1].questions[i], a)",
            [question, answer],
        )
    )


def mask(*choices: int) -> int:
    """Ticked choices as the player keeps them: one bit per choice."""
    return sum(1 << choice for choice in choices)


def test_both_bounds_of_a_numeric_answer_are_right(page: Page, data: dict[str, Any]) -> None:
    assert [credit(page, HALF, typed) for typed in ("3.4", "3,5", "3.6", "3.39", "3,61")] == [
        1, 1, 1, 0, 0,
    ]  # fmt: skip
    assert [credit(page, YEAR, typed) for typed in ("2018", "2019", "2020", "2021", "2022")] == [
        0, 1, 1, 1, 0,
    ]  # fmt: skip


def test_a_typed_answer_is_forgiven_case_accents_and_spaces(
    page: Page, data: dict[str, Any]
) -> None:
    for typed in ("Ouagadougou", "  ouagadougou ", "OUAGADÔUGOU", "Ouagà", "ouaga"):
        assert credit(page, CITY, typed) == 1, typed
    assert credit(page, CITY, "Ouaga dougou") == 0


def test_partial_credit_counts_right_picks_less_wrong_ones_never_below_zero(
    page: Page, data: dict[str, Any]
) -> None:
    # Red (0) and Green (2) are right; Cat (1) and Table (3) are not.
    assert credit(page, COLOURS, mask(0, 2)) == 1
    assert credit(page, COLOURS, mask(0)) == 0.5
    assert credit(page, COLOURS, mask(0, 1)) == 0
    assert credit(page, COLOURS, mask(0, 1, 3)) == 0
    assert credit(page, COLOURS, mask(1, 3)) == 0
    assert credit(page, CAPITALS, [0, 2, 1]) == pytest.approx(1 / 3)


def test_a_quiz_score_equal_to_its_pass_mark_passes(page: Page, data: dict[str, Any]) -> None:
    pass_mark = data["quizzes"][EVERY_TYPE]["passMark"]
    results = [
        page.evaluate("(s) => Coursepack.marking.passed(D.quizzes[1], {score: s})", score)
        for score in (pass_mark, pass_mark - 0.01, 100)
    ]
    assert results == [True, False, True]


def test_each_graded_quiz_counts_with_its_weight(page: Page, data: dict[str, Any]) -> None:
    graded = [q for q, quiz in enumerate(data["quizzes"]) if quiz["graded"]]
    assert len(graded) == 2
    scores = page.evaluate(
        """(graded) => {
            const progress = Coursepack.progress(D);
            const state = progress.fresh();
            state.quizzes[graded[0]].score = 90;
            state.quizzes[graded[1]].score = 30;
            const even = progress.score(state);
            D.quizzes[graded[0]].weight = 2;
            return [even, Coursepack.progress(D).score(state)];
        }""",
        graded,
    )
    assert scores == [60, 70]
