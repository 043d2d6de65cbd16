"""Problems found in course sources, and the reporter that collects them.

The core never prints: every stage reports to a :class:`Reporter`, so the CLI
can format problems for a terminal and tests can assert on them exactly.
Problems are collected, never raised one at a time, so an author sees every
mistake of a course in one run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; line and column count from 1."""

    path: Path
    line: int = 1
    column: int = 1

    def shifted(self, lines: int, column: int | None = None) -> Location:
        """The same file, ``lines`` further down (for text embedded in another file)."""
        return Location(self.path, self.line + lines, self.column if column is None else column)

    def at_offset(self, text: str, offset: int) -> Location:
        """The line and column of ``offset`` in ``text``, this file's content; self if < 0."""
        if offset < 0:
            return self
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return Location(self.path, line, column)

    def render(self, base: Path | None = None) -> str:
        path = self.path
        if base is not None and path.is_relative_to(base):
            path = path.relative_to(base)
        return f"{path}:{self.line}:{self.column}"


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Diagnostic:
    """One problem: where, what, and a stable code such as ``quiz.no-correct``."""

    location: Location
    message: str
    code: str
    severity: Severity = Severity.ERROR

    def render(self, base: Path | None = None) -> str:
        where = self.location.render(base)
        return f"{where}: {self.severity.value}: {self.message} [{self.code}]"


@dataclass(frozen=True)
class Progress:
    """A finished step of a build (``stage`` is check, render or write), for progress and timings.

    ``done`` and ``total`` count the artefacts written so far and planned, so a
    front end can draw a progress bar without knowing how the build is organised.
    """

    stage: str
    subject: str
    seconds: float
    done: int = 0
    total: int = 0


@dataclass
class Reporter:
    """Collects diagnostics; stages call :meth:`error` and :meth:`warning`.

    Front ends that show progress add a listener; the core calls :meth:`progress`
    and never learns whether anyone draws anything.
    """

    diagnostics: list[Diagnostic] = field(default_factory=list)
    listeners: list[Callable[[Progress], None]] = field(default_factory=list)

    def progress(self, step: Progress) -> None:
        for listener in self.listeners:
            listener(step)

    def error(self, location: Location, message: str, code: str) -> None:
        self.diagnostics.append(Diagnostic(location, message, code))

    def warning(self, location: Location, message: str, code: str) -> None:
        self.diagnostics.append(Diagnostic(location, message, code, Severity.WARNING))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def has_errors(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file order, so output reads top to bottom."""
        return sorted(self.diagnostics, key=lambda d: (d.location, d.code, d.message))


class CourseError(Exception):
    """Raised by the build when sources have errors; carries every diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{len(diagnostics)} problem(s) in course sources")
        self.diagnostics = diagnostics

    def __reduce__(self) -> tuple[type[CourseError], tuple[list[Diagnostic]]]:
        """Whole across processes: a worker's error reaches the build with its diagnostics."""
        return (CourseError, (self.diagnostics,))
