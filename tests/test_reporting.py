"""How problems are reported: suggestions, hints, and every mistake of a course in one run."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_courses import ROOTS, check_course, rendered, write_course

# --- hints -------------------------------------------------------------------------------


def test_unknown_key_suggests_the_closest_field(tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours",
        {"course.yml": 'id: essai\ntitre: Premiers pas\nlanguage: fr\nversion: "1.0"\n'},
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/course.yml:1:1: error: course.yml is missing the required key 'title' "
        "[schema.missing-key]",
        "cours/course.yml:2:1: error: unknown key 'titre' in course.yml (did you mean 'title'?) "
        "[schema.unknown-key]",
    ]


def test_unknown_key_far_from_every_field_gets_no_suggestion(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours", {"01-bases/module.yml": "couleur: bleu\n"})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/module.yml:1:1: error: unknown key 'couleur' in module.yml "
        "[schema.unknown-key]",
    ]


def test_unknown_module_suggests_the_closest_folder(tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours",
        {
            "course.yml": 'id: essai\ntitle: T\nlanguage: fr\nversion: "1"\n'
            "modules:\n  - 01-bases\n  - 02-pratique\n",
            "02-pratiques/01-exercice.md": "# Exercice\n",
        },
    )
    _, reporter = check_course(course)
    assert [d.render(tmp_path) for d in reporter.errors] == [
        "cours/course.yml:7:5: error: 'modules' names '02-pratique', which is not a module "
        "folder (did you mean '02-pratiques'?) [course.unknown-module]",
    ]


def test_unknown_module_far_from_every_folder_gets_no_suggestion(tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours",
        {"course.yml": 'id: essai\ntitle: T\nlanguage: fr\nversion: "1"\nmodules: [annexes]\n'},
    )
    _, reporter = check_course(course)
    assert [d.render(tmp_path) for d in reporter.errors] == [
        "cours/course.yml:5:11: error: 'modules' names 'annexes', which is not a module folder "
        "[course.unknown-module]",
        "cours/course.yml:5:10: error: module folder '01-bases' is not listed in 'modules', so "
        "it would be left out of the course; add it to the list, or rename it with a leading "
        "'_' to set it aside [course.unlisted-module]",
    ]


@pytest.mark.parametrize(
    ("front", "column"),
    [("title: Module 1 : les bases", 17), ("title: Attention: ceci est important", 17)],
)
def test_french_colon_hint_in_front_matter(tmp_path: Path, front: str, column: int) -> None:
    course = write_course(
        tmp_path / "cours", {"01-bases/01-accueil.md": f"---\n{front}\n---\n\nTexte.\n"}
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        f"cours/01-bases/01-accueil.md:2:{column}: error: YAML syntax error: mapping values are "
        "not allowed here; a text containing ': ' (common in French typography) must be put "
        "in quotes [yaml.syntax]",
    ]


def test_quoted_french_colon_is_fine(tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours",
        {"01-bases/01-accueil.md": '---\ntitle: "Module 1 : les bases"\n---\n\nTexte.\n'},
    )
    courses, reporter = check_course(course)
    assert reporter.diagnostics == []
    assert courses[0].modules[0].lessons[0].title == "Module 1 : les bases"


# --- one run reports everything ------------------------------------------------------------


def test_all_errors_of_a_course_in_one_run() -> None:
    _, reporter = check_course(ROOTS / "several-errors")
    assert rendered(reporter, ROOTS) == [
        "several-errors/01-bases/01-accueil.md:7:39: error: 'images/ecran.png' points to a file "
        "that does not exist [link.missing]",
        "several-errors/01-bases/02-pratique.md:9:1: error: the ```quiz block is never closed; "
        "add a line with ``` after it [lesson.unclosed-fence]",
        "several-errors/01-bases/module.yml:3:1: error: unknown key 'objectifs' in module.yml "
        "(did you mean 'objectives'?) [schema.unknown-key]",
        "several-errors/01-bases/quiz.yml:2:5: error: question has no correct answer; mark the "
        "right choice with 'correct: true' [quiz.no-correct]",
        "several-errors/02-suite/module.yml:1:14: error: YAML syntax error: mapping values are "
        "not allowed here; a text containing ': ' (common in French typography) must be put in "
        "quotes [yaml.syntax]",
        "several-errors/course.yml:3:11: error: 'language' is 'es'; use one of: en, fr "
        "[schema.choice]",
        "several-errors/course.yml:6:12: error: 'pass_mark' is 180; it must be between 0 and 100 "
        "[schema.range]",
    ]


def test_checks_needing_a_well_shaped_quiz_wait_for_it(tmp_path: Path) -> None:
    # Documented in docs/en/authoring.md: some checks run only once a file's shape is right.
    quiz = (
        "questions:\n"
        "  - prompt: Un ?\n    choices:\n      - text: a\n        corect: true\n      - text: b\n"
        "  - prompt: Deux ?\n    choices:\n      - text: a\n      - text: b\n"
    )
    course = write_course(tmp_path / "cours", {"01-bases/quiz.yml": quiz})
    _, reporter = check_course(course)
    assert [d.code for d in reporter.diagnostics] == ["schema.unknown-key"]
    (course / "01-bases" / "quiz.yml").write_text(quiz.replace("corect", "correct"), "utf-8")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/quiz.yml:7:5: error: question has no correct answer; mark the right "
        "choice with 'correct: true' [quiz.no-correct]",
    ]


def test_multiple_choice_question_without_correct_choice(tmp_path: Path) -> None:
    quiz = (
        "questions:\n"
        "  - prompt: Lesquels ?\n    type: multiple\n"
        "    choices:\n      - text: a\n      - text: b\n"
    )
    course = write_course(tmp_path / "cours", {"01-bases/quiz.yml": quiz})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/quiz.yml:2:5: error: question has no correct answer; mark the right "
        "choices with 'correct: true' [quiz.no-correct]",
    ]


# --- each mistake is reported once, where it is -------------------------------------------


def test_unreadable_value_is_reported_once() -> None:
    # Once: not also as a problem of 'scorm', whose merge could not be made.
    _, reporter = check_course(ROOTS / "err-yaml-value")
    assert [d.code for d in reporter.diagnostics] == ["yaml.value"]


def test_front_matter_error_does_not_hide_the_title(tmp_path: Path) -> None:
    lesson = "---\ntitle: Accueil\nduration: dix\n---\n\nTexte.\n"
    course = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": lesson})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:3:11: error: 'duration' must be a whole number of minutes, "
        "not 'dix' [schema.type]",
    ]


def test_link_is_located_at_its_url_not_at_identical_link_text(tmp_path: Path) -> None:
    lesson = "---\ntitle: Accueil\n---\n\nVoir [images/plan.png](images/plan.png).\n"
    course = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": lesson})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:5:24: error: 'images/plan.png' points to a file that does "
        "not exist [link.missing]",
    ]
