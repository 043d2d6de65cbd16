"""build: the whole pipeline, its output layout, and byte-identical results run after run."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers_courses import EXAMPLE_COURSE, ROOTS, run_coursepack, write_course

from builder.build import build
from builder.diagnostics import CourseError, Reporter
from builder.writer import SettingError


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def build_all(course: Path, out: Path) -> list[Path]:
    reporter = Reporter()
    artifacts = build([course], ["html", "scorm12"], out, reporter)
    assert reporter.diagnostics == []
    return [a.path for a in artifacts]


def test_output_layout(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    paths = build_all(EXAMPLE_COURSE, out)
    assert paths == [
        out / "decouvrir-openimis" / "html",
        out / "decouvrir-openimis" / "decouvrir-openimis-scorm12.zip",
    ]
    html = files_of(paths[0])
    assert sorted(html) == [
        "assets/01-presentation/images/interoperabilite.svg",
        "index.html",
        "pages/0.js",
        "pages/1.js",
        "player.css",
        "print.css",
        "runtime.js",
    ]
    with zipfile.ZipFile(paths[1]) as archive:
        packaged = {name: archive.read(name) for name in archive.namelist()}
    assert sorted(packaged) == sorted([*html, "imsmanifest.xml"])
    assert packaged["player.css"] == html["player.css"]
    assert packaged["runtime.js"].startswith(html["runtime.js"][:100])
    assert len(packaged["runtime.js"]) > len(html["runtime.js"]), "the SCORM adapter is in it"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build_all(EXAMPLE_COURSE, tmp_path / "one")
    second = build_all(EXAMPLE_COURSE, tmp_path / "two")
    assert first[1].read_bytes() == second[1].read_bytes()
    assert files_of(first[0]) == files_of(second[0])


def test_rebuilding_in_place_gives_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    zip_path = build_all(EXAMPLE_COURSE, out)[1]
    before = zip_path.read_bytes()
    build_all(EXAMPLE_COURSE, out)
    assert zip_path.read_bytes() == before
    assert sorted(p.name for p in zip_path.parent.iterdir()) == [
        "decouvrir-openimis-scorm12.zip",
        "html",
    ]


def test_same_sources_in_another_folder_give_the_same_zip(tmp_path: Path) -> None:
    a = build_all(write_course(tmp_path / "ici"), tmp_path / "a")
    b = build_all(write_course(tmp_path / "ailleurs" / "plus-loin"), tmp_path / "b")
    assert a[1].read_bytes() == b[1].read_bytes()


def test_errors_stop_the_build_before_writing(tmp_path: Path) -> None:
    good = write_course(tmp_path / "bon")
    out = tmp_path / "dist"
    reporter = Reporter()
    with pytest.raises(CourseError) as raised:
        build([good, ROOTS / "err-quiz-no-correct"], ["html", "scorm12"], out, reporter)
    assert [d.code for d in raised.value.diagnostics] == ["quiz.no-correct"]
    assert str(raised.value) == "1 problem(s) in course sources"
    assert not out.exists()


def test_bad_source_date_epoch_stops_the_build_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hier")
    out = tmp_path / "dist"
    reporter = Reporter()
    with pytest.raises(SettingError) as raised:
        build([write_course(tmp_path / "cours")], ["html", "scorm12"], out, reporter)
    assert str(raised.value) == (
        "SOURCE_DATE_EPOCH is 'hier'; it must be a whole number of seconds since 1970, "
        "before the year 2108 (zip files cannot store later dates)"
    )
    assert reporter.diagnostics == []
    assert not out.exists()


def test_cli_build_prints_one_line_per_artefact(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours")
    done = run_coursepack(["build", "cours", "--out", "dist", "--target", "scorm12"], tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    [line] = done.stdout.splitlines()
    assert line.startswith("scorm12  dist/essai/essai-scorm12.zip  ")
    assert line.endswith(" ms")
    assert (tmp_path / "dist" / "essai" / "essai-scorm12.zip").is_file()
    assert not (tmp_path / "dist" / "essai" / "html").exists()
    assert course.is_dir()


def test_cli_rejects_an_unknown_target(tmp_path: Path) -> None:
    write_course(tmp_path / "cours")
    done = run_coursepack(["build", "cours", "--target", "pdf"], tmp_path)
    assert done.returncode == 2
    assert "Invalid value for '--target'" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "dist").exists()
