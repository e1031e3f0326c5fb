"""How large the values a layout makes are, and how large a call's result can get before it is made.

The layouts' sandbox (:mod:`kitgen.sandbox`) measures every result, but a single call such as
`'x'.ljust(10**9)` or `s.replace('x', s)` would fill memory before its result could be measured. So
for the calls that can multiply their inputs, the result's size is estimated from the arguments
first, as an upper bound: printed sizes of strings and containers (nested items counted), integer
arguments as widths, and for calls that repeat one input once per part of another (a separator per
item, a replacement per match, an indent per line) the product of the two largest sizes.
"""

from __future__ import annotations

from collections.abc import Iterable

#: The longest string or rendered text (characters) a layout may make.
MAX_VALUE = 5_000_000
#: The longest list, tuple, set or dict (items) a layout may make.
MAX_ITEMS = 1_000_000
#: The largest integer a layout may make, in bits (about 4,900 decimal digits).
MAX_INT_BITS = 16_384
MAX_NESTING = 32  # containers within containers, when measuring

_STRINGS = (str, bytes, bytearray)
_CONTAINERS = (list, tuple, set, frozenset, dict)
#: Calls whose result holds no more than their inputs (a part, a count, a selection, a sort).
FREE = {"length", "count", "first", "last", "random", "min", "max", "abs", "int", "float", "round", "wordcount",
        "attr", "default", "d", "list", "sort", "reverse", "unique", "dictsort", "items", "groupby", "selectattr",
        "rejectattr", "map", "select", "reject", "filesizeformat", "roman", "get", "keys", "values",
        "index", "find", "rfind", "startswith", "endswith", "split", "rsplit", "splitlines", "partition",
        "rpartition", "strip", "lstrip", "rstrip", "append", "pop", "remove", "insert", "clear", "copy",
        "extend", "update", "add", "setdefault", "difference_update", "intersection_update", "discard"}
#: Calls whose result can be a few times their input: HTML and URL escapes, case mappings (ß → SS).
GROWS = {"e": 6, "escape": 6, "forceescape": 6, "urlencode": 12, "urlize": 6, "xmlattr": 6, "upper": 3,
         "lower": 3, "title": 3, "capitalize": 3, "swapcase": 3, "casefold": 3, "encode": 4}
#: Calls that repeat one input once per part of another.
PRODUCT = {"replace", "join", "translate", "wordwrap", "urlize", "expandtabs", "indent", "tojson", "pprint"}
#: ... among them those whose integer arguments multiply too (a tab or indent width per line).
INTEGERS_MULTIPLY = {"expandtabs", "indent", "tojson"}


def int_size(value: int) -> int:
    """About how many characters the integer prints as."""
    return value.bit_length() * 3 // 10 + 2


def printed_size(value: object, limit: int = MAX_VALUE) -> tuple[int, int]:
    """About how many characters printing `value` gives (or items it holds), nested items included,
    and how deeply it nests; counting stops once past `limit`."""
    total = depth = 0
    stack: list = [iter((value,))]
    while stack:
        for item in stack[-1]:
            if isinstance(item, _STRINGS):
                total += len(item)
            elif isinstance(item, _CONTAINERS):
                if len(stack) > MAX_NESTING:
                    return limit + 1, len(stack)
                total += 2 + 2 * len(item)
                stack.append(iter(item.items() if isinstance(item, dict) else item))
                depth = max(depth, len(stack) - 1)
            else:
                total += _scalar_size(item)
            if total > limit:
                return total, depth
            if isinstance(item, _CONTAINERS):
                break
        else:
            stack.pop()
    return total, depth


def _scalar_size(item: object) -> int:
    if isinstance(item, bool) or item is None:
        return 5
    if isinstance(item, int):
        return int_size(item)
    if isinstance(item, float):
        return 24
    if isinstance(item, range):
        return len(item) * (int_size(max(abs(item.start), abs(item.stop))) + 2)
    if hasattr(type(item), "__len__") and type(item).__module__.startswith("kitgen."):
        return len(item)  # kitgen's own texts: content (Rich, its Markdown's length), the deck's joins
    return 16


def escaped_size(text: str) -> int:
    """The length of `text` once HTML-escaped (`&` `<` `>` `"` `'` become entities)."""
    if len(text) < 100_000:
        return len(text) * 6 if len(text) * 6 <= MAX_VALUE else len(text) + 4 * sum(map(text.count, "&<>\"'"))
    return len(text) + 4 * sum(map(text.count, "&<>\"'"))


def result_size(value: object, shallow: bool = False) -> int:
    """The size of a value just made (characters or items, counting one level of nested containers
    unless `shallow`)."""
    if isinstance(value, _STRINGS) or (shallow and isinstance(value, _CONTAINERS)):
        return len(value)
    if isinstance(value, _CONTAINERS):
        if len(value) > MAX_ITEMS:
            return len(value)
        items = value.values() if isinstance(value, dict) else value
        return len(value) + sum(len(v) for v in items if isinstance(v, _CONTAINERS))
    return 0


def call_size(name: str, values: Iterable, ints: list[int]) -> int:
    """An upper estimate of the size of `name`'s result, called on `values` (strings, containers, other
    objects) with integer arguments `ints`."""
    if name in FREE:
        return 0
    if name in ("e", "escape", "forceescape") and len(values) == 1 and isinstance(values[0], str):
        return escaped_size(values[0])
    measured = [printed_size(v) for v in values]
    sizes = [size for size, _ in measured]
    total = sum(sizes) * GROWS.get(name, 1) + max(ints, default=0)
    if name in PRODUCT:
        factors = sorted(sizes + (ints if name in INTEGERS_MULTIPLY else []), reverse=True) + [0, 0]
        depth = max((d for _, d in measured), default=0) + 1 if name in ("tojson", "pprint") else 1
        total += factors[0] * max(factors[1], 1) * depth
    return total


def percent_size(fmt: str, args: object) -> int:
    """An upper estimate of `fmt % args`: its text plus, per conversion, the width, the precision and
    the printed value (as CPython reads `%(key)-08.3f`); a `*` width counts as too large."""
    total, i, position = len(fmt), 0, 0
    mapping = args if hasattr(args, "__getitem__") and not isinstance(args, (tuple, str)) else None
    items = args if isinstance(args, tuple) else (args,)
    while (i := fmt.find("%", i) + 1) > 0:
        key, width, precision, conversion, i = _percent_spec(fmt, i)
        if conversion == "%":
            continue
        value = _lookup(mapping, key) if key is not None else (items[position] if position < len(items) else None)
        position += key is None
        size = printed_size(value)[0] * (10 if conversion in "ra" else 1) + (320 if conversion in "fF" else 0)
        total += width + precision + size
        if total > MAX_VALUE:
            break
    return total


def _percent_spec(fmt: str, i: int) -> tuple[str | None, int, int, str, int]:
    """The conversion starting after the `%` at i-1: (mapping key, width, precision, conversion, next i)."""
    n, key = len(fmt), None
    if i < n and fmt[i] == "(":
        depth, j = 1, i + 1
        while j < n and depth:
            depth += {"(": 1, ")": -1}.get(fmt[j], 0)
            j += 1
        key, i = fmt[i + 1:j - 1], j
    while i < n and fmt[i] in "-+ #0":
        i += 1
    width, i = _digits(fmt, i)
    precision = 0
    if i < n and fmt[i] == ".":
        precision, i = _digits(fmt, i + 1)
    while i < n and fmt[i] in "hlL":
        i += 1
    return key, width, precision, fmt[i] if i < n else "", i + 1


def _digits(fmt: str, i: int) -> tuple[int, int]:
    if i < len(fmt) and fmt[i] == "*":
        return MAX_VALUE + 1, i + 1
    j = i
    while j < len(fmt) and "0" <= fmt[j] <= "9":
        j += 1
    return (int(fmt[i:j]) if j - i < 12 else MAX_VALUE + 1) if j > i else 0, j


def _lookup(mapping: object, key: str) -> object:
    try:
        return mapping[key]  # type: ignore[index]
    except Exception:  # noqa: BLE001 - a missing key fails in the formatting itself
        return None


def spec_size(spec: str, value: object) -> int:
    """An upper estimate of `format(value, spec)`: every number in the spec (width, precision) counts."""
    size = printed_size(value)[0] + (320 if isinstance(value, float) else 0)
    digits = "".join(c if c.isdecimal() else " " for c in spec).split()
    return size + sum(int(d) if len(d) < 12 else MAX_VALUE + 1 for d in digits)
