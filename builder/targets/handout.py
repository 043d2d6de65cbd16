"""``handout``: a PDF of the whole course for trainers, printed by a Chromium-family browser.

Chromium's own print-to-PDF renders the handout with the same engine and the
same print stylesheet as a learner printing from the player, so paper and
screen never drift apart, and it adds no Python dependency (WeasyPrint would
bring its own CSS engine, Pango and cairo). The browser is found on the PATH
or named by ``COURSEPACK_BROWSER``; it runs headless on a static page, whose
policy forbids scripts and requests, in a temporary folder.

The PDF carries creation dates; they are set from ``SOURCE_DATE_EPOCH`` (or
1980-01-01) so one browser version gives the same bytes on every build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from builder.render import RenderedCourse
from builder.targets.base import OneFileTarget
from builder.targets.paper import handout_html
from builder.theme import Theme
from builder.writer import SettingError, zip_timestamp

BROWSER_VARIABLE = "COURSEPACK_BROWSER"
BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "msedge",
    "microsoft-edge",
)
TIMEOUT_SECONDS = 120
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \((D:[^)]*)\)")


class BrowserError(SettingError):
    """No browser to print handouts with, or the browser failed."""


def find_browser() -> Path:
    """The browser named by ``COURSEPACK_BROWSER``, else the first Chromium-family one on PATH."""
    named = os.environ.get(BROWSER_VARIABLE)
    if named:
        found = shutil.which(named)
        if found is None:
            raise BrowserError(
                f"{BROWSER_VARIABLE} is '{named}', which is not a program that can be run; "
                "set it to the full path of Chromium, Google Chrome or Microsoft Edge"
            )
        return Path(found)
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found is not None:
            return Path(found)
    raise BrowserError(
        "the handout target prints PDFs with Chromium, and no Chromium-family browser was "
        f"found ({', '.join(BROWSER_NAMES)}); install one (Debian/Ubuntu: "
        f"'sudo apt install chromium') or set {BROWSER_VARIABLE} to its full path"
    )


def browser_command(browser: Path, page: Path, pdf: Path, profile: Path) -> list[str]:
    """Headless print-to-PDF, with the browser's own background traffic off."""
    command = [
        str(browser),
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",  # bookmarks from the headings
        f"--user-data-dir={profile}",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to start as root otherwise
    return command


def print_to_pdf(html: str, browser: Path) -> bytes:
    """``html`` printed to PDF by ``browser``, in a temporary folder removed afterwards."""
    temporary = tempfile.TemporaryDirectory(
        prefix="coursepack-handout-", ignore_cleanup_errors=True
    )
    with temporary as work:
        folder = Path(work)
        page, pdf = folder / "handout.html", folder / "handout.pdf"
        page.write_text(html, encoding="utf-8")
        command = browser_command(browser, page, pdf, folder / "profile")
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False
            )
        except (OSError, subprocess.TimeoutExpired) as failed:
            raise BrowserError(f"{browser} could not print the handout: {failed}") from None
        if done.returncode != 0 or not pdf.is_file():
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise BrowserError(
                f"{browser} could not print the handout (exit {done.returncode}): {last}"
            )
        return stable_dates(pdf.read_bytes())


def stable_dates(pdf: bytes) -> bytes:
    """``pdf`` with its creation and change dates set to the build's fixed time.

    Only same-length replacements are made, so the cross-reference table's
    byte offsets stay right.
    """
    stamp = time.strftime("D:%Y%m%d%H%M%S+00'00'", (*zip_timestamp(), 0, 1, 0))

    def fixed(found: re.Match[bytes]) -> bytes:
        if len(found[2]) != len(stamp):
            return found[0]
        return b"/" + found[1] + b" (" + stamp.encode("ascii") + b")"

    return _PDF_DATE.sub(fixed, pdf)


class HandoutTarget(OneFileTarget):
    name = "handout"
    description = "PDF handout for trainers, with an answer key (needs Chromium)"
    in_all = False
    suffix = "-handout.pdf"

    def files(self, rendered: RenderedCourse, theme: Theme) -> dict[str, bytes]:
        pdf = print_to_pdf(handout_html(rendered, theme), find_browser())
        return {self.file_name(rendered.course): pdf}
