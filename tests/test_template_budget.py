"""A course's templates reach only plain data, and render within a budget.

Found by an attacker's review of the sandbox of issue 11: ``course.root`` is a path,
and Jinja's sandbox lets a template call a path's public methods, so a handout template
could write any file (a ``.pth`` file runs at Python's next start) or copy any file into
the output. And a template could ask for four gigabytes, or loop for hours, which made the
check crash (exit 2) or hang. Each case here must give a ``file:line`` error and exit 1.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from helpers_courses import ROOTS, check_course, rendered, run_coursepack, write_course

from builder.diagnostics import Reporter
from builder.serve import Preview

HANDOUT = (ROOTS / ".." / ".." / "themes" / "default" / "templates" / "handout.html").resolve()


def with_handout_line(root: Path, line: str) -> Path:
    """A course whose handout template carries ``line`` at line 4, before the title."""
    text = HANDOUT.read_text(encoding="utf-8").replace("<title>", line + "\n<title>", 1)
    assert text.splitlines()[3] == line
    return write_course(root, {"_theme/templates/handout.html": text})


def reaching(attribute: str) -> str:
    return (
        f"cours/_theme/templates/handout.html:4:1: error: this template reaches into Python "
        f"('{attribute}'), which could run programs on this computer; a course's template may "
        "only show the values coursepack gives it: remove it [theme.unsafe-template]"
    )


def failing(problem: str) -> str:
    return (
        f"cours/_theme/templates/handout.html:4:1: error: this template fails when the course "
        f"is rendered: {problem}; fix it, or delete it from the course's theme folder to use "
        "the default one [theme.template-error]"
    )


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_template_cannot_write_a_file_through_the_course_path(
    command: str, tmp_path: Path
) -> None:
    marker = tmp_path / "pwn.pth"
    with_handout_line(
        tmp_path / "cours", f'{{{{ course.root.joinpath("{marker}").write_text("import os") }}}}'
    )
    args = [command, "cours"] + (["--out", "dist"] if command == "build" else [])
    done = run_coursepack(args, tmp_path)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[0] == reaching("root")
    assert not marker.exists()
    assert not (tmp_path / "dist").exists()


def test_a_template_cannot_read_a_file_through_the_course_path(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("mot-de-passe-42\n", encoding="utf-8")
    course = with_handout_line(
        tmp_path / "cours", "{{ course.root.parent.joinpath('secret.txt').read_text() }}"
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [reaching("root")]
    done = run_coursepack(["build", "cours", "--target", "html", "--out", "dist"], tmp_path)
    assert done.returncode == 1
    assert "mot-de-passe-42" not in done.stdout + done.stderr


def test_the_preview_build_refuses_the_course_path_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "pwn.pth"
    course = with_handout_line(
        tmp_path / "cours", f'{{{{ course.root.joinpath("{marker}").write_text("x") }}}}'
    )
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "preview"
    out.mkdir()
    preview = Preview(course, out)
    outcome = preview.rebuild(Reporter())
    assert outcome.artifacts == []
    assert preview.errors == [reaching("root")]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("line", "attribute"),
    [
        ("{{ course.root }}", "root"),
        ("{{ course['root'] }}", "root"),
        ("{{ (course|attr('root')).name }}", "root"),
    ],
)
def test_a_path_is_refused_however_it_is_named(line: str, attribute: str, tmp_path: Path) -> None:
    course = with_handout_line(tmp_path / "cours", line)
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [reaching(attribute)]


TOO_LARGE = "it makes a text, list or number too large (limit 10,000,000)"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("{{ ('a'*10**9*4)|length }}", TOO_LARGE),
        ("{{ course.title * 10**7 }}", TOO_LARGE),
        ("{{ (10 ** 100000) | string }}", TOO_LARGE),
        ("{{ '%0999999999d'|format(1) }}", TOO_LARGE),
        ("{{ '{:0999999999}'.format(1) }}", TOO_LARGE),
        ("{{ 'x'|center(999999999) }}", TOO_LARGE),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
            "it makes a text or list of 16,777,216 items, over the limit of 10,000,000",
        ),
        (
            "{% for i in range(100000) %}{% endfor %}",
            "range() gives 100,000 numbers, over the limit of 10,000",
        ),
        ("{{ lipsum(10**7)|length }}", "'lipsum' is undefined"),
    ],
)
def test_a_template_asking_too_much_is_refused_at_its_line(
    line: str, problem: str, tmp_path: Path
) -> None:
    course = with_handout_line(tmp_path / "cours", line)
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [failing(problem)]


@pytest.mark.parametrize(
    "line",
    [
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
        "{{ ('a' * 9000000) | wordwrap(1) | length }}",  # one slow step, no loop turn
    ],
)
def test_a_template_that_never_ends_is_stopped(line: str, tmp_path: Path) -> None:
    with_handout_line(tmp_path / "cours", line)
    started = time.monotonic()
    done = run_coursepack(["check", "cours"], tmp_path)
    assert time.monotonic() - started < 30
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[0] == failing(
        "it took too long to render (over 5 s), as a loop that never ends or one over too many "
        "items would"
    )
