"""The build: load → convert → validate → model for every course, then render and write.

Only the check's modules are imported here: rendering and writing are imported
by :func:`build`, so ``coursepack check`` starts quickly.

All courses are checked before anything is written, so one broken course
never leaves a mix of fresh and stale artefacts in the output folder.
Converting and rendering run on every CPU core (``builder.workers``); this
process alone reports and writes, in the order a one-core build would.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from builder.assemble import assemble
from builder.conversion import PARALLEL_MIN_CHARS, Conversions, convert_lessons
from builder.diagnostics import CourseError, Location, Progress, Reporter
from builder.load import COURSE_FILE, LESSON_SUFFIX, find_courses, is_course_dir, load_course
from builder.model import Course, Packaging
from builder.packaging import Package, Unit, make_packages, packages_of, plan_units
from builder.rehearsal import rehearse
from builder.stale import sweep_packages
from builder.targets import TARGETS
from builder.theme_check import check_course_theme
from builder.validate import validate
from builder.workers import Workers, workers

if TYPE_CHECKING:
    pass

DEFAULT_COURSES_DIR = Path("courses")


@dataclass(frozen=True)
class Artifact:
    """One written output, for the summary line an author reads."""

    course_id: str
    target: str
    path: Path
    size: int
    seconds: float


def course_folders(paths: Sequence[Path], reporter: Reporter) -> list[Path]:
    """The course folders named on the command line, else the course folder the command
    runs in, else every one under ``courses/``."""
    if not paths and is_course_dir(Path.cwd()):
        return [Path.cwd()]
    if not paths:
        found = find_courses(DEFAULT_COURSES_DIR)
        if not DEFAULT_COURSES_DIR.is_dir():
            message = (
                "no 'courses' folder and no course.yml here; run from the project folder or a "
                "course folder, or name a course folder"
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
        elif not path.exists():
            message = "there is no such folder; check the name and where you run coursepack from"
            reporter.error(Location(path), message, "course.not-found")
        else:
            message = f"not a course folder: there is no {COURSE_FILE} in it"
            reporter.error(Location(path), message, "course.not-found")
    return folders


def check(paths: Sequence[Path], reporter: Reporter) -> list[Course]:
    """Load, validate and model every course; the models are complete only without errors."""
    started = time.perf_counter()
    with workers() as pool:
        courses = [course for course, _ in _checked(paths, reporter, pool)]
    reporter.progress(Progress("check", f"{len(courses)} course(s)", _since(started)))
    return courses


def error_free(paths: Sequence[Path], reporter: Reporter) -> list[Course]:
    """:func:`check`, for commands that write nothing unless every course is right.

    Raises :class:`CourseError` (diagnostics in ``reporter``) when a course has an error.
    """
    courses = check(paths, reporter)
    if reporter.has_errors:
        raise CourseError(reporter.errors)
    return courses


def _checked(
    paths: Sequence[Path],
    reporter: Reporter,
    pool: Workers,
    targets: Sequence[str] = (),
    rehearsing: bool = True,
) -> list[tuple[Course, Conversions]]:
    """Every error-free course, with its lessons converted (once, for validate and render).

    ``targets`` to be built judge each course's linked files too (a one-file page
    cannot carry any size). Unless ``rehearsing`` is off (the build rehearses the
    units it plans instead), a course's own templates are rehearsed as it is.

    Each course's diagnostics are collected apart and added in course order, so
    the report reads the same as when the courses were checked one by one.
    """
    folders = course_folders(paths, reporter)
    if _lesson_bytes(folders) >= PARALLEL_MIN_CHARS:
        pool.start()  # before this process holds the courses, so the workers start small
    loaded = []
    for folder in folders:
        started = time.perf_counter()
        own = Reporter()
        raw = load_course(folder, own)
        check_course_theme(raw, own)
        loaded.append((raw, own))
        reporter.progress(Progress("load", str(folder), _since(started)))
    started = time.perf_counter()
    conversions = convert_lessons([raw for raw, _ in loaded], pool)
    reporter.progress(Progress("convert", f"{len(loaded)} course(s)", _since(started)))
    checked = []
    for folder, (raw, own), converted in zip(folders, loaded, conversions, strict=True):
        started = time.perf_counter()
        linked = validate(raw, own, converted)
        for name in targets:
            TARGETS[name]().check_linked_files(linked, own)
        course = assemble(raw) if not own.has_errors else None
        reporter.progress(Progress("validate", str(folder), _since(started)))
        if course is not None and rehearsing:
            rehearse(course, converted, own)
        reporter.diagnostics.extend(own.diagnostics)
        if course is not None and not own.has_errors:
            checked.append((course, converted))
    _check_unique_ids([course for course, _ in checked], reporter)
    return checked


def _rehearse_units(units: list[Unit], reporter: Reporter) -> None:
    """Rehearse what the build will write (audience variants, packages of one module), each
    problem reported once however many units share the template."""
    for unit in units:
        own = Reporter()
        rehearse(unit.course, unit.conversions, own)
        reporter.diagnostics.extend(d for d in own.diagnostics if d not in reporter.diagnostics)


def _lesson_bytes(folders: list[Path]) -> int:
    """Roughly how much Markdown there is to convert (what cannot be read counts nothing)."""
    total = 0
    for lesson in (path for folder in folders for path in folder.glob(f"*/*{LESSON_SUFFIX}")):
        with contextlib.suppress(OSError):
            total += lesson.stat().st_size
    return total


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
    audience: str | None = None,
) -> list[Artifact]:
    """Build every course for every target; ``packaging`` overrides each course's choice.

    With ``audience``, each course is replaced by its variant for that group.
    Raises :class:`CourseError` or :class:`SettingError` before writing anything.
    """
    from builder.audience import for_audience
    from builder.writer import check_destinations, zip_timestamp

    zip_timestamp()
    started = time.perf_counter()
    with workers() as pool:
        checked = _checked(paths, reporter, pool, targets, rehearsing=False)
        if audience is not None:
            checked = [(for_audience(course, audience, reporter), c) for course, c in checked]
        if reporter.has_errors:
            raise CourseError(reporter.errors)
        if packaging is not None:
            checked = [(replace(course, packaging=packaging), c) for course, c in checked]
        units = plan_units(checked, targets, out)
        _rehearse_units(units, reporter)
        if reporter.has_errors:
            raise CourseError(reporter.errors)
        reporter.progress(Progress("check", f"{len(checked)} course(s)", _since(started)))
        check_destinations(out, _destinations(units))
        for _, conversions in checked:  # each unit holds its own lessons, dropped once packaged
            conversions.by_source.clear()
        return _package_all(units, reporter, pool)


def _destinations(units: list[Unit]) -> Iterator[tuple[Path, bool]]:
    """Where each artefact goes, and whether it is a folder."""
    for unit in units:
        for _, name in unit.targets:
            target = TARGETS[name]()
            yield target.destination(unit.course, unit.out), target.folder


def _package_all(units: list[Unit], reporter: Reporter, pool: Workers) -> list[Artifact]:
    """Render and lay out units on every core; this process alone writes, as each arrives."""
    total = sum(len(unit.targets) for unit in units)
    written: list[tuple[int, Artifact]] = []
    if pool.parallel(len(units)):
        for done in pool.map(packages_of, units):
            for package in done:
                written.append(_write(package, reporter, len(written) + 1, total))
    else:  # one target's files at a time: a large course's page is held only once
        for unit in _taken(units):
            for package in make_packages(unit):
                written.append(_write(package, reporter, len(written) + 1, total))
                del package  # its files go before the next target's are made
    sweep_packages(
        [artifact.path for _, artifact in written if artifact.target == "scorm12"], reporter
    )
    return [artifact for _, artifact in sorted(written, key=lambda item: item[0])]


def _write(package: Package, reporter: Reporter, done: int, total: int) -> tuple[int, Artifact]:
    """Write one package; its artefact with its place in the build's list."""
    if package.render_seconds is not None:
        reporter.progress(Progress("render", package.unit_id, package.render_seconds))

    started = time.perf_counter()
    TARGETS[package.target]().write(package.files, package.dest)
    seconds = package.seconds + _since(started)
    size = _size(package.dest, package.files)
    reporter.progress(Progress("write", str(package.dest), seconds, done, total))
    return package.order, Artifact(package.unit_id, package.target, package.dest, size, seconds)


def _taken(units: list[Unit]) -> Iterator[Unit]:
    """The units in order, each dropped from the list as it is handed out."""
    while units:
        yield units.pop(0)


def _since(started: float) -> float:
    return time.perf_counter() - started


def _size(dest: Path, files: dict[str, bytes]) -> int:
    """Bytes on disk: the zip's size, or the sum of a folder's files."""
    return dest.stat().st_size if dest.is_file() else sum(len(c) for c in files.values())
