"""What every output target provides, and the registry that names them.

A target lays a rendered course out as files and writes them (a folder, a
zip). The build owns the order of calls, so adding a target never touches it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from builder.diagnostics import Reporter
from builder.linked_files import LinkedFiles
from builder.model import Course
from builder.render import RenderedCourse
from builder.theme import Theme
from builder.writer import write_file

TARGETS: dict[str, type[Target]] = {}


class Target(ABC):
    name: ClassVar[str]
    description: ClassVar[str]
    #: Built by ``--target all``; off for a target that needs a program besides Python.
    in_all: ClassVar[bool] = True
    #: Whether the artefact is a folder (replaced whole) rather than one file.
    folder: ClassVar[bool] = False

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        if "name" in cls.__dict__:  # a shared base such as OneFileTarget names no target
            TARGETS[cls.name] = cls

    def units(self, course: Course) -> list[Course]:
        """The courses this target writes one artefact each for; by default the course itself."""
        return [course]

    def check_linked_files(self, linked: LinkedFiles, reporter: Reporter) -> None:
        """Report what keeps this target from carrying a course's linked files; by default
        nothing does. Runs with the course check, before anything is written."""
        return None

    @abstractmethod
    def destination(self, course: Course, out: Path) -> Path:
        """Where this target's artefact for ``course`` goes under ``out``."""

    @abstractmethod
    def files(self, rendered: RenderedCourse, theme: Theme) -> dict[str, bytes]:
        """The artefact's content, by POSIX path."""

    @abstractmethod
    def write(self, files: Mapping[str, bytes], dest: Path) -> None:
        """Write ``files`` to ``dest`` atomically."""


class OneFileTarget(Target):
    """A target whose artefact is one file, ``<course id><suffix>`` beside the others."""

    suffix: ClassVar[str]

    def file_name(self, course: Course) -> str:
        return f"{course.id}{self.suffix}"

    def destination(self, course: Course, out: Path) -> Path:
        return out / course.id / self.file_name(course)

    def write(self, files: Mapping[str, bytes], dest: Path) -> None:
        (content,) = files.values()
        write_file(content, dest)
