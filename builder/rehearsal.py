"""A course's own templates tried out during the check, before anything is written.

The sandbox stops a template from reaching into Python, and the check reads
each template beforehand (:mod:`builder.theme_check`); but a template that
names a value coursepack does not give, or divides by zero, fails only when
it is rendered. Rendering a course that brings templates once more, as the
player and the handout are made, finds that with the check: the build then
stops before its first file, and ``check`` says the same as ``build``.

The same rendering shows what the templates put in the pages. Reading a
template's text finds a ``<script>`` written out, not one pieced together
from strings, nor a page that drops its Content-Security-Policy; so, unless
course.yml opts in to scripts, the scripts, policies and frames of each page
must be exactly those coursepack's own templates give the same course.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

from builder.conversion import Conversions
from builder.diagnostics import CourseError, Location, Reporter
from builder.load import COURSE_FILE
from builder.model import Course
from builder.render import RenderedCourse, render
from builder.targets import TARGETS, HandoutTarget
from builder.targets.paper import handout_html
from builder.theme import COURSE_THEME_DIR, SCRIPTS_KEY, Theme

#: Elements that run, load or frame something, or set the page's rules.
ACTIVE_TAGS = frozenset({"script", "meta", "base", "iframe", "frame", "object", "embed"})
#: The hashes a one-file page's policy lists change with the course's own stylesheets.
_HASHES = re.compile(r"(?:'sha256-[A-Za-z0-9+/=]+'\s*)+")
#: How messages name the page of each target; another target's page is named by its file.
_PAGE_NAMES = {
    "html": "player page (index.html)",
    "html-single": "one-file page",
    "scorm12": "SCORM player page (index.html)",
}


def rehearse(course: Course, conversions: Conversions, reporter: Reporter) -> None:
    """Render ``course`` as every target would if it brings templates; report what fails, and,
    unless course.yml opts in to scripts, a page whose scripts or policy differ from
    coursepack's own."""
    theme = Theme.for_course(course.root, course.theme)
    if not theme.brings_templates():
        return
    try:
        pages = _player_pages(render(course, theme, conversions), theme)
    except CourseError as failed:
        reporter.diagnostics.extend(failed.diagnostics)
        return
    if course.theme_scripts:
        return
    own = theme.own_folders()
    built_in = Theme(tuple(folder for folder in theme.search_path if folder not in own))
    reference = _player_pages(render(course, built_in, conversions), built_in)
    for (name, page), (_, expected) in zip(pages.items(), reference.items(), strict=True):
        found, wanted = _active_parts(page), _active_parts(expected)
        if found != wanted:
            extra = next((part for part in found if part not in wanted), None)
            what = (
                f"adds {extra[:120]}"
                if extra
                else "drops or moves a script or a policy of coursepack's template"
            )
            message = (
                f"with the course's templates, the {name} {what}: a course's theme may change "
                f"the scripts or the security policy of the player only when {COURSE_FILE} "
                f"says '{SCRIPTS_KEY}: true'; add that line if you trust it, or use the default "
                "template"
            )
            where = Location(course.root / COURSE_THEME_DIR / "templates")
            reporter.error(where, message, "theme.script-not-allowed")
            return


def _player_pages(rendered: RenderedCourse, theme: Theme) -> dict[str, str]:
    """The pages a learner's browser runs, of every target, by a name for messages.

    A template can tell the targets apart (by the page's data), so each one's
    pages are made. The course's linked files are left out: only the pages are
    compared, and reading every file (inlined as base64 by the one-file page)
    would cost a large course's check seconds and gigabytes. The handout's page
    is rehearsed without printing it to PDF.
    """
    bare = replace(rendered, assets={})
    pages: dict[str, str] = {}
    for name, target in TARGETS.items():
        if target is HandoutTarget:
            pages["handout"] = handout_html(bare, theme)
            continue
        for file, content in target().files(bare, theme).items():
            if file.endswith(".html"):
                pages[_PAGE_NAMES.get(name, f"{name} page ({file})")] = content.decode("utf-8")
    return pages


def _active_parts(page: str) -> list[str]:
    reader = _ActiveParts()
    reader.feed(page)
    reader.close()
    return reader.parts


class _ActiveParts(HTMLParser):
    """Each element of a page that runs, loads or sets rules, and each event handler, in order.

    A script's text counts (it is what runs), except for the JSON data the player reads.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        handlers = [name for name, _ in attrs if name.startswith("on")]
        self.parts.extend(f"an '{name}' attribute on <{tag}>" for name in handlers)
        if tag in ACTIVE_TAGS:
            values = [(name, _HASHES.sub("'sha256-…' ", value or "")) for name, value in attrs]
            written = " ".join(f'{name}="{value}"' for name, value in sorted(values))
            element = f"<{tag} {written}>" if written else f"<{tag}>"
            is_data = ("type", "application/json") in attrs
            if tag == "script" and not is_data:
                self._script = [element]
            else:
                self.parts.append(element)

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            element, *text = self._script
            self.parts.append(f"{element}{''.join(text)}")
            self._script = None
