"""The ``coursepack`` command as an author runs it: output, exit codes, nothing half-written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers_courses import ROOTS, run_coursepack, write_course, write_files

NO_CORRECT = (
    "err-quiz-no-correct/01-bases/quiz.yml:2:5: error: question has no correct answer; "
    "mark the right choice with 'correct: true' [quiz.no-correct]"
)
STRAY_QUIZ = (
    "err-course-quiz-without-lessons/02-evaluation/quiz.yml:1:1: warning: this folder has a "
    "quiz.yml but no lesson (.md file), so it is not a module and the quiz is left out; add "
    "a lesson or move the quiz [course.quiz-without-lessons]"
)
NOT_FOUND = "not a course folder: there is no course.yml in it [course.not-found]"


def test_cli_check_reports_and_exits_1() -> None:
    done = run_coursepack(["check", "err-quiz-no-correct"], cwd=ROOTS)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"{NO_CORRECT}\n1 error(s), 0 warning(s)\n"


def test_cli_check_several_courses() -> None:
    done = run_coursepack(["check", "err-link-outside", "err-yaml-syntax"], cwd=ROOTS)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "err-link-outside/01-bases/01-accueil.md:7:39: error: '../../guide-point-focal.pdf' "
        "points outside the course folder; copy the file into the course and link to the copy "
        "[link.outside]",
        "err-yaml-syntax/course.yml:5:23: error: YAML syntax error: mapping values are not "
        "allowed here; a text containing ': ' (common in French typography) must be put in "
        "quotes [yaml.syntax]",
        "2 error(s), 0 warning(s)",
    ]
    assert "Traceback" not in done.stdout + done.stderr


def test_cli_check_not_a_course_folder() -> None:
    done = run_coursepack(["check", "err-course-not-found", "does-not-exist"], cwd=ROOTS)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "does-not-exist:1:1: error: there is no such folder; check the name and where you run "
        "coursepack from [course.not-found]",
        f"err-course-not-found:1:1: error: {NOT_FOUND}",
        "2 error(s), 0 warning(s)",
    ]
    assert "Traceback" not in done.stdout + done.stderr


def test_cli_check_without_courses_folder(tmp_path: Path) -> None:
    done = run_coursepack(["check"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "courses:1:1: error: no 'courses' folder and no course.yml here; run from the project "
        "folder or a course folder, or name a course folder [course.not-found]",
        "1 error(s), 0 warning(s)",
    ]


@pytest.mark.parametrize("command", ["check", "build"])
def test_cli_check_and_build_inside_a_course_folder_take_that_course(
    tmp_path: Path, command: str
) -> None:
    course = write_course(tmp_path / "cours")
    arguments = [command, "--out", "../dist"] if command == "build" else [command]
    done = run_coursepack(arguments, course)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    if command == "build":
        assert (tmp_path / "dist" / "essai" / "essai-scorm12.zip").is_file()
    else:
        assert done.stdout == "1 course(s) OK\n"


def test_cli_check_with_a_courses_folder_without_courses(tmp_path: Path) -> None:
    write_files(tmp_path, {"courses/notes/lisez-moi.md": "# Notes\n"})
    done = run_coursepack(["check"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "courses:1:1: error: no course found: no folder under it has a course.yml "
        "[course.not-found]",
        "1 error(s), 0 warning(s)",
    ]


def test_cli_check_duplicate_course_ids_names_the_other_folder(tmp_path: Path) -> None:
    write_course(tmp_path / "cours-a", course_id="openimis")
    write_course(tmp_path / "cours-b", course_id="openimis")
    done = run_coursepack(["check", "cours-a", "cours-b"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "cours-b/course.yml:1:1: error: course id 'openimis' is also used by the course in "
        "folder 'cours-a'; their outputs would clash [id.duplicate]",
        "1 error(s), 0 warning(s)",
    ]
    assert str(tmp_path) not in done.stderr


def test_cli_check_course_path_with_dotdot_keeps_links_inside(tmp_path: Path) -> None:
    write_course(
        tmp_path / "cours",
        {
            "01-bases/01-accueil.md": "# Accueil\n\n![Logo](images/logo.svg)\n",
            "01-bases/images/logo.svg": "<svg/>",
        },
    )
    (tmp_path / "ailleurs").mkdir()
    done = run_coursepack(["check", "../cours"], cwd=tmp_path / "ailleurs")
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "1 course(s) OK\n")


def test_cli_check_warning_only_exits_0() -> None:
    done = run_coursepack(["check", "err-course-quiz-without-lessons"], cwd=ROOTS)
    assert (done.returncode, done.stdout) == (0, "1 course(s) OK\n")
    assert done.stderr.splitlines() == [
        STRAY_QUIZ,
        "0 error(s), 1 warning(s)",
    ]


def test_cli_build_refuses_a_module_folder_missing_from_modules_even_when_quiet(
    tmp_path: Path,
) -> None:
    out = tmp_path / "dist"
    done = run_coursepack(["build", "err-course-unlisted-module", "--out", str(out), "-q"], ROOTS)
    assert (done.returncode, done.stdout) == (1, "")
    assert "module folder '02-annexes' is not listed in 'modules'" in done.stderr
    assert done.stderr.endswith("nothing was written\n")
    assert not out.exists()


def test_cli_build_of_a_broken_course_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    done = run_coursepack(["build", "several-errors", "--out", str(out)], cwd=ROOTS)
    assert (done.returncode, done.stdout) == (1, "")
    lines = done.stderr.splitlines()
    assert lines[-2:] == ["7 error(s), 0 warning(s)", "nothing was written"]
    assert "Traceback" not in done.stderr
    assert not out.exists()


def test_cli_build_stops_every_course_when_one_is_broken(tmp_path: Path) -> None:
    good = write_course(tmp_path / "bon")
    out = tmp_path / "dist"
    done = run_coursepack(
        ["build", str(good), "err-quiz-no-correct", "--out", str(out)],
        cwd=ROOTS,
    )
    assert done.returncode == 1
    assert done.stderr.endswith("nothing was written\n")
    assert not out.exists()


def test_cli_build_with_a_bad_source_date_epoch_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_course(tmp_path / "cours")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hier")  # inherited by the coursepack process
    done = run_coursepack(["build", "cours", "--out", "dist"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "coursepack: error: SOURCE_DATE_EPOCH is 'hier'; it must be a whole number of seconds "
        "since 1970, before the year 2108 (zip files cannot store later dates)\n"
    )
    assert not (tmp_path / "dist").exists()


def test_python_dash_m_builder_is_the_coursepack_command(tmp_path: Path) -> None:
    write_course(tmp_path / "cours")
    done = subprocess.run(
        [sys.executable, "-m", "builder", "check", "cours"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "1 course(s) OK\n", "")


def test_a_build_removes_the_old_packages_it_no_longer_writes_and_says_so(
    tmp_path: Path,
) -> None:
    write_course(tmp_path / "cours", {"02-suite/01-suite.md": "# Suite\n"})
    folder = tmp_path / "dist" / "essai"
    per_module = ["build", "cours", "--target", "scorm12", "--package", "module"]
    assert run_coursepack(per_module, tmp_path).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "essai-bases-scorm12.zip",
        "essai-suite-scorm12.zip",
    ]
    (folder / "mon-essai-scorm12.zip").write_bytes(b"PK\x05\x06" + bytes(18))  # the author's
    done = run_coursepack(["build", "cours", "--target", "scorm12"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == [
        "essai-scorm12.zip",
        "mon-essai-scorm12.zip",
    ]
    assert done.stderr.splitlines() == [
        "removed dist/essai/essai-bases-scorm12.zip: an old package of this course that this "
        "build does not write",
        "removed dist/essai/essai-suite-scorm12.zip: an old package of this course that this "
        "build does not write",
        "dist/essai/mon-essai-scorm12.zip:1:1: warning: this SCORM package was not written by "
        "this build, and coursepack cannot tell it wrote it, so it is left; delete it if it is "
        "an old package, so that it is not uploaded by mistake [output.stale]",
        "0 error(s), 1 warning(s)",
    ]
    again = run_coursepack(["build", "cours", "--target", "scorm12", "-q"], tmp_path)
    assert (again.returncode, again.stderr) == (0, "")


def test_cli_build_out_naming_a_file_is_refused(tmp_path: Path) -> None:
    write_course(tmp_path / "cours")
    (tmp_path / "sortie").write_text("a file", encoding="utf-8")
    done = run_coursepack(["build", "cours", "--out", "sortie"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "coursepack: error: --out 'sortie' is a file, not a folder; name a folder (it is "
        "created if missing), or move the file away\n"
    )
    done = run_coursepack(["build", "cours", "--out", "sortie/dist"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "coursepack: error: --out 'sortie/dist' cannot be created: 'sortie' is a file, not a "
        "folder; name another folder with --out, or move the file away\n"
    )
    assert (tmp_path / "sortie").read_text(encoding="utf-8") == "a file"


def test_cli_build_into_a_folder_with_a_file_in_the_way_writes_nothing(tmp_path: Path) -> None:
    write_course(tmp_path / "cours")
    write_files(tmp_path / "dist", {"essai": "a file", "autre.txt": "kept"})
    done = run_coursepack(["build", "cours", "--out", "dist"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "coursepack: error: cannot write 'dist/essai/html': 'dist/essai' is a file, "
        "not a folder; move or delete it, or name another folder with --out\n"
    )
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == ["autre.txt", "essai"]


def test_cli_build_where_a_file_has_the_name_of_a_folder_artefact(tmp_path: Path) -> None:
    """The file is the author's, not an earlier build's: it is not replaced."""
    write_course(tmp_path / "cours")
    write_files(tmp_path / "dist", {"essai/html": "notes"})
    done = run_coursepack(["build", "cours", "--out", "dist", "--target", "html"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "coursepack: error: cannot write 'dist/essai/html': a file has that name; "
        "move or delete it, or name another folder with --out\n"
    )
    assert (tmp_path / "dist" / "essai" / "html").read_text(encoding="utf-8") == "notes"


def test_cli_build_where_a_folder_has_the_name_of_an_artefact(tmp_path: Path) -> None:
    write_course(tmp_path / "cours")
    (tmp_path / "dist" / "essai" / "essai.html").mkdir(parents=True)
    done = run_coursepack(
        ["build", "cours", "--out", "dist", "--target", "html-single"], cwd=tmp_path
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "coursepack: error: cannot write 'dist/essai/essai.html': a folder has that name; "
        "move or delete it, or name another folder with --out\n"
    )
