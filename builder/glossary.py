"""The course glossary (``glossary.yml``): its checks, its entries and their anchors.

Course documents are full of abbreviations (FOSA, CNLS, POS…) that a new
learner cannot guess. One glossary file per course explains them once; the
player shows it as a page of its own and links each term's first use in a
lesson to its entry (see :mod:`builder.terms`).

Two terms are the same entry when they differ only by case, accents or
punctuation: they would get the same anchor, and a learner could not tell
which one a lesson means.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from builder import formats
from builder.diagnostics import Location, Reporter
from builder.identifiers import LIGATURES
from builder.load import GLOSSARY_FILE, RawCourse
from builder.model import GlossaryEntry
from builder.schema import check_document
from builder.yamlsource import YamlMap

#: Glossary entries' element ids; lesson ids never start with "cp-" (the sanitizer refuses it).
ANCHOR_PREFIX = "cp-term-"

CheckText = Callable[[Any, Path, Location], None]


def folded(text: str) -> str:
    """``text`` without case, accents or ligatures: how a glossary is sorted and compared."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def anchor(term: str) -> str:
    """The element id of ``term``'s entry on the glossary page."""
    slug = re.sub(r"[^a-z0-9]+", "-", folded(term)).strip("-")
    return ANCHOR_PREFIX + (slug or term.encode("utf-8").hex())


def sort_key(entry: GlossaryEntry) -> tuple[str, str]:
    """Alphabetical order ignoring case and accents ("Écart" between "Dossier" and "Fonds")."""
    return folded(entry.term), entry.term


def check_glossary(raw: RawCourse, reporter: Reporter, check_text: CheckText) -> None:
    """Report what is wrong with the course's glossary.yml, if it has one.

    ``check_text`` is the validator's check of a Markdown text (links, raw HTML).
    """
    path = raw.root / GLOSSARY_FILE
    if raw.glossary is None and not path.is_file():
        return
    document = check_document(raw.glossary, formats.GLOSSARY, Location(path), reporter)
    if document is None:
        return
    seen: dict[str, tuple[str, Location]] = {}
    for entry in document["terms"]:
        term = str(entry["term"])
        where = entry.value_at("term")
        key = anchor(term)
        if key in seen:
            other, first = seen[key]
            same = "is already" if other == term else f"is the same term as '{other}',"
            message = (
                f"'{term}' {same} defined on line {first.line}; keep one entry per term "
                "and merge their definitions"
            )
            reporter.error(where, message, "glossary.duplicate-term")
        else:
            seen[key] = (term, where)
        check_text(entry["definition"], path, entry.value_at("definition"))


def glossary_entries(raw: RawCourse) -> tuple[GlossaryEntry, ...]:
    """The entries of a valid glossary.yml, sorted for the glossary page."""
    if raw.glossary is None:
        return ()
    entries = (_entry(item) for item in raw.glossary["terms"])
    return tuple(sorted(entries, key=sort_key))


def _entry(item: YamlMap) -> GlossaryEntry:
    expansion = item.get("expansion")
    return GlossaryEntry(
        term=str(item["term"]).strip(),
        expansion=None if expansion is None else str(expansion).strip(),
        definition=str(item["definition"]),
        location=item.value_at("term"),
    )
