"""The runtime ships minified: smaller, the same bytes every build, and a broken theme
script stops the build at its line instead of shipping a player that does not start.

A script is minified once per content: later builds, and a course's own copy of a
script, take the bytes from the cache, and give the same output as a build without it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers_courses import (
    COURSE_YML,
    check_course,
    rendered,
    run_coursepack,
    write_course,
    write_files,
)

from builder import minify
from builder.cache import CACHE_VARIABLE
from builder.theme import default_theme_dir

STATIC = default_theme_dir() / "static"
#: A course whose theme may ship scripts: only then are they read as ES5.
SCRIPTS_ALLOWED = COURSE_YML.format(id="essai") + "theme_scripts: true\n"


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder for this test, and no script remembered in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(folder))
    minify._script_bytes.cache_clear()
    yield folder
    minify._script_bytes.cache_clear()


def never_parse(source: bytes) -> bytes:
    raise AssertionError("the script was parsed again instead of being taken from the cache")


def test_scripts_lose_comments_and_local_names_but_keep_their_globals() -> None:
    path = STATIC / "quiz.js"
    source = path.read_bytes()
    shipped = minify.minified(path, source)
    assert len(shipped) < len(source) / 2
    assert b"/*" not in shipped and b"function arrange(" not in shipped
    assert b"window.Coursepack" in shipped and b".quiz=" in shipped


def test_the_same_sources_give_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Minified afresh each time: a new cache folder, nothing remembered in memory."""
    for path in sorted(STATIC.iterdir()):
        shipped = []
        for run in ("first", "second"):
            monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / run))
            minify._script_bytes.cache_clear()
            minify._stylesheet.cache_clear()
            shipped.append(minify.minified(path, path.read_bytes()))
        assert shipped[0] == shipped[1], path.name


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


def test_a_script_is_parsed_once_then_taken_from_the_cache(
    cache_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = STATIC / "quiz.js"
    first = minify.minified(path, path.read_bytes())
    assert len(list((cache_folder / "minified-js").iterdir())) == 1
    minify._script_bytes.cache_clear()
    monkeypatch.setattr(minify, "_minify_script", never_parse)
    assert minify.minified(path, path.read_bytes()) == first


def test_a_course_script_is_cached_by_its_content_not_its_path(
    cache_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = b"(function () {\n  var greeting = 'bonjour';\n  window.x = greeting;\n})();\n"
    first = minify.minified(tmp_path / "a" / "_theme" / "static" / "quiz.js", source)
    minify._script_bytes.cache_clear()
    monkeypatch.setattr(minify, "_minify_script", never_parse)
    assert minify.minified(tmp_path / "b" / "_theme" / "static" / "player.js", source) == first
    with pytest.raises(AssertionError, match="parsed again"):
        minify.minified(tmp_path / "a" / "quiz.js", source + b"window.y = 1;\n")


def test_a_broken_script_is_reported_at_each_path_and_never_cached(
    cache_folder: Path, tmp_path: Path
) -> None:
    broken = b"var a = ;\n"
    for name in ("one.js", "two.js"):
        with pytest.raises(minify.ScriptProblem) as found:
            minify.minified(tmp_path / name, broken)
        assert found.value.location.path == tmp_path / name
    assert not (cache_folder / "minified-js").exists()


def shipped_bytes(out: Path) -> dict[str, bytes]:
    """Every file a build wrote, and every entry of its zips, by path."""
    files = {}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        files[path.relative_to(out).as_posix()] = path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                files.update((f"{path.name}!{n}", archive.read(n)) for n in archive.namelist())
    return files


def test_builds_with_a_cold_a_warm_and_an_unwritable_cache_ship_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_course(
        tmp_path / "cours",
        {"course.yml": SCRIPTS_ALLOWED, "_theme/static/glossary.js": "window.own = 1;\n"},
    )
    cache = tmp_path / "cache"
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    outputs = []
    for folder in (cache, cache, tmp_path / "a-file" / "cache"):
        out = tmp_path / f"dist-{len(outputs)}"
        monkeypatch.setenv(CACHE_VARIABLE, str(folder))
        done = run_coursepack(["build", "cours", "--out", str(out)], tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        outputs.append(shipped_bytes(out))
        if len(outputs) == 1:
            entries = sorted((cache / "minified-js").iterdir())
            stamps = [entry.stat().st_mtime_ns for entry in entries]
    assert outputs[0] == outputs[1] == outputs[2]
    assert "essai/html/runtime.js" in outputs[0]
    assert b"window.own=1" in outputs[0]["essai/html/runtime.js"]
    assert [entry.stat().st_mtime_ns for entry in entries] == stamps
