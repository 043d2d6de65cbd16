"""File names that travel: accents in either Unicode form, Windows names, case twins.

These courses cannot live in git (a checkout on Windows or macOS would break on the
very names they test), so each is written into ``tmp_path``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import quote

from helpers_courses import check_course, rendered, run_coursepack, write_course

from builder.references import Kind, Reference, resolve

NFC = unicodedata.normalize("NFC", "écran-réseau.png")
NFD = unicodedata.normalize("NFD", NFC)


def lesson_course(tmp_path: Path, body: str, files: dict[str, str | bytes]) -> Path:
    lesson = f"# Accueil\n\n{body}\n"
    return write_course(tmp_path / "cours", {"01-bases/01-accueil.md": lesson, **files})


def test_a_link_typed_composed_reaches_a_file_stored_decomposed(tmp_path: Path) -> None:
    course = lesson_course(tmp_path, "", {f"01-bases/images/{NFD}": b"PNG"})
    source = course / "01-bases" / "01-accueil.md"
    for url in (f"images/{NFC}", f"images/{quote(NFC)}"):
        assert resolve(url, source, course, True) == Reference(
            url, Kind.ASSET, Path("01-bases", "images", NFD)
        )


def test_a_link_typed_decomposed_reaches_a_file_stored_composed(tmp_path: Path) -> None:
    course = lesson_course(tmp_path, "", {f"01-bases/{NFC}": b"PNG"})
    found = resolve(NFD, course / "01-bases" / "01-accueil.md", course, True)
    assert found == Reference(NFD, Kind.ASSET, Path("01-bases", NFC))


def test_a_lesson_stored_decomposed_is_a_lesson(tmp_path: Path) -> None:
    name = unicodedata.normalize("NFD", "02-réseau.md")
    composed = unicodedata.normalize("NFC", name)
    course = lesson_course(tmp_path, f"[suite]({composed})", {f"01-bases/{name}": "# Réseau\n"})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == []


def test_the_file_ships_under_its_composed_name(tmp_path: Path) -> None:
    course = lesson_course(tmp_path, f"![Écran](images/{NFC})", {f"01-bases/images/{NFD}": b"PNG"})
    done = run_coursepack(["build", str(course), "--target", "html", "--out", "dist"], tmp_path)
    assert done.returncode == 0, done.stderr
    assets = tmp_path / "dist" / "essai" / "html" / "assets" / "01-bases" / "images"
    assert [p.name for p in assets.iterdir()] == [NFC]
    page = (tmp_path / "dist" / "essai" / "html" / "pages" / "0.js").read_text(encoding="utf-8")
    assert f"assets/01-bases/images/{quote(NFC)}" in page


def test_names_windows_cannot_create_are_errors(tmp_path: Path) -> None:
    body = "![a](images/con.png) [b](docs/Com1.txt) [c](notes.) ![d](aux/carte.png) [e](lpt9.a.b)"
    files: dict[str, str | bytes] = {
        "01-bases/images/con.png": b"PNG",
        "01-bases/docs/Com1.txt": "x",
        "01-bases/notes.": "x",
        "01-bases/aux/carte.png": b"PNG",
        "01-bases/lpt9.a.b": "x",
    }
    _, reporter = check_course(lesson_course(tmp_path, body, files))
    fix = "rename it and change the link [link.windows-name]"
    where = "cours/01-bases/01-accueil.md:3"
    lead = "leads to a file that cannot be unzipped or opened on Windows:"
    assert rendered(reporter, tmp_path) == [
        f"{where}:6: error: 'images/con.png' {lead} 'con.png' is a name Windows reserves for a "
        f"device (CON); {fix}",
        f"{where}:26: error: 'docs/Com1.txt' {lead} 'Com1.txt' is a name Windows reserves for a "
        f"device (COM1); {fix}",
        f"{where}:45: error: 'notes.' {lead} 'notes.' ends with a dot, which Windows removes "
        f"from names; {fix}",
        f"{where}:58: error: 'aux/carte.png' {lead} 'aux' is a name Windows reserves for a device "
        f"(AUX); {fix}",
        f"{where}:77: error: 'lpt9.a.b' {lead} 'lpt9.a.b' is a name Windows reserves for a "
        f"device (LPT9); {fix}",
    ]


def test_a_trailing_space_in_a_folder_name_is_an_error(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"01-bases/photos /a.png": b"PNG"}
    _, reporter = check_course(lesson_course(tmp_path, "![a](<photos /a.png>)", files))
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:3:7: error: 'photos /a.png' leads to a file that cannot be "
        "unzipped or opened on Windows: 'photos ' ends with a space, which Windows removes from "
        "names; rename it and change the link [link.windows-name]"
    ]


def test_files_differing_only_in_case_are_errors(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "01-bases/images/Logo.png": b"PNG",
        "01-bases/images/logo.png": b"GIF",
        "01-bases/02-suite.md": "# Suite\n\n![Logo](images/logo.png)\n",
    }
    _, reporter = check_course(lesson_course(tmp_path, "![Logo](images/Logo.png)", files))
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/02-suite.md:3:9: error: 'images/logo.png' leads to "
        "'01-bases/images/logo.png', and 01-bases/01-accueil.md:3:9 links to "
        "'01-bases/images/Logo.png': they differ only in letter case; Windows and macOS take "
        "them for one name, so once unzipped there one file replaces the other; rename one of "
        "them [link.case-twin]"
    ]


def test_the_same_file_linked_twice_is_no_twin(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {"01-bases/images/logo.png": b"PNG"}
    body = "![Logo](images/logo.png) ![Logo](./images/logo.png)"
    _, reporter = check_course(lesson_course(tmp_path, body, files))
    assert rendered(reporter, tmp_path) == []
