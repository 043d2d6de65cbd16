"""Audience variants: ``coursepack build --audience NAME`` keeps only what one group needs."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from helpers_courses import REPO, ROOTS, check_course, rendered, run_coursepack, write_course
from lxml import etree
from playwright.sync_api import Page
from support.learner import Learner
from support.lms import LmsSession

from builder.audience import for_audience
from builder.diagnostics import Reporter
from builder.model import Course

COURSE = ROOTS / "ok-audiences"
FLAGSHIP = REPO / "courses" / "openimis-point-focal"
IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"


def variant(folder: Path, audience: str) -> tuple[Course, Reporter]:
    [course], reporter = check_course(folder)
    return for_audience(course, audience, reporter), reporter


def lesson_ids(course: Course) -> list[str]:
    return [lesson.id for module in course.modules for lesson in module.lessons]


def manifest(package: Path) -> etree._Element:
    with zipfile.ZipFile(package) as archive:
        return etree.fromstring(archive.read("imsmanifest.xml"))


def test_each_group_gets_the_untagged_lessons_and_its_own() -> None:
    facility, _ = variant(COURSE, "facility-staff")
    server, _ = variant(COURSE, "server-admin")
    system, _ = variant(COURSE, "system-admin")
    assert lesson_ids(facility) == ["commun/accueil", "sante/accueil-patient"]
    assert lesson_ids(server) == [
        "commun/accueil",
        "commun/serveur",
        "admin/sauvegardes",
    ]
    assert lesson_ids(system) == ["commun/accueil", "admin/sauvegardes"]
    assert [q.id for q in facility.graded_quizzes] == ["sante/_quiz"]


def test_a_variant_has_its_own_id_and_a_title_naming_the_group() -> None:
    facility, _ = variant(COURSE, "facility-staff")
    assert facility.id == "ok-audiences--facility-staff"
    assert facility.title == "Variantes par public (personnel des formations sanitaires)"


def test_a_link_to_a_lesson_left_out_is_reported_where_it_is_written(tmp_path: Path) -> None:
    _, reporter = variant(COURSE, "facility-staff")
    assert rendered(reporter, ROOTS) == [
        "ok-audiences/01-commun/01-accueil.md:5:59: warning: links to '02-serveur.md', a lesson "
        "left out of the variant for 'facility-staff'; there the link shows as plain words "
        "(tag that lesson for this audience too, or reword) [audience.dropped-link]"
    ]
    _, kept = variant(COURSE, "server-admin")
    assert kept.diagnostics == []


def test_an_unknown_audience_name_gets_a_suggestion(tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours", {"01-bases/module.yml": "audiences: [facility-staf]\n"}
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/module.yml:1:13: error: 'audiences[1]' is 'facility-staf'; use one of: "
        "server-admin, system-admin, scheme-staff, facility-staff "
        "(did you mean 'facility-staff'?) [schema.choice]"
    ]


def test_an_empty_variant_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours",
        {"01-bases/module.yml": "audiences: [server-admin]\n"},
    )
    done = run_coursepack(
        ["build", str(course), "--audience", "scheme-staff", "--out", "dist"], tmp_path
    )
    assert done.returncode == 1
    assert (
        "cours/course.yml:1:1: error: no lesson is for the audience 'scheme-staff', so its "
        "variant would be empty; add 'scheme-staff' to the 'audiences' of a module or lesson "
        "[audience.empty]"
    ) in done.stderr
    assert not (tmp_path / "dist").exists()


def test_an_untagged_course_warns_that_the_variant_is_the_whole_course(tmp_path: Path) -> None:
    whole, reporter = variant(write_course(tmp_path / "cours"), "system-admin")
    assert rendered(reporter, tmp_path) == [
        "cours/course.yml:1:1: warning: no module or lesson names its 'audiences', so the "
        "variant for 'system-admin' holds the whole course [audience.untagged]"
    ]
    assert lesson_ids(whole) == ["bases/accueil"]


def test_the_flagship_variants_follow_the_training_method() -> None:
    modules = {
        name: [m.folder.name for m in variant(FLAGSHIP, name)[0].modules]
        for name in ("server-admin", "facility-staff")
    }
    assert modules["server-admin"] == [
        "01-introduction-openimis",
        "04-installer-et-maintenir",
        "05-former-les-utilisateurs",
    ]
    assert modules["facility-staff"] == [
        "01-introduction-openimis",
        "02-utiliser-le-logiciel",
        "05-former-les-utilisateurs",
    ]


def test_the_full_course_and_a_variant_can_share_one_moodle_course(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    for extra in ([], ["--audience", "facility-staff"]):
        done = run_coursepack(
            ["build", str(COURSE), "--target", "scorm12", "--out", str(out), *extra], tmp_path
        )
        assert done.returncode == 0, done.stderr
    full = manifest(out / "ok-audiences" / "ok-audiences-scorm12.zip")
    part = manifest(
        out / "ok-audiences--facility-staff" / "ok-audiences--facility-staff-scorm12.zip"
    )
    assert full.get("identifier") != part.get("identifier")
    assert full.find(f".//{IMSCP}resource").get("identifier") != part.find(
        f".//{IMSCP}resource"
    ).get("identifier")
    assert part.findtext(f".//{IMSCP}organization/{IMSCP}title") == (
        "Variantes par public (personnel des formations sanitaires)"
    )


def test_a_learner_passes_a_variant_in_the_lms(
    page: Page, lms_site: Callable[[Path], str], page_errors: list[str], tmp_path: Path
) -> None:
    done = run_coursepack(
        ["build", str(COURSE), "--audience", "facility-staff", "--target", "scorm12"], tmp_path
    )
    assert done.returncode == 0, done.stderr
    package = tmp_path / "package"
    zipped = tmp_path / "dist" / "ok-audiences--facility-staff"
    with zipfile.ZipFile(zipped / "ok-audiences--facility-staff-scorm12.zip") as archive:
        archive.extractall(package)
    course, _ = variant(COURSE, "facility-staff")
    session = LmsSession(page, lms_site(package))
    frame = session.launch(mastery_score="80")
    learner = Learner(frame, course)

    assert learner.title() == "Bienvenue"
    assert "la leçon sur le serveur" in frame.locator("body").inner_text()
    assert frame.locator("a[href*='serveur']").count() == 0
    learner.go_through(right=True)
    learner.exit()

    record = session.record()
    assert record.lesson_status == "passed"
    assert record.score_raw == "100"
    assert page_errors == []
