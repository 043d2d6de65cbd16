"""The build cache can only save time: a damaged, foreign or unwritable entry is never used."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.cache import CACHE_VARIABLE, cache_dir, cached


def doubled(source: bytes) -> bytes:
    return source * 2


def refuse(source: bytes) -> bytes:
    raise AssertionError("made again although the cache holds it")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "cache"))
    return tmp_path / "cache"


def entries(folder: Path) -> list[Path]:
    return sorted((folder / "section").iterdir())


def test_an_entry_is_made_once_then_read_back(folder: Path) -> None:
    assert cached("section", "tool 1", b"abc", doubled) == b"abcabc"
    assert cached("section", "tool 1", b"abc", refuse) == b"abcabc"
    assert len(entries(folder)) == 1


def test_another_recipe_or_another_source_is_another_entry(folder: Path) -> None:
    cached("section", "tool 1", b"abc", doubled)
    assert cached("section", "tool 2", b"abc", lambda source: b"new") == b"new"
    assert cached("section", "tool 1", b"abd", lambda source: b"other") == b"other"
    assert len(entries(folder)) == 3


DAMAGES: dict[str, Callable[[bytes], bytes]] = {
    "truncated": lambda data: data[:-2],
    "corrupt": lambda data: data[:-1] + b"X",
    "empty": lambda data: b"",
    "foreign": lambda data: b"someone else's file\n",
    "other format": lambda data: data.replace(b"coursepack-cache 1", b"coursepack-cache 9"),
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_entry_is_ignored_and_rewritten(
    folder: Path, damage: Callable[[bytes], bytes]
) -> None:
    cached("section", "tool 1", b"abc", doubled)
    (path,) = entries(folder)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    assert cached("section", "tool 1", b"abc", doubled) == b"abcabc"
    assert path.read_bytes() == good


def test_an_entry_under_the_wrong_name_is_not_used(folder: Path) -> None:
    cached("section", "tool 1", b"abc", doubled)
    (mine,) = entries(folder)
    cached("section", "tool 1", b"xyz", doubled)
    (other,) = set(entries(folder)) - {mine}
    mine.write_bytes(other.read_bytes())
    assert cached("section", "tool 1", b"abc", doubled) == b"abcabc"


def test_an_unwritable_folder_only_costs_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "a-file" / "cache"))
    assert cached("section", "tool 1", b"abc", doubled) == b"abcabc"
    assert cached("section", "tool 1", b"abc", doubled) == b"abcabc"


def test_writing_leaves_no_temporary_file(folder: Path) -> None:
    for source in (b"a", b"b", b"c"):
        cached("section", "tool 1", source, doubled)
    assert [p.name for p in entries(folder) if p.name.startswith(".")] == []


def test_the_folder_is_named_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "coursepack"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir() == tmp_path / "home" / ".cache" / "coursepack"
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine"


def test_the_tests_have_a_cache_of_their_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Builds under test, and the commands they start, never read or fill the developer's
    ~/.cache/coursepack: an entry left there by another version would hide a change."""
    folder = Path(os.environ[CACHE_VARIABLE])
    assert folder.is_relative_to(tmp_path_factory.getbasetemp())
