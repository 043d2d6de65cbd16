"""Shared fixtures: a system Chromium driven by Playwright, local HTTP servers, the test LMS.

Browser tests use the Debian ``chromium`` at /usr/bin/chromium, never a Playwright download,
so they run the same offline and in CI (tests/run.sh installs it). A missing browser or a
missing ``npm ci`` is a failure, not a skip: a skipped browser suite looks green.

Typical use (pytest puts tests/ on sys.path, hence ``support.lms``)::

    from support.lms import LmsSession

    def test_resume(page, lms_site, page_errors):
        lms = LmsSession(page, lms_site(unzipped_package))
        frame = lms.launch()
        ...
        assert page_errors == []
"""

from __future__ import annotations

import functools
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Playwright, Request, sync_playwright

from builder.cache import CACHE_VARIABLE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LMS_DIR = Path(__file__).parent / "lms"
SCORM_AGAIN = LMS_DIR / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
#: Fixtures that start a browser: a test using one (directly or through another fixture) is
#: marked ``browser``, so ``pytest -m "not browser"`` is the fast tier without anyone having
#: to remember the marker.
BROWSER_FIXTURES = frozenset({"playwright", "browser", "watched_page", "page"})


#: Damaged courses tried by tests/test_fuzz.py in the fast tier; a run that includes the browser
#: tests (the full suite) keeps the module's own count. ``COURSEPACK_FUZZ_EXAMPLES`` wins over both.
FAST_TIER_FUZZ_EXAMPLES = "100"


def pytest_configure(config: pytest.Config) -> None:
    """The fast tier (``-m "not browser"``) searches the fuzz test's space less deeply, so that
    the tier stays quick; the full suite still runs every example."""
    if "not browser" in (config.getoption("markexpr") or ""):
        os.environ.setdefault("COURSEPACK_FUZZ_EXAMPLES", FAST_TIER_FUZZ_EXAMPLES)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that opens a browser ``browser`` (see ``BROWSER_FIXTURES``)."""
    for item in items:
        if BROWSER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder for this test run alone, set in the environment so that the commands
    the tests start use it too: the developer's ~/.cache/coursepack is never read or filled."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_VARIABLE, str(folder))
        yield folder


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """One Playwright driver for the whole run; starting it costs about a second."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Headless system Chromium, shared by all tests (each test gets its own context)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's chromium (tests/run.sh does); "
            "do not use `playwright install`",
            pytrace=False,
        )
    launched = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield launched
    launched.close()


@dataclass
class WatchedPage:
    """A page plus what it did, collected from its first request on."""

    page: Page
    requests: list[Request] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        self.requests.append(request)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console.error: {message.text} ({message.location['url']})")

    def on_page_error(self, error: Exception) -> None:
        self.errors.append(f"uncaught: {error}")


@pytest.fixture
def watched_page(browser: Browser) -> Iterator[WatchedPage]:
    """A fresh context and page with request and error listeners attached before any load.

    Listeners on the page also see its iframes, so a SCO's requests and errors are included.
    """
    context = browser.new_context()
    watched = WatchedPage(context.new_page())
    watched.page.on("request", watched.on_request)
    watched.page.on("console", watched.on_console)
    watched.page.on("pageerror", watched.on_page_error)
    yield watched
    context.close()


@pytest.fixture
def page(watched_page: WatchedPage) -> Page:
    """A new page in its own browser context (no cookies, storage or cache from other tests)."""
    return watched_page.page


@pytest.fixture
def request_log(watched_page: WatchedPage) -> list[Request]:
    """Every request ``page`` and its frames made so far, in order (``[r.url for r in ...]``).

    Lets tests prove a package stays offline: nothing may leave the local server.
    """
    return watched_page.requests


@pytest.fixture
def page_errors(watched_page: WatchedPage) -> list[str]:
    """Console errors (including failed loads such as 404s) and uncaught exceptions of ``page``.

    Tests assert ``page_errors == []``; the messages say which file failed.
    """
    return watched_page.errors


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files without access logs on stderr and without browser caching."""

    def end_headers(self) -> None:
        # Every load reaches the server, so request logs do not depend on the cache.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def http_server() -> Iterator[Callable[[Path], str]]:
    """Factory: ``http_server(root) -> "http://127.0.0.1:PORT"`` serving ``root``.

    Each call starts a server on a free port in a background thread; all of them stop when the
    test ends. Symlinks inside ``root`` are followed.
    """
    servers: list[ThreadingHTTPServer] = []

    def serve(root: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(root))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def lms_site(tmp_path: Path, http_server: Callable[[Path], str]) -> Callable[[Path], str]:
    """Factory: ``lms_site(package_dir) -> base_url`` for ``LmsSession(page, base_url)``.

    Serves a new directory holding two symlinks: ``/lms/`` -> tests/lms (the harness page and
    its node_modules) and ``/sco/`` -> ``package_dir``, an unzipped package. The two share an
    origin, as SCORM's API discovery through ``window.parent`` requires.
    """
    if not SCORM_AGAIN.is_file():
        pytest.fail("run: npm ci --prefix tests/lms", pytrace=False)

    def build(package_dir: Path) -> str:
        site = Path(tempfile.mkdtemp(prefix="site-", dir=tmp_path))
        (site / "lms").symlink_to(LMS_DIR.resolve(), target_is_directory=True)
        (site / "sco").symlink_to(package_dir.resolve(), target_is_directory=True)
        return http_server(site)

    return build
