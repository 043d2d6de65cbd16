"""Package stage: each course unit rendered once, then laid out by every target that ships it.

A unit is what one artefact holds: a course, or one of its modules when each
module is packaged alone. Units are independent, so the build hands them to
worker processes; the functions here are what a worker runs, and they only
compute the files: writing stays with the main process (``builder.build``).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from builder.conversion import Conversions
from builder.model import Course
from builder.render import render
from builder.targets import TARGETS
from builder.theme import Theme


@dataclass(frozen=True)
class Unit:
    """A unit to render, and the targets that package it with their place in the build order."""

    course: Course
    conversions: Conversions
    out: Path
    targets: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Package:
    """One artefact's files, ready to write; ``order`` is its place in the build's list."""

    order: int
    unit_id: str
    target: str
    dest: Path
    files: dict[str, bytes]
    seconds: float
    render_seconds: float | None


def plan_units(
    checked: Sequence[tuple[Course, Conversions]], targets: Sequence[str], out: Path
) -> list[Unit]:
    """Every unit of every course once, in the order the build lists its artefacts."""
    units: dict[tuple[int, str], Unit] = {}
    order = 0
    for index, (course, conversions) in enumerate(checked):
        for name in targets:
            for course_unit in TARGETS[name]().units(course):
                key = (index, course_unit.id)
                if key not in units:
                    lessons = (lesson.source for m in course_unit.modules for lesson in m.lessons)
                    units[key] = Unit(course_unit, conversions.only(lessons), out)
                units[key].targets.append((order, name))
                order += 1
    return list(units.values())


def make_packages(unit: Unit) -> Iterator[Package]:
    """The unit rendered once, then each target's files, one target at a time."""
    started = time.perf_counter()
    theme = Theme.for_course(unit.course.root, unit.course.theme)
    rendered = render(unit.course, theme, unit.conversions)
    unit.conversions.by_source.clear()  # used up: a large course's lessons are not held twice
    render_seconds: float | None = time.perf_counter() - started
    for order, name in unit.targets:
        target = TARGETS[name]()
        files = target.files(rendered, theme)
        dest = target.destination(unit.course, unit.out)
        seconds = time.perf_counter() - started
        yield Package(order, unit.course.id, name, dest, files, seconds, render_seconds)
        del files  # before the next target's are made
        started, render_seconds = time.perf_counter(), None


def packages_of(unit: Unit) -> list[Package]:
    """Run in a worker: every package of ``unit``, handed back whole."""
    return list(make_packages(unit))
