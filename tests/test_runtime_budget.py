"""The player's runtime stays within its size budget, in every package a learner gets.

Learners open courses on old phones and PCs over slow links, so the runtime (every
script and stylesheet the player ships, minified, before compression) may weigh at
most 40 KB. The lesson pages (``pages/*.js``) are the course's content, not the
runtime, and are not counted. A size check, not a timing test: the bytes are exact.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from support.learner import COURSES, build

from builder.site import runtime_bundle, runtime_file
from builder.targets.html import HtmlTarget
from builder.targets.scorm12 import Scorm12Target
from builder.theme import Theme, default_theme_dir

BUDGET = 40 * 1024
FLAGSHIP = COURSES / "openimis-point-focal"
COURSE_ID = "openimis-point-focal"
THEME = Theme((default_theme_dir(),))


def runtime_sizes(files: dict[str, int]) -> dict[str, int]:
    """The shipped files that make up the runtime, with their sizes."""
    return {
        name: size
        for name, size in sorted(files.items())
        if name.endswith((".js", ".css")) and not name.startswith("pages/")
    }


def report(target: str, sizes: dict[str, int]) -> None:
    lines = [f"{name:>14} {size:>6} B" for name, size in sizes.items()]
    print(f"\n{target} runtime, minified:\n" + "\n".join(lines))
    print(f"{'total':>14} {sum(sizes.values()):>6} B of {BUDGET} B")


def test_the_scorm_package_runtime_fits_the_budget(tmp_path: Path) -> None:
    build(FLAGSHIP, tmp_path, "scorm12")
    with zipfile.ZipFile(tmp_path / COURSE_ID / f"{COURSE_ID}-scorm12.zip") as archive:
        sizes = runtime_sizes({info.filename: info.file_size for info in archive.infolist()})
    report("scorm12", sizes)
    assert set(sizes) == {"runtime.js", "player.css", "print.css"}
    assert sizes["runtime.js"] == len(runtime_bundle(THEME, Scorm12Target.scripts))
    assert sum(sizes.values()) <= BUDGET, sizes


def test_the_html_folder_runtime_fits_the_budget(tmp_path: Path) -> None:
    build(FLAGSHIP, tmp_path, "html")
    folder = tmp_path / COURSE_ID / "html"
    shipped = {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*")}
    sizes = runtime_sizes(shipped)
    report("html", sizes)
    assert set(sizes) == {"runtime.js", "player.css", "print.css"}
    assert sizes["runtime.js"] == len(runtime_bundle(THEME, HtmlTarget.scripts))
    assert sum(sizes.values()) <= BUDGET, sizes


def test_the_single_file_carries_the_minified_runtime(tmp_path: Path) -> None:
    """html-single inlines what the other targets ship, not the commented sources."""
    build(FLAGSHIP, tmp_path, "html-single")
    page = (tmp_path / COURSE_ID / f"{COURSE_ID}.html").read_text(encoding="utf-8")
    for name in (*HtmlTarget.scripts, "player.css", "print.css"):
        assert runtime_file(THEME, name).decode("utf-8").strip() in page, name
    assert "/* coursepack" not in page
    inline = sum(len(s.encode("utf-8")) for s in re.findall(r"<script>(.*?)</script>", page, re.S))
    assert inline <= BUDGET
