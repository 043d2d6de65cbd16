"""``coursepack new``: the skeleton checks and builds as is, and never overwrites anything."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from helpers_courses import run_coursepack

from builder.json_schema import document_schema
from builder.scaffold import course_id_for

MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)\n")


@pytest.mark.parametrize(
    ("language", "title"), [("fr", "Mon nouveau cours"), ("en", "My new course")]
)
def test_new_then_check_then_build(tmp_path: Path, language: str, title: str) -> None:
    done = run_coursepack(["new", "mon-cours", "--lang", language], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "created course 'mon-cours' in mon-cours; next: coursepack check mon-cours\n"
    )
    checked = run_coursepack(["check", "mon-cours"], cwd=tmp_path)
    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout == "1 course(s) OK\n"
    built = run_coursepack(["build", "mon-cours"], cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    site = tmp_path / "dist" / "mon-cours" / "html"
    page = (site / "index.html").read_text(encoding="utf-8")
    assert f'lang="{language}"' in page
    assert title in page
    assert len(list((site / "assets").rglob("*.svg"))) == 1
    with zipfile.ZipFile(tmp_path / "dist" / "mon-cours" / "mon-cours-scorm12.zip") as package:
        manifest = package.read("imsmanifest.xml").decode()
    assert "<adlcp:masteryscore>80</adlcp:masteryscore>" in manifest


@pytest.mark.parametrize("language", ["fr", "en"])
def test_new_yaml_files_point_at_schemas_inside_the_course(tmp_path: Path, language: str) -> None:
    assert run_coursepack(["new", "c", "--lang", language], cwd=tmp_path).returncode == 0
    course = tmp_path / "c"
    yaml_files = sorted(course.rglob("*.yml"))
    assert sorted(p.name for p in yaml_files) == [
        "course.yml",
        "glossary.yml",
        "module.yml",
        "module.yml",
        "quiz.yml",
    ]
    for path in yaml_files:
        first = MODELINE.match(path.read_text(encoding="utf-8"))
        assert first is not None, path
        schema = (path.parent / first[1]).resolve()
        kind = path.stem
        assert schema == course / ".schemas" / f"{kind}.schema.json"
        assert json.loads(schema.read_text(encoding="utf-8")) == document_schema(kind)
    assert (course / ".schemas" / "front-matter.schema.json").is_file()


def test_new_fills_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "vide").mkdir()
    done = run_coursepack(["new", "vide", "--lang", "en"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "vide" / "course.yml").read_text(encoding="utf-8").count("id: vide\n") == 1


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    mine = tmp_path / "mon-cours" / "notes.txt"
    mine.parent.mkdir()
    mine.write_text("à garder", encoding="utf-8")
    done = run_coursepack(["new", "mon-cours"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "coursepack: error: mon-cours is not empty; name a new folder so no file of yours "
        "is overwritten\n"
    )
    assert [p.name for p in mine.parent.iterdir()] == ["notes.txt"]
    assert mine.read_text(encoding="utf-8") == "à garder"


def test_new_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "cours").write_text("", encoding="utf-8")
    done = run_coursepack(["new", "cours"], cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        1,
        "coursepack: error: cours is a file; name a new folder for the course\n",
    )


@pytest.mark.parametrize(
    ("name", "language", "expected"),
    [
        ("Découvrir openIMIS", "fr", "decouvrir-openimis"),
        ("2026 formation", "fr", "cours-2026-formation"),
        ("2026", "en", "course-2026"),
        ("___", "en", "course"),
    ],
)
def test_course_id_from_the_folder_name(name: str, language: str, expected: str) -> None:
    assert course_id_for(Path(name), language) == expected
