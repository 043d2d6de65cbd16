"""The sandbox a course's templates are rendered in.

Jinja's immutable sandbox refuses ``__globals__`` and the like, but lets a
template call any public method of any value it reaches: a ``pathlib.Path``
handed to a template would let it read or write any file. So here a template
reaches only plain data (text, numbers, lists, mappings, dates) and
coursepack's own frozen dataclasses and enums; any other value, above all a
path, a file, a module, a function or a class, is refused where it is named.

A template is also held to a budget, so that a downloaded course cannot hang
or exhaust the computer that checks it: no text or list over
:data:`MAX_SIZE` items (checked before ``*``, ``**`` and ``+`` compute, and on
every filter's result and every joined text), no ``range`` over
:data:`MAX_RANGE`, and at most :data:`TIME_BUDGET` seconds per render,
checked on every loop turn, call, attribute and filter.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import signal
import threading
import time
import types
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import is_dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import BlockReference, LoopContext, Macro, TemplateReference
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace
from jinja2.visitor import NodeTransformer

#: The longest text, list or mapping a template may make (a page's HTML is far shorter).
MAX_SIZE = 10_000_000
#: The most numbers ``range`` may give; a template lists lessons, not millions.
MAX_RANGE = 10_000
#: The largest whole number, in bits, ``*`` and ``**`` may make.
MAX_BITS = 100_000
#: Seconds one template may take to render; coursepack's own take milliseconds.
TIME_BUDGET = 5.0
#: A width or count this long in a format string would make a text too large.
_HUGE_FORMAT = re.compile(r"\d{7,}")

_DATA = (str, int, float, bool, type(None), list, tuple, dict, datetime.date)
#: Jinja's own helpers a template may use.
_RUNTIME = (LoopContext, Cycler, Joiner, Namespace, TemplateReference, BlockReference, Macro)


class TemplateBudgetError(Exception):
    """A course template made something too large, or took too long."""


def _own_value(value: Any) -> bool:
    """One of coursepack's frozen dataclasses or enum members: data the model hands out."""
    module = type(value).__module__
    if not module.startswith("builder."):
        return False
    if isinstance(value, enum.Enum):
        return True
    return is_dataclass(value) and not isinstance(value, type) and _frozen(value)


def _frozen(value: Any) -> bool:
    params = getattr(type(value), "__dataclass_params__", None)
    return bool(getattr(params, "frozen", False))


def _holder(value: Any) -> bool:
    """A value whose attributes a template may read."""
    return isinstance(value, (*_DATA, *_RUNTIME)) or _own_value(value)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple, dict)) else 0


def _check_size(value: Any) -> Any:
    if _size(value) > MAX_SIZE:
        raise TemplateBudgetError(
            f"it makes a text or list of {_size(value):,} items, over the limit of {MAX_SIZE:,}"
        )
    return value


def _too_large() -> TemplateBudgetError:
    return TemplateBudgetError(f"it makes a text, list or number too large (limit {MAX_SIZE:,})")


class _Budgeted(NodeTransformer):
    """Routes every loop's items and every joined text (``~``) through the environment."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("budgeted_items"),
            [node.iter],
            [],
            None,
            None,
            lineno=node.lineno,
        )
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(
            nodes.EnvironmentAttribute("sized"), [node], [], None, None, lineno=node.lineno
        )


class CourseSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with an allow-list of values and a budget (see the module).

    Refusing an unsafe attribute at once names it; Jinja's own sandbox hands back
    an undefined value that fails only when used, often as "has no attribute" further on.
    """

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._deadline = threading.local()
        self.globals.pop("lipsum", None)
        self.globals["range"] = self._range
        self.filters = {name: self._sized_filter(name, f) for name, f in self.filters.items()}

    @contextmanager
    def budget(self) -> Iterator[None]:
        """Render within :data:`TIME_BUDGET` seconds from now.

        The sandbox's hooks check the time between steps; one slow step of Python (a filter
        such as ``wordwrap`` on a long text) is stopped by a timer signal, which Python can
        deliver only on the main thread: elsewhere (a preview's rebuild) the hooks alone keep
        the budget.
        """
        before = getattr(self._deadline, "at", None)
        self._deadline.at = time.monotonic() + TIME_BUDGET
        timed = before is None and threading.current_thread() is threading.main_thread()
        previous = signal.signal(signal.SIGALRM, self._out_of_time) if timed else None
        if timed:
            signal.setitimer(signal.ITIMER_REAL, TIME_BUDGET + 1)
        try:
            yield
        finally:
            if timed:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            self._deadline.at = before

    def _out_of_time(self, signum: int, frame: types.FrameType | None) -> None:
        self._deadline.at = 0.0
        self.tick()

    def tick(self) -> None:
        at = getattr(self._deadline, "at", None)
        if at is not None and time.monotonic() > at:
            raise TemplateBudgetError(
                f"it took too long to render (over {TIME_BUDGET:g} s), as a loop that never "
                "ends or one over too many items would"
            )

    def budgeted_items(self, items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            self.tick()
            yield item

    def sized(self, value: Any) -> Any:
        self.tick()
        return _check_size(value)

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateBudgetError(
                f"range() gives {len(numbers):,} numbers, over the limit of {MAX_RANGE:,}"
            )
        return numbers

    def _sized_filter(self, name: str, run: Callable[..., Any]) -> Callable[..., Any]:
        """``run`` refusing a huge width or count, and a result over :data:`MAX_SIZE`."""

        @functools.wraps(run)
        def checked(*args: Any, **kwargs: Any) -> Any:
            self.tick()
            if name == "format" and _HUGE_FORMAT.search(str(args[0] if args else "")):
                raise _too_large()
            for argument in (*args, *kwargs.values()):
                if isinstance(argument, int) and abs(argument) > MAX_SIZE:
                    raise _too_large()
            return _check_size(run(*args, **kwargs))

        return checked

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        budgeted = _Budgeted().visit(tree)
        assert isinstance(budgeted, nodes.Template)
        return budgeted

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any, right: Any) -> Any:
        self.tick()
        if op == "*":
            _check_product(left, right)
        elif op == "**":
            _check_power(left, right)
        elif _too_long(op, left, right):
            raise _too_large()
        return _check_size(self.binop_table[op](left, right))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        self.tick()
        if not super().is_safe_attribute(obj, attr, value):
            return False
        return _holder(obj) and self._allowed_value(value)

    def is_safe_callable(self, obj: Any) -> bool:
        self.tick()
        if not super().is_safe_callable(obj):
            return False
        if isinstance(obj, (Macro, LoopContext, BlockReference, Cycler, Joiner)):
            return True
        if obj in (dict, Cycler, Joiner, Namespace):
            return True
        return self._allowed_method(obj) or self._format_wrapper(obj)

    def _allowed_value(self, value: Any) -> bool:
        if isinstance(value, (*_DATA, *_RUNTIME, jinja2.Undefined)) or _own_value(value):
            return True
        return self._allowed_method(value) or self._format_wrapper(value)

    def _allowed_method(self, value: Any) -> bool:
        """A method of plain data or of Jinja's helpers, or one of this sandbox's own."""
        if not isinstance(value, (types.MethodType, types.BuiltinMethodType)):
            return False
        owner = getattr(value, "__self__", None)
        if owner is self:
            return True
        return isinstance(owner, (*_DATA, LoopContext, Cycler, Joiner))

    def _format_wrapper(self, value: Any) -> bool:
        """The sandbox's own stand-in for ``str.format`` (see :meth:`wrap_str_format`)."""
        wrapped = getattr(value, "__wrapped__", None)
        return wrapped is not None and isinstance(getattr(wrapped, "__self__", None), str)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is not None and _HUGE_FORMAT.search(str(value.__self__)):
            raise _too_large()
        return wrapper

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        raise SecurityError(f"'{attribute}'")


def _check_product(left: Any, right: Any) -> None:
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_BITS:
            raise _too_large()
        return
    for sequence, times in ((left, right), (right, left)):
        if isinstance(times, int) and _size(sequence) * max(times, 0) > MAX_SIZE:
            raise _too_large()


def _check_power(base: Any, exponent: Any) -> None:
    numbers = isinstance(base, int) and isinstance(exponent, int)
    if numbers and abs(base) > 1 and base.bit_length() * max(exponent, 0) > MAX_BITS:
        raise _too_large()


def _too_long(op: str, left: Any, right: Any) -> bool:
    """Whether ``+`` would join too much, or ``%`` pads to a huge width."""
    if op == "+":
        return _size(left) + _size(right) > MAX_SIZE
    return op == "%" and isinstance(left, str) and _HUGE_FORMAT.search(left) is not None
