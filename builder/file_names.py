"""File names that travel badly: what Windows refuses, and names that are one name there.

Packages are unzipped on Windows and macOS too (by an LMS on a Windows
server, by a trainer copying the offline folder), where some names cannot be
created and names differing only in letter case are the same file. Both the
course check and ``validate`` judge names with these rules.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

#: Device names Windows reserves, with any extension ('con.png', 'LPT1.txt').
WINDOWS_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"{port}{digit}" for port in ("com", "lpt") for digit in "123456789¹²³"]
)


def windows_problem(name: str) -> str | None:
    """Why Windows cannot create a file or folder called ``name``, or None."""
    if name in (".", ".."):  # not names: steps, judged as unsafe paths
        return None
    if name.endswith((".", " ")):
        end = "a dot" if name.endswith(".") else "a space"
        return f"'{name}' ends with {end}, which Windows removes from names"
    device = name.split(".", 1)[0].rstrip(" ").lower()
    if device in WINDOWS_RESERVED:
        return f"'{name}' is a name Windows reserves for a device ({device.upper()})"
    return None


def same_name_key(path: str) -> str:
    """What Windows and macOS see of ``path``: letter case and how accents are encoded aside."""
    return unicodedata.normalize("NFC", path).lower()


def twin_difference(first: str, second: str) -> str:
    """How two paths with the same :func:`same_name_key` differ, for a message."""
    if normal_name(first) == normal_name(second):
        return "differ only in how their accents are encoded (composed or decomposed Unicode)"
    return "differ only in letter case"


def normal_name(path: str) -> str:
    """``path`` with composed accents (NFC), the form a keyboard types and the web expects."""
    return unicodedata.normalize("NFC", path)


def find_on_disk(folder: Path, parts: Sequence[str], key: Callable[[str], str]) -> Path | None:
    """The path under ``folder`` that ``parts`` name, each name as the disk spells it.

    A name that is not on disk is taken to be the one entry of its folder with
    the same ``key`` (:func:`normal_name` to reach a file written in another
    Unicode form, :func:`same_name_key` to find what Windows or macOS would
    open); ``None`` when no entry, or more than one, has it.
    """
    found = folder
    for part in parts:
        step = found / part
        if not os.path.lexists(step):
            wanted = key(part)
            try:
                names = [name for name in os.listdir(found) if key(name) == wanted]
            except OSError:
                return None
            if len(names) != 1:
                return None
            step = found / names[0]
        found = step
    return found
