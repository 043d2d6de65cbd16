"""Apply each mutation of catalog.py in a scratch copy of the repository and run its tests.

    python tests/mutations/run.py [--only NAME]... [--no-baseline] [--list]

A mutation is *caught* when its tests fail with it (pytest exit code 1) and *missed* when they
pass. The scratch copy is made once (never the repository itself), each mutation is applied to
it, its tests run with the running interpreter, and the file is restored. The copy comes first
on PYTHONPATH, so both the tests and the ``coursepack`` script installed beside the interpreter
import its ``builder`` package and read its themes. Before any mutation, the tests named run
once unmutated (the baseline): a test that already fails would make every mutation look caught.

Exit status: 0 when every mutation is caught; 1 when one is missed, when a mutation's original
text is not found exactly once (so the catalog never rots silently), or when a run errs.
Not part of the test suite: it runs on demand and takes a while (each mutation runs real
browser tests).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from catalog import MUTATIONS, Mutation

REPO = Path(__file__).resolve().parents[2]
#: Not copied: version control, outputs, caches; node_modules is linked, not copied.
IGNORED = shutil.ignore_patterns(
    ".git", "dist", "test-output", "__pycache__", ".mypy_cache", ".ruff_cache",
    ".pytest_cache", "node_modules", "*.egg-info",
)  # fmt: skip
NODE_MODULES = Path("tests") / "lms" / "node_modules"


def problems(mutations: Iterable[Mutation], root: Path) -> list[str]:
    """Why each mutation cannot be applied to ``root`` as written (empty when all can)."""
    found = []
    for mutation in mutations:
        path = root / mutation.file
        count = path.read_text(encoding="utf-8").count(mutation.original) if path.is_file() else 0
        if count != 1:
            found.append(f"{mutation.name}: {mutation.file} holds its original text {count} times")
    return found


def scratch_copy(into: Path) -> Path:
    """A copy of the repository's working tree (uncommitted changes included)."""
    copy = into / "repo"
    shutil.copytree(REPO, copy, ignore=IGNORED, symlinks=True)
    if (REPO / NODE_MODULES).is_dir():
        (copy / NODE_MODULES).symlink_to(REPO / NODE_MODULES, target_is_directory=True)
    return copy


def environment(copy: Path) -> dict[str, str]:
    """The copy first on PYTHONPATH; the shared material still found beside the repository."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(copy), *filter(None, [env.get("PYTHONPATH")])])
    env.setdefault("COURSEPACK_SHARED", str(REPO.parent / "shared"))
    return env


def run_tests(copy: Path, tests: Sequence[str], stop_early: bool) -> tuple[int, str]:
    """Run ``tests`` in ``copy``; returns pytest's exit code and the tail of its output (for a
    failure, pytest's summary line first: which test caught it, and why)."""
    command = [sys.executable, "-m", "pytest", *tests, "-q", "-p", "no:cacheprovider"]
    if stop_early:
        command.append("-x")
    done = subprocess.run(
        command, cwd=copy, env=environment(copy), capture_output=True, text=True, check=False
    )
    lines = done.stdout.splitlines()
    failed = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    return done.returncode, "\n".join(failed[:1] or lines[-15:])


def verdict(code: int) -> str:
    return {0: "MISSED", 1: "caught"}.get(code, f"error (pytest exit {code})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="run only NAME")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run")
    parser.add_argument("--list", action="store_true", help="list the mutations and stop")
    options = parser.parse_args(argv)

    chosen = [m for m in MUTATIONS if not options.only or m.name in options.only]
    unknown = set(options.only or ()) - {m.name for m in MUTATIONS}
    if unknown:
        parser.error(f"no mutation named {', '.join(sorted(unknown))}")
    if options.list:
        for mutation in MUTATIONS:
            print(f"{mutation.name:40} {mutation.file}: {mutation.promise}")
        return 0
    broken = problems(chosen, REPO)
    if broken:
        print("\n".join(broken), file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="coursepack-mutations-") as temporary:
        copy = scratch_copy(Path(temporary))
        if not options.no_baseline:
            every = sorted({test for mutation in chosen for test in mutation.tests})
            code, tail = run_tests(copy, every, stop_early=False)
            if code != 0:
                print(f"the tests fail without any mutation:\n{tail}", file=sys.stderr)
                return 1
        results = []
        for mutation in chosen:
            path = copy / mutation.file
            original = path.read_text(encoding="utf-8")
            path.write_text(
                original.replace(mutation.original, mutation.replacement), encoding="utf-8"
            )
            started = time.monotonic()
            try:
                code, tail = run_tests(copy, mutation.tests, stop_early=True)
            finally:
                path.write_text(original, encoding="utf-8")
            seconds = time.monotonic() - started
            results.append((mutation, verdict(code), seconds))
            print(f"{verdict(code):8} {seconds:6.0f} s  {mutation.name}: {mutation.promise}")
            print(f"    {tail[:300]}" if code == 1 else tail)

    caught = sum(1 for _, outcome, _ in results if outcome == "caught")
    print(f"\n{caught} of {len(results)} mutations caught")
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
