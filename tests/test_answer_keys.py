"""answer_keys: what the runtime marks answers with, and the ids it reports them under."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from builder.answer_keys import MAX_INTERACTION_ID, normalise, question_key, quiz_settings, scorm_id
from builder.diagnostics import Location
from builder.model import (
    Choice,
    Pair,
    Question,
    QuestionType,
    Quiz,
    Review,
    TextMatch,
)

HERE = Location(Path("quiz.yml"), 2, 5)

# --- normalise: what must match exactly, what is forgiven --------------------------------------

TYPED = "  Côte   d'IVOIRE\t"


@pytest.mark.parametrize(
    ("case", "accents", "spaces", "expected"),
    [
        (False, False, False, "cote d'ivoire"),
        (True, False, False, "Cote d'IVOIRE"),
        (False, True, False, "côte d'ivoire"),
        (False, False, True, "  cote   d'ivoire\t"),
        (True, True, False, "Côte d'IVOIRE"),
        (True, False, True, "  Cote   d'IVOIRE\t"),
        (False, True, True, "  côte   d'ivoire\t"),
        (True, True, True, TYPED),
    ],
)
def test_normalise_every_combination(
    case: bool, accents: bool, spaces: bool, expected: str
) -> None:
    assert normalise(TYPED, TextMatch(case=case, accents=accents, spaces=spaces)) == expected


def test_normalise_default_forgives_case_accents_and_spaces() -> None:
    forgiving = TextMatch()
    forms = {"Ouagadougou", "ouagadougou ", "OUAGADOUGOU", " Ouagadougou\n", "Ouagadougóu"}
    assert {normalise(form, forgiving) for form in forms} == {"ouagadougou"}


def test_normalise_collapses_inner_spaces_unless_they_must_match() -> None:
    assert normalise("Bobo \t Dioulasso", TextMatch()) == "bobo dioulasso"
    assert normalise("Bobo \t Dioulasso", TextMatch(spaces=True)) == "bobo \t dioulasso"


def test_normalise_treats_decomposed_and_precomposed_accents_alike() -> None:
    decomposed = unicodedata.normalize("NFD", "Été")
    assert decomposed != "Été"
    exact = TextMatch(case=True, accents=True, spaces=True)
    assert normalise(decomposed, exact) == normalise("Été", exact) == "Été"
    assert normalise(decomposed, TextMatch()) == normalise("Été", TextMatch()) == "ete"


def test_normalise_keeps_accented_capitals_distinct_only_when_accents_count() -> None:
    assert normalise("ÉCOLE", TextMatch()) == "ecole"
    assert normalise("ÉCOLE", TextMatch(accents=True)) == "école"
    assert normalise("ÉCOLE", TextMatch(case=True)) == "ECOLE"


# --- scorm_id: a CMIIdentifier -----------------------------------------------------------------

SAFE = re.compile(r"[A-Za-z0-9._-]+")


def test_scorm_id_joins_the_parts_with_dots() -> None:
    assert scorm_id("essai", "bases", "q1") == "essai.bases.q1"
    assert scorm_id("point-focal", "mise_en_oeuvre") == "point-focal.mise_en_oeuvre"
    assert scorm_id("seul") == "seul"


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("cours é", "q 1"), "cours-.q-1"),
        (("a/b", "c:d"), "a-b.c-d"),
        (("tab\there", "new\nline"), "tab-here.new-line"),
        (("œuvre", "Ça"), "-uvre.-a"),
        (("x  \t  y",), "x-y"),
        (("quote's", 'double"', "<tag>"), "quote-s.double-.-tag-"),
    ],
)
def test_scorm_id_replaces_each_run_of_other_characters_with_a_dash(
    parts: tuple[str, ...], expected: str
) -> None:
    made = scorm_id(*parts)
    assert made == expected
    assert SAFE.fullmatch(made)


def test_scorm_id_is_at_most_255_characters() -> None:
    assert MAX_INTERACTION_ID == 255
    assert scorm_id("a" * 300) == "a" * 255
    long = scorm_id("c" * 100, "m" * 100, "q" * 100)
    assert len(long) == 255
    assert long == "c" * 100 + "." + "m" * 100 + "." + "q" * 53
    assert scorm_id("c" * 64, "m" * 64, "q" * 64) == ".".join(("c" * 64, "m" * 64, "q" * 64))


# --- question_key: one per type ----------------------------------------------------------------


def question(kind: QuestionType, **fields: Any) -> Question:
    defaults: dict[str, Any] = {
        "id": "q1",
        "type": kind,
        "prompt": "Question ?",
        "choices": (),
        "feedback_correct": None,
        "feedback_incorrect": None,
        "location": HERE,
    }
    return Question(**{**defaults, **fields})


def test_single_choice_key() -> None:
    choices = (Choice("Cameroun", False, None), Choice("Tchad", True, "Oui."))
    key = question_key(question(QuestionType.SINGLE, choices=choices), "essai.bases.q1")
    assert key == {
        "id": "q1",
        "type": "single",
        "weight": 1.0,
        "partial": False,
        "iid": "essai.bases.q1",
        "choices": 2,
        "correct": [1],
    }


def test_multiple_choice_key_with_partial_credit_and_weight() -> None:
    choices = (Choice("a", True, None), Choice("b", False, None), Choice("c", True, None))
    q = question(QuestionType.MULTIPLE, choices=choices, partial_credit=True, weight=2.5)
    assert question_key(q, "i") == {
        "id": "q1",
        "type": "multiple",
        "weight": 2.5,
        "partial": True,
        "iid": "i",
        "choices": 3,
        "correct": [0, 2],
    }


@pytest.mark.parametrize(("answer", "correct"), [(True, [0]), (False, [1])])
def test_true_false_key(answer: bool, correct: list[int]) -> None:
    choices = (Choice("true", answer, None), Choice("false", not answer, None))
    key = question_key(question(QuestionType.TRUE_FALSE, choices=choices), None)
    assert key == {
        "id": "q1",
        "type": "true-false",
        "weight": 1.0,
        "partial": False,
        "choices": 2,
        "correct": correct,
    }


def test_ungraded_questions_have_no_interaction_id() -> None:
    q = question(QuestionType.ORDERING, sequence=("a", "b"))
    assert "iid" not in question_key(q, None)
    assert question_key(q, "x.y.q1")["iid"] == "x.y.q1"


def test_fill_in_key_normalises_and_deduplicates_the_accepted_answers() -> None:
    q = question(
        QuestionType.FILL_IN,
        accepted=("Ouagadougou", " OUAGADOUGOU", "Ouaga", "ouagadougou"),
    )
    assert question_key(q, "i") == {
        "id": "q1",
        "type": "fill-in",
        "weight": 1.0,
        "partial": False,
        "iid": "i",
        "accepted": ["ouaga", "ouagadougou"],
        "pattern": "Ouagadougou",
        "match": {"case": False, "accents": False, "spaces": False},
    }


def test_fill_in_key_with_strict_matching() -> None:
    q = question(
        QuestionType.FILL_IN,
        accepted=("Côte d'Ivoire", "côte d'ivoire"),
        match=TextMatch(case=True, accents=True, spaces=False),
    )
    key = question_key(q, None)
    assert key["accepted"] == ["Côte d'Ivoire", "côte d'ivoire"]
    assert key["pattern"] == "Côte d'Ivoire"
    assert key["match"] == {"case": True, "accents": True, "spaces": False}


def test_numeric_key() -> None:
    q = question(QuestionType.NUMERIC, low=11.5, high=12.5, weight=0.0)
    assert question_key(q, "i") == {
        "id": "q1",
        "type": "numeric",
        "weight": 0.0,
        "partial": False,
        "iid": "i",
        "low": 11.5,
        "high": 12.5,
    }


def test_matching_key_counts_the_pairs_without_their_texts() -> None:
    pairs = (Pair("Népal", "Asie"), Pair("Tchad", "Afrique"), Pair("Haïti", "Amérique"))
    q = question(QuestionType.MATCHING, pairs=pairs, partial_credit=True)
    assert question_key(q, "i") == {
        "id": "q1",
        "type": "matching",
        "weight": 1.0,
        "partial": True,
        "iid": "i",
        "pairs": 3,
    }


def test_ordering_key_counts_the_items() -> None:
    q = question(QuestionType.ORDERING, sequence=("Inscrire", "Ouvrir", "Payer"))
    assert question_key(q, "i") == {
        "id": "q1",
        "type": "ordering",
        "weight": 1.0,
        "partial": False,
        "iid": "i",
        "items": 3,
    }


# --- quiz_settings -----------------------------------------------------------------------------


def quiz(**fields: Any) -> Quiz:
    defaults: dict[str, Any] = {
        "id": "bases/_quiz",
        "title": None,
        "intro": None,
        "questions": (),
        "graded": True,
        "pass_mark": 80.0,
        "weight": 1.0,
        "location": HERE,
    }
    return Quiz(**{**defaults, **fields})


def test_quiz_settings_defaults() -> None:
    assert quiz_settings(quiz()) == {
        "shuffleQuestions": False,
        "shuffleChoices": False,
        "draw": None,
        "maxAttempts": None,
        "review": "always",
    }


@pytest.mark.parametrize("review", list(Review))
def test_quiz_settings_values(review: Review) -> None:
    chosen = quiz(
        shuffle_questions=True, shuffle_choices=True, draw=5, max_attempts=3, review=review
    )
    assert quiz_settings(chosen) == {
        "shuffleQuestions": True,
        "shuffleChoices": True,
        "draw": 5,
        "maxAttempts": 3,
        "review": review.value,
    }
