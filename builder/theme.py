"""Where templates, runtime files and interface strings come from.

A course may carry a ``_theme/`` folder whose files are found before the
theme's, so an organisation can restyle or reword the player without forking
coursepack. A course may also choose a built-in theme (``theme:`` in
course.yml) other than the default; it needs to ship only what it changes,
since the default theme is searched after it. The built-in themes sit in the
repository's ``themes/`` folder, and inside the installed package as
``builder/_themes``.

Stylesheets cascade instead of replacing one another: each folder of the
search path may carry a ``static/theme.css``, and all of them are shipped
together, the most general first, after the player's own stylesheet.

Courses are swapped between partners and previewed as downloaded, so a
course's templates are untrusted input: when a course brings templates, every
template is rendered in Jinja's immutable sandbox, where reaching into Python
(``cycler.__init__.__globals__``) is refused instead of running a program on
the author's computer. A course template that fails is reported at its own
line, never as a crash.
"""

from __future__ import annotations

import html
import json
import re
import traceback
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from builder.diagnostics import CourseError, Location, Reporter
from builder.template_sandbox import CourseSandbox

COURSE_THEME_DIR = "_theme"
DEFAULT_THEME = "default"
#: The stylesheet a theme adds on top of the ones searched after it.
LAYER_STYLESHEET = "theme.css"
#: The course.yml key that lets a course's ``_theme/`` ship scripts (see ``builder.theme_check``).
SCRIPTS_KEY = "theme_scripts"
#: A template's own doctype, replaced by the one :meth:`Theme.render_page` writes first.
_DOCTYPE = re.compile(r"\A\s*<!doctype[^>]*>\s*", re.IGNORECASE)


def themes_dir() -> Path:
    """The built-in themes: packaged copy in a wheel, else the source checkout's."""
    package = Path(__file__).resolve().parent
    packaged = package / "_themes"
    return packaged if packaged.is_dir() else package.parent / "themes"


def default_theme_dir() -> Path:
    return themes_dir() / DEFAULT_THEME


def interface_languages() -> tuple[str, ...]:
    """The languages the player speaks: one catalogue file each in the default theme.

    Adding a language is adding ``locales/<code>.json``; nothing else lists them.
    """
    return tuple(sorted(path.stem for path in (default_theme_dir() / "locales").glob("*.json")))


def theme_names() -> tuple[str, ...]:
    """The built-in themes a course may name, in alphabetical order."""
    return tuple(sorted(p.name for p in themes_dir().iterdir() if (p / "static").is_dir()))


@dataclass(frozen=True)
class Theme:
    """An ordered list of theme folders, most specific first."""

    search_path: tuple[Path, ...]

    @classmethod
    def for_course(cls, course_root: Path, name: str = DEFAULT_THEME) -> Theme:
        """The course's ``_theme/``, then the built-in theme ``name``, then the default."""
        override = course_root / COURSE_THEME_DIR
        folders = (override,) if override.is_dir() else ()
        chosen = (themes_dir() / name,) if name != DEFAULT_THEME else ()
        return cls((*folders, *chosen, default_theme_dir()))

    @cached_property
    def templates(self) -> jinja2.Environment:
        folders = [p / "templates" for p in self.search_path]
        return template_environment(folders, sandboxed=self.brings_templates())

    def brings_templates(self) -> bool:
        """Whether a course supplies templates; without, every template is coursepack's own."""
        return any((folder / "templates").is_dir() for folder in self.own_folders())

    def render(self, name: str, **context: Any) -> str:
        """The template ``name`` filled with ``context``.

        Raises :class:`CourseError` when a course's own template is at fault
        (see :func:`report_template_failure`); a failure in a built-in one is a bug.
        """
        templates = self.templates
        try:
            if isinstance(templates, CourseSandbox):
                with templates.budget():
                    return templates.get_template(name).render(**context)
            return templates.get_template(name).render(**context)
        except Exception as failed:
            reporter = Reporter()
            if not report_template_failure(failed, self.own_folders(), reporter):
                raise
            raise CourseError(reporter.errors) from None

    def render_page(self, name: str, csp: str, **context: Any) -> str:
        """The whole page ``name``, led by coursepack's own doctype, charset and ``csp``.

        A policy given by ``<meta>`` covers only what follows it, and HTML parsers
        disagree with Python's on comments and CDATA, so no reading of a course's
        template can prove that nothing runs before the template's own policy. This
        page's policy comes first, written here: a ``<meta>`` seen before ``<html>``
        goes into the head, and the policy then covers the whole document.
        """
        # Templates get an empty ``csp``: the policy is written once, here. (Copies of older
        # templates still name it, so it stays defined.)
        page = self.render(name, csp="", **context)
        lead = (
            '<!doctype html>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{_attribute(csp)}">\n'
        )
        return lead + _DOCTYPE.sub("", page, count=1)

    def runtime_scripts(self, built_in: tuple[str, ...]) -> tuple[str, ...]:
        """``built_in`` plus the scripts a course's theme adds, in name order, before the last.

        The last script (player.js) starts the player with what the others set
        up, so an added one can still hook into ``window.Coursepack``. A course
        file named like a built-in script replaces it instead (see :meth:`static`);
        either way ``builder.theme_check`` lets one ship only when course.yml opts in.
        """
        known = {path.name for path in (default_theme_dir() / "static").glob("*.js")}
        own = {
            path.name
            for folder in self.own_folders()
            for path in (folder / "static").glob("*.js")
            if path.is_file()  # a folder so named is no script
        }
        added = sorted(own - known)
        return (*built_in[:-1], *added, *built_in[-1:])

    def own_folders(self) -> tuple[Path, ...]:
        """The folders of the search path a course supplied, not coursepack."""
        built_in = themes_dir().resolve()
        return tuple(p for p in self.search_path if not p.resolve().is_relative_to(built_in))

    def static(self, name: str) -> bytes:
        """A runtime file (CSS, JS) by name, from the first folder that has it."""
        return self.static_path(name).read_bytes()

    def static_path(self, name: str) -> Path:
        """Where the runtime file ``name`` comes from, for messages about its content."""
        for folder in self.search_path:
            path = folder / "static" / name
            if path.is_file():
                return path
        raise FileNotFoundError(f"theme file static/{name} not found in {self.search_path}")

    def layers(self) -> list[Path]:
        """Every ``theme.css`` of the search path, the most general first."""
        found = (folder / "static" / LAYER_STYLESHEET for folder in reversed(self.search_path))
        return [path for path in found if path.is_file()]

    def strings(self, language: str) -> dict[str, str]:
        """The interface strings for ``language``; later folders give the defaults.

        A course's file that is not a JSON object is passed over here (the check reports it
        as ``theme.locale``), so a preview can still say in words that the build failed.
        """
        merged: dict[str, str] = {}
        for folder in reversed(self.search_path):
            path = folder / "locales" / f"{language}.json"
            if path.is_file():
                try:
                    found = json.loads(path.read_bytes().decode("utf-8"))
                except ValueError:  # not UTF-8, or not JSON
                    continue
                if isinstance(found, dict):
                    merged.update(found)
        return merged


def template_environment(folders: list[Path], sandboxed: bool = True) -> jinja2.Environment:
    """The environment templates are read and rendered in (see the module's note).

    Only coursepack's own templates may go without the sandbox (``sandboxed=False``): it makes
    rendering half as fast again, 0.2 s on the flagship course.
    """
    kind = CourseSandbox if sandboxed else jinja2.Environment
    return kind(
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a Theme lives for one build; each build makes its own
    )


def _attribute(value: str) -> str:
    return html.escape(value, quote=False).replace('"', "&quot;")


def report_template_failure(failed: Exception, own: tuple[Path, ...], reporter: Reporter) -> bool:
    """Report what a course's template did wrong, at its line; False if no course template is
    at fault (then it is a bug of coursepack).

    Jinja reports a template's frames under the template's own file and line,
    so the innermost frame inside one of the course's folders (``own``) names it.
    """
    if isinstance(failed, jinja2.TemplateSyntaxError) and failed.filename:
        written = Location(Path(failed.filename), failed.lineno or 1)
        if not _inside(written, own):
            return False
        reporter.error(written, syntax_message(failed), "theme.template-syntax")
        return True
    frames = traceback.extract_tb(failed.__traceback__)
    places = [Location(Path(f.filename), f.lineno or 1) for f in frames if f.filename]
    where = next((place for place in reversed(places) if _inside(place, own)), None)
    if where is None:
        return False
    if isinstance(failed, SecurityError):
        reporter.error(where, unsafe_message(str(failed)), "theme.unsafe-template")
    else:
        problem = (
            "it needs more memory than this computer has"
            if isinstance(failed, MemoryError)
            else str(failed)
        )
        message = (
            f"this template fails when the course is rendered: {problem}; fix it, or delete it "
            "from the course's theme folder to use the default one"
        )
        reporter.error(where, message, "theme.template-error")
    return True


def syntax_message(failed: jinja2.TemplateSyntaxError) -> str:
    """What to say of a template Jinja cannot read; the same words from the check and from
    a build, since either may find it first."""
    problem = (failed.message or str(failed)).rstrip(".")
    return (
        f"this template cannot be read: {problem}; fix it, or delete it from the course's "
        "theme folder to use the default one"
    )


def unsafe_message(reach: str) -> str:
    """What to say of a template that reaches into Python; the check (a name written out)
    and the sandbox (a name put together while rendering) say the same."""
    return (
        f"this template reaches into Python ({reach}), which could run programs on this "
        "computer; a course's template may only show the values coursepack gives it: remove it"
    )


def _inside(where: Location, folders: tuple[Path, ...]) -> bool:
    return any(where.path.resolve().is_relative_to(folder.resolve()) for folder in folders)
