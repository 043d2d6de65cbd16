"""The Content-Security-Policy of built pages, in Chromium, from disk and inside the test LMS.

Chromium treats ``'self'`` oddly for ``file://`` pages, so the flagship course is opened
straight from disk and walked page by page: its scripts must run, its stylesheet and images
must load, and the page must report no violation at all. A request to the internet, made the
way injected HTML would make one, must then be refused by the policy before it leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Frame, Page, Request
from support.learner import COURSES, Learner, build, model, scorm_package
from support.lms import LmsSession

FLAGSHIP = COURSES / "openimis-point-focal"
#: The shipped course with lesson images.
EXAMPLE = COURSES / "decouvrir-openimis"
REMOTE = "http://example.com/x.png"

#: Runs in every frame before its own scripts: keeps each CSP violation the frame reports.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push({directive: event.effectiveDirective, blocked: event.blockedURI});
});
"""


def violations(root: Page | Frame) -> list[dict[str, str]]:
    found: list[dict[str, str]] = root.evaluate("window.cspViolations")
    return found


def images_loaded_here(root: Page | Frame) -> int:
    """How many images of the current page have loaded; fails on one that did not."""
    images = root.locator(".cp-page:not([hidden]) img")
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
    loaded: list[Any] = root.evaluate(
        """async () => {
            const shown = [...document.querySelectorAll(".cp-page:not([hidden]) img")];
            await Promise.all(shown.map((img) => img.decode().catch(() => null)));
            return shown.map((img) => [img.getAttribute("src"), img.naturalWidth]);
        }"""
    )
    assert all(width > 0 for _, width in loaded), loaded
    return len(loaded)


def try_remote_requests(root: Page | Frame) -> list[dict[str, str]]:
    """Ask for an outside image and an outside fetch; return the violations they caused."""
    return list(
        root.evaluate(
            """async (url) => {
                const before = window.cspViolations.length;
                new Image().src = url;
                await fetch(url).catch(() => null);
                for (let i = 0; i < 50 && window.cspViolations.length < before + 2; i++) {
                    await new Promise((done) => setTimeout(done, 20));
                }
                return window.cspViolations.slice(before);
            }""",
            REMOTE,
        )
    )


def walk_from_disk(page: Page, course_dir: Path, out: Path) -> int:
    """Build the HTML folder, open it from disk and show every page; returns images loaded."""
    build(course_dir, out, "html")
    folder = out / model(course_dir).id / "html"
    page.context.add_init_script(WATCH_VIOLATIONS)
    page.goto((folder / "index.html").as_uri())
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').first.get_attribute(
        "content"
    )
    assert "default-src 'self'" in str(policy)
    learner = Learner(page, model(course_dir))
    assert page.evaluate("document.documentElement.className") == "js", "player.js did not run"
    toc = "getComputedStyle(document.querySelector('.cp-toc')).display"
    assert page.evaluate(toc) != "inline", "player.css did not load"
    images = 0
    for _ in range(len(page.locator(".cp-page").all()) - 1):
        images += images_loaded_here(page)
        learner.next()
    return images


def test_the_flagship_runs_from_disk_under_its_policy(
    page: Page, request_log: list[Request], page_errors: list[str], tmp_path: Path
) -> None:
    walk_from_disk(page, FLAGSHIP, tmp_path)
    assert violations(page) == []
    assert page_errors == []

    refused = try_remote_requests(page)
    assert {(v["directive"], v["blocked"]) for v in refused} == {
        ("img-src", REMOTE),
        ("connect-src", REMOTE),
    }
    # Chromium lists a refused request too, failed with reason "csp": it never left.
    assert [r.failure for r in request_log if "example.com" in r.url] in ([], ["csp"], ["csp"] * 2)


def test_lesson_images_load_from_disk_under_the_policy(
    page: Page, page_errors: list[str], tmp_path: Path
) -> None:
    assert walk_from_disk(page, EXAMPLE, tmp_path) > 0
    assert violations(page) == []
    assert page_errors == []


def test_the_package_runs_in_the_lms_under_its_policy(
    page: Page, lms_site: Callable[[Path], str], page_errors: list[str], tmp_path: Path
) -> None:
    page.context.add_init_script(WATCH_VIOLATIONS)
    session = LmsSession(page, lms_site(scorm_package(FLAGSHIP, tmp_path)))
    frame = session.launch()
    learner = Learner(frame, model(FLAGSHIP))
    learner.next()
    assert learner.title() == model(FLAGSHIP).modules[0].lessons[1].title
    assert session.calls()[0]["fn"] == "LMSInitialize"
    assert violations(frame) == []
    assert page_errors == []

    refused = try_remote_requests(frame)
    assert {v["directive"] for v in refused} == {"img-src", "connect-src"}
