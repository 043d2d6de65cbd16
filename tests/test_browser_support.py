"""The player's scripts against the browsers the offline guide promises (docs/*/offline.md).

The guide states the oldest version of each browser family the player supports. The scripts
are ES5 (``test_es5_rewrites.py`` checks the syntax); this checks the *features* they use. Each
script is parsed, and every use of a browser feature newer than ES5 and the DOM of 2012 is
looked up in ``FEATURES`` (the first version of each family with it, from MDN's browser
compatibility data). A use is fine when every promised version has the feature, or when the
code tests for it first in the same function or one around it (``x.closest ? x.closest(s) :
null``, ``if (!x.closest) return``, ``typeof fetch``); anything else fails with its file and
line. ``classList.toggle(name, force)``, whose second argument old browsers ignore, counts as
a feature of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from calmjs.parse import asttypes, es5  # type: ignore[import-untyped]

from builder.theme import default_theme_dir

REPO = Path(__file__).resolve().parents[1]
GUIDES = {"en": REPO / "docs" / "en" / "offline.md", "fr": REPO / "docs" / "fr" / "hors-ligne.md"}
FAMILIES = ("chrome", "firefox", "safari")
Versions = tuple[float, float, float]

#: Features beyond ES5 and the 2012 DOM, by the name the code uses: (Chrome, Firefox, Safari).
#: A name is matched as a property or a global whatever it belongs to (``remove`` is also
#: ``classList.remove``, which is older): the stricter reading.
FEATURES: Mapping[str, Versions] = {
    # DOM
    "closest": (41, 35, 9),
    "matches": (34, 34, 7.1),
    "append": (54, 49, 10),
    "prepend": (54, 49, 10),
    "before": (54, 49, 10),
    "after": (54, 49, 10),
    "replaceWith": (54, 49, 10),
    "remove": (23, 23, 7),
    "toggleAttribute": (69, 63, 12),
    "classList": (8, 3.6, 5.1),
    "classList.toggle(force)": (24, 24, 7),
    "dataset": (8, 6, 5.1),
    "labels": (14, 56, 6),
    "key": (51, 23, 10.1),
    "visibilityState": (33, 18, 7),
    "inert": (102, 112, 15.5),
    "showModal": (37, 98, 15.4),
    "scrollIntoView": (29, 1, 3),
    "requestAnimationFrame": (24, 23, 6.1),
    "MutationObserver": (26, 14, 7),
    "IntersectionObserver": (51, 55, 12.1),
    "ResizeObserver": (64, 69, 13.1),
    "CustomEvent": (15, 11, 6.1),
    "fetch": (42, 39, 10.1),
    "URL": (32, 26, 7),
    "URLSearchParams": (49, 29, 10.1),
    "structuredClone": (98, 94, 15.4),
    "queueMicrotask": (71, 69, 12.1),
    # Language and built-in objects after ES5
    "Promise": (32, 29, 8),
    "Map": (38, 13, 8),
    "Set": (38, 13, 8),
    "WeakMap": (36, 6, 8),
    "Symbol": (38, 36, 9),
    "Proxy": (49, 18, 10),
    "Reflect": (49, 42, 10),
    "globalThis": (71, 65, 12.1),
    "Intl": (24, 29, 10),
    "toLocaleString": (24, 29, 10),
    "normalize": (34, 31, 10),
    "find": (45, 25, 7.1),
    "findIndex": (45, 25, 7.1),
    "includes": (47, 43, 9),
    "startsWith": (41, 17, 9),
    "endsWith": (41, 17, 9),
    "repeat": (41, 24, 9),
    "padStart": (57, 48, 10),
    "padEnd": (57, 48, 10),
    "replaceAll": (85, 77, 13.1),
    "trimStart": (66, 61, 12),
    "trimEnd": (66, 61, 12),
    "at": (92, 90, 15.4),
    "flat": (69, 62, 12),
    "flatMap": (69, 62, 12),
    "fill": (45, 31, 7.1),
    "from": (45, 32, 9),
    "of": (45, 25, 9),
    "assign": (45, 34, 9),
    "entries": (54, 47, 10.1),
    "values": (54, 47, 10.1),
    "fromEntries": (73, 63, 12.1),
    "imul": (28, 20, 7),
    "trunc": (38, 25, 8),
    "sign": (38, 25, 9),
    "isInteger": (34, 16, 9),
    "isNaN": (25, 15, 9),
}


def promised() -> dict[str, Versions]:
    """The oldest supported version of each family, as each guide's table states it."""
    stated = {}
    for language, guide in GUIDES.items():
        versions = []
        for family in FAMILIES:
            row = re.search(rf"^\| {family}\b.*\| (\d+(?:\.\d+)?) [^|]*\|$", guide.read_text(
                encoding="utf-8"), re.I | re.M)  # fmt: skip
            assert row, f"{guide}: no table row for {family}"
            versions.append(float(row[1]))
        stated[language] = (versions[0], versions[1], versions[2])
    return stated


@dataclass(frozen=True)
class Use:
    feature: str
    file: str
    line: int
    guarded: bool


def _children(node: asttypes.Node) -> Iterator[asttypes.Node]:
    yield from (child for child in node.children() if isinstance(child, asttypes.Node))


def _name(node: asttypes.Node) -> str | None:
    """The feature ``node`` names: a property (``x.closest``) or a free global (``fetch``)."""
    if isinstance(node, asttypes.DotAccessor):
        return str(node.identifier.value)
    if isinstance(node, asttypes.Identifier) and not isinstance(node, asttypes.PropIdentifier):
        return str(node.value)
    return None


def _is_test(node: asttypes.Node, parent: asttypes.Node | None) -> bool:
    """Whether ``node`` is read to see if the feature exists rather than used: the operand of
    ``!`` or ``typeof``, a condition, or a side of ``&&``/``||`` (``a && a.closest``)."""
    if isinstance(parent, asttypes.UnaryExpr):
        return str(parent.op) in ("!", "typeof")
    if isinstance(parent, (asttypes.If, asttypes.Conditional)):
        return parent.predicate is node
    if isinstance(parent, asttypes.BinOp):
        return str(parent.op) in ("&&", "||")
    return False


def uses(source: str, file: str) -> list[Use]:
    """Every use of ``FEATURES`` in ``source``, and whether a feature test guards it.

    A name the script declares itself (a function, variable or parameter) is not a global."""
    found: list[Use] = []
    declared: set[str] = set()
    globals_used: set[int] = set()

    def visit(node: asttypes.Node, parent: asttypes.Node | None, tested: frozenset[str]) -> None:
        if isinstance(node, asttypes.VarDecl | asttypes.FuncDecl) and node.identifier is not None:
            declared.add(str(node.identifier.value))
        if isinstance(node, asttypes.FuncBase):
            declared.update(str(p.value) for p in node.parameters)
            tested = tested | _tests_in(node)
        name = _name(node)
        if name in FEATURES and not _is_test(node, parent):
            if not isinstance(node, asttypes.DotAccessor):
                globals_used.add(len(found))
            found.append(Use(name, file, node.lineno, name in tested))
        if _is_forced_toggle(node):
            found.append(Use("classList.toggle(force)", file, node.lineno, False))
        for child in _children(node):
            if not (isinstance(node, asttypes.DotAccessor) and child is node.identifier):
                visit(child, node, tested)

    program = es5(source)
    visit(program, None, _tests_in(program))
    return [
        use
        for index, use in enumerate(found)
        if index not in globals_used or use.feature not in declared
    ]


def _tests_in(scope: asttypes.Node) -> frozenset[str]:
    """The features tested anywhere directly in ``scope`` (not in functions inside it)."""
    tests: set[str] = set()

    def visit(node: asttypes.Node, parent: asttypes.Node | None) -> None:
        name = _name(node)
        if name in FEATURES and _is_test(node, parent):
            tests.add(name)
        for child in _children(node):
            if not isinstance(child, asttypes.FuncBase):
                visit(child, node)

    for child in _children(scope):
        if not isinstance(child, asttypes.FuncBase):
            visit(child, scope)
    return frozenset(tests)


def _is_forced_toggle(node: asttypes.Node) -> bool:
    """``something.toggle(a, b)``: the two-argument form of ``classList.toggle``."""
    return (
        isinstance(node, asttypes.FunctionCall)
        and isinstance(node.identifier, asttypes.DotAccessor)
        and node.identifier.identifier.value == "toggle"
        and len(node.args.items) == 2
    )


def lacking(found: list[Use], versions: Versions) -> list[Use]:
    """The unguarded uses of a feature that some of ``versions`` lack."""
    return [
        use
        for use in found
        if not use.guarded
        and any(need > v for need, v in zip(FEATURES[use.feature], versions, strict=True))
    ]


def described(use: Use) -> str:
    chrome, firefox, safari = FEATURES[use.feature]
    return (
        f"{use.file}:{use.line}: {use.feature} (Chrome {chrome:g}, Firefox {firefox:g}, "
        f"Safari {safari:g}) is used without testing for it first"
    )


def runtime_scripts() -> list[Path]:
    return sorted((default_theme_dir() / "static").glob("*.js"))


def test_both_guides_promise_the_same_browsers() -> None:
    stated = promised()
    assert stated["en"] == stated["fr"], stated


def test_every_feature_the_player_uses_is_in_every_promised_browser_or_guarded() -> None:
    versions = promised()["en"]
    found = [use for path in runtime_scripts() for use in uses(path.read_text(), path.name)]
    assert [described(use) for use in lacking(found, versions)] == []
    guarded = {use.feature for use in found if use.guarded}
    assert {"closest", "normalize"} <= guarded, "the check sees the player's own guards"


#: Browsers older than the promise, to show what the check refuses.
OLD: Versions = (30, 30, 6)


@pytest.mark.parametrize(
    ("script", "refused"),
    [
        ("function f(e) { return e.closest('a'); }", ["closest"]),
        ("function f() { return fetch('x'); }", ["fetch"]),
        ("var p = new Promise(function () {});", ["Promise"]),
        ("function f(e, on) { e.classList.toggle('x', on); }", ["classList.toggle(force)"]),
        ("function f(s) { return s.normalize('NFD'); }", ["normalize"]),
        ("function f(e) { return e.closest ? e.closest('a') : null; }", []),
        ("function f(e) { if (!e.closest) { return null; } return e.closest('a'); }", []),
        ("function f(e) { return e.closest && e.closest('a'); }", []),
        ("function f(e) { return e && e.closest ? e.closest('a') : null; }", []),
        ("function f() { if (typeof fetch === 'undefined') { return; } fetch('x'); }", []),
        ("function f(s) { if (s.normalize) { g(function () { s.normalize(); }); } }", []),
        ("function f(e) { e.classList.toggle('x'); }", []),
        ("function closest(e) { return e; } closest(1);", []),
    ],
)
def test_the_check_refuses_unguarded_features_beyond_the_promise(
    script: str, refused: list[str]
) -> None:
    assert [use.feature for use in lacking(uses(script, "x.js"), OLD)] == refused
