"""One SCORM package per module: each is its own SCO, scored and tracked on its own."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from helpers_courses import coursepack_script
from lxml import etree
from playwright.sync_api import Page
from support.learner import COURSES, REPO, Learner, model
from support.lms import LmsSession

from builder.model import Course, Packaging
from builder.targets import Scorm12Target

FLAGSHIP = COURSES / "openimis-point-focal"
#: A course whose one module has no graded quiz (the flagship's modules all have one).
UNGRADED = REPO / "tests" / "roots" / "ok-glossary-branding"
MASTERY = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore"


def package_modules(course_dir: Path, out: Path) -> tuple[Course, Path]:
    """``course_dir`` built with ``--package module``, as an author would."""
    command = [
        coursepack_script(), "build", str(course_dir), "--target", "scorm12",
        "--package", "module", "--out", str(out),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    course = replace(model(course_dir), packaging=Packaging.MODULE)
    return course, out / course.id


@pytest.fixture
def module_packages(tmp_path: Path) -> tuple[Course, Path]:
    """The flagship built with ``--package module``."""
    return package_modules(FLAGSHIP, tmp_path / "dist")


def test_module_packaging_writes_one_package_per_module(
    module_packages: tuple[Course, Path],
) -> None:
    course, folder = module_packages
    for module in course.modules:
        archive = folder / f"{course.id}-{module.id}-scorm12.zip"
        with zipfile.ZipFile(archive) as package:
            manifest = etree.fromstring(package.read("imsmanifest.xml"))
        [title] = manifest.findall(".//{*}item/{*}title")
        assert title.text == f"{course.title} — {module.title}"
        has_mastery = manifest.find(f".//{MASTERY}") is not None
        assert has_mastery == (module.quiz is not None), module.id
    assert len(list(folder.glob("*.zip"))) == len(course.modules)


def test_a_module_package_is_tracked_on_its_own(
    module_packages: tuple[Course, Path],
    page: Page,
    lms_site: Callable[[Path], str],
    page_errors: list[str],
    tmp_path: Path,
) -> None:
    course, folder = module_packages
    ungraded, ungraded_folder = package_modules(UNGRADED, tmp_path / "ungraded")
    first = Scorm12Target().units(course)[0]
    (annex,) = Scorm12Target().units(ungraded)
    for unit, where, status, score in (
        (first, folder, "passed", "100"),
        (annex, ungraded_folder, "completed", ""),
    ):
        unzipped = tmp_path / unit.id
        with zipfile.ZipFile(where / f"{unit.id}-scorm12.zip") as archive:
            archive.extractall(unzipped)
        session = LmsSession(page, lms_site(unzipped))
        learner = Learner(session.launch(mastery_score="75" if score else ""), unit)
        assert learner.title() == unit.modules[0].lessons[0].title
        learner.go_through(right=True)
        learner.exit()
        record = session.record()
        assert (record.lesson_status, record.score_raw) == (status, score), unit.id
    assert page_errors == []
