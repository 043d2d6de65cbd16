"""The answer rules of one question, per type: what the schemas cannot say alone.

A question's schema checks each key by itself; these rules look at several
at once (a right choice among the choices, a range with its lowest first, an
answer key that belongs to another type) and say which key to change.
"""

from __future__ import annotations

import math
from typing import Any

from builder import formats
from builder.diagnostics import Reporter
from builder.yamlsource import YamlList, YamlMap

_KIND_NAMES = {
    "single": "single-choice",
    "multiple": "multiple-choice",
    "true-false": "true-false",
    "fill-in": "fill-in",
    "numeric": "numeric",
    "matching": "matching",
    "ordering": "ordering",
}
#: The answer keys each type of question uses; any other one is a mistake.
_TYPE_KEYS = {
    "single": ("choices",),
    "multiple": ("choices", "partial_credit"),
    "true-false": ("answer",),
    "fill-in": ("answers", "match"),
    "numeric": ("answer", "tolerance", "range"),
    "matching": ("pairs", "partial_credit"),
    "ordering": ("sequence",),
}
_ANSWER_KEYS = sorted({key for keys in _TYPE_KEYS.values() for key in keys})


def check_answers(question: YamlMap, reporter: Reporter) -> None:
    kind = question.get("type", "single")
    _check_type_keys(question, kind, reporter)
    checks = {
        "true-false": _check_true_false,
        "fill-in": _check_fill_in,
        "numeric": _check_numeric,
        "matching": _check_matching,
        "ordering": _check_ordering,
    }
    checks.get(kind, _check_choices)(question, reporter)


def _check_type_keys(question: YamlMap, kind: str, reporter: Reporter) -> None:
    name = _KIND_NAMES[kind]
    for key in _ANSWER_KEYS:
        if key not in question or key in _TYPE_KEYS[kind]:
            continue
        where = question.key_at(key)
        if key == "choices" and kind == "true-false":
            message = "a true-false question takes 'answer: true' or 'answer: false', not 'choices'"
            reporter.error(where, message, "quiz.choices-not-allowed")
        elif key == "answer" and kind in ("single", "multiple"):
            message = (
                f"'answer' is for true-false and numeric questions; in a {name} question "
                "mark the right choices with 'correct: true'"
            )
            reporter.error(where, message, "quiz.answer-not-allowed")
        else:
            uses = ", ".join(f"'{k}'" for k in _TYPE_KEYS[kind])
            message = f"'{key}' has no meaning in a {name} question, which uses {uses}"
            reporter.error(where, message, "quiz.key-not-for-type")


def _check_true_false(question: YamlMap, reporter: Reporter) -> None:
    if "answer" not in question:
        message = "true-false question has no 'answer'; add 'answer: true' or 'answer: false'"
        reporter.error(question.location, message, "quiz.no-answer")
    elif not isinstance(question["answer"], bool):
        typed = question.written.get("answer", question["answer"])
        message = f"a true-false question's 'answer' is true or false, not '{typed}'"
        reporter.error(question.value_at("answer"), message, "quiz.bad-answer")


def _check_choices(question: YamlMap, reporter: Reporter) -> None:
    kind = question.get("type", "single")
    choices = question.get("choices")
    if choices is None:
        message = f"{_KIND_NAMES[kind]} question has no 'choices'; list at least two"
        reporter.error(question.location, message, "quiz.no-choices")
        return
    _check_option_count(question, "choices", reporter)
    correct = sum(1 for c in choices if c.get("correct") is True)
    if correct == 0:
        which = "choices" if kind == "multiple" else "choice"
        message = f"question has no correct answer; mark the right {which} with 'correct: true'"
        reporter.error(question.location, message, "quiz.no-correct")
    elif kind == "single" and correct > 1:
        message = (
            f"single-choice question has {correct} correct choices; "
            "keep one, or set 'type: multiple'"
        )
        reporter.error(question.location, message, "quiz.several-correct")


def _check_fill_in(question: YamlMap, reporter: Reporter) -> None:
    if "answers" not in question:
        message = "fill-in question has no 'answers'; list every answer you accept"
        reporter.error(question.location, message, "quiz.no-answer")


def _check_numeric(question: YamlMap, reporter: Reporter) -> None:
    has_answer, has_range = "answer" in question, "range" in question
    if not has_answer and not has_range:
        message = "numeric question has no 'answer' (with an optional 'tolerance') nor 'range'"
        reporter.error(question.location, message, "quiz.no-answer")
    elif has_range and (has_answer or "tolerance" in question):
        message = "use either 'answer' (with 'tolerance') or 'range', not both"
        reporter.error(question.key_at("range"), message, "quiz.answer-and-range")
    elif has_answer and not _finite_number(question["answer"]):
        endless = " (.nan and .inf are not)" if isinstance(question["answer"], float) else ""
        message = f"a numeric question's 'answer' is a number{endless}"
        reporter.error(question.value_at("answer"), message, "quiz.bad-answer")
    elif has_range:
        bounds = question["range"]
        if len(bounds) != 2 or bounds[0] > bounds[1]:
            message = "'range' is [lowest, highest]: two numbers, the lowest first"
            reporter.error(bounds.location, message, "quiz.bad-range")


def _finite_number(value: Any) -> bool:
    """A number a learner can type; YAML's ``.nan`` and ``.inf`` would reach the page as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return not isinstance(value, float) or math.isfinite(value)


def _check_matching(question: YamlMap, reporter: Reporter) -> None:
    if "pairs" not in question:
        message = "matching question has no 'pairs'; list at least two, each with left and right"
        reporter.error(question.location, message, "quiz.no-pairs")
        return
    _check_option_count(question, "pairs", reporter)
    for part in ("left", "right"):
        values = [str(pair.get(part)) for pair in question["pairs"]]
        _check_distinct(question, "pairs", values, part, reporter)


def _check_ordering(question: YamlMap, reporter: Reporter) -> None:
    if "sequence" not in question:
        message = "ordering question has no 'sequence'; list its items in the right order"
        reporter.error(question.location, message, "quiz.no-sequence")
        return
    _check_option_count(question, "sequence", reporter)
    _check_distinct(question, "sequence", [str(i) for i in question["sequence"]], "", reporter)


def _check_option_count(question: YamlMap, key: str, reporter: Reporter) -> None:
    if len(question[key]) > formats.MAX_OPTIONS:
        message = (
            f"'{key}' has {len(question[key])} items; SCORM names each with a letter, "
            f"so keep {formats.MAX_OPTIONS} or fewer"
        )
        reporter.error(question.key_at(key), message, "quiz.too-many-options")


def _check_distinct(
    question: YamlMap, key: str, values: list[str], part: str, reporter: Reporter
) -> None:
    items: YamlList = question[key]
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            what = f"'{part}' " if part else ""
            message = f"{what}'{value}' appears twice in '{key}'; each must be different"
            reporter.error(items.item_at(index), message, "quiz.duplicate-option")
        seen.add(value)
