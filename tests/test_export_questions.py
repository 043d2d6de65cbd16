"""export-questions: every question, answer, fraction and feedback reaches Moodle's import.

The Moodle XML output is read back with lxml; the GIFT output with a small port
of Moodle's own GIFT reader (qformat_gift::readquestion in
question/format/gift/format.php): escapes turned into placeholders first,
answers split on the separators, placeholders turned back last. Both are then
compared with the course model, question by question, answer by answer.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pytest
from helpers_courses import REPO, ROOTS, run_coursepack, write_course
from lxml import etree

from builder.build import check
from builder.diagnostics import CourseError, Reporter
from builder.exporters import (
    ExportProblems,
    GiftExporter,
    MoodleVersion,
    MoodleXmlExporter,
    export_questions,
)
from builder.exporters.bank import TESTED_MOODLE, category_path
from builder.exporters.gift import escape, markdown
from builder.markdown_render import MarkdownRenderer
from builder.model import Course, Question, QuestionType
from builder.theme import Theme

FLAGSHIP = REPO / "courses" / "openimis-point-focal"
ALL_TYPES = ROOTS / "ok-export-all-types"
SPECIALS = "~ = # { } : \\ & < >"
XML_TYPES = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.FILL_IN: "shortanswer",
    QuestionType.NUMERIC: "numerical",
    QuestionType.MATCHING: "matching",
    QuestionType.ORDERING: "ordering",
}


def model(folder: Path) -> Course:
    reporter = Reporter()
    [course] = check([folder], reporter)
    assert not reporter.has_errors
    return course


# --- What the model says Moodle should get --------------------------------------------------


@dataclass(frozen=True)
class Expected:
    category: tuple[str, ...]
    name: str
    question: Question


def expected_bank(course: Course) -> list[Expected]:
    """Graded quiz questions in their module's category, checks in their lesson's."""
    found = []
    for module in course.modules:
        names = (course.title, module.title)
        for question in module.quiz.questions if module.quiz else ():
            found.append(Expected(names, question.id, question))
        for lesson in module.lessons:
            for number, knowledge_check in enumerate(lesson.checks, 1):
                for question in knowledge_check.questions:
                    found.append(
                        Expected((*names, lesson.title), f"check{number}-{question.id}", question)
                    )
    return found


def moodle_category_names(path: str) -> tuple[str, ...]:
    """Moodle's qformat_default::split_category_path, minus the $course$ context."""
    names = [name.replace("//", "/").strip() for name in re.split(r"(?<!/)/(?!/)", path)]
    assert names[0] == "$course$"
    return tuple(names[1:])


def fractions(question: Question) -> list[float]:
    """Single/true-false: 1 or 0. Multiple: right ones share 1, a wrong one takes a share away
    (the partial-credit rule of docs/en/authoring.md, section 3)."""
    if question.type is not QuestionType.MULTIPLE:
        return [1.0 if choice.correct else 0.0 for choice in question.choices]
    share = 1 / sum(choice.correct for choice in question.choices)
    return [share if choice.correct else -share for choice in question.choices]


def accent_free(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def check_fill_in_answers(question: Question, right: list[tuple[str, str]], feedback: str) -> None:
    """Every accepted answer at 100 % with the correct feedback (``*`` escaped as Moodle's
    short answer wants), then only their accent-free spellings when accents do not count."""
    patterns = [text.replace("\\*", "*") for text, _ in right]
    assert patterns[: len(question.accepted)] == list(question.accepted)
    variants = set() if question.match.accents else {accent_free(a) for a in question.accepted}
    assert set(patterns) == set(question.accepted) | variants
    assert all(text_feedback == feedback for _, text_feedback in right)


def check_numeric(question: Question, answer: str, tolerance: str) -> None:
    assert question.low is not None and question.high is not None
    assert float(answer) - float(tolerance) == pytest.approx(question.low)
    assert float(answer) + float(tolerance) == pytest.approx(question.high)


# --- Moodle XML ------------------------------------------------------------------------------


def visible(html: str | None) -> str:
    """The text a reader sees in an HTML fragment, spaces collapsed."""
    if not html:
        return ""
    return " ".join(lxml.html.fragment_fromstring(html, create_parent="div").text_content().split())


class Rendered:
    """The course's Markdown as the player renders it, paths kept as written."""

    def __init__(self, course: Course) -> None:
        self.markdown = MarkdownRenderer(course.language)

    def block(self, text: str | None) -> str:
        return visible(self.markdown.block(text, lambda url, _: url)) if text else ""

    def inline(self, text: str | None) -> str:
        return visible(self.markdown.inline(text, lambda url, _: url)) if text else ""


def xml_questions(content: bytes) -> list[tuple[tuple[str, ...], etree._Element]]:
    root = etree.fromstring(content)
    assert root.tag == "quiz"
    found = []
    category: tuple[str, ...] = ()
    for element in root.iterchildren("question"):
        if element.get("type") == "category":
            category = moodle_category_names(element.findtext("category/text") or "")
        else:
            found.append((category, element))
    return found


def text_of(element: etree._Element, path: str) -> str:
    found = element.find(path)
    assert found is not None, path
    return found.findtext("text") or ""


def check_xml_question(
    element: etree._Element, question: Question, html: Rendered, version: MoodleVersion
) -> None:
    kind = question.type
    if kind is QuestionType.ORDERING and not version.has_ordering:
        check_ordering_as_matching(element, question, html)
        return
    assert element.get("type") == XML_TYPES[kind]
    assert element.xpath("string(questiontext/@format)") == "html"
    assert visible(text_of(element, "questiontext")) == html.block(question.prompt)
    assert text_of(element, "generalfeedback") == ""
    assert float(element.findtext("defaultgrade") or "") == question.weight
    correct, incorrect = (
        html.block(question.feedback_correct),
        html.block(question.feedback_incorrect),
    )
    if kind in (
        QuestionType.SINGLE,
        QuestionType.MULTIPLE,
        QuestionType.MATCHING,
        QuestionType.ORDERING,
    ):
        assert visible(text_of(element, "correctfeedback")) == correct
        assert visible(text_of(element, "partiallycorrectfeedback")) == incorrect
        assert visible(text_of(element, "incorrectfeedback")) == incorrect
    answers = element.findall("answer")
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        assert element.findtext("single") == ("true" if kind is QuestionType.SINGLE else "false")
        assert len(answers) == len(question.choices)
        for answer, choice, fraction in zip(
            answers, question.choices, fractions(question), strict=True
        ):
            assert visible(answer.findtext("text")) == html.inline(choice.text)
            assert float(answer.get("fraction") or "") / 100 == pytest.approx(fraction, abs=1e-5)
            assert visible(text_of(answer, "feedback")) == html.inline(choice.feedback)
    elif kind is QuestionType.TRUE_FALSE:
        assert [a.findtext("text") for a in answers] == ["true", "false"]
        for answer, choice in zip(answers, question.choices, strict=True):
            assert answer.get("fraction") == ("100" if choice.correct else "0")
            expected = correct if choice.correct else incorrect
            assert visible(text_of(answer, "feedback")) == expected
    elif kind is QuestionType.FILL_IN:
        assert element.findtext("usecase") == ("1" if question.match.case else "0")
        right = [
            (a.findtext("text") or "", visible(text_of(a, "feedback")))
            for a in answers
            if a.get("fraction") == "100"
        ]
        wrong = [
            (a.findtext("text") or "", visible(text_of(a, "feedback")))
            for a in answers
            if a.get("fraction") == "0"
        ]
        assert len(right) + len(wrong) == len(answers)
        check_fill_in_answers(question, right, correct)
        assert wrong == ([("*", incorrect)] if question.feedback_incorrect else [])
    elif kind is QuestionType.NUMERIC:
        assert answers[0].get("fraction") == "100"
        assert visible(text_of(answers[0], "feedback")) == correct
        check_numeric(
            question, answers[0].findtext("text") or "", answers[0].findtext("tolerance") or ""
        )
        rest = [
            (a.get("fraction"), a.findtext("text"), visible(text_of(a, "feedback")))
            for a in answers[1:]
        ]
        assert rest == ([("0", "*", incorrect)] if question.feedback_incorrect else [])
    elif kind is QuestionType.MATCHING:
        pairs = [
            (visible(s.findtext("text")), s.findtext("answer/text"))
            for s in element.findall("subquestion")
        ]
        assert pairs == [(html.inline(p.left), p.right) for p in question.pairs]
    else:
        options = [element.findtext(tag) for tag in ("selecttype", "selectcount", "gradingtype")]
        assert options == ["ALL", str(len(question.sequence)), "ALL_OR_NOTHING"]
        assert [visible(a.findtext("text")) for a in answers] == [
            html.inline(i) for i in question.sequence
        ]
        assert [a.get("fraction") for a in answers] == [str(i) for i in range(1, len(answers) + 1)]


def check_ordering_as_matching(element: etree._Element, question: Question, html: Rendered) -> None:
    """Before Moodle 4.4: a matching question, each item with its position, lefts shuffled."""
    assert element.get("type") == "matching"
    assert element.findtext("shuffleanswers") == "true"
    assert visible(text_of(element, "questiontext")) == html.block(question.prompt)
    assert visible(text_of(element, "correctfeedback")) == html.block(question.feedback_correct)
    pairs = [
        (visible(s.findtext("text")), s.findtext("answer/text"))
        for s in element.findall("subquestion")
    ]
    assert pairs == [(html.inline(item), str(n)) for n, item in enumerate(question.sequence, 1)]


def check_xml_export(
    course: Course, content: bytes, version: MoodleVersion = TESTED_MOODLE
) -> None:
    html = Rendered(course)
    exported = xml_questions(content)
    expected = expected_bank(course)
    assert [(c, e.findtext("name/text")) for c, e in exported] == [
        (x.category, x.name) for x in expected
    ]
    for (_, element), wanted in zip(exported, expected, strict=True):
        check_xml_question(element, wanted.question, html, version)


# --- GIFT, read as Moodle reads it -------------------------------------------------------------

_ESCAPES = {
    "\\:": "&&058;",
    "\\#": "&&035;",
    "\\=": "&&061;",
    "\\{": "&&123;",
    "\\}": "&&125;",
    "\\~": "&&126;",
    "\\n": "&&010",
}
_CHARS = {
    ":": "&&058;",
    "#": "&&035;",
    "=": "&&061;",
    "{": "&&123;",
    "}": "&&125;",
    "~": "&&126;",
    "\n": "&&010",
}
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")
_FORMATS = ("moodle", "html", "plain", "markdown")


def escaped_pre(text: str) -> str:
    text = text.replace("\\\\", "&&092;")
    for escaped, placeholder in _ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text.replace("&&092;", "\\")


def escaped_post(text: str) -> str:
    for char, placeholder in _CHARS.items():
        text = text.replace(placeholder, char)
    return text


def with_format(text: str, default: str = "moodle") -> tuple[str, str]:
    """(format, text), as qformat_gift::parse_text_with_format."""
    form = default
    if text.startswith("[") and "]" in text:
        name = text[1 : text.index("]")]
        if name in _FORMATS:
            form, text = name, text[text.index("]") + 1 :]
    return form, escaped_post(text).strip()


def weight(answer: str) -> tuple[float, str]:
    answer = answer[1:]
    end = answer.index("%")
    return float(answer[:end]) / 100, answer[end + 1 :]


def comment(answer: str, form: str) -> tuple[str, str]:
    text, _, feedback = answer.partition("#")
    return with_format(text.strip(), form)[1], with_format(feedback.strip(), form)[1]


@dataclass
class GiftQuestion:
    category: tuple[str, ...]
    name: str
    kind: str
    text: str
    text_format: str
    general: str
    answers: list[tuple[float, str, str]] = field(default_factory=list)
    pairs: list[tuple[str, str]] = field(default_factory=list)
    truth: tuple[bool, str, str] = (False, "", "")
    numbers: list[tuple[float, str, str, str]] = field(default_factory=list)


def gift_questions(content: str) -> Iterator[GiftQuestion]:
    """qformat_default::readquestions (blank lines end a question) then readquestion."""
    category: tuple[str, ...] = ()
    for block in re.split(r"\n\s*\n", content):
        lines = [
            " " if line.strip().startswith("//") else line.strip() for line in block.splitlines()
        ]
        text = "\n".join(lines).strip()
        if not text:
            continue
        text = escaped_pre(text)
        if text.startswith("$CATEGORY:"):
            category = moodle_category_names(text[10:].strip())
            continue
        assert text.startswith("::")
        name, _, text = text[2:].partition("::")
        start, finish = text.index("{"), text.index("}")
        assert text.endswith("}"), "answers must end the question (no missing-word format)"
        answertext = text[start + 1 : finish].strip()
        general = ""
        if "####" in answertext:
            at = answertext.rindex("####")
            general, answertext = answertext[at + 4 :], answertext[:at].strip()
        form, question_text = with_format(text[:start])
        found = GiftQuestion(
            category,
            escaped_post(name).strip(),
            "",
            question_text,
            form,
            with_format(general, form)[1],
        )
        if answertext[0] == "#":
            found.kind = "numerical"
            body, _, wrong = answertext[1:].partition("~")
            for answer in [a for a in body.split("=") if a.strip()]:
                answer = answer.strip()
                fraction, answer = weight(answer) if _WEIGHT.match(answer) else (1.0, answer)
                value, feedback = comment(answer, form)
                number, _, tolerance = value.partition(":")
                found.numbers.append((fraction, number.strip(), tolerance.strip() or "0", feedback))
            if wrong:
                found.numbers.append((0.0, "*", "", comment(wrong, form)[1]))
        elif "~" in answertext:
            found.kind = "multichoice-single" if "=" in answertext else "multichoice-multiple"
            for answer in [a for a in answertext.replace("=", "~=").split("~") if a.strip()]:
                answer = answer.strip()
                if answer[0] == "=":
                    fraction, answer = 1.0, answer[1:]
                elif _WEIGHT.match(answer):
                    fraction, answer = weight(answer)
                else:
                    fraction = 0.0
                found.answers.append((fraction, *comment(answer, form)))
        elif "=" in answertext and "->" in answertext:
            found.kind = "match"
            for answer in [a for a in answertext.split("=") if a.strip()]:
                left, _, right = answer.strip().partition("->")
                found.pairs.append(
                    (with_format(left.strip(), form)[1], escaped_post(right).strip())
                )
        elif answertext.partition("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
            found.kind = "truefalse"
            token, _, feedbacks = answertext.partition("#")
            wrong, _, right = feedbacks.partition("#")
            found.truth = (
                token.strip() in ("T", "TRUE"),
                with_format(wrong.strip(), form)[1],
                with_format(right.strip(), form)[1],
            )
        else:
            found.kind = "shortanswer"
            for answer in [a for a in answertext.split("=") if a.strip()]:
                answer = answer.strip()
                fraction, answer = weight(answer) if _WEIGHT.match(answer) else (1.0, answer)
                found.answers.append((fraction, *comment(answer, form)))
        yield found


def joined(*texts: str | None) -> str:
    return "\n\n".join(t.strip() for t in texts if t and t.strip())


def labelled(question: Question, strings: dict[str, str]) -> str:
    return joined(
        *(
            f"**{strings[key]}**\n\n{text.strip()}"
            for key, text in (
                ("quiz.correct", question.feedback_correct),
                ("quiz.incorrect", question.feedback_incorrect),
            )
            if text and text.strip()
        )
    )


def no_arrow(text: str | None) -> str:
    return (text or "").strip().replace("->", "-&gt;")


def check_gift_question(found: GiftQuestion, question: Question, strings: dict[str, str]) -> None:
    kind = question.type
    assert (found.text_format, found.text) == ("markdown", question.prompt.strip())
    if kind is QuestionType.SINGLE:
        assert found.kind == "multichoice-single"
        assert found.general == ""
        expected = [
            (
                fraction,
                choice.text.strip(),
                joined(
                    choice.feedback,
                    question.feedback_correct if choice.correct else question.feedback_incorrect,
                ),
            )
            for choice, fraction in zip(question.choices, fractions(question), strict=True)
        ]
        assert found.answers == expected
    elif kind is QuestionType.MULTIPLE:
        assert found.kind == "multichoice-multiple"
        assert [(text, feedback) for _, text, feedback in found.answers] == [
            (c.text.strip(), (c.feedback or "").strip()) for c in question.choices
        ]
        assert [f for f, _, _ in found.answers] == pytest.approx(fractions(question), abs=1e-5)
        assert found.general == labelled(question, strings)
    elif kind is QuestionType.TRUE_FALSE:
        assert found.kind == "truefalse"
        assert found.truth == (
            question.choices[0].correct,
            (question.feedback_incorrect or "").strip(),
            (question.feedback_correct or "").strip(),
        )
    elif kind is QuestionType.FILL_IN:
        assert found.kind == "shortanswer"
        right = [(text, feedback) for fraction, text, feedback in found.answers if fraction == 1]
        wrong = [(text, feedback) for fraction, text, feedback in found.answers if fraction == 0]
        assert len(right) + len(wrong) == len(found.answers)
        check_fill_in_answers(question, right, no_arrow(question.feedback_correct))
        assert wrong == (
            [("*", no_arrow(question.feedback_incorrect))] if question.feedback_incorrect else []
        )
    elif kind is QuestionType.NUMERIC:
        assert found.kind == "numerical"
        fraction, answer, tolerance, feedback = found.numbers[0]
        assert (fraction, feedback) == (1.0, (question.feedback_correct or "").strip())
        check_numeric(question, answer, tolerance)
        assert found.numbers[1:] == (
            [(0.0, "*", "", question.feedback_incorrect.strip())]
            if question.feedback_incorrect
            else []
        )
    elif kind is QuestionType.MATCHING:
        assert found.kind == "match"
        assert found.pairs == [(no_arrow(p.left), p.right.strip()) for p in question.pairs]
        assert found.general == labelled(question, strings)
    else:  # ordering: a matching question, item -> position
        assert found.kind == "match"
        assert found.pairs == [
            (no_arrow(item), str(n)) for n, item in enumerate(question.sequence, 1)
        ]
        assert found.general == labelled(question, strings)


def check_gift_export(course: Course, content: bytes) -> None:
    strings = Theme.for_course(course.root).strings(course.language)
    exported = list(gift_questions(content.decode("utf-8")))
    expected = expected_bank(course)
    assert [(q.category, q.name) for q in exported] == [(x.category, x.name) for x in expected]
    for found, wanted in zip(exported, expected, strict=True):
        check_gift_question(found, wanted.question, strings)


# --- The tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("folder", [FLAGSHIP, ALL_TYPES], ids=["flagship", "all-types"])
def test_moodle_xml_holds_every_question_answer_fraction_and_feedback(folder: Path) -> None:
    course = model(folder)
    export = MoodleXmlExporter().export(course)
    assert export.problems == ()
    assert export.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    check_xml_export(course, export.content)
    assert export.questions == len(expected_bank(course))


@pytest.mark.parametrize("folder", [FLAGSHIP, ALL_TYPES], ids=["flagship", "all-types"])
def test_gift_holds_every_question_answer_fraction_and_feedback(folder: Path) -> None:
    course = model(folder)
    export = GiftExporter().export(course)
    assert export.problems == ()
    check_gift_export(course, export.content)
    assert export.questions == len(expected_bank(course))


@pytest.mark.parametrize("version", ["4.4", "5.0"])
def test_moodle_44_and_later_get_the_native_ordering_type(version: str) -> None:
    course = model(ALL_TYPES)
    export = MoodleXmlExporter(MoodleVersion.parse(version)).export(course)
    check_xml_export(course, export.content, MoodleVersion.parse(version))
    ordering = [e for _, e in xml_questions(export.content) if e.get("type") == "ordering"]
    assert [e.findtext("name/text") for e in ordering] == ["ordre"]
    assert [w for w in export.warnings if "ordering" in w.message] == []


def test_moodle_versions_are_read_as_major_and_minor() -> None:
    assert MoodleVersion.parse("4.3") == TESTED_MOODLE == MoodleVersion(4, 3)
    assert MoodleVersion.parse(" 4.4.1 ") == MoodleVersion(4, 4)
    assert str(MoodleVersion.parse("10.0")) == "10.0"
    assert not TESTED_MOODLE.has_ordering
    assert MoodleVersion(4, 4).has_ordering
    for bad in ("4", "4.x", "v4.4", ""):
        with pytest.raises(ValueError, match=r"is not a Moodle version such as 4\.3"):
            MoodleVersion.parse(bad)


def test_the_fixture_has_every_type_graded_and_in_checks() -> None:
    course = model(ALL_TYPES)
    bank = expected_bank(course)
    assert {x.question.type for x in bank} == set(QuestionType)
    assert [x.name for x in bank if len(x.category) == 3] == ["check1-q1", "check2-q1", "check2-q2"]
    assert any(x.question.partial_credit for x in bank)
    assert any(
        x.question.type is QuestionType.MULTIPLE and not x.question.partial_credit for x in bank
    )
    assert any(SPECIALS in x.question.prompt for x in bank)


def test_the_flagship_exports_every_module_and_lesson_category() -> None:
    course = model(FLAGSHIP)
    exported = xml_questions(MoodleXmlExporter().export(course).content)
    categories = {category for category, _ in exported}
    modules = {(course.title, m.title) for m in course.modules if m.quiz}
    assert modules <= categories
    assert len(exported) == sum(len(m.quiz.questions) for m in course.modules if m.quiz) + sum(
        len(c.questions) for m in course.modules for lesson in m.lessons for c in lesson.checks
    )


def test_fractions_of_multiple_questions_are_moodles_own() -> None:
    """Partial credit or not, right choices share 100 %, a wrong one takes a share; 5 decimals."""
    course = model(ALL_TYPES)
    content = MoodleXmlExporter().export(course).content.decode()
    plusieurs = content.split("<text>plusieurs</text>", 1)[1].split("</question>", 1)[0]
    assert re.findall(r'fraction="([^"]+)"', plusieurs) == [
        "33.33333",
        "33.33333",
        "33.33333",
        "-33.33333",
        "-33.33333",
    ]
    gift = GiftExporter().export(course).content.decode()
    assert "\t~%50%Alpha\n\t~%50%Bêta\n\t~%-50%Gamma\n}" in gift


def test_category_paths_escape_slashes_as_moodle_does() -> None:
    assert category_path(("Cours / A", "/Module/")) == "$course$/Cours // A/ //Module// "
    assert moodle_category_names(category_path(("Cours / A", "/Module/"))) == (
        "Cours / A",
        "/Module/",
    )
    course = model(ALL_TYPES)
    assert "$CATEGORY: $course$/Export : tous les types // Moodle/Module 1 : types & formes\n" in (
        GiftExporter().export(course).content.decode()
    )


@pytest.mark.parametrize(
    "text",
    [
        SPECIALS,
        "a\\:b \\\\ c\\",
        "\\n reste \\n",
        "deux\nlignes\r\n\nparagraphe",
        "[html] pas un format",
        "%50% {=}",
    ],
)
def test_gift_escaping_round_trips_through_moodles_reader(text: str) -> None:
    answer = f"=%100%{markdown(text)}#{markdown(text)}"
    line = f"::n\\:om::{markdown(text, marked=True)}{{\n\t{answer}\n}}\n"
    assert "\n\n" not in line
    [found] = gift_questions(line)
    assert (found.name, found.text, found.kind) == (
        "n:om",
        text.replace("\r", "").strip(),
        "shortanswer",
    )
    assert found.answers == [(1.0, text.replace("\r", "").strip(), text.replace("\r", "").strip())]


def test_gift_escape_is_moodles_repchar() -> None:
    assert escape("a\\b~c=d#e{f}g:h\ni\rj") == "a\\\\b\\~c\\=d\\#e\\{f\\}g\\:h\\nij"


def test_xml_texts_with_markup_characters_survive() -> None:
    course = model(ALL_TYPES)
    exported = dict(
        (e.findtext("name/text"), e)
        for _, e in xml_questions(MoodleXmlExporter().export(course).content)
    )
    # Markdown itself drops the backslash of "\\ " (the player shows the same).
    assert (
        visible(text_of(exported["unique"], "questiontext"))
        == "Quel signe ? ~ = # { } : & < > et gras"
    )
    answers = [a.findtext("text") for a in exported["ville"].findall("answer")]
    assert answers == ["Ségou", "Ouaga\\*", "[x] = y : z ~ #1 {a} \\ b", "Segou", "*"]


def test_notes_name_course_files() -> None:
    course = model(ALL_TYPES)
    xml_notes = [n.message for n in MoodleXmlExporter().export(course).notes]
    assert xml_notes == [
        "question 'check1-q1': image 'images/schema.svg' points to a file of the course, which is "
        "not in the export; add it to the question in Moodle after importing"
    ]
    assert [n.message for n in GiftExporter().export(course).notes] == xml_notes


ALL_OR_NOTHING = (
    "question 'tout-ou-rien': all or nothing in the course (partial_credit: false), but "
    "Moodle's multiple choice gives each right choice ticked its share, so a partly right answer "
    "earns part of the points in Moodle; remove 'partial_credit: false' for the same mark in both"
)
ORDERING_AS_MATCHING = (
    ", so it is exported as a matching question (each item with its position), which gives a "
    "share of the points per item in its place where the course gives all or nothing; "
)


def test_warnings_name_what_moodle_would_mark_otherwise() -> None:
    course = model(ALL_TYPES)
    assert [w.message for w in MoodleXmlExporter().export(course).warnings] == [
        ALL_OR_NOTHING,
        "question 'ordre': Moodle 4.3 has no ordering question (it came with Moodle 4.4)"
        + ORDERING_AS_MATCHING
        + "for Moodle 4.4 or later, export with --moodle-version 4.4",
    ]
    assert [w.message for w in MoodleXmlExporter(MoodleVersion(4, 4)).export(course).warnings] == [
        ALL_OR_NOTHING
    ]
    assert [w.message for w in GiftExporter(MoodleVersion(4, 5)).export(course).warnings] == [
        ALL_OR_NOTHING,
        "question 'ville': GIFT cannot say that case matters, so Moodle will accept any case; "
        "export with --format moodle-xml to keep it",
        "question 'ordre': GIFT has no ordering question"
        + ORDERING_AS_MATCHING
        + "for Moodle's ordering type (Moodle 4.4 or later), export with --format moodle-xml "
        "--moodle-version 4.4",
    ]


def test_multiple_and_matching_give_partial_credit_unless_told_not_to() -> None:
    """The rule Moodle applies: a course that says nothing gets the same mark in both."""
    questions = {x.name: x.question for x in expected_bank(model(ALL_TYPES))}
    assert questions["tout-ou-rien"].partial_credit is False
    assert questions["check2-q2"].type is QuestionType.MATCHING
    assert questions["check2-q2"].partial_credit is True
    assert questions["unique"].partial_credit is False


def test_gift_refuses_an_arrow_in_an_accepted_answer(tmp_path: Path) -> None:
    quiz = "questions:\n  - type: fill-in\n    prompt: Flèche ?\n    answers: ['a->b']\n"
    course = write_course(tmp_path / "cours", {"01-bases/quiz.yml": quiz})
    out = tmp_path / "q.gift.txt"
    with pytest.raises(ExportProblems) as raised:
        export_questions(course, "gift", out, Reporter())
    [problem] = raised.value.problems
    assert "the accepted answer 'a->b' contains '->'" in problem.message
    assert not out.exists()
    written = export_questions(course, "moodle-xml", tmp_path / "q.xml", Reporter())
    assert b"<text>a-&gt;b</text>" in written.path.read_bytes()


def test_export_of_a_broken_course_raises_and_writes_nothing(tmp_path: Path) -> None:
    reporter = Reporter()
    with pytest.raises(CourseError):
        export_questions(ROOTS / "err-quiz-no-correct", "moodle-xml", tmp_path / "q.xml", reporter)
    assert reporter.has_errors
    assert list(tmp_path.iterdir()) == []


def test_out_folder_gets_the_default_name_and_the_file_is_replaced_whole(tmp_path: Path) -> None:
    first = export_questions(ALL_TYPES, "gift", tmp_path, Reporter())
    assert first.path == tmp_path / "export-tous-types-questions.gift.txt"
    first.path.write_text("ancien contenu", encoding="utf-8")
    again = export_questions(ALL_TYPES, "gift", tmp_path, Reporter())
    assert again.path.read_bytes() == again.export.content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export-tous-types-questions.gift.txt"]


# --- Through the installed command ----------------------------------------------------------


@pytest.mark.parametrize(
    ("format_name", "file_name"),
    [
        ("moodle-xml", "export-tous-types-questions.xml"),
        ("gift", "export-tous-types-questions.gift.txt"),
    ],
)
def test_cli_writes_the_default_file(tmp_path: Path, format_name: str, file_name: str) -> None:
    shutil.copytree(ALL_TYPES, tmp_path / "cours")
    done = run_coursepack(["export-questions", "cours", "--format", format_name], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    path = tmp_path / "dist" / "export-tous-types" / file_name
    assert (
        done.stdout
        == f"{format_name:10} dist/export-tous-types/{file_name}  12 question(s) in 2 categories\n"
    )
    assert sorted(p.name for p in path.parent.iterdir()) == [file_name]
    assert "cours/01-questions/01-lecon.md:8:1: note: question 'check1-q1': image" in done.stderr
    course = model(tmp_path / "cours")
    compare = check_xml_export if format_name == "moodle-xml" else check_gift_export
    compare(course, path.read_bytes())


def test_cli_out_file(tmp_path: Path) -> None:
    out = tmp_path / "banque" / "questions.xml"
    done = run_coursepack(
        ["export-questions", str(FLAGSHIP), "--format", "moodle-xml", "--out", str(out)],
        cwd=tmp_path,
    )
    assert done.returncode == 0
    ordering = [
        line
        for line in done.stderr.splitlines()
        if "warning: question" in line and "Moodle 4.3 has no ordering question" in line
    ]
    assert len(ordering) == 4
    assert ordering == done.stderr.splitlines(), "the flagship only warns about ordering"
    assert out.is_file()
    check_xml_export(model(FLAGSHIP), out.read_bytes())


def test_cli_broken_course_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    done = run_coursepack(
        ["export-questions", str(ROOTS / "err-quiz-no-correct"), "--format", "gift"], cwd=tmp_path
    )
    assert (done.returncode, done.stdout) == (1, "")
    lines = done.stderr.splitlines()
    assert lines[0].endswith(
        "err-quiz-no-correct/01-bases/quiz.yml:2:5: error: question has no correct answer; "
        "mark the right choice with 'correct: true' [quiz.no-correct]"
    )
    assert lines[-2:] == ["1 error(s), 0 warning(s)", "nothing was written"]
    assert list(tmp_path.iterdir()) == []


def test_cli_gift_problem_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    quiz = "questions:\n  - type: fill-in\n    prompt: Flèche ?\n    answers: ['a->b']\n"
    write_course(tmp_path / "cours", {"01-bases/quiz.yml": quiz})
    done = run_coursepack(["export-questions", "cours", "--format", "gift"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "cours/01-bases/quiz.yml:2:5: error: question 'q1': the accepted answer 'a->b' contains "
        "'->', which GIFT reads as a matching question and cannot escape; export with "
        "--format moodle-xml",
        "nothing was written",
    ]
    assert not (tmp_path / "dist").exists()


def test_cli_moodle_version(tmp_path: Path) -> None:
    out = tmp_path / "q.xml"
    args = ["export-questions", str(ALL_TYPES), "--format", "moodle-xml", "--out", str(out)]
    done = run_coursepack([*args, "--moodle-version", "4.4"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "warning: question 'tout-ou-rien': all or nothing" in done.stderr
    assert "ordering" not in done.stderr
    check_xml_export(model(ALL_TYPES), out.read_bytes(), MoodleVersion(4, 4))
    out.unlink()
    done = run_coursepack([*args, "--moodle-version", "quatre"], cwd=tmp_path)
    assert done.returncode == 2
    assert "'quatre' is not a Moodle version such as 4.3" in done.stderr
    assert not out.exists()


def test_cli_not_a_course(tmp_path: Path) -> None:
    done = run_coursepack(["export-questions", "nulle-part", "--format", "gift"], cwd=tmp_path)
    assert done.returncode == 1
    assert "nulle-part:1:1: error: there is no such folder" in done.stderr
    assert done.stderr.endswith("nothing was written\n")
