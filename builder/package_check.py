"""``coursepack validate``: is a SCORM 1.2 zip one that Moodle takes and tracks?

Any package can be checked, ours or another tool's. This module judges the
zip itself (entry names, the manifest's place); :mod:`builder.manifest_check`
judges ``imsmanifest.xml``. Moodle only looks for the manifest on upload, so
most mistakes show later as content that will not open or is never tracked:
each finding says what Moodle does with it and how to fix it.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

from builder.file_names import same_name_key, twin_difference, windows_problem
from builder.manifest import MANIFEST
from builder.manifest_check import check_manifest
from builder.package_findings import PackageReport, unsafe_path
from builder.package_reading import directory_fits, read_entries

_JUNK = re.compile(r"(^|/)(__MACOSX/|\.DS_Store$|Thumbs\.db$)")
_SYMLINK = 0o120000


def check_package(path: Path) -> PackageReport:
    """Check the zip at ``path`` and its manifest; never raises on a bad package.

    Memory stays bounded whatever the zip holds: only the manifest is kept, and
    only when it is of a sane size (:mod:`builder.package_reading`).
    """
    report = PackageReport(path)
    try:  # only opening shows a file is no zip; each entry's damage is its own finding
        if not directory_fits(path, report):
            return report
        archive = zipfile.ZipFile(path)
    except (OSError, EOFError, ValueError, zipfile.BadZipFile) as problem:
        report.error(f"cannot read it as a zip file: {problem}", "package.unreadable")
        return report
    with archive:
        entries = _check_entries(archive, report)
        manifest = read_entries(archive, report)
        if manifest is not None:
            check_manifest(manifest, set(entries), report)
    return report


def _check_entries(archive: zipfile.ZipFile, report: PackageReport) -> list[str]:
    """Entry-level problems; returns the names of the files in the zip."""
    infos = archive.infolist()
    for info in infos:
        why = unsafe_path(info.filename)
        if why:
            report.error(f"entry '{info.filename}' {why}", "package.unsafe-path")
        if (info.external_attr >> 16) & 0o170000 == _SYMLINK:
            report.error(f"entry '{info.filename}' is a symbolic link", "package.symlink")
    counts = Counter(info.filename for info in infos)
    for name in sorted(n for n, count in counts.items() if count > 1):
        report.error(
            f"entry '{name}' is in the zip {counts[name]} times", "package.duplicate-entry"
        )
    names = sorted(n for n in counts if not n.endswith("/"))
    _check_names(names, report)
    return names


def _every_path(names: list[str]) -> list[str]:
    """Each entry and each folder on its way, once: a folder's name matters as much."""
    paths = set(names)
    for name in names:
        parts = name.split("/")
        paths.update("/".join(parts[:end]) for end in range(1, len(parts)))
    return sorted(paths)


def _check_names(names: list[str], report: PackageReport) -> None:
    junk = [n for n in names if _JUNK.search(n)]
    if junk:
        report.warning(
            f"{len(junk)} file(s) of operating-system clutter, e.g. '{junk[0]}'; leave them out",
            "package.junk",
        )
    by_case: dict[str, str] = {}
    for name in names:
        twin = by_case.setdefault(same_name_key(name), name)
        if twin != name:
            report.error(
                f"entries '{twin}' and '{name}' {twin_difference(twin, name)}: Windows and macOS "
                "take them for one name, so once unzipped there one replaces the other; rename "
                "one of them",
                "package.case-twin",
            )
    for path in _every_path(names):
        why = windows_problem(path.rsplit("/", 1)[-1])
        if why:
            report.error(
                f"entry '{path}': {why}, so it cannot be unzipped on Windows; rename it",
                "package.windows-name",
            )
    if MANIFEST in names:
        return
    nested = [n for n in names if n.lower().rsplit("/", 1)[-1] == MANIFEST]
    if nested:
        report.error(
            f"imsmanifest.xml must be at the root of the zip, not at '{nested[0]}'; Moodle "
            "refuses the upload: zip the contents of the course folder, not the folder",
            "package.manifest-location",
        )
    else:
        report.error(
            "there is no imsmanifest.xml at the root of the zip; this is not a SCORM package",
            "package.no-manifest",
        )
