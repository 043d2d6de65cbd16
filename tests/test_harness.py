"""Self-test of the browser harness, independent of coursepack.

Later tests trust the harness to be a strict, Moodle-like LMS: a package that passes here should
pass on Moodle. These tests pin that down with a hand-written SCO: the API log, the stored record,
what a relaunch hands back, time accumulation, Moodle's end-of-session status rules and the
values a real Moodle rejects.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, Request
from support.lms import LmsRecord, LmsSession

# Initializes on load and reads what a resuming SCO needs; "Finish" saves a bookmark and suspends.
SCO_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>harness probe</title>
<script>
"use strict";
function findApi(win) {
  for (let depth = 0; win && depth < 7; depth += 1) {
    if (win.API) return win.API;
    if (win.parent === win) break;
    win = win.parent;
  }
  return null;
}
const api = findApi(window);
api.LMSInitialize("");
for (const element of ["cmi.core.entry", "cmi.core.lesson_location", "cmi.suspend_data",
                       "cmi.core.total_time"]) {
  api.LMSGetValue(element);
}
function finish() {
  api.LMSSetValue("cmi.core.lesson_location", "p2");
  api.LMSSetValue("cmi.core.lesson_status", "incomplete");
  api.LMSSetValue("cmi.suspend_data", "abc");
  api.LMSSetValue("cmi.core.session_time", "0000:01:30.00");
  api.LMSSetValue("cmi.core.exit", "suspend");
  api.LMSCommit("");
  api.LMSFinish("");
}
</script>
</head>
<body><button id="finish" onclick="finish()">Finish</button></body>
</html>
"""
SUSPENDED = LmsRecord(
    lesson_status="incomplete",
    lesson_location="p2",
    suspend_data="abc",
    exit="suspend",
    total_time="00:01:30.00",
    finished=True,
)


@pytest.fixture
def lms(page: Page, lms_site: Callable[[Path], str], tmp_path: Path) -> LmsSession:
    """An LMS session over a package made of SCO_PAGE alone."""
    package = tmp_path / "package"
    package.mkdir()
    (package / "index.html").write_text(SCO_PAGE, encoding="utf-8")
    return LmsSession(page, lms_site(package))


def reads(lms: LmsSession) -> dict[str, str]:
    """What each LMSGetValue call returned, by element."""
    return {call["args"][0]: call["result"] for call in lms.calls() if call["fn"] == "LMSGetValue"}


def api_call(frame: Frame, method: str, *args: str) -> str:
    """Call the LMS API from inside the SCO, exactly as SCO code would."""
    return str(frame.evaluate("([m, args]) => parent.API[m](...args)", [method, list(args)]))


def test_first_session_is_logged_and_recorded(
    lms: LmsSession, request_log: list[Request], page_errors: list[str]
) -> None:
    lms.launch().click("#finish")

    calls = lms.calls()
    assert [call["fn"] for call in calls] == [
        "LMSInitialize",
        *["LMSGetValue"] * 4,
        *["LMSSetValue"] * 5,
        "LMSCommit",
        "LMSFinish",
    ]
    assert {(call["result"], call["error"]) for call in calls if call["fn"] != "LMSGetValue"} == {
        ("true", "0")
    }
    assert calls[-3]["args"] == ["cmi.core.exit", "suspend"]
    assert reads(lms) == {
        "cmi.core.entry": "ab-initio",
        "cmi.core.lesson_location": "",
        "cmi.suspend_data": "",
        "cmi.core.total_time": "00:00:00",
    }
    # Write-only elements are visible to the tests although LMSGetValue refuses them (404).
    cmi = lms.cmi()
    assert (cmi["cmi.core.exit"], cmi["cmi.core.session_time"]) == ("suspend", "00:01:30")
    assert cmi["cmi.core.student_id"] == "student1"
    assert lms.record() == SUSPENDED
    assert all(request.url.startswith("http://127.0.0.1:") for request in request_log)
    assert page_errors == []


def test_relaunch_resumes_and_accumulates_time(lms: LmsSession, page_errors: list[str]) -> None:
    lms.launch().click("#finish")
    lms.launch(prior=lms.record()).click("#finish")

    assert reads(lms) == {
        "cmi.core.entry": "resume",
        "cmi.core.lesson_location": "p2",
        "cmi.suspend_data": "abc",
        "cmi.core.total_time": "00:01:30",  # scorm-again drops the ".00" Moodle stores
    }
    assert lms.record().total_time == "00:03:00.00"
    assert page_errors == []


@pytest.mark.parametrize(
    ("element", "value", "error"),
    [
        ("cmi.core.session_time", "PT1M", "405"),  # SCORM 2004 duration
        ("cmi.core.session_time", "0:05:30", "405"),  # Moodle wants 2-4 hour digits
        ("cmi.core.session_time", "00:00:01.123", "405"),  # at most 2 decimals
        ("cmi.core.exit", "normal", "405"),  # SCORM 2004 vocabulary
        ("cmi.core.lesson_status", "not attempted", "405"),
        ("cmi.core.score.raw", "101", "405"),
        ("cmi.core.entry", "resume", "403"),
        ("cmi.core.suspend_data", "abc", "201"),  # it is cmi.suspend_data
    ],
)
def test_rejects_what_moodle_rejects(lms: LmsSession, element: str, value: str, error: str) -> None:
    frame = lms.launch()

    assert api_call(frame, "LMSSetValue", element, value) == "false"
    assert api_call(frame, "LMSGetLastError") == error
    assert lms.calls()[-1] == {
        "fn": "LMSSetValue",
        "args": [element, value],
        "result": "false",
        "error": error,
    }


def test_calls_after_finish_fail_as_uninitialized(lms: LmsSession) -> None:
    frame = lms.launch()
    frame.click("#finish")

    assert api_call(frame, "LMSSetValue", "cmi.core.lesson_location", "p9") == "false"
    assert api_call(frame, "LMSGetLastError") == "301"
    assert api_call(frame, "LMSCommit", "") == "false"
    assert lms.record() == SUSPENDED


@pytest.mark.parametrize(
    ("status", "raw", "mastery_score", "stored"),
    [
        (None, "", "", "completed"),  # Moodle's rule; scorm-again leaves "not attempted"
        ("incomplete", "50", "80", "failed"),  # the mastery score overrides the SCO
        ("completed", "85", "80", "passed"),
        ("incomplete", "50", "", "incomplete"),
    ],
)
def test_finish_applies_moodle_status_rules(
    lms: LmsSession, status: str | None, raw: str, mastery_score: str, stored: str
) -> None:
    frame = lms.launch(mastery_score=mastery_score)
    if status:
        api_call(frame, "LMSSetValue", "cmi.core.lesson_status", status)
    if raw:
        api_call(frame, "LMSSetValue", "cmi.core.score.raw", raw)
    api_call(frame, "LMSFinish", "")

    record = lms.record()
    assert (record.lesson_status, record.score_raw, record.score_max) == (stored, raw, "")


def test_only_commit_and_finish_store_data(lms: LmsSession) -> None:
    frame = lms.launch()
    api_call(frame, "LMSSetValue", "cmi.core.lesson_location", "p1")
    assert lms.record() == LmsRecord()  # nothing stored: the next entry is ab-initio again

    api_call(frame, "LMSSetValue", "cmi.core.session_time", "00:10:00")
    api_call(frame, "LMSCommit", "")
    committed = lms.record()
    assert (committed.lesson_location, committed.total_time) == ("p1", "00:00:00")
    assert not committed.finished

    lms.launch(prior=committed)
    assert reads(lms)["cmi.core.entry"] == ""  # tracked before, but not suspended


def test_unload_runs_the_sco_exit_handlers(lms: LmsSession) -> None:
    frame = lms.launch()
    frame.evaluate("() => addEventListener('pagehide', () => parent.API.LMSFinish(''))")

    lms.unload()

    assert lms.calls()[-1]["fn"] == "LMSFinish"
    assert lms.record().finished


def test_interactions_stay_write_only_and_only_their_count_carries_over(lms: LmsSession) -> None:
    frame = lms.launch()
    for index, name in enumerate(("q1", "q2")):
        assert api_call(frame, "LMSSetValue", f"cmi.interactions.{index}.id", name) == "true"
    api_call(frame, "LMSCommit", "")
    assert lms.record().interactions == ("q1", "q2")

    frame = lms.launch(prior=lms.record())
    assert api_call(frame, "LMSGetValue", "cmi.interactions._count") == "2"
    assert api_call(frame, "LMSGetValue", "cmi.interactions.0.id") == ""
    assert api_call(frame, "LMSGetLastError") == "404"
    assert api_call(frame, "LMSSetValue", "cmi.interactions.3.id", "gap") == "false"
    assert api_call(frame, "LMSSetValue", "cmi.interactions.2.id", "q3") == "true"
