"""render: lesson HTML with rewritten references, quiz markup and the runtime data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers_courses import check_course, write_course

from builder.render import RenderedCourse, render
from builder.theme import Theme

LESSON = """\
---
title: Accueil
---

Voir [la suite](02-suite.md#fin), [le site](https://openimis.org) et [le haut](#haut).

![Logo](images/logo.svg)

```quiz
prompt: openIMIS est *libre*.
type: true-false
answer: true
```
"""

QUIZ = """\
intro: Répondez à **toutes** les questions.
questions:
  - type: multiple
    prompt: Quels pays ?
    choices:
      - text: Cameroun
        correct: true
      - text: Canada
      - text: Tanzanie
        correct: true
"""


@pytest.fixture
def rendered(tmp_path: Path) -> RenderedCourse:
    root = write_course(
        tmp_path / "cours",
        {
            "01-bases/01-accueil.md": LESSON,
            "01-bases/02-suite.md": "# La suite\n\nFin.\n",
            "01-bases/images/logo.svg": "<svg/>",
            "01-bases/quiz.yml": QUIZ,
        },
    )
    courses, reporter = check_course(root)
    assert reporter.diagnostics == []
    return render(courses[0], Theme.for_course(root))


def test_pages_in_order(rendered: RenderedCourse) -> None:
    assert [(p.index, p.id, p.dom_id, p.kind, p.title) for p in rendered.pages] == [
        (0, "bases/accueil", "p-bases--accueil", "lesson", "Accueil"),
        (1, "bases/suite", "p-bases--suite", "lesson", "La suite"),
        (2, "bases/_quiz", "p-bases--_quiz", "quiz", "Évaluation du module"),
    ]
    [module] = rendered.modules
    assert [p.id for p in module.pages] == [p.id for p in rendered.pages]


def test_links_and_images_are_rewritten(rendered: RenderedCourse, tmp_path: Path) -> None:
    html = rendered.pages[0].html
    assert '<a href="#p-bases--suite">la suite</a>' in html
    assert '<a href="https://openimis.org" rel="noopener" target="_blank">le site</a>' in html
    assert '<a href="#haut">le haut</a>' in html
    assert '<img alt="Logo" loading="lazy" src="assets/01-bases/images/logo.svg">' in html
    assert rendered.assets == {
        "assets/01-bases/images/logo.svg": tmp_path / "cours" / "01-bases" / "images" / "logo.svg"
    }


def test_knowledge_check_replaces_its_placeholder(rendered: RenderedCourse) -> None:
    html = rendered.pages[0].html
    assert "cp-check" not in html
    assert html.count('<form class="cp-quiz"') == 1
    assert "<legend>openIMIS est <em>libre</em>.</legend>" in html
    labels = re.findall(r'value="(\d)"> <span>([^<]*)</span>', html)
    assert labels == [("0", "Vrai"), ("1", "Faux")]


def test_quiz_views(rendered: RenderedCourse) -> None:
    check, graded = rendered.quizzes
    assert (check.id, check.graded, check.weight) == ("bases/accueil/check1", False, 0.0)
    assert (graded.id, graded.graded, graded.weight, graded.pass_mark) == (
        "bases/_quiz",
        True,
        1.0,
        80.0,
    )
    assert graded.intro_html == "<p>Répondez à <strong>toutes</strong> les questions.</p>"
    [question] = graded.questions
    assert (question.multiple, question.key["correct"]) == (True, [0, 2])
    assert [c.html for c in question.choices] == ["Cameroun", "Canada", "Tanzanie"]
    assert rendered.pages[2].quiz is graded


def test_runtime_data(rendered: RenderedCourse) -> None:
    data = rendered.runtime_data()
    course = data["course"]
    assert {k: course[k] for k in ("id", "version", "passMark", "statusRule")} == {
        "id": "essai",
        "version": "1.0",
        "passMark": 80.0,
        "statusRule": "passed-failed",
    }
    assert re.fullmatch(r"[0-9a-f]{8}", course["key"])
    assert data["pages"] == [
        {"id": "bases/accueil", "dom": "p-bases--accueil", "module": 0, "quiz": None},
        {"id": "bases/suite", "dom": "p-bases--suite", "module": 0, "quiz": None},
        {"id": "bases/_quiz", "dom": "p-bases--_quiz", "module": 0, "quiz": 1},
    ]
    assert data["quizzes"][1]["questions"] == [
        {
            "id": "q1",
            "type": "multiple",
            "weight": 1.0,
            "partial": True,  # multiple: partial credit unless told not to
            "iid": "essai.bases.q1",
            "choices": 3,
            "correct": [0, 2],
        }
    ]


def test_structure_key_changes_with_the_answers(tmp_path: Path) -> None:
    keys = []
    for correct in ("Cameroun", "Canada"):
        quiz = (
            "questions:\n  - prompt: Quel pays ?\n    choices:\n"
            f"      - text: {correct}\n        correct: true\n      - text: Chili\n"
        )
        root = write_course(tmp_path / correct, {"01-bases/quiz.yml": quiz})
        courses, _ = check_course(root)
        keys.append(render(courses[0], Theme.for_course(root)).runtime_data()["course"]["key"])
    assert keys[0] == keys[1]
    swapped = (
        "questions:\n  - prompt: Quel pays ?\n    choices:\n"
        "      - text: Chili\n      - text: Cameroun\n        correct: true\n"
    )
    root = write_course(tmp_path / "swapped", {"01-bases/quiz.yml": swapped})
    courses, _ = check_course(root)
    assert render(courses[0], Theme.for_course(root)).runtime_data()["course"]["key"] != keys[0]
