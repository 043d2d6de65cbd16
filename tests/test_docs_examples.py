"""The complete example of both authors' guides is real: same files on disk, and it builds clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.learner import REPO, build

from builder.build import check
from builder.diagnostics import Reporter

#: guide -> the heading of its section 7, where the example is shown file by file.
GUIDES = {
    REPO / "docs" / "en" / "authoring.md": "## 7. A complete example",
    REPO / "docs" / "fr" / "redaction.md": "## 7. Un exemple complet",
}
EXAMPLE = REPO / "docs" / "examples" / "premier-cours"
# "`01-inscription/quiz.yml`:" or "`x.md` (with a note):", a blank line, then a fenced block;
# French typography puts a space before the colon ("`course.yml` :").
SHOWN_FILE = re.compile(
    r"^`(?P<path>[^`]+)`(?: \([^)\n]*\))? ?:\n\n(?P<fence>`{3,})\w*\n(?P<body>.*?)\n(?P=fence)$",
    re.MULTILINE | re.DOTALL,
)


def shown_files(guide: Path) -> dict[str, str]:
    section = guide.read_text(encoding="utf-8").split(GUIDES[guide], 1)[1].split("\n## ", 1)[0]
    return {m["path"]: m["body"] + "\n" for m in SHOWN_FILE.finditer(section)}


@pytest.mark.parametrize("guide", sorted(GUIDES), ids=lambda p: p.name)
def test_the_guide_shows_every_file_of_the_example_as_it_is_on_disk(guide: Path) -> None:
    on_disk = {
        str(p.relative_to(EXAMPLE)): p.read_text(encoding="utf-8")
        for p in sorted(EXAMPLE.rglob("*"))
        if p.is_file()
    }
    assert len(on_disk) == 5
    assert shown_files(guide) == on_disk


def test_the_example_checks_without_any_warning_and_builds(tmp_path: Path) -> None:
    reporter = Reporter()
    [course] = check([EXAMPLE], reporter)
    assert reporter.diagnostics == []
    assert course.id == "premier-cours"
    build(EXAMPLE, tmp_path)
    assert (tmp_path / "premier-cours" / "premier-cours-scorm12.zip").is_file()
    assert (tmp_path / "premier-cours" / "html" / "index.html").is_file()
