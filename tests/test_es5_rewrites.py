"""The size-only rewrites done before printing (builder/es5_alias.py, es5_compact.py).

Each must shorten the script and keep its meaning: programs that go through every
rewrite, and the edge cases that would break a careless one (an ``else`` that could
move to another ``if``, a directive, a shadowed global, ``true.toString()``), give
the same result in Chromium before and after. Every shipped script stays valid ES5.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from calmjs.parse import es5  # type: ignore[import-untyped]
from playwright.sync_api import Page

from builder import minify
from builder.theme import default_theme_dir

STATIC = default_theme_dir() / "static"

#: Programs that return a value; the same value must come back after minifying.
PROGRAMS = {
    "var merged": "var a = 1; var b = 2; var c = a + b; return [a, b, c];",
    "booleans": "var t = true; var f = false; return [t, f, true.toString(), !true, typeof false];",
    "dangling else": """
        var out = [];
        var last = null;
        for (var i = 0; i < 4; i++) {
          if (i % 2) { if (i > 2) { last = i; } } else { out.push("even"); }
          if (i === 0) {
            for (var j = 0; j < 2; j++) { if (j) { last = j; } }
          } else { out.push("-"); }
          if (i === 1) { if (last) { out.push(last); } } else { out.push("else"); }
        }
        return [out, last];""",
    "guards": """
        var out = [];
        function push(v) { out.push(v); }
        var a = 1, b = 0;
        if (a) { push("a"); }
        if (b || a) { push("b||a"); }
        if (a && b) { push("never"); }
        if (a) { if (!b) { push("nested"); } }
        if (a) { b = 5; }
        if (a ? b : 0) { push("cond"); }
        return [out, b];""",
    "returns": """
        function pick(x) {
          if (x > 2) { return "big"; }
          if (x = x - 1) { return x; }
          return "zero";
        }
        function both(x) { if (x) { return 1, 2; } else { return 3, 4; } }
        function none(x) { if (x) { return; } return 5; }
        function chain(x) {
          if (x === 1) { return "one"; } else if (x === 2) { return "two"; } else { return "many"; }
        }
        return [pick(5), pick(2), pick(1), both(1), both(0), none(1), none(0),
          chain(1), chain(2), chain(3)];""",
    "expressions": """
        var log = [];
        function f(v) { log.push(v); return v; }
        if (f(0)) { f("a"); f("b"); } else { f("c"); f("d"); }
        if (f(1)) { f("e"); } else { log = log.concat(["assign"]); }
        f("x"); f("y");
        return log;""",
    "aliases": """
        var node = document.createElement("div");
        node.textContent = "one"; node.textContent += " two"; node.textContent += " three";
        var math = [Math.max(1, 2), Math.min(1, 2), Math.floor(2.5), Math.round(2.5), Math.abs(-1)];
        var text = String(1) + String(2) + String(3) + String(4) + String(5);
        function shadow(window) { return window + window + window + window; }
        var types = [typeof JSON, typeof JSON, typeof JSON, typeof JSON, typeof JSON];
        var obj = { textContent: "kept", length: 3 };
        obj.length = obj.length + obj.length + obj.length + obj.length + obj.length + obj.length;
        delete obj.textContent;
        return [node.textContent, math, text, shadow(1), obj, JSON.stringify(obj), types];""",
}


def run(page: Page, script: str) -> object:
    page.set_content("<!doctype html><title>t</title>")
    return page.evaluate(f"() => {script}")


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_a_rewritten_program_gives_the_same_result(page: Page, name: str) -> None:
    source = f'(function () {{\n"use strict";\n{PROGRAMS[name]}\n}})()'
    shipped = minify.minified(Path(f"{name}.js"), source.encode("utf-8")).decode("utf-8")
    assert len(shipped) < len(source)
    assert shipped.startswith('(function(){"use strict";'), "the directive must stay first"
    assert run(page, shipped.rstrip().removesuffix(";")) == run(page, source)


def test_each_rewrite_happens() -> None:
    source = b"""(function () {
      "use strict";
      var a = document.body;
      var b = document.title + document.title + document.title;
      if (a) { b = 1; } else { b = 2; }
      if (b) { a.focus(); }
      a.textContent = a.textContent + a.textContent + a.textContent + a.textContent;
      return [true, b];
    })();\n"""
    shipped = minify.minified(Path("each.js"), source)
    assert b'"use strict";var ' in shipped and b"document" in shipped
    assert shipped.count(b"document") == 1 and shipped.count(b"textContent") == 1
    assert b"?" in shipped and b"&&" in shipped and b"!0" in shipped


@pytest.mark.parametrize("path", sorted(STATIC.glob("*.js")), ids=lambda p: p.name)
def test_every_shipped_script_is_still_valid_es5(path: Path) -> None:
    shipped = minify.minified(path, path.read_bytes()).decode("utf-8")
    es5(shipped)


def test_a_global_the_file_assigns_or_tests_keeps_its_name() -> None:
    """A variable read once at the top would miss a later assignment, and would throw
    where ``typeof`` finds the global missing."""
    uses = "Math.a(); Math.b(); Math.c(); Math.d(); Math.e(); Math.f();"
    for guard in ("Math = {};", "if (typeof Math) {}"):
        source = f'(function () {{ "use strict"; {guard} {uses} }})();\n'.encode()
        assert minify.minified(Path("g.js"), source).count(b"Math") == 7, guard
    source = f'(function () {{ "use strict"; {uses} }})();\n'.encode()
    assert minify.minified(Path("g.js"), source).count(b"Math") == 1
