"""A course ships a script file only when course.yml opts in to scripts.

The player's policy lets the package's own scripts run (``script-src 'self'``); a script a
lesson links would ship beside them, where a course's template could load it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_courses import COURSE_YML, check_course, rendered, write_course

LESSON = "---\ntitle: Accueil\n---\n\nVoir [l'outil]({name}).\n"


@pytest.mark.parametrize("name", ["outil.js", "outil.MJS", "outil.cjs"])
def test_a_linked_script_is_refused_without_the_opt_in(name: str, tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours",
        {"01-bases/01-accueil.md": LESSON.format(name=name), f"01-bases/{name}": "alert(1);\n"},
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        f"cours/01-bases/01-accueil.md:5:16: error: '{name}' cannot be shipped: it is a script, "
        "which the player's security policy would let run in every learner's browser; ship it "
        "inside a .zip or as .txt, or add 'theme_scripts: true' to course.yml if you trust it "
        "[asset.refused]"
    ]


def test_a_linked_script_ships_with_the_opt_in(tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours",
        {
            "course.yml": COURSE_YML.format(id="essai") + "theme_scripts: true\n",
            "01-bases/01-accueil.md": LESSON.format(name="outil.js"),
            "01-bases/outil.js": "alert(1);\n",
        },
    )
    _, reporter = check_course(course)
    assert [d.code for d in reporter.errors] == []
