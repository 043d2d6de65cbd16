"""A lesson is converted once; its link targets are filled in for each output, exactly."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from helpers_courses import ROOTS

from builder.build import build, check
from builder.conversion import Conversions, convert_lessons
from builder.diagnostics import Reporter
from builder.load import load_course
from builder.markdown_render import MarkdownRenderer
from builder.model import Course, Packaging
from builder.render import render
from builder.targets import TARGETS
from builder.theme import Theme
from builder.workers import Workers

RICH = ROOTS / "ok-rich-markdown"

FIRST_LESSON = (
    '<p>Une note<sup id="fnref:1-1"><a class="footnote-ref" href="#fn:1-1">1</a></sup>, '
    'la {suite}, le\n<a href="https://example.org/?a=1&amp;b=2" rel="noopener" '
    'target="_blank">site</a>, <a href="mailto:contact@example.org">contact@example.org</a> '
    'et\n<img alt="Un schéma" loading="lazy" src="assets/01-bases/images/schema.svg">.</p>\n'
    '<div class="footnote">\n<hr>\n<ol>\n<li id="fn:1-1">\n<p>Une note de la première '
    'leçon.&nbsp;<a class="footnote-backref" href="#fnref:1-1" title="Revenir au texte de la '
    'note 1">↩</a></p>\n</li>\n</ol>\n</div>'
)


def rich_course() -> tuple[Course, Conversions]:
    reporter = Reporter()
    (course,) = check([RICH], reporter)
    assert reporter.diagnostics == []
    (conversions,) = convert_lessons([load_course(RICH, Reporter())], Workers(1))
    return course, conversions


def test_links_point_into_the_package() -> None:
    course, conversions = rich_course()
    pages = render(course, Theme.for_course(course.root), conversions).pages
    link = '<a href="#p-suite--suite" title="Suite &amp; fin">suite</a>'
    assert pages[0].html == FIRST_LESSON.format(suite=link)
    assert '<a href="#p-bases--accueil">accueil</a>' in pages[1].html


def test_a_module_packaged_alone_keeps_the_words_of_links_to_other_modules() -> None:
    course, conversions = rich_course()
    first, _ = TARGETS["scorm12"]().units(replace(course, packaging=Packaging.MODULE))
    pages = render(first, Theme.for_course(course.root), conversions).pages
    assert pages[0].html == FIRST_LESSON.format(suite='<span title="Suite &amp; fin">suite</span>')


def test_footnote_ids_are_unique_in_the_page() -> None:
    course, conversions = rich_course()
    pages = render(course, Theme.for_course(course.root), conversions).pages
    assert 'id="fn:1-1"' in pages[0].html
    assert 'id="fn:2-1"' in pages[1].html


def test_a_conversion_of_another_text_is_not_used() -> None:
    course, conversions = rich_course()
    lesson = course.modules[0].lessons[0]
    assert conversions.get(lesson.source, lesson.body) is not None
    assert conversions.get(lesson.source, lesson.body + "\nAjout.") is None


def test_each_lesson_is_converted_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted: list[str] = []
    original = MarkdownRenderer.convert

    def spy(self: MarkdownRenderer, text: str, number: int | None = None) -> object:
        converted.append(text)
        return original(self, text, number)

    monkeypatch.setattr(MarkdownRenderer, "convert", spy)
    monkeypatch.setattr("builder.workers.available_cores", lambda: 1)  # every call seen here
    build([RICH], ["html", "scorm12"], tmp_path, Reporter(), packaging=Packaging.MODULE)
    raw = load_course(RICH, Reporter())
    for lesson in (lesson for module in raw.modules for lesson in module.lessons):
        assert converted.count(lesson.body) == 1
