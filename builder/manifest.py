"""``imsmanifest.xml`` for a SCORM 1.2 package, written the way Moodle reads it.

Moodle's manifest reader is not namespace-aware: CP elements must be
unprefixed and the ADL extensions must use the literal ``adlcp:`` prefix;
``schemaversion`` must be exactly ``1.2`` for Moodle to pick its 1.2 player.
The tree is built with lxml so titles with ``&`` or ``<`` are always escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree

#: The manifest's name; Moodle looks for exactly this entry at the root of the zip.
MANIFEST = "imsmanifest.xml"
NS_CP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{NS_CP} imscp_rootv1p1p2.xsd "
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd "
    f"{NS_ADLCP} adlcp_rootv1p2.xsd"
)


@dataclass(frozen=True)
class Sco:
    """One launchable unit: its identifier stem, title, launch file and files."""

    id: str
    title: str
    href: str
    files: tuple[str, ...]
    mastery_score: float | None = None


def manifest_xml(identifier: str, version: str, title: str, scos: Iterable[Sco]) -> bytes:
    """The manifest for one organisation whose items each launch one SCO."""
    cp = f"{{{NS_CP}}}"
    root = etree.Element(
        cp + "manifest",
        nsmap={None: NS_CP, "adlcp": NS_ADLCP, "xsi": NS_XSI},  # type: ignore[dict-item]  # stubs omit the default-namespace key
        identifier=f"MANIFEST-{identifier}",
        version=version,
    )
    root.set(f"{{{NS_XSI}}}schemaLocation", SCHEMA_LOCATION)
    metadata = etree.SubElement(root, cp + "metadata")
    etree.SubElement(metadata, cp + "schema").text = "ADL SCORM"
    etree.SubElement(metadata, cp + "schemaversion").text = "1.2"
    organizations = etree.SubElement(root, cp + "organizations", default=f"ORG-{identifier}")
    organization = etree.SubElement(
        organizations, cp + "organization", identifier=f"ORG-{identifier}"
    )
    etree.SubElement(organization, cp + "title").text = title
    resources = etree.SubElement(root, cp + "resources")
    for sco in scos:
        item = etree.SubElement(
            organization,
            cp + "item",
            identifier=f"ITEM-{sco.id}",
            identifierref=f"RES-{sco.id}",
            isvisible="true",
        )
        etree.SubElement(item, cp + "title").text = sco.title
        if sco.mastery_score is not None:
            mastery = etree.SubElement(item, f"{{{NS_ADLCP}}}masteryscore")
            mastery.text = f"{sco.mastery_score:g}"
        resource = etree.SubElement(
            resources,
            cp + "resource",
            identifier=f"RES-{sco.id}",
            type="webcontent",
            href=quote(sco.href),
        )
        resource.set(f"{{{NS_ADLCP}}}scormtype", "sco")
        for name in sco.files:
            etree.SubElement(resource, cp + "file", href=quote(name))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
