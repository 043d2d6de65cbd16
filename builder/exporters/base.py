"""What every question exporter provides, and the registry that names them.

An exporter turns a course's question bank (:mod:`builder.exporters.bank`)
into the bytes of one file that Moodle's question import reads. It never
writes: :func:`builder.exporters.export_questions` checks the course first and
writes the file atomically, so adding a format touches neither.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from builder.exporters.bank import (
    TESTED_MOODLE,
    Category,
    MoodleVersion,
    Note,
    common_notes,
    marking_warnings,
    question_bank,
)
from builder.model import Course

EXPORTERS: dict[str, type[Exporter]] = {}


@dataclass(frozen=True)
class Export:
    """One exported file, before it is written, and what the designer should know about it.

    ``warnings`` are questions Moodle will hold but not exactly as the course says (a
    different question type, another marking rule); ``problems`` are questions the format
    cannot hold at all: the file must not be written.
    """

    content: bytes
    questions: int
    categories: int
    notes: tuple[Note, ...]
    warnings: tuple[Note, ...]
    problems: tuple[Note, ...]


class Exporter(ABC):
    name: ClassVar[str]
    #: The end of the default file name, after ``<course-id>-questions``.
    suffix: ClassVar[str]
    description: ClassVar[str]

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        EXPORTERS[cls.name] = cls

    def __init__(self, moodle_version: MoodleVersion = TESTED_MOODLE) -> None:
        self.moodle_version = moodle_version
        self.notes: list[Note] = []
        self.warnings: list[Note] = []
        self.problems: list[Note] = []

    def destination(self, course: Course, out: Path) -> Path:
        """The default file: ``<out>/<course-id>/<course-id>-questions<suffix>``."""
        return out / course.id / self.file_name(course)

    def file_name(self, course: Course) -> str:
        return f"{course.id}-questions{self.suffix}"

    def export(self, course: Course) -> Export:
        bank = question_bank(course)
        self.notes.extend(common_notes(course, bank))
        self.warnings.extend(marking_warnings(bank))
        content = self.render(course, bank)
        return Export(
            content=content,
            questions=sum(len(category.questions) for category in bank),
            categories=len(bank),
            notes=tuple(self.notes),
            warnings=tuple(self.warnings),
            problems=tuple(self.problems),
        )

    @abstractmethod
    def render(self, course: Course, bank: tuple[Category, ...]) -> bytes:
        """The file's bytes; format-specific limits go to ``self.notes``, ``self.warnings``
        and ``self.problems``; ``self.moodle_version`` says which question types exist."""
