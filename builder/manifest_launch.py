"""What a manifest launches: resources and their files, organizations and items.

Moodle builds its table of contents from the items of the default organization
and launches each item's resource: an unresolved reference, a missing file or
an asset where a SCO belongs gives content that does not open or is never
tracked. The ``adlcp:`` values an item carries are checked here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from posixpath import normpath
from urllib.parse import unquote, urlsplit

from lxml import etree

from builder.manifest import NS_ADLCP, NS_CP
from builder.manifest_view import ITEM_EXTENSIONS, ManifestView, name_of
from builder.package_findings import PackageReport, unsafe_path

TIME_LIMIT_ACTIONS = ("exit,message", "exit,no message", "continue,message", "continue,no message")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_TIMESPAN = re.compile(r"\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?")


def _score(text: str) -> bool:
    return bool(_DECIMAL.fullmatch(text)) and 0 <= float(text) <= 100


#: The ADL values of an item Moodle reads: how each is checked, the fix, and its code.
_ITEM_VALUE_RULES: dict[str, tuple[Callable[[str], bool], str, str]] = {
    "masteryscore": (_score, "it must be a number from 0 to 100", "manifest.mastery-score"),
    "maxtimeallowed": (
        lambda text: bool(_TIMESPAN.fullmatch(text)),
        "write it HH:MM:SS, e.g. 00:30:00",
        "manifest.max-time",
    ),
    "timelimitaction": (
        lambda text: text in TIME_LIMIT_ACTIONS,
        "use one of: " + "; ".join(TIME_LIMIT_ACTIONS),
        "manifest.time-limit-action",
    ),
}


class LaunchCheck(ManifestView):
    """Resources first (items refer to them), then every organization's items."""

    def __init__(self, root: etree._Element, entries: set[str], report: PackageReport) -> None:
        super().__init__(root, entries, report)
        self.by_lower = {name.lower(): name for name in entries}
        found = self.cp(root, "resources/resource")
        self.resources = {resource.get("identifier", ""): resource for resource in found}

    def check(self) -> None:
        for resource in self.resources.values():
            self.check_resource(resource)
        self.check_organizations()

    def check_resource(self, resource: etree._Element) -> None:
        identifier = resource.get("identifier", "")
        kind = resource.get(f"{{{NS_ADLCP}}}scormtype")
        if kind not in ("sco", "asset"):
            hint = (
                "; 'scormType' is the SCORM 2004 spelling"
                if resource.get(f"{{{NS_ADLCP}}}scormType") is not None
                else ""
            )
            message = (
                f'resource \'{identifier}\' has no adlcp:scormtype="sco" or "asset"{hint}; '
                "Moodle would treat it as an asset: no tracking, completed as soon as opened"
            )
            self.error(message, "manifest.scormtype", resource)
        if resource.get("type") != "webcontent":
            found = resource.get("type")
            message = f"resource '{identifier}' has type '{found}'; SCORM 1.2 uses webcontent"
            self.warning(message, "manifest.resource-type", resource)
        href = resource.get("href")
        if href is None and kind == "sco":
            message = f"resource '{identifier}' is a SCO without an href: nothing to launch"
            self.error(message, "manifest.no-launch", resource)
        base = resource.get("{http://www.w3.org/XML/1998/namespace}base", "")
        if href is not None:
            self.check_href(resource, base, href, f"resource '{identifier}' launches")
        for file in self.cp(resource, "file"):
            self.check_href(file, base, file.get("href", ""), f"resource '{identifier}' lists")
        for dependency in self.cp(resource, "dependency"):
            ref = dependency.get("identifierref")
            if ref not in self.resources:
                message = f"resource '{identifier}' depends on '{ref}', which is no resource"
                self.error(message, "manifest.unknown-dependency", dependency)

    def check_href(self, element: etree._Element, base: str, href: str, what: str) -> None:
        parts = urlsplit(base + href)
        if parts.scheme or parts.netloc:
            return  # content on the web: not in the package, nothing to check
        path = unquote(parts.path)
        why = unsafe_path(path) if path else "is empty"
        if why:
            self.error(f"{what} '{href}', which {why}", "manifest.unsafe-href", element)
            return
        path = normpath(path)
        if path in self.entries:
            return
        twin = self.by_lower.get(path.lower())
        if twin is not None:
            message = (
                f"{what} '{path}', which is not in the zip: it has '{twin}' "
                "(letter case matters on the LMS)"
            )
        else:
            message = f"{what} '{path}', which is not in the zip"
        self.error(message, "manifest.missing-file", element)

    def check_organizations(self) -> None:
        organizations = self.cp(self.root, "organizations")
        found = self.cp(self.root, "organizations/organization")
        if not organizations or not found:
            message = (
                "there is no <organization>: Moodle then makes every resource with an href its "
                "own untitled SCO; describe the course in <organizations><organization>"
            )
            where = organizations[0] if organizations else self.root
            self.error(message, "manifest.no-organization", where)
            return
        default = organizations[0].get("default")
        ids = [o.get("identifier") for o in found]
        if default is None:
            message = "<organizations> has no default; name the organization to launch"
            self.warning(message, "manifest.default-organization", organizations[0])
        elif default not in ids:
            message = (
                f'<organizations default="{default}"> names no organization; '
                f"use {' or '.join(map(str, ids))}"
            )
            self.error(message, "manifest.default-organization", organizations[0])
        for organization in found:
            self.check_title(organization)
            for item in organization.iter(f"{{{NS_CP}}}item"):
                self.check_item(item)

    def check_title(self, element: etree._Element) -> None:
        titles = self.cp(element, "title")
        if not titles or not (titles[0].text or "").strip():
            message = (
                f"{name_of(element)} '{element.get('identifier')}' has no <title>; the LMS shows it"
            )
            self.error(message, "manifest.no-title", element)

    def check_item(self, item: etree._Element) -> None:
        identifier = item.get("identifier")
        self.check_title(item)
        ref = item.get("identifierref")
        if ref is None:
            if not self.cp(item, "item"):
                message = f"item '{identifier}' neither launches a resource nor holds items"
                self.error(message, "manifest.empty-item", item)
        elif ref not in self.resources:
            message = f"item '{identifier}' launches '{ref}', which is no resource"
            self.error(message, "manifest.unknown-resource", item)
        else:
            resource = self.resources[ref]
            if resource.get("href") is None:
                message = f"item '{identifier}' launches resource '{ref}', which has no href"
                self.error(message, "manifest.no-launch", item)
            elif resource.get(f"{{{NS_ADLCP}}}scormtype") == "asset":
                message = (
                    f"item '{identifier}' launches the asset '{ref}': Moodle marks it completed "
                    'when opened and records no score; make the resource adlcp:scormtype="sco"'
                )
                self.error(message, "manifest.asset-launched", item)
        visible = item.get("isvisible")
        if visible not in (None, "true", "false"):
            message = (
                f"item '{identifier}' has isvisible=\"{visible}\"; "
                "Moodle only understands true or false"
            )
            self.warning(message, "manifest.isvisible", item)
        self.check_item_values(item, identifier)

    def check_item_values(self, item: etree._Element, identifier: str | None) -> None:
        values = {name: item.findall(f"{{{NS_ADLCP}}}{name}") for name in ITEM_EXTENSIONS}
        for name, found in values.items():
            if len(found) > 1:
                message = f"item '{identifier}' has {len(found)} adlcp:{name}; keep one"
                self.error(message, "manifest.duplicate-element", found[1])
        for name, (valid, hint, code) in _ITEM_VALUE_RULES.items():
            for element in values[name][:1]:
                text = (element.text or "").strip()
                if not valid(text):
                    message = f"item '{identifier}' has adlcp:{name} '{text}'; {hint}"
                    self.error(message, code, element)
