"""textfile: every source is read as UTF-8 with the BOM dropped and LF line ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers_courses import check_course, rendered, write_course

from builder.diagnostics import Reporter
from builder.textfile import read_text


def read(path: Path, data: bytes) -> tuple[str | None, list[str]]:
    path.write_bytes(data)
    reporter = Reporter()
    text = read_text(path, reporter)
    return text, [d.render(path.parent) for d in reporter.diagnostics]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"title: Accueil\n", "title: Accueil\n"),
        (b"\xef\xbb\xbftitle: Accueil\n", "title: Accueil\n"),
        (b"a\r\nb\r\n", "a\nb\n"),
        (b"a\rb\r", "a\nb\n"),
        (b"\xef\xbb\xbfa\r\nb\rc\n", "a\nb\nc\n"),
        ("Évaluation — réussie\n".encode(), "Évaluation — réussie\n"),
    ],
)
def test_text_is_normalised(tmp_path: Path, data: bytes, text: str) -> None:
    assert read(tmp_path / "f.md", data) == (text, [])


def test_invalid_utf8_points_at_the_first_bad_byte(tmp_path: Path) -> None:
    data = b"title: Accueil\nIntroduction r" + b"\xe9sum\xe9e\n"
    assert read(tmp_path / "f.md", data) == (
        None,
        [
            "f.md:2:15: error: file is not valid UTF-8; save it as UTF-8 in your editor "
            "[file.encoding]"
        ],
    )


def test_invalid_utf8_after_a_bom_is_located_in_the_text(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbftitle: Accueil\nR\xe9sum\xe9\n"
    assert read(tmp_path / "f.md", data) == (
        None,
        [
            "f.md:2:2: error: file is not valid UTF-8; save it as UTF-8 in your editor "
            "[file.encoding]"
        ],
    )


def test_invalid_utf8_column_counts_characters_not_bytes(tmp_path: Path) -> None:
    # "É" is two bytes; like every other column, this one counts it once.
    data = "Évaluation r".encode() + b"\xe9ussie\n"
    assert read(tmp_path / "f.md", data) == (
        None,
        [
            "f.md:1:13: error: file is not valid UTF-8; save it as UTF-8 in your editor "
            "[file.encoding]"
        ],
    )


def test_missing_file_is_reported(tmp_path: Path) -> None:
    reporter = Reporter()
    assert read_text(tmp_path / "absent.md", reporter) is None
    assert [d.render(tmp_path) for d in reporter.diagnostics] == [
        "absent.md:1:1: error: cannot read file: No such file or directory [file.unreadable]"
    ]


def test_bom_and_windows_line_ends_do_not_move_locations(tmp_path: Path) -> None:
    lesson = (
        "---\ntitle: Accueil\n---\n\nVoir ![plan](images/plan.png).\n\n"
        "```quiz\nprompt: Vrai ?\ntype: vrai-faux\nanswer: true\n```\n"
    )
    unix = write_course(tmp_path / "unix", {"01-bases/01-accueil.md": lesson})
    windows_bytes = b"\xef\xbb\xbf" + lesson.replace("\n", "\r\n").encode()
    windows = write_course(tmp_path / "windows", {"01-bases/01-accueil.md": windows_bytes})
    _, from_unix = check_course(unix)
    _, from_windows = check_course(windows)
    expected = [
        "01-bases/01-accueil.md:5:14: error: 'images/plan.png' points to a file that does not "
        "exist [link.missing]",
        "01-bases/01-accueil.md:9:7: error: 'type' is 'vrai-faux'; use one of: single, "
        "multiple, true-false, fill-in, numeric, matching, ordering [schema.choice]",
    ]
    assert rendered(from_unix, unix) == expected
    assert rendered(from_windows, windows) == expected
