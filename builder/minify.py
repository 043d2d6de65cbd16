"""The player's scripts and stylesheets, made small at build time.

Learners open courses on old PCs and phones, often through an LMS on a slow
link, so the runtime has a size budget (on its gzip bytes, as it travels); the
theme keeps readable, commented sources and only the output is compact.
JavaScript goes through calmjs.parse, a full ES5 parser that drops whitespace
and comments and shortens local names; CSS goes through rcssmin. Both give the
same bytes for the same input.

Parsing the runtime costs more CPU than the rest of a small course's build and
gives the same bytes until the script or the minifier changes, so a script is
minified once per content: kept on disk between builds (:mod:`builder.cache`,
keyed by the bytes, calmjs.parse's release and options, and this module's text)
and in memory for the other courses and targets of one build. A course's own
theme scripts take the same path. Stylesheets are only kept in memory: rcssmin
is quicker than reading a cache entry.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib.metadata import version
from pathlib import Path

from builder.cache import cached
from builder.diagnostics import Location

_POSITION = re.compile(r" at (\d+):(\d+)")
#: Globals stay named: the runtime files find each other through window.Coursepack.
_PRINT_OPTIONS = {"obfuscate": True, "obfuscate_globals": False, "drop_semi": True}


class ScriptProblem(Exception):
    """A theme script that cannot be parsed, hence not minified."""

    def __init__(self, location: Location, problem: str) -> None:
        super().__init__(f"{location.render()}: {problem}")
        self.location = location
        self.problem = problem


class _Unparsable(Exception):
    """Raised where only the script's bytes are known; the caller adds its path."""

    def __init__(self, line: int, column: int, problem: str) -> None:
        super().__init__(problem)
        self.line = line
        self.column = column
        self.problem = problem


def minified(path: Path, source: bytes) -> bytes:
    """``source`` (the theme file at ``path``) minified if it is a script or a stylesheet."""
    if path.suffix == ".js":
        return _script(path, source)
    if path.suffix == ".css":
        return _stylesheet(source)
    return source


def _script(path: Path, source: bytes) -> bytes:
    try:
        return _script_bytes(source)
    except _Unparsable as found:
        raise ScriptProblem(Location(path, found.line, found.column), found.problem) from None


@cache
def _script_bytes(source: bytes) -> bytes:
    return cached("minified-js", _recipe(), source, _minify_script)


@cache
def _recipe() -> str:
    """What the minified bytes depend on besides the source.

    The tool's release and options, and this module's own text: a change to how it
    calls the tool must not be answered from entries the old code made.
    """
    options = ",".join(f"{name}={value}" for name, value in sorted(_PRINT_OPTIONS.items()))
    caller = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    return f"calmjs.parse {version('calmjs.parse')} minify_print {options} caller {caller}"


def _minify_script(source: bytes) -> bytes:
    # Imported here: a build whose scripts are all cached never loads the parser.
    from calmjs.parse import es5  # type: ignore[import-untyped]
    from calmjs.parse.exceptions import ECMASyntaxError  # type: ignore[import-untyped]
    from calmjs.parse.unparsers.es5 import minify_print  # type: ignore[import-untyped]

    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Unparsable(source[: error.start].count(b"\n") + 1, 1, "not UTF-8 text") from None
    try:
        tree = es5(text)
    except ECMASyntaxError as error:
        found = _POSITION.search(str(error))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        raise _Unparsable(line, column, f"not valid ES5: {error}") from None
    printed: str = minify_print(tree, **_PRINT_OPTIONS)
    return printed.encode("utf-8") + b"\n"


@cache
def _stylesheet(source: bytes) -> bytes:
    import rcssmin  # type: ignore[import-untyped]  # only builds minify; check does not

    text: str = rcssmin.cssmin(source.decode("utf-8", "replace"))
    return text.encode("utf-8") + b"\n"
