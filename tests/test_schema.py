"""schema: value kinds and field lists, each reporting exactly what is wrong and where."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builder import formats
from builder.diagnostics import Location, Reporter
from builder.schema import (
    AnyOf,
    Boolean,
    Choice,
    Day,
    Field,
    Kind,
    ListOf,
    Nested,
    Number,
    Schema,
    Text,
    check_document,
)
from builder.yamlsource import UNPARSABLE, parse_yaml

HERE = Location(Path("f.yml"), 3, 7)


def run(kind: Kind, value: Any) -> tuple[bool, list[str]]:
    reporter = Reporter()
    fine = kind.check(value, HERE, "champ", reporter)
    return fine, [f"{d.message} [{d.code}]" for d in reporter.diagnostics]


def yaml(text: str) -> Any:
    reporter = Reporter()
    value = parse_yaml(text, Location(Path("f.yml")), reporter)
    assert reporter.diagnostics == []
    return value


@pytest.mark.parametrize("value", ["Accueil", 2024, 1.5])
def test_text_accepts_words_and_numbers(value: Any) -> None:
    assert run(Text(), value) == (True, [])


@pytest.mark.parametrize(
    ("value", "found"),
    [(None, "empty"), ("  ", "'  '"), ([], "list")],
)
def test_text_rejects_other_values(value: Any, found: str) -> None:
    assert run(Text(), value) == (False, [f"'champ' must be some text, not {found} [schema.type]"])


TYPED = Schema(
    "test",
    "Fields of each kind.",
    (
        Field("champ", Text(), "Text."),
        Field("liste", ListOf(item=Text()), "Texts."),
        Field("nombre", Number(), "A number."),
    ),
)


@pytest.mark.parametrize(
    "written", ["010", "1.10", "0x1F", "1:30", "yes", "off", "true", "2024-02-01", "1e3", "-0"]
)
def test_text_is_kept_as_typed(written: str) -> None:
    document = yaml(f"champ: {written}\nliste: [{written}, {written}]\n")
    reporter = Reporter()
    assert check_document(document, TYPED, HERE, reporter) is document
    assert reporter.diagnostics == []
    assert document == {"champ": written, "liste": [written, written]}


def test_only_text_fields_take_the_typed_text() -> None:
    document = yaml("nombre: 010\n")
    assert check_document(document, TYPED, HERE, Reporter()) == {"nombre": 10}


def test_text_pattern_and_length() -> None:
    kind = Text(pattern=r"[a-z]+", hint="use lower-case letters", max_length=5)
    assert run(kind, "abcde") == (True, [])
    assert run(kind, "Abc") == (
        False,
        ["'champ' is 'Abc': use lower-case letters [schema.pattern]"],
    )
    assert run(kind, "abcdef") == (
        False,
        ["'champ' is 6 characters long; keep it to 5 or fewer [schema.too-long]"],
    )


def test_identifier_format() -> None:
    assert run(formats.IDENTIFIER, "decouvrir-openimis_2") == (True, [])
    assert run(formats.IDENTIFIER, "2-decouvrir")[0] is False
    assert run(formats.IDENTIFIER, "a" * 65) == (
        False,
        ["'champ' is 65 characters long; keep it to 64 or fewer [schema.too-long]"],
    )


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (formats.PERCENT, 100, None),
        (formats.PERCENT, 0, None),
        (formats.PERCENT, 75.5, None),
        (formats.PERCENT, -1, "'champ' is -1; it must be between 0 and 100 [schema.range]"),
        (
            formats.PERCENT,
            "80%",
            "'champ' must be a number from 0 to 100, not '80%' [schema.type]",
        ),
        (
            formats.PERCENT,
            True,
            "'champ' must be a number from 0 to 100, not the value true [schema.type]",
        ),
        (formats.MINUTES, 1, None),
        (formats.MINUTES, 0, "'champ' is 0; it must be at least 1 [schema.range]"),
        (
            formats.MINUTES,
            7.5,
            "'champ' must be a whole number of minutes, not the number 7.5 [schema.type]",
        ),
        (Number(maximum=3), 4, "'champ' is 4; it must be at most 3 [schema.range]"),
    ],
)
def test_numbers(kind: Kind, value: Any, message: str | None) -> None:
    assert run(kind, value) == (message is None, [] if message is None else [message])


def test_boolean() -> None:
    assert run(Boolean(), False) == (True, [])
    assert run(Boolean(), "oui") == (
        False,
        ["'champ' must be true or false, not 'oui' [schema.type]"],
    )


def test_choice_with_and_without_suggestion() -> None:
    kind = Choice(values=formats.STATUS_RULES)
    assert run(kind, "completed") == (True, [])
    assert run(kind, "complete") == (
        False,
        [
            "'champ' is 'complete'; use one of: passed-failed, completed "
            "(did you mean 'completed'?) [schema.choice]"
        ],
    )
    assert run(kind, 3) == (
        False,
        ["'champ' is the number 3; use one of: passed-failed, completed [schema.choice]"],
    )


# --- AnyOf: true/false or a number (a question's 'answer') -------------------------------------

TRUE_OR_NUMBER = AnyOf(label="true, false or a number", kinds=(Boolean(), Number()))


@pytest.mark.parametrize("value", [True, False, 12, 0, -3.5, 1e6])
def test_any_of_accepts_a_value_of_any_of_its_kinds(value: Any) -> None:
    assert run(TRUE_OR_NUMBER, value) == (True, [])


@pytest.mark.parametrize(
    ("value", "found"),
    [("Ouagadougou", "'Ouagadougou'"), (None, "empty"), ([1, 2], "list")],
)
def test_any_of_reports_once_with_its_own_label(value: Any, found: str) -> None:
    # The kinds it tries stay silent: one message, naming every accepted kind.
    assert run(TRUE_OR_NUMBER, value) == (
        False,
        [f"'champ' must be true, false or a number, not {found} [schema.type]"],
    )


def test_any_of_reads_yaml_true_false_and_numbers() -> None:
    document = yaml("a: true\nb: 12.5\nc: '12.5'\nd: yes\n")
    assert run(TRUE_OR_NUMBER, document["a"]) == (True, [])
    assert run(TRUE_OR_NUMBER, document["b"]) == (True, [])
    assert run(TRUE_OR_NUMBER, document["c"]) == (
        False,
        ["'champ' must be true, false or a number, not '12.5' [schema.type]"],
    )
    assert run(TRUE_OR_NUMBER, document["d"]) == (
        False,
        ["'champ' must be true, false or a number, not 'yes' [schema.type]"],
    )


@pytest.mark.parametrize(
    "written", ["yes", "no", "on", "off", "oui", "non", "vrai", "faux", "y", "1", "'true'"]
)
def test_true_false_is_only_true_or_false_and_echoes_what_was_typed(written: str) -> None:
    value = yaml(f"champ: {written}\n")["champ"]
    shown = "the number 1" if written == "1" else f"'{written.strip(chr(39))}'"
    assert run(Boolean(), value) == (
        False,
        [f"'champ' must be true or false, not {shown} [schema.type]"],
    )


@pytest.mark.parametrize("written", ["true", "True", "TRUE", "false", "False", "FALSE"])
def test_true_false_as_yaml_1_2_writes_them(written: str) -> None:
    assert run(Boolean(), yaml(f"champ: {written}\n")["champ"]) == (True, [])


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("30,5", "; use a point: 30.5"),
        ("-2,25", "; use a point: -2.25"),
        ("0x1F", "; write numbers with decimal digits only"),
        ("0o17", "; write numbers with decimal digits only"),
        ("1:30", ""),
    ],
)
def test_a_number_written_otherwise_gets_a_hint(written: str, hint: str) -> None:
    value = yaml(f"champ: {written}\n")["champ"]
    assert run(formats.PERCENT, value) == (
        False,
        [f"'champ' must be a number from 0 to 100, not '{written}'{hint} [schema.type]"],
    )


def test_a_number_with_leading_zeros_is_decimal() -> None:
    assert yaml("champ: 010\n")["champ"] == 10


def test_question_answer_takes_any_single_value_its_type_then_judges() -> None:
    """The schema accepts a scalar; quiz.bad-answer / quiz.key-not-for-type say what fits."""
    [answer] = [f.kind for f in formats.QUESTION.fields if f.name == "answer"]
    assert isinstance(answer, AnyOf)
    assert run(answer, True) == (True, [])
    assert run(answer, 42) == (True, [])
    assert run(answer, "Ouagadougou") == (True, [])
    assert run(answer, yaml("answer: [1, 2]\n")["answer"])[0] is False


# --- Day: a calendar date ----------------------------------------------------------------------


@pytest.mark.parametrize("written", ["2022-06-21", "'2022-06-21'", '"2024-02-29"'])
def test_day_accepts_a_date_unquoted_or_quoted(written: str) -> None:
    value = yaml(f"updated: {written}\n")["updated"]
    assert run(Day(), value) == (True, [])


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("21/06/2022", "'21/06/2022'"),
        ("'2022-6-21'", "'2022-6-21'"),
        ("21 juin 2022", "'21 juin 2022'"),
        ("2022", "the number 2022"),
        ("20220621", "the number 20220621"),
        ("yes", "'yes'"),
        ("", "empty"),
        ("[2022-06-21]", "a list"),
    ],
)
def test_day_refuses_anything_else(written: str, found: str) -> None:
    value = yaml(f"updated: {written}\n")["updated"]
    assert run(Day(), value) == (
        False,
        [f"'champ' must be a date written YYYY-MM-DD, not {found} [schema.type]"],
    )


def test_course_updated_is_a_day() -> None:
    [updated] = [f.kind for f in formats.COURSE.fields if f.name == "updated"]
    assert isinstance(updated, Day)


def test_list_of_checks_every_item_with_its_location() -> None:
    reporter = Reporter()
    value = yaml("- Awa\n- 12\n- [x]\n- ''\n")
    assert ListOf(item=Text()).check(value, HERE, "authors", reporter) is False
    assert [d.render() for d in reporter.diagnostics] == [
        "f.yml:3:3: error: 'authors[3]' must be some text, not a list [schema.type]",
        "f.yml:4:3: error: 'authors[4]' must be some text, not '' [schema.type]",
    ]


def test_a_single_item_is_not_a_list() -> None:
    assert run(ListOf(item=Text()), "Awa") == (
        False,
        ["'champ' must be a list of text, not 'Awa' [schema.type]"],
    )


def test_list_minimum_length() -> None:
    assert run(ListOf(item=Text(), min_items=1), yaml("[]")) == (
        False,
        ["'champ' needs at least 1 item(s) [schema.empty]"],
    )


def test_nested_mapping() -> None:
    reporter = Reporter()
    value = yaml("status: complete\n")
    assert Nested(schema=formats.SCORM).check(value, HERE, "scorm", reporter) is False
    assert [d.code for d in reporter.diagnostics] == ["schema.choice"]
    assert run(Nested(schema=formats.SCORM), "completed") == (
        False,
        ["'champ' must be a mapping, not 'completed' [schema.type]"],
    )


SMALL = Schema(
    "exemple",
    "For tests.",
    (
        Field("title", Text(), "A title.", required=True),
        Field("weight", Number(minimum=0), "A weight."),
        Field("tags", ListOf(item=Text()), "Tags."),
    ),
)


def test_schema_reports_everything_at_once() -> None:
    document = yaml("titel: Accueil\nweight: -2\ntags: [a, {b: c}]\nzzz: 1\n")
    reporter = Reporter()
    assert SMALL.check(document, reporter) is False
    assert [d.render() for d in reporter.sorted()] == [
        "f.yml:1:1: error: exemple is missing the required key 'title' [schema.missing-key]",
        "f.yml:1:1: error: unknown key 'titel' in exemple (did you mean 'title'?) "
        "[schema.unknown-key]",
        "f.yml:2:9: error: 'weight' is -2; it must be at least 0 [schema.range]",
        "f.yml:3:11: error: 'tags[2]' must be some text, not a mapping [schema.type]",
        "f.yml:4:1: error: unknown key 'zzz' in exemple [schema.unknown-key]",
    ]


def test_schema_accepts_a_good_document() -> None:
    reporter = Reporter()
    assert SMALL.check(yaml("title: Accueil\ntags: [a]\n"), reporter) is True
    assert reporter.diagnostics == []


def test_check_document_of_a_whole_file() -> None:
    where = Location(Path("quiz.yml"))
    reporter = Reporter()
    good = yaml("title: Accueil\n")
    assert check_document(good, SMALL, where, reporter) is good
    assert check_document(UNPARSABLE, SMALL, where, reporter) is None
    assert reporter.diagnostics == []
    assert check_document(None, SMALL, where, reporter) is None
    assert check_document(yaml("- a\n- b\n"), SMALL, where, reporter) is None
    assert check_document("Accueil", SMALL, where, reporter) is None
    assert [d.render() for d in reporter.diagnostics] == [
        "quiz.yml:1:1: error: exemple is missing the required key 'title' [schema.missing-key]",
        "f.yml:1:1: error: exemple must be a mapping of keys to values, not a list [schema.type]",
        "quiz.yml:1:1: error: exemple must be a mapping of keys to values, not 'Accueil' "
        "[schema.type]",
    ]


def test_every_field_is_documented() -> None:
    schemas = [
        formats.COURSE,
        formats.MODULE,
        formats.FRONT_MATTER,
        formats.QUIZ,
        formats.CHECK,
        formats.QUESTION,
        formats.CHOICE,
        formats.FEEDBACK,
        formats.SCORM,
        formats.COMPLETION,
        formats.MATCH,
        formats.PAIR,
    ]
    undocumented = [(s.name, f.name) for s in schemas for f in s.fields if not f.doc.strip()]
    assert undocumented == []
    assert formats.COURSE.field_names()[:4] == ("id", "title", "language", "version")
