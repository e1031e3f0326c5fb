"""`{{ name }}` placeholders in content: found, checked and filled as plain text, never as a template.

`\\{{` is a literal `{{` (it prints as `{{`, and starts no placeholder). Texts are scanned once, left
to right, so any text is read in linear time; at validation every text is checked as it will be
after filling: its placeholders must be plain known names, and it must still fit its field's limit,
as must the whole document.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterator, Mapping
from typing import Any

from kitgen import texts
from kitgen.errors import Problem
from kitgen.yamlsafe import Doc, Path_, dotted

ESCAPE = "\\{{"
"""How content writes a literal `{{`."""
MAX_FILLED = 1_000_000
"""At most this many characters of text in one document once its placeholders are filled."""
MAX_REPORTED = 10
"""Placeholder problems reported per text; the rest are counted in one more problem."""
PLAIN_NAME = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*")
_UNCLOSED = -1


def _scan(text: str) -> Iterator[tuple[int, int, str | None]]:
    """`(start, end, inner)` for each `{{ inner }}`; inner None for an escape `\\{{`; end -1 when unclosed."""
    pos = 0
    while (start := text.find("{{", pos)) >= 0:
        if start and text[start - 1] == "\\":
            yield start - 1, start + 2, None
            pos = start + 2
            continue
        end = text.find("}}", start + 2)
        if end < 0:
            yield start, _UNCLOSED, ""
            return
        yield start, end + 2, text[start + 2:end]
        pos = end + 2


def _name(inner: str) -> str | None:
    match = PLAIN_NAME.fullmatch(inner)
    return match.group(1) if match else None


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace every `{{ name }}` with its value and every `\\{{` with `{{`, in one pass (values are
    never expanded again). Names were checked during validation; one still unknown is left as written."""
    if "{{" not in text:
        return text
    out, pos = [], 0
    for start, end, inner in _scan(text):
        if end == _UNCLOSED:
            break
        out.append(text[pos:start])
        name = _name(inner) if inner is not None else None
        out.append("{{" if inner is None else values[name] if name in values else text[start:end])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def check(doc: Doc, data: Any, names: Mapping[str, str], what: str, root: Path_ = (),
          skip: Collection[str] = frozenset({"parameters"})) -> list[Problem]:
    """Check every text of `data` (a validated model, or plain data) as it will be once filled from `names`.

    Each placeholder must be a plain name from `names` (`what` says where names come from); each text,
    filled, must fit its field's limit, and all of them together MAX_FILLED.
    """
    problems: list[Problem] = []
    total = 0
    for item in texts.walk(data, root, skip):
        found, length = _check_text(item.text, names, what)
        if item.limit is not None and length > item.limit:
            found.append(("", f"is too long once its placeholders are filled ({length:,} characters, at most "
                              f"{item.limit:,})", "use shorter values or fewer placeholders"))
        if total <= MAX_FILLED < total + length:
            found.append(("", f"with its placeholders filled, the text of this file passes {MAX_FILLED:,} characters "
                              "here", "use shorter values or fewer placeholders"))
        total += length
        where = doc.loc(item.path)
        problems.extend(Problem(doc.find(where, shown), dotted(item.path), message, hint) for shown, message, hint in found)
    return problems


def names_used(data: Any, skip: Collection[str] = frozenset({"parameters"})) -> set[str]:
    """The plain names the placeholders of every text of `data` use."""
    return {name for item in texts.walk(data, (), skip) if "{{" in item.text
            for _, _, inner in _scan(item.text) if inner and (name := _name(inner))}


def _check_text(text: str, names: Mapping[str, str], what: str) -> tuple[list[tuple[str, str, str]], int]:
    """The placeholder problems of one text (at most MAX_REPORTED, then a count) as (the placeholder as
    written, message, hint), and the text's length once filled."""
    found: dict[str, tuple[str, str]] = {}
    more = 0
    length = len(text)
    for start, end, inner in _scan(text) if "{{" in text else ():
        name = _name(inner) if inner else None
        if inner is None:
            length -= 1
        elif name in names:
            length += len(names[name]) - (end - start)
        elif (shown := text[start:end] if end != _UNCLOSED else "{{") in found:
            continue
        elif len(found) >= MAX_REPORTED:
            more += 1
        else:
            found[shown] = _problem(shown, name, names, what)
    out = [(shown, *problem) for shown, problem in found.items()]
    if more:
        out.append(("", f"and {more} more placeholder problems in this text", ""))
    return out, length


def _problem(shown: str, name: str | None, names: Mapping[str, str], what: str) -> tuple[str, str]:
    if shown == "{{":
        return "`{{` opens a placeholder that is never closed with `}}`", f"write {ESCAPE} for literal braces, or close it"
    if name is None:
        shown = shown if len(shown) <= 40 else shown[:37] + "…"
        return (f"placeholder {shown!r} is not a plain name",
                f"placeholders are names only, like {{{{ mentor }}}}; content is never a template "
                f"(write {ESCAPE} for literal braces)")
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    known = f"did you mean {{{{ {close[0]} }}}}? " if close else ""
    return f"unknown placeholder {{{{ {name} }}}}", known + f"({what}: {', '.join(sorted(names)) or 'none defined'})"
