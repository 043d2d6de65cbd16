"""``html``: a folder that runs from disk (``file://``) or any static server."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from builder.model import Course
from builder.render import RenderedCourse
from builder.site import site_files
from builder.targets.base import Target
from builder.theme import Theme
from builder.writer import write_tree


class HtmlTarget(Target):
    name = "html"
    description = "offline HTML folder; progress saved in the browser"
    #: The runtime, in load order: core.js first (the shared ``window.Coursepack``),
    #: player.js last (it starts the course with what the others added).
    scripts: tuple[str, ...] = (
        "core.js",
        "marking.js",
        "codec.js",
        "review.js",
        "quiz.js",
        "progress.js",
        "storage.js",
        "glossary.js",
        "print.js",
        "player.js",
    )
    mode = "local"
    folder = True

    def destination(self, course: Course, out: Path) -> Path:
        return out / course.id / "html"

    def files(self, rendered: RenderedCourse, theme: Theme) -> dict[str, bytes]:
        return site_files(rendered, theme, theme.runtime_scripts(self.scripts), self.mode)

    def write(self, files: Mapping[str, bytes], dest: Path) -> None:
        write_tree(files, dest)
