"""Stable identifiers derived from file and folder names.

Authors number folders and files to order them (``01-introduction``); the
number is not part of the identity, so renumbering keeps a learner's bookmark
pointing at the same lesson. (Saved answers are tied to the course structure
and start afresh when it changes.) Identifiers are ASCII so they are safe in
URLs, SCORM data and HTML ids.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

_ORDER_PREFIX = re.compile(r"^\d+[-_. ]*")
#: Letters that Unicode does not decompose into ASCII ones ("mise en œuvre").
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def ascii_words(name: str) -> str:
    """``'Mise en œuvre !'`` → ``'mise-en-oeuvre'``; empty when no ASCII letter or digit is left."""
    spelled = name.translate(LIGATURES)
    ascii_name = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def slug(name: str) -> str:
    """``'02 - Ésquisse du projet'`` → ``'esquisse-du-projet'``."""
    return ascii_words(name) or "x"


def name_id(path: Path) -> str:
    """The identifier of a module folder or lesson file."""
    stem = path.stem if path.is_file() else path.name
    return slug(_ORDER_PREFIX.sub("", stem) or stem)


def humanise(path: Path) -> str:
    """A readable default title from a folder name: ``01-mise-en-oeuvre`` → ``Mise en oeuvre``."""
    words = re.sub(r"[-_]+", " ", _ORDER_PREFIX.sub("", path.name)).strip() or path.name
    return words[:1].upper() + words[1:]


def dom_id(page_id: str) -> str:
    """An HTML id for a page: ``introduction/historique`` → ``p-introduction--historique``."""
    return "p-" + page_id.replace("/", "--")


def question_id(explicit: object, index: int) -> str:
    """A question's id: the author's, or its position (``q1``, ``q2``…) in its quiz."""
    return str(explicit) if explicit is not None else f"q{index + 1}"
