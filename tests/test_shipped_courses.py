"""The courses we ship build clean and have the shape the flagship brief asks for."""

from __future__ import annotations

import pytest
from support.learner import COURSES, model

from builder.build import check
from builder.diagnostics import Reporter
from builder.load import find_courses
from builder.model import Module, QuestionType

SHIPPED = find_courses(COURSES)
TEACHING_COURSES = ("openimis-point-focal", "openlmis-demarrer")
CLASSIC_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE}


def teaching_modules(course_name: str) -> list[Module]:
    """Modules with a graded quiz: every module of the teaching courses has one."""
    return [m for m in model(COURSES / course_name).modules if m.quiz is not None]


def test_every_shipped_course_checks_without_a_single_warning() -> None:
    reporter = Reporter()
    courses = check(SHIPPED, reporter)
    assert [d.render() for d in reporter.diagnostics] == []
    assert {c.id for c in courses} >= {"decouvrir-openimis", *TEACHING_COURSES}


def test_the_flagship_has_the_five_modules_of_the_focal_point_guide() -> None:
    titles = [m.title for m in teaching_modules("openimis-point-focal")]
    assert len(titles) == 5, titles


@pytest.mark.parametrize("course_name", TEACHING_COURSES)
def test_each_module_has_objectives_lessons_checks_and_a_real_quiz(course_name: str) -> None:
    modules = teaching_modules(course_name)
    assert len(modules) >= 2
    for module in modules:
        assert module.objectives, module.id
        assert 3 <= len(module.lessons) <= 6, module.id
        assert sum(len(lesson.checks) for lesson in module.lessons) >= 2, module.id
        assert module.quiz is not None
        questions = module.quiz.questions
        assert len(questions) >= 8, module.id
        types = {q.type for q in questions}
        assert types >= CLASSIC_TYPES and len(types) >= 5, module.id


@pytest.mark.parametrize("course_name", TEACHING_COURSES)
def test_every_graded_question_explains_its_answer(course_name: str) -> None:
    for module in teaching_modules(course_name):
        assert module.quiz is not None
        for question in module.quiz.questions:
            where = f"{module.id}/{question.id}"
            assert question.feedback_correct and question.feedback_incorrect, where
