"""Glossary terms marked in a lesson's HTML: the first use of each links to its entry.

An ``<abbr title>`` alone helps only a mouse user who hovers and waits: a
phone has no hover, a keyboard cannot reach it and screen readers mostly
ignore the title. So each term's first use in a lesson becomes a link to its
glossary entry, holding the ``<abbr>``; the expansion also sits next to the
link as a tip that the player's stylesheet shows on hover and on focus, and
that screen readers announce as the link's description. A tap opens the entry.

Terms written with capitals after their first letter (FOSA, openIMIS) match
only as written; others (assuré, Formation sanitaire) in any case. Only whole
words count, and never inside links, code, headings or an author's own
``<abbr>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from builder.glossary import anchor
from builder.model import GlossaryEntry

#: Elements whose text is left as written: a link inside a link is invalid, code is code,
#: a heading is no place for a tip, and an author's <abbr> is already explained.
SKIPPED = frozenset(
    [
        "a",
        "abbr",
        "button",
        "code",
        "dfn",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "kbd",
        "label",
        "pre",
        "samp",
        "script",
        "style",
        "summary",
        "textarea",
        "var",
    ]
)


@dataclass(frozen=True)
class GlossaryView:
    """One entry of the glossary page, ready for the template."""

    term: str
    expansion: str | None
    definition_html: str
    anchor: str


def _sensitive(term: str) -> bool:
    return any(c.isupper() for c in term[1:])


def _spaced(text: str) -> str:
    return " ".join(text.split())


class TermMarker:
    """Marks the glossary's terms in lesson HTML (already cleaned by the sanitizer)."""

    def __init__(self, entries: tuple[GlossaryEntry, ...]) -> None:
        self.exact = {_spaced(e.term): e for e in entries if _sensitive(e.term)}
        self.loose = {_spaced(e.term).casefold(): e for e in entries if not _sensitive(e.term)}
        alternatives = [
            (r"\s+".join(map(re.escape, term.split())), _sensitive(term))
            for term in sorted({_spaced(e.term) for e in entries}, key=len, reverse=True)
        ]
        body = "|".join(text if sensitive else f"(?i:{text})" for text, sensitive in alternatives)
        self.pattern = re.compile(rf"(?<![\w/-])(?:{body})(?![\w/-])") if body else None

    def mark(self, html: str, scope: str) -> str:
        """``html`` with each term's first use marked; ``scope`` (a page id) keeps ids unique."""
        if self.pattern is None:
            return html
        walker = _Walker(self, scope)
        walker.feed(html)
        walker.close()
        return "".join(walker.out)

    def entry(self, found: str) -> GlossaryEntry:
        text = _spaced(found)
        return self.exact.get(text) or self.loose[text.casefold()]


class _Walker(HTMLParser):
    """Copies HTML token by token, marking terms in the text outside :data:`SKIPPED`."""

    def __init__(self, marker: TermMarker, scope: str) -> None:
        super().__init__(convert_charrefs=False)
        self.marker = marker
        self.scope = scope
        self.out: list[str] = []
        self.skipping = 0
        self.marked: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skipping += tag in SKIPPED
        self.out.append(self.get_starttag_text() or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.skipping -= tag in SKIPPED and self.skipping > 0
        self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        pattern = self.marker.pattern
        if self.skipping or pattern is None:
            self.out.append(data)
            return
        self.out.append(pattern.sub(self._replace, data))

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def _replace(self, found: re.Match[str]) -> str:
        entry = self.marker.entry(found[0])
        target = anchor(entry.term)
        if target in self.marked:
            return found[0]
        self.marked.add(target)
        return markup(entry, found[0], f"{self.scope}-{target}")


def markup(entry: GlossaryEntry, written: str, tip_id: str) -> str:
    """The marked form of one use of ``entry`` (``written``: the text as found, escaped HTML)."""
    link = f'<a class="cp-term-link" href="#{anchor(entry.term)}"'
    if entry.expansion is None:
        return f"{link}>{written}</a>"
    expansion = escape(entry.expansion)
    return (
        f'<span class="cp-term">{link} aria-describedby="{tip_id}">'
        f'<abbr title="{expansion}">{written}</abbr></a>'
        f'<span class="cp-term-tip" id="{tip_id}" role="tooltip" hidden>{expansion}</span></span>'
    )
