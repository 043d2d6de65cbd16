"""Coursepack's policy leads every page, so nothing a course's template writes runs before it.

A policy given by ``<meta>`` covers only what follows it. An attacker's review put a script
ahead of the template's policy, hidden from the check's HTML parser by the ways browsers and
Python read comments and CDATA differently, and split (``<scr{{ "" }}ipt``) so that no text
scan sees it. Coursepack now writes its policy first, outside the template; in Chromium, from
disk and inside the test LMS over HTTP, the hidden script must not run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers_courses import ROOTS, write_course
from playwright.sync_api import Page
from support.learner import build, scorm_package
from support.lms import LmsSession

INDEX = (ROOTS / ".." / ".." / "themes" / "default" / "templates" / "index.html").resolve()
SCRIPT = '<scr{{ "" }}ipt>window.injected = 1; document.title = "XSS"</scr{{ "" }}ipt>'
#: Each hides SCRIPT from Python's html.parser while Chromium sees an element.
HIDDEN = {
    "cdata": f"<![CDATA[ x>{SCRIPT} ]]>",
    "comment-bang": f"<!-- --!>{SCRIPT} -->",
    "empty-comment": f"<!-->{SCRIPT} -->",
}
TITLE = "Premiers pas avec openIMIS"


def hiding_course(root: Path, hidden: str) -> Path:
    """A course whose player template carries ``hidden`` at the top of its head."""
    # The player's own script elements, split as the attack splits its own, pass the text scan.
    text = INDEX.read_text(encoding="utf-8").replace("<script", '<scr{{ "" }}ipt')
    head = '<meta name="viewport"'
    assert head in text
    return write_course(
        root, {"_theme/templates/index.html": text.replace(head, hidden + "\n" + head, 1)}
    )


def assert_nothing_injected(root: Page, errors: list[str]) -> None:
    assert root.evaluate("window.injected") is None
    assert root.evaluate("document.title") == TITLE
    assert all("Content Security Policy" in error for error in errors), errors


@pytest.mark.parametrize("way", sorted(HIDDEN))
def test_a_hidden_script_does_not_run_from_disk(
    way: str, page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    course = hiding_course(tmp_path / "cours", HIDDEN[way])
    build(course, tmp_path / "dist", "html")
    index = tmp_path / "dist" / "essai" / "html" / "index.html"
    page.goto(index.as_uri())
    page.wait_for_selector("#p-bases--accueil:not([hidden])")
    assert_nothing_injected(page, page_errors)
    text = index.read_text(encoding="utf-8")
    assert text.startswith('<!doctype html>\n<meta charset="utf-8">\n<meta http-equiv="Content')


def test_a_hidden_script_does_not_run_in_the_lms(
    page: Page, lms_site: Callable[[Path], str], page_errors: list[str], tmp_path: Path
) -> None:
    course = hiding_course(tmp_path / "cours", HIDDEN["cdata"])
    session = LmsSession(page, lms_site(scorm_package(course, tmp_path)))
    frame = session.launch()
    frame.wait_for_selector("#p-bases--accueil:not([hidden])")
    assert frame.evaluate("window.injected") is None
    assert frame.evaluate("document.title") == TITLE
    assert all("Content Security Policy" in error for error in page_errors), page_errors
