"""``coursepack catalog``: a page that works from ``file://`` and a CSV, with links to builds."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from helpers_courses import REPO, ROOTS, run_coursepack, write_course
from playwright.sync_api import Page, Request, expect

from builder.catalog import duration_text

EXAMPLE = "courses/decouvrir-openimis"
HEADINGS = [
    "Cours",
    "Sujet",
    "Public cible",
    "Modalité",
    "Durée",
    "Langue",
    "Dernière mise à jour",
    "Versions",
]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One course built as a site and a package, another as packages per module, one not built."""
    out = tmp_path_factory.mktemp("catalog") / "dist"
    for args in (
        [EXAMPLE, "--target", "html"],
        [EXAMPLE, "--target", "scorm12"],
        ["courses/openlmis-demarrer", "--target", "scorm12", "--package", "module"],
    ):
        done = run_coursepack(["build", *args, "--out", str(out), "--quiet"], cwd=REPO)
        assert done.returncode == 0, done.stderr
    done = run_coursepack(["catalog", "--out", str(out)], cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out / 'index.html'}\n{out / 'catalog.csv'}\n"
    return out


def test_catalog_csv_lists_every_course_with_the_directory_columns(dist: Path) -> None:
    raw = (dist / "catalog.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [row["id"] for row in rows] == [
        "decouvrir-openimis",
        "openlmis-demarrer",
        "openimis-point-focal",
    ]
    focal = rows[2]
    assert {key: focal[key] for key in ("topic", "mode", "duration_minutes", "updated")} == {
        "topic": "Renforcement des capacités des points focaux openIMIS",
        "mode": "Autoformation en ligne (Moodle) ou hors ligne (clé USB)",
        "duration_minutes": "505",
        "updated": "2026-11-23",
    }
    assert focal["target_group"].startswith("Points focaux openIMIS : personnel")
    assert (focal["language"], focal["html"], focal["scorm12"]) == ("fr", "", "")
    example = rows[0]
    assert example["html"] == "decouvrir-openimis/html/index.html"
    assert example["scorm12"] == "decouvrir-openimis/decouvrir-openimis-scorm12.zip"
    assert rows[1]["scorm12"].split(" ") == [
        f"openlmis-demarrer/openlmis-demarrer-{module}-scorm12.zip"
        for module in ("preparer-le-projet", "phases-techniques", "couts-et-succes")
    ]
    for row in rows:
        for link in " ".join(row[key] for key in ("html", "scorm12")).split():
            assert (dist / link).is_file(), link


def test_catalog_opens_from_disk_and_its_links_lead_to_the_course(
    dist: Path, page: Page, request_log: list[Request], page_errors: list[str]
) -> None:
    page.goto((dist / "index.html").as_uri())
    table = page.get_by_role("table", name="3 cours")
    expect(table.get_by_role("columnheader")).to_have_text(HEADINGS)
    expect(table.get_by_role("rowheader")).to_have_count(3)
    focal = table.locator("tr#openimis-point-focal")
    expect(focal.get_by_role("cell").nth(3)).to_have_text("8 h 25 min")
    expect(focal.get_by_role("cell").nth(5)).to_have_text("2026-11-23")
    expect(focal).to_contain_text("pas encore construit")
    package = page.get_by_role("link", name="Paquet SCORM 1.2 (Découvrir openIMIS)")
    expect(package).to_have_attribute("href", "decouvrir-openimis/decouvrir-openimis-scorm12.zip")
    page.get_by_role("link", name="Site hors ligne (Découvrir openIMIS)").click()
    page.wait_for_url("**/decouvrir-openimis/html/index.html")
    expect(page).to_have_title("Découvrir openIMIS")
    expect(page.get_by_role("heading", level=1).first).to_be_visible()
    inside = dist.as_uri() + "/"
    assert [r.url for r in request_log if not r.url.startswith(inside)] == []
    assert len(request_log) >= 3, "the catalogue, then the course page and its files"
    assert page_errors == []


def test_catalog_is_deterministic(dist: Path) -> None:
    before = {name: (dist / name).read_bytes() for name in ("index.html", "catalog.csv")}
    assert run_coursepack(["catalog", "--out", str(dist)], cwd=REPO).returncode == 0
    assert {name: (dist / name).read_bytes() for name in before} == before


def test_catalog_of_a_broken_course_writes_nothing(tmp_path: Path) -> None:
    done = run_coursepack(["catalog", "err-schema-range", "--out", str(tmp_path)], cwd=ROOTS)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "nothing was written"
    assert "[schema.range]" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_catalog_page_follows_the_language_of_the_courses(tmp_path: Path) -> None:
    assert run_coursepack(["new", "c", "--lang", "en"], cwd=tmp_path).returncode == 0
    done = run_coursepack(["catalog", "c", "--out", "dist"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "dist" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert "<title>Course catalogue</title>" in page
    assert "not built yet" in page


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(None, ""), (0, "0 min"), (45, "45 min"), (60, "1 h"), (505, "8 h 25 min")],
)
def test_duration_text(minutes: int | None, text: str) -> None:
    assert duration_text(minutes) == text


def test_catalog_out_naming_a_file_is_refused(tmp_path: Path) -> None:
    write_course(tmp_path / "c")
    (tmp_path / "dist").write_text("a file", encoding="utf-8")
    done = run_coursepack(["catalog", "c", "--out", "dist"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        "coursepack: error: --out 'dist' is a file, not a folder; name a folder (it is "
        "created if missing), or move the file away\n"
    )
