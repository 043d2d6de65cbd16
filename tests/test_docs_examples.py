"""The complete example in docs/authoring.md is real: same files on disk, and it builds clean."""

from __future__ import annotations

import re
from pathlib import Path

from support.learner import REPO, build

from builder.build import check
from builder.diagnostics import Reporter

GUIDE = REPO / "docs" / "authoring.md"
EXAMPLE = REPO / "docs" / "examples" / "premier-cours"
# "`01-inscription/quiz.yml`:" or "`x.md` (with a note):", a blank line, then a fenced block.
SHOWN_FILE = re.compile(
    r"^`(?P<path>[^`]+)`(?: \([^)\n]*\))?:\n\n(?P<fence>`{3,})\w*\n(?P<body>.*?)\n(?P=fence)$",
    re.MULTILINE | re.DOTALL,
)


def shown_files() -> dict[str, str]:
    section = GUIDE.read_text(encoding="utf-8").split("## 7. A complete example", 1)[1]
    return {m["path"]: m["body"] + "\n" for m in SHOWN_FILE.finditer(section)}


def test_the_guide_shows_every_file_of_the_example_as_it_is_on_disk() -> None:
    on_disk = {
        str(p.relative_to(EXAMPLE)): p.read_text(encoding="utf-8")
        for p in sorted(EXAMPLE.rglob("*"))
        if p.is_file()
    }
    assert len(on_disk) == 5
    assert shown_files() == on_disk


def test_the_example_checks_without_any_warning_and_builds(tmp_path: Path) -> None:
    reporter = Reporter()
    [course] = check([EXAMPLE], reporter)
    assert reporter.diagnostics == []
    assert course.id == "premier-cours"
    build(EXAMPLE, tmp_path)
    assert (tmp_path / "premier-cours" / "premier-cours-scorm12.zip").is_file()
    assert (tmp_path / "premier-cours" / "html" / "index.html").is_file()
