"""The shape of every YAML document an author writes, declared once.

Each file kind (``course.yml``, ``module.yml``, ``quiz.yml``, lesson front
matter, questions) is a :class:`Schema`: a list of typed fields with a
docstring each. The validator walks a parsed document against its schema and
reports every unknown key (with a "did you mean"), missing field, wrong type
and out-of-range value. The same declarations are exported as JSON Schema
for editors (``json_schema()``), so there is one source of truth for the format.
"""

from __future__ import annotations

import difflib
import math
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from builder.diagnostics import Location, Reporter
from builder.yamlsource import UNPARSABLE, YamlList, YamlMap, location_of


@dataclass(frozen=True, kw_only=True)
class Kind(ABC):
    """A value type; ``check`` reports and returns False when the value does not fit."""

    label: str
    #: Whether the value is text, taken as typed even where YAML read a number or true/false.
    takes_text: ClassVar[bool] = False

    @abstractmethod
    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool: ...

    @abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """The same rule as JSON Schema (draft-07 keywords), for editors."""


def _wrong_type(
    reporter: Reporter, where: Location, name: str, label: str, value: Any, hint: str = ""
) -> bool:
    reporter.error(where, f"'{name}' must be {label}, not {_describe(value)}{hint}", "schema.type")
    return False


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the value {str(value).lower()}"
    if isinstance(value, YamlMap):
        return "a mapping"
    if isinstance(value, YamlList):
        return "a list"
    if isinstance(value, int | float):
        return f"the number {value}"
    return f"'{value}'" if isinstance(value, str) else type(value).__name__


@dataclass(frozen=True, kw_only=True)
class Text(Kind):
    """Text, taken exactly as typed: an unquoted ``1.10``, ``010`` or ``true`` is that text."""

    label: str = "text"
    pattern: str | None = None
    hint: str = ""
    max_length: int | None = None
    takes_text: ClassVar[bool] = True

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)  # only met inside AnyOf: a field of kind Text gets the typed text
        if not isinstance(value, str) or not value.strip():
            return _wrong_type(reporter, where, name, "some text", value)
        if self.pattern and not re.fullmatch(self.pattern, value):
            reporter.error(where, f"'{name}' is '{value}': {self.hint}", "schema.pattern")
            return False
        if self.max_length is not None and len(value) > self.max_length:
            message = (
                f"'{name}' is {len(value)} characters long; keep it to {self.max_length} or fewer"
            )
            reporter.error(where, message, "schema.too-long")
            return False
        return True

    def json_schema(self) -> dict[str, Any]:
        # What an editor reads as a number or true/false is text as typed to the validator.
        kinds = "string" if self.pattern else ["string", "number", "boolean"]
        schema: dict[str, Any] = {"type": kinds}
        schema["pattern"] = rf"^(?:{self.pattern})$" if self.pattern else r"\S"
        if self.max_length is not None:
            schema["maxLength"] = self.max_length
        return schema


@dataclass(frozen=True, kw_only=True)
class Number(Kind):
    label: str = "a number"
    minimum: float | None = None
    maximum: float | None = None
    integer: bool = False

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        fits = isinstance(value, int) if self.integer else isinstance(value, int | float)
        endless = isinstance(value, float) and not math.isfinite(value)  # .nan, .inf
        if isinstance(value, bool) or not fits or endless:
            return _wrong_type(reporter, where, name, self.label, value, _number_hint(value))
        low = -float("inf") if self.minimum is None else self.minimum
        high = float("inf") if self.maximum is None else self.maximum
        if not low <= value <= high:
            reporter.error(where, f"'{name}' is {value}; {self._range()}", "schema.range")
            return False
        return True

    def _range(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"it must be between {self.minimum:g} and {self.maximum:g}"
        if self.minimum is not None:
            return f"it must be at least {self.minimum:g}"
        return f"it must be at most {self.maximum:g}"

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema


def _number_hint(value: Any) -> str:
    """How to write a number the way YAML reads one, when the text typed is almost one."""
    if isinstance(value, str) and re.fullmatch(r"[-+]?[0-9]+,[0-9]+", value.strip()):
        return f"; use a point: {value.strip().replace(',', '.')}"
    if isinstance(value, str) and re.fullmatch(r"[-+]?0[xXoObB][0-9A-Fa-f_]+", value.strip()):
        return "; write numbers with decimal digits only"
    return ""


@dataclass(frozen=True, kw_only=True)
class Day(Kind):
    """A calendar date, written ``2022-06-21`` (a text to YAML 1.2; quoted is fine too)."""

    label: str = "a date written YYYY-MM-DD"

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                date.fromisoformat(value)
            except ValueError:
                reporter.error(where, f"'{name}' is '{value}', which is no date", "schema.type")
                return False
            return True
        return _wrong_type(reporter, where, name, self.label, value)

    def json_schema(self) -> dict[str, Any]:
        # Editors read YAML 1.2, where an unquoted 2022-06-21 is a string.
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


@dataclass(frozen=True, kw_only=True)
class Boolean(Kind):
    label: str = "true or false"

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        return isinstance(value, bool) or _wrong_type(reporter, where, name, self.label, value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


@dataclass(frozen=True, kw_only=True)
class AnyOf(Kind):
    """A value of any of several kinds (``answer`` is true/false or a number by question type)."""

    kinds: tuple[Kind, ...]

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        if any(kind.check(value, where, name, Reporter()) for kind in self.kinds):
            return True
        return _wrong_type(reporter, where, name, self.label, value)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [kind.json_schema() for kind in self.kinds]}


@dataclass(frozen=True, kw_only=True)
class Choice(Kind):
    label: str = "one of the listed values"
    values: tuple[str, ...] = ()

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        if isinstance(value, str) and value in self.values:
            return True
        options = ", ".join(self.values)
        hint = _did_you_mean(str(value), self.values)
        message = f"'{name}' is {_describe(value)}; use one of: {options}{hint}"
        reporter.error(where, message, "schema.choice")
        return False

    def json_schema(self) -> dict[str, Any]:
        return {"enum": list(self.values)}


@dataclass(frozen=True, kw_only=True)
class ListOf(Kind):
    """A list whose items are all of one kind; a single item is not accepted as a list."""

    label: str = "a list"
    item: Kind
    min_items: int = 0

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        if not isinstance(value, YamlList):
            return _wrong_type(reporter, where, name, f"a list of {self.item.label}", value)
        if len(value) < self.min_items:
            reporter.error(
                where, f"'{name}' needs at least {self.min_items} item(s)", "schema.empty"
            )
            return False
        fine = True
        for index in range(len(value)):
            if self.item.takes_text:
                value.keep_as_written(index)
            item = value[index]
            if item is UNPARSABLE:
                fine = False
                continue
            item_where = value.item_at(index)
            fine = self.item.check(item, item_where, f"{name}[{index + 1}]", reporter) and fine
        return fine

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        return schema


@dataclass(frozen=True, kw_only=True)
class Nested(Kind):
    """A mapping checked against its own schema."""

    label: str = "a mapping"
    schema: Schema

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        if not isinstance(value, YamlMap):
            return _wrong_type(reporter, where, name, self.label, value)
        return self.schema.check(value, reporter)

    def json_schema(self) -> dict[str, Any]:
        return self.schema.json_schema()


@dataclass(frozen=True, kw_only=True)
class MapOf(Kind):
    """A mapping whose keys the author chooses, such as HTML tag names; one kind per side."""

    label: str = "a mapping"
    key: Kind
    value: Kind

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        if not isinstance(value, YamlMap):
            return _wrong_type(reporter, where, name, self.label, value)
        fine = True
        for key in value:
            if self.value.takes_text:
                value.keep_as_written(key)
            item = value[key]
            fine = self.key.check(key, value.key_at(key), name, reporter) and fine
            if item is UNPARSABLE:
                fine = False
                continue
            item_where = location_of(item, value.value_at(key))
            fine = self.value.check(item, item_where, f"{name}: {key}", reporter) and fine
        return fine

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "propertyNames": self.key.json_schema(),
            "additionalProperties": self.value.json_schema(),
        }


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    doc: str
    required: bool = False


@dataclass(frozen=True)
class Schema:
    """The fields of one kind of YAML mapping."""

    name: str
    doc: str
    fields: tuple[Field, ...]

    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def json_schema(self) -> dict[str, Any]:
        """A closed JSON object: unknown keys are errors here as in :meth:`check`."""
        properties = {f.name: {**f.kind.json_schema(), "description": f.doc} for f in self.fields}
        schema: dict[str, Any] = {
            "title": self.name,
            "description": self.doc,
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        return schema

    def check(self, document: YamlMap, reporter: Reporter) -> bool:
        """Report every problem of ``document``; True when it is usable as is."""
        fine = True
        known = {f.name: f for f in self.fields}
        for key in document:
            if key not in known:
                hint = _did_you_mean(key, tuple(known))
                message = f"unknown key '{key}' in {self.name}{hint}"
                reporter.error(document.key_at(key), message, "schema.unknown-key")
                fine = False
        for field in self.fields:
            if field.name not in document:
                if field.required:
                    message = f"{self.name} is missing the required key '{field.name}'"
                    reporter.error(document.location, message, "schema.missing-key")
                    fine = False
                continue
            if field.kind.takes_text:
                document.keep_as_written(field.name)
            value = document[field.name]
            if value is UNPARSABLE:
                fine = False
                continue
            where = location_of(value, document.value_at(field.name))
            fine = field.kind.check(value, where, field.name, reporter) and fine
        return fine


def _did_you_mean(word: str, candidates: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def check_document(
    document: Any, schema: Schema, where: Location, reporter: Reporter
) -> YamlMap | None:
    """Check a whole parsed file; returns it when it is a usable mapping."""
    if document is UNPARSABLE:
        return None
    if document is None:
        document = YamlMap(where)
    if not isinstance(document, YamlMap):
        message = f"{schema.name} must be a mapping of keys to values, not {_describe(document)}"
        reporter.error(location_of(document, where), message, "schema.type")
        return None
    return document if schema.check(document, reporter) else None
