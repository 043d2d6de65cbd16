"""What the SCORM package itself sends to the LMS, read from the raw API calls.

``support.lms.LmsSession.record`` rebuilds what Moodle would store, and Moodle overrides the
status from the score and the mastery score: a package that sends a wrong status would still
look right there. These tests read every ``LMSSetValue``/``LMSCommit``/``LMSFinish`` the SCO
made (tests/lms/lms.html logs them) and check the values and their order: the status the
package computed (``passed`` at a score equal to the pass mark, ``failed`` below it) is the
last one it sets before its last successful commit or finish, together with the score.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers_courses import write_files
from playwright.sync_api import Page
from support.learner import Learner, model, right_choices, scorm_package, wrong_choices
from support.lms import LmsSession

PASS_MARK = 75
#: Four questions of equal weight: each right answer is worth 25 points.
QUIZ = "questions:\n" + "".join(
    f"""  - prompt: Question {n} ?
    choices:
      - text: Juste {n}
        correct: true
      - text: Faux {n}
"""
    for n in range(4)
)


@pytest.fixture(scope="module")
def pass_mark_course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One lesson and one graded quiz of four questions, with a pass mark of 75."""
    return write_files(
        tmp_path_factory.mktemp("pass-mark") / "seuil",
        {
            "course.yml": (
                f"id: seuil\ntitle: Seuil\nlanguage: fr\nversion: '1'\npass_mark: {PASS_MARK}\n"
            ),
            "01-module/01-lecon.md": "---\ntitle: Leçon\n---\n\nTexte.\n",
            "01-module/quiz.yml": QUIZ,
        },
    )


def sent(calls: list[dict[str, Any]], element: str, before: int) -> list[str]:
    """The values the SCO set ``element`` to, accepted, in the calls before index ``before``."""
    return [
        str(call["args"][1])
        for call in calls[:before]
        if call["fn"] == "LMSSetValue" and call["args"][0] == element and call["result"] == "true"
    ]


def last_store(calls: list[dict[str, Any]]) -> int:
    """The index of the last successful LMSCommit or LMSFinish: what the LMS keeps."""
    stores = [
        index
        for index, call in enumerate(calls)
        if call["fn"] in ("LMSCommit", "LMSFinish") and call["result"] == "true"
    ]
    assert stores, "the package never committed"
    return stores[-1]


@pytest.mark.parametrize(
    ("right_answers", "score", "status", "message"),
    [
        (3, "75", "passed", "Cours réussi"),  # exactly the pass mark passes
        (2, "50", "failed", "Cours non réussi"),
        (0, "0", "failed", "Cours non réussi"),
    ],
    ids=["at-the-pass-mark", "below", "none-right"],
)
def test_the_package_sends_the_status_it_computed_with_its_score(
    page: Page,
    lms_site: Callable[[Path], str],
    page_errors: list[str],
    tmp_path: Path,
    pass_mark_course: Path,
    right_answers: int,
    score: str,
    status: str,
    message: str,
) -> None:
    course = model(pass_mark_course)
    session = LmsSession(page, lms_site(scorm_package(pass_mark_course, tmp_path)))
    learner = Learner(session.launch(), course)
    learner.next()
    [number] = learner.quiz_numbers_here()
    questions = learner.quizzes[number].questions
    picks = [
        right_choices(question) if index < right_answers else wrong_choices(question)
        for index, question in enumerate(questions)
    ]
    verdict = learner.answer(number, list(picks))
    assert ("Évaluation réussie" in verdict) is (status == "passed"), verdict
    learner.next()
    assert message in learner.root.locator("#cp-summary-body").inner_text()
    learner.exit()
    session.unload()  # whatever exit does, leaving the page ends the session

    calls = session.calls()
    stored = last_store(calls)
    statuses = sent(calls, "cmi.core.lesson_status", stored + 1)
    assert statuses, "the package never set its status"
    assert statuses[-1] == status, statuses
    assert set(statuses) <= {"incomplete", status}, "no other final status on the way"
    assert sent(calls, "cmi.core.score.raw", stored + 1)[-1:] == [score]
    assert sent(calls, "cmi.core.score.min", stored + 1)[-1:] == ["0"]
    assert sent(calls, "cmi.core.score.max", stored + 1)[-1:] == ["100"]
    # The quiz's own pass mark is the course's: its objective says the same.
    assert sent(calls, "cmi.objectives.0.status", stored + 1)[-1:] == [status]
    assert sent(calls, "cmi.objectives.0.score.raw", stored + 1)[-1:] == [score]
    final_status = max(
        index
        for index, call in enumerate(calls)
        if call["fn"] == "LMSSetValue" and call["args"][0] == "cmi.core.lesson_status"
    )
    assert final_status < stored, "the final status is set before the last commit, not after"
    assert [call["fn"] for call in calls].count("LMSFinish") == 1
    assert all(call["error"] == "0" for call in calls), calls
    assert page_errors == []
