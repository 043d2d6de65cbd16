"""What ``coursepack`` prints: summaries, --quiet, --verbose, and bars and colour only on a TTY."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from helpers_courses import write_course

from builder import console
from builder.cli import cli

#: A folder with a quiz but no lesson: a warning, never an error.
WARNED = {"annexe/quiz.yml": "questions: []\n"}
BROKEN = {"01-bases/module.yml": "titre: Bases\n"}
SUMMARY = re.compile(r"^[a-z0-9-]+ +\S+ {2}\d+ KiB {2}\d+ ms$")
ESCAPE = "\x1b["


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def as_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the console believe a person watches stderr (CliRunner's streams are not TTYs)."""
    monkeypatch.setattr(console, "interactive", lambda stream: True)


def test_one_summary_line_per_artefact_with_path_size_and_time(in_tmp: Path) -> None:
    write_course(in_tmp / "cours")
    write_course(in_tmp / "autre", course_id="autre")
    result = run("build", "cours", "autre", "--target", "scorm12")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["scorm12", "dist/essai/essai-scorm12.zip"],
        ["scorm12", "dist/autre/autre-scorm12.zip"],
    ]
    assert all(SUMMARY.match(line) for line in lines), lines
    assert ESCAPE not in result.output and "\r" not in result.output
    assert result.stderr == ""


def test_quiet_shows_errors_only(in_tmp: Path) -> None:
    write_course(in_tmp / "cours", WARNED)
    quiet = run("build", "cours", "--quiet")
    assert quiet.exit_code == 0
    assert (quiet.stdout, quiet.stderr) == ("", "")
    write_course(in_tmp / "cours", BROKEN)
    failed = run("build", "cours", "-q")
    assert failed.exit_code == 1
    assert failed.stderr.splitlines() == [
        "cours/01-bases/module.yml:1:1: error: unknown key 'titre' in module.yml "
        "(did you mean 'title'?) [schema.unknown-key]",
        "nothing was written",
    ]


def test_normal_output_shows_warnings_and_their_tally(in_tmp: Path) -> None:
    write_course(in_tmp / "cours", WARNED)
    result = run("check", "cours")
    assert result.exit_code == 0
    assert "[course.quiz-without-lessons]" in result.stderr
    assert result.stderr.endswith("0 error(s), 1 warning(s)\n")
    assert result.stdout == "1 course(s) OK\n"


def test_verbose_times_every_stage(in_tmp: Path) -> None:
    write_course(in_tmp / "cours")
    result = run("build", "cours", "--verbose", "--target", "scorm12")
    assert result.exit_code == 0
    stages = [line.split()[0] for line in result.stderr.splitlines()]
    assert stages == ["load", "convert", "validate", "check", "render", "write"]
    assert all(line.endswith(" ms") for line in result.stderr.splitlines())
    assert len(result.stdout.splitlines()) == 1


def test_verbose_check_times_every_stage(in_tmp: Path) -> None:
    write_course(in_tmp / "cours")
    result = run("check", "cours", "-v")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["load", "cours"],
        ["convert", "1"],
        ["validate", "cours"],
        ["check", "1"],
    ]
    assert all(re.search(r"  \d+ ms$", line) for line in lines), lines
    assert result.stdout == "1 course(s) OK\n"


def test_a_progress_bar_on_a_terminal_when_several_artefacts_are_built(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    as_terminal(monkeypatch)
    write_course(in_tmp / "un", course_id="un")
    write_course(in_tmp / "deux", course_id="deux")
    result = run("build", "un", "deux", "--target", "html")
    assert result.exit_code == 0
    assert "\r[############------------] 1/2 " in result.stderr
    assert "\r[########################] 2/2 " in result.stderr
    assert result.stderr.endswith("\r\x1b[K"), "the bar is wiped before the summaries"
    assert len(result.stdout.splitlines()) == 2


def test_no_bar_for_a_single_artefact_nor_in_logs(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_course(in_tmp / "cours")
    assert "[#" not in run("build", "cours").stderr, "no bar in logs"
    as_terminal(monkeypatch)
    assert run("build", "cours", "--target", "html").stderr == ""


def test_colour_on_a_terminal_unless_no_color(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_course(in_tmp / "cours", BROKEN)
    assert ESCAPE not in run("check", "cours").stderr
    as_terminal(monkeypatch)
    coloured = run("check", "cours")
    assert "\x1b[31mcours/01-bases/module.yml:1:1: error:" in coloured.stderr
    monkeypatch.setenv("NO_COLOR", "1")
    assert ESCAPE not in run("check", "cours").stderr
