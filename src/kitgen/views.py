"""Views: the content models as read-only records for layouts, which note what a render reads.

A model becomes a :class:`View` (its fields, texts as `Rich` with placeholders filled), lists of
records become :class:`Seq`. Every view knows where it stands in the context (`("topic", "quote")`,
`("agenda", 3)`) and, when the context records, adds the place of each field a layout or writer
looks at to a shared :class:`Reads`. After a render, :func:`digest` of those places is what the
output depends on: an edit to a field no render read leaves the output alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import typing
from collections.abc import Iterable, Mapping
from types import UnionType
from typing import Any

from pydantic import BaseModel

from kitgen import placeholders
from kitgen.editions import shows
from kitgen.i18n import Labels
from kitgen.markup import Rich
from kitgen.models.base import MarkdownMarker, PlainMarker

Place = tuple[str | int, ...]
"""Where a value stands in the context: field names, list indexes and mapping keys from the top."""


class Reads:
    """The places of a context that one render looked at."""

    __slots__ = ("places",)

    def __init__(self) -> None:
        self.places: set[Place] = set()


class View:
    """A read-only record for layouts: a content model's fields with text as `Rich`.

    Read its fields as attributes (`view.title`, `getattr(view, "title", None)`): that is what is
    noted; `vars(view)` reads without being noted, for building the context only.
    """

    __slots__ = ("__dict__", "_at", "_reads")

    def __init__(self, _at: Place = (), _reads: Reads | None = None, /, **fields: Any):
        object.__setattr__(self, "_at", _at)
        object.__setattr__(self, "_reads", _reads)
        self.__dict__.update(fields)

    def __getattribute__(self, name: str) -> Any:
        fields = object.__getattribute__(self, "__dict__")
        if name in fields:
            reads = object.__getattribute__(self, "_reads")
            if reads is not None:
                reads.places.add(object.__getattribute__(self, "_at") + (name,))
            return fields[name]
        return object.__getattribute__(self, name)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"no field {name!r}; this record has: {', '.join(sorted(vars(self)))}")

    def __repr__(self) -> str:
        return f"View({'.'.join(map(str, object.__getattribute__(self, '_at'))) or 'context'})"


class Seq(list):
    """A list of records in the context: reading it in any way notes its place (its length and order)."""

    __slots__ = ("_at", "_reads")

    def __init__(self, items: Iterable[Any] = (), at: Place = (), reads: Reads | None = None):
        super().__init__(items)
        self._at, self._reads = at, reads

    def _read(self) -> None:
        if self._reads is not None:
            self._reads.places.add(self._at)

    def __iter__(self):
        self._read()
        return super().__iter__()

    def __len__(self) -> int:
        self._read()
        return super().__len__()

    def __getitem__(self, index):
        self._read()
        return super().__getitem__(index)

    def __contains__(self, item: object) -> bool:
        self._read()
        return super().__contains__(item)

    def __reversed__(self):
        self._read()
        return super().__reversed__()


@functools.cache
def _markdown_fields(cls: type[BaseModel]) -> frozenset[str]:
    return frozenset(name for name, f in cls.model_fields.items()
                     if any(isinstance(m, MarkdownMarker) for m in f.metadata) or _has_marker(f.annotation))


@functools.cache
def _literal_fields(cls: type[BaseModel]) -> frozenset[str]:
    """Fields passed to layouts as written: choices (Literal) and plain values such as web addresses."""
    return frozenset(name for name, f in cls.model_fields.items()
                     if typing.get_origin(f.annotation) is typing.Literal or _has_plain(f.annotation))


def _has_plain(tp: Any) -> bool:
    if typing.get_origin(tp) is typing.Annotated:
        return any(isinstance(m, PlainMarker) for m in typing.get_args(tp)[1:])
    if typing.get_origin(tp) in (typing.Union, UnionType):
        return any(_has_plain(a) for a in typing.get_args(tp))
    return False


def _has_marker(tp: Any) -> bool:
    if typing.get_origin(tp) is typing.Annotated:
        return any(isinstance(m, MarkdownMarker) for m in typing.get_args(tp)[1:]) or _has_marker(typing.get_args(tp)[0])
    if typing.get_origin(tp) in (list, typing.Union, UnionType):
        return any(_has_marker(a) for a in typing.get_args(tp))
    return False


class Viewer:
    """Makes the views of one context: one edition, one set of placeholder values, one `Reads`."""

    def __init__(self, edition: str, values: Mapping[str, str], reads: Reads | None):
        self.edition, self.values, self.reads = edition, values, reads

    def with_values(self, values: Mapping[str, str]) -> Viewer:
        return Viewer(self.edition, values, self.reads)

    def record(self, at: Place, **fields: Any) -> View:
        """A view of `fields` (already converted) standing at `at`."""
        return View(at, self.reads, **fields)

    def seq(self, items: Iterable[Any], at: Place) -> Seq:
        return Seq(items, at, self.reads)

    def view(self, value: Any, at: Place, block_md: bool = False) -> Any:
        """A model (recursively) as views with `Rich` texts, without the fields its edition does not show."""
        if isinstance(value, BaseModel):
            md_fields = _markdown_fields(type(value))
            out = {}
            for name in type(value).model_fields:
                key = name.rstrip("_")
                if not shows(self.edition, name):
                    out[key] = None
                    continue
                raw = getattr(value, name)
                out[key] = raw if name in _literal_fields(type(value)) else self.view(raw, at + (key,), name in md_fields)
            return View(at, self.reads, **out)
        if isinstance(value, str):
            return Rich(placeholders.fill(value, self.values), inline=not block_md)
        if isinstance(value, list):
            return [self.view(v, at + (i,), block_md) for i, v in enumerate(value)]
        if isinstance(value, dict):
            return {k: self.view(v, at + (k,), block_md) for k, v in value.items()}
        return value


def replaced(view: View, **fields: Any) -> View:
    """A copy of `view` (at the same place, noting reads in the same way) with `fields` in place of its own."""
    at, reads = object.__getattribute__(view, "_at"), object.__getattribute__(view, "_reads")
    return View(at, reads, **{**vars(view), **fields})


def sliced(seq: Seq, items: Iterable[Any]) -> Seq:
    """Some of `seq`'s items, as a list at the same place."""
    return Seq(items, seq._at, seq._reads)


class _Missing:
    """The value of a place that no longer exists (a list grew shorter, a field went away)."""


_MISSING = _Missing()


def lookup(root: Any, place: Place) -> Any:
    """The value at `place` below `root`, read without being noted (a marker when there is none)."""
    value = root
    for step in place:
        value = _step(value, step)
        if value is _MISSING:
            break
    return value


def _step(value: Any, step: str | int) -> Any:
    if isinstance(step, int):
        ok = isinstance(value, list) and 0 <= step < list.__len__(value)
        return list.__getitem__(value, step) if ok else _MISSING
    if isinstance(value, dict):
        return value.get(step, _MISSING)
    fields = getattr(value, "__dict__", None)
    return fields.get(step, _MISSING) if fields is not None else _MISSING


def plain(value: Any) -> Any:
    """A value as JSON data for its digest: a record is its place (its fields are read one by one)."""
    if isinstance(value, View):
        return {"view": list(object.__getattribute__(value, "_at"))}
    if isinstance(value, Rich):
        return {"md": value.md, "inline": value.inline}
    if isinstance(value, Labels):
        return {"labels": value.code}
    if isinstance(value, list):
        return [plain(v) for v in list.__iter__(value)]  # a Seq, read here, is not noted
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, _Missing):
        return {"missing": True}
    return {"type": type(value).__name__, "repr": repr(value)}


def digest(root: Any, places: Iterable[Place]) -> str:
    """One hash of the values at `places` below `root`: equal digests mean the render would read the same."""
    data = [[list(place), plain(lookup(root, place))] for place in in_order(places)]
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def in_order(places: Iterable[Place]) -> list[Place]:
    """Places sorted the same way everywhere (indexes before names at each step)."""
    return sorted(places, key=lambda place: tuple((0, s, "") if isinstance(s, int) else (1, 0, s) for s in place))
