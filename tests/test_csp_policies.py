"""The whole Content-Security-Policy of every kind of page coursepack writes, and what it blocks.

The policy is the last guard against HTML an author (or a copied lesson) slipped in: it must
forbid every script the package did not ship, inline ones included. Each page type's policy is
compared whole with the one written here (a directive loosened anywhere fails), the one-file
page's script and style hashes are worked out again from the page itself, and in Chromium an
injected inline script and an inline event handler must both be refused, with a violation
report, on every page type.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page
from support.learner import COURSES, build, model
from support.lms import LmsSession

from builder.build import check
from builder.diagnostics import Reporter
from builder.render import render
from builder.targets.paper import handout_html
from builder.theme import Theme

#: A course with images, a glossary link target, checks and graded quizzes.
EXAMPLE = COURSES / "decouvrir-openimis"
#: The policy of a player that ships its files beside the page (html folder, SCORM package).
SITE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'none'; form-action 'none'; object-src 'none'; base-uri 'none'; "
    "frame-src 'none'"
)
#: The policy of a page that carries its scripts and styles (one file, handout), by hash.
INLINE_POLICY = (
    "default-src 'none'; script-src {scripts}; style-src {styles}; img-src data:; "
    "media-src data:; base-uri 'none'; form-action 'none'"
)
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_STYLE = re.compile(r"<style(?: media=\"print\")?>(.*?)</style>", re.DOTALL)

#: Tries what an injected fragment would: an inline script and an inline event handler.
#: Returns what ran and which directives reported a violation.
INJECT = """async () => {
  const seen = [];
  document.addEventListener("securitypolicyviolation", (e) => seen.push(e.effectiveDirective));
  const script = document.createElement("script");
  script.textContent = "window.injectedScriptRan = true;";
  document.head.appendChild(script);
  const button = document.createElement("button");
  button.setAttribute("onclick", "window.injectedHandlerRan = true;");
  document.body.appendChild(button);
  button.click();
  for (let i = 0; i < 50 && seen.length < 2; i++) {
    await new Promise((done) => setTimeout(done, 20));
  }
  return {
    ran: [window.injectedScriptRan === true, window.injectedHandlerRan === true],
    violations: seen.sort(),
  };
}"""


def policies(page_html: str) -> list[str]:
    """Every policy the page declares, unescaped as the browser reads it."""
    return [html.unescape(found) for found in _META.findall(page_html)]


def sha256(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def inline_policy(page_html: str) -> str:
    """The policy a page carrying its own scripts and styles must have: exactly their hashes."""
    scripts = " ".join(sha256(text) for text in _SCRIPT.findall(page_html))
    styles = " ".join(sha256(text) for text in _STYLE.findall(page_html))
    return INLINE_POLICY.format(scripts=scripts, styles=styles)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """EXAMPLE built for every target but the PDF, the SCORM package unzipped beside it."""
    out = tmp_path_factory.mktemp("csp")
    build(EXAMPLE, out, "all")
    folder = out / model(EXAMPLE).id
    with zipfile.ZipFile(folder / f"{folder.name}-scorm12.zip") as archive:
        archive.extractall(folder / "package")
    yield folder


def handout_page() -> str:
    reporter = Reporter()
    (course,) = check([EXAMPLE], reporter)
    theme = Theme.for_course(course.root)
    return handout_html(render(course, theme), theme)


def test_the_html_folder_and_the_scorm_package_declare_the_site_policy(built: Path) -> None:
    for index in (built / "html" / "index.html", built / "package" / "index.html"):
        assert policies(index.read_text(encoding="utf-8")) == [SITE_POLICY], index


def test_the_one_file_page_allows_exactly_its_own_scripts_and_styles(built: Path) -> None:
    page_html = (built / f"{built.name}.html").read_text(encoding="utf-8")
    assert len(_SCRIPT.findall(page_html)) > 1, "the runtime travels inside the page"
    assert policies(page_html) == [inline_policy(page_html)]


def test_the_handout_allows_no_script_and_exactly_its_own_styles() -> None:
    page_html = handout_page()
    assert _SCRIPT.findall(page_html) == []
    assert policies(page_html) == [inline_policy(page_html)]
    assert "script-src ;" in policies(page_html)[0], "no script source at all"


def injected(root: Page | Frame) -> dict[str, list[object]]:
    result: dict[str, list[object]] = root.evaluate(INJECT)
    return result


REFUSED = {"ran": [False, False], "violations": ["script-src-attr", "script-src-elem"]}


@pytest.mark.parametrize("kind", ["html", "html-single", "handout"])
def test_an_injected_inline_script_is_refused_from_disk(
    page: Page, built: Path, tmp_path: Path, kind: str
) -> None:
    if kind == "handout":
        path = tmp_path / "handout.html"
        path.write_text(handout_page(), encoding="utf-8")
    else:
        path = built / "html" / "index.html" if kind == "html" else built / f"{built.name}.html"
    page.goto(path.as_uri())
    if kind != "handout":
        assert page.evaluate("document.documentElement.className") == "js", "the player ran"
    assert injected(page) == REFUSED


def test_an_injected_inline_script_is_refused_in_the_lms(
    page: Page, lms_site: Callable[[Path], str], built: Path
) -> None:
    session = LmsSession(page, lms_site(built / "package"))
    frame = session.launch()
    assert frame.evaluate("document.documentElement.className") == "js", "the player ran"
    assert injected(frame) == REFUSED
