"""GIFT: Moodle's plain-text question format, readable and editable in any text editor.

Follows Moodle's reader and writer, ``question/format/gift/format.php``
(``qformat_gift::readquestion``, ``escapedchar_pre`` / ``escapedchar_post``,
``repchar``, ``writequestion``), described at https://docs.moodle.org/en/GIFT_format.

Texts. Every text is escaped as ``repchar`` does: ``\\`` ``~`` ``=`` ``#`` ``{``
``}`` ``:`` get a backslash, a line break is written ``\\n`` (so a question never
spans a blank line, which would end it). Texts stay in the author's Markdown
and are marked ``[markdown]`` (once, on the question text; Moodle gives
answers and feedback the question text's format; a text that itself starts
with ``[`` gets its own ``[markdown]`` so Moodle does not take it for a format
name). Moodle renders them with its own Markdown filter: the basics, lists,
links and tables look the same; coursepack's extensions (admonitions,
``==highlight==``, collapsible blocks) do not.

Mapping (``::name::`` is the question id; categories are ``$CATEGORY:`` lines,
written unescaped as Moodle's own writequestion does, since its reader does not
unescape them):

* ``single`` → ``{=right ~wrong}``; GIFT has no question-level feedback for the
  right or wrong answer, so ``feedback.correct`` is added to the right choice's
  ``#`` feedback and ``feedback.incorrect`` to each wrong choice's: the learner
  sees what coursepack shows;
* ``multiple`` → ``{~%50%right ~%50%right ~%-50%wrong}``, the fractions of
  :func:`~builder.exporters.bank.choice_percents`, per-choice ``#`` feedback;
  the question feedback goes in the general feedback ``####``, each text after
  its label ("Bonne réponse." / "Réponse incorrecte.", from the player's
  strings), since Moodle shows general feedback whatever the answer;
* ``true-false`` → ``{TRUE#feedback if wrong#feedback if right}`` (or ``FALSE``);
* ``fill-in`` → ``{=%100%answer#feedback.correct =%0%*#feedback.incorrect}``,
  answers as in Moodle XML (accent-free spellings added, ``*`` escaped). GIFT
  cannot say that case matters: case-sensitive questions become insensitive (a
  warning says so: Moodle then accepts an answer the player refuses). GIFT
  decides that a question is a matching one when its answers hold ``=`` and
  ``->``, and ``->`` cannot be escaped: in feedback it
  is written ``-&gt;`` (the same arrow in Markdown); in an accepted answer it
  cannot be written at all, and the export stops;
* ``numeric`` → ``{#=%100%middle:half-width#feedback ~#feedback.incorrect}``;
* ``matching`` → ``{=left -> right}``, general feedback as for multiple; ``->``
  in a left text is written ``-&gt;``;
* ``ordering`` → a matching question, each item matched with its position
  (``=item -> 1``), whatever ``--moodle-version``. GIFT has no ordering syntax
  of its own: qtype_ordering (Moodle 4.4+) reads a ``{>…}`` extension, but gives
  its items neither unescaping nor feedback, and older Moodles would take it for
  a short answer. Moodle then gives a share per item in its place where the
  player gives all or nothing: a warning says so.

Weights are lost: GIFT has no default mark, every question imports worth 1.
"""

from __future__ import annotations

from builder.exporters.bank import (
    ORDERING_SINCE,
    BankQuestion,
    Category,
    Note,
    accepted_answers,
    choice_percents,
    numeric_answer,
    ordering_as_matching,
    percent,
    shortanswer_pattern,
)
from builder.exporters.base import Exporter
from builder.model import Course, Question, QuestionType
from builder.theme import Theme

MARKDOWN = "[markdown]"
#: What GIFT's repchar escapes, in its order (the backslash first).
_SPECIAL = "\\~=#{}:"
_ARROW = "->"
_SAFE_ARROW = "-&gt;"


def escape(text: str) -> str:
    """``text`` as GIFT writes it (qformat_gift::repchar)."""
    for char in _SPECIAL:
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def markdown(text: str, marked: bool = False) -> str:
    """A Markdown text, escaped; ``[markdown]`` first when asked or when it starts with '['."""
    text = text.strip()
    prefix = MARKDOWN if marked or text.startswith("[") else ""
    return prefix + escape(text)


def _joined(*texts: str | None) -> str:
    return "\n\n".join(text.strip() for text in texts if text and text.strip())


class GiftExporter(Exporter):
    name = "gift"
    suffix = ".gift.txt"
    description = "GIFT format"
    _labels: dict[str, str]

    def render(self, course: Course, bank: tuple[Category, ...]) -> bytes:
        strings = Theme.for_course(course.root).strings(course.language)
        self._labels = {"correct": strings["quiz.correct"], "incorrect": strings["quiz.incorrect"]}
        title = " ".join(course.title.split())
        blocks = [
            f"// {title} ({course.id} {course.version}): questions for Moodle's GIFT import\n"
            "// Made by coursepack export-questions; texts are Markdown."
        ]
        for category in bank:
            blocks.append(f"$CATEGORY: {category.path}")
            blocks.extend(self._question(entry) for entry in category.questions)
        return ("\n\n".join(blocks) + "\n").encode("utf-8")

    def _question(self, entry: BankQuestion) -> str:
        question = entry.question
        head = (
            f"// {entry.quiz.id} {question.id}\n"
            f"::{escape(entry.name)}::{markdown(question.prompt, marked=True)}"
        )
        kind = question.type
        if kind is QuestionType.TRUE_FALSE:
            return head + self._truefalse(question)
        general = ""
        if kind is QuestionType.SINGLE:
            answers = self._single(question)
        elif kind is QuestionType.MULTIPLE:
            answers = [
                f"~%{percent(value)}%{markdown(choice.text)}{self._feedback(choice.feedback)}"
                for choice, value in zip(question.choices, choice_percents(question), strict=True)
            ]
            general = self._general(question)
        elif kind is QuestionType.FILL_IN:
            answers = self._fill_in(entry)
        elif kind is QuestionType.NUMERIC:
            middle, tolerance = numeric_answer(question)
            answers = [f"=%100%{middle}:{tolerance}{self._feedback(question.feedback_correct)}"]
            if question.feedback_incorrect:
                answers.append(f"~{self._feedback(question.feedback_incorrect)}")
            head += "{#"
            return head + self._body(answers, "")
        elif kind is QuestionType.MATCHING:
            answers = [self._pair(pair.left, pair.right) for pair in question.pairs]
            general = self._general(question)
        else:
            self.warnings.append(
                ordering_as_matching(
                    entry,
                    "GIFT has no ordering question",
                    f"for Moodle's ordering type (Moodle {ORDERING_SINCE} or later), export "
                    f"with --format moodle-xml --moodle-version {ORDERING_SINCE}",
                )
            )
            answers = [
                self._pair(item, str(position))
                for position, item in enumerate(question.sequence, 1)
            ]
            general = self._general(question)
        return head + "{" + self._body(answers, general)

    @staticmethod
    def _body(answers: list[str], general: str) -> str:
        lines = [f"\t{answer}" for answer in answers]
        if general:
            lines.append(f"\t####{general}")
        return "\n" + "\n".join(lines) + "\n}"

    @staticmethod
    def _feedback(text: str | None, no_arrow: bool = False) -> str:
        """``#feedback``; ``no_arrow`` where a ``->`` would make GIFT see a matching question."""
        if not text or not text.strip():
            return ""
        return "#" + markdown(text.replace(_ARROW, _SAFE_ARROW) if no_arrow else text)

    def _general(self, question: Question) -> str:
        parts = [
            f"**{self._labels[key]}**\n\n{text.strip()}"
            for key, text in (
                ("correct", question.feedback_correct),
                ("incorrect", question.feedback_incorrect),
            )
            if text and text.strip()
        ]
        return markdown("\n\n".join(parts)) if parts else ""

    def _single(self, question: Question) -> list[str]:
        answers = []
        for choice in question.choices:
            overall = question.feedback_correct if choice.correct else question.feedback_incorrect
            text = markdown(choice.text)
            # A wrong choice's text must not look like a %weight%.
            mark = "=" if choice.correct else "~%0%" if text.startswith("%") else "~"
            answers.append(mark + text + self._feedback(_joined(choice.feedback, overall)))
        return answers

    def _truefalse(self, question: Question) -> str:
        right = "TRUE" if question.choices[0].correct else "FALSE"
        wrong_feedback = self._feedback(question.feedback_incorrect)
        right_feedback = self._feedback(question.feedback_correct)
        if right_feedback and not wrong_feedback:
            wrong_feedback = "#"
        return "{" + right + wrong_feedback + right_feedback + "}"

    def _fill_in(self, entry: BankQuestion) -> list[str]:
        question = entry.question
        if question.match.case:
            self.warnings.append(
                Note(
                    question.location,
                    f"question '{entry.name}': GIFT cannot say that case matters, so Moodle "
                    "will accept any case; export with --format moodle-xml to keep it",
                )
            )
        answers = []
        correct = self._feedback(question.feedback_correct, no_arrow=True)
        for answer in accepted_answers(question):
            if _ARROW in answer:
                self.problems.append(
                    Note(
                        question.location,
                        f"question '{entry.name}': the accepted answer '{answer}' contains "
                        f"'{_ARROW}', which GIFT reads as a matching question and cannot escape; "
                        "export with --format moodle-xml",
                    )
                )
            answers.append(f"=%100%{markdown(shortanswer_pattern(answer))}{correct}")
        if question.feedback_incorrect:
            answers.append(f"=%0%*{self._feedback(question.feedback_incorrect, no_arrow=True)}")
        return answers

    def _pair(self, left: str, right: str) -> str:
        safe_left = markdown(left.replace(_ARROW, _SAFE_ARROW))
        return f"={safe_left} -> {escape(right.strip())}"
