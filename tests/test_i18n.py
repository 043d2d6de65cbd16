"""Interface languages: every word the player shows comes from one catalogue per language.

themes/default/locales/<lang>.json holds the player's strings. These tests fail on a key
missing from a catalogue, an empty or untranslated value, a key the templates, scripts or
renderer use that no catalogue has, a key nothing uses, and on text written straight into a
template. They also show that a course's ``_theme/locales/`` file is picked up on its own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
from helpers_courses import check_course, write_course

from builder.render import render
from builder.site import course_files, player_page
from builder.theme import Theme, default_theme_dir

THEME = default_theme_dir()
BUILDER = THEME.parents[1] / "builder"
LANGUAGES = ("fr", "en")
TEMPLATES = sorted((THEME / "templates").glob("*.html"))
SCRIPTS = sorted((THEME / "static").glob("*.js"))

#: Values that are the same words in French and English.
SAME_IN_BOTH: set[str] = set()

#: Keys built at run time from a prefix, and the code that builds them.
DYNAMIC = {
    "summary.status.": re.compile(r'"summary\.status\."\s*\+'),  # player.js: + course status
    "quiz.true": re.compile(r'strings\[f"quiz\.\{'),  # render.py: quiz.<true|false>
    "quiz.false": re.compile(r'strings\[f"quiz\.\{'),
    "audience.": re.compile(r'strings\[f"audience\.\{'),  # audience.py: a variant's title
    "catalog.": re.compile(r't\["catalog\." ~ key\]'),  # catalog.html: the column headings
    "catalog.target.": re.compile(r'"catalog\.target\." ~ link\.target'),  # catalog.html
}

KEY_IN_TEMPLATE = re.compile(r"""\bt\[\s*["']([^"']+)["']\s*\]""")
KEY_IN_SCRIPT = re.compile(r"""\btext\(\s*["']([^"']+)["']""")
KEY_IN_PYTHON = re.compile(r"""strings\[\s*["']([^"']+)["']\s*\]""")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
LETTER = re.compile(r"[^\W\d_]")
FRENCH = re.compile(
    r"[éèêàâçùûôîœ«»]|\b(le|la|les|des|du|une|vous|votre|est|sur|pour|avec)\b", re.IGNORECASE
)


def catalogue(language: str) -> dict[str, str]:
    return dict(json.loads((THEME / "locales" / f"{language}.json").read_text(encoding="utf-8")))


def sources() -> dict[Path, str]:
    files = [*TEMPLATES, *SCRIPTS, *sorted(BUILDER.rglob("*.py"))]
    return {path: path.read_text(encoding="utf-8") for path in files}


def keys_used() -> set[str]:
    """Every key the templates, scripts and renderer ask for by name."""
    used: set[str] = set()
    for path, text in sources().items():
        pattern = {".html": KEY_IN_TEMPLATE, ".js": KEY_IN_SCRIPT, ".py": KEY_IN_PYTHON}
        used.update(pattern[path.suffix].findall(text))
    return used


def test_the_catalogues_have_the_same_keys() -> None:
    french, english = catalogue("fr"), catalogue("en")
    assert sorted(set(french) - set(english)) == [], "missing from en.json"
    assert sorted(set(english) - set(french)) == [], "missing from fr.json"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_value_is_empty(language: str) -> None:
    assert [key for key, value in catalogue(language).items() if not value.strip()] == []


def test_english_is_translated() -> None:
    french, english = catalogue("fr"), catalogue("en")
    same = [k for k in english if english[k] == french[k] and english[k] not in SAME_IN_BOTH]
    assert same == [], "the same text in fr.json and en.json: translate it"
    assert [f"{k}: {v}" for k, v in english.items() if FRENCH.search(v)] == []


def test_placeholders_match_between_languages() -> None:
    french, english = catalogue("fr"), catalogue("en")
    braces = re.compile(r"\{(\w+)\}")
    differ = [
        k for k in french if set(braces.findall(french[k])) != set(braces.findall(english[k]))
    ]
    assert differ == []


def test_every_key_used_exists() -> None:
    assert sorted(keys_used() - set(catalogue("fr"))) == []


def test_every_key_is_used() -> None:
    text = "\n".join(sources().values())
    unused = []
    for key in catalogue("fr"):
        dynamic = next((p for prefix, p in DYNAMIC.items() if key.startswith(prefix)), None)
        if dynamic is not None:
            assert dynamic.search(text), f"{key}: the code that builds it has gone"
        elif f'"{key}"' not in text and f"'{key}'" not in text:
            unused.append(key)
    assert unused == [], "keys nothing shows: remove them from every catalogue"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_show_no_literal_text(template: Path) -> None:
    """Outside {{ ... }}, a template holds markup and symbols only, no words."""
    markup = JINJA.sub(" ", template.read_text(encoding="utf-8"))
    root = lxml.html.fromstring(f"<div>{markup}</div>")
    words = [
        text.strip()
        for element in root.iter()
        if element.tag not in ("script", "style")
        for text in (element.text, element.tail)
        if text and LETTER.search(text)
    ]
    attributes = [
        f"{name!s}={value!s}"
        for element in root.iter()
        for name, value in element.attrib.items()
        if name in ("aria-label", "title", "alt", "placeholder", "value")
        and LETTER.search(str(value))
    ]
    assert words == []
    assert attributes == []


def test_scripts_write_no_literal_text() -> None:
    """Text the scripts put on screen comes from text(key), never from a literal."""
    written = re.compile(r"""(textContent|innerText|innerHTML)\s*=\s*["'][^"']*[^\W\d_]""")
    found = [
        f"{path.name}: {m.group(0)}"
        for path in SCRIPTS
        for m in written.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_a_course_theme_locale_file_rewords_the_player(tmp_path: Path) -> None:
    """One file in the course's _theme/locales/ is enough; other keys keep the defaults."""
    course = write_course(
        tmp_path / "course",
        {"_theme/locales/fr.json": json.dumps({"nav.next": "Page suivante"})},
    )
    strings = Theme.for_course(course).strings("fr")
    assert strings["nav.next"] == "Page suivante"
    assert strings["nav.previous"] == catalogue("fr")["nav.previous"]


def test_the_theme_loads_a_catalogue_for_any_language(tmp_path: Path) -> None:
    """A theme folder with locales/<lang>.json gives the player in that language."""
    extra = tmp_path / "theme"
    (extra / "locales").mkdir(parents=True)
    spanish = {key: f"[es] {value}" for key, value in catalogue("en").items()}
    (extra / "locales" / "es.json").write_text(json.dumps(spanish), encoding="utf-8")
    assert Theme((extra, THEME)).strings("es") == spanish


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_course_language_picks_the_catalogue(tmp_path: Path, language: str) -> None:
    course_yml = f'id: essai\ntitle: Essai\nlanguage: {language}\nversion: "1.0"\n'
    root = write_course(tmp_path / "course", {"course.yml": course_yml})
    courses, reporter = check_course(root)
    assert not reporter.has_errors
    theme = Theme.for_course(root)
    rendered = render(courses[0], theme)
    assert rendered.strings == catalogue(language)
    page = player_page(rendered, theme, (), "html", course_files(rendered, theme))
    assert f'<html lang="{language}"' in page
    assert catalogue(language)["nav.next"] in page
