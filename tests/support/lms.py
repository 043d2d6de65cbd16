"""Drive a SCO through the test LMS page (tests/lms/lms.html) the way Moodle would host it.

scorm-again plays the SCORM 1.2 API and validates every call. This module adds Moodle's
bookkeeping around it: what a new session is handed from the previous one (``launch``), and what
Moodle stores when a session ends (``record``), following mod/scorm's ``get_scorm_default`` and
``StoreData`` (see /work/shared/scorm12/SPEC-DIGEST.md, sections 6, 9 and 10). Chaining
``record()`` into the next ``launch(prior=...)`` replays a learner leaving and coming back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, cast
from urllib.parse import urljoin

from playwright.sync_api import Frame, Page

STUDENT_ID = "student1"
STUDENT_NAME = "Student, Test"
FINAL_STATUSES = ("completed", "passed", "failed")
# CMITimespan as Moodle's scorm_12.js accepts it: 2-4 hour digits, optional 1-2 decimals.
_TIMESPAN = re.compile(r"^(\d{2,4}):(\d{2}):(\d{2})(?:\.(\d{1,2}))?$")


@dataclass(frozen=True)
class LmsRecord:
    """What Moodle keeps for one SCO after a session; the defaults mean "nothing stored yet".

    ``lesson_status == ""`` is Moodle's "no track at all", which makes the next entry
    ``ab-initio``. ``finished`` says whether that session's LMSFinish succeeded: only then does
    Moodle add the session time to ``total_time`` and apply its end-of-session status rules.
    ``interactions`` are the ids of the journal entries stored so far, oldest first: a new
    session cannot read them back (write-only), only their ``cmi.interactions._count``.
    """

    lesson_status: str = ""
    score_raw: str = ""
    score_min: str = ""
    score_max: str = ""
    lesson_location: str = ""
    suspend_data: str = ""
    exit: str = ""
    total_time: str = "00:00:00"
    finished: bool = False
    interactions: tuple[str, ...] = ()


class LmsSession:
    """One browser page acting as the LMS for a served package.

    ``base_url`` must serve the harness at ``/lms/lms.html`` (with scorm-again below
    ``/lms/node_modules``) and the package below ``/sco/``; the ``lms_site`` fixture builds such
    a site. ``calls``, ``cmi`` and ``record`` describe the latest ``launch``; take them before
    launching again, because the next launch replaces the page together with its API.
    """

    def __init__(self, page: Page, base_url: str) -> None:
        self._page = page
        self._base_url = base_url.rstrip("/") + "/"
        self._prior = LmsRecord()
        self._mastery_score = ""

    def launch(
        self,
        launch_path: str = "/sco/index.html",
        prior: LmsRecord | None = None,
        *,
        mastery_score: str = "",
        new_window: bool = False,
    ) -> Frame:
        """Open the LMS page, start a session continuing ``prior`` and load the SCO.

        ``mastery_score`` is the manifest's ``adlcp:masteryscore`` ("" when absent), which
        Moodle uses at LMSFinish. With ``new_window`` the SCO opens in a pop-up window
        instead of an iframe. Returns the SCO's frame, ready for clicks and assertions.
        """
        self._prior = prior or LmsRecord()
        self._mastery_score = mastery_score
        sco_url = urljoin(self._base_url, launch_path.lstrip("/"))
        # Checked first: a wrong path would otherwise load a 404 page and fail much later.
        status = self._page.request.get(sco_url).status
        assert status == 200, f"SCO launch page {sco_url} answered HTTP {status}"
        self._page.goto(urljoin(self._base_url, "lms/lms.html"))
        start = "([cmi, url, display]) => window.startLms(cmi, url, display)"
        launch_data = moodle_launch_data(self._prior, mastery_score)
        if new_window:
            with self._page.context.expect_page() as opened:
                self._page.evaluate(start, [launch_data, sco_url, "window"])
            popup = opened.value
            popup.wait_for_load_state()
            return popup.main_frame
        self._page.evaluate(start, [launch_data, sco_url, "frame"])
        frame = self._page.locator("#sco").element_handle().content_frame()
        assert frame is not None, "the #sco iframe has no content frame"
        return frame

    def unload(self) -> None:
        """Navigate the SCO away, as closing it in Moodle does, so its unload handlers run."""
        self._page.evaluate("() => window.unloadSco()")

    def calls(self) -> list[dict[str, Any]]:
        """The API calls so far: ``{"fn", "args", "result", "error"}``, oldest first.

        ``error`` is what LMSGetLastError() said right after the call, as a string ("0" = ok).
        """
        return cast(list[dict[str, Any]], self._page.evaluate("() => window.lmsLog"))

    def cmi(self) -> dict[str, str]:
        """scorm-again's data model now, flat (``"cmi.core.lesson_status"`` -> value).

        Read from the JavaScript objects, so it includes the write-only elements
        (``cmi.core.exit``, ``cmi.core.session_time``, interactions) that LMSGetValue refuses.
        scorm-again stores time spans normalized (``"0000:01:30.00"`` reads back ``"00:01:30"``).
        """
        return flatten(self._page.evaluate("() => window.lmsSnapshot()"))

    def record(self) -> LmsRecord:
        """What Moodle would have stored once this session is over.

        Only LMSCommit and LMSFinish store anything, so this is built from the data model as the
        last successful one of them found it; without either, Moodle still holds ``prior``.
        """
        stored = cast(list[dict[str, Any]], self._page.evaluate("() => window.lmsStored"))
        if not stored:
            return replace(self._prior, finished=False)
        cmi = flatten(stored[-1]["cmi"])
        finished = stored[-1]["fn"] == "LMSFinish"
        return LmsRecord(
            lesson_status=(
                moodle_final_status(cmi, self._mastery_score)
                if finished
                else cmi["cmi.core.lesson_status"]
            ),
            score_raw=cmi["cmi.core.score.raw"],
            score_min=cmi["cmi.core.score.min"],
            score_max=cmi["cmi.core.score.max"],
            lesson_location=cmi["cmi.core.lesson_location"],
            suspend_data=cmi["cmi.suspend_data"],
            exit=cmi["cmi.core.exit"],
            total_time=(
                add_timespans(self._prior.total_time, cmi["cmi.core.session_time"])
                if finished
                else self._prior.total_time
            ),
            finished=finished,
            interactions=interaction_ids(cmi),
        )


def moodle_launch_data(prior: LmsRecord, mastery_score: str = "") -> dict[str, Any]:
    """The data Moodle's ``get_scorm_default`` hands a session that follows ``prior``.

    Nested like scorm-again's cmi JSON. ``exit`` is handed back too: Moodle's player starts from
    the stored value and only sends changes, so an exit the SCO does not set again survives.
    Session time is not: it starts at its default every session. Once the status is final,
    Moodle re-opens the attempt in review mode (no credit) unless a new attempt is started.
    """
    if not prior.lesson_status:
        entry = "ab-initio"
    elif prior.exit == "suspend":
        entry = "resume"
    else:
        entry = ""
    # An attempt whose status is final re-opens in review mode (mod/scorm lib.php scorm_check_mode).
    review = prior.lesson_status in FINAL_STATUSES
    return {
        "core": {
            "student_id": STUDENT_ID,
            "student_name": STUDENT_NAME,
            "credit": "no-credit" if review else "credit",
            "lesson_mode": "review" if review else "normal",
            "entry": entry,
            "lesson_status": prior.lesson_status or "not attempted",
            "lesson_location": prior.lesson_location,
            "total_time": prior.total_time,
            "exit": prior.exit,
            "score": {"raw": prior.score_raw, "min": prior.score_min, "max": prior.score_max},
        },
        "suspend_data": prior.suspend_data,
        "interactions": [{"id": interaction} for interaction in prior.interactions],
        "student_data": {"mastery_score": mastery_score},
        "student_preference": {"audio": "0", "speed": "0", "text": "0"},
    }


def moodle_final_status(cmi: Mapping[str, str], mastery_score: str) -> str:
    """The lesson_status Moodle's ``StoreData`` stores at LMSFinish, from the SCO's final data.

    "not attempted" becomes "completed"; then, in a normal credit session with a mastery score
    and a raw score, the score decides passed/failed whatever the SCO said (masteryoverride is
    on by default). scorm-again's own rules differ: it leaves "not attempted" as it is.
    """
    status = cmi["cmi.core.lesson_status"]
    if status == "not attempted":
        status = "completed"
    raw = cmi["cmi.core.score.raw"]
    for_credit = cmi["cmi.core.lesson_mode"] == "normal" and cmi["cmi.core.credit"] == "credit"
    if for_credit and mastery_score and raw:
        status = "passed" if float(raw) >= float(mastery_score) else "failed"
    return status


def add_timespans(first: str, second: str) -> str:
    """Add two CMITimespans the way Moodle accumulates total_time (``AddTime``).

    Moodle always writes two-digit centiseconds: ``00:01:30`` + ``00:01:30`` is ``00:03:00.00``.
    Unlike Moodle, a one-digit fraction counts as tenths (".5" is 50 centiseconds, not 5).
    """
    hours, rest = divmod(_centiseconds(first) + _centiseconds(second), 360_000)
    minutes, rest = divmod(rest, 6_000)
    seconds, cents = divmod(rest, 100)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{cents:02d}"


def _centiseconds(timespan: str) -> int:
    match = _TIMESPAN.match(timespan)
    if match is None:
        raise ValueError(f"not a SCORM 1.2 CMITimespan: {timespan!r}")
    hours, minutes, seconds, fraction = match.groups()
    whole_seconds = int(hours) * 3600 + int(minutes) * 60 + int(seconds)
    return whole_seconds * 100 + int((fraction or "").ljust(2, "0"))


def interaction_ids(cmi: Mapping[str, str]) -> tuple[str, ...]:
    """The ids of the interactions in a flat data model, by index."""
    ids: list[str] = []
    while f"cmi.interactions.{len(ids)}.id" in cmi:
        ids.append(cmi[f"cmi.interactions.{len(ids)}.id"])
    return tuple(ids)


def flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Nested cmi JSON to dotted names, the form SCORM elements are written in."""
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = "" if value is None else str(value)
    return flat
