"""Work whose result depends only on its input bytes and the tool, kept between builds.

Minifying the player's runtime gives the same bytes on every build until the theme or
the minifier changes, yet took about a third of a flagship build's CPU time. Results
are kept on disk, one file per entry, named by a hash of the recipe (tool, version,
options) and the input, so a changed theme file, a course's own script or a new
minifier release simply misses and is made afresh.

The cache can only save time, never change an output: an entry is written to a
temporary file and renamed into place, so parallel builds never read half of one; an
entry is used only if its header names the same key and the digest of what follows
matches, so a truncated, corrupt or foreign file is ignored and replaced; and when the
folder cannot be read or written, the work is done in memory and the build goes on.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

#: Names the cache folder itself, for tests and for builds that must not share one.
CACHE_VARIABLE = "COURSEPACK_CACHE_DIR"
#: Starts every entry: a file that does not is not ours.
_MAGIC = b"coursepack-cache 1\n"


def cache_dir() -> Path:
    """``$COURSEPACK_CACHE_DIR``, else ``coursepack`` under the XDG cache folder."""
    named = os.environ.get(CACHE_VARIABLE)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "coursepack"


def cached(section: str, recipe: str, source: bytes, make: Callable[[bytes], bytes]) -> bytes:
    """``make(source)``, read from the cache when this recipe already made it from ``source``.

    ``recipe`` must name everything besides ``source`` that the result depends on (the
    tool, its version, its options): it is part of the key. Exceptions from ``make``
    pass through and nothing is stored.
    """
    key = hashlib.sha256(recipe.encode("utf-8") + b"\0" + source).hexdigest()
    path = cache_dir() / section / key
    found = _read(path, key)
    if found is not None:
        return found
    result = make(source)
    _write(path, key, result)
    return result


def _header(key: str, payload: bytes) -> bytes:
    return _MAGIC + f"{key} {hashlib.sha256(payload).hexdigest()}\n".encode("ascii")


def _read(path: Path, key: str) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    parts = data.split(b"\n", 2)
    if len(parts) < 3:
        return None
    payload = parts[2]
    return payload if data == _header(key, payload) + payload else None


def _write(path: Path, key: str, payload: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(_header(key, payload) + payload)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
