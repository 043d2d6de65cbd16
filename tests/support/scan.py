"""A page axe can be injected into: the player's Content-Security-Policy allows no inline
script, and axe arrives as one. Every request is still logged, so a test on this page can
prove the output stays offline. Only uncaught script errors are kept: from ``file://``,
axe's own attempts to read the stylesheets fail in the console, and say nothing of ours.
(Tests of the policy itself use the strict page.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from playwright.sync_api import Browser, Page, Request


@contextmanager
def scannable_page(browser: Browser) -> Iterator[tuple[Page, list[Request], list[str]]]:
    """A fresh page ignoring CSP, with the requests it makes and its uncaught errors."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    requests: list[Request] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request))
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page, requests, errors
    finally:
        context.close()
