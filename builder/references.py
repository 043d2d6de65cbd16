"""What a link or image in a course points at, and whether that is allowed.

A built course must work with no network and from any folder, so every
relative reference has to land on a file inside the course folder (symlinks
included), and images may not come from the internet. Links to web pages are
fine: they are links, not requests the course makes by itself.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.file_names import find_on_disk, normal_name, same_name_key
from builder.load import LESSON_SUFFIX

WEB_SCHEMES = ("http", "https", "mailto", "tel")
#: The longest path a file may have inside a course, and the longest name, in UTF-8 bytes.
MAX_PATH_LENGTH = 160
MAX_NAME_BYTES = 255
#: A drive path, or one starting with a backslash, such as a network share ('\\server\share'),
#: which browsers read as an address on another host.
_WINDOWS_PATH = re.compile(r"^([A-Za-z]:[\\/]|\\)")


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


def url_scheme(url: str) -> str:
    """The scheme of ``url`` in lower case, ``''`` for a relative one, ``'invalid'`` when the
    address cannot be read at all ('http://[intranet]/'), so no check has to catch an error."""
    try:
        return urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return "invalid"


def resolve(url: str, source: Path, course_root: Path, is_image: bool) -> Reference | Problem:
    """Classify ``url`` written in ``source``; a :class:`Problem` says what is wrong."""
    if _WINDOWS_PATH.match(url):
        return Problem(
            f"'{url}' is a path on your computer; write it relative to the lesson, "
            "e.g. 'images/x.png'",
            "link.absolute",
        )
    try:
        parts = urlsplit(url)
    except ValueError:  # a bracketed host that is no IP address: 'http://[intranet]/'
        message = (
            f"'{url}' is not a well-formed address: after '//', square brackets may only "
            "hold an IP address; correct the address"
        )
        return Problem(message, "link.malformed")
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
    if "\0" in path:
        message = f"'{url}' holds a NUL character, which no file name can contain; remove it"
        return Problem(message, "link.malformed")
    candidate = _normalise(source.parent / path)
    inside = candidate.is_relative_to(course_root)
    if inside:
        candidate = _stored_name(candidate, course_root)
    if inside and (long := _too_long(url, candidate.relative_to(course_root))):
        return long
    try:
        real = candidate.resolve()
    except RuntimeError:  # pathlib's report of a symlink loop
        message = f"'{url}' is a symbolic link that leads back to itself; put the file there"
        return Problem(message, "link.unreadable")
    if not inside or not real.is_relative_to(course_root.resolve()):
        return Problem(
            f"'{url}' points outside the course folder; copy the file into the course "
            "and link to the copy",
            "link.outside",
        )
    try:
        if not candidate.is_file():
            message = f"'{url}' points to a file that does not exist{_near_miss(path, source)}"
            return Problem(message, "link.missing")
        if not os.access(candidate, os.R_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as exc:
        message = (
            f"'{url}' points to a file that cannot be read ({exc.strerror}); check its permissions"
        )
        return Problem(message, "link.unreadable")
    kind = Kind.LESSON if candidate.suffix == LESSON_SUFFIX else Kind.ASSET
    return Reference(url, kind, candidate.relative_to(course_root), fragment)


def _near_miss(path: str, source: Path) -> str:
    """A "did you mean" for the two slips a Windows or macOS author does not see: '\\'
    between folders, and letter case (both work on the author's disk, not on a server).

    Letter case is judged as the case-twin check judges it (:func:`same_name_key`).
    """
    written = [part for part in path.replace("\\", "/").split("/") if part not in ("", ".")]
    found = find_on_disk(source.parent, written, same_name_key)
    if found is None or not found.is_file():
        return ""
    names = list(found.parts[len(found.parts) - len(written) :])
    reasons = []
    if "\\" in path:
        reasons.append("separate folders with '/', not '\\'")
    if names != written:
        reasons.append("letter case counts once the course is on a server")
    return f" (did you mean '{'/'.join(names)}'? {' and '.join(reasons)})" if reasons else ""


def _too_long(url: str, inside: Path) -> Problem | None:
    """Packages are unzipped into LMS and Windows folders whose whole path is limited to
    260 characters, and no file system takes a name over 255 bytes."""
    longest = max(
        (len(part.encode("utf-8", "surrogateescape")) for part in inside.parts), default=0
    )
    if len(str(inside)) <= MAX_PATH_LENGTH and longest <= MAX_NAME_BYTES:
        return None
    return Problem(
        f"'{url}' leads to a path of {len(str(inside))} characters in the course; keep paths "
        f"to {MAX_PATH_LENGTH} characters and names to {MAX_NAME_BYTES} bytes "
        "(move the file up or shorten its folder names)",
        "link.too-long",
    )


def _stored_name(candidate: Path, course_root: Path) -> Path:
    """``candidate`` as the disk spells it, when a name is written in another Unicode form.

    macOS stores 'é' decomposed (NFD) while editors type it composed (NFC); the
    two look the same and must reach the same file. Unchanged when the path
    exists, is plain ASCII, or no single entry matches.
    """
    relative = candidate.relative_to(course_root)
    if relative.as_posix().isascii() or os.path.lexists(candidate):
        return candidate
    return find_on_disk(course_root, relative.parts, normal_name) or candidate


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
