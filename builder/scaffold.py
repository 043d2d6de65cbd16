"""``coursepack new``: a course to start from that already checks and builds.

Designers learn the format by editing a working example, so the skeleton has
one of everything (two modules, lessons, an image, a knowledge check, a graded
quiz). Its YAML files carry a modeline that points editors at JSON Schemas
copied into the course, so completion and checking work without a network.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from builder.identifiers import ascii_words
from builder.json_schema import DOCUMENTS, modeline, schema_file, schema_text
from builder.load import COURSE_FILE, GLOSSARY_FILE, MODULE_FILE, QUIZ_FILE
from builder.writer import write_tree

SKELETONS = Path(__file__).resolve().parent / "skeleton"
LANGUAGES = ("fr", "en")
_PREFIX = {"fr": "cours", "en": "course"}
_SCHEMA_OF = {
    COURSE_FILE: "course",
    MODULE_FILE: "module",
    QUIZ_FILE: "quiz",
    GLOSSARY_FILE: "glossary",
}


class ScaffoldError(Exception):
    """The folder cannot receive a new course; the message says why and what to do."""


def course_id_for(folder: Path, language: str) -> str:
    """An identifier from the folder name: accents dropped, lower case, words joined by '-'."""
    slug = ascii_words(folder.name)[:56]
    return slug if re.match(r"[a-z]", slug) else f"{_PREFIX[language]}-{slug}".rstrip("-")


def skeleton_files(course_id: str, language: str, today: date) -> dict[str, bytes]:
    """Every file of a new course, by POSIX path."""
    source = SKELETONS / language
    files: dict[str, bytes] = {}
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        name = path.relative_to(source).as_posix()
        kind = _SCHEMA_OF.get(path.name)
        if kind is None:
            files[name] = path.read_bytes()
            continue
        text = path.read_text(encoding="utf-8")
        text = text.replace("{{ course_id }}", course_id).replace("{{ updated }}", str(today))
        files[name] = (modeline(kind, name.count("/")) + text).encode("utf-8")
    files.update((schema_file(kind), schema_text(kind).encode("utf-8")) for kind in DOCUMENTS)
    return files


def new_course(folder: Path, language: str, today: date | None = None) -> str:
    """Write a new course into ``folder`` (absent or empty) and return its id."""
    if folder.is_file():
        raise ScaffoldError(f"{folder} is a file; name a new folder for the course")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(
            f"{folder} is not empty; name a new folder so no file of yours is overwritten"
        )
    course_id = course_id_for(folder.resolve(), language)
    write_tree(skeleton_files(course_id, language, today or date.today()), folder)
    return course_id
