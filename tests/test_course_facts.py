"""No invented figures: every year and every counted number in the shipped courses is in the seeds.

The flagship courses are written from the source documents in ``../shared/seeds/``. A
figure an author types from memory (a year, "12 pays", "trois jours") must appear in those
sources, or this test names it with the file it is in.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers_courses import REPO, SHARED

SEEDS = SHARED / "seeds"
COURSES = ("openimis-point-focal", "openlmis-demarrer")

NUMBER_WORDS = {
    "deux": "2",
    "trois": "3",
    "quatre": "4",
    "cinq": "5",
    "six": "6",
    "sept": "7",
    "huit": "8",
    "neuf": "9",
    "dix": "10",
    "onze": "11",
    "douze": "12",
    "quinze": "15",
    "vingt": "20",
    "trente": "30",
    "quarante": "40",
    "cinquante": "50",
    "cent": "100",
}
UNITS = (
    r"%|pour ?cent|FOSA|formations? sanitaires?|structures?|h[ôo]pitaux|centres?|pays|"
    r"jours?|heures?|h\b|min\b|minutes?|semaines?|mois|ans?\b|années?|personnes|participants?|"
    r"utilisateurs?|apprenants?|stagiaires?|formateurs?|agents?|membres?|sessions?|"
    r"ateliers?|modules?|étapes?|phases?|groupes?|niveaux?|procédures?|régions?|districts?|"
    r"FCFA|francs?|USD|dollars?|euros?|postes?|ordinateurs?|serveurs?|cohortes?|"
    r"établissements?|sites?|patients?|factures?|cas|fois"
)
WORD_NUMBER = "|".join(NUMBER_WORDS)
COUNTED = re.compile(
    rf"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)?|{WORD_NUMBER})\s+(?:de |d['\u2019])?(?:{UNITS})",
    re.IGNORECASE,
)
YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")


def normalise(text: str) -> str:
    """Join digit groups ("11 400", "11,400", "11.400") so both sides compare as 11400."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"(?<=\d)[ ,.](?=\d{3}(?!\d))", "", text)


def course_text(course: str) -> list[tuple[Path, str]]:
    root = REPO / "courses" / course
    files = sorted(p for p in root.rglob("*") if p.suffix in (".md", ".yml"))
    return [(p, normalise(_content(p.read_text(encoding="utf-8")))) for p in files]


def _content(text: str) -> str:
    """The course's own facts: its last-update date and version are about the course itself."""
    return re.sub(r"(?m)^(updated|version):.*$", "", text)


def without_links(text: str) -> str:
    """URLs carry dates and ids that are addresses, not facts."""
    return re.sub(r"https?://\S+", " ", text)


@pytest.fixture(scope="module")
def seeds() -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"the seeds are not available here: {SEEDS} is missing")
    return normalise("\n".join(p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))))


def in_seeds(number: str, seeds: str) -> bool:
    digits = NUMBER_WORDS.get(number.lower(), number)
    forms = {digits, digits.replace(",", "."), digits.replace(".", ",")}
    return any(re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d])", seeds) for f in forms)


@pytest.mark.parametrize("course", COURSES)
def test_every_year_is_in_the_seeds(course: str, seeds: str) -> None:
    files = course_text(course)
    assert files, f"courses/{course} has no content"
    invented = [
        f"{path.relative_to(REPO)}: {year}"
        for path, text in files
        for year in YEAR.findall(without_links(text))
        if year not in seeds
    ]
    assert invented == []


@pytest.mark.parametrize("course", COURSES)
def test_every_counted_number_is_in_the_seeds(course: str, seeds: str) -> None:
    files = course_text(course)
    assert files, f"courses/{course} has no content"
    invented = [
        f"{path.relative_to(REPO)}: {match.group(0)!r}"
        for path, text in files
        for match in COUNTED.finditer(without_links(text))
        if not in_seeds(match["number"], seeds)
    ]
    assert invented == []


def test_the_checks_catch_invented_figures_and_accept_real_ones(seeds: str) -> None:
    text = normalise("On a formé 37 FOSA en 2031 ; le guide cite 8 pays et 11,400 FOSA.")
    counted = [m["number"] for m in COUNTED.finditer(text)]
    assert counted == ["37", "8", "11400"]
    assert YEAR.findall(text) == ["2031"]
    assert [n for n in [*counted, "2031"] if not in_seeds(n, seeds)] == ["37", "2031"]
