"""Size-only rewrites of a parsed ES5 script, done before calmjs.parse prints it.

calmjs.parse's minifying printer drops whitespace and renames locals but
prints every statement as written; the theme's readable style (one ``var``
per line, braces around every ``if`` body, ``true``/``false``) then costs
about a kilobyte of the runtime's size budget. These rewrites take it back
without touching the sources, and each keeps the script's meaning in any
ES5 engine:

* consecutive ``var`` statements become one (``var a=1,b=2``), and consecutive
  expression statements one comma expression, which more blocks can then do without
  braces;
* a block holding one statement loses its braces, except where an ``else``
  could then attach to another ``if`` or where ES5 requires the block;
* ``if(a)f()`` becomes ``a&&f()`` where no parenthesis is then needed;
* ``if(a)return b;return c`` becomes ``return a?b:c``, and an ``if``/``else`` of
  two returns or two expressions becomes one conditional expression;
* ``true``/``false`` become ``!0``/``!1`` where they are plain values.
"""

from __future__ import annotations

from typing import Any

from calmjs.parse import asttypes  # type: ignore[import-untyped]

from builder.es5_alias import is_directive

#: The ``!``-forms are unary expressions: never where a primary expression is needed.
_NEEDS_PRIMARY = (asttypes.DotAccessor, asttypes.BracketAccessor)
_BOOLEANS = {"true": "!0", "false": "!1"}
#: Expressions that bind tighter than ``&&`` on its right, so ``a&&f()`` means ``if(a)f()``.
_TIGHT = (
    asttypes.FunctionCall,
    asttypes.NewExpr,
    asttypes.UnaryExpr,
    asttypes.PostfixExpr,
    asttypes.DotAccessor,
    asttypes.BracketAccessor,
    asttypes.Identifier,
    asttypes.GroupingOp,
)
#: Expressions that bind looser than ``&&``: as a condition they would need parentheses.
_LOOSE = (asttypes.Assign, asttypes.Conditional, asttypes.Comma)


def compact(tree: Any) -> Any:
    """``tree`` (an ES5 program from calmjs.parse), rewritten in place to print shorter."""
    _walk(tree, None)
    return tree


def _walk(node: Any, parent: Any) -> None:
    """Inner nodes first, so that a rewritten inner statement can let an outer one shrink."""
    for child in list(node):
        _walk(child, node)
    for statements in _statement_lists(node):
        merged = _sequenced(_merged_vars(statements))
        statements[:] = _conditionals([_guard(statement) for statement in merged])
    if isinstance(node, asttypes.If):
        _unbrace_if(node)
    elif isinstance(node, (asttypes.For, asttypes.ForIn, asttypes.While)):
        node.statement = _unbraced(node.statement)
    elif isinstance(node, asttypes.Boolean) and not _primary_of(node, parent):
        node.value = _BOOLEANS[node.value]


def _statement_lists(node: Any) -> list[list[Any]]:
    if isinstance(node, (asttypes.Block, asttypes.Program)):
        return [node._children_list]
    if isinstance(node, (asttypes.FuncDecl, asttypes.FuncExpr, asttypes.Case, asttypes.Default)):
        return [node.elements]
    return []


def _merged_vars(statements: list[Any]) -> list[Any]:
    out: list[Any] = []
    for statement in statements:
        previous = out[-1] if out else None
        if isinstance(statement, asttypes.VarStatement) and isinstance(
            previous, asttypes.VarStatement
        ):
            previous._children_list.extend(statement._children_list)
        else:
            out.append(statement)
    return out


def _guard(statement: Any) -> Any:
    """``if(a)f()`` as ``a&&f()``, when that is the same expression without parentheses."""
    if not isinstance(statement, asttypes.If) or statement.alternative is not None:
        return statement
    body = _unbraced(statement.consequent)
    test = statement.predicate
    if not isinstance(body, asttypes.ExprStatement) or not _tight(body.expr):
        return statement
    if isinstance(test, _LOOSE) or (isinstance(test, asttypes.BinOp) and test.op == "||"):
        return statement
    if isinstance(_leftmost(test), (asttypes.Object, asttypes.FuncExpr)):
        return statement
    return asttypes.ExprStatement(asttypes.BinOp("&&", test, body.expr))


def _tight(expr: Any) -> bool:
    """``a&&(b&&f())`` is ``a&&b&&f()`` as a statement: the same calls in the same order."""
    chained = isinstance(expr, asttypes.BinOp) and expr.op == "&&"
    return isinstance(expr, _TIGHT) or (chained and _tight(expr.right))


def _conditionals(statements: list[Any]) -> list[Any]:
    """Returns and expressions chosen by an ``if`` as one ``?:``, from the last statement
    up, so that ``if(a)return x;if(b)return y;return z`` becomes one return."""
    out: list[Any] = []
    for statement in reversed(statements):
        after = out[-1] if out else None
        merged = _conditional(statement, after)
        if merged is not None and statement.alternative is None:
            out[-1] = merged  # the return after the if is now part of it
        else:
            out.append(statement if merged is None else merged)
    return out[::-1]


def _conditional(statement: Any, after: Any) -> Any:
    """``statement`` as a return or expression of a conditional, or None."""
    if not isinstance(statement, asttypes.If):
        return None
    test = statement.predicate
    chosen = _unbraced(statement.consequent)
    other = after if statement.alternative is None else _unbraced(statement.alternative)
    if _are(asttypes.Return, chosen, other) and _both(chosen.expr, other.expr):
        return asttypes.Return(_choice(test, chosen.expr, other.expr))
    if (
        statement.alternative is not None
        and _are(asttypes.ExprStatement, chosen, other)
        and not isinstance(_leftmost(test), (asttypes.Object, asttypes.FuncExpr))
    ):
        return asttypes.ExprStatement(_choice(test, chosen.expr, other.expr))
    return None


def _are(kind: type, *nodes: Any) -> bool:
    return all(isinstance(node, kind) for node in nodes)


def _both(first: Any, second: Any) -> bool:
    return first is not None and second is not None


def _choice(test: Any, chosen: Any, other: Any) -> Any:
    def grouped(expr: Any, loose: tuple[type, ...]) -> Any:
        return asttypes.GroupingOp(expr) if isinstance(expr, loose) else expr

    return asttypes.Conditional(
        grouped(test, _LOOSE), grouped(chosen, (asttypes.Comma,)), grouped(other, (asttypes.Comma,))
    )


def _leftmost(node: Any) -> Any:
    """The expression a statement made of ``node`` would start with."""
    while True:
        if isinstance(node, asttypes.BinOp):
            node = node.left
        elif isinstance(node, (asttypes.DotAccessor, asttypes.BracketAccessor)):
            node = node.node
        elif isinstance(node, asttypes.FunctionCall):
            node = node.identifier
        elif isinstance(node, asttypes.PostfixExpr):
            node = node.value
        else:
            return node


def _sequenced(statements: list[Any]) -> list[Any]:
    """``a();b()`` as ``a(),b()``; never a string statement, which may be a directive."""
    out: list[Any] = []
    for statement in statements:
        previous: Any = out[-1] if out else None
        if _is_expression(statement) and _is_expression(previous):
            out[-1] = asttypes.ExprStatement(asttypes.Comma(previous.expr, statement.expr))
        else:
            out.append(statement)
    return out


def _is_expression(statement: Any) -> bool:
    return isinstance(statement, asttypes.ExprStatement) and not is_directive(statement)


def _unbrace_if(node: Any) -> None:
    """An ``if`` with an ``else`` keeps a braced consequent: unbraced, an inner ``if``
    without ``else`` at its end would take the ``else``."""
    if node.alternative is None:
        node.consequent = _unbraced(node.consequent)
        return
    if not isinstance(node.consequent, asttypes.Block):
        node.consequent = asttypes.Block([node.consequent])
    node.alternative = _unbraced(node.alternative)


def _unbraced(statement: Any) -> Any:
    if not isinstance(statement, asttypes.Block) or len(statement._children_list) != 1:
        return statement
    (only,) = statement._children_list
    return statement if isinstance(only, asttypes.FuncDecl) else only


def _primary_of(node: Any, parent: Any) -> bool:
    if isinstance(parent, _NEEDS_PRIMARY):
        return parent.node is node
    if isinstance(parent, (asttypes.FunctionCall, asttypes.NewExpr)):
        return parent.identifier is node
    return False
