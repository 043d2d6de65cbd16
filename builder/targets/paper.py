"""The trainers' handout as one static HTML page, ready to print to PDF.

Every page of the course in order, questions as blank answer space (the
print stylesheet turns the player's widgets into boxes and lines), and an
answer key at the end on a page of its own, so a trainer can print the
handout for learners without it. No script runs: what the player's script
would do on screen is done here: items and choices mixed, folded blocks
opened.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TypeVar

from markupsafe import Markup, escape

from builder.model import Course, Question, Quiz
from builder.render import ModuleView, PageView, QuestionView, QuizView, RenderedCourse
from builder.targets.html_single import csp, inline_assets, inlined
from builder.theme import Theme

#: A quiz form as ``quiz.html`` writes it inside a lesson; forms never nest.
_QUIZ_FORM = re.compile(r'<form class="cp-quiz[^"]*" data-quiz="(\d+)".*?</form>', re.DOTALL)
_DETAILS = re.compile(r"<details(?=[\s>])(?![^>]*\bopen\b)")
Item = TypeVar("Item")


@dataclass(frozen=True)
class KeyEntry:
    """The expected answer to one question, as HTML."""

    prompt: Markup
    answers: tuple[Markup, ...]


@dataclass(frozen=True)
class KeySection:
    """The answers to the questions of one page."""

    title: str
    entries: tuple[KeyEntry, ...]


def handout_html(rendered: RenderedCourse, theme: Theme) -> str:
    """The whole handout page, with its styles and lesson images inside it."""
    strings = rendered.strings
    paper = [_on_paper(quiz) for quiz in rendered.quizzes]

    def form(found: re.Match[str]) -> str:
        return theme.render("quiz.html", quiz=paper[int(found[1])], t=strings).strip()

    pages = {
        page.index: replace(
            page,
            html=_DETAILS.sub("<details open", _QUIZ_FORM.sub(form, page.html)),
            quiz=paper[page.quiz.index] if page.quiz else None,
        )
        for page in rendered.pages
    }
    modules = [
        replace(module, pages=tuple(pages[p.index] for p in module.pages))
        for module in rendered.modules
    ]
    parts = inlined(theme, ())
    page = theme.render_page(
        "handout.html",
        csp(parts),
        course=rendered.course,
        modules=modules,
        t=strings,
        styles=parts.styles,
        key=answer_key(rendered, modules) if rendered.course.handout_answer_key else (),
    )
    return inline_assets(page, rendered.assets)


def _on_paper(quiz: QuizView) -> QuizView:
    """``quiz`` as the player would mix it, the same way on every build.

    Ordering items are always mixed (the sources list them in the right
    order); choices only when the quiz asks for it.
    """
    mix_choices = bool(quiz.settings.get("shuffleChoices"))
    return replace(quiz, questions=tuple(_mixed(quiz, q, mix_choices) for q in quiz.questions))


def _mixed(quiz: QuizView, question: QuestionView, mix_choices: bool) -> QuestionView:
    seed = f"{quiz.id}/{question.id}"
    choices = _scrambled(question.choices, seed) if mix_choices else question.choices
    return replace(question, items=_scrambled(question.items, seed), choices=choices)


def _scrambled(things: tuple[Item, ...], seed: str) -> tuple[Item, ...]:
    """``things`` in a mixed order that depends only on ``seed``, never the original one."""
    if len(things) < 2:
        return things
    order = list(things)
    random.Random(seed).shuffle(order)
    if order == list(things):
        order = order[1:] + order[:1]
    return tuple(order)


def answer_key(rendered: RenderedCourse, modules: list[ModuleView]) -> tuple[KeySection, ...]:
    """The expected answers, page by page, for every page that asks questions."""
    indexes = (quiz.index for quiz in rendered.quizzes)
    models = dict(zip(indexes, _quiz_models(rendered.course), strict=True))
    sections = []
    for module in modules:
        for page in module.pages:
            entries = tuple(
                _entry(question, models[quiz.index].questions[question.index], rendered)
                for quiz in _quizzes_on(page, rendered)
                for question in quiz.questions
            )
            if entries:
                sections.append(KeySection(page.title, entries))
    return tuple(sections)


def _quiz_models(course: Course) -> Iterator[Quiz]:
    """The course's quizzes in the order ``render`` numbers them."""
    for module in course.modules:
        for lesson in module.lessons:
            yield from lesson.checks
        if module.quiz is not None:
            yield module.quiz


def _quizzes_on(page: PageView, rendered: RenderedCourse) -> list[QuizView]:
    found = [rendered.quizzes[int(n)] for n in _QUIZ_FORM.findall(page.html)]
    return [*found, rendered.quizzes[page.quiz.index]] if page.quiz else found


def _entry(view: QuestionView, question: Question, rendered: RenderedCourse) -> KeyEntry:
    prompt = Markup(view.prompt_html)
    if question.type.has_choices:
        answers = tuple(Markup(view.choices[i].html) for i in question.correct_indices)
    elif question.accepted:
        answers = (escape(" / ".join(question.accepted)),)
    elif question.low is not None and question.high is not None:
        answers = (_range(question.low, question.high, rendered),)
    elif question.pairs:
        answers = tuple(
            Markup("{} → {}").format(Markup(left), right)
            for left, right in zip(view.lefts, view.rights, strict=True)
        )
    else:
        answers = tuple(Markup(item) for item in view.items)
    return KeyEntry(prompt, answers)


def _range(low: float, high: float, rendered: RenderedCourse) -> Markup:
    language = rendered.course.language
    if low == high:
        return escape(_number(low, language))
    text = rendered.strings["handout.between"]
    return escape(text.format(low=_number(low, language), high=_number(high, language)))


def _number(value: float, language: str) -> str:
    """A number as the course's language writes it, without trailing zeros."""
    text = f"{value:f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language == "fr" else text
