"""YAML parsing that remembers where every key and value came from.

PyYAML's ``safe_load`` throws positions away, but every validation message
must name a line and column. We compose the node tree (read as YAML 1.2, see
:mod:`builder.yamlcore`) and convert it into ordinary dicts and lists that also
carry the locations of their parts, and what the author typed for each value
read as a number or true/false: where the format expects text, the schema takes
that text, so ``010`` stays ``010`` and ``1.10`` stays ``1.10``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from builder.diagnostics import Location, Reporter
from builder.yamlcore import (
    BOOL_TAG,
    FLOAT_TAG,
    INT_TAG,
    MAX_DEPTH,
    MERGE_TAG,
    TooDeep,
    compose,
    implicit_tag,
    scalar_value,
    syntax_problem,
)


class YamlMap(dict[str, Any]):
    """A mapping plus the location of itself, of each key and of each value."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.key_locations: dict[str, Location] = {}
        self.value_locations: dict[str, Location] = {}
        #: What the author typed for each value YAML reads as a number or true/false.
        self.written: dict[str, str] = {}

    def key_at(self, key: str) -> Location:
        return self.key_locations.get(key, self.location)

    def value_at(self, key: str) -> Location:
        return self.value_locations.get(key, self.key_at(key))

    def keep_as_written(self, key: str) -> None:
        """Make the value of ``key`` the text typed, where the format expects text."""
        if key in self.written:
            self[key] = self.written[key]


class YamlList(list[Any]):
    """A sequence plus the location of itself and of each item."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.item_locations: list[Location] = []
        #: What the author typed for each item YAML reads as a number or true/false.
        self.written: dict[int, str] = {}

    def item_at(self, index: int) -> Location:
        return self.item_locations[index]

    def keep_as_written(self, index: int) -> None:
        """Make item ``index`` the text typed, where the format expects text."""
        if index in self.written:
            self[index] = self.written[index]


class _Unparsable:
    """Stands for a document or value that could not be read (already reported)."""

    def __repr__(self) -> str:
        return "UNPARSABLE"


UNPARSABLE: Any = _Unparsable()


def location_of(value: Any, fallback: Location) -> Location:
    """Where a parsed value starts, if it is a mapping or a list."""
    if isinstance(value, YamlMap | YamlList):
        return value.location
    return fallback


def parse_yaml(text: str, origin: Location, reporter: Reporter) -> Any:
    """Parse one YAML document; ``origin`` is where ``text`` starts in its file.

    Returns ``None`` for an empty document, and :data:`UNPARSABLE` after
    reporting a syntax error (so later stages do not pile up more errors).
    """
    try:
        node = compose(text)
    except TooDeep as exc:
        where = _at(origin, exc.line, exc.column)
        reporter.error(where, _TOO_DEEP, "yaml.too-complex")
        return UNPARSABLE
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(origin, mark.line, mark.column) if mark else origin
        problem = syntax_problem(exc, text.splitlines(), origin.line)
        reporter.error(where, f"YAML syntax error: {problem}", "yaml.syntax")
        return UNPARSABLE
    except yaml.YAMLError as exc:
        reporter.error(origin, f"YAML error: {exc}", "yaml.syntax")
        return UNPARSABLE
    if node is None:
        return None
    converter = _Converter(origin, reporter)
    value = converter.convert(node)
    return UNPARSABLE if converter.stopped else value


def _at(origin: Location, line: int, column: int) -> Location:
    """Map a 0-based mark inside the embedded text to a file location."""
    return Location(origin.path, origin.line + line, (origin.column if line == 0 else 1) + column)


def _explicit_tag(node: Node) -> str | None:
    """A tag the author wrote (``!!timestamp x``, ``!!set``), shortened; ``None`` if none.

    Tags turn text into bytes, sets or half-built dates that no schema expects (PyYAML even
    crashes on some), and no course needs one; ``!!str`` alone is harmless and let through.
    """
    if isinstance(node, ScalarNode):
        usual = {BaseResolver.DEFAULT_SCALAR_TAG}
        if node.style in (None, ""):
            usual.add(implicit_tag(node))
    elif isinstance(node, MappingNode):
        usual = {BaseResolver.DEFAULT_MAPPING_TAG}
    else:
        usual = {BaseResolver.DEFAULT_SEQUENCE_TAG}
    if node.tag in usual:
        return None
    return str(node.tag).replace("tag:yaml.org,2002:", "!!")


#: Aliases (``*name``) may repeat this many values in all; past it a few lines would expand
#: into billions of values (the "billion laughs"). Values written out are not counted.
MAX_REPEATED = 100_000
_TOO_DEEP = (
    f"values are nested more than {MAX_DEPTH} levels deep here; check the brackets "
    "and the indentation (an alias used inside itself, *name, also does this)"
)


class _Converter:
    def __init__(self, origin: Location, reporter: Reporter) -> None:
        self.origin = origin
        self.reporter = reporter
        self.seen: set[int] = set()
        self.repeated = 0
        self.stopped = False

    def where(self, node: Node) -> Location:
        return _at(self.origin, node.start_mark.line, node.start_mark.column)

    def convert(self, node: Node, depth: int = 0) -> Any:
        if not self._within_bounds(node, depth):
            return UNPARSABLE
        tag = _explicit_tag(node)
        if tag is not None:
            message = (
                f"the YAML tag '{tag}' has no use in a course file; remove it "
                "(and put the value in quotes if it is text)"
            )
            self.reporter.error(self.where(node), message, "yaml.tag")
            return UNPARSABLE
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, SequenceNode):
            items = YamlList(self.where(node))
            for index, child in enumerate(node.value):
                items.append(self.convert(child, depth + 1))
                items.item_locations.append(self.where(child))
                if _typed(child):
                    items.written[index] = child.value
            return items
        assert isinstance(node, ScalarNode)
        try:
            return scalar_value(node)
        except ValueError:
            message = (
                f"'{node.value[:20]}…' is a number too long to read; put it in quotes if it is text"
            )
            self.reporter.error(self.where(node), message, "yaml.value")
            return UNPARSABLE

    def _within_bounds(self, node: Node, depth: int) -> bool:
        """Count ``node``; False once the document went past a bound (reported once).

        A node met a second time is an alias's copy: only those are counted, so a long file
        written out in full is never taken for an alias bomb.
        """
        if self.stopped:
            return False
        if id(node) in self.seen:
            self.repeated += 1
        self.seen.add(id(node))
        if self.repeated > MAX_REPEATED:
            message = (
                f"this YAML holds more than {MAX_REPEATED} values once its aliases (*name) "
                "are expanded; write the values out instead of repeating aliases"
            )
        elif depth > MAX_DEPTH:
            message = _TOO_DEEP
        else:
            return True
        self.reporter.error(self.where(node), message, "yaml.too-complex")
        self.stopped = True
        return False

    def mapping(self, node: MappingNode, depth: int) -> YamlMap:
        """The keys written here, then those merged in by ``<<: *name`` that are not written
        here: as YAML says, a key written in the mapping wins over a merged one."""
        result = YamlMap(self.where(node))
        merges: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merges.append((key_node, value_node))
            else:
                self.entry(result, key_node, value_node, depth)
        for key_node, value_node in merges:
            for source in self.merge_sources(key_node, value_node):
                merged = self.convert(source, depth + 1)
                if isinstance(merged, YamlMap):
                    _merge_into(result, merged)
        return result

    def merge_sources(self, key_node: Node, node: Node) -> list[Node]:
        """The mappings ``<<:`` names: one, or a list of them (the first wins)."""
        if isinstance(node, MappingNode):
            return [node]
        if isinstance(node, SequenceNode) and all(isinstance(n, MappingNode) for n in node.value):
            return list(node.value)
        message = (
            "'<<' merges the keys of a mapping: write '<<: *name', where '&name' marks a "
            "mapping, or '<<: [*one, *two]'"
        )
        self.reporter.error(self.where(key_node), message, "yaml.value")
        return []

    def entry(self, result: YamlMap, key_node: Node, value_node: Node, depth: int) -> None:
        where = self.where(key_node)
        if not isinstance(key_node, ScalarNode):
            self.reporter.error(where, "a key must be a plain word", "yaml.key")
            return
        if self.convert(key_node, depth + 1) is UNPARSABLE:
            return
        key = key_node.value  # a key is a name: kept as typed, '010' stays '010'
        if key in result:
            first = result.key_locations[key]
            self.reporter.error(
                where,
                f"key '{key}' appears twice (first on line {first.line}); keep one",
                "yaml.duplicate-key",
            )
            return
        result[key] = self.convert(value_node, depth + 1)
        result.key_locations[key] = where
        result.value_locations[key] = self.where(value_node)
        if _typed(value_node):
            result.written[key] = value_node.value


def _typed(node: Node) -> bool:
    """Whether YAML read what the author typed as a number or true/false, not as text."""
    return isinstance(node, ScalarNode) and node.tag in (INT_TAG, FLOAT_TAG, BOOL_TAG)


def _merge_into(result: YamlMap, merged: YamlMap) -> None:
    for key, value in merged.items():
        if key in result:
            continue
        result[key] = value
        result.key_locations[key] = merged.key_at(key)
        result.value_locations[key] = merged.value_at(key)
        if key in merged.written:
            result.written[key] = merged.written[key]


def load_yaml_file(path: Path, text: str, reporter: Reporter) -> Any:
    """Parse a whole YAML file whose text was already read."""
    return parse_yaml(text, Location(path), reporter)
