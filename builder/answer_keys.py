"""What the learner runtime needs to mark an answer, for every type of question.

The page carries these keys, the runtime compares the learner's answer with
them and reports it to the LMS under a stable interaction id. Typed answers
are normalised here exactly as ``marking.js`` normalises what the learner
types, so "Ouagadougou", "ouagadougou " and "OUAGADOUGOU" can all be right.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from typing import Any

from builder.model import Question, QuestionType, Quiz, TextMatch

_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")
MAX_INTERACTION_ID = 255


def normalise(text: str, match: TextMatch) -> str:
    """The form in which a typed answer is compared (mirrors ``normalise`` in marking.js)."""
    if not match.spaces:
        text = " ".join(text.split())
    if not match.case:
        text = text.lower()
    if not match.accents:
        decomposed = unicodedata.normalize("NFD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text)


def scorm_id(*parts: str) -> str:
    """An identifier SCORM 1.2 accepts: printable ASCII without spaces, at most 255 chars."""
    return _SAFE_ID.sub("-", ".".join(parts))[:MAX_INTERACTION_ID]


def question_key(question: Question, interaction_id: str | None) -> dict[str, Any]:
    """The answer key of one question; ``interaction_id`` only for graded questions."""
    key: dict[str, Any] = {
        "id": question.id,
        "type": question.type.value,
        "weight": question.weight,
        "partial": question.partial_credit,
    }
    if interaction_id is not None:
        key["iid"] = interaction_id
    if question.type.has_choices:
        key["choices"] = len(question.choices)
        key["correct"] = list(question.correct_indices)
    elif question.type is QuestionType.FILL_IN:
        key["accepted"] = sorted({normalise(a, question.match) for a in question.accepted})
        key["pattern"] = question.accepted[0]
        key["match"] = {
            "case": question.match.case,
            "accents": question.match.accents,
            "spaces": question.match.spaces,
        }
    elif question.type is QuestionType.NUMERIC:
        key["low"], key["high"] = question.low, question.high
    elif question.type is QuestionType.MATCHING:
        key["pairs"] = len(question.pairs)
    else:
        key["items"] = len(question.sequence)
    return key


def display_labels(seed: str, count: int) -> tuple[int, ...]:
    """The label each pair's right side or each ordering item carries in the page.

    The runtime works in source order, where the right answer of a matching or
    ordering question is the identity; were the page to list them that way, its
    source would give the answer away. So the page lists them by a label from
    this permutation (never the identity, the same on every build) and the
    scrambled answer key holds the labels to map them back.
    """
    labels = list(range(count))
    if count < 2:
        return tuple(labels)
    shuffler = random.Random(hashlib.sha256(seed.encode()).digest())
    while labels == sorted(labels):
        shuffler.shuffle(labels)
    return tuple(labels)


def quiz_settings(quiz: Quiz) -> dict[str, Any]:
    """How a quiz behaves: shuffling, question bank, attempts and review."""
    return {
        "shuffleQuestions": quiz.shuffle_questions,
        "shuffleChoices": quiz.shuffle_choices,
        "draw": quiz.draw,
        "maxAttempts": quiz.max_attempts,
        "review": quiz.review.value,
    }
