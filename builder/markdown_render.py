"""Markdown to HTML with Python-Markdown, and the links it contains.

One configured converter serves two stages: validation asks which links and
images a text has; rendering asks for the HTML with those references
rewritten for the package layout. Both read the same :class:`Converted`
text, so a lesson is parsed once (see ``builder.converted``).
"""

from __future__ import annotations

import functools
import re
from html import escape
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrExtension
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from pymdownx.details import DetailsExtension  # type: ignore[import-untyped]
from pymdownx.mark import MarkExtension  # type: ignore[import-untyped]
from pymdownx.tilde import DeleteSubExtension  # type: ignore[import-untyped]

from builder.converted import Converted, Link, ReferenceFinder, Rewrite, SlotMaker
from builder.sanitize import Sanitizer
from builder.theme import Theme, default_theme_dir


@functools.cache
def backlink_title(language: str) -> str:
    """The footnote back-link's title, from the player's catalogue so each language is one file."""
    return Theme((default_theme_dir(),)).strings(language).get("footnote.backlink", "")


def extensions(language: str) -> list[Extension]:
    """New instances (they keep state) of the syntax a course may use, in loading order.

    Given as objects, not names: a name makes Python-Markdown read the entry
    points of every installed distribution, tens of milliseconds at each start.
    """
    return [
        # Column alignment as align="..." rather than style="...", which the CSP refuses.
        TableExtension(use_align_attribute=True),
        AdmonitionExtension(),
        FootnoteExtension(UNIQUE_IDS=True, BACKLINK_TITLE=backlink_title(language)),
        AttrListExtension(),
        DefListExtension(),
        AbbrExtension(),
        MarkdownInHtmlExtension(),
        SaneListExtension(),
        FencedCodeExtension(),
        DetailsExtension(),
        MarkExtension(),
        DeleteSubExtension(),
    ]


__all__ = ["START_TAG", "MarkdownRenderer"]

#: What can start Markdown syntax or an entity in a one-line text; without it the text is plain.
#: (French typography puts ' : ' everywhere, so ':' counts only at the start, as in a
#: definition list.)
_MARKUP = re.compile(r"[\\`*_\[\]<>&~={}\t\n]|^\s|\s$|^(?:[#:|+-]|\d+[.)]\s)")

#: What an HTML start tag begins with: without one a text holds no raw HTML element (a
#: knowledge check's placeholder is a comment).
START_TAG = re.compile("<[a-zA-Z]")

#: Elements whose attribute makes the browser load or open something.
URL_ATTRIBUTES = {
    "a": "href",
    "img": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "track": "src",
    "iframe": "src",
    "embed": "src",
    "script": "src",
    "link": "href",
    "object": "data",
    "form": "action",
}


class _UrlCollector(HTMLParser):
    """Every URL attribute in finished HTML, including raw HTML Markdown passed through."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = URL_ATTRIBUTES.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                self.found.append((tag, value))


class MarkdownRenderer:
    """A Python-Markdown converter with the course extensions.

    Footnote ids carry a number unique to each converted text, so that the
    texts of one page never clash: the number given to :meth:`convert`, or
    else the next of a count kept by this converter (from ``first_number``
    when given). A fresh converter makes that count, and so the output bytes,
    the same on every build.
    """

    def __init__(
        self,
        language: str = "en",
        sanitizer: Sanitizer | None = None,
        first_number: int | None = None,
    ) -> None:
        self._md = markdown.Markdown(extensions=extensions(language), output_format="html")
        self._sanitizer = sanitizer
        self._footnotes = next(
            e for e in self._md.registeredExtensions if isinstance(e, FootnoteExtension)
        )
        if first_number is not None:
            self._footnotes.unique_prefix = first_number - 1  # reset() counts it up
        self._finder = ReferenceFinder(self._md)
        self._slots = SlotMaker(self._finder)
        self._md.treeprocessors.register(self._finder, "coursepack-references", 1)
        # After Python-Markdown's unescaping (priority 0): the attributes as they will be written.
        self._md.treeprocessors.register(self._slots, "coursepack-slots", -1)

    def convert(self, text: str, number: int | None = None) -> Converted:
        """``text`` parsed once; ``number`` makes its footnote ids unique in the page."""
        if number is not None:
            self._footnotes.unique_prefix = number - 1  # reset() counts it up to ``number``
        # Python-Markdown skips the tree processors for blank text: start every list empty.
        self._finder.found = []
        self._slots.references = []
        marked = self._md.reset().convert(text)
        raw: list[Link] = []
        if START_TAG.search(text):  # raw HTML; the slots themselves are no tags to it
            collector = _UrlCollector()
            collector.feed(marked)
            raw = [Link(url, tag == "img", raw_tag=tag) for tag, url in collector.found]
        return Converted(marked.encode("utf-8"), tuple(self._slots.references), tuple(raw))

    def links(self, text: str) -> list[Link]:
        """Every link and image URL in ``text``: Markdown ones, then raw HTML ones."""
        if "[" not in text and "<" not in text:
            return []  # no link, image, autolink or raw HTML can be written without these
        return self.convert(text).links

    def block(self, text: str, rewrite: Rewrite) -> str:
        if not _MARKUP.search(text):  # one plain line: the paragraph Markdown would make of it
            return self._clean(f"<p>{escape(text, quote=False)}</p>")
        return self.finish(self.convert(text), rewrite)

    def finish(self, converted: Converted, rewrite: Rewrite) -> str:
        """The HTML of a converted text, links rewritten, cleaned for the package."""
        return self._clean(converted.html(rewrite))

    def _clean(self, html: str) -> str:
        # The one place where authored HTML enters the output: raw HTML and attr_list alike.
        return self._sanitizer.clean(html) if self._sanitizer is not None else html

    def inline(self, text: str, rewrite: Rewrite) -> str:
        """HTML for a short text such as a question prompt, without the <p> wrapper."""
        if not _MARKUP.search(text):
            return escape(text, quote=False)  # what Markdown makes of plain text
        html = self.block(text, rewrite)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html
