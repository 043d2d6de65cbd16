"""How course YAML is read: YAML 1.2's core schema, with bounded nesting, in plain words.

PyYAML implements YAML 1.1, which silently rewrites what authors type: ``010`` becomes 8,
``0x1F`` 31, ``1:30`` 90, and ``on``, ``no`` or ``yes`` become true or false. Course files
follow YAML 1.2 instead: only ``true``/``false`` are true/false, and only decimal numbers are
numbers; everything else is text, exactly as written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.events import Event
from yaml.nodes import Node, ScalarNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

NULL_TAG = "tag:yaml.org,2002:null"
BOOL_TAG = "tag:yaml.org,2002:bool"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
MERGE_TAG = "tag:yaml.org,2002:merge"

#: Course files nest a handful of levels; past this a text is broken or hostile (brackets
#: opened thousands of times, an alias used inside itself).
MAX_DEPTH = 32


class CoreResolver(BaseResolver):
    """YAML 1.2 core schema (plus ``<<`` merges): what a plain, untagged scalar means."""


for _tag, _pattern, _starts in (
    (BOOL_TAG, r"true|True|TRUE|false|False|FALSE", "tTfF"),
    (INT_TAG, r"[-+]?[0-9]+", "-+0123456789"),
    (
        FLOAT_TAG,
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    (NULL_TAG, r"~|null|Null|NULL|", ["~", "n", "N", ""]),
    (MERGE_TAG, r"<<", "<"),
):
    CoreResolver.add_implicit_resolver(_tag, re.compile(rf"^(?:{_pattern})$"), list(_starts))


_resolve: Callable[[type[Node], str, tuple[bool, bool]], str] = CoreResolver().resolve


def implicit_tag(node: ScalarNode) -> str:
    """The tag YAML gives plain ``node`` when nobody tagged it: ``1`` is an int, ``a`` text."""
    return _resolve(ScalarNode, node.value, (True, False))


def scalar_value(node: ScalarNode) -> Any:
    """The value of a scalar whose tag is implicit (or ``!!str``); raises ValueError for a
    number too long for Python to read (thousands of digits)."""
    text = node.value
    if node.tag == NULL_TAG:
        return None
    if node.tag == BOOL_TAG:
        return text.lower() == "true"
    if node.tag == INT_TAG:
        return int(text)
    if node.tag == FLOAT_TAG:
        lowered = text.lower()
        if lowered.endswith("inf"):
            return -math.inf if lowered.startswith("-") else math.inf
        return math.nan if lowered == ".nan" else float(text)
    return text


class TooDeep(Exception):
    """The text nests past :data:`MAX_DEPTH` here (0-based): said in our words on every PyYAML."""

    def __init__(self, line: int, column: int) -> None:
        super().__init__("nested too deep")
        self.line = line
        self.column = column


class _BoundedComposer(Composer):
    """PyYAML's composer, stopping at our nesting bound before any of PyYAML's own (libyaml
    has one since PyYAML 6.0.4, in its own words), Python's recursion limit, or the C stack
    (libyaml's own composer in PyYAML 6.0.3 crashes on a million brackets)."""

    nesting = 0
    peek_event: Callable[[], Event]  # from the parser it is mixed with

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.nesting > MAX_DEPTH:
            mark = self.peek_event().start_mark
            assert mark is not None, "PyYAML's parsers mark every event"
            raise TooDeep(mark.line, mark.column)
        self.nesting += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.nesting -= 1


class _PythonComposer(Reader, Scanner, Parser, _BoundedComposer, CoreResolver):
    """PyYAML's pure-Python reader: slower, but its messages are the ones we translate."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        _BoundedComposer.__init__(self)
        CoreResolver.__init__(self)


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _FastComposer(_BoundedComposer, CParser, CoreResolver):
        """libyaml's parser, ten times faster, under our composer (libyaml's recurses in C)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _BoundedComposer.__init__(self)
            CoreResolver.__init__(self)

    _FIRST_TRY: type = _FastComposer
else:  # pragma: no cover - PyYAML built without libyaml
    _FIRST_TRY = _PythonComposer


def compose(text: str) -> Node | None:
    """The node tree of ``text``; raises :class:`TooDeep` or a ``MarkedYAMLError``.

    libyaml reads first; on any error the pure-Python reader reads again, so that syntax
    errors and the nesting bound are worded the same on every PyYAML version (libyaml words
    them its own way, and stops deep nesting itself since 6.0.4).
    """
    try:
        return _compose_with(_FIRST_TRY, text)
    except yaml.MarkedYAMLError:
        return _compose_with(_PythonComposer, text)


def _compose_with(reader: type, text: str) -> Node | None:
    composer = reader(text)
    try:
        node: Node | None = composer.get_single_node()
        return node
    finally:
        composer.dispose()


def syntax_problem(exc: yaml.MarkedYAMLError, lines: list[str], first_line: int) -> str:
    """What went wrong, for an author: PyYAML's words, translated where they are cryptic.

    ``lines`` is the text PyYAML read, whose first line is line ``first_line`` of its file.
    """
    problem = exc.problem or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    here = mark.line if mark is not None and mark.line < len(lines) else None
    if problem.startswith("expected <block end>, but found") and here is not None:
        return "this line is indented differently from the key above it" + _indents(
            lines, here, first_line
        )
    if problem == "mapping values are not allowed here" and here is not None:
        if ": " in lines[here][: mark.column if mark else 0]:
            return (
                f"{problem}; a text containing ': ' (common in French typography) must be put "
                "in quotes"
            )
        return f"{problem}; this line is indented more than the key above it" + _indents(
            lines, here, first_line
        )
    if problem == "found character '\\t' that cannot start any token":
        return f"{problem}; indent with spaces, not tabs"
    if exc.context and exc.context_mark and exc.context_mark is not mark:
        return f"{problem} ({exc.context} that starts on line {exc.context_mark.line + first_line})"
    return problem


def _indents(lines: list[str], here: int, first_line: int) -> str:
    """Both indentations, counted, and the fix: one space off is hard to see."""
    spaces = _indent(lines[here])
    above = next(
        (n for n in range(here - 1, -1, -1) if lines[n].strip() and not _comment(lines[n])),
        None,
    )
    counted = f" ({spaces} space{'' if spaces == 1 else 's'} here"
    if above is not None:
        counted += f", {_indent(lines[above])} on line {above + first_line}"
    return (
        f"{counted}); give the keys of one block the same number of spaces, and the keys "
        "under a key more spaces than that key"
    )


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _comment(line: str) -> bool:
    return line.lstrip().startswith("#")
