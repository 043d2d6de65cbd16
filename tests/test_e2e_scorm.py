"""The SCORM 1.2 package in a browser, hosted by a strict LMS (scorm-again), as in Moodle.

Each test builds a real course with the ``coursepack`` command, unzips the
package, launches it in the test LMS page, clicks through it as a learner and
asserts on what the LMS stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from playwright.sync_api import Page
from support.learner import (
    COURSES,
    ROOTS,
    Learner,
    model,
    right_choices,
    scorm_package,
    wrong_choices,
)
from support.lms import LmsSession

from builder.load import find_courses

EXAMPLE = COURSES / "decouvrir-openimis"
SHIPPED = find_courses(COURSES)
TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
# Format 2 (themes/default/static/codec.js): version, structure key, level, payload and checksum.
SUSPEND_DATA = re.compile(r"^2\.[0-9a-f]{8}\.[0-3][A-Za-z0-9_-]{5,}$")
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore"


def mastery_score(package: Path) -> str:
    found = etree.parse(str(package / "imsmanifest.xml")).findall(f".//{ADLCP}")
    return found[0].text or "" if found else ""


def calls_named(session: LmsSession, name: str) -> list[dict[str, object]]:
    return [call for call in session.calls() if call["fn"] == name]


@pytest.mark.parametrize("course_dir", SHIPPED, ids=lambda path: path.name)
def test_a_learner_passes_each_shipped_course_in_one_session(
    page: Page,
    lms_site: Callable[[Path], str],
    page_errors: list[str],
    tmp_path: Path,
    course_dir: Path,
) -> None:
    course = model(course_dir)
    package = scorm_package(course_dir, tmp_path)
    session = LmsSession(page, lms_site(package))
    frame = session.launch(mastery_score=mastery_score(package))
    learner = Learner(frame, course)

    assert learner.title() == course.modules[0].lessons[0].title
    learner.go_through(right=True)
    assert learner.title() == "Bilan du cours"
    assert "Cours réussi" in frame.locator("#cp-summary-body").inner_text()
    learner.exit()

    record = session.record()
    assert record.finished
    assert record.lesson_status == "passed"
    assert (record.score_raw, record.score_min, record.score_max) == ("100", "0", "100")
    assert record.lesson_location == "summary"
    assert record.exit == ""
    assert SUSPEND_DATA.match(record.suspend_data), record.suspend_data
    assert len(record.suspend_data) <= 4096
    print(f"\n{course.id}: suspend_data of {len(record.suspend_data)} characters, all answered")
    [sent_time] = [
        call["args"][1]
        for call in session.calls()
        if call["fn"] == "LMSSetValue" and call["args"][0] == "cmi.core.session_time"
    ]
    assert re.fullmatch(r"\d{4}:\d{2}:\d{2}\.\d{2}", str(sent_time)), sent_time
    assert len(calls_named(session, "LMSInitialize")) == 1
    assert len(calls_named(session, "LMSFinish")) == 1
    assert all(call["error"] == "0" for call in session.calls()), session.calls()
    assert page_errors == []


def test_status_starts_incomplete_and_score_waits_for_the_last_quiz(
    page: Page, lms_site: Callable[[Path], str], tmp_path: Path
) -> None:
    package = scorm_package(EXAMPLE, tmp_path)
    session = LmsSession(page, lms_site(package))
    frame = session.launch(mastery_score=mastery_score(package))
    learner = Learner(frame, model(EXAMPLE))

    for _ in range(3):  # two lessons, then the first module's quiz
        learner.answer_all_here()
        learner.next()
    stored = session.record()
    assert stored.lesson_status == "incomplete"
    assert stored.score_raw == "", "no score before every graded quiz is submitted"
    commits = calls_named(session, "LMSCommit")
    assert 3 <= len(commits) <= 8, "one commit per checkpoint, not one per value"


def test_the_final_status_is_committed_before_the_score(
    page: Page, lms_site: Callable[[Path], str], tmp_path: Path
) -> None:
    """Moodle 4.3.0 works out activity completion when score.raw arrives, not when a stored
    status changes: the score must come in a commit after the one carrying the final status."""
    package = scorm_package(EXAMPLE, tmp_path)
    session = LmsSession(page, lms_site(package))
    learner = Learner(session.launch(mastery_score=mastery_score(package)), model(EXAMPLE))
    learner.go_through(right=True)
    calls = session.calls()

    def first(fn: str, *args: str) -> int:
        return next(
            i for i, c in enumerate(calls) if c["fn"] == fn and c["args"][: len(args)] == list(args)
        )

    passed = first("LMSSetValue", "cmi.core.lesson_status", "passed")
    score = first("LMSSetValue", "cmi.core.score.raw")
    commits = [i for i, c in enumerate(calls) if c["fn"] == "LMSCommit"]
    assert any(passed < commit < score for commit in commits), calls[passed : score + 1]
    assert session.record().score_raw == "100"


def test_leaving_and_coming_back_restores_place_and_answers(
    page: Page, lms_site: Callable[[Path], str], page_errors: list[str], tmp_path: Path
) -> None:
    course = model(EXAMPLE)
    package = scorm_package(EXAMPLE, tmp_path)
    session = LmsSession(page, lms_site(package))
    mastery = mastery_score(package)
    frame = session.launch(mastery_score=mastery)
    learner = Learner(frame, course)

    learner.next()
    learner.answer_all_here(right=True)
    learner.next()
    first_quiz = learner.quiz_numbers_here()[0]
    questions = learner.quizzes[first_quiz].questions
    picks = [wrong_choices(questions[0])] + [right_choices(q) for q in questions[1:]]
    assert "75 %" in learner.answer(first_quiz, picks)
    learner.next()
    where = learner.title()
    session.unload()
    assert len(calls_named(session, "LMSFinish")) == 1, "unloading finishes, exactly once"

    first = session.record()
    assert first.finished and first.exit == "suspend"
    assert first.lesson_status == "incomplete"
    assert first.lesson_location == "retours-d-experience/avantages-et-defis"

    frame = session.launch(prior=first, mastery_score=mastery)
    learner = Learner(frame, course)
    assert learner.title() == where
    learner.previous()
    assert learner.ticked(first_quiz) == picks
    form = frame.locator(f'form[data-quiz="{first_quiz}"]')
    assert form.locator("input").first.is_disabled(), "a submitted quiz shows as submitted"
    assert "75 %" in form.locator(".cp-quiz-message").inner_text()

    learner.go_through(right=False)
    learner.exit()
    second = session.record()
    assert second.lesson_status == "failed"
    assert float(second.score_raw) < float(mastery)
    assert second.total_time != first.total_time
    assert TIMESPAN.match(second.total_time)
    assert page_errors == []


def test_completion_rule_reports_completed_without_mastery_score(
    page: Page, lms_site: Callable[[Path], str], tmp_path: Path
) -> None:
    course_dir = ROOTS / "ok-completed-rule"
    package = scorm_package(course_dir, tmp_path)
    assert mastery_score(package) == ""
    session = LmsSession(page, lms_site(package))
    learner = Learner(session.launch(), model(course_dir))
    learner.go_through(right=False)
    assert learner.title() == "Course summary", "an English course gets the English player"
    learner.exit()
    record = session.record()
    assert record.lesson_status == "completed"
    assert record.score_raw == "0"


def test_without_an_lms_the_package_runs_offline_and_says_so(
    page: Page, http_server: Callable[[Path], str], page_errors: list[str], tmp_path: Path
) -> None:
    package = scorm_package(EXAMPLE, tmp_path)
    page.goto(http_server(package) + "/index.html")
    assert "hors ligne" in page.locator("#cp-tracking").inner_text()
    Learner(page, model(EXAMPLE)).next()
    assert page_errors == []


@pytest.fixture
def big_course(tmp_path: Path) -> Path:
    """50 lessons in 10 modules, each lesson with a check of two 7-choice questions."""
    root = tmp_path / "big"
    root.mkdir()
    (root / "course.yml").write_text(
        "id: big\ntitle: Big\nlanguage: en\nversion: '1'\n", encoding="utf-8"
    )
    choices = "".join(f"      - text: choice {c}\n        correct: {c == 0}\n" for c in range(7))
    question = f"  - type: multiple\n    prompt: Which?\n    choices:\n{choices}"
    for m in range(10):
        module = root / f"{m:02d}-module-{m}"
        module.mkdir()
        for lesson in range(5):
            body = f"# Lesson {m}.{lesson}\n\nText.\n\n```quiz\nquestions:\n{question * 2}```\n"
            (module / f"{lesson:02d}-lesson-{lesson}.md").write_text(body, encoding="utf-8")
    return root


def test_suspend_data_stays_small_for_50_lessons_and_100_questions(
    page: Page, lms_site: Callable[[Path], str], tmp_path: Path, big_course: Path
) -> None:
    package = scorm_package(big_course, tmp_path)
    session = LmsSession(page, lms_site(package))
    course = model(big_course)
    learner = Learner(session.launch(), course)
    assert sum(len(m.lessons) for m in course.modules) == 50
    assert sum(len(q.questions) for q in learner.quizzes) == 100
    while learner.root.locator("#cp-next").is_visible():
        for number in learner.quiz_numbers_here():
            learner.answer(number, [list(range(7))] * 2)
        learner.next()
    session.unload()
    record = session.record()
    assert len(record.suspend_data) <= 4096
    print(f"suspend_data for 50 lessons and 100 questions: {len(record.suspend_data)} chars")

    learner = Learner(session.launch(prior=record), course)
    assert learner.title() == "Course summary"
    learner.previous()
    assert learner.ticked(len(learner.quizzes) - 1) == [list(range(7))] * 2


def test_a_package_opened_in_a_new_window_finds_the_api_through_its_opener(
    page: Page, lms_site: Callable[[Path], str], tmp_path: Path
) -> None:
    package = scorm_package(EXAMPLE, tmp_path)
    session = LmsSession(page, lms_site(package))
    window = session.launch(new_window=True)
    Learner(window, model(EXAMPLE)).next()
    assert "plateforme" in window.locator("#cp-tracking").inner_text()
    assert [call["fn"] for call in session.calls()][:1] == ["LMSInitialize"]
    assert session.record().lesson_location == "presentation/ou-est-il-utilise"


def test_hiding_the_page_commits(
    page: Page, lms_site: Callable[[Path], str], tmp_path: Path
) -> None:
    package = scorm_package(EXAMPLE, tmp_path)
    session = LmsSession(page, lms_site(package))
    frame = session.launch()
    commits = len(calls_named(session, "LMSCommit"))
    frame.evaluate(
        """() => {
            Object.defineProperty(document, "visibilityState", { value: "hidden" });
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    assert len(calls_named(session, "LMSCommit")) == commits + 1
    assert calls_named(session, "LMSFinish") == [], "hiding is a checkpoint, not an exit"
