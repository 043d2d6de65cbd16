"""identifiers: ids come from names without their order prefix, in plain ASCII."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.identifiers import dom_id, humanise, name_id, question_id, slug


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("02 - Ésquisse du projet", "02-esquisse-du-projet"),
        ("Coûts & défis", "couts-defis"),
        ("  --  ", "x"),
        ("日本語", "x"),
        ("Mise en œuvre", "mise-en-oeuvre"),
        ("Æquo, Straße", "aequo-strasse"),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("01-presentation", "presentation"),
        ("02_retours-d-experience", "retours-d-experience"),
        ("3. Coûts", "couts"),
        ("10 - Présentation", "presentation"),
        ("2024", "2024"),
        ("annexes", "annexes"),
    ],
)
def test_name_id_of_a_folder(tmp_path: Path, folder: str, expected: str) -> None:
    path = tmp_path / folder
    path.mkdir()
    assert name_id(path) == expected


def test_name_id_of_a_lesson_drops_the_extension(tmp_path: Path) -> None:
    lesson = tmp_path / "01-qu-est-ce-qu-openIMIS.md"
    lesson.write_text("# A\n", encoding="utf-8")
    assert name_id(lesson) == "qu-est-ce-qu-openimis"


def test_same_id_for_names_that_differ_only_by_order_and_accents(tmp_path: Path) -> None:
    first, second = tmp_path / "01-présentation", tmp_path / "04-Presentation"
    first.mkdir()
    second.mkdir()
    assert name_id(first) == name_id(second) == "presentation"


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("01-mise-en-oeuvre", "Mise en oeuvre"),
        ("02_retours_d_experience", "Retours d experience"),
        ("annexes", "Annexes"),
        ("01", "01"),
    ],
)
def test_humanise(folder: str, expected: str) -> None:
    assert humanise(Path(folder)) == expected


def test_dom_id() -> None:
    assert dom_id("presentation/historique") == "p-presentation--historique"
    assert dom_id("presentation/quiz") == "p-presentation--quiz"


def test_question_id() -> None:
    assert [question_id(None, i) for i in range(3)] == ["q1", "q2", "q3"]
    assert question_id("domaine", 0) == "domaine"
    assert question_id(2024, 5) == "2024"
