"""Answer keys travel scrambled: the page source shows no right answer, the player reads them all.

A deterrent against reading answers in the page source, not security (docs/en/authoring.md,
section 6). The builder scrambles in Python, the player unscrambles in ES5: both must agree
byte for byte, accents and all.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from helpers_courses import ROOTS, write_course
from playwright.sync_api import Page
from support.learner import COURSES, build, model

from builder.model import Course, QuestionType
from builder.render import render
from builder.scramble import course_alphabet, scramble, unscramble
from builder.theme import Theme

FLAGSHIP = COURSES / "openimis-point-focal"
EVERY_TYPE = ROOTS / "ok-all-question-types"
#: Keys of the runtime data that would give an answer away if they were readable.
ANSWER_FIELDS = {"correct", "accepted", "pattern", "low", "high"}


def page_data(html_file: Path) -> tuple[str, dict[str, Any]]:
    page = html_file.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="cp-data">(.*?)</script>', page, re.S)
    assert found is not None
    return found[1], json.loads(found[1].replace("<\\/", "</"))


def secrets(course: Course) -> tuple[set[str], set[float]]:
    """The right choice texts and typed answers, and the numeric bounds, of every question."""
    texts: set[str] = set()
    numbers: set[float] = set()
    quizzes = [m.quiz for m in course.modules if m.quiz] + [
        check for m in course.modules for lesson in m.lessons for check in lesson.checks
    ]
    for quiz in quizzes:
        for question in quiz.questions:
            if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
                texts.update(c.text for c in question.choices if c.correct)
            texts.update(question.accepted)
            if question.type is QuestionType.NUMERIC:
                assert question.low is not None and question.high is not None
                numbers.update((question.low, question.high))
    return texts, numbers


def values(data: Any) -> list[Any]:
    """Every key and leaf value of a JSON document."""
    if isinstance(data, dict):
        return list(data) + [v for item in data.values() for v in values(item)]
    if isinstance(data, list):
        return [v for item in data for v in values(item)]
    return [data]


@pytest.mark.parametrize("course_dir", [FLAGSHIP, EVERY_TYPE], ids=lambda path: path.name)
def test_the_page_data_shows_no_answer(course_dir: Path, tmp_path: Path) -> None:
    course = model(course_dir)
    build(course_dir, tmp_path, "html")
    text, data = page_data(tmp_path / course.id / "html" / "index.html")
    texts, numbers = secrets(course)
    assert texts and (numbers or course_dir == FLAGSHIP)
    readable = values({k: v for k, v in data.items() if k != "keys"})
    assert not ANSWER_FIELDS & {v for v in readable if isinstance(v, str)}
    assert not numbers & {v for v in readable if isinstance(v, int | float)}
    assert [t for t in texts if len(t) > 3 and t.lower() in text.lower()] == []
    assert all("questions" not in quiz for quiz in data["quizzes"])
    print(f"\n{course.id}: data {len(text.encode())} bytes, of which keys {len(data['keys'])}")


def test_scrambling_is_deterministic_and_keyed_by_course() -> None:
    table = course_alphabet("cours", "1.0")
    assert table == course_alphabet("cours", "1.0") and sorted(table) == sorted(
        map(chr, range(32, 127))
    )
    assert course_alphabet("cours", "1.1") != table != course_alphabet("autre", "1.0")
    keys = [{"accepted": ["ouagadougou", "été"], "low": 3.4}]
    assert (
        scramble(keys, table) == scramble(keys, table) != scramble(keys, course_alphabet("x", "1"))
    )
    assert (
        "ouagadougou" not in scramble(keys, table)
        and unscramble(scramble(keys, table), table) == keys
    )


def test_the_player_reads_back_exactly_the_keys_written(page: Page, tmp_path: Path) -> None:
    quiz = (
        "questions:\n"
        "  - type: fill-in\n    prompt: Capitale du Burkina ?\n"
        "    answers: [Ouagadougou, Ouaga, Bobo-Dioulasso]\n    match: {accents: true}\n"
        "  - type: fill-in\n    prompt: Un mot ?\n    answers: [Œuvre, Ça, 日本, 😀]\n"
        "  - type: numeric\n    prompt: Combien ?\n    answer: 3.5\n    tolerance: 0.1\n"
        "  - prompt: Lequel ?\n    choices:\n      - text: Élevé\n        correct: true\n"
        "      - text: Bas\n"
    )
    config = 'id: cle-accents\ntitle: Clés\nlanguage: fr\nversion: "2.0-été"\n'
    course_dir = write_course(tmp_path / "cours", {"course.yml": config, "01-bases/quiz.yml": quiz})
    course = model(course_dir)
    expected = render(course, Theme.for_course(course_dir)).runtime_data()["quizzes"]
    build(course_dir, tmp_path / "dist", "html")
    index = tmp_path / "dist" / course.id / "html" / "index.html"
    text, _ = page_data(index)
    assert "Ouagadougou" not in text.lower() and "ouagadougou" not in text
    page.goto(index.as_uri())
    read = page.evaluate(
        """() => Coursepack.marking.pageData(document.getElementById("cp-data").textContent)
            .quizzes.map((quiz) => quiz.questions)"""
    )
    assert read == [quiz["questions"] for quiz in expected]


@pytest.mark.parametrize("root", [FLAGSHIP, EVERY_TYPE], ids=lambda p: p.name)
def test_the_markup_does_not_list_orderings_and_pairs_in_answer_order(
    root: Path, tmp_path: Path
) -> None:
    """Ordering items and matching options are listed by label, never in the answer's order."""
    course = model(root)
    build(root, tmp_path, "html-single")
    page = lxml.html.parse(str(tmp_path / course.id / f"{course.id}.html"))
    listed = {
        tuple(item.text_content() for item in ordering.xpath(".//*[@class='cp-order-text']"))
        for ordering in page.xpath("//ol[@class='cp-order']")
    } | {
        tuple(option.text_content() for option in select.xpath("option")[1:])
        for select in page.xpath("//fieldset//select")
    }
    answers = [
        tuple(question.sequence) or tuple(pair.right for pair in question.pairs)
        for module in course.modules
        for quiz in ([module.quiz] if module.quiz else [])
        for question in quiz.questions
        if question.type in (QuestionType.ORDERING, QuestionType.MATCHING)
    ]
    assert len(answers) >= 2
    for answer in answers:
        assert answer not in listed
        assert any(sorted(shown) == sorted(answer) for shown in listed), answer
