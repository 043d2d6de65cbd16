"""A build stopped at any moment leaves the previous artefacts whole, and no temporary files."""

from __future__ import annotations

import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from helpers_courses import REPO, coursepack_script

FLAGSHIP = REPO / "courses" / "openimis-point-focal"


def start_build(out: Path) -> subprocess.Popen[bytes]:
    command = [coursepack_script(), "build", str(FLAGSHIP), "--out", str(out)]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def assert_whole(out: Path) -> None:
    folder = out / "openimis-point-focal"
    with zipfile.ZipFile(folder / "openimis-point-focal-scorm12.zip") as package:
        assert package.testzip() is None
        assert "imsmanifest.xml" in package.namelist()
    index = folder / "html" / "index.html"
    assert index.read_bytes().rstrip().endswith(b"</html>")


def leftovers(out: Path) -> list[str]:
    return sorted(str(p.relative_to(out)) for p in out.rglob(".*.tmp"))


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.35, 0.5, 0.65])
def test_stopping_a_build_keeps_the_previous_output(tmp_path: Path, delay: float) -> None:
    out = tmp_path / "dist"
    assert start_build(out).wait(timeout=120) == 0
    build = start_build(out)
    time.sleep(delay)
    build.send_signal(signal.SIGTERM)
    code = build.wait(timeout=120)
    # Finished, stopped cleanly, or stopped before Python had even started coursepack.
    assert code in (0, 130, -signal.SIGTERM), build.stderr.read() if build.stderr else code
    assert b"Traceback" not in (build.stderr.read() if build.stderr else b"")
    assert_whole(out)
    assert leftovers(out) == []


def test_after_a_hard_kill_the_output_is_whole_and_the_next_build_sweeps_up(
    tmp_path: Path,
) -> None:
    out = tmp_path / "dist"
    assert start_build(out).wait(timeout=120) == 0
    build = start_build(out)
    time.sleep(0.3)
    build.kill()
    build.wait(timeout=120)
    assert_whole(out)
    assert start_build(out).wait(timeout=120) == 0
    assert_whole(out)
    assert leftovers(out) == []
