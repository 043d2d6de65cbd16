"""Paper: the print stylesheet of the player, and the trainers' PDF handout.

Printing from a lesson prints its module with no navigation and questions as
blank answer space; from the summary, the whole course. The ``handout`` target
prints the whole course, with an answer key at the end, to a PDF through
Chromium; without a browser it stops with a clear message and writes nothing.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pypdf
import pytest
from helpers_courses import coursepack_script, write_course
from playwright.sync_api import Page
from support.learner import COURSES, REPO, build, model

from builder.build import check
from builder.diagnostics import Reporter
from builder.render import render
from builder.targets.handout import find_browser, print_to_pdf
from builder.targets.paper import handout_html
from builder.theme import Theme

FLAGSHIP = COURSES / "openimis-point-focal"
EXAMPLE = COURSES / "decouvrir-openimis"
CHROME = (".cp-header", ".cp-toc", ".cp-pager", ".cp-footer", ".cp-skip")


def print_preview(page: Page) -> None:
    """What the browser does when the learner presses Ctrl+P, short of the dialog."""
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")


def printed_pages(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".cp-page", "(all) => all.filter((s) => s.getClientRects().length).map((s) => s.id)"
    )


def pdf_text(pdf: bytes) -> str:
    """The PDF's words, ligatures undone and lines joined, for searching."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_printing_a_lesson_prints_its_module_without_navigation_and_with_answer_space(
    page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    course = model(EXAMPLE)
    build(EXAMPLE, tmp_path, "html")
    page.goto((tmp_path / course.id / "html" / "index.html").as_uri())
    page.locator("#cp-next").click()
    print_preview(page)

    first, second = course.modules
    assert printed_pages(page) == [
        p.get_attribute("id") for p in page.locator('.cp-page[data-module="0"]').all()
    ]
    assert len(printed_pages(page)) == len(first.lessons) + 1, "its lessons and its quiz"
    for selector in (*CHROME, ".cp-submit", ".cp-page-summary"):
        assert not page.locator(selector).first.is_visible(), selector
    box = page.locator(".cp-choice input").first
    assert box.is_visible()
    assert box.evaluate("(input) => getComputedStyle(input).appearance") == "none"
    assert second.lessons[0].title not in page.locator("main").inner_text()

    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    assert page.locator(".cp-header").is_visible()
    assert len(printed_pages(page)) == 1, "back on screen, one page at a time"
    assert page_errors == []


def test_printing_from_the_summary_prints_the_whole_course(page: Page, tmp_path: Path) -> None:
    course = model(EXAMPLE)
    build(EXAMPLE, tmp_path, "html")
    page.goto((tmp_path / course.id / "html" / "index.html").as_uri())
    page.locator(".cp-toc a.cp-toc-summary").click()
    total = sum(len(m.lessons) + (m.quiz is not None) for m in course.modules)
    page.wait_for_function(f"() => Object.keys(window.CoursepackPages).length === {total}")
    print_preview(page)
    assert len(printed_pages(page)) == total
    text = page.locator("main").inner_text()
    assert all(lesson.title in text for m in course.modules for lesson in m.lessons)


@pytest.mark.browser  # coursepack prints the PDF with Chromium
def test_the_flagship_handout_is_a_pdf_with_every_lesson_and_an_answer_key(
    tmp_path: Path,
) -> None:
    course = model(FLAGSHIP)
    build(FLAGSHIP, tmp_path / "one", "handout")
    build(FLAGSHIP, tmp_path / "two", "handout")
    pdf = (tmp_path / "one" / course.id / f"{course.id}-handout.pdf").read_bytes()
    again = (tmp_path / "two" / course.id / f"{course.id}-handout.pdf").read_bytes()

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf == again, "the same sources and browser give the same bytes"
    assert b"/CreationDate (D:19800101000000+00'00')" in pdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > len(course.modules) * 3
    bookmarks = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert bookmarks[:2] == [course.title, course.modules[0].lessons[0].title]
    text = pdf_text(pdf)
    for module in course.modules:
        for lesson in module.lessons:
            assert " ".join(lesson.title.split()) in text, lesson.title
    key = text[text.rindex("Corrigé") :]
    assert "→" in key, "matching answers are in the key"


def test_ordering_items_are_scrambled_on_paper_and_in_order_in_the_key() -> None:
    reporter = Reporter()
    (course,) = check([FLAGSHIP], reporter)
    rendered = render(course, Theme.for_course(course.root))
    html = handout_html(rendered, Theme.for_course(course.root))
    ordering = [q for quiz in rendered.quizzes for q in quiz.questions if q.items]
    assert ordering, "the flagship has an ordering question"
    key = html[html.index('class="cp-answer-key"') :]
    body = html[: html.index('class="cp-answer-key"')]
    for question in ordering:
        on_paper = re.findall(r'<span class="cp-order-text">(.*?)</span>', body, re.DOTALL)
        in_order = [item for item in on_paper if item in question.items]
        assert sorted(in_order) == sorted(question.items)
        assert in_order != list(question.items), "the paper does not give the answer away"
        positions = [key.index(item) for item in question.items]
        assert positions == sorted(positions), "the key lists them in the right order"
    assert "<script" not in html


def test_without_a_browser_the_handout_stops_with_advice_and_writes_nothing(
    tmp_path: Path,
) -> None:
    environment = {**os.environ, "PATH": str(tmp_path / "empty")}
    environment.pop("COURSEPACK_BROWSER", None)
    out = tmp_path / "dist"
    done = run_handout(out, environment)
    assert done.returncode == 1
    assert "no Chromium-family browser was found" in done.stderr
    assert "COURSEPACK_BROWSER" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()

    environment["COURSEPACK_BROWSER"] = str(tmp_path / "no-such-browser")
    done = run_handout(out, environment)
    assert done.returncode == 1
    assert "COURSEPACK_BROWSER is" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


def run_handout(out: Path, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [coursepack_script(), "build", str(EXAMPLE), "--target", "handout", "--out", str(out)]
    return subprocess.run(
        command, cwd=REPO, env=environment, capture_output=True, text=True, check=False
    )


def test_a_learners_copy_leaves_the_answer_key_out(tmp_path: Path) -> None:
    """``handout: {answer_key: false}`` in course.yml: the same pages, no key at the end."""
    course_dir = tmp_path / "course"
    shutil.copytree(FLAGSHIP, course_dir)
    config = course_dir / "course.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "handout:\n  answer_key: false\n", encoding="utf-8"
    )
    reporter = Reporter()
    (course,) = check([course_dir], reporter)
    assert not reporter.has_errors
    theme = Theme.for_course(course.root)
    html = handout_html(render(course, theme), theme)
    assert 'class="cp-answer-key"' not in html
    assert 'class="cp-order-text"' in html, "the questions are still there, with answer space"


def test_a_script_hidden_in_a_course_handout_template_does_not_run_while_printing(
    tmp_path: Path,
) -> None:
    """Chromium prints with JavaScript on (it cannot print with it off), so the policy that
    coursepack writes ahead of the template is what keeps a course's script from running on
    the author's computer, even one hidden from the check's HTML parser."""
    hidden = (
        '<![CDATA[ x><scr{{ "" }}ipt>document.addEventListener("DOMContentLoaded", () => '
        '{ document.getElementById("out").textContent = "a script ran"; })</scr{{ "" }}ipt> ]]>'
    )
    handout = REPO / "themes" / "default" / "templates" / "handout.html"
    template = (
        handout.read_text(encoding="utf-8")
        .replace("<meta charset", f"{hidden}\n<meta charset", 1)
        .replace('<body class="cp-handout">', "<body><p id='out'>scripts were off</p>", 1)
    )
    course = write_course(tmp_path / "cours", {"_theme/templates/handout.html": template})
    reporter = Reporter()
    (checked,) = check([course], reporter)
    assert not reporter.has_errors, [d.render() for d in reporter.diagnostics]
    theme = Theme.for_course(checked.root)
    text = pdf_text(print_to_pdf(handout_html(render(checked, theme), theme), find_browser()))
    assert "scripts were off" in text
    assert "a script ran" not in text
