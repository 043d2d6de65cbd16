"""The player's pages as separate scripts, one per module, loaded when first shown.

A page holding every lesson is parsed, styled and laid out whole before the
first lesson can be used: 1.6 s for the flagship course on a slow PC, and a
course a hundred times larger never shows. So ``index.html`` carries only the
frame (table of contents, summary, runtime data) and each module's pages sit
in ``pages/<module>.js`` as strings the player turns into markup when needed.
A ``<script>`` element is the one way to load a file that works from
``file://`` (Chromium refuses ``fetch`` there) as well as inside an LMS.
"""

from __future__ import annotations

import json

from builder.render import ModuleView, RenderedCourse
from builder.theme import Theme

PAGES_DIR = "pages"


def page_sections(rendered: RenderedCourse, theme: Theme) -> list[str]:
    """Every page's ``<section>``, in page order."""
    return [
        theme.render("page.html", page=page, module=module, t=rendered.strings).strip()
        for module in rendered.modules
        for page in module.pages
    ]


def script_name(module_index: int) -> str:
    """The file of a module's pages; ``player.js`` builds the same name."""
    return f"{PAGES_DIR}/{module_index}.js"


def page_scripts(rendered: RenderedCourse, sections: list[str]) -> dict[str, bytes]:
    """``pages/<module>.js`` for every module: its pages' markup, stored by page index."""
    return {
        script_name(module.index): _module_script(module, sections).encode("utf-8")
        for module in rendered.modules
    }


def _module_script(module: ModuleView, sections: list[str]) -> str:
    """ES5 that adds the module's pages to ``window.CoursepackPages``, loaded or not yet."""
    entries = "".join(
        f"p[{page.index}]={_js_string(sections[page.index])};" for page in module.pages
    )
    return f"(function(p){{{entries}}})(window.CoursepackPages=window.CoursepackPages||{{}});\n"


def _js_string(text: str) -> str:
    """A JavaScript string literal for ``text``, safe in old engines and inside ``<script>``."""
    literal = json.dumps(text, ensure_ascii=False)
    return literal.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
