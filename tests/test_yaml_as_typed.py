"""What an author types reaches the course unchanged: YAML 1.2 reading, through the whole check.

PyYAML alone reads YAML 1.1, where ``010`` is 8, ``0x1F`` 31 and ``no`` false: a fill-in answer
``010`` was then marked wrong when a learner typed 010, and nobody was told.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_courses import check_course, rendered, write_course
from playwright.sync_api import Page
from support.learner import Learner, build, model

from builder.model import Course


def quiz_course(tmp_path: Path, questions: str, files: dict[str, str] | None = None) -> Path:
    quiz = {"01-bases/quiz.yml": f"questions:\n{questions}"}
    return write_course(tmp_path / "cours", {**quiz, **(files or {})})


def checked(course: Path) -> Course:
    [model], reporter = check_course(course)
    assert reporter.diagnostics == []
    return model


def test_fill_in_answers_are_kept_as_typed(tmp_path: Path) -> None:
    question = "  - type: fill-in\n    prompt: Code ?\n    answers: [010, 1.10, 0x1F, 1:30, on]\n"
    model = checked(quiz_course(tmp_path, question))
    quiz = model.modules[0].quiz
    assert quiz is not None
    assert quiz.questions[0].accepted == ("010", "1.10", "0x1F", "1:30", "on")


def test_titles_and_version_are_kept_as_typed(tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours",
        {
            "course.yml": "id: essai\ntitle: 2024\nlanguage: fr\nversion: 1.10\n",
            "01-bases/module.yml": "title: 0x1F\nobjectives: [010, yes]\n",
        },
    )
    model = checked(course)
    assert (model.title, model.version) == ("2024", "1.10")
    assert model.modules[0].title == "0x1F"


def test_a_numeric_answer_with_a_leading_zero_is_decimal(tmp_path: Path) -> None:
    question = "  - type: numeric\n    prompt: Combien ?\n    answer: 010\n"
    quiz = checked(quiz_course(tmp_path, question)).modules[0].quiz
    assert quiz is not None
    assert (quiz.questions[0].low, quiz.questions[0].high) == (10, 10)


@pytest.mark.parametrize("written", ["oui", "vrai", "non", "faux", "yes", "no", "on", "off"])
def test_a_true_false_answer_is_true_or_false_and_echoes_the_value(
    written: str, tmp_path: Path
) -> None:
    question = f"  - type: true-false\n    prompt: Vrai ?\n    answer: {written}\n"
    _, reporter = check_course(quiz_course(tmp_path, question))
    assert rendered(reporter, tmp_path) == [
        f"cours/01-bases/quiz.yml:4:13: error: a true-false question's 'answer' is true or "
        f"false, not '{written}' [quiz.bad-answer]",
    ]


@pytest.mark.parametrize("written", ["on", "no", "oui", "Y"])
def test_correct_is_true_or_false_and_echoes_the_value(written: str, tmp_path: Path) -> None:
    choices = f"    choices:\n      - {{text: A, correct: {written}}}\n      - {{text: B}}\n"
    _, reporter = check_course(quiz_course(tmp_path, f"  - prompt: Lequel ?\n{choices}"))
    assert rendered(reporter, tmp_path) == [
        f"cours/01-bases/quiz.yml:4:28: error: 'correct' must be true or false, not "
        f"'{written}' [schema.type]",
    ]


def test_a_decimal_comma_gets_the_point_hint(tmp_path: Path) -> None:
    question = "  - type: true-false\n    prompt: Vrai ?\n    answer: true\n"
    course = quiz_course(tmp_path, question)
    (course / "01-bases" / "quiz.yml").write_text(
        f"pass_mark: 30,5\nquestions:\n{question}", encoding="utf-8"
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/quiz.yml:1:12: error: 'pass_mark' must be a number from 0 to 100, "
        "not '30,5'; use a point: 30.5 [schema.type]",
    ]


MERGED = """\
  - &vrai
    id: q1
    type: true-false
    prompt: L'assurance couvre-t-elle la famille ?
    answer: true
  - <<: *vrai
    id: q2
    prompt: Et les voisins ?
    answer: false
"""


def test_a_merge_with_its_own_id_is_a_new_question(tmp_path: Path) -> None:
    quiz = checked(quiz_course(tmp_path, MERGED)).modules[0].quiz
    assert quiz is not None
    assert [(q.id, q.prompt) for q in quiz.questions] == [
        ("q1", "L'assurance couvre-t-elle la famille ?"),
        ("q2", "Et les voisins ?"),
    ]


CODES_LESSON = """\
# Codes

```quiz
questions:
  - type: fill-in
    prompt: Code of room A?
    answers: [010]
  - type: fill-in
    prompt: Version?
    answers: [1.10]
  - type: fill-in
    prompt: Code of room B?
    answers: [0x1F]
```
"""


def test_a_learner_typing_what_the_author_wrote_is_right(
    page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    course = write_course(
        tmp_path / "codes",
        {
            "course.yml": 'id: codes\ntitle: Codes\nlanguage: en\nversion: "1.0"\n',
            "01-bases/module.yml": "title: 0x1F\n",
            "01-bases/01-accueil.md": CODES_LESSON,
        },
    )
    build(course, tmp_path / "dist", "html")
    page.goto((tmp_path / "dist" / "codes" / "html" / "index.html").as_uri())
    assert page.locator(".cp-toc").inner_text().count("0x1F") == 1
    learner = Learner(page, model(course))
    assert learner.answer(0, ["010", "1.10", "0x1F"]) == "3 of 3 answers right."
    verdicts = learner.form(0).locator(".cp-verdict").all_inner_texts()
    assert verdicts == ["Correct.", "Correct.", "Correct."]
    assert page_errors == []
