"""Course files a browser would run, made inert before they ship.

An SVG drawing shown with ``<img>`` cannot run anything, but the same file
opened on its own (a lesson's link, or a learner browsing the offline folder)
runs its scripts; so does an HTML page or an XML file. From a SCORM package
they would run from the LMS's own address, next to the learner's session. So
every SVG, HTML and XML file a course ships is cleaned here, and the check
warns about what was taken out:

- SVG (lxml): scripts, ``<foreignObject>``, HTML elements, event handlers
  (``on…``), ``javascript:`` values, animations that rewrite a link, processing
  instructions and addresses of other sites are removed; a file with nothing
  to remove ships byte for byte;
- HTML (nh3, as for lessons): the page keeps its text, headings, lists,
  tables, images and links, in a new document whose Content-Security-Policy
  forbids every script and every load from elsewhere;
- XML (lxml): style sheet instructions, HTML and SVG elements go; a file that
  is itself a page, a drawing or an XSLT program is refused.

A file that cannot be parsed could not be cleaned, so it is refused too, as
are the formats a browser would read with rules of their own (``.xhtml``,
``.svgz``).

The name is not enough: a browser gives an XML type to many more extensions
(``.rss``, ``.atom``, and whatever the learner's system maps, ``.xsd`` on
Linux), and sniffs a page in a file of unknown type. So the extensions of
XML formats are cleaned as XML, and so is any other file that begins with
markup; one that begins like a web page, or with markup that is not XML, is
refused.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import nh3
from lxml import etree

from builder.diagnostics import Location, Reporter

SVG_SUFFIXES = frozenset({".svg"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".shtml"})
XML_SUFFIXES = frozenset({".xml", ".xsl", ".xslt"})
#: Formats a browser reads by rules this module does not clean for: saved another way, they are.
REFUSED_SUFFIXES = {".xhtml": ".html", ".xht": ".html", ".xhtm": ".html", ".svgz": ".svg"}
CLEANED_SUFFIXES = SVG_SUFFIXES | HTML_SUFFIXES | XML_SUFFIXES
#: How many cleaned files stay in memory: those a build has just checked, for it to ship them.
CLEANED_KEPT = 64
#: Extensions browsers or desktop systems open as XML: feeds, schemas, MathML, maps, XUL…
XML_FORMAT_SUFFIXES = frozenset(
    [
        ".rss",
        ".atom",
        ".rdf",
        ".xsd",
        ".wsdl",
        ".mml",
        ".xbl",
        ".xul",
        ".kml",
        ".gpx",
        ".xlf",
        ".xliff",
        ".opml",
        ".smil",
        ".owl",
        ".xspf",
    ]
)
#: How much of a file is read to see whether it is markup, as a browser's sniffing does.
SNIFFED_BYTES = 512
_BYTE_ORDER_MARKS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: How a page begins, by the patterns browsers sniff for (a tag, then a space or ``>``).
_PAGE_START = re.compile(
    r"<(!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|style|title|b|br|p)"
    r"[\s/>]",
    re.IGNORECASE,
)
_FIRST_TAG = re.compile(r"<[^\s>]{0,20}")
#: Files a browser runs as scripts when a page loads them from the package.
SCRIPT_SUFFIXES = frozenset({".js", ".mjs", ".cjs"})

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XHTML = "http://www.w3.org/1999/xhtml"
MATHML = "http://www.w3.org/1998/Math/MathML"
XSLT = "http://www.w3.org/1999/XSL/Transform"
#: Vocabularies a browser brings to life inside an XML document.
ACTIVE_NAMESPACES = {XHTML: "HTML", SVG: "SVG", MATHML: "MathML", XSLT: "XSLT"}
#: SVG elements that run code, embed a page or react to events.
ACTIVE_SVG_ELEMENTS = frozenset({"script", "foreignObject", "handler", "listener"})
#: SVG animations, which may rewrite another attribute (a link into ``javascript:``).
ANIMATIONS = frozenset({"animate", "set", "animateMotion", "animateTransform"})
#: What an address in an SVG may be: a part of the drawing, an inline raster image, a file
#: beside it; ``<a>`` may also lead to a web page.
_INLINE_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_WEB = re.compile(r"^(https?:|mailto:|tel:)", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20]+")
#: CSS that loads from elsewhere: ``@import`` rules, ``url(…)`` of another site, and a string
#: naming one (``image-set("https://…" 1x)``). Matched once escapes are read (``u\72l(``).
_CSS_IMPORT = re.compile(r"@import[^;]*;?", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(?P<address>[^'\")]*)\1\s*\)", re.IGNORECASE)
_CSS_FAR_STRING = re.compile(
    r"(['\"])(?P<address>\s*(?:[a-z][a-z0-9+.-]*:)?//(?:(?!\1).)*)\1", re.IGNORECASE | re.DOTALL
)
#: A CSS escape: up to six hex digits and one optional space, an escaped line end, any character.
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(\r\n|[\n\r\f])|(.))", re.DOTALL)

#: The policy of a cleaned HTML page: no script, nothing from elsewhere, no form sent.
HTML_CSP = (
    "default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; "
    "form-action 'none'; base-uri 'none'"
)
DOCUMENT_TAGS = frozenset(nh3.ALLOWED_TAGS) | {"section", "main", "tfoot", "caption"}
DOCUMENT_ATTRIBUTES = {
    **{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "id", "title", "lang", "dir", "style"},
}
#: Inline styles a cleaned page keeps: the look of text and tables, nothing that loads.
STYLE_PROPERTIES = frozenset(
    [
        "color",
        "background-color",
        "font-weight",
        "font-style",
        "font-size",
        "font-family",
        "text-align",
        "text-decoration",
        "vertical-align",
        "margin",
        "margin-left",
        "margin-right",
        "margin-top",
        "margin-bottom",
        "padding",
        "padding-left",
        "padding-right",
        "padding-top",
        "padding-bottom",
        "border",
        "border-collapse",
        "width",
        "height",
        "list-style-type",
        "white-space",
    ]
)
#: HTML elements and attributes worth a word when they are taken out of a page.
ACTIVE_HTML_ELEMENTS = frozenset(
    [
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "form",
        "input",
        "button",
        "select",
        "textarea",
        "link",
        "meta",
        "base",
        "style",
        "svg",
        "math",
        "portal",
    ]
)
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "data", "xlink:href"})


@dataclass(frozen=True)
class Removal:
    """One thing taken out of a file, at its line."""

    line: int
    what: str


@dataclass(frozen=True)
class Cleaned:
    """A file as it ships, and what was taken out of it (nothing: the bytes are the file's)."""

    content: bytes
    removed: tuple[Removal, ...] = ()


class Refused(Exception):
    """A file that cannot be made inert: ``reason`` says why, ``line`` where in it.

    ``malformed``: the file cannot be read as its format says, rather than being a kind of
    file no course may ship.
    """

    def __init__(self, reason: str, line: int = 1, malformed: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.malformed = malformed


def needs_cleaning(path: Path) -> bool:
    """Whether ``path`` is, by its name or its first bytes, a file a browser could run."""
    suffix = path.suffix.lower()
    if suffix in CLEANED_SUFFIXES or suffix in REFUSED_SUFFIXES or suffix in XML_FORMAT_SUFFIXES:
        return True
    with path.open("rb") as file:
        return _opening(file.read(SNIFFED_BYTES)).startswith("<")


def cleaned(path: Path) -> Cleaned:
    """``path`` as it may ship; raises :class:`Refused` for a file that cannot be."""
    facts = path.stat()
    return _cleaned(path, facts.st_mtime_ns, facts.st_size)


@lru_cache(maxsize=CLEANED_KEPT)
def _cleaned(path: Path, modified_ns: int, size: int) -> Cleaned:
    """A file is checked, warned about and shipped within one build: it is read and cleaned
    once. The key changes when the file is edited, and few versions are kept, since ``serve``
    rebuilds for as long as it runs."""
    suffix = path.suffix.lower()
    content = path.read_bytes()
    if suffix in REFUSED_SUFFIXES:
        raise Refused(
            f"a browser runs the scripts of a {suffix} file opened on its own, and coursepack "
            f"cleans only {REFUSED_SUFFIXES[suffix]} files; save it as {REFUSED_SUFFIXES[suffix]}"
        )
    if suffix in SVG_SUFFIXES:
        return _XmlCleaner(content, drawing=True).run()
    if suffix in XML_SUFFIXES:
        return _XmlCleaner(content, drawing=False).run()
    if suffix in HTML_SUFFIXES:
        return _clean_page(content)
    return _clean_unnamed_markup(suffix, content)


def _opening(content: bytes) -> str:
    """How ``content`` begins as text: its byte order mark and leading blanks left out."""
    head = content[:SNIFFED_BYTES]
    for mark, codec in _BYTE_ORDER_MARKS:
        if head.startswith(mark):
            return head[len(mark) :].decode(codec, "ignore").lstrip(" \t\n\r\f")
    if head[1:2] == b"\x00":
        head = head.decode("utf-16-le", "ignore").encode("latin-1", "ignore")
    elif head[:1] == b"\x00":
        head = head.decode("utf-16-be", "ignore").encode("latin-1", "ignore")
    return head.decode("latin-1").lstrip(" \t\n\r\f")


def _clean_unnamed_markup(suffix: str, content: bytes) -> Cleaned:
    """A file not named as a page or a drawing: XML cleaned as such, a page refused.

    A file of an XML format's extension is XML to a browser; any other that
    begins with markup may be sniffed as XML or as a page, so it must be XML
    that the cleaning makes inert, and must not begin like a page.
    """
    opening = _opening(content)
    if not opening.startswith("<") and suffix not in XML_FORMAT_SUFFIXES:
        return Cleaned(content)
    if _PAGE_START.match(opening):
        start = _FIRST_TAG.match(opening)
        raise Refused(
            f"it begins like a web page ('{start[0] if start else '<'}'), which a browser may "
            "run as one; save it as .html so that coursepack cleans it, or ship it inside a .zip"
        )
    try:
        return _XmlCleaner(content, drawing=True).run()
    except Refused as refused:
        if not refused.malformed or suffix in XML_FORMAT_SUFFIXES:
            raise
        start = _FIRST_TAG.match(opening)
        raise Refused(
            f"it begins with markup ('{start[0] if start else '<'}'), which a browser may run "
            f"as a page, and {refused.reason}, so it cannot be cleaned; "
            "save it as .html, .svg or .xml after its format, or ship it inside a .zip",
            refused.line,
        ) from None


@dataclass
class _XmlCleaner:
    """One SVG drawing (``drawing``) or XML document, parsed without fetching anything."""

    content: bytes
    drawing: bool
    removed: list[Removal] = field(default_factory=list)

    def run(self) -> Cleaned:
        # Entities declared in the file are expanded (within libxml2's limits), none fetched.
        parser = etree.XMLParser(
            resolve_entities="internal",  # type: ignore[arg-type]  # lxml >= 5, not in the stubs
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        try:
            root = etree.fromstring(self.content, parser)
        except etree.XMLSyntaxError as error:
            line = error.lineno or 1
            raise Refused(f"it is not well-formed XML ({error.msg})", line, True) from None
        self._check_root(root)
        tree = root.getroottree()
        for sibling in (*root.itersiblings(preceding=True), *root.itersiblings()):
            if isinstance(sibling, etree._ProcessingInstruction):
                self._removed(sibling, f"the <?{sibling.target!s}?> instruction")
        if tree.docinfo.internalDTD is not None:
            self.removed.append(Removal(1, "the DOCTYPE's own declarations"))
        self._clean_attributes(root)
        self._clean_children(root)
        if not self.removed:
            return Cleaned(self.content)
        text = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
        return Cleaned(text, tuple(sorted(self.removed, key=lambda r: r.line)))

    def _check_root(self, root: etree._Element) -> None:
        namespace = etree.QName(root).namespace
        local = etree.QName(root).localname
        if self.drawing and root.tag != f"{{{SVG}}}svg":
            # Without the SVG namespace a browser draws nothing: it is XML data, cleaned as such.
            self.drawing = False
        if not self.drawing and namespace in ACTIVE_NAMESPACES:
            raise Refused(
                f"its root element <{local}> is {ACTIVE_NAMESPACES[namespace]}, which a browser "
                "runs as a page; ship the file inside a .zip, or convert it to PDF"
            )

    def _clean_children(self, parent: etree._Element) -> None:
        for child in list(parent):
            if isinstance(child, etree._ProcessingInstruction):
                self._removed(child, f"the <?{child.target!s}?> instruction")
                self._drop(child)
            elif isinstance(child.tag, str):  # not a comment or an entity
                name = etree.QName(child)
                if self._active(name):
                    self._removed(child, f"<{name.localname}>")
                    self._drop(child)
                elif self._clean_attributes(child):
                    self._clean_children(child)

    def _clean_attributes(self, element: etree._Element) -> bool:
        """Clean ``element``'s attributes and style; False when that removed it whole."""
        for attribute in list(element.attrib):
            if not self._clean_attribute(element, str(attribute)):
                return False
        name = etree.QName(element)
        if name.namespace == SVG and name.localname == "style" and element.text:
            element.text = self._clean_css(element, str(element.text))
        return True

    def _active(self, name: etree.QName) -> bool:
        if name.namespace in (XHTML, MATHML, XSLT):
            return True
        if not self.drawing:
            return name.namespace == SVG
        if name.namespace != SVG:
            return False
        return name.localname in ACTIVE_SVG_ELEMENTS

    def _clean_attribute(self, element: etree._Element, attribute: str) -> bool:
        """Clean one attribute; False when it made the whole element go (an animation)."""
        name = etree.QName(attribute)
        value = str(element.attrib[attribute])
        tag = str(etree.QName(element).localname)
        problem = None
        if name.localname.lower().startswith("on"):
            problem = f"the '{name.localname}' attribute of <{tag}>"
        elif "javascript:" in _INVISIBLE.sub("", value).lower():
            problem = f"the 'javascript:' value of '{name.localname}' in <{tag}>"
        elif tag in ANIMATIONS and name.localname == "attributeName":
            target = value.split(":")[-1].lower()
            if target == "href" or target.startswith("on"):
                self._removed(element, f"<{tag}>, which rewrites '{value}'")
                self._drop(element)
                return False
        elif name.localname == "href" and not _allowed_address(tag, value.strip()):
            problem = f"the address '{value[:60]}' of <{tag}>"
        elif name.localname == "style":
            element.attrib[attribute] = self._clean_css(element, value)
        elif far := _far_css_address(value):
            # Presentation attributes (fill, filter, mask, clip-path, marker-…) are CSS values.
            problem = f"the address '{far[:60]}' in the '{name.localname}' attribute of <{tag}>"
        if problem is not None:
            self._removed(element, problem)
            del element.attrib[attribute]
        return True

    def _clean_css(self, element: etree._Element, css: str) -> str:
        """``css`` without what loads from elsewhere; as written when nothing is.

        The rules match the style as a browser reads it, escapes and all; a cleaned style is
        written out that way, its backslashes escaped so that it reads the same again.
        """

        def address(found: re.Match[str], replacement: str) -> str:
            if _allowed_address("style", found["address"].strip()):
                return found[0]
            self._removed(element, f"the style's address '{found['address'].strip()[:60]}'")
            return replacement

        before = len(self.removed)
        read = _unescaped_css(css)
        without_imports = _CSS_IMPORT.sub(lambda _: self._css_import(element), read)
        without_urls = _CSS_URL.sub(lambda found: address(found, "none"), without_imports)
        cleaned = _CSS_FAR_STRING.sub(lambda found: address(found, '""'), without_urls)
        if len(self.removed) == before:
            return css
        return cleaned.replace("\\", "\\5c ")

    def _css_import(self, element: etree._Element) -> str:
        self._removed(element, "the style's @import")
        return ""

    def _removed(self, node: etree._Element, what: str) -> None:
        self.removed.append(Removal(_line(node), what))

    @staticmethod
    def _drop(element: etree._Element) -> None:
        """Take ``element`` out, keeping the text after it (it belongs to its parent)."""
        parent = element.getparent()
        if parent is None:
            return
        tail = element.tail
        previous = element.getprevious()
        parent.remove(element)
        if tail:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def _line(node: etree._Element) -> int:
    """The line of ``node`` in the file, for the warning; 1 when lxml does not know it."""
    line = node.sourceline
    return line if isinstance(line, int) else 1


def _unescaped_css(css: str) -> str:
    """``css`` with its escapes read, as a browser's CSS tokenizer reads them."""

    def character(found: re.Match[str]) -> str:
        digits, line_end, other = found.groups()
        if line_end is not None:
            return ""
        if other is not None:
            return str(other)
        code = int(digits, 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _CSS_ESCAPE.sub(character, css)


def _far_css_address(value: str) -> str | None:
    """The first address of another site in a CSS value's ``url(…)``, if any."""
    for found in _CSS_URL.finditer(_unescaped_css(value)):
        if not _allowed_address("style", found["address"].strip()):
            return found["address"].strip()
    return None


def _allowed_address(tag: str, address: str) -> bool:
    """A part of the drawing, an inline raster image, a file beside it, or a link to the web."""
    if address.startswith("#") or _INLINE_IMAGE.match(address):
        return True
    if not _SCHEME.match(address):
        return True
    return tag == "a" and bool(_WEB.match(address))


def _clean_page(content: bytes) -> Cleaned:
    """A new page holding what nh3 keeps of the page, under a policy that runs nothing.

    Cleaning the markup alone would still leave the page to the browser's
    rules for scripts it may have missed; the new document's policy forbids
    every script and every load, whatever got through.
    """
    text = content.decode("utf-8", "replace")
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    body = nh3.clean(
        text,
        tags=set(DOCUMENT_TAGS),
        clean_content_tags={"script", "style", "title"},
        attributes={tag: set(names) for tag, names in DOCUMENT_ATTRIBUTES.items()},
        url_schemes={"http", "https", "mailto", "tel"},
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel="noopener noreferrer",
    )
    lang = f' lang="{html.escape(reader.lang)}"' if reader.lang else ""
    page = (
        f'<!DOCTYPE html>\n<html{lang}>\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{HTML_CSP}">\n'
        f"<title>{html.escape(reader.title.strip())}</title>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )
    return Cleaned(page.encode("utf-8"), tuple(reader.removed))


class _PageReader(HTMLParser):
    """The title and language of a page, and the active parts the cleaning takes out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.lang = ""
        self.removed: list[Removal] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "html":
            self.lang = next((v or "" for n, v in attrs if n == "lang"), "")
        self._in_title = tag == "title"
        passive_meta = tag == "meta" and not any(name == "http-equiv" for name, _ in attrs)
        if tag in ACTIVE_HTML_ELEMENTS and not passive_meta:
            self.removed.append(Removal(line, f"<{tag}>"))
        for name, value in attrs:
            address = _INVISIBLE.sub("", value or "").lower()
            if name.startswith("on"):
                self.removed.append(Removal(line, f"the '{name}' attribute of <{tag}>"))
            elif name in URL_ATTRIBUTES and address.startswith("javascript:"):
                self.removed.append(Removal(line, f"the 'javascript:' address of <{tag}>"))

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


#: How many removals a warning names before it counts the rest.
NAMED_REMOVALS = 4


def check_asset(
    path: Path, name: str, where: Location, reporter: Reporter, scripts_allowed: bool = False
) -> bool:
    """Report a shipped file (``name`` as the author linked it, at ``where``) that cannot be
    made inert; True if it ships, cleaned (see :func:`report_cleaning`) or as it is.

    A script file is refused unless course.yml opts in to scripts (``scripts_allowed``): the
    player's policy lets the package's own scripts run (``script-src 'self'``), so a course's
    template could load one shipped as a linked file.
    """
    if path.suffix.lower() in SCRIPT_SUFFIXES and not scripts_allowed:
        message = (
            f"'{name}' cannot be shipped: it is a script, which the player's security policy "
            "would let run in every learner's browser; ship it inside a .zip or as .txt, or add "
            "'theme_scripts: true' to course.yml if you trust it"
        )
        reporter.error(where, message, "asset.refused")
        return False
    if not needs_cleaning(path):
        return True
    try:
        cleaned(path)
    except Refused as refused:
        if refused.malformed:
            message = (
                f"'{name}' cannot be cleaned of scripts, so it cannot be shipped: "
                f"{refused.reason}, at line {refused.line} of the file; save it again from the "
                "program that made it"
            )
            reporter.error(where, message, "asset.malformed")
        else:
            reporter.error(where, f"'{name}' cannot be shipped: {refused.reason}", "asset.refused")
        return False
    return True


def report_cleaning(path: Path, reporter: Reporter) -> None:
    """Warn, at the file's own line, about what the cleaning takes out of ``path``."""
    removed = cleaned(path).removed
    if not removed:
        return
    named = ", ".join(removal.what for removal in removed[:NAMED_REMOVALS])
    more = len(removed) - NAMED_REMOVALS
    rest = f" and {more} more" if more > 0 else ""
    message = (
        "removed what would run or load from elsewhere if this file were opened on its own: "
        f"{named}{rest}; it ships without them"
    )
    reporter.warning(Location(path, removed[0].line), message, "asset.cleaned")


def shipped(path: Path) -> bytes:
    """The bytes a course file ships with: cleaned if a browser could run it."""
    return cleaned(path).content if needs_cleaning(path) else path.read_bytes()
