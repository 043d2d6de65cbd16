"""The suspend_data codec (themes/default/static/codec.js), property-tested in Chromium.

One synthetic course of 200 lessons and 300 questions of every type is built once and opened
once; random learner states, shaped like the player's, then go through Coursepack.codec.encode
and decode inside the page. Every encoding must fit SCORM 1.2's 4096 characters and give the
state back (or, when the full state cannot fit, the state without what the codec's level says
it left out), and anything that is not an encoding of this course must decode to null.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page
from support.learner import build

LIMIT = 4096
SEEDS = 4096
TYPES = ("single", "multiple", "true-false", "fill-in", "numeric", "matching", "ordering")
DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
# What learners type: ASCII, French accents, and a few characters the codec must escape.
TYPED = st.text(
    alphabet=st.sampled_from(
        [chr(c) for c in range(32, 127)] + list("àâçéèêëîïôùûüÿœÀÉÈÇ\u2019«»\u00a0ñßøåĳ€😀")
    ),
    min_size=1,
    max_size=24,
)
LARGEST: list[int] = [0]


def question_yaml(number: int, kind: str) -> str:
    """One question of ``kind``; sizes vary with ``number``, up to the 26 options allowed."""
    size = 26 if number % 50 == 0 else 2 + number % 5
    head = f"  - type: {kind}\n    prompt: Question {number}?\n"
    if kind in ("single", "multiple"):
        rights = 1 if kind == "single" else 2
        choices = "".join(
            f"      - text: choice {c}\n        correct: {str(c < rights).lower()}\n"
            for c in range(size)
        )
        return f"{head}    choices:\n{choices}"
    if kind == "true-false":
        return f"{head}    answer: true\n"
    if kind == "fill-in":
        return f"{head}    answers: [answer {number}]\n"
    if kind == "numeric":
        return f"{head}    answer: {number}\n"
    if kind == "matching":
        pairs = "".join(f"      - left: left {p}\n        right: right {p}\n" for p in range(size))
        return f"{head}    pairs:\n{pairs}"
    items = "".join(f"      - item {i}\n" for i in range(max(size, 3)))
    return f"{head}    sequence:\n{items}"


def write_big_course(root: Path) -> Path:
    """10 modules of 20 lessons; 8 lessons per module hold a 2-question check, and each
    module's quiz has 14 questions: 160 + 140 = 300 questions, the 7 types in turn."""
    root.mkdir()
    (root / "course.yml").write_text(
        "id: codec-course\ntitle: Codec\nlanguage: en\nversion: '1'\n", encoding="utf-8"
    )
    number = 0

    def questions(count: int) -> str:
        nonlocal number
        text = "".join(question_yaml(number + i, TYPES[(number + i) % 7]) for i in range(count))
        number += count
        return text

    for m in range(10):
        module = root / f"{m:02d}-module-{m}"
        module.mkdir()
        for lesson in range(20):
            body = f"# Lesson {m}.{lesson}\n\nText.\n"
            if lesson < 8:
                body += f"\n```quiz\nquestions:\n{questions(2)}```\n"
            (module / f"{lesson:02d}-lesson-{lesson}.md").write_text(body, encoding="utf-8")
        options = "draw: 7\nshuffle_questions: true\n" if m % 3 == 0 else ""
        (module / "quiz.yml").write_text(f"{options}questions:\n{questions(14)}", encoding="utf-8")
    assert number == 300
    return root


@pytest.fixture(scope="module")
def big_course_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("codec")
    build(write_big_course(work / "source"), work / "dist", "html")
    yield (work / "dist" / "codec-course" / "html" / "index.html").as_uri()


def open_codec(page: Page, url: str) -> dict[str, Any]:
    """Open the course and return the codec's layout of it (kept in the page as ``L``)."""
    page.goto(url)
    return page.evaluate(
        """() => {
            window.L = Coursepack.codec.layout(Coursepack.marking.pageData(
                document.getElementById("cp-data").textContent));
            return window.L;
        }"""
    )


def answers(question: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Answers as the player keeps them, empty value first (see codec.js)."""
    size = question["size"]
    kind = question["kind"]
    if kind == "choices":
        return st.one_of(st.just(0), st.integers(1, 2**size - 1))
    if kind == "typed":
        return st.one_of(st.just(""), TYPED)
    if kind == "pairs":
        return st.one_of(
            st.none(), st.lists(st.integers(-1, size - 1), min_size=size, max_size=size)
        )
    return st.one_of(st.none(), st.permutations(list(range(size))))


def records(questions: list[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "attempts": st.integers(0, 30),
            "seed": st.integers(0, SEEDS - 1),
            "submitted": st.booleans(),
            "score": st.one_of(st.none(), st.integers(0, 10000).map(lambda h: h / 100)),
            "answers": st.tuples(*[answers(q) for q in questions]).map(list),
        }
    )


def states(layout: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    pages = layout["pages"]
    return st.fixed_dictionaries(
        {
            "page": st.integers(0, pages),
            "visited": st.lists(st.booleans(), min_size=pages, max_size=pages),
            "quizzes": st.tuples(*[records(q) for q in layout["quizzes"]]).map(list),
        }
    )


def kept(layout: dict[str, Any], state: dict[str, Any], level: int) -> dict[str, Any]:
    """What a degradation level keeps of ``state`` (codec.js: 1 typed texts of submitted
    attempts dropped, 2 every typed text, 3 every answer)."""
    out = copy.deepcopy(state)
    for questions, record in zip(layout["quizzes"], out["quizzes"], strict=True):
        for i, question in enumerate(questions):
            if level == 3:
                record["answers"][i] = {"choices": 0, "typed": ""}.get(question["kind"])
            elif question["kind"] == "typed" and (
                level == 2 or (level == 1 and record["submitted"])
            ):
                record["answers"][i] = ""
    return out


def round_trip(page: Page, state: dict[str, Any]) -> tuple[str, Any]:
    return page.evaluate(
        """(s) => {
            const text = Coursepack.codec.encode(L, s);
            return [text, Coursepack.codec.decode(L, text)];
        }""",
        state,
    )


def test_the_course_has_200_lessons_and_300_questions_of_every_type(
    page: Page, big_course_page: str
) -> None:
    layout = open_codec(page, big_course_page)
    questions = [q for quiz in layout["quizzes"] for q in quiz]
    assert layout["pages"] == 200 + 10
    assert len(questions) == 300
    assert {q["kind"] for q in questions} == {"choices", "typed", "pairs", "order"}
    assert max(q["size"] for q in questions) == 26


def test_every_state_fits_and_comes_back(page: Page, big_course_page: str) -> None:
    layout = open_codec(page, big_course_page)
    levels: dict[str, int] = {}

    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(states(layout))
    def check(state: dict[str, Any]) -> None:
        text, decoded = round_trip(page, state)
        assert len(text) <= LIMIT
        LARGEST[0] = max(LARGEST[0], len(text))
        level = int(text.split(".")[2][0])
        levels[str(level)] = levels.get(str(level), 0) + 1
        assert decoded == kept(layout, state, level)
        if level == 0:
            assert decoded == state

    check()
    print(f"\nlargest suspend_data: {LARGEST[0]} characters; levels used: {levels}")
    assert levels.get("0", 0) > 0


def fullest(layout: dict[str, Any]) -> dict[str, Any]:
    """Every page seen, every question answered, typed answers 24 characters long."""

    def answer(question: dict[str, Any]) -> Any:
        size = question["size"]
        return {
            "choices": 2**size - 1,
            "typed": "Réponse très détaillée é"[:24],
            "pairs": list(range(size)),
            "order": list(reversed(range(size))),
        }[question["kind"]]

    return {
        "page": layout["pages"],
        "visited": [True] * layout["pages"],
        "quizzes": [
            {
                "attempts": 30,
                "seed": SEEDS - 1,
                "submitted": True,
                "score": 99.99,
                "answers": [answer(q) for q in questions],
            }
            for questions in layout["quizzes"]
        ],
    }


def test_every_question_answered_still_fits_whole(page: Page, big_course_page: str) -> None:
    layout = open_codec(page, big_course_page)
    state = fullest(layout)
    text, decoded = round_trip(page, state)
    assert text.split(".")[2][0] == "0", "nothing left out"
    assert decoded == state
    assert len(text) <= LIMIT
    print(f"\nevery question of the 300 answered: {len(text)} characters")


def test_a_state_too_big_to_keep_whole_degrades_but_keeps_every_score(
    page: Page, big_course_page: str
) -> None:
    layout = open_codec(page, big_course_page)
    emptied = {"choices": 0, "typed": "", "pairs": None, "order": None}
    state = {
        "page": 3,
        "visited": [True] * layout["pages"],
        "quizzes": [
            {
                "attempts": 2,
                "seed": 4095,
                "submitted": q % 2 == 0,
                "score": 66.67,
                "answers": [
                    "ĳ" * 64 if question["kind"] == "typed" else emptied[question["kind"]]
                    for question in questions
                ],
            }
            for q, questions in enumerate(layout["quizzes"])
        ],
    }
    text, decoded = round_trip(page, state)
    assert len(text) <= LIMIT
    level = int(text.split(".")[2][0])
    assert level in (1, 2)
    assert decoded == kept(layout, state, level)
    assert [r["score"] for r in decoded["quizzes"]] == [66.67] * len(layout["quizzes"])
    print(f"\ndegraded to level {level}: {len(text)} characters")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(garbage=st.text(max_size=300), tail=st.text(alphabet=DIGITS, max_size=300))
@example(garbage="", tail="")
@example(garbage="null", tail="A")
def check_garbage(page: Page, key: str, garbage: str, tail: str) -> None:
    for text in (garbage, f"2.{key}.{tail}", f"2.{key}.0{tail}", f"1.{key}.{tail}"):
        assert page.evaluate("(t) => Coursepack.codec.decode(L, t)", text) is None, text


def test_anything_else_decodes_to_null(page: Page, big_course_page: str) -> None:
    layout = open_codec(page, big_course_page)
    key = layout["key"]
    check_garbage(page, key)  # type: ignore[call-arg]

    state = {
        "page": 1,
        "visited": [i % 3 == 0 for i in range(layout["pages"])],
        "quizzes": [
            {"attempts": 1, "seed": 7, "submitted": True, "score": 50, "answers": [
                {"choices": 1, "typed": "été", "pairs": None, "order": None}[q["kind"]]
                for q in questions
            ]}
            for questions in layout["quizzes"]
        ],
    }  # fmt: skip
    text, decoded = round_trip(page, state)
    assert decoded == state
    damaged = [text[:cut] for cut in range(len(text))]
    damaged += [
        text[:i] + (DIGITS[(DIGITS.index(c) + 1) % 64] if c in DIGITS else "A") + text[i + 1 :]
        for i, c in enumerate(text)
    ]
    damaged += [text + "A", " " + text, text.replace(".", ":", 1)]
    results = page.evaluate("(all) => all.map((t) => Coursepack.codec.decode(L, t))", damaged)
    assert [t for t, r in zip(damaged, results, strict=True) if r is not None] == []
    for value in (None, 42, [], {}):
        assert page.evaluate("(v) => Coursepack.codec.decode(L, v)", value) is None


def payload_bits(layout: dict[str, Any], state: dict[str, Any]) -> int:
    """How many bits codec.js's full (level 0) encoding of ``state`` takes, worked out from its
    format on its own: the limit tests need states of an exact length, whatever the codec then
    does. Typed answers here are ASCII only (7 bits a character)."""

    def bits_for(largest: int) -> int:
        return max(1, largest.bit_length())

    def varint(number: int) -> int:
        groups = 1
        while number >= 16:
            number //= 16
            groups += 1
        return 5 * groups

    def answer(question: dict[str, Any], value: Any) -> int:
        size = question["size"]
        return {
            "choices": lambda: size,
            "typed": lambda: 7 + 7 * len(value),
            "pairs": lambda: size * bits_for(size),
            "order": lambda: size * bits_for(size - 1),
        }[question["kind"]]()

    bits = bits_for(layout["pages"]) + layout["pages"]
    for questions, record in zip(layout["quizzes"], state["quizzes"], strict=True):
        bits += varint(record["attempts"]) + 12 + 1 + 1 + (14 if record["score"] is not None else 0)
        for question, value in zip(questions, record["answers"], strict=True):
            bits += 1 + (0 if value in (None, "", 0) else answer(question, value))
    return bits


def framing(layout: dict[str, Any]) -> int:
    """The characters around the payload: "2.<key>.0" before it, a 4-character checksum after."""
    return len(f"2.{layout['key']}.0") + 4


def encoded_length(layout: dict[str, Any], state: dict[str, Any]) -> int:
    return framing(layout) + -(-payload_bits(layout, state) // 6)


def state_of_length(layout: dict[str, Any], length: int) -> dict[str, Any]:
    """A state, nothing submitted, whose full encoding is exactly ``length`` characters: typed
    answers of "a"s fill it up to a few bits short, then one-bit-per-choice answers close it."""
    state = {
        "page": 1,
        "visited": [True] * layout["pages"],
        "quizzes": [
            {
                "attempts": 1,
                "seed": 5,
                "submitted": False,
                "score": None,
                "answers": [{"choices": 0, "typed": ""}.get(q["kind"]) for q in questions],
            }
            for questions in layout["quizzes"]
        ],
    }
    room = (length - framing(layout)) * 6 - payload_bits(layout, state)
    places = [
        (record, i, question)
        for questions, record in zip(layout["quizzes"], state["quizzes"], strict=True)
        for i, question in enumerate(questions)
    ]
    for record, i, question in places:
        if question["kind"] == "typed" and room >= 14:
            count = min(64, (room - 7) // 7)
            record["answers"][i] = "a" * count
            room -= 7 + 7 * count
    for record, i, question in places:
        if question["kind"] == "choices" and room >= 6 and question["size"] <= room:
            record["answers"][i] = 1
            room -= question["size"]
    assert encoded_length(layout, state) == length, "no state of that exact length found"
    return state


@pytest.mark.parametrize("length", [LIMIT - 1, LIMIT])
def test_a_state_up_to_the_limit_is_kept_whole(
    page: Page, big_course_page: str, length: int
) -> None:
    layout = open_codec(page, big_course_page)
    state = state_of_length(layout, length)
    text, decoded = round_trip(page, state)
    assert text.split(".")[2][0] == "0", "nothing left out"
    assert len(text) == length
    assert decoded == state


def test_a_state_one_character_over_the_limit_is_cut_down_to_fit(
    page: Page, big_course_page: str
) -> None:
    layout = open_codec(page, big_course_page)
    state = state_of_length(layout, LIMIT + 1)
    text, decoded = round_trip(page, state)
    level = int(text.split(".")[2][0])
    assert level > 0, f"the whole state was kept in {len(text)} characters"
    assert len(text) <= LIMIT
    assert decoded == kept(layout, state, level)
