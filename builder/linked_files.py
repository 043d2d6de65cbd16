"""The files a course's pages link to, judged as files that will travel.

Every linked file is copied into the packages, so its name has to survive
Windows and macOS (see :mod:`builder.file_names`) and its size has to suit a
page read on a weak connection and a package uploaded to an LMS. Each file is
judged once, at its first reference; the one-file target reads the totals
(:meth:`LinkedFiles.inlined_size`) to refuse before it reads a huge file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from builder.active_content import check_asset, report_cleaning
from builder.diagnostics import Location, Reporter
from builder.file_names import same_name_key, twin_difference, windows_problem
from builder.references import Reference
from builder.sizes import MB, human_size

#: Over this, an image slows every page that shows it: warned.
LARGE_IMAGE = 1 * MB
#: Over this, any other file weighs on upload and download: warned.
LARGE_FILE = 20 * MB
IMAGE_SUFFIXES = frozenset(
    (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff")
)


@dataclass
class LinkedFile:
    """One file of the course that pages link to: where first, how often, how large."""

    url: str
    first: Location
    size: int
    references: int = 1


@dataclass
class LinkedFiles:
    """The course's linked files, by their path in the course."""

    root: Path
    files: dict[Path, LinkedFile] = field(default_factory=dict)

    #: Files that cannot ship (reported at their first reference): later links fail quietly.
    refused: set[Path] = field(default_factory=set)
    #: course.yml's ``theme_scripts``: only then may a course ship script files.
    scripts_allowed: bool = False

    def accept(self, found: Reference, where: Location, reporter: Reporter) -> bool:
        """Record a link to a file; False when the file cannot be packaged (reported once)."""
        assert found.target is not None
        known = self.files.get(found.target)
        if known is None:
            self._judge(found, where, reporter)
        else:
            known.references += 1
        return found.target not in self.refused

    def _judge(self, found: Reference, where: Location, reporter: Reporter) -> None:
        """Every check of a file, at its first reference: its name, what could run in it (see
        :mod:`builder.active_content`), its size."""
        assert found.target is not None
        problems = [why for part in found.target.parts if (why := windows_problem(part))]
        if problems:
            message = (
                f"'{found.url}' leads to a file that cannot be unzipped or opened on Windows: "
                f"{problems[0]}; rename it and change the link"
            )
            reporter.error(where, message, "link.windows-name")
            self.refused.add(found.target)
        path = self.root / found.target
        if check_asset(path, found.url, where, reporter, self.scripts_allowed):
            report_cleaning(path, reporter)
        else:
            self.refused.add(found.target)
        try:
            size = os.stat(path).st_size
        except OSError:
            size = 0
        self.files[found.target] = LinkedFile(found.url, where, size)
        _warn_if_large(found.url, found.target, size, where, reporter)

    def finish(self, reporter: Reporter) -> None:
        """Report files whose names are one name on Windows and macOS."""
        seen: dict[str, Path] = {}
        for target, linked in self.files.items():
            key = same_name_key(target.as_posix())
            twin = seen.setdefault(key, target)
            if twin == target:
                continue
            name, other = target.as_posix(), twin.as_posix()
            message = (
                f"'{linked.url}' leads to '{name}', and {self.files[twin].first.render(self.root)} "
                f"links to '{other}': they {twin_difference(other, name)}; Windows and macOS "
                "take them for one name, so once unzipped there one file replaces the other; "
                "rename one of them"
            )
            reporter.error(linked.first, message, "link.case-twin")

    def inlined_size(self) -> int:
        """Bytes these files take inside a page as ``data:`` URIs (base64), at each reference."""
        return sum((f.size + 2) // 3 * 4 * f.references for f in self.files.values())

    def largest(self) -> LinkedFile | None:
        """The file to name when the whole is too large: making it smaller helps most."""
        return max(self.files.values(), key=lambda f: f.size, default=None)


def _warn_if_large(url: str, target: Path, size: int, where: Location, reporter: Reporter) -> None:
    """A warning, not an error: a large file works, it is only slow. Images have the lower
    limit, since a page waits for them where a linked file is fetched only when opened."""
    if PurePosixPath(target).suffix.lower() in IMAGE_SUFFIXES:
        if size > LARGE_IMAGE:
            message = (
                f"image '{url}' is {human_size(size)}; an image over {human_size(LARGE_IMAGE)} "
                "slows every page that shows it: resize it (1600 pixels wide is plenty on a "
                "screen) or save it as JPEG or WebP"
            )
            reporter.warning(where, message, "size.large-image")
    elif size > LARGE_FILE:
        message = (
            f"'{url}' is {human_size(size)}; a file over {human_size(LARGE_FILE)} makes the "
            "package slow to upload and to open, and may pass the LMS's upload limit: compress "
            "it, or split it"
        )
        reporter.warning(where, message, "size.large-file")
