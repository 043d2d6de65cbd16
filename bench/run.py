"""Benchmark: build speed, memory and size, and player speed in a slowed-down Chromium.

    python bench/run.py [--runs N] [--skip-browser]

Builds the shipped courses and synthetic courses at 10 and 100 times the
flagship's size (its modules copied with new names: same mix of lessons,
checks and quizzes), each several times in a fresh process, and reports the
median wall time, peak memory, number of files and package sizes, with the
ratio to a "physical floor" measured in the same run: reading every source
file and writing a zip of the same size with :mod:`zipfile`. Then it opens
the HTML output of the flagship and of the x100 course in headless Chromium
with 4x CPU throttling and times the first lesson and a lesson change, and
gives the runtime's size (JS and CSS) as shipped, minified. Writes
``bench/results.md`` and ``bench/results.json``. Not part of the test suite:
figures, not pass/fail.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
COURSES = REPO / "courses"
FLAGSHIP = COURSES / "openimis-point-focal"
THEME = REPO / "themes" / "default" / "static"
CHROMIUM = "/usr/bin/chromium"
SCALES = (10, 100)
BROWSER_LIMIT_MS = 120_000


def synthetic(scale: int, root: Path) -> Path:
    """The flagship's modules copied ``scale`` times, ids and links kept unique per copy."""
    course = root / f"x{scale}"
    course.mkdir(parents=True)
    config = (FLAGSHIP / "course.yml").read_text(encoding="utf-8")
    config = config.replace("id: openimis-point-focal", f"id: synthetic-x{scale}")
    (course / "course.yml").write_text(config, encoding="utf-8")
    modules = sorted(p for p in FLAGSHIP.iterdir() if p.is_dir())
    for copy in range(scale):
        for module in modules:
            target = course / _copy_name(copy, module.name)
            shutil.copytree(module, target)
            for lesson in target.glob("*.md"):
                text = lesson.read_text(encoding="utf-8")
                for other in modules:  # links between modules point inside the same copy
                    text = text.replace(f"../{other.name}/", f"../{_copy_name(copy, other.name)}/")
                lesson.write_text(text, encoding="utf-8")
    return course


def _copy_name(copy: int, module: str) -> str:
    """``003-c3-01-introduction``: ordered, and a distinct module id per copy."""
    return f"{copy:03d}-c{copy}-{module}"


def child(course: Path, out: Path) -> None:
    """One measured build in this process; prints seconds and peak memory as JSON.

    The build shares its work out among worker processes: their CPU time counts in
    ``cpu_seconds`` and the largest one's memory is ``worker_peak_mib``.
    """
    from builder.build import build
    from builder.diagnostics import CourseError, Reporter

    started = time.perf_counter()
    reporter = Reporter()
    try:
        artifacts = build([course], ["html", "scorm12"], out, reporter)
    except CourseError:
        sys.exit("\n".join(d.render() for d in reporter.diagnostics))
    seconds = time.perf_counter() - started
    main = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # reaped when the build ends
    cpu = sum(usage.ru_utime + usage.ru_stime for usage in (main, workers))
    sizes = {a.target: a.size for a in artifacts}
    files = sum(1 for _ in (out / artifacts[0].course_id / "html").rglob("*") if _.is_file())
    memory = {"peak_mib": main.ru_maxrss / 1024, "worker_peak_mib": workers.ru_maxrss / 1024}
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, **memory, "files": files, **sizes}))


def floor(course: Path, zip_size: int, work: Path) -> float:
    """Read every source file and write an equally sized zip: what no build can beat."""
    started = time.perf_counter()
    data = b"".join(p.read_bytes() for p in sorted(course.rglob("*")) if p.is_file())
    filler = (data * (zip_size // max(len(data), 1) + 1))[: max(zip_size, len(data))]
    with zipfile.ZipFile(work / "floor.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.bin", filler)
    return time.perf_counter() - started


def measure_build(course: Path, runs: int, work: Path) -> dict[str, Any]:
    samples = []
    for run in range(runs):
        out = work / f"out-{course.name}-{run}"
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(course), str(out)],
            capture_output=True, text=True, check=True, cwd=REPO,
        )  # fmt: skip
        samples.append(json.loads(done.stdout.strip().splitlines()[-1]))
    floors = [floor(course, samples[0]["scorm12"], work) for _ in range(runs)]
    seconds = statistics.median(s["seconds"] for s in samples)
    return {
        "course": course.name,
        "lessons": sum(1 for _ in course.rglob("*.md")),
        "source_kib": sum(p.stat().st_size for p in course.rglob("*") if p.is_file()) / 1024,
        "seconds": seconds,
        "cpu_seconds": statistics.median(s["cpu_seconds"] for s in samples),
        "peak_mib": max(s["peak_mib"] for s in samples),
        "worker_peak_mib": max(s["worker_peak_mib"] for s in samples),
        "files": samples[0]["files"],
        "zip_kib": samples[0]["scorm12"] / 1024,
        "html_kib": samples[0]["html"] / 1024,
        "floor_seconds": statistics.median(floors),
        "ratio_to_floor": seconds / statistics.median(floors),
    }


#: Injected before the page's own scripts: the time the first lesson is on screen, i.e. the
#: player has started (it marks <html> "js"; before that, a page still parsing can look
#: "shown") and shows one page, then a frame has been drawn.
FIRST_LESSON_WATCH = """(() => {
  const shown = () => document.documentElement.className === "js" &&
    document.querySelectorAll(".cp-page:not([hidden])").length === 1;
  const watch = new MutationObserver(() => {
    if (!shown()) { return; }
    watch.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.cpFirstLesson = performance.now(); }));
  });
  watch.observe(document, { subtree: true, childList: true, attributes: true });
})()"""

#: Click "Next" and wait until another page is on screen and a frame drawn; fails the
#: measurement if the click does nothing (the player is not interactive).
LESSON_CHANGE = """() => new Promise((done, fail) => {
  const before = document.querySelector(".cp-page:not([hidden])");
  const started = performance.now();
  document.getElementById("cp-next").click();
  const check = () => {
    const now = document.querySelector(".cp-page:not([hidden])");
    if (now && now !== before) {
      requestAnimationFrame(() => setTimeout(() => done(performance.now() - started)));
    } else if (performance.now() - started > 10000) {
      fail(new Error("the next page never showed"));
    } else {
      setTimeout(check);
    }
  };
  check();
})"""


def measure_browser(html_index: Path, loads: int = 5, changes: int = 8) -> dict[str, float | None]:
    """First lesson on screen and a lesson change, in Chromium slowed down 4x (medians).

    Each load is a first visit (fresh profile, nothing saved). The lesson changes
    are timed on the last load, so they also prove its controls respond.
    ``None`` when the first lesson did not show within the time limit.
    """
    from playwright.sync_api import TimeoutError as Timeout
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    firsts: list[float] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=args)
        for load in range(loads):
            page = browser.new_context().new_page()
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            page.add_init_script(FIRST_LESSON_WATCH)
            page.goto(html_index.as_uri(), wait_until="commit")
            try:
                page.wait_for_function("() => window.cpFirstLesson", timeout=BROWSER_LIMIT_MS)
            except Timeout:
                browser.close()
                return {"first_lesson_ms": None, "lesson_change_ms": None}
            firsts.append(page.evaluate("() => window.cpFirstLesson"))
            if load < loads - 1:
                page.context.close()
        times = [page.evaluate(LESSON_CHANGE) for _ in range(changes)]
        browser.close()
    return {
        "first_lesson_ms": statistics.median(firsts),
        "lesson_change_ms": statistics.median(times),
    }


def runtime_bytes() -> dict[str, dict[str, int]]:
    """Each runtime file's size as written in the theme, as shipped (minified) and gzipped.

    The size budget (tests/test_runtime_budget.py) is on gzip bytes, as they travel.
    """
    from builder.site import runtime_file
    from builder.theme import Theme

    theme = Theme((THEME.parent,))
    sizes = {}
    for p in sorted(THEME.iterdir()):
        if p.suffix in (".js", ".css"):
            shipped = runtime_file(theme, p.name)
            sizes[p.name] = {
                "source": p.stat().st_size,
                "shipped": len(shipped),
                "gzip": len(gzip.compress(shipped, compresslevel=9, mtime=0)),
            }
    return sizes


def report(results: dict[str, Any]) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {results['when']} on {results['machine']} with `python bench/run.py`"
        f" (median of {results['runs']} builds, each in a fresh process, both targets).",
        "",
        "| course | lessons | sources | build | CPU | peak memory (main + largest worker)"
        " | files | zip | HTML | floor | x floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in results["builds"]:
        lines.append(
            f"| {b['course']} | {b['lessons']} | {b['source_kib']:.0f} KiB | {b['seconds']:.2f} s"
            f" | {b['cpu_seconds']:.2f} s | {b['peak_mib']:.0f} + {b['worker_peak_mib']:.0f} MiB"
            f" | {b['files']} | {b['zip_kib']:.0f} KiB"
            f" | {b['html_kib']:.0f} KiB | {b['floor_seconds']:.3f} s | {b['ratio_to_floor']:.1f} |"
        )
    runtime = results["runtime"]
    lines += ["", "Runtime shipped with every course (JS and CSS; gzip: each file at level 9):", ""]
    lines += ["| file | source | shipped (minified) | gzip |", "|---|---:|---:|---:|"]
    lines += [
        f"| `{n}` | {f['source']:,} | {f['shipped']:,} | {f['gzip']:,} |"
        for n, f in runtime.items()
    ]
    source, shipped, packed = (
        sum(f[k] for f in runtime.values()) for k in ("source", "shipped", "gzip")
    )
    lines.append(f"| total | {source:,} | {shipped:,} | {packed:,} |")
    if results.get("browser"):
        lines += [
            "",
            "Headless Chromium, 4x CPU throttling, HTML target from `file://`:",
            "",
            "| course | first lesson on screen (median of 5 loads) | lesson change (median) |",
            "|---|---:|---:|",
        ]
        for name, b in results["browser"].items():
            if b["first_lesson_ms"] is None:
                limit = BROWSER_LIMIT_MS // 1000
                lines.append(f"| {name} | not shown within {limit} s | — |")
            else:
                lines.append(
                    f"| {name} | {b['first_lesson_ms']:.0f} ms | {b['lesson_change_ms']:.1f} ms |"
                )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("COURSE", "OUT"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(Path(options.child[0]), Path(options.child[1]))
        return
    with tempfile.TemporaryDirectory(prefix="coursepack-bench-") as scratch:
        work = Path(scratch)
        courses = sorted(p for p in COURSES.iterdir() if (p / "course.yml").is_file())
        courses += [synthetic(scale, work / "synthetic") for scale in SCALES]
        builds = []
        for course in courses:
            runs = options.runs if course.name != "x100" else max(1, options.runs // 2)
            builds.append(measure_build(course, runs, work))
            print(f"built {course.name}: {builds[-1]['seconds']:.2f} s", file=sys.stderr)
        browser = {}
        if not options.skip_browser:
            for name in ("openimis-point-focal", "x100"):
                index = next(work.glob(f"out-{name}-0/*/html/index.html"))
                browser[name] = measure_browser(index)
    results = {
        "when": time.strftime("%Y-%m-%d"),
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
        ),
        "runs": options.runs,
        "builds": builds,
        "runtime": runtime_bytes(),
        "browser": browser,
    }
    (BENCH / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    (BENCH / "results.md").write_text(report(results), encoding="utf-8")
    print(report(results))


if __name__ == "__main__":
    main()
