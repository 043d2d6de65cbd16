"""Load stage: find a course's files and parse them, keeping every location.

Nothing here judges the content beyond what is needed to parse it (YAML
syntax, front matter delimiters, quiz fences); the validate stage does the
rest. The result is a :class:`RawCourse`: parsed YAML mappings that still know
their lines, and lesson bodies with their knowledge checks cut out.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.diagnostics import Location, Reporter
from builder.textfile import read_text
from builder.yamlsource import UNPARSABLE, parse_yaml

COURSE_FILE = "course.yml"
MODULE_FILE = "module.yml"
QUIZ_FILE = "quiz.yml"
GLOSSARY_FILE = "glossary.yml"
LESSON_SUFFIX = ".md"

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`\s]*)")
_INDENTED_QUIZ = re.compile(r"^(\s{4,}|\t)\s*(`{3,}|~{3,})\s*quiz\s*$")


def check_placeholder(index: int) -> str:
    """The raw-HTML marker left in a lesson body where knowledge check ``index`` goes."""
    return f"<!--cp-check:{index}-->"


@dataclass(frozen=True)
class RawCheck:
    """A ```quiz block: its parsed YAML and where the block starts."""

    data: Any
    location: Location


@dataclass(frozen=True)
class RawLesson:
    path: Path
    text: str
    front: Any
    front_location: Location
    body: str
    body_line: int
    heading_title: str | None
    checks: tuple[RawCheck, ...]


@dataclass(frozen=True)
class RawModule:
    folder: Path
    config: Any
    lessons: tuple[RawLesson, ...]
    quiz: Any
    quiz_path: Path
    #: Lessons that could not be read or parsed (already reported): links to them are
    #: not reported again as links to a file that is not a lesson.
    unloadable: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RawCourse:
    root: Path
    config: Any
    config_path: Path
    modules: tuple[RawModule, ...]
    #: The parsed glossary.yml, or None when the course has none.
    glossary: Any = None


def is_course_dir(path: Path) -> bool:
    """A folder with a course.yml, even a broken one (load then says what is wrong with it)."""
    return _present(path / COURSE_FILE)


def _present(path: Path) -> bool:
    """Something is at ``path``: a file, a folder, or a symbolic link leading nowhere."""
    return path.is_symlink() or path.exists()


def has_utf8_name(path: Path) -> bool:
    """False for a name that is not UTF-8 (Linux stores any bytes): it cannot appear in a
    page, a package or a message, so such files are reported and left out."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def find_courses(root: Path) -> list[Path]:
    """Every course folder directly under ``root`` (a folder with a course.yml)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and is_course_dir(p))


def _visible(path: Path) -> bool:
    return not path.name.startswith((".", "_"))


def _module_folders(root: Path, reporter: Reporter) -> list[Path]:
    """Sub-folders holding at least one lesson; other folders are asset folders."""
    folders = [p for p in sorted(root.iterdir()) if p.is_dir() and _visible(p)]
    modules = [f for f in folders if any(_visible(p) for p in f.glob(f"*{LESSON_SUFFIX}"))]
    return _utf8_named(modules, reporter)


def _utf8_named(paths: list[Path], reporter: Reporter) -> list[Path]:
    """``paths`` without those whose name is not UTF-8, each reported at its folder."""
    kept: list[Path] = []
    for path in paths:
        if has_utf8_name(path):
            kept.append(path)
        else:
            shown = os.fsencode(path.name).decode("utf-8", "backslashreplace")
            message = (
                f"the name '{shown}' is not valid UTF-8, so it is left out; rename it "
                "(a file manager or 'convmv' can convert such names)"
            )
            reporter.error(Location(path.parent), message, "file.name-encoding")
    return kept


def load_course(root: Path, reporter: Reporter) -> RawCourse:
    """Parse every file of the course at ``root`` (made absolute, '..' folded, symlinks kept)."""
    root = Path(os.path.abspath(root))
    config_path = root / COURSE_FILE
    config = _load_yaml_file(config_path, root, reporter)
    modules = tuple(
        _load_module(folder, root, reporter) for folder in _module_folders(root, reporter)
    )
    glossary_path = root / GLOSSARY_FILE
    glossary = _load_yaml_file(glossary_path, root, reporter) if _present(glossary_path) else None
    return RawCourse(root, config, config_path, modules, glossary)


def _load_yaml_file(path: Path, root: Path, reporter: Reporter) -> Any:
    text = read_text(path, reporter, within=root)
    return UNPARSABLE if text is None else parse_yaml(text, Location(path), reporter)


def _load_module(folder: Path, root: Path, reporter: Reporter) -> RawModule:
    module_file = folder / MODULE_FILE
    config = _load_yaml_file(module_file, root, reporter) if _present(module_file) else None
    found = sorted(p for p in folder.glob(f"*{LESSON_SUFFIX}") if _visible(p))
    loaded = [(path, _load_lesson(path, root, reporter)) for path in _utf8_named(found, reporter)]
    lessons = tuple(lesson for _, lesson in loaded if lesson is not None)
    unloadable = tuple(path for path, lesson in loaded if lesson is None)
    quiz_path = folder / QUIZ_FILE
    quiz = _load_yaml_file(quiz_path, root, reporter) if _present(quiz_path) else None
    return RawModule(folder, config, lessons, quiz, quiz_path, unloadable)


def _load_lesson(path: Path, root: Path, reporter: Reporter) -> RawLesson | None:
    text = read_text(path, reporter, within=root)
    if text is None:
        return None
    lines = text.split("\n")
    front: Any = None
    front_location = Location(path)
    body_start = 0
    if lines and lines[0].rstrip() == "---":
        closing = next(
            (i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None
        )
        if closing is None:
            reporter.error(
                Location(path),
                "front matter starts with '---' but is never closed; add a '---' line after it",
                "lesson.unclosed-front-matter",
            )
            return None
        front_location = Location(path, 2)
        front = parse_yaml("\n".join(lines[1:closing]), front_location, reporter)
        body_start = closing + 1
    body_lines = lines[body_start:]
    heading_title = _take_heading(body_lines)
    body, checks = _cut_checks(body_lines, Location(path, body_start + 1), reporter)
    return RawLesson(path, text, front, front_location, body, body_start + 1, heading_title, checks)


def _take_heading(lines: list[str]) -> str | None:
    """The first level-1 heading, blanked out so it is not shown twice."""
    for index, line in enumerate(lines):
        if line.startswith("# "):
            lines[index] = ""
            return line[2:].strip().rstrip("#").strip() or None
        if line.strip():
            return None
    return None


def _cut_checks(
    lines: list[str], start: Location, reporter: Reporter
) -> tuple[str, tuple[RawCheck, ...]]:
    """Replace each ```quiz block by a placeholder; other fences are left alone."""
    out: list[str] = []
    checks: list[RawCheck] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if _INDENTED_QUIZ.match(lines[index]):
            reporter.warning(
                start.shifted(index),
                "this ```quiz block is indented, so it shows as code; start it at the "
                "beginning of a line (a quiz cannot sit inside a note or a list)",
                "lesson.indented-quiz",
            )
        if opening is None:
            out.append(lines[index])
            index += 1
            continue
        fence = opening["fence"]
        closing = next(
            (
                j
                for j in range(index + 1, len(lines))
                if lines[j].strip().startswith(fence[0] * len(fence))
                and not lines[j].strip().strip(fence[0])
            ),
            None,
        )
        where = start.shifted(index, len(opening["indent"]) + 1)
        if opening["info"] != "quiz":
            end = len(lines) if closing is None else closing + 1
            out.extend(lines[index:end])
            index = end
            continue
        if closing is None:
            message = f"the ```quiz block is never closed; add a line with {fence} after it"
            reporter.error(where, message, "lesson.unclosed-fence")
            return "\n".join(out), tuple(checks)
        data = parse_yaml(
            "\n".join(lines[index + 1 : closing]), start.shifted(index + 1, 1), reporter
        )
        checks.append(RawCheck(data, where))
        out.extend(["", check_placeholder(len(checks) - 1), ""])
        index = closing + 1
    return "\n".join(out), tuple(checks)
