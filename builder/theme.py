"""Where templates, runtime files and interface strings come from.

A course may carry a ``_theme/`` folder whose files are found before the
theme's, so an organisation can restyle or reword the player without forking
coursepack. A course may also choose a built-in theme (``theme:`` in
course.yml) other than the default; it needs to ship only what it changes,
since the default theme is searched after it. The built-in themes sit in the
repository's ``themes/`` folder, and inside the installed package as
``builder/_themes``.

Stylesheets cascade instead of replacing one another: each folder of the
search path may carry a ``static/theme.css``, and all of them are shipped
together, the most general first, after the player's own stylesheet.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

COURSE_THEME_DIR = "_theme"
DEFAULT_THEME = "default"
#: The stylesheet a theme adds on top of the ones searched after it.
LAYER_STYLESHEET = "theme.css"


def themes_dir() -> Path:
    """The built-in themes: packaged copy in a wheel, else the source checkout's."""
    package = Path(__file__).resolve().parent
    packaged = package / "_themes"
    return packaged if packaged.is_dir() else package.parent / "themes"


def default_theme_dir() -> Path:
    return themes_dir() / DEFAULT_THEME


def interface_languages() -> tuple[str, ...]:
    """The languages the player speaks: one catalogue file each in the default theme.

    Adding a language is adding ``locales/<code>.json``; nothing else lists them.
    """
    return tuple(sorted(path.stem for path in (default_theme_dir() / "locales").glob("*.json")))


def theme_names() -> tuple[str, ...]:
    """The built-in themes a course may name, in alphabetical order."""
    return tuple(sorted(p.name for p in themes_dir().iterdir() if (p / "static").is_dir()))


@dataclass(frozen=True)
class Theme:
    """An ordered list of theme folders, most specific first."""

    search_path: tuple[Path, ...]

    @classmethod
    def for_course(cls, course_root: Path, name: str = DEFAULT_THEME) -> Theme:
        """The course's ``_theme/``, then the built-in theme ``name``, then the default."""
        override = course_root / COURSE_THEME_DIR
        folders = (override,) if override.is_dir() else ()
        chosen = (themes_dir() / name,) if name != DEFAULT_THEME else ()
        return cls((*folders, *chosen, default_theme_dir()))

    @cached_property
    def templates(self) -> jinja2.Environment:
        import jinja2  # only rendering needs it; `check` does not pay for its import

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
        return self.static_path(name).read_bytes()

    def static_path(self, name: str) -> Path:
        """Where the runtime file ``name`` comes from, for messages about its content."""
        for folder in self.search_path:
            path = folder / "static" / name
            if path.is_file():
                return path
        raise FileNotFoundError(f"theme file static/{name} not found in {self.search_path}")

    def layers(self) -> list[Path]:
        """Every ``theme.css`` of the search path, the most general first."""
        found = (folder / "static" / LAYER_STYLESHEET for folder in reversed(self.search_path))
        return [path for path in found if path.is_file()]

    def strings(self, language: str) -> dict[str, str]:
        """The interface strings for ``language``; later folders give the defaults."""
        merged: dict[str, str] = {}
        for folder in reversed(self.search_path):
            path = folder / "locales" / f"{language}.json"
            if path.is_file():
                merged.update(json.loads(path.read_text(encoding="utf-8")))
        return merged
