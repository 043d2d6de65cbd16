"""Names a runtime script repeats, given once each in a local variable before printing.

calmjs.parse shortens local names only: ``document``, ``Math`` and property
names such as ``.textContent`` print in full at every use, and the player
uses them hundreds of times. Each runtime file is one function run at once,
so a variable declared at its top can stand for them: ``var b=document``
then ``b.body``, and ``var c="textContent"`` then ``a[c]`` for ``a.textContent``
(the same property in any ES5 engine). A name gets a variable only when that
makes the file shorter. The directive prologue (``"use strict"``) stays first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from calmjs.parse import asttypes  # type: ignore[import-untyped]

#: Browser globals worth a variable, where a file neither declares, assigns nor tests them.
GLOBALS = ("document", "window", "Math", "Number", "String", "JSON")
_DECLARING = (asttypes.VarDecl, asttypes.FuncDecl, asttypes.FuncExpr, asttypes.Catch)
#: What a use costs once aliased (a one- or two-letter name, with ``[]`` for a property),
#: and what the declaration adds (``,x=`` and, for a property, the quotes).
_GLOBAL_USE, _PROPERTY_USE, _DECLARATION = 2, 4, 4


def aliased(tree: Any) -> Any:
    """``tree`` (an ES5 program from calmjs.parse), with its repeated names aliased in place."""
    body = _wrapped_body(tree)
    if body is None:
        return tree
    globals_used: dict[str, list[Any]] = defaultdict(list)
    properties: dict[str, list[tuple[Any, Any]]] = defaultdict(list)
    declared: set[str] = set()
    for node, parent in _nodes(tree, None):
        if type(node).__name__ == "Identifier" and node.value in GLOBALS:
            if _not_plain_global(node, parent):
                declared.add(node.value)
            globals_used[node.value].append(node)
        elif isinstance(node, asttypes.DotAccessor):
            properties[node.identifier.value].append((node, parent))
    aliases: list[Any] = []
    for name, uses in sorted(globals_used.items()):
        if name not in declared and _pays(name, len(uses), _GLOBAL_USE, 0):
            for identifier in uses:
                identifier.value = f"$global_{name}"
            aliases.append(_declaration(f"$global_{name}", asttypes.Identifier(name)))
    for name, accesses in sorted(properties.items()):
        if _pays(name, len(accesses), _PROPERTY_USE, 2):
            variable = f"$property_{name}"
            for access, parent in accesses:
                bracket = asttypes.BracketAccessor(access.node, asttypes.Identifier(variable))
                _replace(parent, access, bracket)
            aliases.append(_declaration(variable, asttypes.String(f'"{name}"')))
    if aliases:
        directives = 0
        while directives < len(body) and is_directive(body[directives]):
            directives += 1
        body.insert(directives, asttypes.VarStatement(aliases))
    return tree


def is_directive(statement: Any) -> bool:
    """A string statement: at the top of a function, ``"use strict"`` and the like."""
    return isinstance(statement, asttypes.ExprStatement) and isinstance(
        statement.expr, asttypes.String
    )


def _not_plain_global(identifier: Any, parent: Any) -> bool:
    """Declared or assigned in the file, or tested with ``typeof`` (it may be missing):
    then a variable read once at the top would not always be the same thing."""
    if isinstance(parent, _DECLARING):
        return True
    if isinstance(parent, asttypes.Assign) and parent.left is identifier:
        return True
    return isinstance(parent, asttypes.UnaryExpr) and parent.op == "typeof"


def _pays(name: str, uses: int, use_cost: int, quotes: int) -> bool:
    as_written = uses * len(name)
    return uses * use_cost + len(name) + quotes + _DECLARATION < as_written


def _declaration(variable: str, value: Any) -> Any:
    return asttypes.VarDecl(asttypes.Identifier(variable), value)


def _wrapped_body(tree: Any) -> list[Any] | None:
    """The statements of ``(function(){...})()`` when that is the whole program."""
    statements = tree._children_list
    if len(statements) != 1 or not isinstance(statements[0], asttypes.ExprStatement):
        return None
    call = statements[0].expr
    if not isinstance(call, asttypes.FunctionCall) or call.args is None:
        return None
    function = call.identifier
    if isinstance(function, asttypes.GroupingOp):
        function = function.expr
    return function.elements if isinstance(function, asttypes.FuncExpr) else None


def _nodes(node: Any, parent: Any) -> Iterator[tuple[Any, Any]]:
    yield node, parent
    for child in node:
        yield from _nodes(child, node)


def _replace(parent: Any, old: Any, new: Any) -> None:
    """Puts ``new`` where ``parent`` holds ``old``: in an attribute or in a list."""
    for key, value in vars(parent).items():
        if value is old:
            setattr(parent, key, new)
            return
        if isinstance(value, list):
            for i, item in enumerate(value):
                if item is old:
                    value[i] = new
                    return
    raise ValueError(f"{type(parent).__name__} does not hold the node to replace")
