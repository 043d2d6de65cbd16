"""The player's scripts and stylesheet, made small at build time.

Learners open courses on old PCs and phones, often through an LMS on a slow
link, so the runtime has a size budget; the theme keeps readable, commented
sources and only the output is compact. JavaScript goes through calmjs.parse,
a full ES5 parser, so local names can be shortened as well as whitespace and
comments dropped (whitespace alone leaves the runtime over budget), after the
rewrites of :mod:`builder.es5_alias` and :mod:`builder.es5_compact`; CSS goes
through rcssmin. Both give the same bytes for the same input. A file is
minified once per process, however many courses and targets ship it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from builder.diagnostics import Location, Reporter
from builder.theme import COURSE_THEME_DIR

_POSITION = re.compile(r" at (\d+):(\d+)")


class ScriptProblem(Exception):
    """A theme script that cannot be parsed, hence not minified."""

    def __init__(self, location: Location, problem: str) -> None:
        super().__init__(f"{location.render()}: {problem}")
        self.location = location
        self.problem = problem


def check_theme(course_root: Path, reporter: Reporter) -> None:
    """Report the scripts of a course's own theme folder that are not valid ES5.

    Called with the other checks, so a broken script stops the build before
    anything is written instead of shipping a player that does not start.
    """
    folder = course_root / COURSE_THEME_DIR / "static"
    for path in sorted(folder.glob("*.js")) if folder.is_dir() else ():
        try:
            _script(path, path.read_bytes())
        except ScriptProblem as found:
            message = (
                f"this player script is {found.problem}; fix it, or delete it from the "
                "course's theme folder to use the default one"
            )
            reporter.error(found.location, message, "theme.script")


def minified(path: Path, source: bytes) -> bytes:
    """``source`` (the theme file at ``path``) minified if it is a script or a stylesheet."""
    if path.suffix == ".js":
        return _script(path, source)
    if path.suffix == ".css":
        return _stylesheet(source)
    return source


@cache
def _script(path: Path, source: bytes) -> bytes:
    # The parser is imported only when a script is minified or a course's own one checked.
    from calmjs.parse import es5  # type: ignore[import-untyped]
    from calmjs.parse.exceptions import ECMASyntaxError  # type: ignore[import-untyped]
    from calmjs.parse.unparsers.es5 import minify_print  # type: ignore[import-untyped]

    from builder.es5_alias import aliased
    from builder.es5_compact import compact

    try:
        tree = es5(_text(path, source))
    except ECMASyntaxError as error:
        found = _POSITION.search(str(error))
        line, column = (int(found[1]), int(found[2])) if found else (1, 1)
        raise ScriptProblem(Location(path, line, column), f"not valid ES5: {error}") from None
    # Globals stay named: the runtime files find each other through window.Coursepack.
    text: str = minify_print(
        compact(aliased(tree)), obfuscate=True, obfuscate_globals=False, drop_semi=True
    )
    return text.encode("utf-8") + b"\n"


@cache
def _stylesheet(source: bytes) -> bytes:
    import rcssmin  # type: ignore[import-untyped]

    text: str = rcssmin.cssmin(source.decode("utf-8", "replace"))
    return text.encode("utf-8") + b"\n"


def _text(path: Path, source: bytes) -> str:
    try:
        return source.decode("utf-8")
    except UnicodeDecodeError as error:
        line = source[: error.start].count(b"\n") + 1
        raise ScriptProblem(Location(path, line), "not UTF-8 text") from None
