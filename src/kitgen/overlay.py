"""Merge changes onto a copy of a loaded document, keeping every value's location.

Used for workspace defaults under a kit and for a kit's `overrides`. In a change map, `key` replaces
the field, `key+` appends to a list and `key-` removes list items, named by their text or by their
1-based number. The result is validated again like the original, so nothing invalid slips in.
"""

from __future__ import annotations

import copy
from typing import Any

from kitgen.errors import Problem
from kitgen.models.base import whole_number
from kitgen.yamlsafe import Doc, Path_, dotted


def _reroot(locs: dict, old: Path_, new: Path_) -> dict:
    n = len(old)
    return {new + path[n:]: loc for path, loc in locs.items() if path[:n] == old}


def _drop(locs: dict, prefix: Path_) -> None:
    n = len(prefix)
    for path in [p for p in locs if p[:n] == prefix]:
        del locs[path]


def overlay(base: Doc, changes: dict[str, Any], source: Doc, source_path: Path_) -> tuple[Doc, list[Problem]]:
    """Apply `changes` (found at `source_path` in `source`) onto a copy of `base`'s top-level map."""
    data = copy.deepcopy(base.data) if isinstance(base.data, dict) else {}
    locs = dict(base.locs)
    problems: list[Problem] = []
    for raw_key, value in changes.items():
        key, op = (raw_key[:-1], raw_key[-1]) if raw_key.endswith(("+", "-")) else (raw_key, "=")
        src = source_path + (raw_key,)
        current = data.get(key) or []
        if op == "=":
            data[key] = copy.deepcopy(value)
            _drop(locs, (key,))
            locs.update(_reroot(source.locs, src, (key,)))
        elif not isinstance(current, list) or not isinstance(value, list):
            problems.append(Problem(source.loc(src), dotted(src), f"`{raw_key}` works on lists only",
                                    f"write `{key}:` to replace the field instead"))
        elif op == "+":
            data[key] = current + copy.deepcopy(value)
            for path, loc in _reroot(source.locs, src, (key,)).items():
                if len(path) > 1 and isinstance(path[1], int):
                    locs[(key, path[1] + len(current)) + path[2:]] = loc
        else:
            keep = _remove(current, value, source, src, problems)
            data[key] = [current[i] for i in keep]
            _renumber(locs, key, keep)
    return Doc(base.file, data, locs, {**base.colons, **source.colons}, source=base.source), problems


def _renumber(locs: dict, key: str, keep: list[int]) -> None:
    """Locations of the list at `key` after only the items numbered `keep` were kept, in order."""
    old = {p: l for p, l in locs.items() if p[:1] == (key,) and len(p) > 1}
    for path in old:
        del locs[path]
    for new_index, old_index in enumerate(keep):
        locs.update(_reroot(old, (key, old_index), (key, new_index)))


def _remove(items: list, names: list, source: Doc, src: Path_, problems: list[Problem]) -> list[int]:
    """The numbers of the items left once those named in `names` are removed; a problem for each name
    that names no item."""
    removed: set[int] = set()
    for i, name in enumerate(names):
        hit = _find(items, name.strip()) if isinstance(name, str) else None
        if hit is not None:
            removed.add(hit)
            continue
        where = src + (i,)
        if not isinstance(name, str):
            message = "expected an item's text or 1-based number"
        else:
            shown = name.strip() if len(name.strip()) <= 60 else name.strip()[:57] + "…"
            message = f"no item {shown!r} to remove"
        problems.append(Problem(source.loc(where), dotted(where), message,
                                "name an item by its exact text or its 1-based number"))
    return [j for j in range(len(items)) if j not in removed]


def _find(items: list, text: str) -> int | None:
    """The index of the item `text` names: a 1-based number, or the item's own text."""
    number = whole_number(text)
    if number is not None and 1 <= number <= len(items):
        return number - 1
    return next((j for j, item in enumerate(items) if _label(item) == text), None) if text else None


def _label(item: Any) -> str | None:
    """The text that names a list item: the item itself, or its question, title or name."""
    if isinstance(item, dict):
        item = item.get("question") or item.get("title") or item.get("name")
    return item.strip() if isinstance(item, str) else None
