"""The course model: one frozen tree that every output target renders.

Every node knows where it came from, so later stages can still point an
author at the right line. Nothing rendered is stored here: HTML belongs to
the render stage.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from builder.diagnostics import Location


class QuestionType(Enum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"


class StatusRule(Enum):
    """Who decides the SCORM lesson_status at the end of the course."""

    PASSED_FAILED = "passed-failed"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    feedback: str | None


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    prompt: str
    choices: tuple[Choice, ...]
    feedback_correct: str | None
    feedback_incorrect: str | None
    location: Location

    @property
    def correct_indices(self) -> tuple[int, ...]:
        return tuple(i for i, choice in enumerate(self.choices) if choice.correct)


@dataclass(frozen=True)
class Quiz:
    """A graded module quiz, or an ungraded knowledge check inside a lesson."""

    id: str
    title: str | None
    intro: str | None
    questions: tuple[Question, ...]
    graded: bool
    pass_mark: float
    weight: float
    location: Location


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    duration: int | None
    body: str
    checks: tuple[Quiz, ...]
    source: Path
    location: Location


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    objectives: tuple[str, ...]
    audience: str | None
    duration: int | None
    lessons: tuple[Lesson, ...]
    quiz: Quiz | None
    folder: Path
    location: Location


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    language: str
    version: str
    description: str | None
    authors: tuple[str, ...]
    audience: str | None
    duration: int | None
    topic: str | None
    mode: str | None
    updated: str | None
    pass_mark: float
    status_rule: StatusRule
    modules: tuple[Module, ...]
    root: Path
    location: Location

    @property
    def graded_quizzes(self) -> tuple[Quiz, ...]:
        return tuple(m.quiz for m in self.modules if m.quiz is not None)
