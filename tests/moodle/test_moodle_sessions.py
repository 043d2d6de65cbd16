"""Scenarios 3 and 4 of issue 12 in a real Moodle 4.3.0: closing the tab without "Exit
activity", a failed attempt, its review, and the new attempt that retries it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from moodle_site import MoodleSite, Student, sco, seconds
from support.learner import REPO, Learner, model, right_response
from test_moodle_completion import PASSED_FAILED, SMALL, through_first_quiz

FRENCH = json.loads((REPO / "themes/default/locales/fr.json").read_text(encoding="utf-8"))


def test_closing_the_tab_twice_keeps_each_session(
    moodle: MoodleSite, student: Student, packages: Callable[..., Path]
) -> None:
    course = model(SMALL)
    activity = moodle.add_activity(packages(), "closing the tab", **PASSED_FAILED)
    learner = Learner(student.enter(activity), course)
    left_on = through_first_quiz(learner)[1]
    student.close_tab()
    first = sco(moodle.stored_when(activity, lambda d: sco(d)["total_time"] is not None))
    assert (first["lesson_status"], first["exit"]) == ("incomplete", "suspend"), first
    assert seconds(first["total_time"]) > 0

    learner = Learner(student.enter(activity), course)
    assert learner.title() == left_on, "the second visit resumes"
    learner.next()
    left_on = learner.title()
    student.close_tab()
    dump = moodle.stored_when(activity, lambda d: sco(d)["total_time"] != first["total_time"])
    second = sco(dump)
    assert second["exit"] == "suspend", second
    assert seconds(second["total_time"]) > seconds(first["total_time"]), "both sessions counted"

    learner = Learner(student.enter(activity), course)
    assert learner.title() == left_on, "the third visit resumes where the second left"
    assert dump["attempt_count"] == 1


def unchanging(summary: dict[str, Any]) -> dict[str, Any]:
    """What a review session must leave as it was: every element but the total time (Moodle
    itself re-sends the same total at LMSFinish), and the interactions."""
    elements = {k: v for k, v in summary["elements"].items() if k != "cmi.core.total_time"}
    return {"elements": elements, "interactions": summary["interactions"]}


def test_failed_attempt_is_reviewed_without_writing_and_retried_as_a_new_attempt(
    moodle: MoodleSite, student: Student, packages: Callable[..., Path]
) -> None:
    course = model(SMALL)
    activity = moodle.add_activity(packages(), "all wrong", **PASSED_FAILED)
    frame = student.enter(activity)
    learner = Learner(frame, course)
    learner.go_through(right=False)
    advice = FRENCH["summary.lms_failed"].replace("{score}", "0")
    assert advice in frame.locator("#cp-summary-body").inner_text()
    learner.exit()
    dump = moodle.stored(activity)
    failed = sco(dump)
    assert (failed["lesson_status"], failed["score_raw"]) == ("failed", "0"), failed
    assert float(dump["gradebook"]["grade"]) == 0.0, dump["gradebook"]
    assert dump["completion"]["state_name"] == "incomplete", dump["completion"]

    frame = student.enter(activity)
    notice = FRENCH["review.failed"].replace("{score}", "0")
    assert frame.locator("#cp-notice").inner_text() == notice
    learner = Learner(frame, course)
    while not learner.quiz_numbers_here():
        learner.previous()
    (number,) = learner.quiz_numbers_here()
    learner.retry(number)
    learner.answer(number, [right_response(q) for q in learner.quizzes[number].questions])
    learner.next()
    summary = frame.locator("#cp-summary-body").inner_text()
    assert frame.locator("#cp-notice").inner_text() == notice, "the notice stays above the page"
    assert notice not in summary, "the summary does not repeat the notice"
    assert FRENCH["summary.status.passed"] not in summary
    assert frame.locator("#cp-tracking").inner_text() == FRENCH["tracking.review"]
    learner.exit()
    assert frame.locator("#cp-exit-message").inner_text() == FRENCH["summary.exited_review"]
    reviewed = sco(moodle.stored(activity))
    assert unchanging(reviewed) == unchanging(failed), "a review writes nothing"

    learner = Learner(student.enter(activity, new_attempt=True), course)
    assert learner.title() == course.modules[0].lessons[0].title, "a new attempt starts afresh"
    learner.go_through(right=True)
    learner.exit()
    dump = moodle.stored(activity)
    retried = sco(dump, attempt=2)
    assert (retried["lesson_status"], retried["score_raw"]) == ("passed", "100"), retried
    assert float(dump["gradebook"]["grade"]) == 100.0, dump["gradebook"]
    assert dump["completion"]["state_name"] == "complete", dump["completion"]
