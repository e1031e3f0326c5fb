"""The layouts' sandbox: Jinja's SandboxedEnvironment, with bounds on how much a layout can make.

Jinja's sandbox keeps a layout away from Python's internals; it does not bound memory. Here every
value a layout obtains is measured, whatever the route: the result of every call (methods, filters,
globals, macros), every operator (`+`, `*`, `**`, `%` and `~`), every attribute and item, and every
piece of output. Each must stay within :data:`kitgen.sizes.MAX_VALUE` characters or items, integers
within :data:`kitgen.sizes.MAX_INT_BITS`; the calls that could multiply their inputs in one step
(`replace`, `join`, widths, format specifications, `batch`, `tojson(indent=…)`, `lipsum`…) are
estimated from their arguments first (:mod:`kitgen.sizes`), so the value is never made. A render
also has a budget, :data:`MAX_PRODUCED` in total, so a layout cannot hold many large values or grow
one in a loop, and its rendered text (and that of each macro, block and `{% set %}` block) is
bounded as it is written.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat, Getitem, Slice
from jinja2.sandbox import SandboxedEnvironment, SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import _PassArg
from markupsafe import Markup

from kitgen.sizes import (MAX_INT_BITS, MAX_ITEMS, MAX_VALUE, call_size, escaped_size, percent_size, printed_size,
                          result_size, spec_size)

#: All the characters and items a render may make, values later dropped included.
MAX_PRODUCED = 50_000_000
MAX_POWER = 100
_BUILTIN = (str, bytes, bytearray, list, tuple, dict, set, frozenset, int, float, range)
_MUTABLE = (list, dict, set, bytearray)


_LIMITS = f"{MAX_VALUE:,} characters (or {MAX_ITEMS:,} items)"


def _refuse(what: str):
    return jinja2.exceptions.SecurityError(what)


class _Budget:
    __slots__ = ("used",)

    def __init__(self) -> None:
        self.used = 0


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("kitgen_layout_budget", default=None)


def _take(amount: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.used += amount
        if budget.used > MAX_PRODUCED:
            raise _refuse(f"the layout made more than {MAX_PRODUCED:,} characters or items in all")


def made(value, what: str = "a value", shallow: bool = False):
    """`value`, once checked against the bounds and counted (`shallow`: its own length only, for values
    read rather than made, so reading a long list stays cheap)."""
    if type(value) is int:
        if value.bit_length() > MAX_INT_BITS:
            raise _refuse(f"{what} is an integer larger than {MAX_INT_BITS} bits")
        return value
    size = result_size(value, shallow)
    if size > (MAX_VALUE if isinstance(value, (str, bytes, bytearray)) else MAX_ITEMS):
        raise _refuse(f"{what} would be larger than {_LIMITS}")
    _take(size)
    return value


def _estimate(name: str, values: list, ints: list[int], what: str) -> None:
    if call_size(name, values, ints) > MAX_VALUE:
        raise _refuse(f"{what} would be larger than {_LIMITS}")


def _split(args: tuple, kwargs: dict) -> tuple[list, list[int]]:
    """Arguments as sized values and integer widths (iterators made into bounded lists first)."""
    values, ints = [], []
    for arg in (*args, *kwargs.values()):
        if type(arg) is int:
            ints.append(abs(arg))
        elif not isinstance(arg, bool):
            values.append(arg)
    return values, ints


def bounded_list(iterator: Iterator, what: str) -> list:
    """The items of a one-pass iterator (a generator from `map`, `select`...), at most MAX_VALUE in size."""
    items, total = [], 0
    for item in iterator:
        total += printed_size(item)[0] + 1
        if total > MAX_VALUE or len(items) >= MAX_ITEMS:
            raise _refuse(f"{what} would be larger than {_LIMITS}")
        items.append(item)
    return items


def _materialized(args: tuple, kwargs: dict, what: str) -> tuple[tuple, dict]:
    def one(arg):
        return bounded_list(arg, what) if isinstance(arg, Iterator) and not isinstance(arg, _BUILTIN) else arg
    return tuple(map(one, args)), {k: one(v) for k, v in kwargs.items()}


def bounded_filter(name: str, original):
    """A filter whose arguments are estimated first and whose result is measured."""
    skip = 1 if _PassArg.from_obj(original) is not None else 0
    what = f"the {name} filter's result"

    @functools.wraps(original)
    def bounded(*args, **kwargs):
        args, kwargs = _materialized(args, kwargs, what)
        if name == "format" and len(args) > skip and isinstance(args[skip], str):
            if percent_size(args[skip], kwargs or args[skip + 1:]) > MAX_VALUE:
                raise _refuse("format width too large")
        else:
            _estimate(name, *_split(args[skip:], kwargs), what)
        return made(original(*args, **kwargs), what)
    return bounded


class _BoundedFields:
    """A str.format formatter that counts each field's size (after nested fields are filled in) first."""

    def vformat(self, format_string, args, kwargs):
        self._size = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def convert_field(self, value, conversion):
        if conversion and printed_size(value)[0] * (10 if conversion in "ra" else 1) > MAX_VALUE:  # !r, !s, !a
            raise _refuse("format width too large")
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        self._size += spec_size(format_spec, value)
        if self._size > MAX_VALUE:
            raise _refuse("format width too large")
        return super().format_field(value, format_spec)


class _Formatter(_BoundedFields, SandboxedFormatter):
    pass


class _EscapeFormatter(_BoundedFields, SandboxedEscapeFormatter):
    pass


class _Buffer(list):
    """The output buffer of a macro, block or `{% set %}` block: bounded as it is written."""

    __slots__ = ("size",)

    def __init__(self) -> None:
        super().__init__()
        self.size = 0

    def append(self, piece) -> None:
        self.size += len(piece)
        if self.size > MAX_VALUE:
            raise _refuse(f"the rendered text would be longer than {MAX_VALUE:,} characters")
        _take(len(piece))
        super().append(piece)

    def extend(self, pieces) -> None:
        for piece in pieces:
            self.append(piece)


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, with output buffers that count, `~` that measures its operands, and
    slices that go through the environment like any other item."""

    def visit_Getitem(self, node: Getitem, frame: Frame) -> None:
        if not isinstance(node.arg, Slice):
            return super().visit_Getitem(node, frame)
        self.write("environment.getitem(")
        self.visit(node.node, frame)
        self.write(", slice(")
        for i, part in enumerate((node.arg.start, node.arg.stop, node.arg.step)):
            self.write(", " if i else "")
            if part is None:
                self.write("None")
            else:
                self.visit(part, frame)
        self.write("))")
        return None

    def buffer(self, frame: Frame) -> None:
        frame.buffer = self.temporary_identifier()
        self.writeline(f"{frame.buffer} = environment.output_buffer()")

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.joined({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class _Template(jinja2.Template):
    """A layout whose every render has its own budget."""

    def render(self, *args, **kwargs) -> str:
        token = _BUDGET.set(_Budget()) if _BUDGET.get() is None else None
        try:
            return super().render(*args, **kwargs)
        finally:
            if token is not None:
                _BUDGET.reset(token)


def _printed(value):
    """Every `{{ … }}`: what printing it makes (escaped) is bounded before it is made (a list of a big string)."""
    if isinstance(value, Markup):
        return value
    size = escaped_size(value) if isinstance(value, str) else printed_size(value)[0] * 6
    if size > MAX_VALUE:
        raise _refuse(f"printing this value would make more than {MAX_VALUE:,} characters")
    return value


class Sandbox(SandboxedEnvironment):
    """The sandbox, bounded against what it lets through (see the module's description)."""

    intercepted_binops = frozenset({"*", "**", "%", "+"})
    code_generator_class = _CodeGenerator
    template_class = _Template

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("finalize", _printed)
        super().__init__(*args, **kwargs)
        for name, original in list(self.filters.items()):
            self.filters[name] = bounded_filter(name, original)
        self.globals["lipsum"] = _bounded_lipsum(self.globals["lipsum"])

    # -- what a render writes -----------------------------------------------------------------

    @staticmethod
    def output_buffer() -> _Buffer:
        return _Buffer()

    def concat(self, parts) -> str:  # type: ignore[override]
        """Join rendered pieces (a buffer already counted, or a stream counted here as it comes)."""
        if isinstance(parts, _Buffer):
            return "".join(parts)
        chunks, pieces, size = [], [], 0
        for piece in parts:
            size += len(piece)
            if size > MAX_VALUE:
                raise _refuse(f"the rendered text would be longer than {MAX_VALUE:,} characters")
            pieces.append(piece)
            if len(pieces) >= 4096:
                chunks.append("".join(pieces))
                pieces.clear()
        _take(size)
        return "".join(chunks + pieces)

    @staticmethod
    def joined(join, operands: tuple):
        """`a ~ b`: the operands' printed sizes are bounded before they are joined."""
        if sum(printed_size(o)[0] for o in operands) > MAX_VALUE:
            raise _refuse(f"'~' would make more than {MAX_VALUE:,} characters")
        return made(join(operands), "'~'")

    # -- what an expression obtains -------------------------------------------------------------

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        receiver = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        what = f"the result of {name or 'a call'}()"
        if isinstance(receiver, _BUILTIN) or (isinstance(receiver, type) and receiver in _BUILTIN):
            args, kwargs = _materialized(args, kwargs, what)
            values, ints = _split(args, kwargs)
            if isinstance(receiver, (str, bytes)):
                values.append(receiver)
            _estimate(name, values, ints, what)
        before = len(receiver) if isinstance(receiver, _MUTABLE) else 0
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(receiver, _MUTABLE) and len(receiver) > before:
            if len(receiver) > MAX_ITEMS:
                raise _refuse(f"{name}() would make a collection larger than {MAX_ITEMS:,} items")
            _take(len(receiver) - before)
        return made(result, what)

    def call_binop(self, context, operator, left, right):
        check = _BINOP_CHECKS.get(operator)
        if check is not None:
            check(left, right)
        return made(super().call_binop(context, operator, left, right), f"'{operator}'")

    def getattr(self, obj, attribute):
        return made(super().getattr(obj, attribute), f"the attribute {attribute!r}", shallow=True)

    def getitem(self, obj, argument):
        return made(super().getitem(obj, argument), "an item", shallow=True)

    def wrap_str_format(self, value):
        """`str.format` and `format_map`, bounded per field (Jinja's own wrapper, with our formatter)."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        receiver = value.__self__
        formatter = _EscapeFormatter(self, escape=receiver.escape) if isinstance(receiver, Markup) else _Formatter(self)
        is_map = value.__name__ == "format_map"

        @functools.wraps(wrapped)
        def bounded(*args, **kwargs):
            if is_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                args, kwargs = (), args[0]
            return made(type(receiver)(formatter.vformat(receiver, args, kwargs)), "format()")
        return bounded


def _check_repeat(left, right) -> None:
    seq, n = (left, right) if isinstance(left, (str, list, tuple, bytes)) else (right, left)
    if isinstance(seq, (str, list, tuple, bytes)) and type(n) is int and n > 0 and printed_size(seq)[0] * n > MAX_VALUE:
        raise _refuse("repetition too large")
    if type(left) is int and type(right) is int and left.bit_length() + right.bit_length() > MAX_INT_BITS:
        raise _refuse(f"'*' would make an integer larger than {MAX_INT_BITS} bits")


def _check_power(left, right) -> None:
    if isinstance(right, int) and abs(right) > MAX_POWER:
        raise _refuse("power too large")
    if type(left) is int and type(right) is int and left.bit_length() * right > MAX_INT_BITS:
        raise _refuse("power too large")


def _check_percent(left, right) -> None:
    if isinstance(left, str) and percent_size(left, right) > MAX_VALUE:
        raise _refuse("format width too large")


_BINOP_CHECKS = {"*": _check_repeat, "**": _check_power, "%": _check_percent}


def _bounded_lipsum(original):
    """`lipsum(n, html, min, max)`: n paragraphs of up to `max` words each."""
    @functools.wraps(original)
    def lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100):  # noqa: A002 - Jinja's names
        if n * (abs(max) + abs(min)) * 16 > MAX_VALUE:
            raise _refuse(f"lipsum() would be larger than {MAX_VALUE:,} characters")
        return original(n, html, min, max)
    return lipsum

