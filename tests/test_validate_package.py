"""``coursepack validate``: our packages pass; each broken package gets its exact message."""

from __future__ import annotations

import base64
import os
import resource
import struct
import subprocess
import time
import warnings
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers_courses import REPO, SHARED, coursepack_script, run_coursepack

from builder.package_check import check_package

SCORM12_CASES = SHARED / "scorm12" / "testcases"
NS = (
    'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" '
    'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"'
)
GOOD = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="M1" version="1" {NS}>
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Cours</title>
      <item identifier="ITEM" identifierref="RES" isvisible="true">
        <title>Leçon</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="css/style.css"/>
      <dependency identifierref="SHARED"/>
    </resource>
    <resource identifier="SHARED" type="webcontent" adlcp:scormtype="asset">
      <file href="js/api.js"/>
    </resource>
  </resources>
</manifest>
"""
CONTENT = {"index.html": "<p>Bonjour</p>", "css/style.css": "p{}", "js/api.js": "var a;"}


def write_zip(path: Path, entries: list[tuple[str, str]], symlinks: tuple[str, ...] = ()) -> Path:
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are what some cases test
        for name, content in entries:
            info = zipfile.ZipInfo(name)
            if name in symlinks:
                info.external_attr = 0o120777 << 16
            archive.writestr(info, content)
    return path


def package(tmp_path: Path, *edits: tuple[str, str], files: dict[str, str] | None = None) -> Path:
    """The good package with ``edits`` (old, new) applied to its manifest."""
    manifest = GOOD
    for old, new in edits:
        assert manifest.count(old) == 1, old
        manifest = manifest.replace(old, new)
    entries = {"imsmanifest.xml": manifest, **CONTENT, **(files or {})}
    return write_zip(tmp_path / "p.zip", sorted(entries.items()))


def findings(path: Path) -> list[str]:
    return [finding.render("p.zip") for finding in check_package(path).findings]


def test_the_reference_package_is_clean(tmp_path: Path) -> None:
    assert findings(package(tmp_path)) == []


M = "p.zip: imsmanifest.xml"
CASES: dict[str, tuple[tuple[tuple[str, str], ...], list[str]]] = {
    "not well-formed": (
        (("</organizations>", "</organization>"),),
        [
            f"{M}:15: error: not well-formed XML: Opening and ending tag mismatch: organizations "
            "line 7 and organization, line 15, column 18; Moodle stops with 'XML error' "
            "[manifest.xml-syntax]"
        ],
    ),
    "no namespace": (
        (('xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" ', ""),),
        [
            f"{M}:2: error: the root element is <manifest>; a SCORM 1.2 manifest starts with "
            '<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"> [manifest.root]'
        ],
    ),
    "doctype": (
        (('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE manifest>'),),
        [
            f"{M}:1: error: declares a DOCTYPE; remove it (manifests never have one, and "
            "entities in it can be abused) [manifest.doctype]"
        ],
    ),
    "other adl prefix": (
        (
            ("xmlns:adlcp=", "xmlns:adl="),
            (
                "<adlcp:masteryscore>80</adlcp:masteryscore>",
                "<adl:masteryscore>80</adl:masteryscore>",
            ),
            ('type="webcontent" adlcp:scormtype="sco"', 'type="webcontent" adl:scormtype="sco"'),
            ('adlcp:scormtype="asset"', 'adl:scormtype="asset"'),
        ),
        [
            f"{M}:2: error: the ADL namespace is bound to prefix 'adl'; Moodle only reads the "
            "literal prefix 'adlcp', so every resource would be an untracked asset "
            "[manifest.adlcp-prefix]"
        ],
    ),
    "prefixed cp": (
        (
            (
                "<resources>",
                '<cp:resources xmlns:cp="http://www.imsproject.org/xsd/imscp_rootv1p1p2">',
            ),
            ("</resources>", "</cp:resources>"),
        ),
        [
            f"{M}:16: error: <cp:resources> has a prefix; Moodle only reads IMS CP elements "
            "without one: make the CP namespace the default [manifest.cp-prefix]"
        ],
    ),
    "no schemaversion": (
        (("    <schemaversion>1.2</schemaversion>\n", ""),),
        [
            f"{M}:2: error: no <metadata><schemaversion>; add <metadata><schema>ADL SCORM</schema>"
            "<schemaversion>1.2</schemaversion></metadata> before <organizations> "
            "[manifest.schemaversion]"
        ],
    ),
    "2004 version": (
        (("<schemaversion>1.2<", "<schemaversion>CAM 1.3<"),),
        [
            f"{M}:5: error: <schemaversion> is 'CAM 1.3': Moodle would play it as SCORM 2004, "
            "and a SCORM 1.2 SCO finds no API; write 1.2 [manifest.schemaversion]"
        ],
    ),
    "odd version": (
        (("<schemaversion>1.2<", "<schemaversion>1.2.0<"),),
        [f"{M}:5: error: <schemaversion> is '1.2.0'; write exactly 1.2 [manifest.schemaversion]"],
    ),
    "duplicate id": (
        (('<resource identifier="SHARED"', '<resource identifier="ITEM"'),),
        [
            f"{M}:22: error: identifier 'ITEM' is also used on line 10; items, organizations and "
            "resources need unique identifiers [manifest.duplicate-id]",
            f"{M}:20: error: resource 'RES' depends on 'SHARED', which is no resource "
            "[manifest.unknown-dependency]",
        ],
    ),
    "bad id": (
        (('<item identifier="ITEM"', '<item identifier="1 item"'),),
        [
            f"{M}:10: error: item identifier '1 item' is not a valid XML ID: start with a letter "
            "or '_', then letters, digits, '.', '-' or '_' only [manifest.identifier]"
        ],
    ),
    "default names a resource": (
        (('<organizations default="ORG">', '<organizations default="RES">'),),
        [
            f'{M}:7: error: <organizations default="RES"> names no organization; use ORG '
            "[manifest.default-organization]"
        ],
    ),
    "no organization": (
        (("<organization identifier", "<!--"), ("</organization>", "-->")),
        [
            f"{M}:7: error: there is no <organization>: Moodle then makes every resource with an "
            "href its own untitled SCO; describe the course in <organizations><organization> "
            "[manifest.no-organization]"
        ],
    ),
    "no item title": (
        (("<title>Leçon</title>", ""),),
        [f"{M}:10: error: item 'ITEM' has no <title>; the LMS shows it [manifest.no-title]"],
    ),
    "unknown resource": (
        (('identifierref="RES"', 'identifierref="RES2"'),),
        [
            f"{M}:10: error: item 'ITEM' launches 'RES2', which is no resource "
            "[manifest.unknown-resource]"
        ],
    ),
    "asset launched": (
        (('adlcp:scormtype="sco"', 'adlcp:scormtype="asset"'),),
        [
            f"{M}:10: error: item 'ITEM' launches the asset 'RES': Moodle marks it completed when "
            'opened and records no score; make the resource adlcp:scormtype="sco" '
            "[manifest.asset-launched]"
        ],
    ),
    "2004 spelling of scormtype": (
        (('adlcp:scormtype="sco"', 'adlcp:scormType="sco"'),),
        [
            f'{M}:17: error: resource \'RES\' has no adlcp:scormtype="sco" or "asset"; '
            "'scormType' is the SCORM 2004 spelling; Moodle would treat it as an asset: no "
            "tracking, completed as soon as opened [manifest.scormtype]"
        ],
    ),
    "sco without href": (
        ((' href="index.html">', ">"),),
        [
            f"{M}:17: error: resource 'RES' is a SCO without an href: nothing to launch "
            "[manifest.no-launch]",
            f"{M}:10: error: item 'ITEM' launches resource 'RES', which has no href "
            "[manifest.no-launch]",
        ],
    ),
    "missing file": (
        (('<file href="js/api.js"/>', '<file href="js/scorm%20api.js"/>'),),
        [
            f"{M}:23: error: resource 'SHARED' lists 'js/scorm api.js', which is not in the zip "
            "[manifest.missing-file]"
        ],
    ),
    "case mismatch": (
        (('<file href="css/style.css"/>', '<file href="CSS/style.css"/>'),),
        [
            f"{M}:19: error: resource 'RES' lists 'CSS/style.css', which is not in the zip: it "
            "has 'css/style.css' (letter case matters on the LMS) [manifest.missing-file]"
        ],
    ),
    "parent path": (
        (('href="index.html">', 'href="../index.html?x=1">'),),
        [
            f"{M}:17: error: resource 'RES' launches '../index.html?x=1', which uses '..'; "
            "everything must stay inside the package [manifest.unsafe-href]"
        ],
    ),
    "backslash": (
        (('<file href="css/style.css"/>', '<file href="css\\style.css"/>'),),
        [
            f"{M}:19: error: resource 'RES' lists 'css\\style.css', which uses a backslash; "
            "use '/' [manifest.unsafe-href]"
        ],
    ),
    "mastery out of range": (
        ((">80<", ">150<"),),
        [
            f"{M}:12: error: item 'ITEM' has adlcp:masteryscore '150'; it must be a number from "
            "0 to 100 [manifest.mastery-score]"
        ],
    ),
    "time values": (
        (
            (
                "<adlcp:masteryscore>80</adlcp:masteryscore>",
                "<adlcp:maxtimeallowed>30 min</adlcp:maxtimeallowed>"
                "<adlcp:timelimitaction>exit</adlcp:timelimitaction>",
            ),
        ),
        [
            f"{M}:12: error: item 'ITEM' has adlcp:maxtimeallowed '30 min'; write it HH:MM:SS, "
            "e.g. 00:30:00 [manifest.max-time]",
            f"{M}:12: error: item 'ITEM' has adlcp:timelimitaction 'exit'; use one of: "
            "exit,message; exit,no message; continue,message; continue,no message "
            "[manifest.time-limit-action]",
        ],
    ),
    "adlcp before title": (
        (
            (
                "<title>Leçon</title>\n        <adlcp:masteryscore>80</adlcp:masteryscore>",
                "<adlcp:masteryscore>80</adlcp:masteryscore>\n        <title>Leçon</title>",
            ),
        ),
        [
            f"{M}:12: error: <title> is out of order in <item>; the order is <title>, <item>, "
            "<metadata>, <adlcp:prerequisites>, <adlcp:maxtimeallowed>, <adlcp:timelimitaction>, "
            "<adlcp:datafromlms>, <adlcp:masteryscore> [manifest.element-order]"
        ],
    ),
    "foreign element": (
        (("<title>Leçon</title>", '<title>Leçon</title><x:extra xmlns:x="urn:x"/>'),),
        [
            f"{M}:11: error: <{{urn:x}}extra> is not allowed in <item>; remove it "
            "[manifest.unexpected-element]"
        ],
    ),
    "adlcp on a resource": (
        (('<file href="js/api.js"/>', "<adlcp:masteryscore>80</adlcp:masteryscore>"),),
        [
            f"{M}:23: error: <adlcp:masteryscore> is not allowed in <resource>; put it in an "
            "<item> [manifest.unexpected-element]"
        ],
    ),
    "isvisible as a number (warning only)": (
        (('isvisible="true"', 'isvisible="1"'),),
        [
            f"{M}:10: warning: item 'ITEM' has isvisible=\"1\"; Moodle only understands true or "
            "false [manifest.isvisible]"
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_broken_manifest(tmp_path: Path, case: str) -> None:
    edits, expected = CASES[case]
    assert findings(package(tmp_path, *edits)) == expected


ZIP_CASES: dict[str, tuple[list[str], tuple[str, ...], list[str]]] = {
    "unsafe entries": (
        ["../evil.html", "/etc/evil", "C:/evil", "a\\b.html"],
        (),
        [
            "p.zip: error: entry '../evil.html' uses '..'; everything must stay inside the "
            "package [package.unsafe-path]",
            "p.zip: error: entry '/etc/evil' is absolute; paths must be relative to the "
            "package root [package.unsafe-path]",
            "p.zip: error: entry 'C:/evil' starts with a drive letter; paths must be relative "
            "to the package root [package.unsafe-path]",
            "p.zip: error: entry 'a\\b.html' uses a backslash; use '/' [package.unsafe-path]",
        ],
    ),
    "duplicate entry": (
        ["index.html"],
        (),
        ["p.zip: error: entry 'index.html' is in the zip 2 times [package.duplicate-entry]"],
    ),
    "symlink": (
        ["lien.html"],
        ("lien.html",),
        ["p.zip: error: entry 'lien.html' is a symbolic link [package.symlink]"],
    ),
    "clutter": (
        ["__MACOSX/._index.html"],
        (),
        [
            "p.zip: warning: 1 file(s) of operating-system clutter, e.g. '__MACOSX/._index.html'; "
            "leave them out [package.junk]",
        ],
    ),
    "case twins": (
        ["Index.html", "img/\u00e9cran.png", "img/e\u0301cran.png"],
        (),
        [
            "p.zip: error: entries 'img/e\u0301cran.png' and 'img/\u00e9cran.png' differ only in "
            "how their accents are encoded (composed or decomposed Unicode): Windows and macOS "
            "take them for one name, so once unzipped there one replaces the other; rename one "
            "of them [package.case-twin]",
            "p.zip: error: entries 'Index.html' and 'index.html' differ only in letter case: "
            "Windows and macOS take them for one name, so once unzipped there one replaces the "
            "other; rename one of them [package.case-twin]",
        ],
    ),
    "names Windows cannot create": (
        ["assets/con.png", "assets/Aux/carte.png", "assets/aux/plan.png", "notes.", "lpt1 .txt"],
        (),
        [
            "p.zip: error: entry 'assets/Aux': 'Aux' is a name Windows reserves for a device "
            "(AUX), so it cannot be unzipped on Windows; rename it [package.windows-name]",
            "p.zip: error: entry 'assets/aux': 'aux' is a name Windows reserves for a device "
            "(AUX), so it cannot be unzipped on Windows; rename it [package.windows-name]",
            "p.zip: error: entry 'assets/con.png': 'con.png' is a name Windows reserves for a "
            "device (CON), so it cannot be unzipped on Windows; rename it [package.windows-name]",
            "p.zip: error: entry 'lpt1 .txt': 'lpt1 .txt' is a name Windows reserves for a "
            "device (LPT1), so it cannot be unzipped on Windows; rename it "
            "[package.windows-name]",
            "p.zip: error: entry 'notes.': 'notes.' ends with a dot, which Windows removes from "
            "names, so it cannot be unzipped on Windows; rename it [package.windows-name]",
        ],
    ),
}


@pytest.mark.parametrize("case", list(ZIP_CASES))
def test_broken_zip(tmp_path: Path, case: str) -> None:
    extra, symlinks, expected = ZIP_CASES[case]
    entries = [("imsmanifest.xml", GOOD), *CONTENT.items(), *((name, "x") for name in extra)]
    assert findings(write_zip(tmp_path / "p.zip", entries, symlinks)) == expected


def test_manifest_in_a_folder(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "p.zip", [("cours/imsmanifest.xml", GOOD), ("cours/index.html", "")]
    )
    assert findings(path) == [
        "p.zip: error: imsmanifest.xml must be at the root of the zip, not at "
        "'cours/imsmanifest.xml'; Moodle refuses the upload: zip the contents of the course "
        "folder, not the folder [package.manifest-location]"
    ]


def test_no_manifest(tmp_path: Path) -> None:
    assert findings(write_zip(tmp_path / "p.zip", [("index.html", "")])) == [
        "p.zip: error: there is no imsmanifest.xml at the root of the zip; this is not a SCORM "
        "package [package.no-manifest]"
    ]


def test_not_a_zip(tmp_path: Path) -> None:
    (tmp_path / "p.zip").write_text("not a zip", encoding="utf-8")
    assert findings(tmp_path / "p.zip") == [
        "p.zip: error: cannot read it as a zip file: File is not a zip file [package.unreadable]"
    ]


def test_a_bug_in_the_manifest_checks_is_not_taken_for_a_bad_zip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only opening the zip can show it is no zip; an error after that is coursepack's own,
    and must surface as one rather than as a finding about the package."""

    def broken(*_: object) -> None:
        raise ValueError("a bug in a check")

    monkeypatch.setattr("builder.package_check.check_manifest", broken)
    with pytest.raises(ValueError, match="a bug in a check"):
        check_package(package(tmp_path))


def test_cli_exit_codes_and_summary(tmp_path: Path) -> None:
    package(tmp_path)
    write_zip(tmp_path / "bad.zip", [("index.html", "")])
    done = run_coursepack(["validate", "p.zip", "bad.zip"], cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout == "p.zip: valid SCORM 1.2 package (0 error(s), 0 warning(s))\n"
    assert done.stderr.splitlines() == [
        "bad.zip: error: there is no imsmanifest.xml at the root of the zip; this is not a SCORM "
        "package [package.no-manifest]",
        "bad.zip: not a valid SCORM 1.2 package (1 error(s), 0 warning(s))",
    ]
    package(tmp_path, ('isvisible="true"', 'isvisible="yes"'))
    done = run_coursepack(["validate", "p.zip"], cwd=tmp_path)
    assert (done.returncode, done.stdout) == (
        0,
        "p.zip: valid SCORM 1.2 package (0 error(s), 1 warning(s))\n",
    )


def test_our_packages_validate_clean(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    built = run_coursepack(["build", "--target", "scorm12", "--out", str(out)], cwd=REPO)
    assert built.returncode == 0, built.stderr
    per_module = run_coursepack(
        [
            "build",
            "courses/openlmis-demarrer",
            "--target",
            "scorm12",
            "--package",
            "module",
            "--out",
            str(tmp_path / "modules"),
        ],
        cwd=REPO,
    )
    assert per_module.returncode == 0, per_module.stderr
    zips = sorted(out.rglob("*.zip")) + sorted((tmp_path / "modules").rglob("*.zip"))
    assert len(zips) == 6
    for path in zips:
        assert check_package(path).findings == [], path


def expected_verdicts() -> dict[str, int]:
    """The reference test packages beside the SCORM digest, with the exit code each deserves."""
    lines = (SCORM12_CASES / "generated" / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines()
    verdicts = {
        f"generated/{name}.zip": int(code) for name, code, _ in (line.split("\t") for line in lines)
    }
    verdicts.update(
        {f"thirdparty/{p.name}": 0 for p in (SCORM12_CASES / "thirdparty").glob("*.zip")}
    )
    return verdicts


def test_reference_packages_get_the_expected_verdict() -> None:
    verdicts = expected_verdicts()
    assert len(verdicts) == 26
    found = {name: int(bool(check_package(SCORM12_CASES / name).errors)) for name in verdicts}
    assert found == verdicts


def raw_zip(path: Path, entries: list[tuple[str, bytes, int, int, int, int]]) -> Path:
    """A zip written byte by byte, for what :mod:`zipfile` refuses to write.

    Each entry is (name, stored data, method, flags, CRC-32, size once expanded).
    """
    local, central = b"", b""
    for name, data, method, flags, crc, size in entries:
        encoded = name.encode("utf-8")
        fields = (20, flags, method, 0, 33, crc, len(data), size, len(encoded))
        central += struct.pack("<4s6H3L5H2L", b"PK\1\2", 20, *fields, 0, 0, 0, 0, 0, len(local))
        central += encoded
        local += struct.pack("<4s5H3L2H", b"PK\3\4", *fields, 0) + encoded + data
    end = struct.pack(
        "<4s4H2LH", b"PK\5\6", 0, 0, len(entries), len(entries), len(central), len(local), 0
    )
    path.write_bytes(local + central + end)
    return path


def stored(
    name: str, content: str, method: int = zipfile.ZIP_STORED, flags: int = 0
) -> tuple[str, bytes, int, int, int, int]:
    data = content.encode("utf-8")
    return name, data, method, flags, zlib.crc32(data), len(data)


def good_entries() -> list[tuple[str, bytes, int, int, int, int]]:
    return [stored(name, text) for name, text in [("imsmanifest.xml", GOOD), *CONTENT.items()]]


def test_an_encrypted_entry_is_a_finding(tmp_path: Path) -> None:
    entries = good_entries()
    entries[1] = stored("index.html", "\0" * 12 + "<p>Bonjour</p>", flags=0x1)
    assert findings(raw_zip(tmp_path / "p.zip", entries)) == [
        "p.zip: error: entry 'index.html' is encrypted (it needs a password); Moodle cannot "
        "unzip it: zip the files again without a password [package.encrypted]"
    ]


def test_an_encrypted_manifest_is_reported_not_read(tmp_path: Path) -> None:
    entries = good_entries()
    entries[0] = stored("imsmanifest.xml", "\0" * 12 + GOOD, flags=0x1)
    assert findings(raw_zip(tmp_path / "p.zip", entries)) == [
        "p.zip: error: entry 'imsmanifest.xml' is encrypted (it needs a password); Moodle "
        "cannot unzip it: zip the files again without a password [package.encrypted]"
    ]


def test_an_unsupported_compression_method_is_a_finding(tmp_path: Path) -> None:
    entries = good_entries()
    entries[0] = stored("imsmanifest.xml", GOOD, method=93)
    entries[1] = stored("index.html", "<p>Bonjour</p>", method=12)
    assert findings(raw_zip(tmp_path / "p.zip", entries)) == [
        "p.zip: error: entry 'imsmanifest.xml' is compressed with method 93 (Zstandard), which "
        "Moodle and most unzip tools cannot read: zip the files again with the usual method, "
        "deflate [package.compression]",
        "p.zip: error: entry 'index.html' is compressed with method 12 (bzip2), which Moodle "
        "and most unzip tools cannot read: zip the files again with the usual method, deflate "
        "[package.compression]",
    ]


def test_a_damaged_entry_is_named(tmp_path: Path) -> None:
    entries = good_entries()
    name, data, method, flags, crc, size = entries[2]
    entries[2] = (name, data, method, flags, crc ^ 1, size)
    assert findings(raw_zip(tmp_path / "p.zip", entries)) == [
        "p.zip: error: entry 'css/style.css' is damaged (bad checksum); make the zip again "
        "[package.damaged]"
    ]


def manifest_bomb(path: Path) -> Path:
    """A 1.5 MB zip whose manifest expands to 1.5 GB of spaces.

    A block compressed after a full flush stands alone, so repeating it makes a
    valid deflate stream without compressing 1.5 GB here.
    """
    chunk = b" " * (1 << 24)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(90):
        crc = zlib.crc32(chunk, crc)
    data = block * 90 + compressor.flush()
    entries = good_entries()
    entries[0] = ("imsmanifest.xml", data, zipfile.ZIP_DEFLATED, 0, crc, 90 << 24)
    return raw_zip(path, entries)


def test_a_zip_bomb_is_reported_without_being_read(tmp_path: Path) -> None:
    path = manifest_bomb(tmp_path / "p.zip")
    assert path.stat().st_size < 2_000_000
    limit = 400 * 1024 * 1024  # Python, click and lxml fit; the expanded manifest does not

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.monotonic()
    done = subprocess.run(
        [coursepack_script(), "validate", "p.zip"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=bounded,
        check=False,
    )
    assert time.monotonic() - started < 20
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "p.zip: error: entry 'imsmanifest.xml' expands to 1.4 GB from 1.4 MB (1028 times), as "
        "a zip bomb does; it is not read: remove it, or zip the files again [package.zip-bomb]",
        "p.zip: not a valid SCORM 1.2 package (1 error(s), 0 warning(s))",
    ]


def test_a_huge_manifest_is_not_read(tmp_path: Path) -> None:
    padding = base64.b64encode(os.urandom(7 * 1024 * 1024)).decode("ascii")
    manifest = GOOD.replace("<metadata>", f"<!-- {padding} --><metadata>")
    entries = {"imsmanifest.xml": manifest, **CONTENT}
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    assert findings(path) == [
        "p.zip: error: imsmanifest.xml is 9.3 MB; a manifest over 8.0 MB is not read (it is a "
        "few KB even for a large course) [package.too-large]"
    ]


def spaces_entry(name: str, size: int) -> tuple[str, bytes, int, int, int, int]:
    """An entry expanding to ``size`` spaces, compressed once (a few KB)."""
    text = b" " * size
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = compressor.compress(text) + compressor.flush()
    return name, data, zipfile.ZIP_DEFLATED, 0, zlib.crc32(text), size


def test_an_entry_of_exactly_the_bomb_size_is_a_bomb(tmp_path: Path) -> None:
    entries = [*good_entries(), spaces_entry("video.mp4", 10 * 1024 * 1024)]
    assert findings(raw_zip(tmp_path / "p.zip", entries)) == [
        "p.zip: error: entry 'video.mp4' expands to 10.0 MB from 10.0 KB (1027 times), as a "
        "zip bomb does; it is not read: remove it, or zip the files again [package.zip-bomb]"
    ]


def test_entries_expanding_past_the_budget_together_are_not_read(tmp_path: Path) -> None:
    one = spaces_entry("x", 8 * 1024 * 1024 - 1)  # each under the size a bomb is judged at
    many = [(f"media/{n}.bin", *one[1:]) for n in range(300)]
    path = raw_zip(tmp_path / "p.zip", [*good_entries(), *many])
    assert path.stat().st_size < 5_000_000
    started = time.monotonic()
    assert findings(path) == [
        "p.zip: error: the zip's files expand to 2.3 GB; over 2.0 GB they are not read, so "
        "they are not checked for damage: leave out what the course does not use, or make "
        "videos smaller [package.too-large]"
    ]
    assert time.monotonic() - started < 5


def test_a_zip_of_too_many_entries_is_not_read(tmp_path: Path) -> None:
    empty = [stored(f"f/{n}.txt", "") for n in range(10_001)]
    path = raw_zip(tmp_path / "p.zip", [*good_entries(), *empty])
    expected = [
        "p.zip: error: the zip lists 10,005 entries; over 10,000 it is not read (a SCORM "
        "package holds hundreds of files): zip only the course's own files "
        "[package.too-many-entries]"
    ]
    assert findings(path) == expected
    content = bytearray(path.read_bytes())  # an end record that says 5 entries
    content[-14:-10] = struct.pack("<2H", 5, 5)
    path.write_bytes(content)
    assert findings(path) == expected


def test_a_zip_whose_list_of_entries_is_too_large_is_not_read(tmp_path: Path) -> None:
    long_names = [stored("d/" + "x" * 60_000 + f"{n}", "") for n in range(80)]
    path = raw_zip(tmp_path / "p.zip", [*good_entries(), *long_names])
    assert findings(path) == [
        "p.zip: error: the zip's list of entries takes 4.6 MB; over 4.0 MB it is not read (a "
        "SCORM package holds hundreds of files): zip only the course's own files "
        "[package.too-many-entries]"
    ]


def test_a_zip64_list_of_entries_is_counted_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for n in range(70_000):  # over 65,535: the count is in the zip64 end record
            archive.writestr(f"{n}", b"")
    limit = 200 * 1024 * 1024

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run(
        [coursepack_script(), "validate", "p.zip"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=bounded,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "p.zip: error: the zip lists 70,000 entries; over 10,000 it is not read (a SCORM "
        "package holds hundreds of files): zip only the course's own files "
        "[package.too-many-entries]"
    )
