"""The rules ``imsmanifest.xml`` must follow for Moodle to play and track a package.

Moodle's manifest reader is not namespace-aware: it matches ``ITEM`` and
``ADLCP:SCORMTYPE`` literally, so a package that is valid XML with another
prefix loses its tracking silently, and the first ``<schemaversion>`` picks the
player. This module parses the manifest and checks the document (root,
prefixes, element structure, metadata, identifiers); what it launches is
checked by :mod:`builder.manifest_launch`. The XSD files are not needed.
"""

from __future__ import annotations

import re

from lxml import etree

from builder.manifest import MANIFEST, NS_ADLCP, NS_CP
from builder.manifest_launch import LaunchCheck
from builder.manifest_view import (
    ITEM_EXTENSIONS,
    ManifestView,
    elements,
    line_of,
    name_of,
)
from builder.package_findings import PackageReport

NS_CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
SCORM_2004_VERSIONS = ("1.3", "CAM 1.3", "2004 3rd Edition", "2004 4th Edition")
#: Children each IMS CP element may have, in the order the schema requires.
CHILDREN: dict[str, tuple[str, ...]] = {
    "manifest": ("metadata", "organizations", "resources", "manifest"),
    "organizations": ("organization",),
    "organization": ("title", "item", "metadata"),
    "item": ("title", "item", "metadata", *(f"adlcp:{name}" for name in ITEM_EXTENSIONS)),
    "resources": ("resource",),
    "resource": ("metadata", "file", "dependency"),
    "file": ("metadata",),
    "dependency": (),
}
_NCNAME = re.compile(r"[^\W\d][\w.-]*")


def check_manifest(xml: bytes, entries: set[str], report: PackageReport) -> None:
    """Report every problem of the manifest ``xml``; ``entries`` are the zip's file names."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.ElementTree(etree.fromstring(xml, parser))
    except etree.XMLSyntaxError as problem:
        report.error(
            f"not well-formed XML: {problem.msg}; Moodle stops with 'XML error'",
            "manifest.xml-syntax",
            MANIFEST,
            problem.lineno,
        )
        return
    if tree.docinfo.internalDTD is not None:
        report.error(
            "declares a DOCTYPE; remove it (manifests never have one, and entities in it "
            "can be abused)",
            "manifest.doctype",
            MANIFEST,
            1,
        )
    _DocumentCheck(tree.getroot(), entries, report).check()


class _DocumentCheck(ManifestView):
    """The document as a whole; what it launches is only checked when its root is right."""

    def check(self) -> None:
        root = self.root
        if etree.QName(root).namespace == NS_CP_2004:
            message = "this is a SCORM 2004 manifest (IMS CP 1.1.4 namespace), not SCORM 1.2"
            self.error(message, "manifest.not-scorm12", root)
            return
        if root.tag != f"{{{NS_CP}}}manifest":
            message = (
                f"the root element is <{root.tag}>; a SCORM 1.2 manifest starts with "
                f'<manifest xmlns="{NS_CP}">'
            )
            self.error(message, "manifest.root", root)
            return
        self.check_prefixes()
        self.check_structure(root)
        self.check_metadata()
        self.check_identifiers()
        LaunchCheck(root, self.entries, self.report).check()

    def check_prefixes(self) -> None:
        for element in elements(self.root.iter()):
            for prefix, uri in element.nsmap.items():
                if uri == NS_ADLCP and prefix != "adlcp":
                    message = (
                        f"the ADL namespace is bound to prefix '{prefix}'; Moodle only reads the "
                        "literal prefix 'adlcp', so every resource would be an untracked asset"
                    )
                    self.error(message, "manifest.adlcp-prefix", element)
                    return
            if etree.QName(element).namespace == NS_CP and element.prefix is not None:
                message = (
                    f"<{element.prefix}:{etree.QName(element).localname}> has a prefix; Moodle "
                    "only reads IMS CP elements without one: make the CP namespace the default"
                )
                self.error(message, "manifest.cp-prefix", element)
                return

    def check_structure(self, element: etree._Element) -> None:
        """Unknown or misplaced elements, and the order of an item's children."""
        allowed = CHILDREN.get(name_of(element), ())
        rank = -1
        for child in elements(element.iterchildren()):
            name = name_of(child)
            if name not in allowed:
                message = f"<{name}> is not allowed in <{name_of(element)}>; remove it"
                if name.startswith("adlcp:"):
                    message = (
                        f"<{name}> is not allowed in <{name_of(element)}>; put it in an <item>"
                    )
                self.error(message, "manifest.unexpected-element", child)
                continue
            if name == "metadata":
                continue  # free-form metadata (LOM) is not checked
            here = allowed.index(name) if not name.startswith("adlcp:") else len(allowed)
            if here < rank:
                order = ", ".join(f"<{n}>" for n in allowed)
                message = f"<{name}> is out of order in <{name_of(element)}>; the order is {order}"
                self.error(message, "manifest.element-order", child)
            rank = max(rank, here)
            self.check_structure(child)

    def check_metadata(self) -> None:
        versions = self.cp(self.root, "metadata/schemaversion")
        if not versions:
            message = (
                "no <metadata><schemaversion>; add <metadata><schema>ADL SCORM</schema>"
                "<schemaversion>1.2</schemaversion></metadata> before <organizations>"
            )
            self.error(message, "manifest.schemaversion", self.root)
            return
        version = (versions[0].text or "").strip()
        if version in SCORM_2004_VERSIONS:
            message = (
                f"<schemaversion> is '{version}': Moodle would play it as SCORM 2004, and a "
                "SCORM 1.2 SCO finds no API; write 1.2"
            )
            self.error(message, "manifest.schemaversion", versions[0])
        elif version != "1.2":
            message = f"<schemaversion> is '{version}'; write exactly 1.2"
            self.error(message, "manifest.schemaversion", versions[0])
        schemas = self.cp(self.root, "metadata/schema")
        if schemas and (schemas[0].text or "").strip() != "ADL SCORM":
            message = f"<schema> is '{(schemas[0].text or '').strip()}'; SCORM 1.2 writes ADL SCORM"
            self.warning(message, "manifest.schema", schemas[0])

    def check_identifiers(self) -> None:
        seen: dict[str, etree._Element] = {}
        for element in self.root.iter(
            *(f"{{{NS_CP}}}{n}" for n in ("organization", "item", "resource"))
        ):
            identifier = element.get("identifier")
            kind = name_of(element)
            if identifier is None:
                self.error(f"<{kind}> has no identifier", "manifest.identifier", element)
            elif not _NCNAME.fullmatch(identifier):
                message = (
                    f"{kind} identifier '{identifier}' is not a valid XML ID: start with a letter "
                    "or '_', then letters, digits, '.', '-' or '_' only"
                )
                self.error(message, "manifest.identifier", element)
            elif identifier in seen:
                message = (
                    f"identifier '{identifier}' is also used on line "
                    f"{line_of(seen[identifier])}; "
                    "items, organizations and resources need unique identifiers"
                )
                self.error(message, "manifest.duplicate-id", element)
            else:
                seen[identifier] = element
