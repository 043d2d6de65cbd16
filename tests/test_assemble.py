"""assemble: the frozen course model, with every default applied in one place."""

from __future__ import annotations

from pathlib import Path

from helpers_courses import EXAMPLE_COURSE, check_course, write_course

from builder.diagnostics import Location
from builder.model import Choice, Course, QuestionType, StatusRule

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
