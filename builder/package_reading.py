"""Reading the entries of an untrusted zip with bounded memory and time.

A zip says how large each entry expands before it is read, and
:mod:`zipfile` never expands one past that size, so judging the sizes first
is enough to refuse a zip bomb without expanding it. Entries Python cannot
expand (encrypted, or compressed with a method it lacks) are reported, never
read: reading them raises instead of returning bytes.
"""

from __future__ import annotations

import zipfile
import zlib

from builder.manifest import MANIFEST
from builder.package_findings import PackageReport
from builder.sizes import MB, human_size

#: The largest manifest read; ours are a few KB even for a large course.
MAX_MANIFEST = 8 * MB
#: An entry expanding more than this many times, to more than ``BOMB_MIN_SIZE``, is a bomb.
BOMB_RATIO = 100
BOMB_MIN_SIZE = 10 * MB
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


def read_entries(archive: zipfile.ZipFile, report: PackageReport) -> bytes | None:
    """Check every entry that can be read safely by reading it; report those that cannot.

    Returns the manifest's bytes, when it could be read.
    """
    manifest = None
    for info in archive.infolist():
        if info.is_dir() or not _readable(info, report):
            continue
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
    if expanded > BOMB_MIN_SIZE and expanded > BOMB_RATIO * packed:
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
