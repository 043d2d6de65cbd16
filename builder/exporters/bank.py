"""The course's questions as a Moodle question bank sees them, whatever the file format.

Both exporters lay out the same categories, names, fractions and numbers, so a
course exported as Moodle XML or as GIFT lands in the same place in Moodle:

* one category per module, ``$course$/<course title>/<module title>``, holding
  the questions of the module's graded quiz (``quiz.yml``), named by their id;
* one sub-category per lesson with knowledge checks,
  ``$course$/<course title>/<module title>/<lesson title>``, holding those
  questions, named ``check<N>-<id>`` (N = the check's number in the lesson,
  since two checks of a lesson may both have a ``q1``).

Category paths follow ``qformat_default::assemble_category_path`` and
``split_category_path`` in Moodle's ``question/format.php``: names are joined
with ``/``, a ``/`` inside a name is doubled. Moodle adds the ``top`` category
itself when the path does not start with it (``create_category_path``).

Fractions follow ``question_bank::fraction_options_full()`` in Moodle's
``question/engine/bank.php``: an import with the default "Match grades: error
if grade not listed" accepts only those values (within 0.00001), so they are
written as percentages with 5 decimals, as Moodle's own exports do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from builder.answer_keys import normalise
from builder.diagnostics import Location
from builder.markdown_render import MarkdownRenderer
from builder.model import Course, Question, QuestionType, Quiz, TextMatch
from builder.references import Kind, Reference, resolve

#: Moodle's own percentages, 0 and ±100 included (question_bank::fraction_options_full).
LISTED_PERCENTS = (
    0.0, 100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0,
    33.33333, 30.0, 25.0, 20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0,
)  # fmt: skip
#: Keeps accents and case: only drops them, for the extra accepted answers of fill-in questions.
_ACCENTS_ONLY = TextMatch(case=True, accents=False, spaces=True)


@dataclass(frozen=True, order=True)
class MoodleVersion:
    """The Moodle release an export is made for: it decides which question types exist there."""

    major: int
    minor: int

    @classmethod
    def parse(cls, text: str) -> MoodleVersion:
        """``4.3`` (a ``4.3.2`` release counts as 4.3); ``ValueError`` for anything else."""
        found = re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})(?:\.\d{1,3})?\s*", text)
        if found is None:
            raise ValueError(f"'{text}' is not a Moodle version such as 4.3")
        return cls(int(found.group(1)), int(found.group(2)))

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def has_ordering(self) -> bool:
        """qtype_ordering became part of Moodle in 4.4; 4.3's importer refuses the type."""
        return self >= ORDERING_SINCE


#: The release the exports are tested against (tests/moodle/), hence the default.
TESTED_MOODLE = MoodleVersion(4, 3)
ORDERING_SINCE = MoodleVersion(4, 4)


@dataclass(frozen=True)
class Note:
    """Something the designer should know about the export of one question."""

    location: Location
    message: str

    def render(self, base: Path | None = None, label: str = "note") -> str:
        return f"{self.location.render(base)}: {label}: {self.message}"


@dataclass(frozen=True)
class BankQuestion:
    """A question as it goes into the bank: its Moodle name and the quiz it came from."""

    name: str
    question: Question
    quiz: Quiz

    @property
    def shuffle(self) -> bool:
        return self.quiz.shuffle_choices


@dataclass(frozen=True)
class Category:
    """A question-bank category: its names from the course title down, and its questions."""

    names: tuple[str, ...]
    questions: tuple[BankQuestion, ...]

    @property
    def path(self) -> str:
        return category_path(self.names)


def question_bank(course: Course) -> tuple[Category, ...]:
    """Every question of ``course``, in course order, grouped in categories; empty ones left out."""
    categories: list[Category] = []
    for module in course.modules:
        names = (course.title, module.title)
        if module.quiz is not None:
            quiz = module.quiz
            entries = tuple(BankQuestion(q.id, q, quiz) for q in quiz.questions)
            categories.append(Category(names, entries))
        for lesson in module.lessons:
            checks = tuple(
                BankQuestion(f"check{number}-{q.id}", q, check)
                for number, check in enumerate(lesson.checks, 1)
                for q in check.questions
            )
            if checks:
                categories.append(Category((*names, lesson.title), checks))
    return tuple(category for category in categories if category.questions)


def category_path(names: tuple[str, ...]) -> str:
    """``$course$/Course/Module``, each name escaped as Moodle's assemble_category_path does."""
    escaped = []
    for name in names:
        text = " ".join(name.split()).replace("/", "//")
        if text.startswith("/"):
            text = " " + text
        if text.endswith("/"):
            text = text + " "
        escaped.append(text)
    return "/".join(["$course$", *escaped])


def choice_percents(question: Question) -> tuple[float, ...]:
    """The fraction, in percent, of each choice of a single, multiple or true-false question.

    Single and true-false: 100 for the right choice, 0 for the others.
    Multiple: the right choices share 100 and each wrong choice takes one such
    share away, which is the multiple-choice rule of coursepack's player
    (docs/en/authoring.md, section 3: 3 right choices, 2 of them and a wrong one
    ticked earn 1/3) and exactly how Moodle grades these fractions
    (qtype_multichoice_multi_question::grade_response: the sum of the ticked
    fractions, kept between 0 and 1). A question with ``partial_credit: false``
    is all or nothing in the player, which a core Moodle multichoice cannot be:
    it gets the same split and :func:`marking_warnings` says so.
    """
    if question.type is not QuestionType.MULTIPLE:
        return tuple(100.0 if choice.correct else 0.0 for choice in question.choices)
    share = 100.0 / sum(1 for choice in question.choices if choice.correct)
    return tuple(share if choice.correct else -share for choice in question.choices)


def percent(value: float) -> str:
    """A percentage as Moodle writes fractions: at most 5 decimals, no trailing zeros."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def is_listed(value: float) -> bool:
    """Whether Moodle's import accepts this percentage without "nearest grade" matching."""
    return any(abs(abs(value) - listed) < 0.001 for listed in LISTED_PERCENTS)


def number(value: float) -> str:
    """A number for Moodle: plain, at most 15 significant digits (no binary noise)."""
    text = f"{value:.15g}"
    return "0" if text == "-0" else text


def numeric_answer(question: Question) -> tuple[str, str]:
    """A numeric question's right values as Moodle's answer and tolerance: midpoint, half-width."""
    assert question.low is not None and question.high is not None
    middle = (question.low + question.high) / 2
    return number(middle), number((question.high - question.low) / 2)


def accepted_answers(question: Question) -> tuple[str, ...]:
    """A fill-in question's accepted answers, plus their accent-free spelling when accents
    do not count (coursepack's default): Moodle's short answer always compares accents."""
    answers = list(dict.fromkeys(question.accepted))
    if not question.match.accents:
        for answer in question.accepted:
            bare = normalise(answer, _ACCENTS_ONLY)
            if bare not in answers:
                answers.append(bare)
    return tuple(answers)


def shortanswer_pattern(answer: str) -> str:
    """An accepted answer as Moodle's short answer reads it: ``*`` is a wildcard there,
    ``\\*`` a real star (qtype_shortanswer_question::compare_string_with_wildcard)."""
    return answer.replace("*", "\\*")


def question_texts(question: Question) -> tuple[str, ...]:
    """Every author text of a question (Markdown), for finding the files it refers to."""
    texts = [question.prompt, question.feedback_correct or "", question.feedback_incorrect or ""]
    if question.type is not QuestionType.TRUE_FALSE:
        for choice in question.choices:
            texts += [choice.text, choice.feedback or ""]
    texts += [pair.left for pair in question.pairs]
    texts += list(question.sequence)
    return tuple(text for text in texts if text)


def common_notes(course: Course, bank: tuple[Category, ...]) -> list[Note]:
    """What every format loses: course files (images, documents, lessons) are not exported,
    and fractions Moodle does not list need "nearest grade" matching at import."""
    notes: list[Note] = []
    links = MarkdownRenderer(course.language)
    for category in bank:
        for entry in category.questions:
            question = entry.question
            seen: set[str] = set()
            for text in question_texts(question):
                for link in links.links(text):
                    found = resolve(link.url, question.location.path, course.root, link.is_image)
                    if link.url in seen or not isinstance(found, Reference):
                        continue
                    if found.kind in (Kind.ASSET, Kind.LESSON):
                        seen.add(link.url)
                        what = "image" if link.is_image else "link"
                        notes.append(
                            Note(
                                question.location,
                                f"question '{entry.name}': {what} '{link.url}' points to a file "
                                "of the course, which is not in the export; add it to the "
                                "question in Moodle after importing",
                            )
                        )
            if question.type is QuestionType.MULTIPLE and not all(
                is_listed(value) for value in choice_percents(question)
            ):
                notes.append(
                    Note(
                        question.location,
                        f"question '{entry.name}': its fractions are not in Moodle's list "
                        "(more than 10 right choices); choose 'Nearest grade if not "
                        "listed' in Moodle's import form",
                    )
                )
    return notes


#: What Moodle does instead of all or nothing, per coursepack type that can be all or nothing.
_MOODLE_SHARES = {
    QuestionType.MULTIPLE: "Moodle's multiple choice gives each right choice ticked its share",
    QuestionType.MATCHING: "Moodle's matching gives each right pair its share",
}


def marking_warnings(bank: tuple[Category, ...]) -> list[Note]:
    """Questions Moodle would mark otherwise than the player: ``partial_credit: false``
    makes a ``multiple`` or ``matching`` question all or nothing in the player, and no
    core Moodle question type can hold that rule."""
    warnings: list[Note] = []
    for category in bank:
        for entry in category.questions:
            question = entry.question
            shares = _MOODLE_SHARES.get(question.type)
            if shares and not question.partial_credit:
                warnings.append(
                    Note(
                        question.location,
                        f"question '{entry.name}': all or nothing in the course "
                        f"(partial_credit: false), but {shares}, so a partly right answer "
                        "earns part of the points in Moodle; remove 'partial_credit: false' "
                        "for the same mark in both",
                    )
                )
    return warnings


def ordering_as_matching(entry: BankQuestion, reason: str, remedy: str) -> Note:
    """The warning for an ordering question written as a matching one (item → position)."""
    return Note(
        entry.question.location,
        f"question '{entry.name}': {reason}, so it is exported as a matching question (each "
        "item with its position), which gives a share of the points per item in its place "
        f"where the course gives all or nothing; {remedy}",
    )
