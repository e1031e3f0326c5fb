"""Every text of a content model, with its place in the file and its field's length limit.

One walk shared by the checks that look at each text on its own: placeholders, and any other
`TextCheck` (a function from a text to a list of `(message, hint)`), each reported at the text's file,
line and field.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from kitgen.errors import Problem
from kitgen.models.base import MarkdownMarker
from kitgen.yamlsafe import Doc, Path_, dotted

TextCheck = Callable[[str], list[tuple[str, str]]]
"""A per-text check: the text in, a `(message, hint)` for each thing wrong with it out."""


@dataclass(frozen=True)
class TextAt:
    """One text of a document: where it is, what it says, its field's maximum length (if any), and
    whether the field is prose (block Markdown) rather than a one-line text."""

    path: Path_
    text: str
    limit: int | None = None
    markdown: bool = False


def walk(value: Any, root: Path_ = (), skip: Collection[str] = ()) -> Iterator[TextAt]:
    """Every text in `value`, a validated model or plain data, with its path as written in the file.

    Fields (or keys) named in `skip` are left out wherever they occur. A model's texts carry their
    field's `max_length`.
    """
    yield from _walk(value, Any, [], tuple(root), frozenset(skip))


def check(doc: Doc, value: Any, text_check: TextCheck, root: Path_ = (), skip: Collection[str] = (),
          severity: str = "error") -> list[Problem]:
    """Run `text_check` on every text of `value`; each finding is a problem at that text's location."""
    found = []
    for item in walk(value, root, skip):
        for message, hint in text_check(item.text):
            found.append(Problem(doc.loc(item.path), dotted(item.path), message, hint, severity))
    return found


def _walk(value: Any, tp: Any, meta: list, path: Path_, skip: frozenset[str]) -> Iterator[TextAt]:
    tp, meta = _peel(tp, meta)
    if isinstance(value, str):
        yield TextAt(path, value, _max_length(meta), any(isinstance(m, MarkdownMarker) for m in meta))
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            key = info.alias or name
            if key not in skip:
                yield from _walk(getattr(value, name), info.annotation, list(info.metadata), path + (key,), skip)
    elif isinstance(value, (list, tuple)):
        item = _args(tp, 1)[0]
        for i, v in enumerate(value):
            yield from _walk(v, item, [], path + (i,), skip)
    elif isinstance(value, dict):
        item = _args(tp, 2)[1]
        for k, v in value.items():
            if k not in skip:
                yield from _walk(v, item, [], path + (k,), skip)


def _peel(tp: Any, meta: list) -> tuple[Any, list]:
    """`tp` without `Annotated` and `Optional` wrappers, and the metadata those carried."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp, *extra = typing.get_args(tp)
            meta = meta + extra
        elif origin in (typing.Union, types.UnionType):
            arms = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = arms[0] if len(arms) == 1 else Any
        else:
            return tp, meta


def _args(tp: Any, n: int) -> tuple:
    args = typing.get_args(tp)
    return args if len(args) == n else (Any,) * n


def _max_length(meta: list) -> int | None:
    for item in meta:
        limit = _max_length(list(item.metadata)) if isinstance(item, FieldInfo) else getattr(item, "max_length", None)
        if limit is not None:
            return limit
    return None
