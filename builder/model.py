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
    FILL_IN = "fill-in"
    NUMERIC = "numeric"
    MATCHING = "matching"
    ORDERING = "ordering"

    @property
    def has_choices(self) -> bool:
        return self in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE)


class Review(Enum):
    """When a quiz shows the right answers and their explanations."""

    ALWAYS = "always"
    END = "end"
    NEVER = "never"


class Packaging(Enum):
    """One SCORM package for the course, or one per module."""

    COURSE = "course"
    MODULE = "module"


class StatusRule(Enum):
    """Who decides the SCORM lesson_status at the end of the course."""

    PASSED_FAILED = "passed-failed"
    COMPLETED = "completed"


@dataclass(frozen=True)
class HtmlAllowance:
    """Raw HTML a course allows beyond the safe default set (``html:`` in course.yml)."""

    tags: tuple[str, ...] = ()
    #: (tag or "*", attribute names) pairs, in the order the author wrote them.
    attributes: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class GlossaryEntry:
    """One term of the course glossary (``glossary.yml``); ``definition`` is Markdown."""

    term: str
    expansion: str | None
    definition: str
    location: Location


@dataclass(frozen=True)
class Branding:
    """The organisation a course is published by (``branding:`` in course.yml)."""

    organisation: str | None = None
    #: The logo's path inside the course folder.
    logo: Path | None = None
    #: Colours as ``#rrggbb``, each readable on white (see ``builder.branding``).
    primary: str | None = None
    accent: str | None = None
    footer: str | None = None


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool
    feedback: str | None


@dataclass(frozen=True)
class TextMatch:
    """Which differences make a typed answer wrong (all ignored by default)."""

    case: bool = False
    accents: bool = False
    spaces: bool = False


@dataclass(frozen=True)
class Pair:
    left: str
    right: str


@dataclass(frozen=True)
class Question:
    """A question; only the answer fields of its type are filled."""

    id: str
    type: QuestionType
    prompt: str
    choices: tuple[Choice, ...]
    feedback_correct: str | None
    feedback_incorrect: str | None
    location: Location
    accepted: tuple[str, ...] = ()
    match: TextMatch = TextMatch()
    low: float | None = None
    high: float | None = None
    pairs: tuple[Pair, ...] = ()
    sequence: tuple[str, ...] = ()
    partial_credit: bool = False
    weight: float = 1.0

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
    shuffle_questions: bool = False
    shuffle_choices: bool = False
    draw: int | None = None
    max_attempts: int | None = None
    review: Review = Review.ALWAYS


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    duration: int | None
    body: str
    checks: tuple[Quiz, ...]
    source: Path
    location: Location
    #: Audience ids this lesson is for; empty means everyone (see builder.audience).
    audiences: tuple[str, ...] = ()


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
    #: Audience ids this module is for; empty means everyone (see builder.audience).
    audiences: tuple[str, ...] = ()


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
    completion_pages: float = 100.0
    packaging: Packaging = Packaging.COURSE
    #: Whether the handout PDF ends with the answer key (trainers' copy) or not (learners').
    handout_answer_key: bool = True
    #: Set on a module packaged on its own: the id of the course it comes from.
    part_of: str | None = None
    html: HtmlAllowance = HtmlAllowance()
    glossary: tuple[GlossaryEntry, ...] = ()
    branding: Branding = Branding()
    #: The built-in theme the player uses (a folder of ``themes/``).
    theme: str = "default"
    #: course.yml's ``theme_scripts: true``: the course's own theme may ship scripts.
    theme_scripts: bool = False

    @property
    def graded_quizzes(self) -> tuple[Quiz, ...]:
        return tuple(m.quiz for m in self.modules if m.quiz is not None)
