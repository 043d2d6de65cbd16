"""Build a course like an author, then go through it like a learner.

``build`` runs the real ``coursepack`` command. ``Learner`` clicks through the
player in a page or in the LMS frame, answering quizzes from the course's own
answer keys (read from the sources with the compiler's model), right or wrong
as the test asks.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

from playwright.sync_api import Frame, Locator, Page

from builder.build import check
from builder.diagnostics import Reporter
from builder.model import Course, Question, Quiz

REPO = Path(__file__).resolve().parents[2]
COURSES = REPO / "courses"
ROOTS = REPO / "tests" / "roots"


def build(course_dir: Path, out: Path, target: str = "all") -> subprocess.CompletedProcess[str]:
    """Run ``coursepack build`` as an author would; fails the test if it does not succeed."""
    command = ["coursepack", "build", str(course_dir), "--target", target, "--out", str(out)]
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


def right_choices(question: Question) -> list[int]:
    return list(question.correct_indices)


def wrong_choices(question: Question) -> list[int]:
    return [next(i for i, c in enumerate(question.choices) if not c.correct)]


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
        self.root.locator("#cp-next").click()

    def quiz_numbers_here(self) -> list[int]:
        forms = self.page.locator("form[data-quiz]")
        return [int(forms.nth(i).get_attribute("data-quiz") or "") for i in range(forms.count())]

    def answer(self, number: int, picks: list[list[int]]) -> str:
        """Tick ``picks[i]`` for question i of quiz ``number``, submit, return the message."""
        form = self.root.locator(f'form[data-quiz="{number}"]')
        for question, choices in enumerate(picks):
            for choice in choices:
                form.locator(f'input[name="q{number}-{question}"][value="{choice}"]').check()
        form.locator(".cp-submit").click()
        return form.locator(".cp-quiz-message").inner_text()

    def answer_all_here(self, right: bool = True) -> None:
        for number in self.quiz_numbers_here():
            pick = right_choices if right else wrong_choices
            self.answer(number, [pick(q) for q in self.quizzes[number].questions])

    def ticked(self, number: int) -> list[list[int]]:
        """What the form of quiz ``number`` shows as ticked, per question."""
        form = self.root.locator(f'form[data-quiz="{number}"]')
        return [
            [
                choice
                for choice in range(len(question.choices))
                if form.locator(f'input[name="q{number}-{index}"][value="{choice}"]').is_checked()
            ]
            for index, question in enumerate(self.quizzes[number].questions)
        ]

    def go_through(self, right: bool = True) -> None:
        """Visit every page from here to the summary, answering every quiz on the way."""
        while self.root.locator("#cp-next").is_visible():
            self.answer_all_here(right)
            self.next()

    def exit(self) -> None:
        self.root.locator("#cp-exit").click()
