"""yamlsource: parsed YAML remembers the line and column of every key, value and item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builder.diagnostics import Location, Reporter
from builder.yamlsource import (
    UNPARSABLE,
    WrittenFloat,
    YamlList,
    YamlMap,
    location_of,
    parse_yaml,
)

FILE = Path("quiz.yml")

QUIZ = """\
title: Évaluation
questions:
  - prompt: Que gère openIMIS ?
    choices:
      - text: L'assurance maladie
        correct: true
      - text: Les stocks
"""


def parse(text: str, origin: Location | None = None) -> tuple[Any, list[str]]:
    reporter = Reporter()
    value = parse_yaml(text, origin or Location(FILE), reporter)
    return value, [d.render() for d in reporter.diagnostics]


def at(line: int, column: int, path: Path = FILE) -> Location:
    return Location(path, line, column)


def test_values_are_plain_dicts_and_lists() -> None:
    quiz, problems = parse(QUIZ)
    assert problems == []
    assert quiz == {
        "title": "Évaluation",
        "questions": [
            {
                "prompt": "Que gère openIMIS ?",
                "choices": [
                    {"text": "L'assurance maladie", "correct": True},
                    {"text": "Les stocks"},
                ],
            }
        ],
    }
    assert isinstance(quiz, YamlMap)
    assert isinstance(quiz["questions"], YamlList)


def test_key_and_value_locations() -> None:
    quiz, _ = parse(QUIZ)
    assert quiz.location == at(1, 1)
    assert quiz.key_at("title") == at(1, 1)
    assert quiz.value_at("title") == at(1, 8)
    assert quiz.key_at("questions") == at(2, 1)
    question = quiz["questions"][0]
    assert question.key_at("choices") == at(4, 5)
    assert question.value_at("prompt") == at(3, 13)


def test_list_item_locations() -> None:
    quiz, _ = parse(QUIZ)
    questions = quiz["questions"]
    assert questions.location == at(3, 3)
    assert questions.item_at(0) == at(3, 5)
    choices = questions[0]["choices"]
    assert [choices.item_at(i) for i in range(2)] == [at(5, 9), at(7, 9)]
    assert choices[0].value_at("correct") == at(6, 18)


def test_flow_style_locations() -> None:
    course, _ = parse("authors: [Awa, Jean]\n")
    assert course["authors"].location == at(1, 10)
    assert [course["authors"].item_at(i) for i in range(2)] == [at(1, 11), at(1, 16)]


def test_missing_key_falls_back_to_the_mapping() -> None:
    quiz, _ = parse(QUIZ)
    assert quiz.key_at("intro") == quiz.location
    assert quiz.value_at("intro") == quiz.location


def test_location_of_scalars_uses_the_fallback() -> None:
    quiz, _ = parse(QUIZ)
    fallback = at(9, 9)
    assert location_of(quiz["questions"], fallback) == at(3, 3)
    assert location_of("Évaluation", fallback) == fallback


def test_embedded_text_is_shifted_by_its_origin() -> None:
    # As in a ```quiz block whose YAML starts on line 10 of a lesson.
    block = "prompt: Vrai ?\nchoices: [a, b]\n"
    check, _ = parse(block, Location(Path("lecon.md"), 10, 1))
    assert check.value_at("prompt") == at(10, 9, Path("lecon.md"))
    assert check["choices"].item_at(1) == at(11, 14, Path("lecon.md"))


def test_origin_column_applies_to_the_first_line_only() -> None:
    value, _ = parse("a: 1\nb: 2\n", Location(FILE, 4, 7))
    assert value.value_at("a") == at(4, 10)
    assert value.value_at("b") == at(5, 4)


def test_syntax_error_location_is_shifted_too() -> None:
    value, problems = parse("title: Module 1 : les bases\n", Location(Path("lecon.md"), 2))
    assert value is UNPARSABLE
    assert problems == [
        "lecon.md:2:17: error: YAML syntax error: mapping values are not allowed here; a text "
        "containing ': ' (common in French typography) must be put in quotes [yaml.syntax]"
    ]


def test_syntax_error_names_the_line_where_the_construct_started() -> None:
    _, problems = parse("title: x\nauthors: [Awa,\n  Jean\n", Location(Path("course.yml"), 3))
    assert problems == [
        "course.yml:6:1: error: YAML syntax error: expected ',' or ']', but got '<stream end>' "
        "(while parsing a flow sequence that starts on line 4) [yaml.syntax]"
    ]


def test_duplicate_key_keeps_the_first_value() -> None:
    value, problems = parse("title: Un\nlanguage: fr\ntitle: Deux\n")
    assert value == {"title": "Un", "language": "fr"}
    assert value.key_at("title") == at(1, 1)
    assert problems == [
        "quiz.yml:3:1: error: key 'title' appears twice (first on line 1); keep one "
        "[yaml.duplicate-key]"
    ]


def test_keys_are_text() -> None:
    value, problems = parse("2024: première version\ntrue: oui\n")
    assert value == {"2024": "première version", "true": "oui"}
    assert problems == []


def test_structured_keys_are_rejected() -> None:
    value, problems = parse("? [fr, en]\n: bilingue\ntitle: Accueil\n")
    assert value == {"title": "Accueil"}
    assert problems == ["quiz.yml:1:3: error: a key must be a plain word [yaml.key]"]


def test_tab_indentation_gets_its_hint() -> None:
    _, problems = parse("title: Les bases\n\tduration: 5\n", Location(Path("module.yml")))
    assert problems == [
        "module.yml:2:1: error: YAML syntax error: found character '\\t' that cannot start any "
        "token; indent with spaces, not tabs [yaml.syntax]"
    ]


def test_bad_value_is_reported_once_and_becomes_unparsable() -> None:
    value, problems = parse("version: 2024-02-30\n")
    assert value == {"version": UNPARSABLE}
    assert value["version"] is UNPARSABLE
    assert problems == [
        "quiz.yml:1:10: error: '2024-02-30' cannot be read (day is out of range for month); "
        "put it in quotes if it is text [yaml.value]"
    ]


def test_unknown_tag_is_one_line_with_a_quoting_hint() -> None:
    value, problems = parse("title: !important Accueil\n", Location(Path("lecon.md"), 2))
    assert value == {"title": UNPARSABLE}
    assert problems == [
        "lecon.md:2:8: error: the YAML tag '!important' has no use in a course file; remove it "
        "(and put the value in quotes if it is text) [yaml.tag]"
    ]


@pytest.mark.parametrize(
    ("text", "tag"),
    [
        ("date: !!timestamp demain\n", "!!timestamp"),  # PyYAML itself crashed on this one
        ("title: !!binary QWNjdWVpbA==\n", "!!binary"),
        ("authors: !!set {Ana, Li}\n", "!!set"),
        ("? !!python/object:os.system x\n: 1\n", "!!python/object:os.system"),
    ],
)
def test_every_explicit_tag_is_refused_once(text: str, tag: str) -> None:
    _, problems = parse(text, Location(Path("course.yml")))
    assert len(problems) == 1
    assert f"the YAML tag '{tag}' has no use in a course file" in problems[0]
    assert problems[0].endswith("[yaml.tag]")


def test_a_tag_that_changes_nothing_is_accepted() -> None:
    assert parse("version: !!str 1.10\nnote: ! texte\n", Location(Path("course.yml"))) == (
        {"version": "1.10", "note": "texte"},
        [],
    )


def test_numbers_remember_how_they_were_written() -> None:
    value, problems = parse("version: 1.10\npass_mark: 80\n")
    assert problems == []
    assert value == {"version": 1.1, "pass_mark": 80}
    assert isinstance(value["version"], WrittenFloat)
    assert value["version"].written == "1.10"


def test_empty_document_is_none() -> None:
    assert parse("") == (None, [])
    assert parse("# rien pour l'instant\n") == (None, [])


def test_unparsable_is_a_marker() -> None:
    value, _ = parse("a: [\n")
    assert value is UNPARSABLE
    assert repr(value) == "UNPARSABLE"


def test_anchors_and_merges_are_resolved() -> None:
    value, problems = parse("base: &b {weight: 2}\nquiz:\n  <<: *b\n  pass_mark: 60\n")
    assert problems == []
    assert value["quiz"] == {"weight": 2, "pass_mark": 60}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("authors: " + "[" * 3000 + "]" * 3000 + "\n", "course.yml:1:42"),
        ("authors:\n" + "".join("  " * i + "- \n" for i in range(1500)), "course.yml:34:65"),
        ("authors: &a [Ana, *a]\n", "course.yml:1:14"),
    ],
)
def test_nesting_past_the_limit_is_refused_not_a_recursion_error(text: str, where: str) -> None:
    value, problems = parse(text, Location(Path("course.yml")))
    assert value is UNPARSABLE
    assert len(problems) == 1
    assert problems[0].startswith(f"{where}: error: values are nested more than 32 levels deep")


def test_aliases_expanding_to_billions_of_values_are_stopped() -> None:
    # Ten lines, nine aliases each: 9**10 values if expanded (the "billion laughs").
    lines = ["l0: &l0 [a, a, a, a, a, a, a, a, a]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    value, problems = parse("\n".join(lines) + "\n", Location(Path("quiz.yml")))
    assert value is UNPARSABLE
    assert [problem.split(": error: ")[1] for problem in problems] == [
        "this YAML holds more than 100000 values once its aliases (*name) are expanded; "
        "write the values out instead of repeating aliases [yaml.too-complex]"
    ]


def test_a_broken_and_deeply_nested_text_is_a_syntax_error() -> None:
    _, problems = parse("a: " + "[" * 3000 + "}\n", Location(Path("course.yml")))
    assert len(problems) == 1
    assert problems[0].endswith("[yaml.syntax]")
