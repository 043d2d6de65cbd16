"""The manifest as the checks see it: its elements, the zip's files, where to report.

Shared by the document rules (:mod:`builder.manifest_check`) and the launch
rules (:mod:`builder.manifest_launch`), so both name elements and report lines
the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from lxml import etree

from builder.manifest import MANIFEST, NS_ADLCP, NS_CP
from builder.package_findings import PackageReport

#: The ADL elements a leaf ``<item>`` may carry (SCORM 1.2 CAM).
ITEM_EXTENSIONS = (
    "prerequisites",
    "maxtimeallowed",
    "timelimitaction",
    "datafromlms",
    "masteryscore",
)


def elements(nodes: Iterator[etree._Element]) -> Iterator[etree._Element]:
    """Elements only: comments and processing instructions are nodes too."""
    return (node for node in nodes if isinstance(node.tag, str))


def line_of(element: etree._Element) -> int | None:
    """The element's line in the manifest (the stubs type ``sourceline`` loosely)."""
    return cast("int | None", element.sourceline)


def name_of(element: etree._Element) -> str:
    """``item`` for a CP element, ``adlcp:masteryscore`` for an ADL one, else Clark notation."""
    qname = etree.QName(element)
    prefix = {NS_CP: "", NS_ADLCP: "adlcp:"}.get(qname.namespace or "")
    return str(element.tag) if prefix is None else prefix + qname.localname


class ManifestView:
    """The parsed manifest root, the zip's file names, and the report findings go to."""

    def __init__(self, root: etree._Element, entries: set[str], report: PackageReport) -> None:
        self.root = root
        self.entries = entries
        self.report = report

    def error(self, message: str, code: str, element: etree._Element) -> None:
        self.report.error(message, code, MANIFEST, line_of(element))

    def warning(self, message: str, code: str, element: etree._Element) -> None:
        self.report.warning(message, code, MANIFEST, line_of(element))

    def cp(self, element: etree._Element, path: str) -> list[etree._Element]:
        """Children along ``path`` (e.g. ``organizations/organization``) in the CP namespace."""
        return list(element.iterfind("/".join(f"{{{NS_CP}}}{step}" for step in path.split("/"))))
