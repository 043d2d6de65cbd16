"""Every question type, end to end: marking, question banks, review policies and the LMS report.

The fixture course tests/roots/ok-all-question-types has a graded quiz with one question of each
type (weights, partial credit) and a question bank (3 of 6 drawn, 2 attempts, answers shown only
at the end). Through the strict SCORM 1.2 LMS (scorm-again, Moodle rules) the tests check the
scores, the status, one objective per graded quiz and every field of every interaction against
the SCORM 1.2 formats (SPEC-DIGEST.md, section 6).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame, Page
from support.learner import (
    ROOTS,
    Learner,
    Response,
    build,
    model,
    right_response,
    scorm_package,
    wrong_response,
)
from support.lms import LmsRecord, LmsSession

from builder.model import Course, Question

COURSE_DIR = ROOTS / "ok-all-question-types"
MASTERY = "60"
EVERY_TYPE = 1  # quiz numbers in page order: the warm-up check of lesson 1 is quiz 0
BANK = 2
PREFIX = "all-question-types."

# One regex per interaction type for student_response and correct_responses.n.pattern.
RESPONSE_FORMATS = {
    "choice": re.compile(r"[0-9a-z](,[0-9a-z])*"),
    "true-false": re.compile(r"[01tf]"),
    "fill-in": re.compile(r".{0,255}", re.DOTALL),
    "numeric": re.compile(r"-?[0-9]*(\.[0-9]+)?"),  # CMIDecimal
    "matching": re.compile(r"[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*"),
    "sequencing": re.compile(r"[0-9a-z](,[0-9a-z])*"),
}
INTERACTION_TYPES = {
    "single": "choice",
    "multiple": "choice",
    "true-false": "true-false",
    "fill-in": "fill-in",
    "numeric": "numeric",
    "matching": "matching",
    "ordering": "sequencing",
}
IDENTIFIER = re.compile(r"[\x21-\x7e]{1,255}")  # CMIIdentifier: printable ASCII, no spaces
TIMESPAN = re.compile(r"[0-9]{2,4}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,2})?")  # CMITimespan
TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,2})?")  # CMITime
DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")  # CMIDecimal
RESULTS = re.compile(r"correct|wrong|unanticipated|neutral|[0-9]{0,3}(\.[0-9]+)?")
FIELDS = {
    "id",
    "type",
    "student_response",
    "correct_responses.0.pattern",
    "result",
    "weighting",
    "latency",
    "time",
}
INTERACTION_SET = re.compile(r"cmi\.interactions\.([0-9]+)\.(.+)")

# The "Every type" quiz answered right: id, type, response, pattern, weighting.
RIGHT = [
    ("every-type.capital", "choice", "b", "b", "1"),
    ("every-type.colours", "choice", "a,c", "a,c", "2"),
    ("every-type.earth", "true-false", "f", "f", "1"),
    ("every-type.city", "fill-in", "Ouagadougou", "Ouagadougou", "1"),
    ("every-type.half", "numeric", "3.5", "3.5", "1"),  # 3.5 ± 0.1
    ("every-type.year", "numeric", "2020", "2020", "1"),  # range [2019, 2021]: its midpoint
    ("every-type.capitals", "matching", "a.a,b.b,c.c", "a.a,b.b,c.c", "1"),
    ("every-type.steps", "sequencing", "a,b,c,d", "a,b,c,d", "1"),
]
# The same quiz answered wrong (support.learner.wrong_response): the learner's responses.
WRONG = ["a", "b", "t", "certainly not this", "4.8", "2024", "a.b,b.c,c.a", "d,c,b,a"]


def sent_interactions(session: LmsSession) -> list[dict[str, str]]:
    """The interactions as the SCO wrote them (scorm-again normalises latency when read back).

    Asserts that every value was written exactly once and accepted.
    """
    found: dict[int, dict[str, str]] = {}
    for call in session.calls():
        if call["fn"] != "LMSSetValue":
            continue
        match = INTERACTION_SET.fullmatch(call["args"][0])
        if match:
            assert call["error"] == "0", call
            entry = found.setdefault(int(match[1]), {})
            assert match[2] not in entry, f"{call['args'][0]} written twice"
            entry[match[2]] = call["args"][1]
    return [found[index] for index in sorted(found)]


def check_formats(entry: dict[str, str], question_type: str) -> None:
    """Every field of one interaction in its SCORM 1.2 format."""
    assert set(entry) == FIELDS, entry
    assert IDENTIFIER.fullmatch(entry["id"]), entry
    assert entry["type"] == INTERACTION_TYPES[question_type], entry
    response_format = RESPONSE_FORMATS[entry["type"]]
    assert response_format.fullmatch(entry["student_response"]), entry
    assert response_format.fullmatch(entry["correct_responses.0.pattern"]), entry
    assert RESULTS.fullmatch(entry["result"]) and entry["result"] != "incorrect", entry
    assert entry["result"] in ("correct", "wrong"), entry
    assert DECIMAL.fullmatch(entry["weighting"]), entry
    assert TIMESPAN.fullmatch(entry["latency"]), entry
    assert TIME.fullmatch(entry["time"]), entry


def question_types(course: Course) -> dict[str, str]:
    """Question type by interaction id, for the graded quizzes."""
    return {
        f"{PREFIX}{module.id}.{question.id}": question.type.value
        for module in course.modules
        if module.quiz is not None
        for question in module.quiz.questions
    }


def objectives(cmi: dict[str, str]) -> list[tuple[str, str, str, str, str]]:
    found = []
    while f"cmi.objectives.{len(found)}.id" in cmi:
        base = f"cmi.objectives.{len(found)}."
        found.append(
            tuple(
                cmi[base + name] for name in ("id", "status", "score.raw", "score.min", "score.max")
            )
        )
    return found  # type: ignore[return-value]


def set_elements(session: LmsSession) -> list[str]:
    """The elements the SCO wrote to, in order."""
    return [call["args"][0] for call in session.calls() if call["fn"] == "LMSSetValue"]


def quiz_questions(course: Course, module: int) -> list[Question]:
    quiz = course.modules[module].quiz
    assert quiz is not None
    return list(quiz.questions)


def open_page(frame: Frame, title: str) -> None:
    """Open a page from the table of contents; its module's script may load first."""
    frame.locator(".cp-toc a", has_text=title).first.click()
    frame.locator(".cp-page:not([hidden]) h1", has_text=title).wait_for()


@pytest.fixture
def course() -> Course:
    return model(COURSE_DIR)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return scorm_package(COURSE_DIR, tmp_path)


def start(
    page: Page, base_url: str, course: Course, prior: LmsRecord | None = None
) -> tuple[LmsSession, Frame, Learner]:
    """Launch the package in the test LMS (with its mastery score) and hand it to a learner."""
    session = LmsSession(page, base_url)
    frame = session.launch(prior=prior, mastery_score=MASTERY)
    return session, frame, Learner(frame, course)


def test_every_type_is_marked_and_reported_right_then_wrong(
    page: Page,
    lms_site: Callable[[Path], str],
    page_errors: list[str],
    course: Course,
    package: Path,
) -> None:
    session, frame, learner = start(page, lms_site(package), course)
    learner.go_through(right=True)
    assert "Course passed" in frame.locator("#cp-summary-body").inner_text()

    types = question_types(course)
    sent = sent_interactions(session)
    assert len(sent) == 8 + 3, "every question of the quiz, then the 3 drawn of the bank"
    for entry in sent:
        check_formats(entry, types[entry["id"]])
    reported = [
        (e["id"], e["type"], e["student_response"], e["correct_responses.0.pattern"])
        for e in sent[:8]
    ]
    assert reported == [(PREFIX + i, t, r, p) for i, t, r, p, _ in RIGHT]
    assert [e["weighting"] for e in sent[:8]] == [w for *_, w in RIGHT]
    assert {e["result"] for e in sent} == {"correct"}
    bank_ids = {f"{PREFIX}question-bank.{q.id}" for q in learner.quizzes[BANK].questions}
    assert {e["id"] for e in sent[8:]} <= bank_ids and len({e["id"] for e in sent[8:]}) == 3
    assert objectives(session.cmi()) == [
        (PREFIX + "every-type", "passed", "100", "0", "100"),
        (PREFIX + "question-bank", "passed", "100", "0", "100"),
    ]

    # A new attempt at the first quiz, all wrong: appended to the journal, never rewritten.
    open_page(frame, "Every type")
    learner.retry(EVERY_TYPE)
    message = learner.answer(EVERY_TYPE, [wrong_response(q) for q in quiz_questions(course, 0)])
    assert "Your score: 0%" in message
    sent = sent_interactions(session)
    assert len(sent) == 8 + 3 + 8
    for entry in sent[11:]:
        check_formats(entry, types[entry["id"]])
    assert [e["id"] for e in sent[11:]] == [PREFIX + i for i, *_ in RIGHT]
    assert [e["student_response"] for e in sent[11:]] == WRONG
    assert [e["correct_responses.0.pattern"] for e in sent[11:]] == [p for *_, p, _ in RIGHT]
    assert {e["result"] for e in sent[11:]} == {"wrong"}
    assert objectives(session.cmi())[0] == (PREFIX + "every-type", "failed", "0", "0", "100")

    open_page(frame, "Course summary")
    assert "Course not passed: you can take the quizzes again." in frame.inner_text("#cp-summary")
    learner.exit()
    record = session.record()
    assert (record.lesson_status, record.score_raw) == ("failed", "50")
    assert record.exit == "suspend", "a quiz can still be retried: the course is not over"
    assert all(call["error"] == "0" for call in session.calls()), session.calls()
    assert page_errors == []


def test_partial_credit_and_weights_make_the_score(
    page: Page,
    lms_site: Callable[[Path], str],
    page_errors: list[str],
    course: Course,
    package: Path,
) -> None:
    session, frame, learner = start(page, lms_site(package), course)
    open_page(frame, "Every type")
    picks: list[Response | None] = [
        [1],  # single, right: 1 point
        [0],  # multiple (weight 2, partial): one of two right picks, none wrong: 1 of 2 points
        [1],  # true-false, right: 1
        "  OUAGA ",  # fill-in: spaces and case do not count: 1
        "3,45",  # numeric, decimal comma, within 3.5 ± 0.1: 1
        "2018",  # numeric, outside [2019, 2021]: 0
        [0, 2, 1],  # matching (partial): one pair of three: 1/3
        [1, 0, 2, 3],  # ordering, no partial credit: 0
    ]
    message = learner.answer(EVERY_TYPE, picks)
    assert "Your score: 59.26%" in message, "5 1/3 of 9 points"
    assert "Quiz not passed: read the explanations, then try again." in message

    form = learner.form(EVERY_TYPE)
    verdicts = form.locator(".cp-verdict").all_inner_texts()
    assert verdicts == [
        "Correct.",
        "Partly right.",
        "Correct.",
        "Correct.",
        "Correct.",
        "Incorrect.",
        "Partly right.",
        "Incorrect.",
    ]
    assert form.locator(".cp-expected:visible").all_inner_texts() == [
        "Expected answer: 2019 \u2013 2021",
        "Expected answer: Register the family → Open a policy → Pay the contribution → Get treated",
    ]
    assert form.locator(".cp-pair-expected:visible").all_inner_texts() == [
        "Expected answer: Bamako",
        "Expected answer: Niamey",
    ]

    sent = sent_interactions(session)
    responses = [(e["student_response"], e["result"]) for e in sent]
    assert responses == [
        ("b", "correct"),
        ("a", "wrong"),  # partly right is not right
        ("f", "correct"),
        ("  OUAGA ", "correct"),  # as typed
        ("3.45", "correct"),  # as a CMIDecimal
        ("2018", "wrong"),
        ("a.a,b.c,c.b", "wrong"),
        ("b,a,c,d", "wrong"),
    ]
    assert objectives(session.cmi())[0] == (PREFIX + "every-type", "failed", "59.26", "0", "100")
    assert page_errors == []


def test_typed_numbers_must_be_numbers(
    page: Page, lms_site: Callable[[Path], str], course: Course, package: Path
) -> None:
    session, frame, learner = start(page, lms_site(package), course)
    open_page(frame, "Every type")
    picks: list[Response | None] = [right_response(q) for q in quiz_questions(course, 0)]
    picks[4] = "three and a half"
    assert learner.answer(EVERY_TYPE, picks) == "Write a number, for example 12 or 3.5."
    assert learner.is_open(EVERY_TYPE)
    assert frame.locator("#q1-4").get_attribute("aria-invalid") == "true"
    assert sent_interactions(session) == []
    learner.respond(EVERY_TYPE, 4, "1 000,5")
    learner.submit(EVERY_TYPE)
    assert "Your score: 88.89%" in learner.message(EVERY_TYPE)


def shown_layout(frame: Frame, number: int) -> list[tuple[str, list[str]]]:
    """The questions of an attempt as shown: each with the order of its choices or options.

    (The order of ordering items is the learner's answer: ``Learner.responses`` has it.)
    """
    return frame.evaluate(
        """(n) => Array.from(document.querySelectorAll(
                `form[data-quiz="${n}"] fieldset.cp-question:not([hidden])`))
            .map((set) => [set.dataset.question, Array.from(
                set.querySelectorAll("[data-choice], .cp-pair:first-child option"))
                .map((e) => e.dataset.choice || e.value)])""",
        number,
    )


def test_a_question_bank_comes_back_as_drawn_across_sessions(
    page: Page,
    lms_site: Callable[[Path], str],
    page_errors: list[str],
    course: Course,
    package: Path,
) -> None:
    session, frame, learner = start(page, lms_site(package), course)
    open_page(frame, "Question bank")
    questions = quiz_questions(course, 1)
    drawn = shown_layout(frame, BANK)
    assert len(drawn) == 3
    message = learner.answer(BANK, [wrong_response(q) for q in questions])
    assert "Your score: 0%" in message
    assert "The right answers will show once the quiz is passed" in message
    assert frame.locator(".cp-question-result:visible").count() == 0, "review: end"
    assert learner.form(BANK).locator(".cp-attempts").inner_text() == "Attempts left: 1."
    given = learner.responses(BANK)
    session.unload()
    first = session.record()
    assert (first.lesson_status, first.exit) == ("incomplete", "suspend"), "a quiz is left"
    assert len(first.interactions) == 3

    # Second session: the same draw in the same order, with the submitted answers.
    frame = session.launch(prior=first, mastery_score=MASTERY)
    learner = Learner(frame, course)
    assert learner.title() == "Question bank"
    assert shown_layout(frame, BANK) == drawn
    assert learner.responses(BANK) == given
    assert not learner.is_open(BANK)
    assert learner.message(BANK) == message
    learner.retry(BANK)
    second_draw = shown_layout(frame, BANK)
    first_question = learner.shown_questions(BANK)[0]
    learner.respond(BANK, first_question, right_response(questions[first_question]))
    half_done = learner.responses(BANK)
    open_page(frame, "Course summary")  # a checkpoint, with the attempt half answered
    session.unload()
    second = session.record()
    assert len(second.interactions) == 3, "nothing new was submitted"

    # Third session: the second attempt as it was left, then finished right.
    frame = session.launch(prior=second, mastery_score=MASTERY)
    learner = Learner(frame, course)
    open_page(frame, "Question bank")
    assert shown_layout(frame, BANK) == second_draw
    assert learner.responses(BANK) == half_done
    assert learner.is_open(BANK)
    message = learner.answer(BANK, [right_response(q) for q in questions])
    assert "Your score: 100%" in message and "Quiz passed." in message
    assert frame.locator(".cp-question-result:visible").count() == 3, "passed: answers shown"
    assert not learner.form(BANK).locator(".cp-retry").is_visible()
    sent = sent_interactions(session)
    assert len(sent) == 3
    opened = [
        name
        for name in set_elements(session)
        if re.fullmatch(r"cmi\.interactions\.[0-9]+\.id", name)
    ]
    assert opened == [f"cmi.interactions.{n}.id" for n in (3, 4, 5)], "after the first 3"
    open_page(frame, "Every type")
    learner.answer_all_here(right=True)
    open_page(frame, "Course summary")
    learner.exit()
    record = session.record()
    assert (record.lesson_status, len(record.interactions)) == ("passed", 3 + 3 + 8)
    assert page_errors == []


def test_the_last_attempt_shows_the_answers_and_ends_the_quiz(
    page: Page, lms_site: Callable[[Path], str], course: Course, package: Path
) -> None:
    _session, frame, learner = start(page, lms_site(package), course)
    open_page(frame, "Question bank")
    wrong = [wrong_response(q) for q in quiz_questions(course, 1)]
    learner.answer(BANK, wrong)
    learner.retry(BANK)
    message = learner.answer(BANK, wrong)
    assert message.endswith("Quiz not passed."), message
    assert frame.locator(".cp-question-result:visible").count() == 3
    assert learner.form(BANK).locator(".cp-attempts").inner_text() == (
        "You have used every attempt of this quiz."
    )
    assert not learner.form(BANK).locator(".cp-retry").is_visible()


def valid_suspend_data(page: Page, lms_site: Callable[[Path], str], package: Path) -> str:
    session = LmsSession(page, lms_site(package))
    learner = Learner(session.launch(mastery_score=MASTERY), model(COURSE_DIR))
    learner.next()
    learner.answer_all_here(right=True)
    learner.next()
    session.unload()
    return session.record().suspend_data


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda s: "not ours at all", id="foreign"),
        pytest.param(lambda s: "1.abcdef12.AB.0AAA", id="format-1"),
        pytest.param(lambda s: s[: len(s) // 2], id="truncated"),
        pytest.param(lambda s: s[:-1], id="one-char-short"),
        pytest.param(lambda s: s[:14] + ("A" if s[14] != "A" else "B") + s[15:], id="corrupt"),
        pytest.param(lambda s: s + "A", id="trailing"),
        pytest.param(lambda s: "2.00000000" + s[10:], id="other-structure"),
    ],
)
def test_damaged_suspend_data_starts_afresh_and_the_course_still_works(
    page: Page,
    lms_site: Callable[[Path], str],
    page_errors: list[str],
    course: Course,
    package: Path,
    damage: Callable[[str], str],
) -> None:
    good = valid_suspend_data(page, lms_site, package)
    damaged = damage(good)
    assert damaged != good
    prior = LmsRecord(
        lesson_status="incomplete",
        exit="suspend",
        suspend_data=damaged,
        lesson_location="every-type/_quiz",
    )
    session, frame, learner = start(page, lms_site(package), course, prior)
    assert learner.title() == "Read me first", "a fresh start, on the first page"
    written: dict[str, Any] = {
        call["args"][0]: call["args"][1] for call in session.calls() if call["fn"] == "LMSSetValue"
    }
    assert written["cmi.core.lesson_location"] == "every-type/read-me"
    assert "cmi.core.score.raw" not in written
    assert not any(name.startswith(("cmi.interactions", "cmi.objectives.0.s")) for name in written)

    while True:  # each quiz shows when its page does
        here = learner.quiz_numbers_here()
        assert all(learner.is_open(n) for n in here), "no answer comes from the damaged data"
        learner.answer_all_here(right=True)
        if not frame.locator("#cp-next").is_visible():
            break
        learner.next()
    learner.exit()
    record = session.record()
    assert (record.lesson_status, record.score_raw) == ("passed", "100")
    assert re.fullmatch(r"2\.[0-9a-f]{8}\.0[A-Za-z0-9_-]+", record.suspend_data)
    assert all(call["error"] == "0" for call in session.calls()), session.calls()
    assert page_errors == []


def test_values_the_lms_refuses_are_written_at_the_next_checkpoint(
    page: Page,
    lms_site: Callable[[Path], str],
    page_errors: list[str],
    course: Course,
    package: Path,
) -> None:
    session, frame, learner = start(page, lms_site(package), course)
    # For a while the LMS refuses every interaction and objective (a busy server, say).
    page.evaluate(
        """() => {
            const real = window.API.LMSSetValue;
            window.refusing = true;
            window.API.LMSSetValue = (element, value) =>
                window.refusing && /^cmi\\.(interactions|objectives)\\./.test(element)
                    ? "false" : real(element, value);
        }"""
    )
    open_page(frame, "Every type")
    learner.answer_all_here(right=True)
    assert "failed" in frame.inner_text("#cp-tracking")
    assert sent_interactions(session) == []

    page.evaluate("() => { window.refusing = false; }")
    learner.next()
    assert "saved" in frame.inner_text("#cp-tracking")
    sent = sent_interactions(session)
    assert [e["id"] for e in sent] == [PREFIX + i for i, *_ in RIGHT]
    assert all(set(e) == FIELDS for e in sent)
    assert objectives(session.cmi())[0] == (PREFIX + "every-type", "passed", "100", "0", "100")
    assert page_errors == []


def test_review_mode_says_so_and_writes_nothing(
    page: Page, lms_site: Callable[[Path], str], course: Course, package: Path
) -> None:
    """Moodle keeps a closed attempt as it was: the player writes nothing at all in review
    (no bookmark or answers either, which would disagree with the recorded status)."""
    session = LmsSession(page, lms_site(package))
    learner = Learner(session.launch(mastery_score=MASTERY), course)
    learner.go_through(right=True)
    learner.exit()
    done = session.record()
    assert done.lesson_status == "passed"

    frame = session.launch(prior=done, mastery_score=MASTERY)  # final status: review mode
    learner = Learner(frame, course)
    assert learner.title() == "Course summary"
    assert frame.inner_text("#cp-notice").startswith("You are reviewing a closed attempt.")
    open_page(frame, "Every type")
    assert not learner.is_open(EVERY_TYPE), "the submitted quiz shows as submitted"
    learner.retry(EVERY_TYPE)
    learner.answer(EVERY_TYPE, [wrong_response(q) for q in quiz_questions(course, 0)])
    open_page(frame, "Course summary")
    learner.exit()
    assert set_elements(session) == []


def test_offline_html_marks_typed_matching_and_ordering_and_keeps_them(
    page: Page, page_errors: list[str], tmp_path: Path, course: Course
) -> None:
    build(COURSE_DIR, tmp_path, "html")
    index = (tmp_path / "all-question-types" / "html" / "index.html").as_uri()
    page.goto(index)
    learner = Learner(page, course)
    warm_up = 0
    message = learner.answer(warm_up, ["  bamako ", [0, 1, 2]])
    assert message == "2 of 2 answers right."
    verdicts = learner.form(warm_up).locator(".cp-verdict").all_inner_texts()
    assert verdicts == ["Correct.", "Correct."]

    open_page(page.main_frame, "Every type")
    picks = [right_response(q) for q in quiz_questions(course, 0)]
    picks[4] = "3,5"  # a decimal comma, as French keyboards type it
    assert "Your score: 100%" in learner.answer(EVERY_TYPE, picks)
    shown = learner.responses(EVERY_TYPE)

    page.reload()
    learner = Learner(page, course)
    assert learner.title() == "Every type"
    assert learner.responses(EVERY_TYPE) == shown
    assert "Your score: 100%" in learner.message(EVERY_TYPE)
    page.locator(".cp-toc a").first.click()
    assert learner.responses(warm_up) == ["  bamako ", [0, 1, 2]]
    assert learner.message(warm_up) == "2 of 2 answers right."
    assert page_errors == []
