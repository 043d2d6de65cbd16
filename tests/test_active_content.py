"""The cleaning of SVG, HTML and XML course files, rule by rule (Chromium proves the whole in
test_e2e_active_assets.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers_courses import COURSE_YML, check_course, rendered, run_coursepack, write_course
from lxml import etree

from builder.active_content import (
    CLEANED_KEPT,
    HTML_CSP,
    Refused,
    _cleaned,
    cleaned,
    needs_cleaning,
)

HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'


def clean(tmp_path: Path, name: str, text: str) -> tuple[str, list[tuple[int, str]]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = cleaned(path)
    return result.content.decode("utf-8"), [(r.line, r.what) for r in result.removed]


def test_a_drawing_with_nothing_active_ships_byte_for_byte(tmp_path: Path) -> None:
    text = f'<?xml version="1.0"?>\n<!-- Inkscape -->\n{HEAD}<a href="#x"><rect/></a></svg>\n'
    assert clean(tmp_path, "ok.svg", text) == (text, [])


@pytest.mark.parametrize(
    ("inside", "removed"),
    [
        ("<script>alert(1)</script>", "<script>"),
        (
            '<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>',
            "<foreignObject>",
        ),
        (
            '<html:script xmlns:html="http://www.w3.org/1999/xhtml">alert(1)</html:script>',
            "<script>",
        ),
        ('<rect onclick="alert(1)"/>', "the 'onclick' attribute of <rect>"),
        (
            '<a xlink:href=" java\tscript:alert(1)">x</a>',
            "the 'javascript:' value of 'href' in <a>",
        ),
        (
            '<a><animate attributeName="href" values="javascript:alert(1)"/>x</a>',
            "<animate>, which rewrites 'href'",
        ),
        (
            '<image href="https://tracker.example/p.png"/>',
            "the address 'https://tracker.example/p.png' of <image>",
        ),
        (
            '<use href="//cdn.example/icons.svg#a"/>',
            "the address '//cdn.example/icons.svg#a' of <use>",
        ),
        ("<style>@import url(https://x.example/a.css);</style>", "the style's @import"),
        (
            '<rect style="fill:url(https://x.example/p)"/>',
            "the style's address 'https://x.example/p'",
        ),
        ('<style>@\\69mport "https://x.example/a.css";</style>', "the style's @import"),
        (
            '<rect style="fill:u\\72l(https://x.example/p)"/>',
            "the style's address 'https://x.example/p'",
        ),
        (
            "<style>rect{fill:\\75rl( '\\68ttps://x.example/p' )}</style>",
            "the style's address 'https://x.example/p'",
        ),
        (
            '<style>rect{fill:image-set("https://x.example/p.png" 1x)}</style>',
            "the style's address 'https://x.example/p.png'",
        ),
        (
            '<image href="a.png" filter="url(https://x.example/f.svg#f)"/>',
            "the address 'https://x.example/f.svg#f' in the 'filter' attribute of <image>",
        ),
        (
            '<rect mask="u\\72l(//x.example/m.svg#m)"/>',
            "the address '//x.example/m.svg#m' in the 'mask' attribute of <rect>",
        ),
    ],
)
def test_what_a_drawing_could_run_or_load_is_removed(
    inside: str, removed: str, tmp_path: Path
) -> None:
    text, removals = clean(tmp_path, "x.svg", f"{HEAD}\n{inside}\n<text>Reste</text></svg>")
    assert removals == [(2, removed)]
    assert "alert" not in text and "example" not in text
    assert etree.fromstring(text.encode()).findtext("{http://www.w3.org/2000/svg}text") == "Reste"


def test_a_drawing_keeps_links_to_the_web_inline_images_and_files_beside_it(
    tmp_path: Path,
) -> None:
    text = (
        f'{HEAD}<a href="https://openimis.org"><image href="photo.png"/></a>'
        '<image href="data:image/png;base64,iVBORw0KGgo="/><use href="#a"/></svg>'
    )
    assert clean(tmp_path, "ok.svg", text) == (text, [])


def test_styles_and_attributes_keep_escapes_and_addresses_of_the_drawing(tmp_path: Path) -> None:
    text = (
        f"{HEAD}<style>text{{font-family:'\\5FAE\\8F6F\\96C5\\9ED1'}}</style>"
        '<rect fill="url(#degrade)" clip-path="url(#zone)" style="fill:u\\72l(#motif)"/></svg>'
    )
    assert clean(tmp_path, "ok.svg", text) == (text, [])


def test_a_cleaned_style_reads_as_it_was_checked(tmp_path: Path) -> None:
    text, _ = clean(
        tmp_path,
        "x.svg",
        f'{HEAD}<style>a{{fill:url(https://x.example/p)}} b{{font-family:"\\\\69mport"}}'
        "</style></svg>",
    )
    assert '<style>a{fill:none} b{font-family:"\\5c 69mport"}</style>' in text


def test_a_style_sheet_instruction_before_the_drawing_is_dropped(tmp_path: Path) -> None:
    text, removals = clean(
        tmp_path, "x.svg", f'<?xml-stylesheet type="text/xsl" href="x.xsl"?>\n{HEAD}</svg>'
    )
    assert removals == [(1, "the <?xml-stylesheet?> instruction")]
    assert "xml-stylesheet" not in text


def test_entities_are_expanded_never_fetched(tmp_path: Path) -> None:
    text, removals = clean(
        tmp_path,
        "x.svg",
        f'<!DOCTYPE svg [<!ENTITY nom "Circuit">]>\n{HEAD}<text>&nom;</text></svg>',
    )
    assert removals == [(1, "the DOCTYPE's own declarations")]
    assert "<text>Circuit</text>" in text and "ENTITY" not in text
    with pytest.raises(Refused, match="Entity 'secret' not defined"):
        clean(
            tmp_path,
            "y.svg",
            '<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/hostname">]>\n'
            f"{HEAD}<text>&secret;</text></svg>",
        )


@pytest.mark.parametrize(
    ("name", "text", "malformed"),
    [
        ("x.svg", f"{HEAD}<rect></svg>", True),
        ("x.svg", '<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', False),
        ("x.xml", '<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', False),
        ("x.xsl", '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>', False),
        ("x.xhtml", '<html xmlns="http://www.w3.org/1999/xhtml"/>', False),
        ("x.svgz", "", False),
    ],
)
def test_files_that_cannot_be_made_inert_are_refused(
    name: str, text: str, malformed: bool, tmp_path: Path
) -> None:
    with pytest.raises(Refused) as refused:
        clean(tmp_path, name, text)
    assert refused.value.malformed is malformed


def test_xml_data_keeps_its_elements_and_loses_the_html_in_it(tmp_path: Path) -> None:
    text, removals = clean(
        tmp_path,
        "x.xml",
        '<?xml version="1.0"?>\n<?xml-stylesheet href="x.xsl"?>\n'
        '<liste xmlns:h="http://www.w3.org/1999/xhtml">\n<nom>Awa</nom>\n'
        "<h:iframe src='https://x.example'/>\n</liste>",
    )
    assert removals == [(2, "the <?xml-stylesheet?> instruction"), (5, "<iframe>")]
    assert "<nom>Awa</nom>" in text and "iframe" not in text


def test_a_page_is_cleaned_into_a_document_whose_policy_runs_nothing(tmp_path: Path) -> None:
    text, removals = clean(
        tmp_path,
        "x.html",
        '<html lang="fr"><head><meta charset="utf-8"><title>Fiche</title>\n'
        "<script>alert(1)</script></head>\n"
        '<body onload="alert(2)"><h1 style="color:#333;background:url(https://x.example/a)">'
        'Fiche</h1>\n<a href="javascript:alert(3)">lien</a> <img src="a.png" onerror="alert(4)">'
        '\n<iframe src="https://x.example"></iframe><form action="https://x.example"></form>'
        "</body></html>",
    )
    assert removals == [
        (2, "<script>"),
        (3, "the 'onload' attribute of <body>"),
        (4, "the 'javascript:' address of <a>"),
        (4, "the 'onerror' attribute of <img>"),
        (5, "<iframe>"),
        (5, "<form>"),
    ]
    assert f'<meta http-equiv="Content-Security-Policy" content="{HTML_CSP}">' in text
    assert "<title>Fiche</title>" in text and '<html lang="fr">' in text
    assert '<h1 style="color:#333">Fiche</h1>' in text and '<img src="a.png">' in text
    assert "alert" not in text and "example" not in text


def test_a_drawing_without_the_svg_namespace_is_plain_xml_and_ships_as_it_is(
    tmp_path: Path,
) -> None:
    assert clean(tmp_path, "logo.svg", "<svg/>") == ("<svg/>", [])


def test_a_branding_logo_is_cleaned_like_a_linked_drawing(tmp_path: Path) -> None:
    logo = f'{HEAD}\n<rect width="10" height="10" onclick="alert(1)"/></svg>\n'
    course_yml = (
        COURSE_YML.format(id="essai") + "branding:\n  organisation: CNAM\n  logo: logo.svg\n"
    )
    course = write_course(tmp_path / "cours", {"course.yml": course_yml, "logo.svg": logo})
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/logo.svg:2:1: warning: removed what would run or load from elsewhere if this file "
        "were opened on its own: the 'onclick' attribute of <rect>; it ships without them "
        "[asset.cleaned]"
    ]
    done = run_coursepack(["build", "cours", "--target", "html", "--out", "dist"], tmp_path)
    assert done.returncode == 0, done.stderr
    shipped = (tmp_path / "dist" / "essai" / "html" / "assets" / "logo.svg").read_text()
    assert "onclick" not in shipped and "<rect" in shipped


def test_a_refused_file_linked_twice_is_reported_once(tmp_path: Path) -> None:
    lesson = "# Accueil\n\n[Fiche](fiche.xhtml)\n\n[La fiche encore](fiche.xhtml)\n"
    course = write_course(
        tmp_path / "cours",
        {"01-bases/01-accueil.md": lesson, "01-bases/fiche.xhtml": "<html/>"},
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:3:9: error: 'fiche.xhtml' cannot be shipped: a browser "
        "runs the scripts of a .xhtml file opened on its own, and coursepack cleans only .html "
        "files; save it as .html [asset.refused]"
    ]


def test_a_refused_logo_is_judged_once_and_as_a_file_too(tmp_path: Path) -> None:
    """The logo, also shown in a lesson, is refused once, and still warned about as large."""
    course_yml = (
        COURSE_YML.format(id="essai") + "branding:\n  organisation: CNAM\n  logo: logo.svg\n"
    )
    lesson = "# Accueil\n\n![Logo](../logo.svg)\n"
    course = write_course(
        tmp_path / "cours",
        {
            "course.yml": course_yml,
            "01-bases/01-accueil.md": lesson,
            "logo.svg": "<svg>" + " " * (2 * 1024 * 1024),
        },
    )
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/course.yml:7:9: error: 'logo.svg' cannot be cleaned of scripts, so it cannot be "
        "shipped: it is not well-formed XML (Premature end of data in tag svg line 1, line 1, "
        "column 2097158), at line 1 of the file; save it again from the program that made it "
        "[asset.malformed]",
        "cours/course.yml:7:9: warning: image 'logo.svg' is 2.0 MB; an image over 1.0 MB slows "
        "every page that shows it: resize it (1600 pixels wide is plenty on a screen) or save it "
        "as JPEG or WebP [size.large-image]",
    ]


def test_a_server_keeps_few_cleaned_versions_of_an_edited_file(tmp_path: Path) -> None:
    """``serve`` rebuilds at each edit: each version is cleaned afresh, and only the last few
    stay in memory."""
    drawing = tmp_path / "schema.svg"
    for version in range(CLEANED_KEPT + 5):
        drawing.write_text(f"{HEAD}<title>{version:04}</title></svg>", encoding="utf-8")
        os.utime(drawing, ns=(version, version))
        assert cleaned(drawing).content == drawing.read_bytes()
    assert _cleaned.cache_info().currsize <= CLEANED_KEPT


XHTML_PAGE = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>'
)
NESTED_SCRIPT = (
    '<?xml version="1.0"?>\n<schema xmlns:h="http://www.w3.org/1999/xhtml">\n'
    "<h:script>alert(1)</h:script><title>Texte</title></schema>"
)


@pytest.mark.parametrize("name", ["f.rss", "f.atom", "f.xsd", "f.gpx", "f", "f.dat", "f.txt"])
def test_xml_under_any_name_is_cleaned_as_xml(name: str, tmp_path: Path) -> None:
    text, removals = clean(tmp_path, name, NESTED_SCRIPT)
    assert removals == [(3, "<script>")]
    assert "alert" not in text and "<title>Texte</title>" in text


def test_xml_is_recognised_through_a_byte_order_mark_and_in_utf16(tmp_path: Path) -> None:
    for name, content in [
        ("a.dat", b"\xef\xbb\xbf" + NESTED_SCRIPT.encode()),
        ("b.dat", "\ufeff".encode("utf-16-le") + NESTED_SCRIPT.encode("utf-16-le")),
        ("c.dat", NESTED_SCRIPT.replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16-be")),
    ]:
        (tmp_path / name).write_bytes(content)
        assert needs_cleaning(tmp_path / name), name
        assert [r.what for r in cleaned(tmp_path / name).removed] == ["<script>"], name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("notes.txt", b"Bonjour <b>tout le monde</b>"),
        ("data.csv", b"nom;age\nAwa;31\n"),
    ],
)
def test_a_file_that_does_not_begin_with_markup_ships_as_it_is(
    name: str, content: bytes, tmp_path: Path
) -> None:
    (tmp_path / name).write_bytes(content)
    assert not needs_cleaning(tmp_path / name)
    assert cleaned(tmp_path / name).content == content


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        (
            "f.atom",
            XHTML_PAGE,
            "it begins like a web page ('<html'), which a browser may run as one; save it as "
            ".html so that coursepack cleans it, or ship it inside a .zip",
        ),
        (
            "exemple.txt",
            "  <!DOCTYPE html>\n<p>Bonjour</p><script>alert(1)</script>",
            "it begins like a web page ('<!DOCTYPE'), which a browser may run as one; save it "
            "as .html so that coursepack cleans it, or ship it inside a .zip",
        ),
        (
            "f.xht",
            XHTML_PAGE,
            "a browser runs the scripts of a .xht file opened on its own, and coursepack cleans "
            "only .html files; save it as .html",
        ),
        (
            "f.rss",
            '<rss xmlns="http://www.w3.org/1999/xhtml"/>',
            "its root element <rss> is HTML, which a browser runs as a page; ship the file "
            "inside a .zip, or convert it to PDF",
        ),
        (
            "carte.dat",
            "<carte>\n<lieu>Dakar</carte>",
            "it begins with markup ('<carte'), which a browser may run as a page, and it is "
            "not well-formed XML (Opening and ending tag mismatch: lieu line 2 and carte, line 2, "
            "column 20), so it cannot be cleaned; save it as .html, .svg or .xml after its "
            "format, or ship it inside a .zip",
        ),
    ],
)
def test_markup_that_cannot_be_cleaned_under_its_name_is_refused(
    name: str, text: str, reason: str, tmp_path: Path
) -> None:
    with pytest.raises(Refused) as refused:
        clean(tmp_path, name, text)
    assert (refused.value.reason, refused.value.malformed) == (reason, False)


def test_a_feed_that_is_not_xml_is_malformed(tmp_path: Path) -> None:
    with pytest.raises(Refused) as refused:
        clean(tmp_path, "f.rss", "Bonjour")
    assert refused.value.malformed
