"""An organisation's name, logo, colours and footer on its courses (``branding:``).

The colours reach the player as CSS custom properties in a generated
stylesheet, ``course.css``, next to the theme's layers: the page's
Content-Security-Policy refuses inline styles, and a file keeps the player's
HTML the same for every organisation. Both colours colour text or carry
white text, so each must keep the 4.5:1 contrast WCAG AA asks for against
white; a paler brand colour is refused with a darker shade to use instead.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from builder.diagnostics import Location, Reporter
from builder.linked_files import LinkedFiles
from builder.load import COURSE_FILE, RawCourse
from builder.minify import minified
from builder.model import Branding
from builder.references import Kind, Problem, Reference, resolve
from builder.theme import Theme
from builder.yamlsource import YamlMap

#: What WCAG 2.1 AA asks of normal text (success criterion 1.4.3).
MIN_CONTRAST = 4.5
#: Formats every browser the learners have shows in an <img>.
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
#: The generated stylesheet: theme layers, then the course's colours.
COURSE_STYLESHEET = "course.css"
#: Which custom property of the player each colour sets.
PROPERTIES = {"primary": "--cp-accent", "accent": "--cp-brand"}


def _luminance(colour: str) -> float:
    """Relative luminance of ``#rrggbb``, as WCAG defines it."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_on_white(colour: str) -> float:
    return 1.05 / (_luminance(colour) + 0.05)


def darker(colour: str) -> str:
    """The lightest shade of ``colour`` (same hue, scaled down) readable on white."""
    channels = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    for step in range(100, -1, -1):
        shade = "#" + "".join(f"{round(c * step / 100):02x}" for c in channels)
        if contrast_on_white(shade) >= MIN_CONTRAST:
            return shade
    return "#000000"


def check_branding(
    config: YamlMap, raw: RawCourse, reporter: Reporter, linked: LinkedFiles
) -> None:
    """What the schema cannot see in a well-formed ``branding:``: contrast and the logo file,
    which is shipped like a linked file (``linked``)."""
    branding = config.get("branding")
    if branding is None:
        return
    for key in PROPERTIES:
        if key not in branding:
            continue
        colour = str(branding[key])
        ratio = contrast_on_white(colour.lower())
        if ratio < MIN_CONTRAST:
            message = (
                f"'{key}' {colour} is too pale to read on white ({ratio:.1f}:1, at least "
                f"{MIN_CONTRAST}:1 is needed); use a darker shade such as "
                f"'{darker(colour.lower())}'"
            )
            reporter.error(branding.value_at(key), message, "branding.contrast")
    if "logo" in branding:
        _check_logo(str(branding["logo"]), raw, branding.value_at("logo"), reporter, linked)


def _check_logo(
    path: str, raw: RawCourse, where: Location, reporter: Reporter, linked: LinkedFiles
) -> None:
    found = resolve(path, raw.config_path, raw.root, is_image=True)
    if isinstance(found, Problem):
        reporter.error(where, found.message, found.code)
    elif PurePosixPath(path).suffix.lower() not in LOGO_SUFFIXES:
        kinds = ", ".join(s[1:].upper() for s in LOGO_SUFFIXES)
        message = f"the logo '{path}' is not an image a browser shows; use one of: {kinds}"
        reporter.error(where, message, "branding.logo-type")
    elif found.kind is Kind.ASSET:
        linked.accept(found, where, reporter)


def branding_of(config: YamlMap, root: Path) -> Branding:
    """The branding of a valid course.yml; the logo's path made relative to the course."""
    branding = config.get("branding") or {}
    logo = (
        resolve(str(branding["logo"]), root / COURSE_FILE, root, True)
        if "logo" in branding
        else None
    )
    colours = {key: str(branding[key]).lower() for key in PROPERTIES if key in branding}
    return Branding(
        organisation=_text(branding.get("organisation")),
        logo=logo.target if isinstance(logo, Reference) else None,
        primary=colours.get("primary"),
        accent=colours.get("accent"),
        footer=_text(branding.get("footer")),
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def course_stylesheet(theme: Theme, branding: Branding) -> bytes | None:
    """``course.css``: the theme's layers and the course's colours; None when both are empty."""
    parts = [minified(path, path.read_bytes()) for path in theme.layers()]
    colours = {"primary": branding.primary, "accent": branding.accent}
    declarations = "".join(
        f"{PROPERTIES[key]}:{value};" for key, value in colours.items() if value is not None
    )
    if declarations:
        parts.append(f":root{{{declarations}}}\n".encode())
    return b"".join(parts) or None
