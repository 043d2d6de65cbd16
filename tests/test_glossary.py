"""The course glossary: its checks, the terms marked in lessons, and the glossary screen.

The fixture ``tests/roots/ok-glossary-branding`` has a glossary.yml with abbreviations
(FOSA, POS, CNLS), a lower-case term (assuré) and a term with an accent (Écart de
facturation); its lessons use them in text, code, links and headings.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from helpers_courses import ROOTS, check_course, rendered, write_course
from playwright.sync_api import Browser, Page, Request, expect
from support.axe import violations
from support.learner import build
from support.scan import scannable_page

from builder.diagnostics import Location
from builder.glossary import anchor, folded
from builder.model import GlossaryEntry
from builder.render import render
from builder.terms import TermMarker
from builder.theme import Theme

FIXTURE = ROOTS / "ok-glossary-branding"
HERE = Location(Path("glossary.yml"), 1, 1)


def entry(term: str, expansion: str | None = None) -> GlossaryEntry:
    return GlossaryEntry(term, expansion, f"About {term}.", HERE)


def mark(html: str, *entries: GlossaryEntry) -> str:
    return TermMarker(entries).mark(html, "p-x")


def test_only_the_first_use_of_a_term_in_a_page_is_marked() -> None:
    html = mark("<p>FOSA, FOSA.</p><p>FOSA</p>", entry("FOSA", "Formation sanitaire"))
    assert html.count('href="#cp-term-fosa"') == 1
    assert html.startswith(
        '<p><span class="cp-term"><a class="cp-term-link" href="#cp-term-fosa" '
        'aria-describedby="p-x-cp-term-fosa"><abbr title="Formation sanitaire">FOSA</abbr></a>'
        '<span class="cp-term-tip" id="p-x-cp-term-fosa" role="tooltip" hidden>'
        "Formation sanitaire</span></span>, FOSA.</p>"
    )


def test_abbreviations_match_whole_words_as_written() -> None:
    fosa = entry("FOSA", "Formation sanitaire")
    for text in ("<p>fosa</p>", "<p>Fosa</p>", "<p>FOSAS</p>", "<p>e-FOSA</p>", "<p>FOSA2</p>"):
        assert mark(text, fosa) == text
    assert "cp-term" in mark("<p>(FOSA)</p>", fosa)


def test_lower_case_terms_match_in_any_case_and_across_line_breaks() -> None:
    html = mark("<p>Un Écart de\nfacturation.</p>", entry("écart de facturation"))
    assert html == (
        '<p>Un <a class="cp-term-link" href="#cp-term-ecart-de-facturation">Écart de\n'
        "facturation</a>.</p>"
    )


def test_code_links_headings_and_an_authors_abbr_are_left_alone() -> None:
    fosa = entry("FOSA", "Formation sanitaire")
    for text in (
        "<p><code>FOSA</code></p>",
        '<p><a href="https://example.org/">la FOSA</a></p>',
        "<h2>La FOSA</h2>",
        '<p><abbr title="Formation sanitaire">FOSA</abbr></p>',
        "<pre><code>FOSA\n</code></pre>",
    ):
        assert mark(text, fosa) == text
    assert mark("<h2>FOSA</h2><p>FOSA</p>", fosa).count("cp-term-link") == 1


def test_the_rest_of_the_html_is_copied_byte_for_byte() -> None:
    html = (
        '<p class="x" title="a &gt; b">R&amp;D &#233; <br>FOSA<img alt="" src="a.png"/></p>'
        "<!--cp-check:0-->"
    )
    marked = mark(html, entry("FOSA"))
    assert marked.replace('<a class="cp-term-link" href="#cp-term-fosa">FOSA</a>', "FOSA") == html


def test_the_longest_term_wins() -> None:
    html = mark("<p>Le GTR SIDA et le SIDA.</p>", entry("SIDA"), entry("GTR SIDA"))
    assert 'href="#cp-term-gtr-sida">GTR SIDA</a> et le <a class="cp-term-link" ' in html


def test_the_glossary_is_sorted_without_regard_to_case_and_accents() -> None:
    course = check_course(FIXTURE)[0][0]
    terms = [e.term for e in course.glossary]
    assert terms == ["assuré", "CNLS", "Écart de facturation", "FOSA", "POS"]
    assert folded("Œuvre") == "oeuvre"
    assert anchor("Écart de facturation") == "cp-term-ecart-de-facturation"


def test_glossary_mistakes_are_reported_where_they_are(tmp_path: Path) -> None:
    course = write_course(
        tmp_path / "cours",
        {
            "glossary.yml": "terms:\n  - term: FOSA\n    defintion: Formation sanitaire.\n"
            "  - term: POS\n    definition: Voir [la procédure](procedure.pdf).\n"
        },
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/glossary.yml:2:5: error: glossary entry is missing the required key "
        "'definition' [schema.missing-key]",
        "cours/glossary.yml:3:5: error: unknown key 'defintion' in glossary entry (did you "
        "mean 'definition'?) [schema.unknown-key]",
    ]
    (course / "glossary.yml").write_text(
        "terms:\n  - term: POS\n    definition: Voir [la procédure](procedure.pdf).\n",
        encoding="utf-8",
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/glossary.yml:3:17: error: 'procedure.pdf' points to a file that does not exist "
        "[link.missing]",
    ]


def test_an_empty_glossary_file_is_an_error(tmp_path: Path) -> None:
    course = write_course(tmp_path / "cours", {"glossary.yml": ""})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/glossary.yml:1:1: error: glossary.yml is missing the required key 'terms' "
        "[schema.missing-key]",
    ]


def test_the_glossary_is_no_page_of_the_course() -> None:
    """Progress, completion and the saved state (codec.js) see the same pages without it."""
    course = check_course(FIXTURE)[0][0]
    theme = Theme.for_course(course.root, course.theme)
    plain = render(replace(course, glossary=()), theme).runtime_data()
    with_glossary = render(course, theme).runtime_data()
    assert json.dumps(with_glossary) == json.dumps(plain)
    assert len(with_glossary["pages"]) == 2


def outside(requests: list[Request], folder: Path) -> list[str]:
    inside = folder.as_uri() + "/"
    return [r.url for r in requests if not r.url.startswith(inside)]


def test_a_term_is_reachable_by_keyboard_and_leads_to_its_entry(
    browser: Browser, tmp_path: Path
) -> None:
    build(FIXTURE, tmp_path, "html")
    folder = tmp_path / "ok-glossary-branding" / "html"
    with scannable_page(browser) as (page, request_log, page_errors):
        keyboard_to_the_glossary_and_back(page, folder)
        assert outside(request_log, folder) == []
        assert page_errors == []


def keyboard_to_the_glossary_and_back(page: Page, folder: Path) -> None:
    page.goto(folder.joinpath("index.html").as_uri())
    lesson = page.locator("#p-bases--accueil")
    expect(lesson).to_be_visible()
    saved = page.evaluate("() => JSON.stringify(window.localStorage)")
    progress = page.locator("#cp-progress-text").inner_text()

    term = lesson.locator("a.cp-term-link").first
    tip = lesson.locator("#p-bases--accueil-cp-term-fosa")
    expect(tip).to_be_hidden()
    page.locator("#p-bases--accueil-title").focus()
    page.keyboard.press("Tab")
    expect(term).to_be_focused()
    expect(term).to_have_attribute("aria-describedby", "p-bases--accueil-cp-term-fosa")
    expect(tip).to_be_visible()
    expect(tip).to_have_text("Formation sanitaire")
    expect(term.locator("abbr")).to_have_attribute("title", "Formation sanitaire")
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()

    page.keyboard.press("Enter")
    entry_title = page.locator("#cp-term-fosa")
    expect(page.locator("#cp-glossary")).to_be_visible()
    expect(lesson).to_be_hidden()
    expect(entry_title).to_be_focused()
    expect(entry_title).to_contain_text("FOSA (Formation sanitaire)")
    expect(page.locator(".cp-pager")).to_be_hidden()
    expect(page.locator(".cp-toc-glossary")).to_have_attribute("aria-current", "page")
    assert violations(page, "glossary page") == []
    assert page.locator("#cp-progress-text").inner_text() == progress
    assert page.evaluate("() => JSON.stringify(window.localStorage)") == saved

    page.locator(".cp-glossary-back").first.click()
    expect(lesson).to_be_visible()
    expect(term).to_be_focused()
    expect(page.locator("#cp-glossary")).to_be_hidden()


def test_the_glossary_opens_from_the_table_of_contents(
    page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    build(FIXTURE, tmp_path, "html")
    page.goto((tmp_path / "ok-glossary-branding" / "html" / "index.html").as_uri())
    page.locator("#cp-next").click()
    expect(page.locator("#p-bases--suite")).to_be_visible()
    page.locator(".cp-toc-glossary").click()
    expect(page.locator("#cp-glossary-title")).to_be_focused()
    page.locator(".cp-glossary-back").last.click()
    expect(page.locator("#p-bases--suite-title")).to_be_focused()
    page.locator('.cp-toc a[data-page="0"]').click()
    expect(page.locator("#p-bases--accueil")).to_be_visible()
    expect(page.locator(".cp-toc-glossary")).not_to_have_attribute("aria-current", "page")
    assert page_errors == []
