"""Reading the entries of an untrusted zip with bounded memory and time.

A zip says how large each entry expands before it is read, and
:mod:`zipfile` never expands one past that size, so judging the sizes first
is enough to refuse a zip bomb without expanding it. Entries Python cannot
expand (encrypted, or compressed with a method it lacks) are reported, never
read: reading them raises instead of returning bytes.

The zip as a whole has budgets too, since small entries add up: its list of
entries is judged from the zip's last bytes before :mod:`zipfile` reads it
(a SCORM package holds hundreds of files, not hundreds of thousands), and
entries are checked only while they expand to a sane total.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from builder.manifest import MANIFEST
from builder.package_findings import PackageReport
from builder.sizes import KB, MB, human_size

#: The largest manifest read; ours are a few KB even for a large course.
MAX_MANIFEST = 8 * MB
#: An entry expanding more than this many times, to ``BOMB_MIN_SIZE`` or more, is a bomb.
BOMB_RATIO = 100
BOMB_MIN_SIZE = 10 * MB
#: The most entries a zip may list, and the most bytes that list may take: a SCORM package
#: holds hundreds of files (a large course of ours, about 300).
MAX_ENTRIES = 10_000
MAX_DIRECTORY = 4 * MB
#: The most the entries may expand to, all together, to be checked; Moodle takes far smaller.
MAX_EXPANDED = 2 * 1024 * MB
#: Methods Moodle's unzip (and Windows') reads: stored and deflate.
READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
METHOD_NAMES = {
    9: "Deflate64",
    12: "bzip2",
    14: "LZMA",
    93: "Zstandard",
    95: "XZ",
    96: "JPEG",
    97: "WavPack",
    98: "PPMd",
}
_CHUNK = MB
_ENCRYPTED = 0x1
#: The end record and where its fields sit (the zip format's "end of central directory").
_END = b"PK\5\6"
_END_SIZE = 22
_ZIP64_LOCATOR = b"PK\6\7"
_ZIP64_END = b"PK\6\6"


def directory_fits(path: Path, report: PackageReport) -> bool:
    """Whether the zip's list of entries is small enough to read; reports it if not.

    Read from the end record alone, so a zip listing 200,000 entries costs no
    more than one listing ten. A file with no end record is left to :mod:`zipfile`,
    which says it is no zip.
    """
    with path.open("rb") as file:
        size = file.seek(0, 2)
        tail_size = min(size, 64 * KB + _END_SIZE)
        file.seek(size - tail_size)
        tail = file.read(tail_size)
        at = tail.rfind(_END)
        if at < 0 or len(tail) - at < _END_SIZE:
            return True
        entries, directory = struct.unpack("<HL", tail[at + 10 : at + 16])
        if entries == 0xFFFF or directory == 0xFFFFFFFF:
            entries, directory = _zip64_counts(file, tail, at)
    if entries > MAX_ENTRIES:
        _too_many_entries(f"the zip lists {entries:,} entries; over {MAX_ENTRIES:,}", report)
    elif directory > MAX_DIRECTORY:
        taken = f"{human_size(directory)}; over {human_size(MAX_DIRECTORY)}"
        _too_many_entries(f"the zip's list of entries takes {taken}", report)
    else:
        return True
    return False


def _too_many_entries(what: str, report: PackageReport) -> None:
    report.error(
        f"{what} it is not read (a SCORM package holds hundreds of files): zip only "
        "the course's own files",
        "package.too-many-entries",
    )


def _zip64_counts(file: BinaryIO, tail: bytes, end: int) -> tuple[int, int]:
    """Entries and directory size from the zip64 end record, which the locator points at."""
    locator = tail[end - 20 : end]
    if len(locator) < 20 or not locator.startswith(_ZIP64_LOCATOR):
        return 0, 0
    (offset,) = struct.unpack("<Q", locator[8:16])
    file.seek(offset)
    record = file.read(56)
    if len(record) < 56 or not record.startswith(_ZIP64_END):
        return 0, 0
    entries, directory = struct.unpack("<QQ", record[32:48])
    return int(entries), int(directory)


def read_entries(archive: zipfile.ZipFile, report: PackageReport) -> bytes | None:
    """Check every entry that can be read safely by reading it; report those that cannot.

    Returns the manifest's bytes, when it could be read.
    """
    manifest = None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:  # the end record said fewer: its directory's size bounds them
        _too_many_entries(f"the zip lists {len(infos):,} entries; over {MAX_ENTRIES:,}", report)
        return None
    readable = [i for i in infos if not i.is_dir() and _readable(i, report)]
    expanded = sum(info.file_size for info in readable)
    if expanded > MAX_EXPANDED:
        report.error(
            f"the zip's files expand to {human_size(expanded)}; over "
            f"{human_size(MAX_EXPANDED)} they are not read, so they are not checked for "
            "damage: leave out what the course does not use, or make videos smaller",
            "package.too-large",
        )
        readable = [info for info in readable if info.filename == MANIFEST]
    for info in readable:
        keep = info.filename == MANIFEST
        if keep and info.file_size > MAX_MANIFEST:
            report.error(
                f"{MANIFEST} is {human_size(info.file_size)}; a manifest over "
                f"{human_size(MAX_MANIFEST)} is not read (it is a few KB even for a large "
                "course)",
                "package.too-large",
            )
            keep = False
        content = _read(archive, info, report, keep)
        if keep:
            manifest = content
    return manifest


def _readable(info: zipfile.ZipInfo, report: PackageReport) -> bool:
    """Whether the entry can be expanded, and should be; reports why not."""
    name = info.filename
    if info.flag_bits & _ENCRYPTED:
        report.error(
            f"entry '{name}' is encrypted (it needs a password); Moodle cannot unzip it: "
            "zip the files again without a password",
            "package.encrypted",
        )
        return False
    if info.compress_type not in READABLE_METHODS:
        method = info.compress_type
        label = f" ({METHOD_NAMES[method]})" if method in METHOD_NAMES else ""
        report.error(
            f"entry '{name}' is compressed with method {method}{label}, which Moodle and most "
            "unzip tools cannot read: zip the files again with the usual method, deflate",
            "package.compression",
        )
        return False
    expanded, packed = info.file_size, max(info.compress_size, 1)
    if expanded >= BOMB_MIN_SIZE and expanded > BOMB_RATIO * packed:
        report.error(
            f"entry '{name}' expands to {human_size(expanded)} from {human_size(packed)} "
            f"({expanded // packed} times), as a zip bomb does; it is not read: remove it, or "
            "zip the files again",
            "package.zip-bomb",
        )
        return False
    return True


def _read(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, report: PackageReport, keep: bool
) -> bytes | None:
    """Expand the entry a chunk at a time, checking its checksum; its bytes when ``keep``."""
    kept: list[bytes] = []
    try:
        with archive.open(info) as entry:
            while chunk := entry.read(_CHUNK):
                if keep:
                    kept.append(chunk)
    except zipfile.BadZipFile as problem:
        reason = "bad checksum" if "CRC" in str(problem) else str(problem)
        report.error(
            f"entry '{info.filename}' is damaged ({reason}); make the zip again",
            "package.damaged",
        )
        return None
    except (zlib.error, EOFError) as problem:
        report.error(
            f"entry '{info.filename}' is damaged ({problem}); make the zip again",
            "package.damaged",
        )
        return None
    return b"".join(kept) if keep else None
