"""Question exports for a Moodle question bank, looked up by format name.

``coursepack export-questions COURSE --format moodle-xml|gift [--moodle-version 4.3]``
checks the course exactly as ``build`` does, turns its questions into one file for
that Moodle release (4.3, the one tested, by default) and writes it atomically
(:func:`builder.writer.write_file`): a broken course, or a question the format
cannot hold, leaves nothing behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.build import error_free
from builder.diagnostics import Reporter
from builder.exporters.bank import TESTED_MOODLE, MoodleVersion, Note
from builder.exporters.base import EXPORTERS, Export, Exporter
from builder.exporters.gift import GiftExporter
from builder.exporters.moodle_xml import MoodleXmlExporter
from builder.writer import DEFAULT_OUT_DIR, write_file

__all__ = [
    "EXPORTERS",
    "TESTED_MOODLE",
    "Export",
    "ExportProblems",
    "Exporter",
    "GiftExporter",
    "MoodleVersion",
    "MoodleXmlExporter",
    "Written",
    "export_questions",
]


class ExportProblems(Exception):
    """Questions the chosen format cannot hold; nothing was written."""

    def __init__(self, problems: tuple[Note, ...]) -> None:
        super().__init__(f"{len(problems)} question(s) cannot be exported in this format")
        self.problems = problems


@dataclass(frozen=True)
class Written:
    """The file an export wrote, and what it holds."""

    path: Path
    export: Export


def export_questions(
    folder: Path,
    format_name: str,
    out: Path | None,
    reporter: Reporter,
    moodle_version: MoodleVersion = TESTED_MOODLE,
) -> Written:
    """Check the course in ``folder``, export its questions for ``moodle_version`` and write them.

    ``out`` is the file to write; an existing folder gets the default file name
    inside it; ``None`` means ``dist/<course-id>/<course-id>-questions<suffix>``.
    Raises :class:`CourseError` (diagnostics in ``reporter``) or
    :class:`ExportProblems` before writing anything.
    """
    courses = error_free([folder], reporter)
    [course] = courses
    exporter = EXPORTERS[format_name](moodle_version)
    export = exporter.export(course)
    if export.problems:
        raise ExportProblems(export.problems)
    if out is None:
        dest = exporter.destination(course, DEFAULT_OUT_DIR)
    elif out.is_dir():
        dest = out / exporter.file_name(course)
    else:
        dest = out
    write_file(export.content, dest)
    return Written(dest, export)
