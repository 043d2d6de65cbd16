"""The JSON Schemas editors use agree with ``coursepack check`` on real and broken files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers_courses import REPO, ROOTS, run_coursepack

from builder.json_schema import DOCUMENTS, document_schema
from builder.scaffold import skeleton_files

COURSES = sorted(p for p in (REPO / "courses").iterdir() if (p / "course.yml").is_file())
#: Valid fixture courses: between them, every question type and option.
GOOD_ROOTS = sorted(p for p in ROOTS.iterdir() if p.name.startswith("ok-"))


class EditorLoader(yaml.SafeLoader):
    """YAML as editors read it (YAML 1.2): an unquoted 2022-06-21 stays a string."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def validator(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(
        document_schema(kind), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )


def front_matter(text: str) -> Any:
    lines = text.split("\n")
    assert lines[0] == "---"
    return yaml.load("\n".join(lines[1 : lines.index("---", 1)]), EditorLoader)


def documents(root: Path) -> list[tuple[str, Path, Any]]:
    """Every YAML document of a course folder with the schema that describes it."""
    found: list[tuple[str, Path, Any]] = []
    for path in sorted(root.rglob("*")):
        if path.name in ("course.yml", "module.yml", "quiz.yml", "glossary.yml"):
            data = yaml.load(path.read_text(encoding="utf-8"), EditorLoader)
            found.append((path.name.removesuffix(".yml"), path, data))
        elif path.suffix == ".md" and path.read_text(encoding="utf-8").startswith("---\n"):
            found.append(("front-matter", path, front_matter(path.read_text(encoding="utf-8"))))
    return found


@pytest.mark.parametrize("course", GOOD_ROOTS, ids=lambda p: p.name)
def test_schemas_accept_the_valid_fixtures(course: Path) -> None:
    for kind, path, data in documents(course):
        assert [e.message for e in validator(kind).iter_errors(data)] == [], path


def test_schemas_are_valid_draft7() -> None:
    for kind in DOCUMENTS:
        jsonschema.Draft7Validator.check_schema(document_schema(kind))


def test_the_shipped_courses_have_an_example_of_every_document() -> None:
    kinds = {kind for course in COURSES for kind, _, _ in documents(course)}
    assert kinds == set(DOCUMENTS)


@pytest.mark.parametrize("course", COURSES, ids=lambda p: p.name)
def test_schemas_accept_every_shipped_file(course: Path) -> None:
    for kind, path, data in documents(course):
        problems = [e.message for e in validator(kind).iter_errors(data)]
        assert problems == [], path


@pytest.mark.parametrize("language", ["fr", "en"])
def test_schemas_accept_the_scaffold(tmp_path: Path, language: str) -> None:
    for name, content in skeleton_files("essai", language, date(2026, 1, 2)).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    found = documents(tmp_path)
    assert len(found) == 7  # course, glossary, two modules, a quiz, two lessons
    for kind, path, data in found:
        assert list(validator(kind).iter_errors(data)) == [], path


#: Fixture → the file with the schema error, its schema, and the keyword that rejects it.
BROKEN = {
    "err-schema-choice": ("01-bases/quiz.yml", "quiz", "enum"),
    "err-schema-empty": ("01-bases/quiz.yml", "quiz", "minItems"),
    "err-schema-missing-key": ("course.yml", "course", "required"),
    "err-schema-pattern": ("course.yml", "course", "pattern"),
    "err-schema-range": ("course.yml", "course", "maximum"),
    "err-schema-too-long": ("course.yml", "course", "maxLength"),
    "err-schema-type": ("course.yml", "course", "type"),
    "err-schema-unknown-key": ("01-bases/quiz.yml", "quiz", "additionalProperties"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_schemas_reject_the_schema_error_fixtures(case: str) -> None:
    name, kind, keyword = BROKEN[case]
    data = yaml.load((ROOTS / case / name).read_text(encoding="utf-8"), EditorLoader)
    errors = list(validator(kind).iter_errors(data))
    assert [error.validator for error in errors] == [keyword]


@pytest.mark.parametrize(
    ("front", "keyword"),
    [("title: Accueil\nduree: 5", "additionalProperties"), ("duration: 0", "minimum")],
)
def test_front_matter_schema_rejects_broken_front_matter(front: str, keyword: str) -> None:
    errors = list(validator("front-matter").iter_errors(front_matter(f"---\n{front}\n---\n")))
    assert [error.validator for error in errors] == [keyword]


def test_course_schema_rejects_a_date_that_is_no_date() -> None:
    data = {"id": "a", "title": "T", "language": "fr", "version": "1", "updated": "2026-02-30"}
    assert [e.validator for e in validator("course").iter_errors(data)] == ["format"]


@pytest.mark.parametrize("kind", sorted(DOCUMENTS))
def test_cli_schema_prints_the_schema(kind: str) -> None:
    done = run_coursepack(["schema", kind], cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == document_schema(kind)


def test_cli_schema_refuses_an_unknown_kind() -> None:
    done = run_coursepack(["schema", "lesson"], cwd=REPO)
    assert done.returncode == 2
    assert "'lesson' is not one of 'course', 'module', 'quiz', 'front-matter'" in done.stderr
