"""The player's runtime stays within its size budget, in every package a learner gets.

Learners open courses on old phones and PCs over slow links, so the runtime (every
script and stylesheet the player ships, minified) has a budget on the bytes that
travel: each file compressed with gzip at level 9, as a web server or the SCORM zip
sends it, summed. The HTML folder's runtime may weigh 14 KiB; a SCORM package adds
its LMS adapter (``scorm12.js``, about 1.3 KB compressed) and may weigh 15.5 KiB. The
lesson pages (``pages/*.js``) are the course's content, not the runtime, and are not
counted. A size check, not a timing test: the bytes are exact.
"""

from __future__ import annotations

import gzip
import re
import zipfile
from pathlib import Path

from support.learner import COURSES, build

from builder.site import runtime_bundle, runtime_file
from builder.targets.html import HtmlTarget
from builder.targets.scorm12 import Scorm12Target
from builder.theme import Theme, default_theme_dir

HTML_BUDGET = 14 * 1024
SCORM_BUDGET = HTML_BUDGET + 1536
FLAGSHIP = COURSES / "openimis-point-focal"
COURSE_ID = "openimis-point-focal"
THEME = Theme((default_theme_dir(),))
RUNTIME = {"runtime.js", "player.css", "print.css"}


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def runtime_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """The shipped files that make up the runtime, by name."""
    return {
        name: data
        for name, data in sorted(files.items())
        if name.endswith((".js", ".css")) and not name.startswith("pages/")
    }


def report(target: str, files: dict[str, bytes], budget: int) -> int:
    """Print each file's size, minified and gzipped, and return the gzipped total."""
    lines = [
        f"{name:>14} {len(data):>6} B {gzipped(data):>6} B gzip" for name, data in files.items()
    ]
    total = sum(gzipped(data) for data in files.values())
    print(f"\n{target} runtime, minified:\n" + "\n".join(lines))
    print(f"{'total':>14} {sum(map(len, files.values())):>6} B {total:>6} B gzip of {budget} B")
    return total


def test_the_scorm_package_runtime_fits_the_budget(tmp_path: Path) -> None:
    build(FLAGSHIP, tmp_path, "scorm12")
    with zipfile.ZipFile(tmp_path / COURSE_ID / f"{COURSE_ID}-scorm12.zip") as archive:
        files = runtime_files({name: archive.read(name) for name in archive.namelist()})
    total = report("scorm12", files, SCORM_BUDGET)
    assert set(files) == RUNTIME
    assert files["runtime.js"] == runtime_bundle(THEME, Scorm12Target.scripts)
    assert total <= SCORM_BUDGET


def test_the_html_folder_runtime_fits_the_budget(tmp_path: Path) -> None:
    build(FLAGSHIP, tmp_path, "html")
    folder = tmp_path / COURSE_ID / "html"
    shipped = {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
    files = runtime_files(shipped)
    total = report("html", files, HTML_BUDGET)
    assert set(files) == RUNTIME
    assert files["runtime.js"] == runtime_bundle(THEME, HtmlTarget.scripts)
    assert total <= HTML_BUDGET


def test_the_single_file_carries_the_minified_runtime(tmp_path: Path) -> None:
    """html-single inlines what the other targets ship, not the commented sources."""
    build(FLAGSHIP, tmp_path, "html-single")
    page = (tmp_path / COURSE_ID / f"{COURSE_ID}.html").read_text(encoding="utf-8")
    for name in (*HtmlTarget.scripts, "player.css", "print.css"):
        assert runtime_file(THEME, name).decode("utf-8").strip() in page, name
    assert "/* coursepack" not in page
    inline = re.findall(r"<script>(.*?)</script>|<style[^>]*>(.*?)</style>", page, re.S)
    assert len(inline) == len(HtmlTarget.scripts) + 2
    assert gzipped("".join(script + style for script, style in inline).encode()) <= HTML_BUDGET
