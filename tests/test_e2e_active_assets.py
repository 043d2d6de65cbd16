"""SVG, HTML and XML files a lesson links to run nothing when a learner opens them on their own.

``tests/roots/err-asset-cleaned`` links to ``evil.svg``, ``evil.html`` and ``evil.xml``; each
carries a script and an event handler that would set ``window.pwned``. Each file is opened
directly in Chromium, from the offline folder (``file://``) and from the SCORM package served
over http (as an LMS serves it, from its own address), and must show its text with nothing run.
"""

from __future__ import annotations

import base64
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_courses import ROOTS, run_coursepack, write_course
from playwright.sync_api import Page

COURSE = ROOTS / "err-asset-cleaned"
COURSE_ID = "documents-recus"
#: Each linked file and a text it must still show.
ASSETS = {
    "evil.svg": "Circuit des remboursements",
    "evil.html": "Nom, prénom et numéro d'assuré.",
    "evil.xml": "Awa Diallo",
}
ASSET_DIR = "assets/01-bases"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course built for every target once; its output folder."""
    work = tmp_path_factory.mktemp("active-assets")
    done = run_coursepack(["build", str(COURSE), "--target", "all", "--out", "dist"], work)
    assert done.returncode == 0, done.stderr
    (work / "build.log").write_text(done.stderr, encoding="utf-8")
    return work / "dist" / COURSE_ID


def test_the_build_says_what_it_took_out_of_each_file(built: Path) -> None:
    log = (built.parent.parent / "build.log").read_text(encoding="utf-8")
    taken = "removed what would run or load from elsewhere if this file were opened on its own"
    assert log.splitlines()[:4] == [
        f"{COURSE}/01-bases/evil.html:6:1: warning: {taken}: <script>, the 'onload' attribute "
        "of <body>; it ships without them [asset.cleaned]",
        f"{COURSE}/01-bases/evil.svg:2:1: warning: {taken}: the 'onload' attribute of <svg>, "
        "<script>; it ships without them [asset.cleaned]",
        f"{COURSE}/01-bases/evil.xml:4:1: warning: {taken}: <script>, <img>; it ships without "
        "them [asset.cleaned]",
        "0 error(s), 3 warning(s)",
    ]


def assert_inert(page: Page, url: str, text: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate("window.pwned === undefined"), page.evaluate("window.pwned")
    assert text in page.evaluate("document.documentElement.textContent")


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_an_asset_opened_from_the_offline_folder_runs_nothing(
    name: str, built: Path, page: Page
) -> None:
    assert_inert(page, (built / "html" / ASSET_DIR / name).as_uri(), ASSETS[name])


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_an_asset_opened_from_the_package_over_http_runs_nothing(
    name: str,
    built: Path,
    page: Page,
    tmp_path: Path,
    http_server: Callable[[Path], str],
) -> None:
    with zipfile.ZipFile(built / f"{COURSE_ID}-scorm12.zip") as package:
        package.extractall(tmp_path / "sco")
    assert_inert(page, f"{http_server(tmp_path / 'sco')}/{ASSET_DIR}/{name}", ASSETS[name])


def test_a_cleaned_page_carries_a_policy_that_forbids_scripts(built: Path, page: Page) -> None:
    page.goto((built / "html" / ASSET_DIR / "evil.html").as_uri())
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert policy is not None and policy.startswith("default-src 'none';")
    assert "script-src" not in policy  # default-src 'none' covers scripts
    assert page.title() == "Formulaire d'inscription"


def test_the_one_file_page_carries_the_cleaned_files(built: Path) -> None:
    page = (built / f"{COURSE_ID}.html").read_text(encoding="utf-8")
    carried = [
        base64.b64decode(found).decode("utf-8")
        for found in re.findall(r'data:[a-z/+-]+;base64,([A-Za-z0-9+/=]+)"', page)
    ]
    assert len(carried) == len(ASSETS) + 1  # evil.svg is linked and shown: carried twice
    for text in ASSETS.values():
        assert any(text in content for content in carried)
    for content in carried:
        assert "pwned" not in content


#: A drawing whose styles and attributes would load from another site, escapes and all.
FAR_DRAWING = """\
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
<style>@\\69mport "{far}/imp.css"; rect {{ fill: u\\72l({far}/fill.svg#p) }}</style>
<rect width="100" height="100" style="background-image: u\\72l({far}/st.png)"/>
<g filter="url({far}/f.svg#f)" mask="u\\72l({far}/m.svg#m)"><text>Circuit</text></g>
</svg>
"""


def test_a_drawing_opened_over_http_loads_nothing_from_another_site(
    tmp_path: Path, page: Page, http_server: Callable[[Path], str]
) -> None:
    far = "http://127.0.0.1:9"  # no server there: a request is made all the same
    lesson = "---\ntitle: Accueil\n---\n\n[le schéma](schema.svg)\n"
    write_course(
        tmp_path / "cours",
        {"01-bases/01-accueil.md": lesson, "01-bases/schema.svg": FAR_DRAWING.format(far=far)},
    )
    done = run_coursepack(["build", "cours", "--target", "html", "--out", "dist"], tmp_path)
    assert done.returncode == 0, done.stderr
    site = http_server(tmp_path / "dist" / "essai" / "html")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site}/{ASSET_DIR}/schema.svg")
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)
    assert "Circuit" in page.evaluate("document.documentElement.textContent")
    assert requested and all(url.startswith(f"{site}/") for url in requested), requested
    assert (
        "cours/01-bases/schema.svg:2:1: warning: removed what would run or load from elsewhere "
        "if this file were opened on its own: the style's @import, the style's address "
        f"'{far}/fill.svg#p', the style's address '{far}/st.png', the address "
        f"'{far}/f.svg#f' in the 'filter' attribute of <g> and 1 more; it ships without them "
        "[asset.cleaned]"
    ) in done.stderr


#: XML data whose HTML script a browser runs when a feed or schema is opened from disk.
XML_WITH_SCRIPT = """\
<?xml version="1.0"?>
<flux xmlns:h="http://www.w3.org/1999/xhtml">
<h:script>window.pwned = 1</h:script><titre>Nouvelles du réseau</titre></flux>
"""
XHTML_PAGE = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>window.pwned = 1</script>'
    "</body></html>"
)


@pytest.mark.parametrize("name", ["f.rss", "f.atom", "f.xsd"])
def test_xml_of_other_extensions_is_cleaned_and_runs_nothing_from_the_offline_folder(
    name: str, tmp_path: Path, page: Page
) -> None:
    lesson = f"---\ntitle: Accueil\n---\n\n[le flux]({name})\n"
    write_course(
        tmp_path / "cours", {"01-bases/01-accueil.md": lesson, f"01-bases/{name}": XML_WITH_SCRIPT}
    )
    done = run_coursepack(["build", "cours", "--target", "html", "--out", "dist"], tmp_path)
    assert done.returncode == 0, done.stderr
    shipped = tmp_path / "dist" / "essai" / "html" / ASSET_DIR / name
    assert_inert(page, shipped.as_uri(), "Nouvelles du réseau")
    assert (
        f"cours/01-bases/{name}:3:1: warning: removed what would run or load from elsewhere if "
        "this file were opened on its own: <script>; it ships without them [asset.cleaned]"
    ) in done.stderr


def test_pages_under_other_extensions_are_refused(tmp_path: Path) -> None:
    names = ["f.atom", "f.rss", "f.xht", "f.xsd"]
    links = "\n".join(f"- [{name}]({name})" for name in names)
    files = {f"01-bases/{name}": XHTML_PAGE for name in names}
    lesson = f"---\ntitle: Accueil\n---\n\n{links}\n"
    write_course(tmp_path / "cours", {"01-bases/01-accueil.md": lesson, **files})
    done = run_coursepack(["check", "cours"], tmp_path)
    assert done.returncode == 1
    page_like = (
        "it begins like a web page ('<html'), which a browser may run as one; save it as .html "
        "so that coursepack cleans it, or ship it inside a .zip"
    )
    xht = (
        "a browser runs the scripts of a .xht file opened on its own, and coursepack cleans "
        "only .html files; save it as .html"
    )
    assert [line for line in done.stderr.splitlines() if "[asset.refused]" in line] == [
        f"cours/01-bases/01-accueil.md:{5 + n}:{len(name) + 6}: error: '{name}' cannot be shipped: "
        f"{xht if name == 'f.xht' else page_like} [asset.refused]"
        for n, name in enumerate(names)
    ]
