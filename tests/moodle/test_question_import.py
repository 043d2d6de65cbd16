"""export-questions in a real Moodle 4.3.0: every question imports, and marks as in the player.

Each shipped course (and the every-type fixture) is exported in both formats with the real
command, for the default ``--moodle-version`` (4.3, the Moodle here), then imported with
Moodle's own importer and the import page's default "Stop on error": one question Moodle
cannot read would make the whole file import nothing. Then right, partly right and wrong
answers to every question are marked twice, by the player's ``marking.js`` in Chromium and
by Moodle's question engine on the imported question, and the marks must be equal. Only
what the command warned about may differ, and then as docs/en/authoring.md, section 8, says.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from moodle_bank import (
    DECIMAL_COMMA,
    Answer,
    MoodleBank,
    answers_for,
    player_credits,
    start_moodle,
)
from playwright.sync_api import Page

from builder.build import check
from builder.diagnostics import Reporter
from builder.exporters.bank import BankQuestion, question_bank
from builder.model import Course, Question, QuestionType

pytestmark = pytest.mark.moodle

REPO = Path(__file__).resolve().parents[2]
SHIPPED = sorted(p for p in (REPO / "courses").iterdir() if (p / "course.yml").is_file())
ALL_TYPES = REPO / "tests" / "roots" / "ok-export-all-types"
FORMATS = {"moodle-xml": "xml", "gift": "gift"}
#: What each type imports as in Moodle 4.3: (qtype, "single" flag of a multichoice).
MOODLE_43_TYPES = {
    QuestionType.SINGLE: ("multichoice", 1),
    QuestionType.MULTIPLE: ("multichoice", 0),
    QuestionType.TRUE_FALSE: ("truefalse", None),
    QuestionType.FILL_IN: ("shortanswer", None),
    QuestionType.NUMERIC: ("numerical", None),
    QuestionType.MATCHING: ("match", None),
    QuestionType.ORDERING: ("match", None),  # no ordering type before Moodle 4.4
}
WARNING = re.compile(r"^\S+:\d+:\d+: warning: question '([^']+)': ", re.MULTILINE)


@pytest.fixture(scope="module")
def moodle_bank() -> Iterator[MoodleBank]:
    """The shared Moodle's question bank (its own fixture: tests/moodle/conftest.py may
    start Moodle for the SCORM tests too; start.sh is quick when Moodle runs already)."""
    yield start_moodle()


def model(folder: Path) -> Course:
    reporter = Reporter()
    [course] = check([folder], reporter)
    assert not reporter.has_errors
    return course


def export(folder: Path, format_name: str, out: Path) -> set[str]:
    """Run the real command; the names of the questions it warned about."""
    done = subprocess.run(
        ["coursepack", "export-questions", str(folder), "--format", format_name, "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return set(WARNING.findall(done.stderr))


def share(hits: int, count: int) -> float:
    return max(0.0, hits / count)


def documented_mark(question: Question, answer: Answer, player: float, gift: bool) -> float:
    """The mark Moodle gives where the export cannot carry the player's rule over (section 8)."""
    kind = question.type
    if answer.label == DECIMAL_COMMA:
        return 0.0  # the test site is in English: its decimal separator is '.'
    if kind is QuestionType.MULTIPLE and not question.partial_credit:
        right = set(question.correct_indices)
        ticked = {i for i in range(len(question.choices)) if answer.player >> i & 1}
        return share(len(ticked & right) - len(ticked - right), len(right))
    if kind is QuestionType.ORDERING or (
        kind is QuestionType.MATCHING and not question.partial_credit
    ):
        return share(
            sum(item == place for place, item in enumerate(answer.player)), len(answer.player)
        )
    if kind is QuestionType.FILL_IN and gift and question.match.case:
        return 1.0 if answer.label == "wrong, other case" else player
    return player


def check_types(entries: tuple[BankQuestion, ...], imported: list[dict[str, Any]]) -> None:
    assert [q["name"] for q in imported] == [e.name for e in entries]
    for entry, found in zip(entries, imported, strict=True):
        qtype, single = MOODLE_43_TYPES[entry.question.type]
        assert (found["qtype"], found.get("single")) == (qtype, single), entry.name
        assert "error" not in found, found
        assert float(found["fraction_of_correct_response"]) == pytest.approx(1, abs=1e-6)


@pytest.mark.parametrize("format_name", list(FORMATS))
@pytest.mark.parametrize("folder", [*SHIPPED, ALL_TYPES], ids=lambda p: p.name)
def test_every_question_imports_with_stop_on_error_and_marks_as_in_the_player(
    folder: Path, format_name: str, moodle_bank: MoodleBank, page: Page, tmp_path: Path
) -> None:
    course = model(folder)
    entries = tuple(e for category in question_bank(course) for e in category.questions)
    out = tmp_path / f"questions.{FORMATS[format_name]}"
    warned = export(folder, format_name, out)

    report = moodle_bank.import_file(out, FORMATS[format_name])
    assert report["imported"] == len(entries), report["importer_output"][-2000:]
    check_types(entries, report["questions"])

    marked = [
        (entry, found["id"], answer)
        for entry, found in zip(entries, report["questions"], strict=True)
        for answer in answers_for(entry.question)
    ]
    player = player_credits(page, [(entry.question, answer) for entry, _, answer in marked])
    requests: dict[int, list[dict[str, Any]]] = {}
    for _, qid, answer in marked:
        requests.setdefault(qid, []).append(answer.moodle)
    graded = {
        qid: iter(fractions) for qid, fractions in moodle_bank.grade(tmp_path, requests).items()
    }

    differences = []
    commas = 0
    for (entry, qid, answer), credit in zip(marked, player, strict=True):
        mark = next(graded[qid])
        expected = documented_mark(entry.question, answer, credit, format_name == "gift")
        assert mark == pytest.approx(expected, abs=1e-6), (entry.name, answer.label, credit)
        if answer.label == DECIMAL_COMMA:
            commas += 1
        elif abs(mark - credit) > 1e-6:
            differences.append(entry.name)
    assert set(differences) <= warned, "Moodle marks otherwise only what the command warned about"
    same = len(marked) - len(differences) - commas
    print(
        f"\n{folder.name} {format_name}: {report['imported']}/{len(entries)} imported "
        f"{report['by_qtype']}; {len(marked)} answers: {same} same mark in Moodle and the "
        f"player, {len(differences)} differ as warned {sorted(set(differences))}, "
        f"{commas} decimal comma(s) refused by the English Moodle"
    )
