"""Rules that only make sense for one type of question, and ids that survive repackaging."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from helpers_courses import check_course, rendered, write_course

from builder.model import Packaging
from builder.render import render
from builder.targets import Scorm12Target
from builder.theme import Theme


def quiz_course(tmp_path: Path, questions: str) -> Path:
    return write_course(tmp_path / "cours", {"01-bases/quiz.yml": f"questions:\n{questions}"})


def test_a_fill_in_answer_written_in_the_singular_points_to_answers(tmp_path: Path) -> None:
    course = quiz_course(
        tmp_path, "  - type: fill-in\n    prompt: Capitale ?\n    answer: Ouagadougou\n"
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/quiz.yml:2:5: error: fill-in question has no 'answers'; "
        "list every answer you accept [quiz.no-answer]",
        "cours/01-bases/quiz.yml:4:5: error: 'answer' has no meaning in a fill-in question, "
        "which uses 'answers', 'match' [quiz.key-not-for-type]",
    ]


def test_a_numeric_answer_must_be_a_number(tmp_path: Path) -> None:
    course = quiz_course(tmp_path, "  - type: numeric\n    prompt: Combien ?\n    answer: dix\n")
    _, reporter = check_course(course)
    assert [d.code for d in reporter.diagnostics] == ["quiz.bad-answer"]


def test_matching_lefts_must_differ_too(tmp_path: Path) -> None:
    pairs = "      - {left: Tchad, right: A}\n      - {left: Tchad, right: B}\n"
    course = quiz_course(tmp_path, f"  - type: matching\n    prompt: Associez\n    pairs:\n{pairs}")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/quiz.yml:6:9: error: 'left' 'Tchad' appears twice in 'pairs'; "
        "each must be different [quiz.duplicate-option]",
    ]


def test_links_in_ordering_items_are_checked(tmp_path: Path) -> None:
    items = '      - "![F](images/absente.png) Remplir"\n      - Payer\n'
    course = quiz_course(
        tmp_path, f"  - type: ordering\n    prompt: Dans quel ordre ?\n    sequence:\n{items}"
    )
    _, reporter = check_course(course)
    assert [(d.code, d.location.line) for d in reporter.diagnostics] == [("link.missing", 5)]


def test_a_question_weight_stays_within_scorm_limits(tmp_path: Path) -> None:
    choices = "    choices:\n      - {text: Oui, correct: true}\n      - {text: Non}\n"
    course = quiz_course(tmp_path, f"  - prompt: Vrai ?\n    weight: 250\n{choices}")
    _, reporter = check_course(course)
    assert [d.code for d in reporter.diagnostics] == ["schema.range"]


def test_an_impossible_date_is_refused(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours")
    config = course / "course.yml"
    config.write_text(config.read_text("utf-8") + 'updated: "2024-02-30"\n', "utf-8")
    _, reporter = check_course(course)
    assert [d.message for d in reporter.diagnostics] == [
        "'updated' is '2024-02-30', which is no date"
    ]


def test_interaction_ids_are_the_same_whole_or_module_by_module(tmp_path: Path) -> None:
    choices = "    choices:\n      - {text: Oui, correct: true}\n      - {text: Non}\n"
    [course], _ = check_course(quiz_course(tmp_path, f"  - id: oui\n    prompt: Oui ?\n{choices}"))
    whole = render(course, Theme.for_course(course.root)).runtime_data()
    [unit] = Scorm12Target().units(replace(course, packaging=Packaging.MODULE))
    split = render(unit, Theme.for_course(course.root)).runtime_data()
    assert whole["quizzes"][0]["questions"][0]["iid"] == "essai.bases.oui"
    assert split["quizzes"][0]["questions"][0]["iid"] == "essai.bases.oui"
    assert split["quizzes"][0]["oid"] == whole["quizzes"][0]["oid"] == "essai.bases"
