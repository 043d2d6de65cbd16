"""Each command imports only what it runs: ``check`` and ``--help`` start fast.

Start-up time is mostly imports, and a timed test would fail on a busy machine
and pass on a slow change; the set of modules a command loads is exact. Each
command runs in a fresh interpreter, as an author runs it, which then lists
the modules it holds.
"""

from __future__ import annotations

import json
import subprocess
import sys

from helpers_courses import EXAMPLE_COURSE, REPO

from builder.cli import DEFAULT_MOODLE
from builder.exporters import TESTED_MOODLE, MoodleVersion

#: Libraries that only rendering, packaging, minifying, exporting or previewing use.
RENDERING_LIBRARIES = ("jinja2", "lxml", "calmjs", "rcssmin", "watchfiles", "playwright")
#: The stages after the check, and the commands' own modules.
LATER_STAGES = (
    "builder.render",
    "builder.site",
    "builder.packaging",
    "builder.targets",
    "builder.manifest",
    "builder.exporters",
    "builder.serve",
    "builder.catalog",
    "builder.scaffold",
    "builder.package_check",
    "concurrent.futures.process",
)
#: What checking a course needs: reading YAML and Markdown, and cleaning raw HTML.
CHECK_LIBRARIES = ("yaml", "markdown", "nh3", "builder.build", "builder.validate")

_PROBE = """
import json, sys
from builder.cli import main
try:
    main()
    code = 0
except SystemExit as done:
    code = done.code
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}))
"""


def modules_loaded_by(*args: str) -> set[str]:
    """The modules a fresh ``coursepack ARGS`` holds when it ends, and their top packages."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["exit"] == 0, done.stderr
    names = set(report["modules"])
    return names | {name.split(".")[0] for name in names}


#: What ``check`` loads although it writes nothing: it reads a course's own templates with
#: Jinja and renders every target's pages with them (``builder.rehearsal``), so that a course
#: that brings templates is judged by what they produce.
REHEARSAL = ("jinja2", "lxml", "builder.render", "builder.site", "builder.packaging",
             "builder.targets", "builder.manifest")  # fmt: skip


def test_check_loads_no_minifier_exporter_or_other_command() -> None:
    loaded = modules_loaded_by("check", str(EXAMPLE_COURSE))
    assert loaded.issuperset(CHECK_LIBRARIES)  # the probe sees what the check does use
    unused = [name for name in (*RENDERING_LIBRARIES, *LATER_STAGES) if name not in REHEARSAL]
    assert sorted(loaded.intersection(unused)) == []


def test_help_loads_no_stage() -> None:
    loaded = modules_loaded_by("--help")
    assert sorted(loaded.intersection((*RENDERING_LIBRARIES, *LATER_STAGES))) == []
    assert sorted(loaded.intersection(CHECK_LIBRARIES)) == []


def test_option_choices_are_listed_when_help_is_shown() -> None:
    """The choices are read when needed, so a command's help still lists them all."""
    done = subprocess.run(
        [sys.executable, "-m", "builder", "build", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "[html|html-single|handout|scorm12|all]" in done.stdout
    assert "[course|module]" in done.stdout
    assert "[server-admin|system-admin|scheme-staff|facility-staff]" in done.stdout


def test_the_default_moodle_is_the_tested_one() -> None:
    """The command line writes it out rather than import the exporters to read it."""
    assert MoodleVersion.parse(DEFAULT_MOODLE) == TESTED_MOODLE
