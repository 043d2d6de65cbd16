"""Hostile input: mutated copies of valid courses never crash the compiler or half-write output.

Hypothesis damages a small valid course (bytes flipped, files cut short, lines lost or doubled,
indentation shifted, values swapped for other YAML types, stray Unicode, files deleted, renamed,
emptied, or replaced by folders, pipes and symbolic links) and runs ``coursepack check`` and
``coursepack build`` in process. Whatever the damage, the run ends with exit 0 (and its artefacts
on disk) or exit 1 (and the output folder exactly as it was): never a traceback. The profile is
derandomized and has no example database, so CI runs the same examples every time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from click.testing import CliRunner, Result
from helpers_courses import EXAMPLE_COURSE, ROOTS, run_coursepack
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builder import workers
from builder.cli import cli

SEEDS = (ROOTS / "ok-all-question-types", EXAMPLE_COURSE)
#: About 18 s on two idle cores; ``COURSEPACK_FUZZ_EXAMPLES=20000`` searches further. The fast
#: tier (``-m "not browser"``) sets it to 100 when unset (tests/conftest.py).
EXAMPLES = int(os.environ.get("COURSEPACK_FUZZ_EXAMPLES", "600"))
#: What a previous build left in the output folder; a failed build must leave exactly this.
PREVIOUS = "ancien-paquet.zip"

#: Values an author (or a broken editor) might put after a key, each a different YAML type.
YAML_VALUES = (
    "[]", "{}", "null", "~", "0", "-1", "1.5", ".nan", "-.inf", "1e999", "1" + "0" * 40,
    "true", "'texte'", "2024-02-30", "12:30:00", "|", ">-", "- élément", "{a: [b, {c: d}]}",
    "[1, [2, []]]", "&ancre x", "*ancre", "!!binary AAAA", "!!timestamp demain", "!!set {a}",
    "!!python/object:os.system x", "!important", "<<: *a", "? clé", "'''", '"\\x"', "@x", "`x`",
    "%YAML 1.1", "&boucle [*boucle]", "[" * 40 + "]" * 40,
)  # fmt: skip
#: Text slipped into a file: control characters, invisible marks, Markdown and HTML syntax.
STRAY_TEXT = (
    "\x00", "\t", "\r", "\x0b", "\x85", "\u2028", "\u202e", "\ufeff", "\U0001f600", "é",
    "\ud800", "\udfff",  # lone surrogates, written as the bytes a careless encoder produces
    "```", "```quiz\n", "~~~", "---\n", "# ", "<!--", "<img src=x>", "<a href='javascript:x'>",
    "](", "![a](b.png)", "[a](../../../etc/passwd)", "[a](http://[intranet]/)", "[a](x%00y)",
    '<a href="http://[x]/">', '<img src="a\x00b.png">',
    "![a](" + "dossier/" * 30 + "image.png)", "[a](#)", "{{ x }}", "{% x %}", "&#0;", "\\",
)  # fmt: skip
#: Names a file may be given instead of its own.
NEW_NAMES = (
    "quiz.yml", "module.yml", "course.yml", "00-nouveau.md", "_brouillon.md", ".cache.md",
    "leçon avec espaces.md", "QUIZ.YML", "images", "01-presentation",
)  # fmt: skip
OPERATIONS = (
    "flip-bit", "truncate", "delete-line", "duplicate-line", "swap-lines", "indent", "value",
    "insert", "insert-bytes", "delete", "empty", "rename", "move-up", "folder", "fifo",
    "symlink-loop", "symlink-outside", "latin1-name",
)  # fmt: skip


@dataclass(frozen=True)
class Mutation:
    """One change to one file; which file and where are fractions of what is there."""

    operation: str
    pick: int
    at: float
    text: str
    data: bytes

    def apply(self, course: Path) -> None:
        """Change one file of ``course``; a link or pipe made by an earlier change is removed."""
        files = sorted(p for p in course.rglob("*") if p.is_file() or p.is_symlink())
        if not files:
            return
        path = files[self.pick % len(files)]
        if path.is_symlink() or not path.is_file():
            path.unlink()
        elif self.operation in _FILE_OPERATIONS:
            _FILE_OPERATIONS[self.operation](self, path, course)
        else:
            path.write_bytes(_EDITS[self.operation](self, path.read_bytes()))

    def position(self, length: int) -> int:
        return min(int(self.at * (length + 1)), length)


def _flip_bit(m: Mutation, content: bytes) -> bytes:
    if not content:
        return b"\xff"
    index = m.position(len(content) - 1)
    return content[:index] + bytes([content[index] ^ (1 << m.pick % 8)]) + content[index + 1 :]


def _on_lines(m: Mutation, content: bytes) -> bytes:
    lines = content.split(b"\n")
    index = m.position(len(lines) - 1)
    other = m.pick % len(lines)
    if m.operation == "delete-line":
        del lines[index]
    elif m.operation == "duplicate-line":
        lines.insert(index, lines[index])
    elif m.operation == "swap-lines":
        lines[index], lines[other] = lines[other], lines[index]
    elif m.operation == "indent":
        shift = (m.pick % 9) - 4
        lines[index] = b" " * shift + lines[index] if shift > 0 else lines[index][-shift:]
    else:  # "value": keep the key, replace what follows it
        keyed = [i for i, line in enumerate(lines) if b": " in line] or [index]
        chosen = keyed[m.pick % len(keyed)]
        key = lines[chosen].split(b": ", 1)[0]
        lines[chosen] = key + b": " + m.text.encode("utf-8", "surrogatepass")
    return b"\n".join(lines)


def _insert(m: Mutation, content: bytes) -> bytes:
    added = m.data if m.operation == "insert-bytes" else m.text.encode("utf-8", "surrogatepass")
    index = m.position(len(content))
    return content[:index] + added + content[index:]


_EDITS: dict[str, Callable[[Mutation, bytes], bytes]] = {
    "flip-bit": _flip_bit,
    "truncate": lambda m, content: content[: m.position(len(content))],
    "delete-line": _on_lines,
    "duplicate-line": _on_lines,
    "swap-lines": _on_lines,
    "indent": _on_lines,
    "value": _on_lines,
    "insert": _insert,
    "insert-bytes": _insert,
    "empty": lambda m, content: b"",
}


def _rename(m: Mutation, path: Path, course: Path) -> None:
    folder = path.parent.parent if m.operation == "move-up" else path.parent
    target = folder / NEW_NAMES[m.pick % len(NEW_NAMES)]
    if not target.exists():
        path.rename(target)


def _replace(m: Mutation, path: Path, course: Path) -> None:
    path.unlink()
    if m.operation == "folder":
        path.mkdir()
        (path / "notes.txt").write_text("oublié là\n", encoding="utf-8")
    elif m.operation == "fifo":
        os.mkfifo(path)
    elif m.operation == "symlink-loop":
        path.symlink_to(path.name)
    else:  # a file of the same kind, outside the course folder
        outside = course.parent / ("dehors" + path.suffix)
        outside.write_text("title: Dehors\n", encoding="utf-8")
        path.symlink_to(outside)


def _latin1_name(m: Mutation, path: Path, course: Path) -> None:
    """A name written by an old Windows tool: Latin-1 bytes, not UTF-8."""
    os.rename(os.fsencode(path), os.fsencode(path.parent) + b"/le\xe7on-" + os.fsencode(path.name))


_FILE_OPERATIONS: dict[str, Callable[[Mutation, Path, Path], None]] = {
    "delete": lambda m, path, course: path.unlink(),
    "rename": _rename,
    "move-up": _rename,
    "folder": _replace,
    "fifo": _replace,
    "symlink-loop": _replace,
    "symlink-outside": _replace,
    "latin1-name": _latin1_name,
}

mutations = st.builds(
    Mutation,
    # Edits inside files find more than file-level damage: they get twice the share.
    operation=st.sampled_from(OPERATIONS + OPERATIONS[: OPERATIONS.index("delete")]),
    pick=st.integers(min_value=0, max_value=10_000),
    at=st.floats(min_value=0, max_value=1),
    text=st.one_of(st.sampled_from(YAML_VALUES), st.sampled_from(STRAY_TEXT), st.text(max_size=12)),
    data=st.binary(min_size=1, max_size=8),
)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_clean_exit(result: Result) -> None:
    """Exit 0 or 1 with messages, never an exception escaping the command."""
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    where = "".join(traceback.format_exception(escaped)) if escaped else ""
    assert escaped is None, f"crash:\n{where}\noutput:\n{result.output}"
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def check_and_build(course: Path, out: Path, target: str) -> None:
    """The invariants every run must keep, whatever ``course`` holds."""
    out.mkdir()
    (out / PREVIOUS).write_bytes(b"PK")
    checked = invoke("check", str(course))
    assert_clean_exit(checked)
    built = invoke("build", str(course), "--target", target, "--out", str(out))
    assert_clean_exit(built)
    assert built.exit_code == checked.exit_code, built.output
    event(f"exit {built.exit_code}")  # pytest --hypothesis-show-statistics shows the mix
    files = listing(out)
    if built.exit_code == 1:
        assert files == [PREVIOUS]
        assert "nothing was written" in built.output
    else:
        assert not [name for name in files if name.endswith(".tmp") or "/." in f"/{name}"]
        written = [line.split()[1] for line in built.stdout.splitlines()]
        assert written
        assert all(Path(name).exists() for name in written)
        assert all(str(Path(name)).startswith(str(out)) for name in written)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    seed=st.sampled_from(SEEDS),
    changes=st.lists(mutations, min_size=1, max_size=4),
    target=st.sampled_from(["scorm12", "html", "html-single"]),
)
def test_damaged_course_is_reported_never_crashes(
    seed: Path, changes: list[Mutation], target: str
) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="coursepack-fuzz-") as scratch,
        # Forking worker processes for each of ~1000 runs would double the time; the work is
        # the same in one process, and the installed-script test below runs with workers.
        mock.patch.object(workers, "available_cores", return_value=1),
    ):
        course = Path(scratch) / "cours"
        shutil.copytree(seed, course, symlinks=True)
        for change in changes:
            change.apply(course)
        check_and_build(course, Path(scratch) / "dist", target)


def test_undamaged_seeds_build(tmp_path: Path) -> None:
    """The fuzz test means something only if its seeds build before they are damaged."""
    for index, seed in enumerate(SEEDS):
        out = tmp_path / f"dist-{index}"
        out.mkdir()
        built = invoke("build", str(seed), "--target", "scorm12", "--out", str(out))
        assert built.exit_code == 0, built.output


def test_installed_script_on_a_damaged_course(tmp_path: Path) -> None:
    """One real process: stray bytes, a looping link, a folder as quiz and a Latin-1 name."""
    course = tmp_path / "cours"
    shutil.copytree(EXAMPLE_COURSE, course)
    module = course / "01-presentation"
    lesson = module / "01-quest-ce-que-openimis.md"
    lesson.write_bytes(lesson.read_bytes() + b"\n![Carte](carte\x00.svg)\n\xff")
    (module / "quiz.yml").unlink()
    (module / "quiz.yml").mkdir()
    (module / "boucle.svg").symlink_to("boucle.svg")
    os.rename(
        os.fsencode(course / "02-retours-d-experience" / "02-couts.md"),
        os.fsencode(course / "02-retours-d-experience") + b"/02-co\xfbts.md",
    )
    out = tmp_path / "dist"
    out.mkdir()
    done = run_coursepack(["build", str(course), "--out", str(out)], tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.splitlines()[-1] == "nothing was written"
    assert "[file.encoding]" in done.stderr
    assert "[file.not-a-file]" in done.stderr
    assert "[file.name-encoding]" in done.stderr
    assert list(out.iterdir()) == []
