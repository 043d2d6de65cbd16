"""Reading source text the same way everywhere: UTF-8, BOM dropped, LF line ends.

Authors save files from many editors (Notepad with a BOM, Windows line ends);
none of that should change what a course means or where errors point. Before
reading, the file is looked at: a folder, a pipe or a symbolic link out of the
course is reported rather than read (a pipe would hang the build), and so is a
text file too big to be a lesson, which is nearly always a video or an export
saved with the wrong name.
"""

from __future__ import annotations

import errno
import stat
from pathlib import Path

from builder.diagnostics import Location, Reporter

BOM = b"\xef\xbb\xbf"
#: No lesson or quiz comes near this: the shipped courses' largest text file is 12 KB.
MAX_TEXT_BYTES = 5 * 1024 * 1024
_MB = 1024 * 1024
_LOOP = "it is a symbolic link that leads back to itself; put the file itself there"


def read_text(path: Path, reporter: Reporter, within: Path | None = None) -> str | None:
    """The file's text, or ``None`` after reporting why it cannot be read.

    With ``within``, a symbolic link that leads out of that folder is refused: a
    course folder must hold everything it is built from.
    """
    data = _read_bytes(path, reporter, within)
    if data is None:
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


def read_bytes(path: Path, reporter: Reporter, within: Path | None = None) -> bytes | None:
    """The file's bytes, or ``None`` after reporting why it cannot be read (see
    :func:`read_text`), for a reader that decodes them itself."""
    return _read_bytes(path, reporter, within)


def outside_message(path: Path) -> str:
    """What to say of a symbolic link that leads out of the course folder."""
    return (
        f"this is a symbolic link to '{path.resolve()}', outside the course folder; "
        "copy that file into the course instead"
    )


def _read_bytes(path: Path, reporter: Reporter, within: Path | None) -> bytes | None:
    where = Location(path)
    try:
        facts = path.stat()
        if within is not None and not path.resolve().is_relative_to(within.resolve()):
            reporter.error(where, outside_message(path), "file.outside")
            return None
        if not stat.S_ISREG(facts.st_mode):
            what = "a folder" if stat.S_ISDIR(facts.st_mode) else "not an ordinary file"
            message = f"'{path.name}' is {what}, but a file is expected here; rename or remove it"
            reporter.error(where, message, "file.not-a-file")
            return None
        if facts.st_size > MAX_TEXT_BYTES:
            message = (
                f"file is {facts.st_size / _MB:.1f} MB, over the {MAX_TEXT_BYTES // _MB} MB "
                "allowed for a course text file; split it into several lessons, and keep "
                "images and videos in files of their own"
            )
            reporter.error(where, message, "file.too-large")
            return None
        return path.read_bytes()
    except OSError as exc:
        reporter.error(where, f"cannot read file: {_reason(exc)}", "file.unreadable")
        return None


def loop_message() -> str:
    """What to say of a symbolic link that leads, maybe through others, back to itself."""
    return f"cannot read file: {_LOOP}"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return _LOOP
    return str(exc.strerror)
