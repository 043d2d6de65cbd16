"""Branding, the second built-in theme and a course's own ``_theme/`` folder.

``tests/roots/ok-glossary-branding`` names an organisation, a logo, two colours and a footer,
and picks the built-in ``contrast`` theme; other cases are written into ``tmp_path``.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from helpers_courses import REPO, ROOTS, check_course, rendered, write_course
from playwright.sync_api import Browser, Page, Request, expect
from support.axe import violations
from support.learner import build
from support.scan import scannable_page

from builder.branding import contrast_on_white, darker
from builder.theme import Theme, default_theme_dir, theme_names

FIXTURE = ROOTS / "ok-glossary-branding"
BRANDING = """\
branding:
  organisation: Caisse d'essai
"""


@pytest.mark.parametrize(
    ("colour", "ratio"), [("#ffffff", 1.0), ("#000000", 21.0), ("#767676", 4.54), ("#0b5cad", 6.67)]
)
def test_contrast_is_computed_as_wcag_does(colour: str, ratio: float) -> None:
    assert contrast_on_white(colour) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize("colour", ["#f5a623", "#ffffff", "#777777", "#4a90e2"])
def test_the_suggested_shade_is_readable_and_as_light_as_can_be(colour: str) -> None:
    shade = darker(colour)
    assert contrast_on_white(shade) >= 4.5
    lighter = "#" + "".join(f"{min(255, int(shade[i : i + 2], 16) + 3):02x}" for i in (1, 3, 5))
    assert contrast_on_white(lighter) < 4.5


def branded(tmp_path: Path, lines: str, files: dict[str, str | bytes] | None = None) -> Path:
    course_yml = f'id: essai\ntitle: Essai\nlanguage: fr\nversion: "1.0"\n{lines}'
    return write_course(tmp_path / "cours", {"course.yml": course_yml, **(files or {})})


def test_branding_mistakes_are_reported_where_they_are(tmp_path: Path) -> None:
    course = branded(
        tmp_path,
        "theme: contraste\nbranding:\n  logo: ../logo.png\n  primary: '#0b5cad'\n"
        "  accent: 0b5cad\n",
    )
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/course.yml:5:8: error: 'theme' is 'contraste'; use one of: contrast, default "
        "(did you mean 'contrast'?) [schema.choice]",
        "cours/course.yml:7:3: error: branding is missing the required key 'organisation' "
        "[schema.missing-key]",
        "cours/course.yml:9:11: error: 'accent' is '0b5cad': write a colour as '#' and six "
        "hexadecimal digits, e.g. '#0b5cad', in quotes [schema.pattern]",
    ]
    course = branded(tmp_path, BRANDING + "  logo: ../logo.png\n")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/course.yml:7:9: error: '../logo.png' points outside the course folder; copy the "
        "file into the course and link to the copy [link.outside]",
    ]
    course = branded(tmp_path, BRANDING + "  logo: images/logo.png\n")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/course.yml:7:9: error: 'images/logo.png' points to a file that does not exist "
        "[link.missing]",
    ]


def test_the_second_theme_ships_in_the_wheel_and_inherits_the_default() -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    included = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    assert included["themes"] == "builder/_themes"
    assert theme_names() == ("contrast", "default")
    contrast = default_theme_dir().parent / "contrast"
    assert sorted(p.name for p in contrast.rglob("*") if p.is_file()) == ["theme.css"]
    theme = Theme.for_course(FIXTURE, "contrast")
    assert theme.search_path == (contrast, default_theme_dir())
    assert theme.templates.get_template("index.html").filename == str(
        default_theme_dir() / "templates" / "index.html"
    )


def test_the_build_carries_logo_colours_footer_and_theme(tmp_path: Path) -> None:
    build(FIXTURE, tmp_path, "html")
    folder = tmp_path / "ok-glossary-branding" / "html"
    logo = folder / "assets" / "images" / "logo.svg"
    assert logo.read_bytes() == (FIXTURE / "images" / "logo.svg").read_bytes()
    css = (folder / "course.css").read_text(encoding="utf-8")
    assert css.index("--cp-text:#000000") < css.index(
        ":root{--cp-accent:#7a1f5c;--cp-brand:#1d5e3a;}"
    )
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="course.css">' in page
    assert '<img class="cp-logo" src="assets/images/logo.svg" alt="">' in page
    assert '<span class="cp-organisation">Caisse d&#39;essai</span>' in page
    assert '<p class="cp-footer-text">Cours publié par la Caisse d&#39;essai, 2026.</p>' in page


def test_an_unbranded_default_course_gets_no_course_stylesheet(tmp_path: Path) -> None:
    build(write_course(tmp_path / "cours"), tmp_path / "out", "html")
    folder = tmp_path / "out" / "essai" / "html"
    assert not (folder / "course.css").exists()
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert "course.css" not in page
    assert "cp-brand" not in page and "cp-footer-text" not in page


def computed(page: Page, selector: str, prop: str) -> str:
    return str(page.eval_on_selector(selector, f"e => getComputedStyle(e)['{prop}']"))


def test_branding_and_theme_show_under_the_strict_policy(
    page: Page, request_log: list[Request], page_errors: list[str], tmp_path: Path
) -> None:
    """Both outputs keep their Content-Security-Policy; the colours still apply."""
    build(FIXTURE, tmp_path, "all")
    out = tmp_path / "ok-glossary-branding"
    for address in (out / "html" / "index.html", out / "ok-glossary-branding.html"):
        page.goto(address.as_uri())
        expect(page.locator("#p-bases--accueil")).to_be_visible()
        assert computed(page, "#cp-next", "backgroundColor") == "rgb(122, 31, 92)"
        assert computed(page, ".cp-header", "borderTopColor") == "rgb(29, 94, 58)"
        assert computed(page, "body", "fontSize") == "20px"  # the contrast theme's
        assert page.eval_on_selector(".cp-logo", "img => img.naturalWidth") == 64
        expect(page.locator(".cp-footer-text")).to_have_text(
            "Cours publié par la Caisse d'essai, 2026."
        )
    inside = (out / "html").as_uri() + "/"
    single = (out / "ok-glossary-branding.html").as_uri()
    assert [r.url for r in request_log if not r.url.startswith((inside, single))] == []
    assert page_errors == []


def test_a_branded_course_in_the_contrast_theme_passes_axe(
    browser: Browser, tmp_path: Path
) -> None:
    build(FIXTURE, tmp_path, "html")
    folder = tmp_path / "ok-glossary-branding" / "html"
    with scannable_page(browser) as (page, requests, errors):
        page.goto((folder / "index.html").as_uri())
        expect(page.locator("#p-bases--accueil")).to_be_visible()
        found = violations(page, "lesson")
        page.locator("#cp-next").click()
        page.locator("#cp-next").click()
        expect(page.locator("#cp-summary")).to_be_visible()
        found += violations(page, "summary")
        assert found == []
        assert [r.url for r in requests if not r.url.startswith(folder.as_uri() + "/")] == []
        assert errors == []


def test_a_course_theme_folder_overrides_a_template_and_adds_a_stylesheet(
    page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    """``_theme/`` is searched first: its page.html replaces the default one, its theme.css
    comes after the chosen theme's, and the rest still comes from the default theme."""
    template = (default_theme_dir() / "templates" / "page.html").read_text(encoding="utf-8")
    marked = template.replace(
        '<p class="cp-page-module">',
        '<p class="cp-house-note">Version maison</p>\n  <p class="cp-page-module">',
    )
    course = branded(
        tmp_path,
        "theme: contrast\n",
        {
            "_theme/templates/page.html": marked,
            "_theme/static/theme.css": ".cp-house-note { color: #5c1a00; font-size: 14px; }\n"
            "body { font-size: 18px; }\n",
        },
    )
    build(course, tmp_path / "out", "html")
    folder = tmp_path / "out" / "essai" / "html"
    css = (folder / "course.css").read_text(encoding="utf-8")
    assert css.index("font-size:1.25rem") < css.index("font-size:18px")
    page.goto((folder / "index.html").as_uri())
    expect(page.locator(".cp-house-note")).to_have_text("Version maison")
    assert computed(page, ".cp-house-note", "color") == "rgb(92, 26, 0)"
    assert computed(page, "body", "fontSize") == "18px"
    assert computed(page, ".cp-header", "borderTopColor") == "rgb(0, 0, 110)"  # contrast's
    assert page_errors == []
    shutil.rmtree(course / "_theme")
    build(course, tmp_path / "out", "html")
    page.goto((folder / "index.html").as_uri())
    expect(page.locator("#p-bases--accueil")).to_be_visible()
    expect(page.locator(".cp-house-note")).to_have_count(0)
    assert computed(page, "body", "fontSize") == "20px"
