"""SCORM packages an earlier build left beside the new ones, removed or pointed out.

A course's packages change names with its packaging (one zip for the course, or
one per module with ``--package module``), and a module renamed or removed
leaves its zip behind: an author would then upload an old package next to the
new one. coursepack marks every zip it writes with a comment naming the course
it belongs to, so a later build of that course removes exactly the marked zips
it no longer writes. A zip without that mark may be the author's own file: it
is never deleted, only reported.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from builder.diagnostics import Location, Progress, Reporter

PACKAGE_SUFFIX = "-scorm12.zip"
_MARK = "coursepack: SCORM 1.2 package of the course '{}'"


def package_mark(course_folder: Path) -> bytes:
    """The zip comment of a package written into ``course_folder`` (named after the course)."""
    return _MARK.format(course_folder.name).encode("utf-8")


def sweep_packages(written: Sequence[Path], reporter: Reporter) -> None:
    """Remove the marked packages beside ``written`` that this build did not write.

    Each removal is reported as a ``remove`` step; an unmarked package is a warning.
    """
    for folder in sorted({path.parent for path in written}):
        for path in sorted(folder.glob(f"*{PACKAGE_SUFFIX}")):
            if path in written or path.is_symlink() or not path.is_file():
                continue
            if _comment(path) == package_mark(folder):
                path.unlink()
                reporter.progress(Progress("remove", str(path), 0.0))
            else:
                message = (
                    "this SCORM package was not written by this build, and coursepack cannot "
                    "tell it wrote it, so it is left; delete it if it is an old package, so "
                    "that it is not uploaded by mistake"
                )
                reporter.warning(Location(path), message, "output.stale")


def _comment(path: Path) -> bytes | None:
    """The zip's comment, or None when it cannot be read as a zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.comment
    except (OSError, zipfile.BadZipFile):
        return None
