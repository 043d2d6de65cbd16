"""Scenarios 1, 2, 5 and 7 of issue 12 in a real Moodle 4.3.0: a learner finishes the course
with every answer right and Moodle records the status, the score, the gradebook grade and
activity completion "complete", with the settings docs/en/moodle.md recommends; each recorded
answer has its own latency.

Moodle 4.3.0 works out completion when a score arrives, not when an existing status row
changes; the player stores its final status first and the score after it (scorm12.js), so
the score's arrival completes the activity.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from moodle_site import MoodleSite, Student, sco, seconds
from support.learner import COURSES, Learner, model, right_response

from builder.model import Packaging
from builder.targets import Scorm12Target

SMALL = COURSES / "decouvrir-openimis"

#: docs/en/moodle.md, "scorm.status: passed-failed".
PASSED_FAILED = {
    "grademethod": 1,  # Highest grade
    "maxgrade": 100,
    "completionstatusrequired": 2,  # Passed only
    "masteryoverride": 1,
    "popup": 0,  # Current window
    "maxattempt": 0,
    "forcenewattempt": 0,
}
#: docs/en/moodle.md, "scorm.status: completed".
COMPLETED = {
    "grademethod": 1,
    "maxgrade": 100,
    "completionstatusrequired": 4,  # Completed only
    "forcecompleted": 0,
    "popup": 0,
    "maxattempt": 0,
    "forcenewattempt": 0,
}


def assert_finished(dump: dict[str, object], status: str) -> None:
    """Status, score 100, gradebook 100 and completion complete, as Moodle stored them."""
    summary = sco(dump)  # type: ignore[arg-type]
    assert (summary["lesson_status"], summary["score_raw"]) == (status, "100"), summary
    assert float(dump["gradebook"]["grade"]) == 100.0, dump["gradebook"]  # type: ignore[index]
    assert dump["completion"]["state_name"] == "complete", dump["completion"]  # type: ignore[index]


def test_one_session_passed_failed_completes(
    moodle: MoodleSite, student: Student, packages: Callable[..., Path]
) -> None:
    activity = moodle.add_activity(packages(), "passed-failed, one session", **PASSED_FAILED)
    learner = Learner(student.enter(activity), model(SMALL))
    learner.go_through(right=True)
    learner.exit()
    dump = moodle.stored_when(activity, lambda d: sco(d)["total_time"] is not None)
    assert_finished(dump, "passed")
    assert sco(dump)["exit"] in (None, ""), "over: no suspend"
    assert seconds(sco(dump)["total_time"]) > 0


def go_through_question_by_question(learner: Learner, pause_ms: int) -> None:
    """Visit every page, answering each question right, ``pause_ms`` after the one before."""
    while learner.root.locator("#cp-next").is_visible():
        for number in learner.quiz_numbers_here():
            questions = learner.quizzes[number].questions
            for index in learner.shown_questions(number):
                time.sleep(pause_ms / 1000)
                learner.respond(number, index, right_response(questions[index]))
            learner.submit(number)
        learner.next()


def test_one_session_completed_rule_completes_with_a_latency_per_question(
    moodle: MoodleSite, student: Student, packages: Callable[..., Path]
) -> None:
    package = packages(status="completed")
    activity = moodle.add_activity(package, "completed, one session", **COMPLETED)
    learner = Learner(student.enter(activity), model(SMALL))
    go_through_question_by_question(learner, pause_ms=300)
    student.exit_activity()
    dump = moodle.stored_when(activity, lambda d: sco(d)["total_time"] is not None)
    assert_finished(dump, "completed")
    by_quiz: dict[str, list[float]] = {}
    for entry in sco(dump)["interactions"]:
        by_quiz.setdefault(entry["id"].rsplit(".", 1)[0], []).append(seconds(entry["latency"]))
    assert len(by_quiz) == 2, by_quiz
    for quiz, latencies in by_quiz.items():
        assert len(latencies) > 1, quiz
        steps = [later - earlier for earlier, later in itertools.pairwise(latencies)]
        assert min(steps) >= 0.25, f"{quiz}: one latency per question, in order: {latencies}"


def through_first_quiz(learner: Learner) -> tuple[int, str]:
    """Go page by page until the first graded quiz is answered (all right), then one page on;
    returns that quiz's number and the title of the page the learner stops on."""
    while True:
        graded = [n for n in learner.quiz_numbers_here() if learner.quizzes[n].graded]
        learner.answer_all_here(right=True)
        learner.next()
        if graded:
            return graded[0], learner.title()


def test_two_sessions_resume_and_complete(
    moodle: MoodleSite, student: Student, packages: Callable[..., Path]
) -> None:
    course = model(SMALL)
    activity = moodle.add_activity(packages(), "passed-failed, two sessions", **PASSED_FAILED)
    learner = Learner(student.enter(activity), course)
    quiz, stopped_on = through_first_quiz(learner)
    learner.previous()
    first_answers = learner.responses(quiz)
    learner.next()
    student.exit_activity()
    first = sco(moodle.stored_when(activity, lambda d: sco(d)["total_time"] is not None))
    assert (first["lesson_status"], first["exit"]) == ("incomplete", "suspend"), first
    assert first["score_raw"] is None, "no score before the last quiz"
    assert len(first["interactions"]) == len(course.modules[0].quiz.questions)  # type: ignore[union-attr]

    learner = Learner(student.enter(activity), course)
    assert learner.title() == stopped_on, "back on the page where the learner left"
    learner.previous()
    assert learner.responses(quiz) == first_answers, "earlier answers shown"
    learner.go_through(right=True)
    student.exit_activity()
    dump = moodle.stored_when(activity, lambda d: sco(d)["total_time"] != first["total_time"])
    assert_finished(dump, "passed")
    both = seconds(sco(dump)["total_time"])
    assert both > seconds(first["total_time"]) > 0, "the second session's time is added"
    assert dump["attempt_count"] == 1


def test_module_packages_each_complete_and_graded(
    moodle: MoodleSite, student: Student, packages: Callable[..., Path]
) -> None:
    course = replace(model(SMALL), packaging=Packaging.MODULE)
    folder = packages(module=True)
    for unit in Scorm12Target().units(course):
        activity = moodle.add_activity(
            folder / f"{unit.id}-scorm12.zip", f"module {unit.id}", **PASSED_FAILED
        )
        learner = Learner(student.enter(activity), unit)
        learner.go_through(right=True)
        student.exit_activity()
        dump = moodle.stored_when(activity, lambda d: sco(d)["total_time"] is not None)
        assert_finished(dump, "passed")
