"""`{{ name }}` placeholders in prose: found, checked and filled as plain text, never as a template."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any

from kitgen.errors import Problem
from kitgen.yamlsafe import Doc, Path_, dotted

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.S)
PLAIN_NAME = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every `{{ name }}` with its value, in one pass (values are never expanded again).

    Names were checked during validation; one that is still unknown here is left as written.
    """
    def swap(match: re.Match) -> str:
        name = PLAIN_NAME.match(match.group(1))
        if name and name.group(1) in values:
            return values[name.group(1)]
        return match.group(0)
    return PLACEHOLDER.sub(swap, text) if "{{" in text else text


def _strings(data: Any, path: Path_, skip: frozenset[str]) -> Iterator[tuple[Path_, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, list):
        for i, item in enumerate(data):
            yield from _strings(item, path + (i,), skip)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key not in skip:
                yield from _strings(value, path + (key,), skip)


def check(doc: Doc, data: Any, names: Mapping[str, str], what: str, root: Path_ = (),
          skip: frozenset[str] = frozenset({"parameters"})) -> list[Problem]:
    """Every placeholder in `data` must be a plain name from `names`; `what` says where names come from."""
    problems = []
    for path, text in _strings(data, root, skip):
        for match in PLACEHOLDER.finditer(text):
            inner = match.group(1)
            name = PLAIN_NAME.match(inner)
            loc = doc.loc(path)
            if not name:
                problems.append(Problem(loc, dotted(path), f"placeholder {match.group(0)!r} is not a plain name",
                                        "placeholders are names only, like {{ mentor }}; content is never a template"))
            elif name.group(1) not in names:
                close = difflib.get_close_matches(name.group(1), list(names), n=1, cutoff=0.6)
                known = f"did you mean {{{{ {close[0]} }}}}? " if close else ""
                known += f"({what}: {', '.join(sorted(names)) or 'none defined'})"
                problems.append(Problem(loc, dotted(path), f"unknown placeholder {{{{ {name.group(1)} }}}}", known))
    return problems
