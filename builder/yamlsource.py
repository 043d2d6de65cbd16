"""YAML parsing that remembers where every key and value came from.

PyYAML's ``safe_load`` throws positions away, but every validation message
must name a line and column. We compose the node tree and convert it into
ordinary dicts and lists that also carry the locations of their parts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver, Resolver

from builder.diagnostics import Location, Reporter


class YamlMap(dict[str, Any]):
    """A mapping plus the location of itself, of each key and of each value."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.key_locations: dict[str, Location] = {}
        self.value_locations: dict[str, Location] = {}

    def key_at(self, key: str) -> Location:
        return self.key_locations.get(key, self.location)

    def value_at(self, key: str) -> Location:
        return self.value_locations.get(key, self.key_at(key))


class YamlList(list[Any]):
    """A sequence plus the location of itself and of each item."""

    def __init__(self, location: Location) -> None:
        super().__init__()
        self.location = location
        self.item_locations: list[Location] = []

    def item_at(self, index: int) -> Location:
        return self.item_locations[index]


#: libyaml's parser when PyYAML was built with it: ten times faster, same nodes and marks.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class WrittenFloat(float):
    """A number that also keeps how it was written: ``1.10`` is read as 1.1."""

    written: str

    def __new__(cls, value: float, written: str) -> WrittenFloat:
        number = super().__new__(cls, value)
        number.written = written
        return number


class _Unparsable:
    """Stands for a document or value that could not be read (already reported)."""

    def __repr__(self) -> str:
        return "UNPARSABLE"


UNPARSABLE: Any = _Unparsable()

#: PyYAML problems that authors meet in ordinary prose, and what to do about them.
_HINTS = {
    "mapping values are not allowed here": (
        "; a text containing ': ' (common in French typography) must be put in quotes"
    ),
    "found character '\\t' that cannot start any token": "; indent with spaces, not tabs",
}


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
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _at(origin, mark.line, mark.column) if mark else origin
        problem = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark and exc.context_mark is not mark:
            started = _at(origin, exc.context_mark.line, exc.context_mark.column)
            problem = f"{problem} ({exc.context} that starts on line {started.line})"
        hint = _HINTS.get(exc.problem or "", "")
        reporter.error(where, f"YAML syntax error: {problem}{hint}", "yaml.syntax")
        return UNPARSABLE
    except yaml.YAMLError as exc:
        reporter.error(origin, f"YAML error: {exc}", "yaml.syntax")
        return UNPARSABLE
    if node is None:
        return None
    converter = _Converter(origin, reporter)
    value = converter.convert(node)
    return UNPARSABLE if converter.stopped else value


def _compose(text: str) -> Node | None:
    """The node tree; a syntax error is raised by the pure-Python parser, whose messages
    are the ones our hints and documentation know (libyaml words them differently).
    That parser recurses, so on a deeply nested text libyaml's own words are kept."""
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.MarkedYAMLError as fast_error:
        try:
            return yaml.compose(text, Loader=yaml.SafeLoader)
        except RecursionError:
            raise fast_error from None


def _at(origin: Location, line: int, column: int) -> Location:
    """Map a 0-based mark inside the embedded text to a file location."""
    return Location(origin.path, origin.line + line, (origin.column if line == 0 else 1) + column)


#: The tag YAML gives a value nobody tagged: ``1`` is an int, ``'1'`` and ``oui`` are text.
_implicit_tag: Callable[[type[Node], str, tuple[bool, bool]], str] = Resolver().resolve


def _explicit_tag(node: Node) -> str | None:
    """A tag the author wrote (``!!timestamp x``, ``!!set``), shortened; ``None`` if none.

    Tags turn text into bytes, sets or half-built dates that no schema expects (PyYAML even
    crashes on some), and no course needs one; ``!!str`` alone is harmless and let through.
    """
    if isinstance(node, ScalarNode):
        plain = node.style in (None, "")
        usual = {_implicit_tag(ScalarNode, node.value, (plain, not plain))}
        usual.add(BaseResolver.DEFAULT_SCALAR_TAG)
    elif isinstance(node, MappingNode):
        usual = {BaseResolver.DEFAULT_MAPPING_TAG}
    else:
        usual = {BaseResolver.DEFAULT_SEQUENCE_TAG}
    if node.tag in usual:
        return None
    return str(node.tag).replace("tag:yaml.org,2002:", "!!")


#: Course files nest a handful of levels; these bounds stop a hostile file (brackets opened
#: thousands of times, aliases of aliases that expand a few lines into billions of values).
MAX_DEPTH = 32
MAX_VALUES = 100_000


class _Converter:
    def __init__(self, origin: Location, reporter: Reporter) -> None:
        self.origin = origin
        self.reporter = reporter
        self.scalars = SafeConstructor()
        self.values = 0
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
            for child in node.value:
                items.append(self.convert(child, depth + 1))
                items.item_locations.append(self.where(child))
            return items
        assert isinstance(node, ScalarNode)
        try:
            value = self.scalars.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            problem = exc.problem if isinstance(exc, yaml.MarkedYAMLError) else str(exc)
            message = f"'{node.value}' cannot be read ({problem}); put it in quotes if it is text"
            self.reporter.error(self.where(node), message, "yaml.value")
            return UNPARSABLE
        return WrittenFloat(value, node.value) if isinstance(value, float) else value

    def _within_bounds(self, node: Node, depth: int) -> bool:
        """Count ``node``; False once the document went past a bound (reported once)."""
        self.values += 1
        if self.stopped:
            return False
        if self.values > MAX_VALUES:
            message = (
                f"this YAML holds more than {MAX_VALUES} values once its aliases (*name) "
                "are expanded; write the values out instead of repeating aliases"
            )
        elif depth > MAX_DEPTH:
            message = (
                f"values are nested more than {MAX_DEPTH} levels deep here; check the brackets "
                "and the indentation (an alias used inside itself, *name, also does this)"
            )
        else:
            return True
        self.reporter.error(self.where(node), message, "yaml.too-complex")
        self.stopped = True
        return False

    def mapping(self, node: MappingNode, depth: int) -> YamlMap:
        result = YamlMap(self.where(node))
        self.scalars.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self.convert(key_node, depth + 1)
            where = self.where(key_node)
            if key is UNPARSABLE:
                continue
            if not isinstance(key, str | int | float | bool):
                self.reporter.error(where, "a key must be a plain word", "yaml.key")
                continue
            key = str(key).lower() if isinstance(key, bool) else str(key)
            if key in result:
                first = result.key_locations[key]
                self.reporter.error(
                    where,
                    f"key '{key}' appears twice (first on line {first.line}); keep one",
                    "yaml.duplicate-key",
                )
                continue
            result[key] = self.convert(value_node, depth + 1)
            result.key_locations[key] = where
            result.value_locations[key] = self.where(value_node)
        return result


def load_yaml_file(path: Path, text: str, reporter: Reporter) -> Any:
    """Parse a whole YAML file whose text was already read."""
    return parse_yaml(text, Location(path), reporter)
