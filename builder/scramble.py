"""Answer keys written so that reading the page source does not show them.

The learner runtime has to mark answers offline, so the keys ship with the
page. Each printable character of their JSON is swapped for another,
following a table shuffled from the course id and version: unreadable at a
glance, yet as compressible as the plain text (a per-byte XOR in base64 made
the zipped keys four times larger). A deterrent, not a secret: the player
carries the table, and ``marking.js`` (``pageData``) undoes it at start-up.
"""

from __future__ import annotations

import json
from typing import Any

#: The characters that are shuffled: JSON with ``ensure_ascii`` writes no others.
PRINTABLE = "".join(chr(code) for code in range(32, 127))
_WORD = 0xFFFFFFFF


def course_alphabet(course_id: str, version: str) -> str:
    """``PRINTABLE`` shuffled by xorshift32 seeded with FNV-1a of the id and version."""
    state = 0x811C9DC5
    for byte in f"{course_id}\n{version}".encode():
        state = ((state ^ byte) * 0x01000193) & _WORD
    state = state or 1
    letters = list(PRINTABLE)
    for index in range(len(letters) - 1, 0, -1):
        state ^= (state << 13) & _WORD
        state ^= state >> 17
        state ^= (state << 5) & _WORD
        other = state % (index + 1)
        letters[index], letters[other] = letters[other], letters[index]
    return "".join(letters)


def scramble(value: Any, alphabet: str) -> str:
    """``value`` as ASCII JSON, each printable character replaced through ``alphabet``."""
    text = json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))
    return text.translate(str.maketrans(PRINTABLE, alphabet))


def unscramble(text: str, alphabet: str) -> Any:
    """The value :func:`scramble` wrote (what ``pageData`` in marking.js does)."""
    return json.loads(text.translate(str.maketrans(alphabet, PRINTABLE)))
