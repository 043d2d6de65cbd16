"""When the LMS fails to save, the learner keeps working, is told, and nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page
from support.learner import COURSES, Learner, model, scorm_package
from support.lms import LmsSession

EXAMPLE = COURSES / "decouvrir-openimis"


def outage(page: Page, call: str, times: int) -> None:
    page.evaluate("([call, times]) => { window.lmsOutage[call] = times; }", [call, times])


def test_a_failed_commit_is_reported_and_retried_at_the_next_checkpoint(
    page: Page, lms_site: Callable[[Path], str], page_errors: list[str], tmp_path: Path
) -> None:
    session = LmsSession(page, lms_site(scorm_package(EXAMPLE, tmp_path)))
    frame = session.launch()
    learner = Learner(frame, model(EXAMPLE))
    tracking = frame.locator("#cp-tracking")

    outage(page, "LMSCommit", 1)
    learner.next()
    assert "échoué" in tracking.inner_text()
    stored = session.record().lesson_location
    assert stored == "presentation/quest-ce-que-openimis", "the LMS still has the first page"

    learner.next()
    assert "Progression enregistrée sur la plateforme" in tracking.inner_text()
    assert session.record().lesson_location == "presentation/_quiz"
    assert page_errors == []


def test_refused_values_are_sent_again_and_the_course_goes_on(
    page: Page, lms_site: Callable[[Path], str], page_errors: list[str], tmp_path: Path
) -> None:
    session = LmsSession(page, lms_site(scorm_package(EXAMPLE, tmp_path)))
    frame = session.launch()
    learner = Learner(frame, model(EXAMPLE))

    outage(page, "LMSSetValue", 3)
    learner.next()
    assert "échoué" in frame.locator("#cp-tracking").inner_text()
    learner.answer_all_here()
    learner.next()
    learner.go_through(right=True)
    learner.exit()
    record = session.record()
    assert (record.lesson_status, record.score_raw, record.lesson_location) == (
        "passed",
        "100",
        "summary",
    )
    assert record.suspend_data == session.cmi()["cmi.suspend_data"] != ""
    assert page_errors == []
