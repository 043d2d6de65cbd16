"""Build a course like an author, then go through it like a learner.

``build`` runs the real ``coursepack`` command. ``Learner`` clicks through the
player in a page or in the LMS frame, right or wrong as the test asks, for every
type of question. The compiler's model says where each question is and what it
shows; what is right is read again from the question's own source (its ``quiz.yml``
or ```` ```quiz ```` block) with plain YAML, so a compiler that gets an answer key
wrong cannot make its own mistake look right.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import yaml
from helpers_courses import coursepack_script
from playwright.sync_api import Frame, Locator, Page

from builder.build import check
from builder.diagnostics import Reporter
from builder.model import Course, Question, QuestionType, Quiz

REPO = Path(__file__).resolve().parents[2]
COURSES = REPO / "courses"
ROOTS = REPO / "tests" / "roots"


def build(course_dir: Path, out: Path, target: str = "all") -> subprocess.CompletedProcess[str]:
    """Run ``coursepack build`` as an author would; fails the test if it does not succeed.

    The command is the one installed with the running interpreter, so the tests build with
    the code they import, whatever PATH says.
    """
    command = [coursepack_script(), "build", str(course_dir), "--target", target, "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, f"coursepack build failed:\n{done.stdout}\n{done.stderr}"
    return done


def scorm_package(course_dir: Path, work: Path) -> Path:
    """Build the SCORM zip of ``course_dir`` and unzip it; returns the unzipped folder."""
    build(course_dir, work / "dist", "scorm12")
    course_id = model(course_dir).id
    unzipped = work / "package"
    shutil.rmtree(unzipped, ignore_errors=True)
    with zipfile.ZipFile(work / "dist" / course_id / f"{course_id}-scorm12.zip") as archive:
        archive.extractall(unzipped)
    return unzipped


def model(course_dir: Path) -> Course:
    reporter = Reporter()
    courses = check([course_dir], reporter)
    assert not reporter.has_errors, [d.render() for d in reporter.diagnostics]
    return courses[0]


def quizzes_in_page_order(course: Course) -> list[Quiz]:
    """Every quiz as the player numbers them: each lesson's checks, then the module quiz."""
    found: list[Quiz] = []
    for module in course.modules:
        for lesson in module.lessons:
            found.extend(lesson.checks)
        if module.quiz is not None:
            found.append(module.quiz)
    return found


#: What a learner gives to one question: the choices ticked (single, multiple, true-false), the
#: text typed (fill-in, numeric), the right chosen for each left (matching, -1 for none) or the
#: items in the order put (ordering). Indices are page order, as in the sources.
Response = list[int] | str


#: The opening of a ```quiz block: at most 3 spaces, three or more backticks or tildes.
_QUIZ_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*quiz\s*$")


def _source_questions(path: Path) -> list[tuple[int, int, Any]]:
    """Every question written in ``path``: (first line, last line, its mapping), 1-based.

    A ``.md`` lesson holds them in ```quiz blocks, each either one question or a mapping
    with ``questions``; a ``quiz.yml`` holds ``questions``. The last line of one question
    may be the first of the next (YAML ends a block where the next one starts).
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".md":
        return _questions_in(text, 0)
    found: list[tuple[int, int, Any]] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _QUIZ_FENCE.match(lines[index])
        index += 1
        if opening is None:
            continue
        fence = opening[1]
        end = next(j for j in range(index, len(lines)) if lines[j].strip() == fence)
        found.extend(_questions_in("\n".join(lines[index:end]), index))
        index = end + 1
    return found


def _questions_in(text: str, offset: int) -> list[tuple[int, int, Any]]:
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        assert isinstance(root, yaml.MappingNode), f"not a mapping: {text[:80]!r}"
        keys = {key.value: value for key, value in root.value}
        nodes = keys["questions"].value if "questions" in keys else [root]
        return [
            (
                node.start_mark.line + offset + 1,
                node.end_mark.line + offset + 1,
                loader.construct_document(node),
            )
            for node in nodes
        ]
    finally:
        loader.dispose()


def source_of(question: Question) -> dict[str, Any]:
    """The mapping ``question`` was written as, read from its source with plain YAML: the
    last one starting at or before the line the model gives, which it must still cover."""
    where = question.location
    written = _source_questions(where.path)
    before = [entry for entry in written if entry[0] <= where.line]
    assert before, f"{where.path}:{where.line}: no question written here"
    _, last, mapping = before[-1]
    assert where.line <= last, f"{where.path}:{where.line}: no question written here"
    assert isinstance(mapping, dict), mapping
    return mapping


def _correct_flags(question: Question) -> list[bool]:
    """Per choice in page order, whether the source says it is right (true-false: true, false)."""
    source = source_of(question)
    if question.type is QuestionType.TRUE_FALSE:
        return [source["answer"] is True, source["answer"] is False]
    return [choice.get("correct", False) is True for choice in source["choices"]]


def _bounds(question: Question) -> tuple[float, float]:
    """The lowest and highest right numbers of a numeric question, from its source."""
    source = source_of(question)
    if "range" in source:
        low, high = source["range"]
        return float(low), float(high)
    tolerance = float(source.get("tolerance", 0))
    return float(source["answer"]) - tolerance, float(source["answer"]) + tolerance


def right_choices(question: Question) -> list[int]:
    return [i for i, right in enumerate(_correct_flags(question)) if right]


def wrong_choices(question: Question) -> list[int]:
    return [next(i for i, right in enumerate(_correct_flags(question)) if not right)]


def decimal(value: float) -> str:
    """A number as a learner types it, with no exponent: 3.5, 12, -0.25."""
    return format(value, "f").rstrip("0").rstrip(".") or "0"


def right_response(question: Question) -> Response:
    """The answer key of ``question`` as a learner gives it."""
    kind = question.type
    if kind.has_choices:
        return right_choices(question)
    if kind is QuestionType.FILL_IN:
        return str(source_of(question)["answers"][0])
    if kind is QuestionType.NUMERIC:
        low, high = _bounds(question)
        return decimal((low + high) / 2)
    if kind is QuestionType.MATCHING:
        return list(range(len(source_of(question)["pairs"])))
    return list(range(len(source_of(question)["sequence"])))


def wrong_response(question: Question) -> Response:
    """An answer that earns nothing, even with partial credit."""
    kind = question.type
    if kind.has_choices:
        return wrong_choices(question)
    if kind is QuestionType.FILL_IN:
        return "certainly not this"
    if kind is QuestionType.NUMERIC:
        low, high = _bounds(question)
        return decimal(high + abs(high - low) + 1)
    if kind is QuestionType.MATCHING:
        count = len(source_of(question)["pairs"])
        return [(left + 1) % count for left in range(count)]
    return list(reversed(range(len(source_of(question)["sequence"]))))


def _numbers(elements: Locator, attribute: str) -> list[int]:
    """The integer ``attribute`` of each of ``elements``, in document order."""
    found = elements.evaluate_all("(all, name) => all.map((e) => e.getAttribute(name))", attribute)
    return [int(value) for value in found]


class Learner:
    """A learner using the player inside ``root`` (the page, or the SCO's frame)."""

    def __init__(self, root: Page | Frame, course: Course) -> None:
        self.root = root
        self.quizzes = quizzes_in_page_order(course)

    @property
    def page(self) -> Locator:
        return self.root.locator(".cp-page:not([hidden])")

    def title(self) -> str:
        return self.page.locator("h1").inner_text()

    def next(self) -> None:
        self._move("#cp-next")

    def previous(self) -> None:
        self._move("#cp-prev")

    def _move(self, button: str) -> None:
        """Click ``button`` and wait until another page shows (its module's script may load)."""
        shown = self.page.get_attribute("data-page")
        self.root.locator(button).click()
        self.root.locator(f'.cp-page:not([hidden]):not([data-page="{shown}"])').wait_for()

    def form(self, number: int) -> Locator:
        return self.root.locator(f'form[data-quiz="{number}"]')

    def quiz_numbers_here(self) -> list[int]:
        forms = self.page.locator("form[data-quiz]")
        return [int(forms.nth(i).get_attribute("data-quiz") or "") for i in range(forms.count())]

    def shown_questions(self, number: int) -> list[int]:
        """The questions of the current attempt (page-order indices), in the order shown."""
        shown = self.form(number).locator("fieldset.cp-question:not([hidden])")
        return _numbers(shown, "data-question")

    def is_open(self, number: int) -> bool:
        """Whether quiz ``number`` waits for answers (not submitted)."""
        return bool(self.form(number).locator(".cp-submit").evaluate("(button) => !button.hidden"))

    def respond(self, number: int, index: int, response: Response) -> None:
        """Give ``response`` to question ``index`` of quiz ``number``, without submitting."""
        question = self.quizzes[number].questions[index]
        form = self.form(number)
        name = f"q{number}-{index}"
        kind = question.type
        if kind.has_choices:
            assert isinstance(response, list)
            for choice in range(len(question.choices)):
                box = form.locator(f'input[name="{name}"][value="{choice}"]')
                if choice in response:
                    box.check()
                elif kind is QuestionType.MULTIPLE:
                    box.uncheck()
        elif kind in (QuestionType.FILL_IN, QuestionType.NUMERIC):
            assert isinstance(response, str)
            form.locator(f"#{name}").fill(response)
        elif kind is QuestionType.MATCHING:
            assert isinstance(response, list)
            for left, right in enumerate(response):
                self._choose(form.locator(f"#{name}-{left}"), "" if right < 0 else str(right))
        else:
            assert isinstance(response, list)
            self._put_in_order(form.locator(f'ol[data-name="{name}"]'), response)

    @staticmethod
    def _choose(select: Locator, value: str) -> None:
        """Pick the option with ``value``, by its position: Playwright's ``value=`` also
        matches labels, and a right such as "1" may be the label of another option."""
        index = select.evaluate(
            "(s, v) => Array.prototype.findIndex.call(s.options, (o) => o.value === v)", value
        )
        assert index >= 0, f"no option {value!r}"
        select.select_option(index=index)

    @staticmethod
    def _put_in_order(ordered_list: Locator, wanted: list[int]) -> None:
        """Move items with their ↑ buttons until the list reads ``wanted``, top to bottom."""
        for place, item in enumerate(wanted):
            current = _numbers(ordered_list.locator(".cp-order-item"), "data-item")
            for _ in range(current.index(item) - place):
                ordered_list.locator(f'.cp-order-item[data-item="{item}"] .cp-up').click()

    def answer(self, number: int, picks: list[Response | None]) -> str:
        """Give ``picks[i]`` to question i of quiz ``number``, submit, return the message.

        Questions the attempt does not show (a question bank draws some) and ``None`` picks
        are left alone.
        """
        for index in self.shown_questions(number):
            if picks[index] is not None:
                self.respond(number, index, picks[index])  # type: ignore[arg-type]
        self.submit(number)
        return self.message(number)

    def submit(self, number: int) -> None:
        self.form(number).locator(".cp-submit").click()

    def retry(self, number: int) -> None:
        self.form(number).locator(".cp-retry").click()

    def message(self, number: int) -> str:
        return self.form(number).locator(".cp-quiz-message").inner_text()

    def answer_all_here(self, right: bool = True) -> None:
        """Answer every open quiz on this page, all right or all wrong, and submit it."""
        for number in self.quiz_numbers_here():
            if self.is_open(number):
                give = right_response if right else wrong_response
                self.answer(number, [give(q) for q in self.quizzes[number].questions])

    def responses(self, number: int) -> list[Response]:
        """What the form of quiz ``number`` shows, per question, as ``respond`` takes it.

        Unanswered: no choice ticked is ``[]``, no text ``""``, a left without a right ``-1``.
        """
        form = self.form(number)
        shown: list[Response] = []
        for index, question in enumerate(self.quizzes[number].questions):
            name = f"q{number}-{index}"
            kind = question.type
            if kind.has_choices:
                shown.append(
                    [
                        choice
                        for choice in range(len(question.choices))
                        if form.locator(f'input[name="{name}"][value="{choice}"]').is_checked()
                    ]
                )
            elif kind in (QuestionType.FILL_IN, QuestionType.NUMERIC):
                shown.append(form.locator(f"#{name}").input_value())
            elif kind is QuestionType.MATCHING:
                values = [
                    form.locator(f"#{name}-{left}").input_value()
                    for left in range(len(question.pairs))
                ]
                shown.append([int(v) if v else -1 for v in values])
            else:
                shown.append(_numbers(form.locator(f'ol[data-name="{name}"] li'), "data-item"))
        return shown

    def ticked(self, number: int) -> list[Response]:
        """What the form of quiz ``number`` shows as answered, per question (see ``responses``)."""
        return self.responses(number)

    def go_through(self, right: bool = True) -> None:
        """Visit every page from here to the summary, answering every open quiz on the way."""
        while self.root.locator("#cp-next").is_visible():
            self.answer_all_here(right)
            self.next()

    def exit(self) -> None:
        self.root.locator("#cp-exit").click()
