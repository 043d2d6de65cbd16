"""writer: output is reproducible, and replaced atomically or not at all."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from builder.writer import SettingError, write_tree, write_zip, zip_timestamp

FILES = {
    "index.html": b"<!doctype html>",
    "assets/01-bases/images/logo.svg": b"<svg/>",
    "player.css": b"body{}",
    "imsmanifest.xml": b"<manifest/>",
}


class Exploding(Mapping[str, bytes]):
    """A file mapping that fails while being written, like a render error halfway through."""

    def __init__(self, files: Mapping[str, bytes], fail_on: str, on_iteration: bool) -> None:
        self.files = dict(files)
        self.fail_on = fail_on
        self.on_iteration = on_iteration

    def __getitem__(self, name: str) -> bytes:
        if name == self.fail_on and not self.on_iteration:
            raise RuntimeError(f"cannot render {name}")
        return self.files[name]

    def __iter__(self) -> Iterator[str]:
        for name in self.files:
            if name == self.fail_on and self.on_iteration:
                raise RuntimeError(f"cannot list {name}")
            yield name

    def __len__(self) -> int:
        return len(self.files)


@pytest.fixture(autouse=True)
def no_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


def entries(path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(path) as archive:
        return archive.infolist()


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# --- zip ------------------------------------------------------------------------------------


def test_zip_is_byte_for_byte_reproducible(tmp_path: Path) -> None:
    write_zip(FILES, tmp_path / "a.zip")
    write_zip(dict(reversed(FILES.items())), tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()


def test_zip_entries_are_sorted_with_fixed_metadata(tmp_path: Path) -> None:
    write_zip(FILES, tmp_path / "p.zip")
    infos = entries(tmp_path / "p.zip")
    assert [i.filename for i in infos] == sorted(FILES)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.compress_type for i in infos} == {zipfile.ZIP_DEFLATED}
    assert {i.external_attr >> 16 for i in infos} == {0o644}
    assert {i.create_system for i in infos} == {3}
    with zipfile.ZipFile(tmp_path / "p.zip") as archive:
        assert {name: archive.read(name) for name in archive.namelist()} == FILES


def test_source_date_epoch_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_zip(FILES, tmp_path / "default.zip")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert zip_timestamp() == (2023, 11, 14, 22, 13, 20)
    write_zip(FILES, tmp_path / "dated.zip")
    assert {i.date_time for i in entries(tmp_path / "dated.zip")} == {(2023, 11, 14, 22, 13, 20)}
    assert (tmp_path / "dated.zip").read_bytes() != (tmp_path / "default.zip").read_bytes()


def test_source_date_epoch_before_1980_is_clamped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert zip_timestamp() == (1980, 1, 1, 0, 0, 0)


@pytest.mark.parametrize("value", ["hier", "1.7e9", "-1", "9999999999"])
def test_source_date_epoch_that_a_zip_cannot_carry_is_refused(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(SettingError) as raised:
        zip_timestamp()
    assert str(raised.value) == (
        f"SOURCE_DATE_EPOCH is '{value}'; it must be a whole number of seconds since 1970, "
        "before the year 2108 (zip files cannot store later dates)"
    )


def test_zip_replaces_the_previous_one_without_leftovers(tmp_path: Path) -> None:
    dest = tmp_path / "dist" / "cours" / "cours-scorm12.zip"
    write_zip({"old.html": b"old"}, dest)
    write_zip(FILES, dest)
    assert [i.filename for i in entries(dest)] == sorted(FILES)
    assert sorted(p.name for p in dest.parent.iterdir()) == ["cours-scorm12.zip"]


@pytest.mark.parametrize("on_iteration", [True, False])
def test_failed_zip_leaves_the_previous_one(tmp_path: Path, on_iteration: bool) -> None:
    dest = tmp_path / "cours-scorm12.zip"
    write_zip({"index.html": b"previous"}, dest)
    before = dest.read_bytes()
    with pytest.raises(RuntimeError):
        write_zip(Exploding(FILES, "player.css", on_iteration), dest)
    assert dest.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cours-scorm12.zip"]


def test_failed_first_zip_leaves_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "cours-scorm12.zip"
    with pytest.raises(RuntimeError):
        write_zip(Exploding(FILES, "player.css", on_iteration=False), dest)
    assert list(tmp_path.iterdir()) == []


# --- folder ---------------------------------------------------------------------------------


def test_tree_is_written_exactly(tmp_path: Path) -> None:
    dest = tmp_path / "dist" / "cours" / "html"
    write_tree(FILES, dest)
    assert tree(dest) == FILES


def test_tree_replaces_the_folder_and_leaves_no_temporary_siblings(tmp_path: Path) -> None:
    dest = tmp_path / "html"
    write_tree({"index.html": b"old", "stale/page.html": b"stale"}, dest)
    (tmp_path / "voisin.txt").write_text("garder", encoding="utf-8")
    write_tree(FILES, dest)
    assert tree(dest) == FILES
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html", "voisin.txt"]


@pytest.mark.parametrize("on_iteration", [True, False])
def test_failed_tree_leaves_the_previous_folder(tmp_path: Path, on_iteration: bool) -> None:
    dest = tmp_path / "html"
    previous = {"index.html": b"previous", "player.css": b"old{}"}
    write_tree(previous, dest)
    with pytest.raises(RuntimeError):
        write_tree(Exploding(FILES, "player.css", on_iteration), dest)
    assert tree(dest) == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["html"]
