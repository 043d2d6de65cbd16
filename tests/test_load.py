"""load: finding a course's files, cutting front matter and ```quiz blocks out of lessons."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_courses import write_course, write_files

from builder.diagnostics import Location, Reporter
from builder.load import RawLesson, check_placeholder, find_courses, load_course
from builder.yamlsource import UNPARSABLE


def load_lesson(tmp_path: Path, text: str) -> tuple[RawLesson, list[str]]:
    root = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": text})
    reporter = Reporter()
    course = load_course(root, reporter)
    lessons = course.modules[0].lessons
    assert len(lessons) == 1
    return lessons[0], [d.render(root) for d in reporter.diagnostics]


# --- front matter ---------------------------------------------------------------------------


def test_front_matter_is_parsed_and_cut(tmp_path: Path) -> None:
    lesson, problems = load_lesson(tmp_path, "---\ntitle: Accueil\nduration: 5\n---\n\nTexte.\n")
    assert problems == []
    assert lesson.front == {"title": "Accueil", "duration": 5}
    assert lesson.front_location == Location(lesson.path, 2)
    assert lesson.front.value_at("duration") == Location(lesson.path, 3, 11)
    assert lesson.body == "\nTexte.\n"
    assert lesson.body_line == 5


def test_front_matter_may_end_with_dots(tmp_path: Path) -> None:
    lesson, problems = load_lesson(tmp_path, "---\ntitle: Accueil\n...\nTexte.\n")
    assert (problems, lesson.front, lesson.body) == ([], {"title": "Accueil"}, "Texte.\n")


def test_without_front_matter_the_body_is_the_whole_file(tmp_path: Path) -> None:
    lesson, problems = load_lesson(tmp_path, "Texte.\n\n---\n\nSuite.\n")
    assert problems == []
    assert lesson.front is None
    assert lesson.front_location == Location(lesson.path, 1)
    assert lesson.body == "Texte.\n\n---\n\nSuite.\n"
    assert lesson.body_line == 1


def test_unclosed_front_matter_drops_the_lesson(tmp_path: Path) -> None:
    root = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": "---\ntitle: Accueil\n"})
    reporter = Reporter()
    course = load_course(root, reporter)
    assert course.modules[0].lessons == ()
    assert [d.code for d in reporter.diagnostics] == ["lesson.unclosed-front-matter"]


def test_front_matter_syntax_error_points_into_the_lesson(tmp_path: Path) -> None:
    lesson, problems = load_lesson(tmp_path, "---\nduration: 5\ntitle: [Accueil\n---\nTexte.\n")
    assert lesson.front is UNPARSABLE
    assert problems == [
        "01-bases/01-accueil.md:3:16: error: YAML syntax error: expected ',' or ']', but got "
        "'<stream end>' (while parsing a flow sequence that starts on line 3) [yaml.syntax]"
    ]


# --- title from a heading -------------------------------------------------------------------


def test_leading_heading_is_the_title_and_is_not_shown_twice(tmp_path: Path) -> None:
    lesson, _ = load_lesson(tmp_path, "\n# Qu'est-ce qu'openIMIS ? #\n\nTexte.\n")
    assert lesson.heading_title == "Qu'est-ce qu'openIMIS ?"
    assert lesson.body == "\n\n\nTexte.\n"


def test_heading_after_front_matter(tmp_path: Path) -> None:
    lesson, _ = load_lesson(tmp_path, "---\nduration: 5\n---\n# Accueil\nTexte.\n")
    assert lesson.heading_title == "Accueil"
    assert lesson.body == "\nTexte.\n"


def test_heading_after_text_is_not_a_title(tmp_path: Path) -> None:
    lesson, _ = load_lesson(tmp_path, "Texte.\n\n# Plus loin\n")
    assert lesson.heading_title is None
    assert lesson.body == "Texte.\n\n# Plus loin\n"


def test_second_level_heading_is_not_a_title(tmp_path: Path) -> None:
    lesson, _ = load_lesson(tmp_path, "## Plus loin\n")
    assert lesson.heading_title is None


# --- ```quiz blocks -------------------------------------------------------------------------

CHECK = "```quiz\nprompt: Vrai ?\ntype: true-false\nanswer: true\n```\n"


def test_quiz_block_becomes_a_placeholder(tmp_path: Path) -> None:
    lesson, problems = load_lesson(tmp_path, f"---\ntitle: A\n---\nAvant.\n{CHECK}Après.\n")
    assert problems == []
    assert lesson.body == f"Avant.\n\n{check_placeholder(0)}\n\nAprès.\n"
    assert check_placeholder(0) == "<!--cp-check:0-->"
    [check] = lesson.checks
    assert check.data == {"prompt": "Vrai ?", "type": "true-false", "answer": True}
    assert check.location == Location(lesson.path, 5, 1)
    assert check.data.value_at("type") == Location(lesson.path, 7, 7)


def test_several_quiz_blocks_are_numbered(tmp_path: Path) -> None:
    lesson, _ = load_lesson(tmp_path, f"# A\n{CHECK}Milieu.\n{CHECK}")
    assert [c.location.line for c in lesson.checks] == [2, 8]
    assert lesson.body.count("<!--cp-check:") == 2
    assert check_placeholder(1) in lesson.body


def test_tilde_and_indented_quiz_fences(tmp_path: Path) -> None:
    text = "# A\n~~~quiz\nprompt: Un ?\n~~~\n   ``` quiz\n   prompt: Deux ?\n   ```\n"
    lesson, problems = load_lesson(tmp_path, text)
    assert problems == []
    assert [c.data for c in lesson.checks] == [{"prompt": "Un ?"}, {"prompt": "Deux ?"}]
    assert [c.location for c in lesson.checks] == [
        Location(lesson.path, 2, 1),
        Location(lesson.path, 5, 4),
    ]


def test_quiz_indented_as_code_is_left_alone_with_a_warning(tmp_path: Path) -> None:
    text = "# A\n\n- Une liste\n\n    ```quiz\n    prompt: Un ?\n    ```\n"
    lesson, problems = load_lesson(tmp_path, text)
    assert lesson.checks == ()
    assert lesson.body == "\n" + text.split("\n", 1)[1]
    assert problems == [
        "01-bases/01-accueil.md:5:1: warning: this ```quiz block is indented, so it shows as "
        "code; start it at the beginning of a line (a quiz cannot sit inside a note or a list) "
        "[lesson.indented-quiz]"
    ]


def test_other_fences_are_left_alone(tmp_path: Path) -> None:
    text = (
        "# A\n"
        "```yaml\nprompt: pas un quiz\n```\n"
        "````markdown\n```quiz\nprompt: un exemple dans la doc\n```\n````\n"
        "~~~\n```quiz\n~~~\n"
    )
    lesson, problems = load_lesson(tmp_path, text)
    assert problems == []
    assert lesson.checks == ()
    assert lesson.body == "\n" + text.split("\n", 1)[1]


def test_unclosed_ordinary_fence_is_not_an_error(tmp_path: Path) -> None:
    lesson, problems = load_lesson(tmp_path, "# A\n```python\nprint('bonjour')\n")
    assert problems == []
    assert lesson.body == "\n```python\nprint('bonjour')\n"


def test_longer_fence_needs_a_long_enough_closing(tmp_path: Path) -> None:
    text = "# A\n````quiz\nprompt: |\n  Que fait ce code ?\n  ```\n  print(1)\n  ```\n````\n"
    text += "Fin.\n"
    lesson, problems = load_lesson(tmp_path, text)
    assert problems == []
    prompt = "Que fait ce code ?\n```\nprint(1)\n```"
    assert [c.data for c in lesson.checks] == [{"prompt": prompt}]
    assert lesson.body == f"\n\n{check_placeholder(0)}\n\nFin.\n"


def test_unclosed_quiz_fence(tmp_path: Path) -> None:
    lesson, problems = load_lesson(tmp_path, "# A\nTexte.\n~~~~quiz\nprompt: Un ?\n")
    assert lesson.checks == ()
    assert problems == [
        "01-bases/01-accueil.md:3:1: error: the ```quiz block is never closed; add a line "
        "with ~~~~ after it [lesson.unclosed-fence]"
    ]


def test_yaml_error_in_quiz_block_points_into_the_lesson(tmp_path: Path) -> None:
    text = "---\ntitle: A\n---\n\n```quiz\nprompt: Note : lisez bien\n```\n"
    lesson, problems = load_lesson(tmp_path, text)
    assert [c.data for c in lesson.checks] == [UNPARSABLE]
    assert problems == [
        "01-bases/01-accueil.md:6:14: error: YAML syntax error: mapping values are not allowed "
        "here; a text containing ': ' (common in French typography) must be put in quotes "
        "[yaml.syntax]"
    ]


# --- finding files --------------------------------------------------------------------------


def test_modules_are_folders_with_lessons_in_name_order(tmp_path: Path) -> None:
    root = write_course(
        tmp_path / "cours",
        {
            "02-suite/01-a.md": "# A\n",
            "02-suite/quiz.yml": "questions: []\n",
            "02-suite/module.yml": "title: La suite\n",
            "01-bases/_brouillon.md": "# Brouillon\n",
            "01-bases/.cache.md": "# Cache\n",
            "01-bases/notes.txt": "pas une leçon\n",
            "images/logo.svg": "<svg/>",
            "_theme/templates/extra.md": "# Thème\n",
            ".git/HEAD.md": "# Git\n",
        },
    )
    reporter = Reporter()
    course = load_course(root, reporter)
    assert reporter.diagnostics == []
    assert course.root == root
    assert course.config == {
        "id": "essai",
        "title": "Premiers pas avec openIMIS",
        "language": "fr",
        "version": "1.0",
    }
    assert [m.folder.name for m in course.modules] == ["01-bases", "02-suite"]
    bases, suite = course.modules
    assert [lesson.path.name for lesson in bases.lessons] == ["01-accueil.md"]
    assert (bases.config, bases.quiz) == (None, None)
    assert bases.quiz_path == root / "01-bases" / "quiz.yml"
    assert suite.config == {"title": "La suite"}
    assert suite.quiz == {"questions": []}


def test_relative_root_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_course(tmp_path / "cours")
    monkeypatch.chdir(tmp_path)
    course = load_course(Path("cours"), Reporter())
    assert course.root == tmp_path / "cours"
    assert course.modules[0].lessons[0].path == tmp_path / "cours" / "01-bases" / "01-accueil.md"


def test_dotdot_in_the_root_is_folded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_course(tmp_path / "cours")
    (tmp_path / "ailleurs").mkdir()
    monkeypatch.chdir(tmp_path / "ailleurs")
    course = load_course(Path("../cours"), Reporter())
    assert course.root == tmp_path / "cours"
    assert course.modules[0].folder == tmp_path / "cours" / "01-bases"


def test_find_courses(tmp_path: Path) -> None:
    write_course(tmp_path / "b-cours")
    write_course(tmp_path / "a-cours")
    write_files(tmp_path, {"pas-un-cours/notes.md": "# Notes\n", "course.yml": "id: x\n"})
    assert find_courses(tmp_path) == [tmp_path / "a-cours", tmp_path / "b-cours"]
    assert find_courses(tmp_path / "absent") == []
