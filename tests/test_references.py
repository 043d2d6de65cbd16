"""references: what a link or image points at, and why some are refused."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from helpers_courses import write_files

from builder.references import Kind, Problem, Reference, resolve


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return write_files(
        tmp_path / "cours",
        {
            "01-bases/01-accueil.md": "# Accueil\n",
            "01-bases/02-suite.md": "# Suite\n",
            "01-bases/images/écran 1.png": b"PNG",
            "02-pratique/01-exercice.md": "# Exercice\n",
            "docs/guide.pdf": b"PDF",
        },
    )


def lesson(course: Path) -> Path:
    return course / "01-bases" / "01-accueil.md"


def resolved(course: Path, url: str, is_image: bool = False) -> Reference | Problem:
    return resolve(url, lesson(course), course, is_image)


@pytest.mark.parametrize(
    "url",
    [
        "https://openimis.org/fr",
        "HTTP://openimis.org",
        "mailto:contact@openimis.org",
        "tel:+237600000000",
        "//openimis.org/page",
    ],
)
def test_web_links_are_external(course: Path, url: str) -> None:
    assert resolved(course, url) == Reference(url, Kind.EXTERNAL)


@pytest.mark.parametrize("url", ["#objectifs", ""])
def test_anchors(course: Path, url: str) -> None:
    assert resolved(course, url) == Reference(url, Kind.ANCHOR, fragment=url[1:])


def test_lesson_links(course: Path) -> None:
    assert resolved(course, "02-suite.md") == Reference(
        "02-suite.md", Kind.LESSON, Path("01-bases/02-suite.md")
    )
    assert resolved(course, "../02-pratique/01-exercice.md#etape-2") == Reference(
        "../02-pratique/01-exercice.md#etape-2",
        Kind.LESSON,
        Path("02-pratique/01-exercice.md"),
        "etape-2",
    )


def test_assets_with_encoded_names(course: Path) -> None:
    url = "images/%C3%A9cran%201.png"
    assert resolved(course, url, is_image=True) == Reference(
        url, Kind.ASSET, Path("01-bases/images/écran 1.png")
    )
    assert resolved(course, "./../docs/guide.pdf") == Reference(
        "./../docs/guide.pdf", Kind.ASSET, Path("docs/guide.pdf")
    )


def test_inline_data_images(course: Path) -> None:
    url = "data:image/png;base64,iVBORw0KGgo="
    assert resolved(course, url, is_image=True) == Reference(url, Kind.INLINE_DATA)


def test_data_links_are_unsafe(course: Path) -> None:
    assert resolved(course, "data:image/png;base64,AAAA") == Problem(
        "'data:image/png;base64,AAAA' uses the 'data:' scheme, which is not allowed; "
        "use a relative path or an http(s) address",
        "link.unsafe",
    )
    found = resolved(course, "data:text/html,<script>", is_image=True)
    assert isinstance(found, Problem)
    assert found.code == "link.unsafe"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///C:/cours/guide.pdf", "ftp://x/y"])
def test_other_schemes_are_unsafe(course: Path, url: str) -> None:
    found = resolved(course, url)
    assert isinstance(found, Problem)
    assert found.code == "link.unsafe"


@pytest.mark.parametrize("url", ["https://openimis.org/logo.png", "//cdn.example.org/logo.png"])
def test_remote_images(course: Path, url: str) -> None:
    assert resolved(course, url, is_image=True) == Problem(
        f"image '{url}' would be downloaded from the internet; save the image in the course "
        "folder and point to it with a relative path",
        "link.remote-image",
    )


def test_absolute_paths(course: Path) -> None:
    assert resolved(course, "/images/logo.png") == Problem(
        "'/images/logo.png' is an absolute path; write it relative to the lesson, "
        "e.g. 'images/x.png'",
        "link.absolute",
    )


@pytest.mark.parametrize("url", ["C:/Users/awa/logo.png", "d:\\cours\\logo.png"])
def test_windows_paths_are_absolute(course: Path, url: str) -> None:
    assert resolved(course, url, is_image=True) == Problem(
        f"'{url}' is a path on your computer; write it relative to the lesson, e.g. 'images/x.png'",
        "link.absolute",
    )


def test_missing_files(course: Path) -> None:
    assert resolved(course, "images/ecran-1.png", is_image=True) == Problem(
        "'images/ecran-1.png' points to a file that does not exist", "link.missing"
    )
    # A folder is not a file either.
    found = resolved(course, "images")
    assert isinstance(found, Problem)
    assert found.code == "link.missing"


@pytest.mark.parametrize(
    ("url", "hint"),
    [
        ("Images/Écran%201.PNG", "'images/écran 1.png'? letter case counts once the course is"),
        ("images\\écran 1.png", "'images/écran 1.png'? separate folders with '/', not '\\'"),
        (
            "..\\01-Bases\\images\\écran 1.png",
            "'../01-bases/images/écran 1.png'? separate folders with '/', not '\\' and letter "
            "case counts once the course is on a server",
        ),
    ],
)
def test_a_missing_file_suggests_the_file_that_differs_by_case_or_backslash(
    course: Path, url: str, hint: str
) -> None:
    found = resolved(course, url, is_image=True)
    assert isinstance(found, Problem)
    assert found.code == "link.missing"
    assert found.message.startswith(f"'{url}' points to a file that does not exist (did you mean ")
    assert hint in found.message


def test_a_missing_file_with_two_case_twins_gets_no_guess(course: Path) -> None:
    (course / "01-bases" / "images" / "ÉCRAN 1.png").write_bytes(b"PNG")
    assert resolved(course, "images/Écran 1.png", is_image=True) == Problem(
        "'images/Écran 1.png' points to a file that does not exist", "link.missing"
    )


def test_letter_case_hints_follow_the_rule_of_the_case_twin_check(course: Path) -> None:
    """'ß' and 'ss' are one name only to a case-folding comparison, not to Windows or macOS,
    so no file is offered for the other."""
    (course / "01-bases" / "images" / "Strasse.txt").write_bytes(b"texte")
    assert resolved(course, "images/Straße.txt") == Problem(
        "'images/Straße.txt' points to a file that does not exist", "link.missing"
    )


def test_letter_case_hints_see_accents_however_they_are_encoded(course: Path) -> None:
    """The file is stored decomposed (as macOS writes names); the link is typed composed."""
    stored = unicodedata.normalize("NFD", "Écran 2.png")
    (course / "01-bases" / "images" / stored).write_bytes(b"PNG")
    found = resolved(course, "images/écran 2.png", is_image=True)
    assert found == Problem(
        f"'images/écran 2.png' points to a file that does not exist (did you mean "
        f"'images/{stored}'? letter case counts once the course is on a server)",
        "link.missing",
    )


@pytest.mark.parametrize("url", ["../../ailleurs.pdf", "../../cours-bis/docs/guide.pdf"])
def test_paths_leaving_the_course(course: Path, url: str) -> None:
    assert resolved(course, url) == Problem(
        f"'{url}' points outside the course folder; copy the file into the course "
        "and link to the copy",
        "link.outside",
    )


def test_dotdot_past_the_filesystem_root_stays_outside(course: Path) -> None:
    found = resolved(course, "../" * 40 + "etc/passwd")
    assert isinstance(found, Problem)
    assert found.code == "link.outside"


def test_symlink_leading_outside_is_refused(tmp_path: Path, course: Path) -> None:
    write_files(tmp_path / "partage", {"logo.png": b"PNG"})
    os.symlink(tmp_path / "partage", course / "01-bases" / "commun")
    os.symlink(tmp_path / "partage" / "logo.png", course / "01-bases" / "logo.png")
    for url in ("commun/logo.png", "logo.png"):
        found = resolved(course, url, is_image=True)
        assert isinstance(found, Problem)
        assert found.code == "link.outside"


def test_symlink_staying_inside_is_followed(course: Path) -> None:
    os.symlink("../docs", course / "01-bases" / "docs")
    assert resolved(course, "docs/guide.pdf") == Reference(
        "docs/guide.pdf", Kind.ASSET, Path("01-bases/docs/guide.pdf")
    )


def test_course_reached_through_a_symlink(tmp_path: Path, course: Path) -> None:
    alias = tmp_path / "alias"
    os.symlink(course, alias)
    found = resolve("images/%C3%A9cran%201.png", lesson(alias), alias, True)
    assert found == Reference(
        "images/%C3%A9cran%201.png", Kind.ASSET, Path("01-bases/images/écran 1.png")
    )
