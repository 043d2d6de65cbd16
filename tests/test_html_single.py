"""The one-file course: sent by email, opened from the downloads folder, asking for nothing.

The flagship course is built as one ``.html``, opened from ``file://`` and
followed to the end; every request is logged, and only the file itself and
``data:`` URIs may appear. Progress must survive a reload, as in the folder.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from helpers_courses import write_course
from playwright.sync_api import Page, Request
from support.learner import COURSES, Learner, build, model, right_response

from builder.targets.html_single import data_uri, mime_type

FLAGSHIP = COURSES / "openimis-point-focal"
#: The smallest valid PNG: one transparent pixel.
PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
LESSON_WITH_FILES = """\
---
title: Accueil
---

![Un point](images/point.png)

[La fiche à imprimer](docs/fiche.pdf)
"""


def single_file(tmp_path: Path, course: Path) -> Path:
    build(course, tmp_path, "html-single")
    found = tmp_path / model(course).id / f"{model(course).id}.html"
    assert found.is_file() and [p.name for p in found.parent.iterdir()] == [found.name]
    return found


def not_inside(requests: list[Request], page_file: Path) -> list[str]:
    return [
        r.url for r in requests if r.url != page_file.as_uri() and not r.url.startswith("data:")
    ]


def test_the_flagship_runs_from_one_file_and_keeps_progress_after_a_reload(
    page: Page, request_log: list[Request], page_errors: list[str], tmp_path: Path
) -> None:
    course = model(FLAGSHIP)
    page_file = single_file(tmp_path, FLAGSHIP)
    page.goto(page_file.as_uri())
    learner = Learner(page, course)
    learner.next()
    learner.next()
    first_quiz = learner.quiz_numbers_here()[0]
    learner.go_through(right=True)
    summary = page.locator("#cp-summary-body").inner_text()

    page.reload()
    learner = Learner(page, course)
    assert page.locator("#cp-summary").is_visible(), "the reload opens where the learner left"
    assert "Cours réussi" in summary
    assert page.locator("#cp-summary-body").inner_text() == summary
    assert page.locator(".cp-toc a.cp-visited").count() == len(
        [q for m in course.modules for q in (*m.lessons, m.quiz) if q is not None]
    )
    page.locator(".cp-toc a").nth(2).click()
    expected = [right_response(q) for q in learner.quizzes[first_quiz].questions]
    shown = learner.ticked(first_quiz)
    assert [shown[i] for i in learner.shown_questions(first_quiz)] == [
        expected[i] for i in learner.shown_questions(first_quiz)
    ]
    assert not_inside(request_log, page_file) == []
    assert page_errors == []


def test_assets_are_inside_the_file_with_their_types_and_the_policy_names_each_script(
    tmp_path: Path,
) -> None:
    course = write_course(
        tmp_path / "cours",
        {
            "01-bases/01-accueil.md": LESSON_WITH_FILES,
            "01-bases/images/point.png": PIXEL_PNG,
            "01-bases/docs/fiche.pdf": b"%PDF-1.4 fiche",
        },
    )
    html = single_file(tmp_path / "dist", course).read_text(encoding="utf-8")

    assert f'src="{data_uri("point.png", PIXEL_PNG)}"' in html
    assert 'href="data:application/pdf;base64,' in html and 'download="fiche.pdf"' in html
    markup = re.sub(r"<script\b.*?</script>", "", html, flags=re.DOTALL)
    assert not re.search(r'\b(?:src|href)="(?!data:|#)', markup), "only data: URIs and anchors"
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    rules = policy[1].replace("&#39;", "'")
    assert "unsafe-inline" not in rules and "default-src 'none'" in rules
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) >= 4
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in rules


def test_types_come_from_the_file_name_not_from_the_machine() -> None:
    assert mime_type("images/Plan.SVG") == "image/svg+xml"
    assert mime_type("photo.jpeg") == "image/jpeg"
    assert mime_type("données.xyz") == "application/octet-stream"
