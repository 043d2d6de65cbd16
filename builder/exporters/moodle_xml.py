"""Moodle XML: the question-bank format that keeps everything a coursepack question says.

Follows Moodle's own reader and writer, ``question/format/xml/format.php``
(``qformat_xml::import_headers``, ``import_multichoice``, ``import_truefalse``,
``import_shortanswer``, ``import_numerical``, ``import_match``,
``import_combined_feedback``, ``writequestion``), and for ordering questions
``question/type/ordering/questiontype.php`` (``import_from_xml`` /
``export_to_xml``; qtype_ordering is part of Moodle since 4.4). The format is
described at https://docs.moodle.org/en/Moodle_XML_format.

Mapping (``<name>`` is the question id, ``<defaultgrade>`` its weight,
``<questiontext>`` and every feedback the Markdown rendered to HTML by the
course's :class:`MarkdownRenderer`, ``<generalfeedback>`` empty: coursepack
has no feedback shown whatever the answer):

* ``single`` / ``multiple`` → ``multichoice`` (``<single>true</single>`` for
  single), fractions from :func:`~builder.exporters.bank.choice_percents`
  (right choices share 100 %, each wrong one takes a share away: coursepack's
  partial credit, which Moodle then applies even without ``partial_credit``), per-choice
  feedback in each ``<answer>``, ``feedback.correct`` / ``feedback.incorrect`` in
  ``<correctfeedback>`` / ``<incorrectfeedback>`` (and ``<partiallycorrectfeedback>``,
  which is what coursepack shows for a partly right answer);
* ``true-false`` → ``truefalse``; Moodle has no combined feedback there, so
  ``feedback.correct`` goes on the right answer and ``feedback.incorrect`` on the
  wrong one, which shows exactly when coursepack shows them;
* ``fill-in`` → ``shortanswer``: ``<usecase>1`` when ``match.case``; every accepted
  answer at 100 % with ``feedback.correct`` (``*`` written ``\\*``, Moodle's
  wildcard), plus the accent-free spelling unless ``match.accents``, plus a
  catch-all ``*`` at 0 % carrying ``feedback.incorrect``. Moodle trims the
  learner's answer but, unlike coursepack, compares inner spaces exactly;
* ``numeric`` → ``numerical``: answer = midpoint of the right range,
  ``<tolerance>`` = half its width, feedback as for fill-in;
* ``matching`` → ``matching``: one ``<subquestion>`` per pair (left as HTML,
  right as plain text). Moodle always gives partial credit per pair;
* ``ordering`` → for Moodle 4.4 and later (``--moodle-version``), ``ordering``:
  items in the right order, all shown, ``ALL_OR_NOTHING`` grading as in
  coursepack. Moodle 4.3, the default, has no such type and its importer stops
  the whole file at one, so there it becomes a ``matching`` question, each item
  (HTML) with its position ``1``, ``2``…, as in GIFT; Moodle then gives a share
  per item in its place, and a warning says so.

The multiple-choice and matching fractions are the player's partial-credit
rule, which is Moodle's own; a question with ``partial_credit: false`` gets a
warning (:func:`~builder.exporters.bank.marking_warnings`).

The quiz option ``shuffle_choices`` becomes each question's ``<shuffleanswers>``.
Images and other course files are not embedded: the HTML keeps their relative
paths and the exporter lists them in its notes, to add in Moodle by hand.
"""

from __future__ import annotations

import re

from lxml import etree

from builder.exporters.bank import (
    ORDERING_SINCE,
    BankQuestion,
    Category,
    accepted_answers,
    choice_percents,
    number,
    numeric_answer,
    ordering_as_matching,
    percent,
    shortanswer_pattern,
)
from builder.exporters.base import Exporter
from builder.markdown_render import MarkdownRenderer
from builder.model import Course, Question, QuestionType

#: Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_HTML = "html"
#: How Moodle names a plain-text answer (qformat_xml::get_format(FORMAT_MOODLE)).
_PLAIN = "moodle_auto_format"
_TYPES = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.FILL_IN: "shortanswer",
    QuestionType.NUMERIC: "numerical",
    QuestionType.MATCHING: "matching",
    QuestionType.ORDERING: "ordering",
}


def _keep(url: str, is_image: bool) -> str:
    """Links and images keep the path the author wrote: the files are not exported."""
    return url


def _text(parent: etree._Element, value: str, html: bool = False) -> None:
    """A ``<text>`` child; HTML goes in a CDATA section, as Moodle's writetext does."""
    element = etree.SubElement(parent, "text")
    value = _NOT_XML.sub("", value)
    if html and value and "]]>" not in value:
        element.text = etree.CDATA(value)
    else:
        element.text = value


def _field(parent: etree._Element, tag: str, value: str) -> None:
    etree.SubElement(parent, tag).text = value


class MoodleXmlExporter(Exporter):
    name = "moodle-xml"
    suffix = ".xml"
    description = "Moodle XML format"
    _markdown: MarkdownRenderer

    def render(self, course: Course, bank: tuple[Category, ...]) -> bytes:
        self._markdown = MarkdownRenderer(course.language)
        quiz = etree.Element("quiz")
        for category in bank:
            header = etree.SubElement(quiz, "question", type="category")
            _text(etree.SubElement(header, "category"), category.path)
            for entry in category.questions:
                quiz.append(self._question(entry))
        body = etree.tostring(quiz, encoding="UTF-8", pretty_print=True)
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body

    def _block(self, text: str | None) -> str:
        return self._markdown.block(text, _keep) if text else ""

    def _inline(self, text: str | None) -> str:
        return self._markdown.inline(text, _keep) if text else ""

    def _rich(self, parent: etree._Element, tag: str, html: str) -> etree._Element:
        element = etree.SubElement(parent, tag, format=_HTML)
        _text(element, html, html=True)
        return element

    def _question(self, entry: BankQuestion) -> etree._Element:
        question = entry.question
        native = question.type is not QuestionType.ORDERING or self.moodle_version.has_ordering
        element = etree.Element("question", type=_TYPES[question.type] if native else "matching")
        _text(etree.SubElement(element, "name"), entry.name)
        self._rich(element, "questiontext", self._block(question.prompt))
        self._rich(element, "generalfeedback", "")
        _field(element, "defaultgrade", number(question.weight))
        _field(element, "hidden", "0")
        kind = question.type
        if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            self._multichoice(element, entry)
        elif kind is QuestionType.TRUE_FALSE:
            self._truefalse(element, question)
        elif kind is QuestionType.FILL_IN:
            _field(element, "usecase", "1" if question.match.case else "0")
            for answer in accepted_answers(question):
                self._answer(element, "100", shortanswer_pattern(answer), question.feedback_correct)
            self._catch_all(element, question)
        elif kind is QuestionType.NUMERIC:
            middle, tolerance = numeric_answer(question)
            right = self._answer(element, "100", middle, question.feedback_correct)
            _field(right, "tolerance", tolerance)
            self._catch_all(element, question)
        elif kind is QuestionType.MATCHING:
            pairs = [(pair.left, pair.right) for pair in question.pairs]
            self._matching(element, question, pairs, entry.shuffle)
        elif native:
            self._ordering(element, question)
        else:
            self.warnings.append(
                ordering_as_matching(
                    entry,
                    f"Moodle {self.moodle_version} has no ordering question (it came with "
                    f"Moodle {ORDERING_SINCE})",
                    f"for Moodle {ORDERING_SINCE} or later, export with --moodle-version "
                    f"{ORDERING_SINCE}",
                )
            )
            positions = [(item, str(n)) for n, item in enumerate(question.sequence, 1)]
            self._matching(element, question, positions, shuffle=True)
        return element

    def _matching(
        self,
        element: etree._Element,
        question: Question,
        pairs: list[tuple[str, str]],
        shuffle: bool,
    ) -> None:
        """One ``<subquestion>`` per pair; ``shuffle``: Moodle shows the lefts in a new order
        for each attempt (it always shuffles the rights). Items matched with their positions
        are always shuffled: in course order they would give the answer away."""
        _field(element, "shuffleanswers", "true" if shuffle else "false")
        self._combined_feedback(element, question)
        for left, right in pairs:
            sub = self._rich(element, "subquestion", self._inline(left))
            _text(etree.SubElement(sub, "answer"), right)

    def _multichoice(self, element: etree._Element, entry: BankQuestion) -> None:
        question = entry.question
        multiple = question.type is QuestionType.MULTIPLE
        _field(element, "single", "false" if multiple else "true")
        _field(element, "shuffleanswers", "true" if entry.shuffle else "false")
        _field(element, "answernumbering", "none")
        _field(element, "showstandardinstruction", "1" if multiple else "0")
        self._combined_feedback(element, question)
        for choice, value in zip(question.choices, choice_percents(question), strict=True):
            answer = etree.SubElement(element, "answer", fraction=percent(value), format=_HTML)
            _text(answer, self._inline(choice.text), html=True)
            self._rich(answer, "feedback", self._inline(choice.feedback))

    def _truefalse(self, element: etree._Element, question: Question) -> None:
        for choice in question.choices:  # "true" then "false", as Moodle reads them
            feedback = question.feedback_correct if choice.correct else question.feedback_incorrect
            answer = etree.SubElement(
                element, "answer", fraction="100" if choice.correct else "0", format=_PLAIN
            )
            _text(answer, choice.text)
            self._rich(answer, "feedback", self._block(feedback))

    def _answer(
        self, element: etree._Element, fraction: str, text: str, feedback: str | None
    ) -> etree._Element:
        answer = etree.SubElement(element, "answer", fraction=fraction, format=_PLAIN)
        _text(answer, text)
        self._rich(answer, "feedback", self._block(feedback))
        return answer

    def _catch_all(self, element: etree._Element, question: Question) -> None:
        """``*`` at 0 %: any other answer, so that ``feedback.incorrect`` shows for it."""
        if question.feedback_incorrect:
            answer = self._answer(element, "0", "*", question.feedback_incorrect)
            if question.type is QuestionType.NUMERIC:
                _field(answer, "tolerance", "0")

    def _combined_feedback(self, element: etree._Element, question: Question) -> None:
        incorrect = self._block(question.feedback_incorrect)
        self._rich(element, "correctfeedback", self._block(question.feedback_correct))
        self._rich(element, "partiallycorrectfeedback", incorrect)
        self._rich(element, "incorrectfeedback", incorrect)

    def _ordering(self, element: etree._Element, question: Question) -> None:
        _field(element, "layouttype", "VERTICAL")
        _field(element, "selecttype", "ALL")
        _field(element, "selectcount", str(len(question.sequence)))
        _field(element, "gradingtype", "ALL_OR_NOTHING")
        _field(element, "showgrading", "SHOW")
        _field(element, "numberingstyle", "none")
        self._combined_feedback(element, question)
        for position, item in enumerate(question.sequence, 1):
            answer = etree.SubElement(element, "answer", fraction=str(position), format=_HTML)
            _text(answer, self._inline(item), html=True)
