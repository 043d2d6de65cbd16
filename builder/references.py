"""What a link or image in a course points at, and whether that is allowed.

A built course must work with no network and from any folder, so every
relative reference has to land on a file inside the course folder (symlinks
included), and images may not come from the internet. Links to web pages are
fine: they are links, not requests the course makes by itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.load import LESSON_SUFFIX

WEB_SCHEMES = ("http", "https", "mailto", "tel")
_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")


class Kind(Enum):
    EXTERNAL = "external"
    ANCHOR = "anchor"
    LESSON = "lesson"
    ASSET = "asset"
    INLINE_DATA = "inline-data"


@dataclass(frozen=True)
class Reference:
    url: str
    kind: Kind
    target: Path | None = None
    fragment: str = ""


@dataclass(frozen=True)
class Problem:
    message: str
    code: str


def resolve(url: str, source: Path, course_root: Path, is_image: bool) -> Reference | Problem:
    """Classify ``url`` written in ``source``; a :class:`Problem` says what is wrong."""
    if _WINDOWS_PATH.match(url):
        return Problem(
            f"'{url}' is a path on your computer; write it relative to the lesson, "
            "e.g. 'images/x.png'",
            "link.absolute",
        )
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data" and is_image and url[5:].lower().startswith("image/"):
        return Reference(url, Kind.INLINE_DATA)
    if scheme in WEB_SCHEMES or url.startswith("//"):
        if is_image:
            return Problem(
                f"image '{url}' would be downloaded from the internet; save the image "
                "in the course folder and point to it with a relative path",
                "link.remote-image",
            )
        return Reference(url, Kind.EXTERNAL)
    if scheme:
        return Problem(
            f"'{url}' uses the '{scheme}:' scheme, which is not allowed; "
            "use a relative path or an http(s) address",
            "link.unsafe",
        )
    if not parts.path:
        return Reference(url, Kind.ANCHOR, fragment=parts.fragment)
    if parts.path.startswith("/"):
        return Problem(
            f"'{url}' is an absolute path; write it relative to the lesson, e.g. 'images/x.png'",
            "link.absolute",
        )
    return _resolve_file(url, unquote(parts.path), parts.fragment, source, course_root)


def _resolve_file(
    url: str, path: str, fragment: str, source: Path, course_root: Path
) -> Reference | Problem:
    """``course_root`` must be absolute; symlinks may not lead out of it."""
    candidate = _normalise(source.parent / path)
    inside = candidate.is_relative_to(course_root)
    if not inside or not candidate.resolve().is_relative_to(course_root.resolve()):
        return Problem(
            f"'{url}' points outside the course folder; copy the file into the course "
            "and link to the copy",
            "link.outside",
        )
    if not candidate.is_file():
        return Problem(f"'{url}' points to a file that does not exist", "link.missing")
    kind = Kind.LESSON if candidate.suffix == LESSON_SUFFIX else Kind.ASSET
    return Reference(url, kind, candidate.relative_to(course_root), fragment)


def _normalise(path: Path) -> Path:
    """Collapse '..' segments lexically, without following symlinks."""
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if len(parts) > 1:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return Path(*parts)
