"""Pages arrive one module at a time: the course opens fast, and every way to a page works.

``index.html`` carries only the frame; each module's pages are in ``pages/<n>.js``,
loaded by the player when first needed. These tests open the HTML folder from
disk and check what is loaded when, and that addresses, lesson links between
modules and the keyboard focus still work.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, Request
from support.learner import ROOTS, Learner, build, model

COURSE = ROOTS / "ok-three-modules"


def built(tmp_path: Path) -> Path:
    build(COURSE, tmp_path, "html")
    return tmp_path / "trois-modules" / "html"


def page_scripts(requests: list[Request]) -> list[str]:
    return sorted(r.url.rsplit("/", 2)[-1] for r in requests if "/pages/" in r.url)


def test_the_first_lesson_needs_only_its_module_and_the_next_page(
    page: Page, request_log: list[Request], page_errors: list[str], tmp_path: Path
) -> None:
    folder = built(tmp_path)
    assert "Texte propre au bilan" not in (folder / "index.html").read_text(encoding="utf-8")
    page.goto((folder / "index.html").as_uri())
    learner = Learner(page, model(COURSE))
    assert learner.title() == "Accueil"
    assert page_scripts(request_log) == ["0.js"], "the next page is in the same module"
    learner.next()
    assert learner.title() == "Vocabulaire"
    page.wait_for_function("() => window.CoursepackPages[2] !== undefined")
    assert page_scripts(request_log) == ["0.js", "1.js"], "the next module, ahead of time"
    assert page_errors == []


def test_addresses_and_links_between_modules_open_their_page(
    page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    folder = built(tmp_path)
    page.goto((folder / "index.html").as_uri() + "#p-bilan--conclusion")
    learner = Learner(page, model(COURSE))
    assert learner.title() == "Conclusion"

    learner.page.get_by_role("link", name="retour à l'accueil").click()
    assert learner.title() == "Accueil"
    assert page.evaluate("() => document.activeElement.textContent") == "Accueil"

    page.evaluate("() => { window.location.hash = '#p-pratique--exercice'; }")
    assert learner.title() == "Exercice"
    assert page.locator(".cp-toc a[aria-current='page']").inner_text() == "Exercice"
    assert page_errors == []


def test_a_missing_module_file_says_so_instead_of_breaking(
    page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    folder = built(tmp_path)
    (folder / "pages" / "2.js").unlink()
    page.goto((folder / "index.html").as_uri())
    learner = Learner(page, model(COURSE))
    page.locator(".cp-toc a", has_text="Conclusion").click()
    assert learner.title() == "Cette page n'a pas pu être chargée. " + (
        "Vérifiez que le dossier du cours est complet."
    )
    page.locator(".cp-toc a", has_text="Exercice").click()
    assert learner.title() == "Exercice", "the rest of the course still works"
    assert [e for e in page_errors if "2.js" not in e] == []
