"""Render stage: the course model as HTML fragments and runtime data.

Everything a target needs is computed once here (lesson HTML, quiz markup,
the list of assets to copy, the data the learner runtime reads) and kept
apart from the model. Targets then lay these out as files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from markupsafe import escape

from builder.answer_keys import display_labels, question_key, quiz_settings, scorm_id
from builder.conversion import Conversions
from builder.file_names import normal_name
from builder.glossary import anchor
from builder.identifiers import dom_id
from builder.load import GLOSSARY_FILE, check_placeholder
from builder.markdown_render import MarkdownRenderer
from builder.model import Course, Lesson, Module, Question, QuestionType, Quiz
from builder.references import Kind, Problem, resolve
from builder.sanitize import Sanitizer
from builder.terms import GlossaryView, TermMarker
from builder.theme import Theme

ASSET_DIR = "assets"


@dataclass(frozen=True)
class ChoiceView:
    index: int
    html: str
    feedback_html: str | None


@dataclass(frozen=True)
class QuestionView:
    index: int
    id: str
    type: str
    multiple: bool
    prompt_html: str
    choices: tuple[ChoiceView, ...]
    feedback_correct_html: str | None
    feedback_incorrect_html: str | None
    key: dict[str, Any]
    lefts: tuple[str, ...] = ()
    rights: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    labels: tuple[int, ...] = ()

    @property
    def shown_rights(self) -> list[tuple[int, str]]:
        """The right sides as the page lists them: by label, not in answer order."""
        return sorted(zip(self.labels, self.rights, strict=True))

    @property
    def shown_items(self) -> list[tuple[int, str]]:
        """The ordering items as the page lists them: by label, not in answer order."""
        return sorted(zip(self.labels, self.items, strict=True))


@dataclass(frozen=True)
class QuizView:
    index: int
    id: str
    title: str | None
    intro_html: str | None
    graded: bool
    pass_mark: float
    weight: float
    questions: tuple[QuestionView, ...]
    settings: dict[str, Any]
    objective_id: str | None


@dataclass(frozen=True)
class PageView:
    """One screen of the player: a lesson, or a module's graded quiz."""

    index: int
    id: str
    dom_id: str
    kind: str
    title: str
    module_index: int
    html: str
    quiz: QuizView | None = None


@dataclass(frozen=True)
class ModuleView:
    index: int
    id: str
    title: str
    objectives: tuple[str, ...]
    pages: tuple[PageView, ...]


@dataclass(frozen=True)
class RenderedCourse:
    course: Course
    modules: tuple[ModuleView, ...]
    pages: tuple[PageView, ...]
    quizzes: tuple[QuizView, ...]
    assets: dict[str, Path]
    strings: dict[str, str]
    glossary: tuple[GlossaryView, ...] = ()
    #: The branding logo's path in the output.
    logo: str | None = None

    def runtime_data(self) -> dict[str, Any]:
        """What the learner runtime reads from the page: structure, rules and answer keys."""
        quizzes = [
            {
                "id": quiz.id,
                "oid": quiz.objective_id,
                "graded": quiz.graded,
                "passMark": quiz.pass_mark,
                "weight": quiz.weight,
                **quiz.settings,
                "questions": [q.key for q in quiz.questions],
            }
            for quiz in self.quizzes
        ]
        pages = [
            {"id": p.id, "dom": p.dom_id, "module": p.module_index, "quiz": _quiz_index(p)}
            for p in self.pages
        ]
        structure = json.dumps([pages, quizzes], sort_keys=True).encode()
        return {
            "course": {
                "id": self.course.id,
                "version": self.course.version,
                "passMark": self.course.pass_mark,
                "statusRule": self.course.status_rule.value,
                "completionPages": self.course.completion_pages,
                "key": hashlib.sha256(structure).hexdigest()[:8],
            },
            "pages": pages,
            "quizzes": quizzes,
        }


def _quiz_index(page: PageView) -> int | None:
    return page.quiz.index if page.quiz is not None else None


def render(course: Course, theme: Theme, conversions: Conversions | None = None) -> RenderedCourse:
    """``conversions``: the course's lessons already converted (see ``builder.conversion``)."""
    return _Renderer(course, theme, conversions).run()


@dataclass
class _Renderer:
    course: Course
    theme: Theme
    conversions: Conversions | None
    markdown: MarkdownRenderer = field(init=False)
    strings: dict[str, str] = field(init=False)
    assets: dict[str, Path] = field(default_factory=dict)
    quizzes: list[QuizView] = field(default_factory=list)
    page_dom_ids: dict[Path, str] = field(default_factory=dict)
    terms: TermMarker = field(init=False)

    def __post_init__(self) -> None:
        if self.conversions is not None and self.conversions.language != self.course.language:
            self.conversions = None
        # Footnote numbers go on from the lessons' (see Conversions).
        first = self.conversions.count + 1 if self.conversions is not None else None
        sanitizer = Sanitizer(self.course.html)
        self.markdown = MarkdownRenderer(self.course.language, sanitizer, first)
        self.strings = self.theme.strings(self.course.language)
        self.terms = TermMarker(self.course.glossary)
        self.page_dom_ids = {
            lesson.source.relative_to(self.course.root): dom_id(lesson.id)
            for module in self.course.modules
            for lesson in module.lessons
        }

    def run(self) -> RenderedCourse:
        modules: list[ModuleView] = []
        pages: list[PageView] = []
        for module_index, module in enumerate(self.course.modules):
            module_pages = [
                self._lesson_page(len(pages) + i, module_index, lesson)
                for i, lesson in enumerate(module.lessons)
            ]
            pages.extend(module_pages)
            if module.quiz is not None:
                quiz_page = self._quiz_page(len(pages), module_index, module, module.quiz)
                module_pages.append(quiz_page)
                pages.append(quiz_page)
            modules.append(
                ModuleView(
                    module_index, module.id, module.title, module.objectives, tuple(module_pages)
                )
            )
        return RenderedCourse(
            self.course,
            tuple(modules),
            tuple(pages),
            tuple(self.quizzes),
            self.assets,
            self.strings,
            self._glossary(),
            self._logo(),
        )

    def _glossary(self) -> tuple[GlossaryView, ...]:
        """The glossary page's entries, their definitions' links rewritten like a lesson's."""
        rewrite = self._rewriter(self.course.root / GLOSSARY_FILE)
        return tuple(
            GlossaryView(
                e.term, e.expansion, self.markdown.block(e.definition, rewrite), anchor(e.term)
            )
            for e in self.course.glossary
        )

    def _logo(self) -> str | None:
        logo = self.course.branding.logo
        if logo is None:
            return None
        return self._asset(logo)

    def _asset(self, relative: Path) -> str:
        """The packaged URL of a course file, which is then copied under ``assets/``.

        Its name is composed (NFC) whatever the disk holds, so the package and
        its links agree however the file was named.
        """
        name = normal_name(str(PurePosixPath(ASSET_DIR, *relative.parts)))
        self.assets[name] = self.course.root / relative
        return quote(name)

    def _lesson_page(self, index: int, module_index: int, lesson: Lesson) -> PageView:
        known = self.conversions.get(lesson.source, lesson.body) if self.conversions else None
        converted = known or self.markdown.convert(lesson.body)
        html = self.markdown.finish(converted, self._rewriter(lesson.source))
        html = self.terms.mark(html, dom_id(lesson.id))
        for number, check in enumerate(lesson.checks):
            view = self._quiz(check, lesson.source)
            rendered = self.theme.render("quiz.html", quiz=view, t=self.strings)
            html = html.replace(check_placeholder(number), rendered.strip(), 1)
        return PageView(
            index, lesson.id, dom_id(lesson.id), "lesson", lesson.title, module_index, html
        )

    def _quiz_page(self, index: int, module_index: int, module: Module, quiz: Quiz) -> PageView:
        view = self._quiz(quiz, quiz.location.path, module)
        title = quiz.title or self.strings["quiz.default_title"]
        return PageView(index, quiz.id, dom_id(quiz.id), "quiz", title, module_index, "", view)

    def _quiz(self, quiz: Quiz, source: Path, module: Module | None = None) -> QuizView:
        rewrite = self._rewriter(source)
        # The same ids whether the course is packaged whole or module by module.
        course_id = self.course.part_of or self.course.id
        scope = (course_id, module.id) if module is not None else None
        questions = tuple(
            self._question(i, q, rewrite, scorm_id(*scope, q.id) if scope else None)
            for i, q in enumerate(quiz.questions)
        )
        view = QuizView(
            index=len(self.quizzes),
            id=quiz.id,
            title=quiz.title,
            intro_html=self._optional_block(quiz.intro, rewrite),
            graded=quiz.graded,
            pass_mark=quiz.pass_mark,
            weight=quiz.weight if quiz.graded else 0.0,
            questions=questions,
            settings=quiz_settings(quiz),
            objective_id=scorm_id(*scope) if scope else None,
        )
        self.quizzes.append(view)
        return view

    def _question(
        self, index: int, question: Question, rewrite: Any, interaction_id: str | None
    ) -> QuestionView:
        inline = self.markdown.inline
        key = question_key(question, interaction_id)
        count = len(question.pairs) or len(question.sequence)
        seed = (
            f"{self.course.id}/{self.course.version}/{interaction_id or ''}/{question.id}/{index}"
        )
        labels = display_labels(seed, count)
        if labels:
            key["labels"] = list(labels)
        return QuestionView(
            index=index,
            id=question.id,
            type=question.type.value,
            multiple=question.type is QuestionType.MULTIPLE,
            prompt_html=inline(question.prompt, rewrite),
            choices=tuple(
                ChoiceView(
                    j,
                    self._choice_label(question.type, c.text, rewrite),
                    inline(c.feedback, rewrite) if c.feedback else None,
                )
                for j, c in enumerate(question.choices)
            ),
            feedback_correct_html=self._optional_block(question.feedback_correct, rewrite),
            feedback_incorrect_html=self._optional_block(question.feedback_incorrect, rewrite),
            key=key,
            lefts=tuple(inline(p.left, rewrite) for p in question.pairs),
            rights=tuple(p.right for p in question.pairs),
            items=tuple(inline(item, rewrite) for item in question.sequence),
            labels=labels,
        )

    def _choice_label(self, kind: QuestionType, text: str, rewrite: Any) -> str:
        if kind is QuestionType.TRUE_FALSE:
            return str(escape(self.strings[f"quiz.{text}"]))
        return self.markdown.inline(text, rewrite)

    def _optional_block(self, text: str | None, rewrite: Any) -> str | None:
        return self.markdown.block(text, rewrite) if text else None

    def _rewriter(self, source: Path) -> Any:
        def rewrite(url: str, is_image: bool) -> str | None:
            found = resolve(url, source, self.course.root, is_image)
            if isinstance(found, Problem) or found.target is None:
                return url
            if found.kind is Kind.LESSON:
                # Absent when only one module is packaged: keep the words, drop the link.
                page = self.page_dom_ids.get(found.target)
                return None if page is None else "#" + page
            if found.kind is Kind.ASSET:
                fragment = f"#{found.fragment}" if found.fragment else ""
                return self._asset(found.target) + fragment
            return url

        return rewrite
