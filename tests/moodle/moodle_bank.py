"""A real Moodle question bank for the export tests: import a file, grade answers in it.

``MoodleBank`` drives the shared Moodle 4.3.0 (``../shared/moodle``, or ``COURSEPACK_SHARED``)
through two PHP scripts run with Moodle's own code: the shared ``import_questions.php`` (the
import page's code, here with "Stop on error" on) and our ``grade_responses.php`` (the
question engine grading a response as a quiz attempt does). ``Answer`` is one learner answer
to one question, written both as the player holds it (``marking.js``) and as Moodle's
importer lays the question out (answers, subquestions in file order), so that the same
answer can be marked by both.
"""

from __future__ import annotations

import json
import os
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers_courses import SHARED
from playwright.sync_api import Page

from builder.answer_keys import question_key
from builder.model import Question, QuestionType

REPO = Path(__file__).resolve().parents[2]
STATIC = REPO / "themes" / "default" / "static"
GRADE_SCRIPT = Path(__file__).resolve().parent / "grade_responses.php"
#: A number typed the French way: right in the player, read with the decimal separator of
#: the Moodle site's language by Moodle ('.' in the English test site, so 0,3 is not 0.3).
DECIMAL_COMMA = "right, decimal comma"


@dataclass(frozen=True)
class Answer:
    """One answer to one question: what it is called, the player's form and Moodle's."""

    label: str
    player: Any
    moodle: dict[str, Any]


def _choices(picks: list[int]) -> tuple[int, dict[str, Any]]:
    return sum(1 << pick for pick in picks), {"choices": picks}


def _choice_answers(question: Question) -> list[Answer]:
    right = list(question.correct_indices)
    wrong = [i for i in range(len(question.choices)) if i not in right]
    multiple = question.type is QuestionType.MULTIPLE
    sets = [("right", right), ("wrong", wrong if multiple else wrong[:1])]
    if multiple:
        if len(right) > 1:
            sets.append(("one right choice missing", right[:-1]))
        if wrong:
            sets.append(("right choices and a wrong one", [*right, wrong[0]]))
            sets.append(("one right, one wrong", [right[0], wrong[0]]))
    return [Answer(label, *_choices(sorted(picks))) for label, picks in sets if picks]


def _accent_free(text: str) -> str:
    bare = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in bare if not unicodedata.combining(c)))


def _typed(question: Question) -> list[Answer]:
    if question.type is QuestionType.NUMERIC:
        assert question.low is not None and question.high is not None
        middle = (question.low + question.high) / 2
        outside = question.high + max(1.0, question.high - question.low)
        texts = [
            ("right, the middle", f"{middle:.15g}"),
            ("right, the lowest", f"{question.low:.15g}"),
            ("right, the highest", f"{question.high:.15g}"),
            ("wrong, outside", f"{outside:.15g}"),
        ]
        if "." in f"{middle:.15g}":
            texts.append((DECIMAL_COMMA, f"{middle:.15g}".replace(".", ",")))
    else:
        first = question.accepted[0]
        texts = [("right", first), ("wrong", "zzz pas du tout")]
        if first.upper() != first:
            case = "wrong" if question.match.case else "right"
            texts.append((f"{case}, other case", first.upper()))
        if not question.match.accents and _accent_free(first) != first:
            texts.append(("right, without accents", _accent_free(first)))
    return [Answer(label, text, {"text": text}) for label, text in texts]


def _orders(count: int) -> list[tuple[str, list[int]]]:
    """Right, two swapped (partly right from 3 on), everything one place off (all wrong)."""
    right = list(range(count))
    swapped = [1, 0, *right[2:]]
    shifted = [*right[1:], 0]
    return [("right", right), ("first two swapped", swapped), ("all one place off", shifted)]


def _pairs(question: Question) -> list[Answer]:
    rights = [pair.right for pair in question.pairs]
    return [
        Answer(label, order, {"pairs": [rights[chosen] for chosen in order]})
        for label, order in _orders(len(question.pairs))
    ]


def _sequence(question: Question) -> list[Answer]:
    """Player: the item at each place; Moodle (item -> position): each item's position."""
    return [
        Answer(label, order, {"pairs": [str(order.index(item) + 1) for item in range(len(order))]})
        for label, order in _orders(len(question.sequence))
    ]


def answers_for(question: Question) -> list[Answer]:
    """Right, partly right (where the type allows it) and wrong answers to ``question``."""
    if question.type.has_choices:
        return _choice_answers(question)
    if question.type in (QuestionType.FILL_IN, QuestionType.NUMERIC):
        return _typed(question)
    if question.type is QuestionType.MATCHING:
        return _pairs(question)
    return _sequence(question)


def player_credits(page: Page, marked: list[tuple[Question, Answer]]) -> list[float]:
    """What the player's own marking (``marking.js`` in Chromium) gives each answer, 0 to 1."""
    page.set_content("<!DOCTYPE html><html><head></head><body></body></html>")
    for script in ("core.js", "marking.js"):
        page.add_script_tag(path=str(STATIC / script))
    cases = [[question_key(question, None), answer.player] for question, answer in marked]
    credits: list[float] = page.evaluate(
        "cases => cases.map(c => window.Coursepack.marking.credit(c[0], c[1]))", cases
    )
    return credits


class MoodleBank:
    """Moodle's importer and question engine, through PHP scripts run with Moodle's code."""

    def __init__(self, lib: Path, env: dict[str, str]) -> None:
        self.lib = lib
        self.env = {**os.environ, **env}

    def _php(self, script: Path, *args: str) -> Any:
        done = subprocess.run(
            ["php", str(script), *args], capture_output=True, text=True, env=self.env, check=False
        )
        assert done.returncode == 0, f"{script.name} failed:\n{done.stdout[-3000:]}{done.stderr}"
        return json.loads(done.stdout)

    def import_file(self, path: Path, format_name: str) -> dict[str, Any]:
        """Import ``path`` (``xml`` or ``gift``) into the SCORMTEST course's bank, "Stop on
        error" on, as the import page does by default; Moodle's report of what it holds."""
        report: dict[str, Any] = self._php(
            self.lib / "import_questions.php",
            f"--file={path}",
            f"--format={format_name}",
            "--stoponerror=1",
        )
        return report

    def grade(
        self, work: Path, responses: dict[int, list[dict[str, Any]]]
    ) -> dict[int, list[float]]:
        """Moodle's mark, 0 to 1, for each response to each question (by question id)."""
        request = work / "responses.json"
        request.write_text(
            json.dumps([{"id": qid, "responses": r} for qid, r in responses.items()]),
            encoding="utf-8",
        )
        graded = self._php(GRADE_SCRIPT, f"--input={request}")
        return {entry["id"]: [float(f) for f in entry["fractions"]] for entry in graded}


def start_moodle() -> MoodleBank:
    """Moodle on this machine, started by the shared ``start.sh`` (seconds when it runs)."""
    start = SHARED / "moodle" / "start.sh"
    assert start.exists(), f"{start} is missing: set COURSEPACK_SHARED to the shared folder"
    done = subprocess.run([str(start)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"start.sh failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    env = dict(
        line.split("=", 1)
        for line in done.stdout.splitlines()
        if line.startswith("MOODLE_") and "=" in line
    )
    assert "MOODLE_DIR" in env, done.stdout[-2000:]
    return MoodleBank(start.parent / "lib", env)
