"""``coursepack catalog``: one page and one spreadsheet listing every course.

A capacity-building directory lists each course's topic, target group, mode,
duration, language and latest update; the catalogue gives the same columns,
read from ``course.yml``, with links to whatever the build already wrote for
the course. Links are relative and the page has no script, so the output
folder can be copied to a USB stick and opened from ``file://``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from builder.build import error_free
from builder.diagnostics import Reporter
from builder.formats import LANGUAGES
from builder.model import Course, Packaging
from builder.targets import TARGETS
from builder.theme import Theme, default_theme_dir
from builder.writer import check_destinations, write_file

PAGE = "index.html"
SHEET = "catalog.csv"
#: The CSV's columns before one column of links per target; names stay stable for scripts.
COLUMNS = (
    "id",
    "title",
    "topic",
    "target_group",
    "mode",
    "duration_minutes",
    "language",
    "updated",
    "version",
)


@dataclass(frozen=True)
class Link:
    """One built artefact: its target, the part of the course it holds, its relative path."""

    target: str
    part: str
    href: str


@dataclass(frozen=True)
class Entry:
    course: Course
    links: tuple[Link, ...]


def artefacts(course: Course, out: Path) -> tuple[Link, ...]:
    """What the build wrote for ``course`` under ``out``, per target, whichever packaging."""
    links: list[Link] = []
    for name, target_class in TARGETS.items():
        target = target_class()
        for packaging in Packaging:
            for unit in target.units(replace(course, packaging=packaging)):
                dest = target.destination(unit, out)
                opened = dest if dest.is_file() else dest / PAGE
                part = "" if unit.id == course.id else unit.title.removeprefix(course.title)
                link = Link(name, part.lstrip(" —"), opened.relative_to(out).as_posix())
                if opened.is_file() and link not in links:
                    links.append(link)
    return tuple(links)


def page_language(courses: Sequence[Course]) -> str:
    """The language most courses are in (the first listed one on a tie)."""
    counts = Counter(course.language for course in courses)
    return max(LANGUAGES, key=lambda language: (counts[language], -LANGUAGES.index(language)))


def duration_text(minutes: int | None) -> str:
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} h"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} min")
    return " ".join(parts)


def catalog_page(entries: Sequence[Entry], language: str) -> str:
    """The page, worded from the theme's catalogue for ``language`` (keys ``catalog.*``)."""
    theme = Theme((default_theme_dir(),))
    return theme.render(
        "catalog.html",
        entries=entries,
        language=language,
        t=theme.strings(language),
        language_name=lambda code: theme.strings(code)["language.name"],
        duration=duration_text,
        page=PAGE,
        sheet=SHEET,
    )


def catalog_sheet(entries: Sequence[Entry]) -> str:
    """The CSV: stable English column names, one column of links per target."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([*COLUMNS, *TARGETS])
    for entry in entries:
        course = entry.course
        facts = (course.id, course.title, course.topic, course.audience, course.mode)
        row = [*facts, course.duration, course.language, course.updated, course.version]
        for name in TARGETS:
            row.append(" ".join(link.href for link in entry.links if link.target == name))
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue()


def write_catalog(paths: Sequence[Path], out: Path, reporter: Reporter) -> list[Path]:
    """Check the courses, then write the page and the CSV into ``out``.

    Raises :class:`CourseError` before writing anything when a course has errors, and
    :class:`SettingError` when a file is in the way of ``out``.
    """
    courses = error_free(paths, reporter)
    ordered = sorted(courses, key=lambda course: (course.title.casefold(), course.id))
    entries = [Entry(course, artefacts(course, out)) for course in ordered]
    # A BOM so that spreadsheet programs read the accents as UTF-8.
    files = {
        PAGE: catalog_page(entries, page_language(ordered)).encode("utf-8"),
        SHEET: catalog_sheet(entries).encode("utf-8-sig"),
    }
    check_destinations(out, ((out / name, False) for name in files))
    for name, content in files.items():
        write_file(content, out / name)
    return [out / name for name in files]
