"""assemble: the frozen course model, with every default applied in one place."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_courses import EXAMPLE_COURSE, check_course, write_course

from builder.diagnostics import Location
from builder.model import (
    Choice,
    Course,
    Packaging,
    Pair,
    Question,
    QuestionType,
    Review,
    StatusRule,
    TextMatch,
)

QUIZ = """\
questions:
  - prompt: Que gère openIMIS ?
    choices:
      - text: L'assurance maladie
        correct: true
        feedback: Oui.
      - text: Les stocks
    feedback:
      incorrect: Relisez la leçon.
  - id: libre
    type: true-false
    prompt: openIMIS est libre.
    answer: true
  - type: true-false
    prompt: openIMIS est payant.
    answer: false
  - type: multiple
    prompt: Quels pays ?
    choices:
      - text: Cameroun
        correct: true
      - text: Tanzanie
        correct: true
      - text: Canada
"""


def model(root: Path) -> Course:
    courses, reporter = check_course(root)
    assert [d.render(root) for d in reporter.diagnostics] == []
    [course] = courses
    return course


def test_defaults_without_quiz(tmp_path: Path) -> None:
    course = model(write_course(tmp_path / "cours"))
    assert course.id == "essai"
    assert course.pass_mark == 80.0
    assert course.status_rule is StatusRule.COMPLETED
    assert course.graded_quizzes == ()
    assert (course.description, course.audience, course.duration) == (None, None, None)
    assert course.authors == ()
    assert course.location == Location(tmp_path / "cours" / "course.yml")
    [module] = course.modules
    assert (module.id, module.title, module.objectives, module.quiz) == ("bases", "Bases", (), None)
    [lesson] = module.lessons
    assert (lesson.id, lesson.title, lesson.duration, lesson.checks) == (
        "bases/accueil",
        "Accueil",
        None,
        (),
    )


def test_a_quiz_makes_the_course_passed_failed(tmp_path: Path) -> None:
    course = model(write_course(tmp_path / "cours", {"01-bases/quiz.yml": QUIZ}))
    assert course.status_rule is StatusRule.PASSED_FAILED
    [quiz] = course.graded_quizzes
    assert (quiz.id, quiz.graded, quiz.pass_mark, quiz.weight, quiz.title) == (
        "bases/_quiz",
        True,
        80.0,
        1.0,
        None,
    )
    assert quiz.location == Location(tmp_path / "cours" / "01-bases" / "quiz.yml")


def test_explicit_status_rule_wins(tmp_path: Path) -> None:
    course_yml = 'id: essai\ntitle: T\nlanguage: fr\nversion: "1"\nscorm:\n  status: completed\n'
    course = model(
        write_course(tmp_path / "cours", {"course.yml": course_yml, "01-bases/quiz.yml": QUIZ})
    )
    assert course.status_rule is StatusRule.COMPLETED


def test_pass_marks_and_weights(tmp_path: Path) -> None:
    course_yml = 'id: essai\ntitle: T\nlanguage: fr\nversion: "1"\npass_mark: 60\n'
    quiz = "pass_mark: 90\nweight: 2\ntitle: Bilan\n" + QUIZ
    course = model(
        write_course(
            tmp_path / "cours",
            {
                "course.yml": course_yml,
                "01-bases/quiz.yml": quiz,
                "02-suite/01-suite.md": "# Suite\n",
                "02-suite/quiz.yml": QUIZ,
            },
        )
    )
    assert course.pass_mark == 60.0
    assert [(q.pass_mark, q.weight, q.title) for q in course.graded_quizzes] == [
        (90.0, 2.0, "Bilan"),
        (60.0, 1.0, None),
    ]


def test_questions(tmp_path: Path) -> None:
    course = model(write_course(tmp_path / "cours", {"01-bases/quiz.yml": QUIZ}))
    questions = course.graded_quizzes[0].questions
    assert [q.id for q in questions] == ["q1", "libre", "q3", "q4"]
    assert [q.type for q in questions] == [
        QuestionType.SINGLE,
        QuestionType.TRUE_FALSE,
        QuestionType.TRUE_FALSE,
        QuestionType.MULTIPLE,
    ]
    single, true_statement, false_statement, multiple = questions
    assert single.choices == (
        Choice("L'assurance maladie", True, "Oui."),
        Choice("Les stocks", False, None),
    )
    assert (single.feedback_correct, single.feedback_incorrect) == (None, "Relisez la leçon.")
    assert single.location == Location(tmp_path / "cours" / "01-bases" / "quiz.yml", 2, 5)
    assert true_statement.choices == (Choice("true", True, None), Choice("false", False, None))
    assert false_statement.correct_indices == (1,)
    assert multiple.correct_indices == (0, 1)


def test_knowledge_checks(tmp_path: Path) -> None:
    lesson = (
        "# Accueil\n\n"
        "```quiz\nprompt: Vrai ?\ntype: true-false\nanswer: true\n```\n\n"
        "```quiz\ntitle: Pour finir\nquestions:\n"
        "  - prompt: Un ?\n    choices: [{text: a, correct: true}, {text: b}]\n"
        "  - prompt: Deux ?\n    type: true-false\n    answer: false\n```\n"
    )
    course = model(write_course(tmp_path / "cours", {"01-bases/01-accueil.md": lesson}))
    assert course.status_rule is StatusRule.COMPLETED
    checks = course.modules[0].lessons[0].checks
    assert [(c.id, c.graded, c.title, len(c.questions)) for c in checks] == [
        ("bases/accueil/check1", False, None, 1),
        ("bases/accueil/check2", False, "Pour finir", 2),
    ]
    assert [q.id for q in checks[1].questions] == ["q1", "q2"]
    assert checks[0].location == Location(tmp_path / "cours" / "01-bases" / "01-accueil.md", 3)


def test_module_order_and_titles(tmp_path: Path) -> None:
    course_yml = (
        'id: essai\ntitle: T\nlanguage: fr\nversion: "1"\n'
        "modules:\n  - 02-mise-en-oeuvre\n  - 01-bases\n"
    )
    course = model(
        write_course(
            tmp_path / "cours",
            {
                "course.yml": course_yml,
                "01-bases/module.yml": "title: Les bases\nobjectives: [Expliquer, Citer]\n",
                "02-mise-en-oeuvre/01-couts.md": "---\ntitle: Coûts\nduration: 7\n---\nTexte.\n",
            },
        )
    )
    assert [(m.id, m.title) for m in course.modules] == [
        ("mise-en-oeuvre", "Mise en oeuvre"),
        ("bases", "Les bases"),
    ]
    assert course.modules[1].objectives == ("Expliquer", "Citer")
    assert course.modules[0].lessons[0].duration == 7


def test_example_course() -> None:
    course = model(EXAMPLE_COURSE)
    assert (course.id, course.language, course.version, course.pass_mark) == (
        "decouvrir-openimis",
        "fr",
        "1.0.0",
        75.0,
    )
    assert course.status_rule is StatusRule.PASSED_FAILED
    assert course.authors == ("Équipe coursepack",)
    assert [lesson.id for m in course.modules for lesson in m.lessons] == [
        "presentation/quest-ce-que-openimis",
        "presentation/ou-est-il-utilise",
        "retours-d-experience/avantages-et-defis",
        "retours-d-experience/couts",
    ]
    assert [[q.id for q in quiz.questions] for quiz in course.graded_quizzes] == [
        ["domaine", "pays", "libre", "dhis2"],
        ["q1", "q2", "q3", "q4"],
    ]
    assert [quiz.pass_mark for quiz in course.graded_quizzes] == [75.0, 75.0]


# --- the types without choices, scoring options and quiz behaviour ----------------------------

TYPED_QUIZ = """\
questions:
  - id: siege
    type: fill-in
    prompt: Dans quelle ville siège la CNAM ?
    answers: [Ouagadougou, Ouaga]
  - id: exact
    type: fill-in
    prompt: Le code du produit ?
    answers: ["PR-01"]
    match:
      case: true
      accents: false
      spaces: true
  - id: pays
    type: numeric
    prompt: Combien de pays d'Afrique ?
    answer: 8
  - id: pourcentage
    type: numeric
    prompt: Quel taux ?
    answer: 12.5
    tolerance: 0.5
  - id: formations
    type: numeric
    prompt: Combien de formations sanitaires ?
    range: [11000, 12000]
  - id: continents
    type: matching
    prompt: Associez.
    partial_credit: true
    weight: 3
    pairs:
      - left: "**Népal**"
        right: Asie
      - left: Tchad
        right: Afrique
  - id: etapes
    type: ordering
    prompt: Dans l'ordre ?
    weight: 0
    sequence: [Inscrire la famille, Ouvrir la police, Payer la cotisation]
  - id: plusieurs
    type: multiple
    prompt: Quels pays ?
    partial_credit: true
    weight: 1.5
    choices:
      - text: Cameroun
        correct: true
      - text: Canada
"""


def typed_questions(tmp_path: Path) -> dict[str, Question]:
    course = model(write_course(tmp_path / "cours", {"01-bases/quiz.yml": TYPED_QUIZ}))
    return {q.id: q for q in course.graded_quizzes[0].questions}


def test_fill_in_keeps_every_accepted_answer_and_the_match_rules(tmp_path: Path) -> None:
    questions = typed_questions(tmp_path)
    siege, exact = questions["siege"], questions["exact"]
    assert (siege.type, siege.accepted, siege.match) == (
        QuestionType.FILL_IN,
        ("Ouagadougou", "Ouaga"),
        TextMatch(case=False, accents=False, spaces=False),
    )
    assert (exact.accepted, exact.match) == (
        ("PR-01",),
        TextMatch(case=True, accents=False, spaces=True),
    )
    assert (siege.choices, siege.correct_indices, siege.low, siege.high) == ((), (), None, None)


def test_numeric_bounds_from_answer_and_tolerance_or_from_range(tmp_path: Path) -> None:
    questions = typed_questions(tmp_path)
    bounds = {
        name: (questions[name].low, questions[name].high)
        for name in ("pays", "pourcentage", "formations")
    }
    assert bounds == {
        "pays": (8.0, 8.0),
        "pourcentage": (12.0, 13.0),
        "formations": (11000.0, 12000.0),
    }
    assert all(isinstance(v, float) for pair in bounds.values() for v in pair)
    assert questions["pays"].type is QuestionType.NUMERIC
    assert questions["pays"].accepted == ()
    assert questions["siege"].low is None


def test_matching_pairs_and_ordering_sequence(tmp_path: Path) -> None:
    questions = typed_questions(tmp_path)
    continents, etapes = questions["continents"], questions["etapes"]
    assert continents.type is QuestionType.MATCHING
    assert continents.pairs == (Pair("**Népal**", "Asie"), Pair("Tchad", "Afrique"))
    assert (continents.choices, continents.sequence) == ((), ())
    assert etapes.type is QuestionType.ORDERING
    assert etapes.sequence == ("Inscrire la famille", "Ouvrir la police", "Payer la cotisation")
    assert (etapes.choices, etapes.pairs) == ((), ())


def test_partial_credit_and_weights(tmp_path: Path) -> None:
    questions = typed_questions(tmp_path)
    assert {q.id: (q.partial_credit, q.weight) for q in questions.values()} == {
        "siege": (False, 1.0),
        "exact": (False, 1.0),
        "pays": (False, 1.0),
        "pourcentage": (False, 1.0),
        "formations": (False, 1.0),
        "continents": (True, 3.0),
        "etapes": (False, 0.0),
        "plusieurs": (True, 1.5),
    }
    assert all(isinstance(q.weight, float) for q in questions.values())


def test_choice_questions_keep_their_defaults(tmp_path: Path) -> None:
    course = model(write_course(tmp_path / "cours", {"01-bases/quiz.yml": QUIZ}))
    for question in course.graded_quizzes[0].questions:
        assert (question.accepted, question.pairs, question.sequence) == ((), (), ())
        assert (question.low, question.high, question.match) == (None, None, TextMatch())
        multiple = question.type is QuestionType.MULTIPLE
        assert (question.partial_credit, question.weight) == (multiple, 1.0)


def test_multiple_and_matching_give_partial_credit_unless_told_not_to(tmp_path: Path) -> None:
    """Moodle's rule by default, so that the package and the question bank give one mark."""
    quiz = """\
questions:
  - type: multiple
    prompt: Quels pays ?
    partial_credit: false
    choices:
      - text: Cameroun
        correct: true
      - text: Tanzanie
        correct: true
  - type: matching
    prompt: Associez.
    pairs:
      - {left: Bamako, right: Mali}
      - {left: Niamey, right: Niger}
  - type: ordering
    prompt: Ordonnez.
    sequence: [Un, Deux]
"""
    course = model(write_course(tmp_path / "cours", {"01-bases/quiz.yml": quiz}))
    partial = [q.partial_credit for q in course.graded_quizzes[0].questions]
    assert partial == [False, True, False]


def test_quiz_behaviour_defaults(tmp_path: Path) -> None:
    lesson = "# Accueil\n\n```quiz\nprompt: Vrai ?\ntype: true-false\nanswer: true\n```\n"
    course = model(
        write_course(
            tmp_path / "cours", {"01-bases/quiz.yml": QUIZ, "01-bases/01-accueil.md": lesson}
        )
    )
    [check] = course.modules[0].lessons[0].checks
    for quiz in (course.graded_quizzes[0], check):
        assert (quiz.shuffle_questions, quiz.shuffle_choices) == (False, False)
        assert (quiz.draw, quiz.max_attempts, quiz.review) == (None, None, Review.ALWAYS)


@pytest.mark.parametrize("review", list(Review))
def test_quiz_behaviour_values(tmp_path: Path, review: Review) -> None:
    options = (
        f"shuffle_questions: true\nshuffle_choices: true\ndraw: 3\nmax_attempts: 2\n"
        f"review: {review.value}\n"
    )
    course = model(write_course(tmp_path / "cours", {"01-bases/quiz.yml": options + QUIZ}))
    [quiz] = course.graded_quizzes
    assert (quiz.shuffle_questions, quiz.shuffle_choices) == (True, True)
    assert (quiz.draw, quiz.max_attempts, quiz.review) == (3, 2, review)
    assert len(quiz.questions) == 4


def test_shuffling_set_to_false_is_false(tmp_path: Path) -> None:
    options = "shuffle_questions: false\nshuffle_choices: false\n"
    course = model(write_course(tmp_path / "cours", {"01-bases/quiz.yml": options + QUIZ}))
    [quiz] = course.graded_quizzes
    assert (quiz.shuffle_questions, quiz.shuffle_choices) == (False, False)


def test_course_completion_and_packaging_defaults(tmp_path: Path) -> None:
    course = model(write_course(tmp_path / "cours"))
    assert course.completion_pages == 100.0
    assert course.packaging is Packaging.COURSE


@pytest.mark.parametrize(
    ("options", "pages", "packaging"),
    [
        ("completion:\n  pages: 80\n", 80.0, Packaging.COURSE),
        ("completion:\n  pages: 0\nscorm:\n  package: module\n", 0.0, Packaging.MODULE),
        ("scorm:\n  status: completed\n  package: course\n", 100.0, Packaging.COURSE),
        ("completion:\n  pages: 62.5\n", 62.5, Packaging.COURSE),
    ],
)
def test_course_completion_and_packaging(
    tmp_path: Path, options: str, pages: float, packaging: Packaging
) -> None:
    course_yml = 'id: essai\ntitle: T\nlanguage: fr\nversion: "1"\n' + options
    course = model(write_course(tmp_path / "cours", {"course.yml": course_yml}))
    assert course.completion_pages == pages
    assert isinstance(course.completion_pages, float)
    assert course.packaging is packaging
