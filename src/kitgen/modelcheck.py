"""Turn a loaded YAML document into a typed model, or into located problems with hints."""

from __future__ import annotations

import difflib
import types
import typing
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from kitgen.errors import Problem
from kitgen.yamlsafe import dotted

if TYPE_CHECKING:
    from kitgen.yamlsafe import Doc

M = TypeVar("M", bound=BaseModel)

_MESSAGES = {
    "missing": "required field is missing",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "bool_parsing": "expected true or false",
    "string_type": "expected text",
    "list_type": "expected a list",
    "dict_type": "expected a mapping of keys to values",
    "model_type": "expected a mapping of keys to values",
    "model_attributes_type": "expected a mapping of keys to values",
    "date_from_datetime_parsing": "expected a date as YYYY-MM-DD",
    "date_parsing": "expected a date as YYYY-MM-DD",
}


_HINTS = {
    "int_parsing": "write a whole number without units, e.g. 30",
    "int_from_float": "write a whole number without units, e.g. 30",
    "bool_parsing": "write true or false",
    "string_type": "write text here (quote it if it is a number, a list or has a colon and a space)",
    "list_type": "write each item on its own line, starting with \"- \", or as [one, two]",
    "dict_type": "write `key: value` lines, indented under this field",
    "model_type": "write `key: value` lines, indented under this field",
    "model_attributes_type": "write `key: value` lines, indented under this field",
    "date_from_datetime_parsing": "e.g. 2026-12-08, without a time",
    "date_parsing": "e.g. 2026-12-08",
}
"""The hint of each kind of error `_MESSAGES` words: how to write the value instead."""


def model_from_doc(cls: type[M], doc: Doc, root: tuple = (), data: Any = None) -> tuple[M | None, list[Problem]]:
    """Validate `data` (default: the document's data) against `cls`; problems carry file:line:col."""
    data = doc.data if data is None else data
    if data is None:
        data = {}
    try:
        return cls.model_validate(data), []
    except ValidationError as exc:
        return None, [_problem(cls, doc, root, err) for err in exc.errors(include_url=False)]


STAND_INS = (1, "x")
"""What a field in error that a model cannot do without is set to, in turn, for checking the rest."""


def without_errors(cls: type[M], data: Any, rounds: int = 6) -> tuple[M | None, tuple[tuple, ...]]:
    """`cls` validated from `data` with the fields in error left out (so that they take their defaults)
    or, when the model needs them, set to a stand-in (`STAND_INS`), for checking the rest of a document
    that has errors; and the paths of those fields. (None, ()) when that does not give a model: an item
    of a list in error (leaving it out would renumber the items after it), or a required field."""
    import copy
    data, tried = copy.deepcopy(data), {}
    for _ in range(rounds):
        try:
            return cls.model_validate(data), tuple(tried)
        except ValidationError as exc:
            errors = [tuple(part for part in err["loc"] if not _is_union_tag(part)) for err in exc.errors(include_url=False)]
        for loc in errors:
            path = loc if loc in tried else next((p for p in tried if p[:-1] == loc), loc)  # its item needs it
            parent = _at(data, path[:-1])
            if not path or not isinstance(path[-1], str) or not isinstance(parent, dict):
                return None, ()
            n = tried.get(path, -1) + 1
            if n > len(STAND_INS):
                return None, ()
            tried[path] = n
            if n == 0:
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = STAND_INS[n - 1]
    return None, ()


def _at(data: Any, path: tuple) -> Any:
    """The value at `path` in nested mappings and lists, or None."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _problem(cls: type[BaseModel], doc: Doc, root: tuple, err: dict) -> Problem:
    loc = tuple(part for part in err["loc"] if not _is_union_tag(part))
    if loc and isinstance(loc[-1], str) and isinstance(_at(doc.data, root + loc[:-1]), str):
        loc = loc[:-1]  # a field of the record that a text written alone stands for: the text, as written
    kind = err["type"]
    path = root + loc
    field = dotted(path)
    if misread := _misread_text(cls, doc, root, loc, kind):
        return misread
    if kind == "missing":
        return Problem(doc.loc(root + loc[:-1]), field, _MESSAGES[kind], f"add `{loc[-1]}:` here")
    if err.get("input", ...) is None and kind in _MESSAGES:  # `- ` or `key:` with nothing after it
        item = bool(loc) and isinstance(loc[-1], int)
        return Problem(doc.loc(path), field, "this list item is empty" if item else "this field is empty",
                       "write the item after `- `, or delete the line" if item
                       else "write a value after the colon, or delete the line")
    explain = _EXPLAIN.get(kind, _explained_by_pydantic)
    message, hint = explain(err, cls, loc, field)
    return Problem(doc.loc(path), field, message, hint)


def _unknown_field(err: dict, cls: type[BaseModel], loc: tuple, field: str) -> tuple[str, str]:
    known = _fields_at(cls, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    hint = ""
    if " " in str(loc[-1]):
        hint = "a colon followed by a space makes YAML read a key: put the whole text in quotes"
    elif close:
        hint = f"did you mean {close[0]!r}?"
    elif known:
        hint = "known fields: " + ", ".join(known)
    return f"unknown field {loc[-1]!r}", hint


def _not_allowed(err: dict, cls: type[BaseModel], loc: tuple, field: str) -> tuple[str, str]:
    expected = (err.get("ctx") or {}).get("expected", "")
    hint = f"use one of {expected}" if expected else ""
    close = difflib.get_close_matches(str(err["input"]), [e.strip(" '") for e in expected.replace(" or ", ",").split(",")], n=1)
    if close:
        hint = f"did you mean {close[0]!r}? ({hint})"
    return f"{err['input']!r} is not one of the allowed values", hint


def _explained_by_pydantic(err: dict, cls: type[BaseModel], loc: tuple, field: str) -> tuple[str, str]:
    kind = err["type"]
    if kind in _MESSAGES:
        message = _MESSAGES[kind]
        if "input" in err and isinstance(err["input"], (str, int)):
            message += f", got {err['input']!r}"
        return message, _HINTS.get(kind, "")
    message = err["msg"][0].lower() + err["msg"][1:] if err["msg"] else kind
    return message.removeprefix("value error, "), ""


_EXPLAIN = {
    "extra_forbidden": _unknown_field,
    "literal_error": _not_allowed,
    "string_pattern_mismatch": lambda err, cls, loc, field: (f"{err['input']!r} does not have the expected form",
                                                             _pattern_hint(field, err["input"])),
    "string_too_short": lambda err, cls, loc, field: ("must not be empty", ""),
    "too_short": lambda err, cls, loc, field: (f"needs at least {err['ctx']['min_length']} item(s)", ""),
    "too_long": lambda err, cls, loc, field: (
        f"has too many items ({err['ctx'].get('actual_length', '?')}, at most {err['ctx']['max_length']:,})", ""),
    "string_too_long": lambda err, cls, loc, field: (
        f"is too long ({len(err['input']):,} characters, at most {err['ctx']['max_length']:,})"
        if isinstance(err.get("input"), str) else f"is too long (at most {err['ctx']['max_length']:,} characters)",
        "shorten it, or split it in two"),
}
"""Per kind of pydantic error: its message and hint as a content author needs them."""


def _misread_text(cls: type[BaseModel], doc: Doc, root: tuple, loc: tuple, kind: str) -> Problem | None:
    """One problem for a text YAML read as a key and a value (an unquoted ": "), instead of the model's."""
    if kind not in ("string_type", "extra_forbidden", "missing"):
        return None
    item = root + (loc if kind == "string_type" else loc[:-1])
    found = doc.colon_mistake(item, _fields_at(cls, loc[:-1]) if kind != "string_type" else ())
    return Problem(doc.loc(item), dotted(item), *found) if found else None


def _pattern_hint(field: str, value: object = "") -> str:
    name = field.rsplit(".", 1)[-1].split("[", 1)[0]
    if name in ("primary", "accent"):
        return "write a colour as #RRGGBB, e.g. \"#1F4E79\" (quote it: # starts a YAML comment)"
    if name == "start":
        return "write the time as \"HH:MM\", e.g. \"09:00\""
    if name == "locale":
        return "a language code such as en or fr"
    if name == "url":
        if isinstance(value, str) and "{{" in value:
            return "a web address is used as written and cannot hold a placeholder: write the whole address"
        if isinstance(value, str) and any(c.isspace() for c in value.strip()):
            return "a web address has no spaces: write %20 for one"
        return "links must start with http://, https:// or mailto:"
    if name == "grouping":
        return "a grouping is one of: individual, pairs, trios, groups of N (2 to 20), whole group"
    if name in ("topic", "case_study", "activity", "block") or "[" in field:
        return "ids are lowercase letters, digits and hyphens, e.g. digital-dashboard; names are letters, digits and _"
    return ""


def _is_union_tag(part: Any) -> bool:
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "bool", "list", "dict", "none")) and part not in ()


def _fields_at(cls: Any, loc: tuple) -> list[str]:
    """The field names (aliases where set) of the model found at `loc` inside `cls`."""
    current = cls
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            current = _item_type(current)
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            match = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
            if match is None:
                return []
            current = match.annotation
        else:
            current = _item_type(current)
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            tp = models[0] if models else args[0]
        else:
            return tp


def _item_type(tp: Any) -> Any:
    args = typing.get_args(tp)
    return args[-1] if args else tp
