"""The runtime ships minified: smaller, the same bytes every build, and a broken theme
script stops the build at its line instead of shipping a player that does not start."""

from __future__ import annotations

from pathlib import Path

from helpers_courses import (
    COURSE_YML,
    check_course,
    rendered,
    run_coursepack,
    write_course,
    write_files,
)

from builder import minify
from builder.theme import default_theme_dir

STATIC = default_theme_dir() / "static"
#: A course whose theme may ship scripts: only then are they read as ES5.
SCRIPTS_ALLOWED = COURSE_YML.format(id="essai") + "theme_scripts: true\n"


def test_scripts_lose_comments_and_local_names_but_keep_their_globals() -> None:
    path = STATIC / "quiz.js"
    source = path.read_bytes()
    shipped = minify.minified(path, source)
    assert len(shipped) < len(source) / 2
    assert b"/*" not in shipped and b"function arrange(" not in shipped
    assert b"window.Coursepack" in shipped and b".quiz=" in shipped


def test_the_same_sources_give_the_same_bytes() -> None:
    for path in sorted(STATIC.iterdir()):
        first = minify.minified(path, path.read_bytes())
        minify._script.cache_clear()
        minify._stylesheet.cache_clear()
        assert minify.minified(path, path.read_bytes()) == first, path.name


def test_stylesheets_are_minified_and_other_files_left_alone() -> None:
    css = b"/* a note */\n.cp-a {\n  color: red;\n}\n"
    assert minify.minified(Path("x.css"), css) == b".cp-a{color:red}\n"
    assert minify.minified(Path("x.svg"), b"<svg/>  ") == b"<svg/>  "


def test_a_broken_theme_script_stops_the_build_before_anything_is_written(
    tmp_path: Path,
) -> None:
    broken = "(function () {\n  var ok = 1;\n  var broken = ;\n})();\n"
    write_course(
        tmp_path / "cours", {"course.yml": SCRIPTS_ALLOWED, "_theme/static/quiz.js": broken}
    )
    done = run_coursepack(["build", "cours", "--target", "html", "--out", "dist"], tmp_path)
    assert done.returncode == 1
    assert "cours/_theme/static/quiz.js:3:16: error: this player script is not valid ES5" in (
        done.stdout + done.stderr
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "dist").exists()


def test_a_theme_script_that_is_not_utf8_is_reported(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours", {"course.yml": SCRIPTS_ALLOWED})
    write_files(course, {"_theme/static/player.js": b"var a = 1;\nvar b = '\xe9';\n"})
    _, reporter = check_course(course)
    assert [line for line in rendered(reporter, tmp_path) if "error" in line] == [
        "cours/_theme/static/player.js:2:1: error: this player script is not UTF-8 text; "
        "fix it, or delete it from the course's theme folder to use the default one "
        "[theme.script]"
    ]
