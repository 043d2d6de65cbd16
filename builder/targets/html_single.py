"""``html-single``: the offline player as one ``.html`` file, to send by email or chat.

A folder does not survive a messaging app; one file does. Everything the
page needs is inside it: the theme's CSS and scripts, and the lesson assets as
``data:`` URIs. Fonts come from the system, so the page asks for nothing.
Progress is kept in the browser exactly as with the ``html`` folder.

Inline scripts and styles are allowed by the page's Content-Security-Policy
through their SHA-256 hashes, not ``'unsafe-inline'``: an injected script
still cannot run, and nothing can be fetched from anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from builder.active_content import shipped
from builder.diagnostics import Reporter
from builder.linked_files import LinkedFiles
from builder.render import ASSET_DIR, RenderedCourse
from builder.site import (
    PRINT_STYLESHEET,
    STYLESHEET,
    Inlined,
    course_files,
    player_page,
    runtime_file,
)
from builder.sizes import MB, human_size
from builder.targets.base import OneFileTarget
from builder.targets.html import HtmlTarget
from builder.theme import Theme

#: MIME types by suffix, fixed here so the output never depends on the machine's tables.
MIME_TYPES = {
    ".apng": "image/apng",
    ".avif": "image/avif",
    ".bmp": "image/bmp",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".mp3": "audio/mpeg",
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
UNKNOWN_TYPE = "application/octet-stream"
#: The most the one file may carry inlined: past it, mail and chat refuse it, browsers
#: open it slowly, and building it would hold several copies of it in memory.
MAX_INLINED = 50 * MB

#: A link or source attribute naming one of the course's assets, as ``render`` writes them.
_ASSET_ATTRIBUTE = re.compile(
    r'(?<![\w-])(?P<attr>src|href)="(?P<path>'
    + re.escape(ASSET_DIR)
    + r'/[^"#]*)(?P<fragment>#[^"]*)?"'
)


def mime_type(name: str) -> str:
    return MIME_TYPES.get(PurePosixPath(name).suffix.lower(), UNKNOWN_TYPE)


def data_uri(name: str, content: bytes) -> str:
    return f"data:{mime_type(name)};base64,{base64.b64encode(content).decode('ascii')}"


def inline_assets(html: str, assets: Mapping[str, Path]) -> str:
    """``html`` with every asset reference replaced by the asset itself as a ``data:`` URI.

    A link to a file (a PDF, a spreadsheet) gets a ``download`` name too: browsers
    refuse to open a ``data:`` document as a page, but save it.
    """
    cache: dict[str, str] = {}

    def replace(found: re.Match[str]) -> str:
        name = unquote(found["path"])
        if name not in assets:
            return found[0]
        if name not in cache:
            cache[name] = data_uri(name, shipped(assets[name]))
        if found["attr"] == "src":
            return f'src="{cache[name]}{found["fragment"] or ""}"'
        return f'href="{cache[name]}" download="{PurePosixPath(name).name}"'

    return _ASSET_ATTRIBUTE.sub(replace, html)


def _source_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _inline_safe(text: str, tag: str) -> str:
    """Source text that cannot close its own ``<script>``/``<style>`` element early."""
    return re.sub(f"</(?={tag})", r"<\\/", text, flags=re.IGNORECASE)


def inlined(
    theme: Theme, scripts: tuple[str, ...], own: Mapping[str, bytes] | None = None
) -> Inlined:
    """The theme's stylesheets, the course's own (``own``) and ``scripts``, minified,
    ready to go inside the page."""

    def text(name: str, tag: str) -> str:
        return _inline_safe(runtime_file(theme, name).decode("utf-8"), tag)

    styles = {name: text(name, "style") for name in (STYLESHEET, PRINT_STYLESHEET)}
    own_styles = (own or {}).items()
    styles.update((name, _inline_safe(css.decode("utf-8"), "style")) for name, css in own_styles)
    return Inlined(styles=styles, scripts={name: text(name, "script") for name in scripts})


def csp(parts: Inlined) -> str:
    """A policy letting only these exact scripts and styles run, and only ``data:`` media load."""
    scripts = " ".join(_source_hash(s) for s in parts.scripts.values())
    styles = " ".join(_source_hash(s) for s in parts.styles.values())
    return (
        f"default-src 'none'; script-src {scripts}; style-src {styles}; "
        "img-src data:; media-src data:; base-uri 'none'; form-action 'none'"
    )


class HtmlSingleTarget(OneFileTarget):
    name = "html-single"
    description = "the offline player as one self-contained .html file"
    suffix = ".html"

    def check_linked_files(self, linked: LinkedFiles, reporter: Reporter) -> None:
        inlined = linked.inlined_size()
        largest = linked.largest()
        if inlined <= MAX_INLINED or largest is None:
            return
        message = (
            f"the one-file HTML would carry {human_size(inlined)} of linked files (base64), over "
            f"its limit of {human_size(MAX_INLINED)}; '{largest.url}' alone is "
            f"{human_size(largest.size)}: build this course with --target html or scorm12, or "
            "make its files smaller"
        )
        reporter.error(largest.first, message, "size.one-file")

    def files(self, rendered: RenderedCourse, theme: Theme) -> dict[str, bytes]:
        scripts = theme.runtime_scripts(HtmlTarget.scripts)
        parts = inlined(theme, scripts, course_files(rendered, theme))
        page = player_page(
            rendered, theme, scripts, HtmlTarget.mode, parts.styles, parts, csp(parts)
        )
        return {self.file_name(rendered.course): inline_assets(page, rendered.assets).encode()}
