"""Small helpers shared by the unit and error-code tests: fixture folders, tiny courses, the CLI.

Fixture courses that can live in git are under ``tests/roots/<case>/``; the few that cannot
(symlinks, unreadable files) are written into ``tmp_path`` with :func:`write_files`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from collections.abc import Mapping, Sequence
from pathlib import Path

from builder.build import check
from builder.diagnostics import Reporter
from builder.model import Course

TESTS = Path(__file__).resolve().parent
ROOTS = TESTS / "roots"
REPO = TESTS.parent
EXAMPLE_COURSE = REPO / "courses" / "decouvrir-openimis"
#: The read-only reference material beside the clone (SCORM test packages, source documents);
#: ``COURSEPACK_SHARED`` points elsewhere, e.g. for a worktree that is not beside it.
SHARED = Path(os.environ.get("COURSEPACK_SHARED") or REPO.parent / "shared")

COURSE_YML = """\
id: {id}
title: Premiers pas avec openIMIS
language: fr
version: "1.0"
"""

LESSON_MD = """\
---
title: Accueil
---

Bienvenue dans ce cours.
"""


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write ``files`` (POSIX paths relative to ``root``) and return ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def write_course(
    root: Path, files: Mapping[str, str | bytes] | None = None, course_id: str = "essai"
) -> Path:
    """A valid one-lesson course at ``root``; ``files`` add to or replace its files."""
    defaults: dict[str, str | bytes] = {
        "course.yml": COURSE_YML.format(id=course_id),
        "01-bases/01-accueil.md": LESSON_MD,
    }
    return write_files(root, {**defaults, **(files or {})})


def check_course(*folders: Path) -> tuple[list[Course], Reporter]:
    """Run the check stage as the CLI does and return the models and the reporter."""
    reporter = Reporter()
    courses = check(list(folders), reporter)
    return courses, reporter


def rendered(reporter: Reporter, base: Path) -> list[str]:
    """The diagnostics as the CLI prints them, in its order, with paths relative to ``base``."""
    return [diagnostic.render(base) for diagnostic in reporter.sorted()]


def coursepack_script() -> str:
    """The ``coursepack`` console script installed with the running interpreter.

    Never the first one on PATH: that may belong to another environment or checkout, and
    the tests must run the code they import (tests/mutations/run.py relies on it).
    """
    places = (Path(sys.executable).parent, Path(sysconfig.get_path("scripts")))
    found = [place / "coursepack" for place in places if (place / "coursepack").is_file()]
    assert found, (
        f"no coursepack script beside {sys.executable}: run `{sys.executable} -m pip install -e .`"
    )
    return str(found[0])


def run_coursepack(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``coursepack ARGS`` in ``cwd`` as a user would, capturing its output."""
    return subprocess.run(
        [coursepack_script(), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
