"""The files of the learner player for one rendered course.

Both targets ship the same player: one ``index.html`` that every page is
shown in (so moving between lessons never reloads it and one LMS session
spans the visit), the pages themselves in one script per module (see
:mod:`builder.pages`), the theme's CSS and runtime scripts, minified (see
:mod:`builder.minify`), and the assets the lessons use.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

from builder.active_content import shipped
from builder.branding import COURSE_STYLESHEET, course_stylesheet
from builder.minify import minified
from builder.pages import page_scripts, page_sections
from builder.render import RenderedCourse
from builder.scramble import course_alphabet, scramble
from builder.theme import Theme

STYLESHEET = "player.css"
#: The player's own files and the course's assets, nothing from anywhere else:
#: no request leaves the package, even from HTML an author slipped in.
#: Table alignment is written as ``align`` attributes, so no inline style is needed.
SITE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'none'; form-action 'none'; object-src 'none'; base-uri 'none'; "
    "frame-src 'none'"
)
PRINT_STYLESHEET = "print.css"
#: The runtime scripts, joined in load order into the one file a folder or package ships.
RUNTIME_SCRIPT = "runtime.js"


@dataclass(frozen=True)
class Inlined:
    """The player's CSS and scripts written into the page itself, by file name.

    The one-file target ships no other file, so the page carries them; a
    Content-Security-Policy then names each by its hash (see ``csp``).
    """

    styles: dict[str, str]
    scripts: dict[str, str]


def runtime_json(rendered: RenderedCourse, mode: str) -> str:
    """The runtime data as JSON that is safe inside a <script> element.

    The quizzes' answer keys travel scrambled in ``keys`` so that the page
    source does not show the right answers (a deterrent, not a secret).
    """
    data = rendered.runtime_data()
    questions = [quiz.pop("questions") for quiz in data["quizzes"]]
    course = rendered.course
    data["keys"] = scramble(questions, course_alphabet(course.id, course.version))
    data["mode"] = mode
    data["strings"] = rendered.strings
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/")


def player_page(
    rendered: RenderedCourse,
    theme: Theme,
    scripts: tuple[str, ...],
    mode: str,
    own_styles: Collection[str],
    inlined: Inlined | None = None,
    csp: str = SITE_CSP,
) -> str:
    """The player's ``index.html``: linking its CSS and scripts, or carrying them (``inlined``).

    ``own_styles`` names the stylesheets made for this course (:func:`course_files`).
    ``csp`` is the page's Content-Security-Policy, written first (see
    :meth:`Theme.render_page`); a target that inlines its scripts must give one
    allowing them. An inlined page carries the lesson pages too; otherwise they
    ship as ``pages/`` scripts (:func:`site_files`).
    """
    sections = page_sections(rendered, theme) if inlined else []
    return theme.render_page(
        "index.html",
        csp,
        course=rendered.course,
        modules=rendered.modules,
        pages=rendered.pages,
        t=rendered.strings,
        data_json=runtime_json(rendered, mode),
        stylesheet=STYLESHEET,
        print_stylesheet=PRINT_STYLESHEET,
        scripts=scripts,
        inlined=inlined,
        sections=sections,
        course_stylesheet=COURSE_STYLESHEET if COURSE_STYLESHEET in own_styles else None,
        glossary=rendered.glossary,
        logo=rendered.logo,
        branding=rendered.course.branding,
    )


def course_files(rendered: RenderedCourse, theme: Theme) -> dict[str, bytes]:
    """The stylesheet made for this course (theme layers, branding colours), if it needs one."""
    css = course_stylesheet(theme, rendered.course.branding)
    return {} if css is None else {COURSE_STYLESHEET: css}


def runtime_file(theme: Theme, name: str) -> bytes:
    """A theme's CSS or script file as shipped: minified."""
    return minified(theme.static_path(name), theme.static(name))


def runtime_bundle(theme: Theme, scripts: tuple[str, ...]) -> bytes:
    """The runtime scripts as a folder ships them: each minified, then joined in load order.

    The theme keeps one source file per job; the learner's browser gets one file,
    one load and one compile instead of ten. On the flagship in Chromium slowed 4x
    that showed the first lesson 60-90 ms sooner. Each file is minified on its own,
    so an error in a course's script still names that file and line.
    """
    return b";\n".join(runtime_file(theme, name) for name in scripts)


def site_files(
    rendered: RenderedCourse, theme: Theme, scripts: tuple[str, ...], mode: str
) -> dict[str, bytes]:
    """Every file of the player, by its POSIX path inside the output."""
    own = course_files(rendered, theme)
    page = player_page(rendered, theme, (RUNTIME_SCRIPT,), mode, own)
    files = {"index.html": page.encode("utf-8")}
    files.update(page_scripts(rendered, page_sections(rendered, theme)))
    files.update((name, runtime_file(theme, name)) for name in (STYLESHEET, PRINT_STYLESHEET))
    files[RUNTIME_SCRIPT] = runtime_bundle(theme, scripts)
    files.update(own)
    files.update((name, shipped(path)) for name, path in rendered.assets.items())
    return files
