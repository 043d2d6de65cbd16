"""The files of the learner player for one rendered course.

Both targets ship the same player: one ``index.html`` holding every page (so
moving between lessons never reloads it and one LMS session spans the
visit), the theme's CSS and runtime scripts, and the assets the lessons use.
"""

from __future__ import annotations

import json

from builder.render import RenderedCourse
from builder.theme import Theme

STYLESHEET = "player.css"


def runtime_json(rendered: RenderedCourse, mode: str) -> str:
    """The runtime data as JSON that is safe inside a <script> element."""
    data = rendered.runtime_data()
    data["mode"] = mode
    data["strings"] = rendered.strings
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("</", "<\\/")


def site_files(
    rendered: RenderedCourse, theme: Theme, scripts: tuple[str, ...], mode: str
) -> dict[str, bytes]:
    """Every file of the player, by its POSIX path inside the output."""
    page = theme.templates.get_template("index.html").render(
        course=rendered.course,
        modules=rendered.modules,
        pages=rendered.pages,
        t=rendered.strings,
        data_json=runtime_json(rendered, mode),
        stylesheet=STYLESHEET,
        scripts=scripts,
    )
    files = {"index.html": page.encode("utf-8"), STYLESHEET: theme.static(STYLESHEET)}
    files.update((name, theme.static(name)) for name in scripts)
    files.update((name, path.read_bytes()) for name, path in rendered.assets.items())
    return files
