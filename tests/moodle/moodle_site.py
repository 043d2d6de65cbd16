"""A real Moodle 4.3.0 for the tests: start it, add SCORM activities, read what it stored,
and a student who takes a course in Chromium through Moodle's own player page.

The Moodle comes from the shared folder beside the clone (``../shared/moodle``): its
``start.sh`` installs and starts it (seconds when it already runs) and prints its settings as
``KEY=value`` lines; its PHP helpers add an activity with any setting and dump every track,
the grade and the completion state Moodle recorded. Nothing here writes to Moodle's tables:
what the tests read is what Moodle did through its own pages and event flow.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Frame, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

#: How long a beacon sent while a page unloads may take to be stored.
STORE_WAIT = 15.0
#: Moodle's pages are heavy for a PHP built-in server on a busy 2-core machine (milliseconds).
PAGE_WAIT = 90_000
LOGIN_WAIT = 30_000
LOGIN_TRIES = 3


def parse_env(output: str) -> dict[str, str]:
    """The ``KEY=value`` lines start.sh prints last (other lines are its JSON and logs)."""
    found: dict[str, str] = {}
    for line in output.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.isupper() and key.replace("_", "").isalnum():
            found[key] = value
    return found


@dataclass(frozen=True)
class Activity:
    """A SCORM activity as add_scorm.php created it."""

    cmid: int
    view_url: str
    settings: dict[str, Any]


@dataclass(frozen=True)
class MoodleSite:
    """The running Moodle and its PHP helpers."""

    lib: Path
    env: dict[str, str]

    @property
    def wwwroot(self) -> str:
        return self.env["MOODLE_WWWROOT"]

    def php(self, script: str, *args: str) -> str:
        done = subprocess.run(
            ["php", str(self.lib / script), *args],
            capture_output=True,
            text=True,
            env={**os.environ, **self.env},
            check=False,
        )
        assert done.returncode == 0, f"{script} {args} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def add_activity(self, package: Path, name: str, **settings: int | str) -> Activity:
        """Add ``package`` to the test course as a SCORM activity with these settings."""
        sets = [f"--set={key}={value}" for key, value in settings.items()]
        made = json.loads(self.php("add_scorm.php", f"--zip={package}", f"--name={name}", *sets))
        assert made["ok"], made
        return Activity(made["cmid"], made["view_url"], made["settings"])

    def stored(self, activity: Activity) -> dict[str, Any]:
        """Everything Moodle recorded for the student in ``activity`` (dump_attempt.php)."""
        dumped: dict[str, Any] = json.loads(self.php("dump_attempt.php", f"--cmid={activity.cmid}"))
        return dumped

    def stored_when(
        self, activity: Activity, ready: Callable[[dict[str, Any]], bool]
    ) -> dict[str, Any]:
        """What Moodle recorded once ``ready`` holds: a beacon is stored a moment after the
        page that sent it is gone. Returns the last dump either way, for the assertions."""
        deadline = time.monotonic() + STORE_WAIT
        dump = self.stored(activity)
        while not ready(dump) and time.monotonic() < deadline:
            time.sleep(0.5)
            dump = self.stored(activity)
        return dump


def sco(dump: dict[str, Any], attempt: int = 1) -> dict[str, Any]:
    """Moodle's summary of the (only) SCO in ``attempt``."""
    found = [s for s in dump["summary"] if s["attempt"] == attempt and s["tracked"]]
    assert len(found) == 1, dump["summary"]
    return found[0]


def seconds(timespan: str | None) -> float:
    """A CMITimespan (HHHH:MM:SS.SS) as seconds."""
    assert timespan, "no time stored"
    hours, minutes, secs = timespan.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(secs)


class Student:
    """student1 in Chromium, on Moodle's pages; the course plays in the player's frame."""

    def __init__(self, context: BrowserContext, site: MoodleSite) -> None:
        self.context = context
        self.site = site
        context.set_default_timeout(PAGE_WAIT)
        context.set_default_navigation_timeout(PAGE_WAIT)
        self.page = context.new_page()
        self.log_in()

    def log_in(self) -> None:
        """Log in on Moodle's login page, once it has fully loaded: the first login of a run,
        submitted as soon as the form was there, has been seen to hang. A fresh login page is
        tried again if it still does."""
        seen = ""
        for _ in range(LOGIN_TRIES):
            self.page.goto(f"{self.site.wwwroot}/login/index.php", wait_until="load")
            self.page.fill("#username", self.site.env["STUDENT_USER"])
            self.page.fill("#password", self.site.env["STUDENT_PASS"])
            self.page.click("#loginbtn")
            try:
                # Logged in once Moodle leaves the login pages; its dashboard need not load.
                self.page.wait_for_url(
                    lambda url: "/login/" not in url, wait_until="commit", timeout=LOGIN_WAIT
                )
                return
            except PlaywrightTimeoutError:
                seen = f"{self.page.url}: {self.page.inner_text('body')[:300]}"
        raise AssertionError(f"student could not log in; Moodle showed {seen}")

    def open(self, activity: Activity) -> Page:
        """The activity's entry page, with its Enter button and attempt options."""
        self.page.goto(activity.view_url, wait_until="domcontentloaded")
        return self.page

    def enter(self, activity: Activity, new_attempt: bool = False) -> Frame:
        """Open the activity and press Enter (ticking "Start a new attempt" if asked);
        returns the frame the course plays in, once the player is on its first page."""
        self.open(activity)
        if new_attempt:
            self.page.check("#a")
        self.page.click("#n")
        self.page.wait_for_url("**/mod/scorm/player.php**", wait_until="domcontentloaded")
        holder = self.page.wait_for_selector("#scorm_object")
        assert holder is not None
        frame = holder.content_frame()
        assert frame is not None
        frame.wait_for_selector(".cp-page:not([hidden])")
        return frame

    def exit_activity(self) -> None:
        """Moodle's "Exit activity" button, back to the course page."""
        self.page.get_by_role("link", name="Exit activity").click()
        self.page.wait_for_url("**/course/view.php**", wait_until="domcontentloaded")

    def close_tab(self) -> None:
        """Close the tab as a learner does (beforeunload, pagehide, unload), then open a new one."""
        self.page.close(run_before_unload=True)
        self.page = self.context.new_page()
