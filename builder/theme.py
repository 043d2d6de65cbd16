"""Where templates, runtime files and interface strings come from.

A course may carry a ``_theme/`` folder whose files are found before the
default theme's, so an organisation can restyle or reword the player without
forking coursepack. The default theme sits in the repository's ``themes/``
folder, and inside the installed package as ``builder/_themes``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jinja2

COURSE_THEME_DIR = "_theme"


def default_theme_dir() -> Path:
    """The shipped default theme: packaged copy in a wheel, else the source checkout's."""
    package = Path(__file__).resolve().parent
    packaged = package / "_themes" / "default"
    return packaged if packaged.is_dir() else package.parent / "themes" / "default"


@dataclass(frozen=True)
class Theme:
    """An ordered list of theme folders, most specific first."""

    search_path: tuple[Path, ...]

    @classmethod
    def for_course(cls, course_root: Path) -> Theme:
        override = course_root / COURSE_THEME_DIR
        folders = (override,) if override.is_dir() else ()
        return cls((*folders, default_theme_dir()))

    @cached_property
    def templates(self) -> jinja2.Environment:
        loader = jinja2.FileSystemLoader([str(p / "templates") for p in self.search_path])
        return jinja2.Environment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def static(self, name: str) -> bytes:
        """A runtime file (CSS, JS) by name, from the first folder that has it."""
        for folder in self.search_path:
            path = folder / "static" / name
            if path.is_file():
                return path.read_bytes()
        raise FileNotFoundError(f"theme file static/{name} not found in {self.search_path}")

    def strings(self, language: str) -> dict[str, str]:
        """The interface strings for ``language``; later folders give the defaults."""
        merged: dict[str, str] = {}
        for folder in reversed(self.search_path):
            path = folder / "locales" / f"{language}.json"
            if path.is_file():
                merged.update(json.loads(path.read_text(encoding="utf-8")))
        return merged
