"""manifest: the SCORM 1.2 imsmanifest.xml is valid and says what Moodle needs, no more."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from helpers_courses import EXAMPLE_COURSE, SHARED, write_course
from lxml import etree

from builder.build import build
from builder.diagnostics import Reporter
from builder.manifest import NS_ADLCP, NS_CP, Sco, manifest_xml

VALIDATOR = SHARED / "scorm12" / "validate_manifest.py"
NS = {"cp": NS_CP, "adlcp": NS_ADLCP}

QUIZ = """\
questions:
  - prompt: Que gère openIMIS ?
    choices:
      - text: L'assurance maladie
        correct: true
      - text: Les stocks
"""


def build_zip(course: Path, out: Path) -> Path:
    reporter = Reporter()
    [artifact] = build([course], ["scorm12"], out, reporter)
    assert reporter.diagnostics == []
    return artifact.path


def manifest_of(package: Path) -> etree._Element:
    with zipfile.ZipFile(package) as archive:
        return etree.fromstring(archive.read("imsmanifest.xml"))


def mastery_scores(package: Path) -> list[str]:
    return [m.text or "" for m in manifest_of(package).iterfind(".//adlcp:masteryscore", NS)]


def validate(package: Path) -> subprocess.CompletedProcess[str]:
    if not VALIDATOR.is_file():
        pytest.skip(f"the SCORM 1.2 validator is not available: {VALIDATOR} is missing")
    return subprocess.run(
        [sys.executable, str(VALIDATOR), str(package)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_example_package_is_valid(tmp_path: Path) -> None:
    package = build_zip(EXAMPLE_COURSE, tmp_path / "dist")
    done = validate(package)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("VALID (0 error(s), 0 warning(s))")


def test_package_without_quiz_is_valid(tmp_path: Path) -> None:
    package = build_zip(write_course(tmp_path / "cours"), tmp_path / "dist")
    done = validate(package)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip().endswith("VALID (0 error(s), 0 warning(s))")


def test_package_with_tricky_title_and_asset_names_is_valid(tmp_path: Path) -> None:
    course_yml = 'id: essai\ntitle: "Santé & <assurance> « 2024 »"\nlanguage: fr\nversion: "1.0"\n'
    lesson = "# Accueil\n\n![Carte](images/carte%20du%20pays.svg)\n"
    course = write_course(
        tmp_path / "cours",
        {
            "course.yml": course_yml,
            "01-bases/01-accueil.md": lesson,
            "01-bases/images/carte du pays.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        },
    )
    package = build_zip(course, tmp_path / "dist")
    done = validate(package)
    assert done.returncode == 0, done.stdout + done.stderr
    root = manifest_of(package)
    assert root.findtext("cp:organizations/cp:organization/cp:title", namespaces=NS) == (
        "Santé & <assurance> « 2024 »"
    )
    hrefs = [f.get("href") for f in root.iterfind(".//cp:file", NS)]
    assert "assets/01-bases/images/carte%20du%20pays.svg" in hrefs


def test_mastery_score_for_a_graded_course(tmp_path: Path) -> None:
    assert mastery_scores(build_zip(EXAMPLE_COURSE, tmp_path / "dist")) == ["75"]


def test_mastery_score_defaults_to_the_default_pass_mark(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours", {"01-bases/quiz.yml": QUIZ})
    assert mastery_scores(build_zip(course, tmp_path / "dist")) == ["80"]


def test_no_mastery_score_without_graded_quiz(tmp_path: Path) -> None:
    lesson = "# Accueil\n\n```quiz\nprompt: Vrai ?\ntype: true-false\nanswer: true\n```\n"
    course = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": lesson})
    assert mastery_scores(build_zip(course, tmp_path / "dist")) == []


def test_no_mastery_score_when_completion_decides(tmp_path: Path) -> None:
    course_yml = 'id: essai\ntitle: T\nlanguage: fr\nversion: "1"\nscorm: {status: completed}\n'
    course = write_course(tmp_path / "cours", {"course.yml": course_yml, "01-bases/quiz.yml": QUIZ})
    assert mastery_scores(build_zip(course, tmp_path / "dist")) == []


def test_manifest_layout_for_moodle() -> None:
    sco = Sco("essai", "Essai", "index.html", ("index.html", "player.js"), 80.0)
    xml = manifest_xml("essai", "1.0", "Essai", [sco]).decode("utf-8")
    assert xml.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<manifest ")
    # Moodle's reader is not namespace-aware: unprefixed CP elements, a literal adlcp: prefix.
    assert "<adlcp:masteryscore>80</adlcp:masteryscore>" in xml
    assert 'adlcp:scormtype="sco"' in xml
    assert "<schemaversion>1.2</schemaversion>" in xml
    root = etree.fromstring(xml.encode())
    assert (root.get("identifier"), root.get("version")) == ("MANIFEST-essai", "1.0")
    item = root.find(".//cp:item", NS)
    assert item is not None
    assert (item.get("identifier"), item.get("identifierref")) == ("ITEM-essai", "RES-essai")
    resource = root.find(".//cp:resource", NS)
    assert resource is not None
    assert resource.get("href") == "index.html"
    assert [f.get("href") for f in resource.iterfind("cp:file", NS)] == ["index.html", "player.js"]


def test_every_packaged_file_is_listed(tmp_path: Path) -> None:
    package = build_zip(EXAMPLE_COURSE, tmp_path / "dist")
    with zipfile.ZipFile(package) as archive:
        names = sorted(archive.namelist())
    listed = [f.get("href") for f in manifest_of(package).iterfind(".//cp:file", NS)]
    assert sorted([*listed, "imsmanifest.xml"]) == names
    assert "assets/01-presentation/images/interoperabilite.svg" in names
