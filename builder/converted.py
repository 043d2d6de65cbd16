"""A text converted by Python-Markdown once, its link targets filled in later.

Validation needs a lesson's links before the package layout is known;
rendering needs the HTML with those links pointing into the package, and
differently per output (a module packaged alone drops links to other
modules). Converting twice was the largest cost of a build, so a conversion
keeps a slot for each ``<a href>`` and ``<img src>`` and fills the slots for
each output: the same bytes as a conversion that rewrote the links itself.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass

from markdown.serializers import to_html_string
from markdown.treeprocessors import Treeprocessor, UnescapeTreeprocessor
from markdown.util import AMP_SUBSTITUTE

#: Given a URL and whether it is an image, return the URL to write instead, or
#: ``None`` to keep a link's text without the link (its target is not in this output).
Rewrite = Callable[[str, bool], str | None]

#: The element that Markdown makes for a link or an image, and its URL attribute.
_REFERENCE_ATTRIBUTES = {"a": "href", "img": "src"}
#: Stands for the start or end tag of reference ``n`` until the tag is written out. Markdown
#: strips STX and ETX from its input, so no author can write one.
_SLOT = re.compile("<(/?)\x02cp(\\d+)\x03>")
_UNESCAPE = UnescapeTreeprocessor()
#: Python-Markdown's stand-in for a backslash-escaped character, until it unescapes the tree.
_ESCAPED = re.compile("\x02(\\d+)\x03")


@dataclass(frozen=True)
class Link:
    """A URL in a text; ``raw_tag`` names the element when it was written as raw HTML.

    ``url`` is the address the browser gets; ``written``, when it differs, is the
    address as the author typed it (backslash escapes, character references),
    which is what a message quotes and what the author's text holds.
    """

    url: str
    is_image: bool
    raw_tag: str | None = None
    written: str = ""

    @property
    def as_typed(self) -> str:
        return self.written or self.url


@dataclass(frozen=True)
class Reference:
    """A link or image Markdown made: its URL, and the element's attributes as converted."""

    link: Link
    tag: str
    attributes: dict[str, str]


@dataclass(frozen=True)
class Converted:
    """HTML with a slot for each reference, the references, and raw-HTML URLs.

    The HTML is kept as UTF-8: a large course's lessons wait in memory from
    validation to rendering, and French text takes half the room that way.
    """

    marked: bytes
    references: tuple[Reference, ...]
    raw_links: tuple[Link, ...]

    @property
    def links(self) -> list[Link]:
        """Every link and image URL: Markdown ones, then raw HTML ones, in document order."""
        return [reference.link for reference in self.references] + list(self.raw_links)

    def html(self, rewrite: Rewrite | None = None) -> str:
        """The HTML, each reference rewritten by ``rewrite`` or, without it, as written."""
        marked = self.marked.decode("utf-8")
        if not self.references:
            return marked
        tags = [_tags(reference, rewrite) for reference in self.references]
        return _SLOT.sub(lambda slot: tags[int(slot[2])][bool(slot[1])], marked)


def _tags(reference: Reference, rewrite: Rewrite | None) -> tuple[str, str]:
    """The start and end tags of a reference, as the converter would have written them."""
    link = reference.link
    tag, attribute = reference.tag, _REFERENCE_ATTRIBUTES[reference.tag]
    attributes = dict(reference.attributes)
    target = link.url if rewrite is None else rewrite(link.url, link.is_image)
    if target is None:
        tag = "span"
        del attributes[attribute]
    elif rewrite is not None:
        attributes[attribute] = _UNESCAPE.unescape(target)
        if not link.is_image and link.url.startswith(("http://", "https://")):
            attributes.update(target="_blank", rel="noopener")
    if link.is_image and target is not None:
        attributes["loading"] = "lazy"
    # Python-Markdown's own serializer, then its '&' postprocessor: the converter's bytes.
    element = to_html_string(etree.Element(tag, attributes)).replace(AMP_SUBSTITUTE, "&")
    end = f"</{tag}>"
    return (element[: -len(end)], end) if element.endswith(end) else (element, "")


class ReferenceFinder(Treeprocessor):
    """Notes every ``<a href>`` and ``<img src>`` with its URL, as typed and as the browser
    gets it.

    Runs before Python-Markdown's own unescaping, while the escapes can still be told apart.
    """

    found: list[tuple[etree.Element, Link]]

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = _REFERENCE_ATTRIBUTES.get(element.tag)
            written = element.get(attribute) if attribute else None
            if written is None:
                continue
            typed = _ESCAPED.sub(lambda m: "\\" + chr(int(m[1])), written)
            typed = typed.replace(AMP_SUBSTITUTE, "&")
            # Autolinked e-mail addresses arrive obfuscated as character references.
            url = _UNESCAPE.unescape(html.unescape(written.replace(AMP_SUBSTITUTE, "&")))
            link = Link(url, element.tag == "img", written="" if typed == url else typed)
            self.found.append((element, link))


class SlotMaker(Treeprocessor):
    """Last of all, swaps each element the finder noted for a slot, keeping its attributes."""

    def __init__(self, finder: ReferenceFinder) -> None:
        super().__init__()
        self.finder = finder
        self.references: list[Reference] = []

    def run(self, root: etree.Element) -> None:
        for number, (element, link) in enumerate(self.finder.found):
            self.references.append(Reference(link, element.tag, dict(element.attrib)))
            element.tag = f"\x02cp{number}\x03"
            element.attrib.clear()
