"""Raw HTML in course texts, cut down to an allow-list with nh3.

Markdown lets authors write any HTML, and ``attr_list`` lets them put any
attribute on what Markdown makes. A course runs inside an LMS page next to
the learner's session, so only markup that cannot run code, restyle the
player or load from outside is kept: a safe default set, plus what the course
allows under ``html:`` in course.yml. Scripts, styles, frames and event
handlers are never allowed, whatever the course asks.

nh3 (ammonia, with the HTML5 parser of browsers) does the cleaning; the same
rules are read here a second time to tell the author what was removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import nh3

from builder.diagnostics import Location, Reporter
from builder.model import HtmlAllowance
from builder.references import url_scheme
from builder.schema import Kind


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


DEFAULT_TAGS = _names(
    "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl "
    "dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt ruby "
    "s samp small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr"
)
EVERY_TAG = "*"
DEFAULT_ATTRIBUTES: dict[str, frozenset[str]] = {
    EVERY_TAG: frozenset({"class", "id", "title", "lang", "dir", "role"}),
    "a": frozenset({"href", "hreflang", "target", "rel"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "align"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope", "abbr"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
}
#: Accessibility attributes are safe on any element.
ATTRIBUTE_PREFIXES = frozenset({"aria-"})
#: Dropped with their content: the text of a script or a style sheet is no reading matter.
CONTENT_TAGS = frozenset({"script", "style"})
#: Tags that run code, load from outside, submit data, escape the page's layout, or make the
#: parser read what follows as raw text (``xmp``, ``plaintext``, ``noembed``…), unchecked.
FORBIDDEN_TAGS = CONTENT_TAGS | _names(
    "applet base body button embed form frame frameset head html iframe input link math meta "
    "noembed noframes noscript object option param plaintext portal select svg template "
    "textarea title xmp"
)
#: Attributes that run code, restyle the page or load something no check has seen.
FORBIDDEN_ATTRIBUTES = _names(
    "action background formaction http-equiv ping poster srcdoc srcset style xmlns"
)
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
#: Attributes whose address the link checks judge (see ``markdown_render.URL_ATTRIBUTES``).
LOADING_ATTRIBUTES = frozenset({"href", "src", "data", "action"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
NOTHING_MORE = HtmlAllowance()
#: The player's own element ids start with this; a lesson reusing one would break it.
PLAYER_ID_PREFIX = "cp-"
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def attribute_forbidden(name: str) -> bool:
    return name.startswith("on") or name in FORBIDDEN_ATTRIBUTES or ":" in name


def value_problem(tag: str, name: str, value: str) -> str | None:
    """Why an allowed attribute's value is refused, or None when it may stay."""
    if name == "id" and value.startswith(PLAYER_ID_PREFIX):
        return (
            f"the id '{value}' of <{tag}>: ids starting with '{PLAYER_ID_PREFIX}' belong to "
            "the player; choose another"
        )
    if name in URL_ATTRIBUTES:
        scheme = url_scheme(value)
        inline_image = tag == "img" and value.strip()[5:].lower().startswith("image/")
        if scheme and scheme not in URL_SCHEMES and not (scheme == "data" and inline_image):
            return (
                f"the address '{value[:40]}' of <{tag}>: only web, e-mail, telephone and "
                "relative addresses are kept"
            )
    return None


def _keep_value(tag: str, name: str, value: str) -> str | None:
    return None if value_problem(tag, name, value) else value


@dataclass(frozen=True)
class Removal:
    """Something the sanitizer takes out; ``needle`` finds where the author wrote it.

    ``url`` is the address of the element concerned, when it has one.
    """

    message: str
    needle: str
    url: str | None = None


class Sanitizer:
    """The allow-list of one course: the default set plus what course.yml allows."""

    def __init__(self, allowance: HtmlAllowance = NOTHING_MORE) -> None:
        self.tags = DEFAULT_TAGS | frozenset(allowance.tags)
        attributes = {tag: set(names) for tag, names in DEFAULT_ATTRIBUTES.items()}
        for tag, names in allowance.attributes:
            attributes.setdefault(tag, set()).update(names)
        self.attributes = {tag: frozenset(names) for tag, names in attributes.items()}
        self._cleaner = nh3.Cleaner(
            tags=set(self.tags),
            clean_content_tags=set(CONTENT_TAGS),
            attributes={tag: set(names) for tag, names in self.attributes.items()},
            attribute_filter=_keep_value,
            strip_comments=False,  # the knowledge-check placeholders are comments
            link_rel=None,
            generic_attribute_prefixes=set(ATTRIBUTE_PREFIXES),
            url_schemes=set(URL_SCHEMES | {"data"}),
        )

    def clean(self, html: str) -> str:
        return self._cleaner.clean(html)

    def allows(self, tag: str, name: str) -> bool:
        every = self.attributes.get(EVERY_TAG, frozenset())
        return (
            name in every
            or name in self.attributes.get(tag, frozenset())
            or name.startswith(tuple(ATTRIBUTE_PREFIXES))
        )

    def removals(self, html: str) -> list[Removal]:
        """What :meth:`clean` takes out of ``html``, in document order."""
        inspector = _Inspector(self)
        inspector.feed(html)
        inspector.close()
        return inspector.found


class _Inspector(HTMLParser):
    def __init__(self, sanitizer: Sanitizer) -> None:
        super().__init__(convert_charrefs=True)
        self.sanitizer = sanitizer
        self.found: list[Removal] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        url = next((value for name, value in attrs if name in LOADING_ATTRIBUTES), None)
        if tag not in self.sanitizer.tags:
            self.found.append(Removal(_tag_message(tag), f"<{tag}", url))
            return
        for name, value in attrs:
            if not self.sanitizer.allows(tag, name):
                self.found.append(Removal(_attribute_message(tag, name), name, url))
            elif problem := value_problem(tag, name, value or ""):
                self.found.append(Removal(problem, value or name, url))


def _tag_message(tag: str) -> str:
    if tag in CONTENT_TAGS:
        return (
            f"the <{tag}> element and its content: a course runs no scripts or styles of its "
            "own (restyle it with a _theme folder)"
        )
    if tag in FORBIDDEN_TAGS:
        return (
            f"the <{tag}> tag (its text is kept): it could load or run something from outside "
            "the course"
        )
    return (
        f"the <{tag}> tag (its text is kept), which is not an allowed tag; if it is safe, "
        "list it under 'html: allow_tags:' in course.yml"
    )


def _attribute_message(tag: str, name: str) -> str:
    if attribute_forbidden(name):
        return (
            f"the '{name}' attribute of <{tag}>: event handlers and inline styles never run "
            "in a course (use a class)"
        )
    return (
        f"the '{name}' attribute of <{tag}>, which is not allowed there; if it is safe, "
        f"list it under 'html: allow_attributes: {tag}:' in course.yml"
    )


def report_removals(
    removals: Iterable[Removal], source: str, fallback: Location, reporter: Reporter
) -> None:
    """Warn about each removal at the line of ``source`` (a whole file) where it is written.

    Without ``source`` (a text inside YAML), every warning points at ``fallback``.
    """
    searched_from: dict[str, int] = {}
    lowered = source.lower()
    for removal in removals:
        where = fallback
        if source:
            start = searched_from.get(removal.needle, 0)
            offset = lowered.find(removal.needle.lower(), start)
            if offset >= 0:
                searched_from[removal.needle] = offset + 1
            where = fallback.at_offset(source, offset)
        reporter.warning(where, f"raw HTML: removed {removal.message}", "html.removed")


@dataclass(frozen=True, kw_only=True)
class HtmlName(Kind):
    """A tag or attribute name a course allows; dangerous ones are refused outright."""

    label: str = "an HTML name"
    attribute: bool = False
    every: bool = False

    def check(self, value: Any, where: Location, name: str, reporter: Reporter) -> bool:
        if self.every and value == EVERY_TAG:
            return True
        if not isinstance(value, str) or not _NAME.fullmatch(value):
            message = (
                f"'{name}' has '{value}', which is no HTML name; write it in lower case, "
                "e.g. 'video' or 'data-note'"
            )
            reporter.error(where, message, "schema.pattern")
            return False
        forbidden = attribute_forbidden(value) if self.attribute else value in FORBIDDEN_TAGS
        if forbidden:
            what = "attribute" if self.attribute else "tag"
            message = (
                f"the '{value}' {what} can never be allowed: scripts, styles, frames, forms "
                "and event handlers could run code or load from outside the course; remove it"
            )
            reporter.error(where, message, "html.forbidden")
            return False
        return True

    def json_schema(self) -> dict[str, Any]:
        refused: dict[str, Any] = (
            {"anyOf": [{"enum": sorted(FORBIDDEN_ATTRIBUTES)}, {"pattern": "^on|:"}]}
            if self.attribute
            else {"enum": sorted(FORBIDDEN_TAGS)}
        )
        name = {"type": "string", "pattern": f"^{_NAME.pattern}$", "not": refused}
        return {"anyOf": [name, {"const": EVERY_TAG}]} if self.every else name
