"""JSON Schemas of the source files, for editors that check YAML as it is typed.

They are generated from :mod:`builder.formats`, the declarations the validator
checks against, so an editor and ``coursepack check`` never disagree on a key.
Draft-07 because it is the draft every YAML editor plugin understands; the
keywords used mean the same in later drafts.
"""

from __future__ import annotations

import json
from typing import Any

from builder.formats import COURSE, FRONT_MATTER, GLOSSARY, MODULE, QUIZ
from builder.schema import Schema

DRAFT = "http://json-schema.org/draft-07/schema#"
#: Where ``coursepack new`` puts the schemas inside a course, so editors work offline.
SCHEMA_DIR = ".schemas"
DOCUMENTS: dict[str, Schema] = {
    "course": COURSE,
    "module": MODULE,
    "quiz": QUIZ,
    "front-matter": FRONT_MATTER,
    "glossary": GLOSSARY,
}


def document_schema(kind: str) -> dict[str, Any]:
    """The whole-file schema for ``kind``, one of :data:`DOCUMENTS`."""
    return {"$schema": DRAFT, **DOCUMENTS[kind].json_schema()}


def schema_text(kind: str) -> str:
    """The schema as stable, readable JSON (same bytes on every run)."""
    return json.dumps(document_schema(kind), indent=2, ensure_ascii=False) + "\n"


def schema_file(kind: str) -> str:
    """The schema's path inside a course folder, e.g. ``.schemas/course.schema.json``."""
    return f"{SCHEMA_DIR}/{kind}.schema.json"


def modeline(kind: str, depth: int) -> str:
    """The comment that points yaml-language-server at the schema, from ``depth`` folders down."""
    return f"# yaml-language-server: $schema={'../' * depth}{schema_file(kind)}\n"
