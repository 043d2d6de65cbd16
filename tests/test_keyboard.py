"""A whole course with the keyboard alone, in the SCORM package inside the test LMS.

The learner only presses keys: Tab and Shift+Tab to move, Enter and Space to press and tick,
arrow keys inside radio groups and lists, and types the typed answers. No click, no
``element.focus()``: the test reads where focus is and which element it wants, never moves focus
itself. Every graded quiz of the flagship course (all question types) is answered right and the
LMS must record ``passed``. Every element reached with Tab must show a visible focus ring.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Frame, Page
from support.learner import (
    COURSES,
    ROOTS,
    Learner,
    Response,
    build,
    model,
    right_response,
    scorm_package,
)
from support.lms import LmsSession

from builder.model import Question, QuestionType

FLAGSHIP = COURSES / "openimis-point-focal"
MAX_PRESSES = 400

_WHERE = """(selector) => {
  const target = Array.from(document.querySelectorAll(selector)).find((e) => e.offsetParent);
  const active = document.activeElement;
  if (!target) { return "missing"; }
  if (!document.hasFocus() || active === document.body) { return "after"; }
  if (target === active || target.contains(active) || active.matches(selector)) { return "here"; }
  return target.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING
    ? "before" : "after";
}"""

_UNSEEN_FOCUS = """() => {
  const e = document.activeElement;
  if (!document.hasFocus() || e === document.body || e.tabIndex < 0) { return ""; }
  const s = getComputedStyle(e);
  const ring = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  return ring && e.matches(":focus-visible") ? "" : e.outerHTML.slice(0, 120);
}"""


class KeyboardLearner:
    """Reaches controls with Tab / Shift+Tab and works them with keys, in the SCO's frame."""

    def __init__(self, page: Page, frame: Frame, learner: Learner) -> None:
        self.keys = page.keyboard
        self.frame = frame
        self.learner = learner
        self.unseen_focus: list[str] = []
        self.presses = 0

    def press(self, key: str) -> None:
        self.keys.press(key)
        self.presses += 1

    def tab_to(self, selector: str) -> None:
        """Press Tab (or Shift+Tab when the target is behind) until focus is on ``selector``."""
        for _ in range(MAX_PRESSES):
            where = self.frame.evaluate(_WHERE, selector)
            assert where != "missing", f"nothing visible matches {selector}"
            if where == "here":
                return
            self.press("Tab" if where == "after" else "Shift+Tab")
            unseen = self.frame.evaluate(_UNSEEN_FOCUS)
            if unseen:
                self.unseen_focus.append(unseen)
        raise AssertionError(f"{MAX_PRESSES} presses did not reach {selector}")

    def active(self, expression: str) -> str:
        return str(self.frame.evaluate(f"() => String(document.activeElement.{expression})"))

    def choose_radio(self, name: str, wanted: int) -> None:
        """Arrow keys move through a radio group and tick what they reach."""
        self.tab_to(f'input[name="{name}"]')
        for _ in range(30):
            if self.active("value") == str(wanted):
                break
            self.press("ArrowDown")
        assert self.active("value") == str(wanted)
        if self.active("checked") != "true":
            self.press("Space")

    def tick_boxes(self, name: str, question: Question, wanted: list[int]) -> None:
        for choice in range(len(question.choices)):
            self.tab_to(f'input[name="{name}"][value="{choice}"]')
            if (self.active("checked") == "true") != (choice in wanted):
                self.press("Space")

    def pick_option(self, select_id: str, wanted: int) -> None:
        """A closed list steps through its options with the arrow keys."""
        self.tab_to(f"#{select_id}")
        for _ in range(30):
            if self.active("value") == str(wanted):
                return
            self.press("ArrowDown")
        raise AssertionError(f"option {wanted} of #{select_id} not reached")

    def put_in_order(self, name: str, wanted: list[int]) -> None:
        """Press each item's ↑ button until the list reads ``wanted``."""
        items = f'ol[data-name="{name}"] .cp-order-item'
        for place, item in enumerate(wanted):
            current = self.frame.eval_on_selector_all(
                items, "(all) => all.map((e) => Number(e.dataset.item))"
            )
            moves = current.index(item) - place
            if moves > 0:
                self.tab_to(f'{items}[data-item="{item}"] .cp-up')
                for _ in range(moves):
                    self.press("Enter")

    def respond(self, number: int, index: int, response: Response) -> None:
        question = self.learner.quizzes[number].questions[index]
        name = f"q{number}-{index}"
        kind = question.type
        if kind in (QuestionType.SINGLE, QuestionType.TRUE_FALSE):
            assert isinstance(response, list)
            self.choose_radio(name, response[0])
        elif kind is QuestionType.MULTIPLE:
            assert isinstance(response, list)
            self.tick_boxes(name, question, response)
        elif kind in (QuestionType.FILL_IN, QuestionType.NUMERIC):
            assert isinstance(response, str)
            self.tab_to(f"#{name}")
            self.keys.type(response)
        elif kind is QuestionType.MATCHING:
            assert isinstance(response, list)
            for left, right in enumerate(response):
                self.pick_option(f"{name}-{left}", right)
        else:
            assert isinstance(response, list)
            self.put_in_order(name, response)

    def answer_open_quizzes(self) -> None:
        for number in self.learner.quiz_numbers_here():
            if not self.learner.is_open(number):
                continue
            questions = self.learner.quizzes[number].questions
            for index in self.learner.shown_questions(number):
                self.respond(number, index, right_response(questions[index]))
            self.tab_to(f'form[data-quiz="{number}"] .cp-submit')
            self.press("Enter")
            assert not self.learner.is_open(number), self.learner.message(number)

    def go_through(self) -> int:
        """Every page to the summary, answering as it goes; returns the pages turned."""
        turned = 0
        while self.frame.locator("#cp-next").is_visible():
            self.answer_open_quizzes()
            self.tab_to("#cp-next")
            self.press("Enter")
            turned += 1
            heading = self.learner.page.locator("h1").get_attribute("id")
            assert self.active("id") == heading, "focus moves to the new page's heading"
        return turned


def test_the_flagship_course_is_passed_with_the_keyboard_alone(
    page: Page, lms_site: Callable[[Path], str], page_errors: list[str], tmp_path: Path
) -> None:
    course = model(FLAGSHIP)
    package = scorm_package(FLAGSHIP, tmp_path)
    session = LmsSession(page, lms_site(package))
    frame = session.launch()
    keyboard = KeyboardLearner(page, frame, Learner(frame, course))

    keyboard.press("Tab")
    assert keyboard.active("className") == "cp-skip", "the skip link comes first"
    keyboard.press("Enter")
    assert keyboard.active("id") == "cp-main"

    turned = keyboard.go_through()
    assert keyboard.learner.title() == "Bilan du cours"
    assert "Cours réussi" in frame.locator("#cp-summary-body").inner_text()
    keyboard.tab_to("#cp-exit")
    keyboard.press("Enter")

    record = session.record()
    assert record.finished
    assert record.lesson_status == "passed"
    assert record.score_raw == "100"
    assert keyboard.unseen_focus == [], "every element reached with Tab shows its focus"
    assert page_errors == []
    print(f"\n{course.id}: {turned} pages, every quiz, {keyboard.presses} key presses, no click")


def test_the_phone_contents_drawer_works_from_the_keyboard(page: Page, tmp_path: Path) -> None:
    """Enter opens the drawer on the current page's link; Tab past its end or Escape closes it."""
    build(FLAGSHIP, tmp_path, "html")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto((tmp_path / model(FLAGSHIP).id / "html" / "index.html").as_uri())
    keyboard = KeyboardLearner(page, page.main_frame, Learner(page, model(FLAGSHIP)))
    toc = page.locator("#cp-toc")

    keyboard.tab_to(".cp-toc-toggle")
    keyboard.press("Enter")
    assert toc.is_visible()
    assert keyboard.active("getAttribute('aria-current')") == "page"
    keyboard.press("Escape")
    assert not toc.is_visible()
    assert keyboard.active("className") == "cp-toc-toggle"

    keyboard.press("Enter")
    keyboard.tab_to(".cp-toc-modules > li:last-child > a")  # the drawer's last link
    keyboard.press("Tab")
    assert not toc.is_visible(), "leaving the drawer closes it"
    keyboard.press("Shift+Tab")
    assert keyboard.active("className") == "cp-toc-toggle", "the button right before"
    keyboard.press("Enter")
    keyboard.tab_to('.cp-toc a[data-page="2"]')
    keyboard.press("Enter")
    assert not toc.is_visible()
    assert keyboard.learner.title() == model(FLAGSHIP).modules[0].lessons[2].title
    assert keyboard.active("tagName") == "H1"
    assert keyboard.unseen_focus == []


_FOCUSED_MOVE = """() => {
  const e = document.activeElement;
  const item = e.closest ? e.closest(".cp-order-item") : null;
  return {
    item: item ? Number(item.dataset.item) : null,
    button: e.classList.contains("cp-up") ? "up"
      : e.classList.contains("cp-down") ? "down" : e.tagName,
    disabled: Boolean(e.disabled),
  };
}"""


def test_focus_stays_on_a_usable_button_after_every_keyboard_move(
    page: Page, tmp_path: Path
) -> None:
    """An item moved to the bottom with ↓ and back to the top with ↑, by Enter and by Space:
    after each press focus is on an enabled button of that item, the one that can move it on,
    and the live region says where it went."""
    course_dir = ROOTS / "ok-all-question-types"
    build(course_dir, tmp_path, "html")
    page.goto((tmp_path / model(course_dir).id / "html" / "index.html").as_uri())
    keyboard = KeyboardLearner(page, page.main_frame, Learner(page, model(course_dir)))
    ordered = page.locator(".cp-page:not([hidden]) ol[data-name]").first
    items = f'ol[data-name="{ordered.get_attribute("data-name")}"] .cp-order-item'
    status = ordered.locator("xpath=..").locator(".cp-order-status")

    def order() -> list[int]:
        found: list[int] = page.eval_on_selector_all(
            items, "(all) => all.map((e) => Number(e.dataset.item))"
        )
        return found

    moved = order()[0]
    last = len(order()) - 1
    keyboard.tab_to(f'{items}[data-item="{moved}"] .cp-down')
    places = [*range(1, last + 1), *range(last - 1, -1, -1)]
    for press, place in enumerate(places):
        going_down = press < last
        keyboard.press("Enter" if press % 2 == 0 else "Space")
        assert order().index(moved) == place
        usable = "down" if (going_down and place < last) or place == 0 else "up"
        focused = page.evaluate(_FOCUSED_MOVE)
        assert focused == {"item": moved, "button": usable, "disabled": False}, (press, place)
        assert f"position {place + 1} of {last + 1}" in status.inner_text()
    assert keyboard.unseen_focus == []
