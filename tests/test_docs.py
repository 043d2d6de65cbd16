"""The authors' documentation holds together in both languages, and its getting-started works.

Authors follow these pages word for word: a dead link, a code missing from one language's table
or a getting-started command that fails is a bug they meet before any course of theirs.
"""

from __future__ import annotations

import re
import shlex
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import markdown
import pytest
from helpers_courses import run_coursepack
from support.learner import REPO

DOCS = REPO / "docs"
#: French page -> the English page it matches, section for section.
PAGES = {
    "README.md": "README.md",
    "demarrer.md": "getting-started.md",
    "redaction.md": "authoring.md",
    "moodle.md": "moodle.md",
    "hors-ligne.md": "offline.md",
    "depannage.md": "troubleshooting.md",
}
#: language -> (authoring guide, header row of its error-code table).
GUIDES = {
    "en": (DOCS / "en" / "authoring.md", "| Code | Meaning | What to do |"),
    "fr": (DOCS / "fr" / "redaction.md", "| Code | Signification | Que faire |"),
}
#: getting-started page -> the output folder it names, and the files it says are in there.
GETTING_STARTED = {
    DOCS / "fr" / "demarrer.md": ("dist/mon-cours", ["mon-cours-scorm12.zip", "html/index.html"]),
    DOCS / "en" / "getting-started.md": (
        "dist/my-course",
        ["my-course-scorm12.zip", "html/index.html"],
    ),
}
MARKDOWN_FILES = sorted([REPO / "README.md", *DOCS.rglob("*.md")])
FENCED_SHELL = re.compile(r"^```shell\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


class _Page(HTMLParser):
    """Collects the link targets and heading texts of a rendered page."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        self.targets += [value for name, value in attrs if name == wanted and value is not None]
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append("".join(self._heading))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def parsed(page: Path) -> _Page:
    """Render like a Markdown viewer would, so links inside code are not taken for links."""
    html = markdown.markdown(
        page.read_text(encoding="utf-8"), extensions=["tables", "fenced_code", "def_list"]
    )
    result = _Page()
    result.feed(html)
    return result


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces become hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """Every heading anchor of a page, numbered as GitHub does when two headings share one."""
    seen: dict[str, int] = {}
    found = set()
    for heading in parsed(page).headings:
        base = slug(heading)
        found.add(f"{base}-{seen[base]}" if base in seen else base)
        seen[base] = seen.get(base, 0) + 1
    return found


def code_table(language: str) -> list[str]:
    guide, header = GUIDES[language]
    table = guide.read_text(encoding="utf-8").split(header, 1)[1].split("\n\n", 1)[0]
    return re.findall(r"^\| `([a-z]+\.[a-z-]+)`", table, re.MULTILINE)


def test_the_slug_follows_github() -> None:
    assert slug("5. Vérifier et construire") == "5-vérifier-et-construire"
    assert slug("```quiz blocks in a lesson: checks") == "quiz-blocks-in-a-lesson-checks"
    assert slug("Live preview: coursepack serve") == "live-preview-coursepack-serve"


def test_both_guides_list_the_same_error_codes_in_the_same_order() -> None:
    english = code_table("en")
    assert len(english) > 40
    assert code_table("fr") == english


@pytest.mark.parametrize("page", MARKDOWN_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_and_anchor_resolves(page: Path) -> None:
    broken = []
    for target in parsed(page).targets:
        if EXTERNAL.match(target):
            continue
        path, _, fragment = unquote(target).partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target}: no heading with this anchor")
    assert broken == []


def test_french_and_english_folders_hold_matching_pages() -> None:
    assert sorted(p.name for p in (DOCS / "fr").glob("*.md")) == sorted(PAGES)
    assert sorted(p.name for p in (DOCS / "en").glob("*.md")) == sorted(PAGES.values())


@pytest.mark.parametrize(("french", "english"), sorted(PAGES.items()))
def test_matching_pages_have_the_same_sections(french: str, english: str) -> None:
    def outline(page: Path) -> list[int]:
        return [len(h) for h in re.findall(r"^(#{2,3}) ", page.read_text(encoding="utf-8"), re.M)]

    assert outline(DOCS / "fr" / french) == outline(DOCS / "en" / english)


@pytest.mark.parametrize("page", sorted(GETTING_STARTED), ids=lambda p: p.name)
def test_the_getting_started_commands_run_and_write_what_they_promise(
    page: Path, tmp_path: Path
) -> None:
    text = page.read_text(encoding="utf-8")
    commands = [
        shlex.split(line)
        for block in FENCED_SHELL.finditer(text)
        for line in block["body"].splitlines()
        if line.strip()
    ]
    assert [c[:2] for c in commands] == [
        ["coursepack", "new"],
        ["coursepack", "check"],
        ["coursepack", "build"],
    ]
    for command in commands:
        done = run_coursepack(command[1:], cwd=tmp_path)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        if command[1] == "check":
            assert "1 course(s) OK" in done.stdout
            assert "`1 course(s) OK`" in text
    folder, files = GETTING_STARTED[page]
    for name in files:
        assert f"`{name}`" in text
        assert (tmp_path / folder / name).is_file(), name
    for shown in re.findall(r"`(dist/[^`\s]+)`", text):
        assert (tmp_path / shown).exists(), shown


#: getting-started page -> the pages of its language whose commands continue from it.
CONTINUED = {
    DOCS / "fr" / "demarrer.md": [DOCS / "fr" / "moodle.md", DOCS / "fr" / "hors-ligne.md"],
    DOCS / "en" / "getting-started.md": [DOCS / "en" / "moodle.md", DOCS / "en" / "offline.md"],
}
COMMAND_SPAN = re.compile(r"`(coursepack (?:check|build|validate) [^`]+)`")


@pytest.mark.parametrize("start", sorted(CONTINUED), ids=lambda p: p.name)
def test_the_moodle_and_offline_commands_work_on_the_getting_started_course(
    start: Path, tmp_path: Path
) -> None:
    """The course the getting-started page creates is the one the other pages build.

    Commands written inline count when they name a folder (not just options).
    """
    commands = [
        shlex.split(line)
        for block in FENCED_SHELL.finditer(start.read_text(encoding="utf-8"))
        for line in block["body"].splitlines()
        if line.strip()
    ]
    for page in CONTINUED[start]:
        text = page.read_text(encoding="utf-8")
        found = [
            shlex.split(line)
            for block in FENCED_SHELL.finditer(text)
            for line in block["body"].splitlines()
            if line.strip()
        ] + [shlex.split(span) for span in COMMAND_SPAN.findall(text)]
        named = [c for c in found if not c[2].startswith("-")]
        assert named, page.name
        commands += named
    for command in commands:
        done = run_coursepack(command[1:], cwd=tmp_path)
        assert done.returncode == 0, (command, done.stdout, done.stderr)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_page_puts_the_getting_started_course_under_courses(lang: str) -> None:
    name = "my-course" if lang == "en" else "mon-cours"
    for page in sorted((DOCS / lang).glob("*.md")):
        assert f"courses/{name}" not in page.read_text(encoding="utf-8"), page.name
