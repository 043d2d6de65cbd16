"""Reading source text the same way everywhere: UTF-8, BOM dropped, LF line ends.

Authors save files from many editors (Notepad with a BOM, Windows line ends);
none of that should change what a course means or where errors point.
"""

from __future__ import annotations

from pathlib import Path

from builder.diagnostics import Location, Reporter

BOM = b"\xef\xbb\xbf"


def read_text(path: Path, reporter: Reporter) -> str | None:
    """The file's text, or ``None`` after reporting why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        reporter.error(Location(path), f"cannot read file: {exc.strerror}", "file.unreadable")
        return None
    data = data.removeprefix(BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        reporter.error(
            Location(path, line, column),
            "file is not valid UTF-8; save it as UTF-8 in your editor",
            "file.encoding",
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")
