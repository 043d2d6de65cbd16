"""yamlsource: parsed YAML remembers the line and column of every key, value and item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builder.diagnostics import Location, Reporter
from builder.yamlsource import (
    MAX_REPEATED,
    UNPARSABLE,
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


def test_keys_are_text_as_typed() -> None:
    value, problems = parse("2024: première version\ntrue: oui\n010: x\n1.10: y\n")
    assert value == {"2024": "première version", "true": "oui", "010": "x", "1.10": "y"}
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
    value, problems = parse("weight: " + "1" * 5000 + "\n")
    assert value == {"weight": UNPARSABLE}
    assert value["weight"] is UNPARSABLE
    assert problems == [
        "quiz.yml:1:9: error: '11111111111111111111…' is a number too long to read; put it in "
        "quotes if it is text [yaml.value]"
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


def test_numbers_and_true_false_remember_how_they_were_written() -> None:
    value, problems = parse("version: 1.10\npass_mark: 80\nok: TRUE\nl: [010, x, 0.5]\n")
    assert problems == []
    assert value == {"version": 1.1, "pass_mark": 80, "ok": True, "l": [10, "x", 0.5]}
    assert value.written == {"version": "1.10", "pass_mark": "80", "ok": "TRUE"}
    assert value["l"].written == {0: "010", 2: "0.5"}
    value.keep_as_written("version")
    value["l"].keep_as_written(0)
    value.keep_as_written("absent")
    assert value == {"version": "1.10", "pass_mark": 80, "ok": True, "l": ["010", "x", 0.5]}


@pytest.mark.parametrize(
    ("written", "read"),
    [
        # YAML 1.1 (PyYAML's own) read these as 8, 31, 15, 90, 1000 and true/false.
        ("010", 10),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("1:30", "1:30"),
        ("1_000", "1_000"),
        ("on", "on"),
        ("off", "off"),
        ("yes", "yes"),
        ("no", "no"),
        ("Y", "Y"),
        ("2024-02-30", "2024-02-30"),
        ("2024-05-01", "2024-05-01"),
        # YAML 1.2 core schema: what it reads as numbers, true/false and nothing.
        ("-7", -7),
        ("1.10", 1.1),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("-.inf", -float("inf")),
        ("True", True),
        ("FALSE", False),
        ("~", None),
        ("null", None),
        ("", None),
    ],
)
def test_plain_values_are_read_as_yaml_1_2(written: str, read: object) -> None:
    value, problems = parse(f"v: {written}\n")
    assert problems == []
    assert value == {"v": read}
    assert type(value["v"]) is type(read)


def test_the_not_a_number_is_read() -> None:
    value, _ = parse("v: .NaN\n")
    assert value["v"] != value["v"]


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


MERGED = """\
questions:
  - &base
    id: q1
    type: true-false
    prompt: Vrai ?
    answer: true
  - <<: *base
    id: q2
    answer: false
"""


def test_a_key_written_beside_a_merge_wins_over_the_merged_one() -> None:
    value, problems = parse(MERGED)
    assert problems == []
    second = value["questions"][1]
    assert second == {"id": "q2", "answer": False, "type": "true-false", "prompt": "Vrai ?"}
    assert second.key_at("id") == at(8, 5)
    assert second.key_at("prompt") == at(5, 5)
    assert second.written == {"answer": "false"}


def test_the_first_of_several_merged_mappings_wins() -> None:
    text = "a: &a {x: 1, y: 1}\nb: &b {y: 2, z: 2}\nc:\n  <<: [*a, *b]\n"
    value, problems = parse(text)
    assert problems == []
    assert value["c"] == {"x": 1, "y": 1, "z": 2}


def test_a_key_written_twice_beside_a_merge_is_still_a_duplicate() -> None:
    _, problems = parse(MERGED + "    id: q3\n")
    assert problems == [
        "quiz.yml:10:5: error: key 'id' appears twice (first on line 8); keep one "
        "[yaml.duplicate-key]"
    ]


def test_merging_what_is_not_a_mapping_is_refused() -> None:
    value, problems = parse("a: &a [1, 2]\nb:\n  <<: *a\n  c: 3\n")
    assert value["b"] == {"c": 3}
    assert problems == [
        "quiz.yml:3:3: error: '<<' merges the keys of a mapping: write '<<: *name', where "
        "'&name' marks a mapping, or '<<: [*one, *two]' [yaml.value]"
    ]


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


def test_a_broken_and_deeply_nested_text_stops_at_the_nesting() -> None:
    # Read from the top, the nesting is found first (column 36), the stray '}' at 3004.
    _, problems = parse("a: " + "[" * 3000 + "}\n", Location(Path("course.yml")))
    assert len(problems) == 1
    assert problems[0].startswith("course.yml:1:36: error: values are nested more than 32")
    assert problems[0].endswith("[yaml.too-complex]")


def test_the_nesting_limit_is_ours_whatever_libyaml_allows() -> None:
    # libyaml has its own limit (1000 levels, since PyYAML 6.0.4): ours fires first.
    text = "a: " + "[" * 1200 + "]" * 1200 + "\n"
    _, problems = parse(text, Location(Path("course.yml")))
    assert problems == [
        "course.yml:1:36: error: values are nested more than 32 levels deep here; check the "
        "brackets and the indentation (an alias used inside itself, *name, also does this) "
        "[yaml.too-complex]"
    ]


def test_a_million_brackets_are_refused_not_a_crash() -> None:
    # libyaml's own composer recursed in C: PyYAML 6.0.3 died of a segmentation fault here.
    text = "a: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n"
    _, problems = parse(text, Location(Path("course.yml")))
    assert len(problems) == 1
    assert problems[0].startswith("course.yml:1:36: error: values are nested more than 32")


def test_a_long_file_without_aliases_is_no_alias_bomb() -> None:
    # 13 values a question, so more values than MAX_REPEATED, none of them repeated.
    questions = "".join(
        f"  - prompt: Question {n} ?\n    choices: [{{text: oui, correct: true}}, {{text: non}}]\n"
        for n in range(MAX_REPEATED // 10)
    )
    value, problems = parse("questions:\n" + questions)
    assert problems == []
    assert len(value["questions"]) == MAX_REPEATED // 10


def test_a_key_one_space_too_far_left_is_said_plainly() -> None:
    text = "title: Accueil\nscorm:\n  status: completed\n package: module\n"
    _, problems = parse(text, Location(Path("course.yml")))
    assert problems == [
        "course.yml:4:2: error: YAML syntax error: this line is indented differently from the "
        "key above it (1 space here, 2 on line 3); give the keys of one block the same number "
        "of spaces, and the keys under a key more spaces than that key [yaml.syntax]"
    ]


def test_a_list_item_key_one_space_too_far_left_is_said_plainly() -> None:
    text = "questions:\n  - prompt: Combien ?\n    type: numeric\n   answer: 3\n"
    _, problems = parse(text)
    assert problems == [
        "quiz.yml:4:4: error: YAML syntax error: this line is indented differently from the "
        "key above it (3 spaces here, 4 on line 3); give the keys of one block the same number "
        "of spaces, and the keys under a key more spaces than that key [yaml.syntax]"
    ]


def test_a_key_indented_too_far_gets_no_french_colon_hint() -> None:
    _, problems = parse("title: Accueil\n  language: fr\n", Location(Path("course.yml")))
    assert problems == [
        "course.yml:2:11: error: YAML syntax error: mapping values are not allowed here; this "
        "line is indented more than the key above it (2 spaces here, 0 on line 1); give the "
        "keys of one block the same number of spaces, and the keys under a key more spaces "
        "than that key [yaml.syntax]"
    ]


@pytest.mark.parametrize(
    "line", ["title: Module 1 : les bases", "  - text: Étape 1: s'inscrire", "prompt: a: b"]
)
def test_a_colon_inside_a_text_gets_the_quoting_hint(line: str) -> None:
    _, problems = parse(f"{line}\n")
    assert len(problems) == 1
    assert problems[0].endswith(
        "mapping values are not allowed here; a text containing ': ' (common in French "
        "typography) must be put in quotes [yaml.syntax]"
    )
