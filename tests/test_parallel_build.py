"""Builds shared out among worker processes give the same bytes and reports as one process."""

from __future__ import annotations

import pickle
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers_courses import REPO, ROOTS, coursepack_script

from builder.build import build
from builder.diagnostics import CourseError, Diagnostic, Location, Progress, Reporter
from builder.model import Packaging

COURSES = sorted(p for p in (REPO / "courses").iterdir() if (p / "course.yml").is_file())
BROKEN = [ROOTS / "several-errors", ROOTS / "err-link-missing", ROOTS / "err-lesson-no-title"]


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def use_cores(monkeypatch: pytest.MonkeyPatch, cores: int) -> None:
    """``cores`` worker processes, handed even the smallest piece of work."""
    monkeypatch.setattr("builder.workers.available_cores", lambda: cores)
    monkeypatch.setattr("builder.conversion.PARALLEL_MIN_CHARS", 0)


def snapshot(into: Path) -> list[Path]:
    """The shipped courses and a footnoted one, copied: both builds read the same sources."""
    courses = [*COURSES, ROOTS / "ok-rich-markdown"]
    for course in courses:
        shutil.copytree(course, into / course.name)
    return [into / course.name for course in courses]


def build_with(
    courses: list[Path],
    cores: int,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    packaging: Packaging | None,
) -> tuple[list[tuple[str, str, str]], list[Progress]]:
    use_cores(monkeypatch, cores)
    steps: list[Progress] = []
    reporter = Reporter(listeners=[steps.append])
    artifacts = build(courses, ["html", "scorm12"], out, reporter, packaging=packaging)
    listed = [(a.course_id, a.target, a.path.relative_to(out).as_posix()) for a in artifacts]
    return listed, [s for s in steps if s.stage == "write"]


@pytest.mark.parametrize("packaging", [None, Packaging.MODULE])
def test_workers_write_what_one_process_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packaging: Packaging | None
) -> None:
    courses = snapshot(tmp_path / "src")
    alone, alone_steps = build_with(courses, 1, tmp_path / "one", monkeypatch, packaging)
    shared, shared_steps = build_with(courses, 2, tmp_path / "two", monkeypatch, packaging)
    assert shared == alone
    assert files_of(tmp_path / "two") == files_of(tmp_path / "one")
    assert [(s.subject.replace("two", "one"), s.done, s.total) for s in shared_steps] == [
        (s.subject, s.done, s.total) for s in alone_steps
    ]


def test_diagnostics_come_in_course_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = []
    for cores in (1, 2):
        use_cores(monkeypatch, cores)
        reporter = Reporter()
        with pytest.raises(CourseError):
            build(BROKEN, ["html"], tmp_path / str(cores), reporter)
        reports.append([d.render() for d in reporter.diagnostics])
    assert reports[0] == reports[1]
    names = [p.name for p in BROKEN]
    courses = [Path(line.split(":", 1)[0]).relative_to(ROOTS).parts[0] for line in reports[0]]
    assert list(dict.fromkeys(courses)) == names
    assert courses == sorted(courses, key=names.index)
    assert not (tmp_path / "2").exists()


def test_an_error_in_a_worker_reaches_the_author(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course = tmp_path / "course"
    shutil.copytree(ROOTS / "ok-rich-markdown", course)
    (course / "_theme" / "static").mkdir(parents=True)
    (course / "_theme" / "static" / "quiz.js").write_text("var = ;\n", encoding="utf-8")
    use_cores(monkeypatch, 2)
    with pytest.raises(CourseError) as raised:
        build([course], ["scorm12"], tmp_path / "out", Reporter(), packaging=Packaging.MODULE)
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.code.startswith("theme.script")
    assert diagnostic.location.path == course / "_theme" / "static" / "quiz.js"


def test_a_course_error_crosses_processes_whole() -> None:
    error = CourseError([Diagnostic(Location(Path("c/x.md"), 3, 1), "problème", "x.y")])
    copy = pickle.loads(pickle.dumps(error))
    assert copy.diagnostics == error.diagnostics


def test_stopping_a_build_stops_its_workers_and_keeps_the_output(tmp_path: Path) -> None:
    course = tmp_path / "large"
    shutil.copytree(REPO / "courses" / "openimis-point-focal", course)
    for copy in range(1, 8):  # enough Markdown for the lessons to go to workers
        for module in sorted(p for p in course.iterdir() if p.name[:2] == "0" + p.name[1]):
            shutil.copytree(module, course / f"{copy}-c{copy}-{module.name}")
    out = tmp_path / "dist"
    command = [coursepack_script(), "build", str(course), "--out", str(out)]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    before = files_of(out)
    stopped = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1.5)
    stopped.send_signal(signal.SIGTERM)
    _, errors = stopped.communicate(timeout=120)
    assert stopped.returncode in (0, 130), errors
    assert b"Traceback" not in errors
    assert files_of(out) == before
    assert not list(out.rglob(".*.tmp"))
    time.sleep(1)  # a worker busy with a piece of work finishes it, then stops
    left = subprocess.run(["pgrep", "-f", str(out)], capture_output=True, check=False)
    assert left.stdout == b""
