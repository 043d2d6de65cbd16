"""Markdown to HTML with Python-Markdown, and the links it contains.

One configured converter serves two stages: validation asks which links and
images a text has; rendering asks for the HTML with those references
rewritten for the package layout. Both see exactly the same parse.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

EXTENSIONS: list[str] = [
    "tables",
    "admonition",
    "footnotes",
    "attr_list",
    "def_list",
    "abbr",
    "md_in_html",
    "sane_lists",
    "fenced_code",
    "pymdownx.details",
    "pymdownx.mark",
    "pymdownx.tilde",
]
BACKLINK_TITLES = {"fr": "Revenir au texte de la note %d", "en": "Back to the text of note %d"}

#: Given a URL and whether it is an image, return the URL to write instead, or
#: ``None`` to keep a link's text without the link (its target is not in this output).
Rewrite = Callable[[str, bool], str | None]


@dataclass(frozen=True)
class Link:
    """A URL in a text; ``raw_tag`` names the element when it was written as raw HTML."""

    url: str
    is_image: bool
    raw_tag: str | None = None


#: What can start Markdown syntax or an entity in a one-line text; without it the text is plain.
#: (French typography puts ' : ' everywhere, so ':' counts only at the start, as in a
#: definition list.)
_MARKUP = re.compile(r"[\\`*_\[\]<>&~={}\t\n]|^\s|\s$|^(?:[#:|+-]|\d+[.)]\s)")

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


class _ReferenceProcessor(Treeprocessor):
    """Collects every <a href> and <img src>, and rewrites them when asked."""

    rewrite: Rewrite | None = None
    found: list[Link]

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            written = element.get(attribute) if attribute else None
            if attribute is None or written is None:
                continue
            # Autolinked e-mail addresses arrive obfuscated as character references.
            url = html.unescape(written.replace(AMP_SUBSTITUTE, "&"))
            is_image = element.tag == "img"
            self.found.append(Link(url, is_image))
            if self.rewrite is not None:
                target = self.rewrite(url, is_image)
                if target is None:
                    element.tag = "span"
                    element.attrib.pop(attribute)
                    continue
                element.set(attribute, target)
                if not is_image and url.startswith(("http://", "https://")):
                    element.set("target", "_blank")
                    element.set("rel", "noopener")
            if is_image:
                element.set("loading", "lazy")


class MarkdownRenderer:
    """A Python-Markdown converter with the course extensions.

    Use one per course and per stage: footnote ids are numbered per converter
    (so that the lessons of one page never clash), and a fresh converter makes
    that numbering, and so the output bytes, the same on every build.
    """

    def __init__(self, language: str = "en") -> None:
        footnotes = {"UNIQUE_IDS": True, "BACKLINK_TITLE": BACKLINK_TITLES.get(language, "")}
        self._md = markdown.Markdown(
            extensions=EXTENSIONS,
            extension_configs={"footnotes": footnotes},
            output_format="html",
        )
        self._refs = _ReferenceProcessor(self._md)
        self._md.treeprocessors.register(self._refs, "coursepack-references", 1)

    def links(self, text: str) -> list[Link]:
        """Every link and image URL in ``text``: Markdown ones, then raw HTML ones."""
        if "[" not in text and "<" not in text:
            return []  # no link, image, autolink or raw HTML can be written without these
        html = self._convert(text, None)
        markdown_links = list(self._refs.found)
        collector = _UrlCollector()
        collector.feed(html)
        unclaimed = Counter(link.url for link in markdown_links)
        raw = []
        for tag, url in collector.found:
            if unclaimed[url]:
                unclaimed[url] -= 1
            else:
                raw.append(Link(url, tag == "img", raw_tag=tag))
        return markdown_links + raw

    def block(self, text: str, rewrite: Rewrite) -> str:
        return self._convert(text, rewrite)

    def inline(self, text: str, rewrite: Rewrite) -> str:
        """HTML for a short text such as a question prompt, without the <p> wrapper."""
        if not _MARKUP.search(text):
            return escape(text, quote=False)  # what Markdown makes of plain text
        html = self._convert(text, rewrite)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html

    def _convert(self, text: str, rewrite: Rewrite | None) -> str:
        # Python-Markdown skips the tree processors for blank text: start every list empty.
        self._refs.found = []
        self._refs.rewrite = rewrite
        try:
            return self._md.reset().convert(text)
        finally:
            self._refs.rewrite = None
