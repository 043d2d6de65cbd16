"""The build: load → validate → model for every course, then render and write.

All courses are checked before anything is written, so one broken course
never leaves a mix of fresh and stale artefacts in the output folder.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from builder.assemble import assemble
from builder.diagnostics import CourseError, Location, Reporter
from builder.load import COURSE_FILE, find_courses, is_course_dir, load_course
from builder.model import Course, Packaging
from builder.render import RenderedCourse, render
from builder.targets import TARGETS
from builder.theme import Theme
from builder.validate import validate
from builder.writer import zip_timestamp

DEFAULT_COURSES_DIR = Path("courses")
DEFAULT_OUT_DIR = Path("dist")


@dataclass(frozen=True)
class Artifact:
    """One written output, for the summary line an author reads."""

    course_id: str
    target: str
    path: Path
    size: int
    seconds: float


def course_folders(paths: Sequence[Path], reporter: Reporter) -> list[Path]:
    """The course folders named on the command line, or every one under ``courses/``."""
    if not paths:
        found = find_courses(DEFAULT_COURSES_DIR)
        if not DEFAULT_COURSES_DIR.is_dir():
            message = (
                "no 'courses' folder here; run from the project folder or name a course folder"
            )
            reporter.error(Location(DEFAULT_COURSES_DIR), message, "course.not-found")
        elif not found:
            message = f"no course found: no folder under it has a {COURSE_FILE}"
            reporter.error(Location(DEFAULT_COURSES_DIR), message, "course.not-found")
        return found
    folders = []
    for path in paths:
        if is_course_dir(path):
            folders.append(path)
        else:
            message = f"not a course folder: there is no {COURSE_FILE} in it"
            reporter.error(Location(path), message, "course.not-found")
    return folders


def check(paths: Sequence[Path], reporter: Reporter) -> list[Course]:
    """Load, validate and model every course; the models are complete only without errors."""
    courses = []
    for folder in course_folders(paths, reporter):
        before = len(reporter.errors)
        raw = load_course(folder, reporter)
        validate(raw, reporter)
        if len(reporter.errors) == before:
            courses.append(assemble(raw))
    _check_unique_ids(courses, reporter)
    return courses


def _check_unique_ids(courses: list[Course], reporter: Reporter) -> None:
    seen: dict[str, Course] = {}
    for course in courses:
        if course.id in seen:
            other = seen[course.id].root.name
            message = (
                f"course id '{course.id}' is also used by the course in folder '{other}'; "
                "their outputs would clash"
            )
            reporter.error(course.location, message, "id.duplicate")
        seen[course.id] = course


def build(
    paths: Sequence[Path],
    targets: Sequence[str],
    out: Path,
    reporter: Reporter,
    packaging: Packaging | None = None,
) -> list[Artifact]:
    """Build every course for every target; ``packaging`` overrides each course's choice.

    Raises :class:`CourseError` or :class:`SettingError` before writing anything.
    """
    zip_timestamp()
    courses = check(paths, reporter)
    if reporter.has_errors:
        raise CourseError(reporter.errors)
    artifacts = []
    for course in courses:
        if packaging is not None:
            course = replace(course, packaging=packaging)
        theme = Theme.for_course(course.root)
        rendered: dict[str, RenderedCourse] = {}
        for name in targets:
            target = TARGETS[name]()
            for unit in target.units(course):
                started = time.perf_counter()
                if unit.id not in rendered:
                    rendered[unit.id] = render(unit, theme)
                dest = target.destination(unit, out)
                files = target.files(rendered[unit.id], theme)
                target.write(files, dest)
                seconds = time.perf_counter() - started
                artifacts.append(Artifact(unit.id, name, dest, _size(dest, files), seconds))
    return artifacts


def _size(dest: Path, files: dict[str, bytes]) -> int:
    """Bytes on disk: the zip's size, or the sum of a folder's files."""
    return dest.stat().st_size if dest.is_file() else sum(len(c) for c in files.values())
