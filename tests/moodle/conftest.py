"""Fixtures for the tests against a real Moodle 4.3.0 (marker ``moodle``).

The session starts Moodle with the shared ``start.sh`` (seconds when it runs already) and
builds each course once; every test adds its own activity, so tests never share an attempt.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers_courses import SHARED
from moodle_site import MoodleSite, Student, parse_env
from playwright.sync_api import Browser
from support.learner import COURSES, build, model


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder needs the real Moodle: mark it so ``-m moodle`` picks it."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.moodle)


@pytest.fixture(scope="session")
def moodle() -> MoodleSite:
    """Moodle running on this machine, with the SCORMTEST course and student1."""
    start = SHARED / "moodle" / "start.sh"
    if not start.exists():
        pytest.fail(f"{start} is missing: set COURSEPACK_SHARED", pytrace=False)
    done = subprocess.run([str(start)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"start.sh failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    env = parse_env(done.stdout)
    assert "MOODLE_WWWROOT" in env, done.stdout
    return MoodleSite(start.parent / "lib", env)


@pytest.fixture(scope="session")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Build a course's SCORM package(s) once per session: ``packages(name, status=...,
    module=False)`` returns the zip, or with ``module=True`` the folder of per-module zips."""
    made: dict[tuple[str, str, bool], Path] = {}

    def get(name: str = "decouvrir-openimis", status: str = "", module: bool = False) -> Path:
        key = (name, status, module)
        if key not in made:
            work = tmp_path_factory.mktemp(f"{name}-{status or 'as-is'}")
            source = COURSES / name
            if status:
                source = work / name
                shutil.copytree(COURSES / name, source)
                course_yml = source / "course.yml"
                text = course_yml.read_text(encoding="utf-8")
                course_yml.write_text(
                    text.replace("status: passed-failed", f"status: {status}"), encoding="utf-8"
                )
            out = work / "dist"
            if module:
                command = ["coursepack", "build", str(source), "--target", "scorm12"]
                command += ["--package", "module", "--out", str(out)]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                assert done.returncode == 0, done.stdout + done.stderr
                made[key] = out / model(source).id
            else:
                build(source, out, "scorm12")
                course_id = model(source).id
                made[key] = out / course_id / f"{course_id}-scorm12.zip"
        return made[key]

    return get


@pytest.fixture
def student(browser: Browser, moodle: MoodleSite) -> Iterator[Student]:
    """student1 logged in, in a browser context of their own."""
    context = browser.new_context()
    try:
        yield Student(context, moodle)
    finally:
        context.close()
