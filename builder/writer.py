"""The one place that writes build output, atomically and reproducibly.

Output is first written next to its destination under a temporary name and
renamed into place only when complete, so an interrupted or failed build
never leaves a half-written package where an author would pick it up.
Zip entries are sorted and stamped with a fixed time (``SOURCE_DATE_EPOCH``
when set), so the same sources always give the same bytes.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import signal
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

#: Where the outputs go unless ``--out`` names another folder.
DEFAULT_OUT_DIR = Path("dist")
#: 1980-01-01 and 2107-12-31 23:59:58, the earliest and latest times a zip entry can carry.
_ZIP_EPOCH = 315532800
_ZIP_END = 4354819198
_FILE_MODE = 0o644


class SettingError(Exception):
    """A build setting (from the environment, or ``--out``) cannot be used."""


def zip_timestamp() -> tuple[int, int, int, int, int, int]:
    """The time stamped on every zip entry: ``SOURCE_DATE_EPOCH``, or 1980-01-01."""
    written = os.environ.get("SOURCE_DATE_EPOCH", str(_ZIP_EPOCH))
    try:
        seconds = int(written)
    except ValueError:
        seconds = -1
    if not 0 <= seconds <= _ZIP_END:
        raise SettingError(
            f"SOURCE_DATE_EPOCH is '{written}'; it must be a whole number of seconds since 1970, "
            "before the year 2108 (zip files cannot store later dates)"
        )
    return time.gmtime(max(seconds, _ZIP_EPOCH))[:6]


def check_destinations(out: Path, destinations: Iterable[tuple[Path, bool]]) -> None:
    """Raise :class:`SettingError` when something on disk is in the way of the output.

    ``destinations`` are each artefact's path and whether it is a folder. Checked
    before anything is written, so a file where a folder must go stops the build
    whole instead of halfway.
    """
    if out.exists() and not out.is_dir():
        raise SettingError(
            f"--out '{out}' is a file, not a folder; name a folder (it is created if missing), "
            "or move the file away"
        )
    blocking = _file_in_the_way(out)
    if blocking is not None:
        raise SettingError(
            f"--out '{out}' cannot be created: '{blocking}' is a file, not a folder; name "
            "another folder with --out, or move the file away"
        )
    fix = "move or delete it, or name another folder with --out"
    for dest, folder in destinations:
        blocking = _file_in_the_way(dest)
        if blocking is not None:
            raise SettingError(
                f"cannot write '{dest}': '{blocking}' is a file, not a folder; {fix}"
            )
        if not folder and dest.is_dir():
            raise SettingError(f"cannot write '{dest}': a folder has that name; {fix}")
        if folder and dest.exists() and not dest.is_dir():
            raise SettingError(f"cannot write '{dest}': a file has that name; {fix}")


def _file_in_the_way(path: Path) -> Path | None:
    """The nearest existing folder above ``path``, when it is not a folder after all."""
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else parent
    return None


@contextmanager
def _staging(dest: Path) -> Iterator[Path]:
    """A temporary sibling of ``dest``, removed if anything goes wrong.

    A build killed outright (SIGKILL, power cut) cannot clean up after itself: its
    staging folders are swept here, the next time the same artefact is written.
    """
    dest.parent.mkdir(parents=True, exist_ok=True)
    for stale in dest.parent.glob(f".{glob.escape(dest.name)}.*.tmp"):
        shutil.rmtree(stale, ignore_errors=True)
    # Named before it exists, so that a stop at any moment after mkdir still removes it; and
    # removed with Ctrl+C and SIGTERM held back: removing the previous copy of a large folder
    # takes long enough for a stop to land in the middle and leave half of it behind.
    staging = dest.parent / f".{dest.name}.{secrets.token_hex(6)}.tmp"
    try:
        staging.mkdir()
        yield staging
    finally:
        with _uninterrupted():
            shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _uninterrupted() -> Iterator[None]:
    """Hold Ctrl+C and SIGTERM back while a folder is swapped, so one never goes missing."""
    held = {signal.SIGINT, signal.SIGTERM}
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks, no SIGTERM
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def write_tree(files: Mapping[str, bytes], dest: Path) -> None:
    """Replace the folder ``dest`` with exactly ``files`` (POSIX relative paths)."""
    with _staging(dest) as staging:
        tree = staging / "tree"
        for name in sorted(files):
            target = tree / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[name])
        with _uninterrupted():
            if dest.exists():
                dest.rename(staging / "previous")
            tree.rename(dest)


def write_zip(files: Mapping[str, bytes], dest: Path, comment: bytes = b"") -> None:
    """Replace the zip ``dest`` with one holding ``files``, byte-for-byte reproducible."""
    stamp = zip_timestamp()
    with _staging(dest) as staging:
        temporary = staging / dest.name
        with zipfile.ZipFile(temporary, "w") as archive:
            archive.comment = comment
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = _FILE_MODE << 16
                info.create_system = 3
                archive.writestr(info, files[name], compresslevel=9)
        os.replace(temporary, dest)


def write_file(content: bytes, dest: Path) -> None:
    """Replace the single file ``dest`` with ``content``, atomically."""
    with _staging(dest) as staging:
        temporary = staging / dest.name
        temporary.write_bytes(content)
        os.replace(temporary, dest)
