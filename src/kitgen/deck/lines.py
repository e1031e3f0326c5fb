"""Slide text as lines of styled runs: what the plan's values become before they are measured and written.

A value handed to ``slide(...)`` in ``slides.jinja`` is a content text (`Rich`), a plain string (a
label, a clock time: taken literally, never parsed as Markdown), a `Join` of such parts, or an
item mapping (``{lead, text, sub}``). Whatever it is, it becomes a list of :class:`Line`, each a
paragraph with its runs (bold, italic and links survive), its kind (prose, bullet, number or the
continuation of an item) and its list depth. Nothing here creates XML, so content can never inject
slide markup: the writer turns each run into one ``a:r`` whose text is set, never parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup

from kitgen.markup import Para, Rich, Run

TEXT, BULLET, NUMBER, CONT = "text", "bullet", "number", "cont"
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass
class Line:
    """One paragraph on a slide.

    ``kind`` is ``text`` (prose, no bullet), ``bullet``, ``number`` (``number`` is its value) or
    ``cont`` (a further paragraph of a list item, indented like it, without a marker); ``depth``
    is the list depth (0: top level). ``hang`` runs sit in the hanging indent before the text
    (the agenda's clock times) and are not measured with it. ``muted`` runs are greyed.
    """

    runs: list[Run]
    kind: str = TEXT
    depth: int = 0
    number: int = 0
    hang: list[Run] = field(default_factory=list)
    muted: frozenset[int] = frozenset()  # indexes of runs drawn in a muted colour
    in_number: bool = False  # part of a numbered item (indented with its number column)
    source: str = ""  # the field (and item) this paragraph came from, for warnings

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


class Join:
    """Inline parts joined by a separator, e.g. ``join([quote.attribution, quote.source], ', ')``.

    With ``bold`` every run is bold (``bold(t.key_takeaways)``: a heading in the speaker notes).
    """

    __slots__ = ("bold", "parts", "sep", "size")

    def __init__(self, parts: list[Any], sep: str = " ", bold: bool = False):
        self.parts = [p for p in parts if p is not None and not _empty(p)]
        self.sep = sep
        self.bold = bold
        self.size = sum(len(p) if isinstance(p, (str, Rich, Join)) else 24 for p in self.parts) \
            + len(sep) * max(len(self.parts) - 1, 0)

    def __len__(self) -> int:
        """The length of the text once joined, nested joins included, known without joining it."""
        return self.size

    def __bool__(self) -> bool:
        return bool(self.parts)

    def __str__(self) -> str:
        return self.sep.join(plain(p) for p in self.parts)


def _empty(value: Any) -> bool:
    if isinstance(value, (Rich, Join)):
        return not value
    if isinstance(value, str):
        return not value.strip()
    return False


def is_text(value: Any) -> bool:
    """Whether ``value`` is an inline text the plan accepts (Rich, str, number or Join)."""
    return isinstance(value, (Rich, str, Join, int, float)) and not isinstance(value, bool)


def plain(value: Any) -> str:
    """The plain text of an inline value."""
    if isinstance(value, Markup):
        return value.striptags()
    if isinstance(value, Rich):
        return value.plain
    return str(value)


def inline_runs(value: Any) -> list[Run]:
    """An inline value as one paragraph's runs (a block Rich's paragraphs are joined by spaces)."""
    if value is None:
        return []
    if isinstance(value, Join):
        out: list[Run] = []
        for i, part in enumerate(value.parts):
            if i and value.sep:
                out.append(Run(value.sep))
            out.extend(inline_runs(part))
        return [replace(r, bold=True) for r in out] if value.bold else out
    if isinstance(value, Rich):
        paras = value.paras
        out = []
        for i, para in enumerate(paras):
            if i:
                out.append(Run(" "))
            out.extend(para.runs)
        return out
    return [Run(plain(value))]


def _rich_lines(value: Rich, depth: int, in_item: bool, source: str) -> list[Line]:
    """A block Rich as lines: prose paragraphs, and Markdown lists as bullets or numbers."""
    lines: list[Line] = []
    for para in value.paras:
        lines.append(_para_line(para, depth, in_item, source))
    return lines


def _para_line(para: Para, depth: int, in_item: bool, source: str) -> Line:
    if para.level == 0:
        return Line(list(para.runs), CONT if in_item else TEXT, depth, source=source)
    level = depth + para.level - (0 if in_item else 1)
    if para.bullet.endswith("."):
        return Line(list(para.runs), NUMBER, level, int(para.bullet[:-1] or 1), source=source)
    return Line(list(para.runs), BULLET, level, source=source)


def text_lines(value: Any, source: str = "") -> list[Line]:
    """Prose: a block Rich (lists inside stay lists), a string, or a list of such paragraphs."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        out: list[Line] = []
        for i, part in enumerate(value):
            out.extend(text_lines(part, f"{source} item {i + 1}" if source else ""))
        return out
    if isinstance(value, Rich) and not value.inline:
        return _rich_lines(value, 0, False, source)
    if isinstance(value, dict):
        return item_lines(value, 0, None, source)
    runs = inline_runs(value)
    # An empty text (a kit without a date, say) is no paragraph at all, not a blank line.
    return [Line(runs, TEXT, 0, source=source)] if any(r.text.strip() for r in runs) else []


def item_lines(item: Any, depth: int, number: int | None, source: str) -> list[Line]:
    """One list item: its first paragraph gets the bullet (or number), the rest follow it."""
    lines = _item_lines(item, depth, number, source)
    if number is not None:
        for line in lines[1:]:
            line.in_number = True
    return lines


def _item_lines(item: Any, depth: int, number: int | None, source: str) -> list[Line]:
    kind = NUMBER if number is not None else BULLET
    if isinstance(item, dict):
        return _mapping_lines(item, kind, depth, number or 0, source)
    if isinstance(item, Rich) and not item.inline:
        lines = _rich_lines(item, depth, True, source)
        if lines and lines[0].kind == CONT:
            lines[0] = Line(lines[0].runs, kind, depth, number or 0, source=source)
        return lines
    runs = inline_runs(item)
    return [Line(runs, kind, depth, number or 0, source=source)] if runs else []


def _mapping_lines(item: dict, kind: str, depth: int, number: int, source: str) -> list[Line]:
    """An item given as ``{lead, text, sub, detail}``: one line, more when its text has paragraphs."""
    runs, rest = _lead_and_text(item, depth, source)
    muted = _add_detail(runs, item.get("detail"))
    out = [Line(runs, kind, depth, number, muted=muted, source=source)] if runs else []
    if rest:
        if not out:
            head, *rest = rest
            out = [Line(head.runs, kind, depth, number, source=source)]
        out += rest
    for j, child in enumerate(item.get("sub") or []):
        out += item_lines(child, depth + 1, None, f"{source}.{j + 1}" if source else "")
    return out


def _lead_and_text(item: dict, depth: int, source: str) -> tuple[list[Run], list[Line]]:
    """The item's first line (bold lead-in, separator, text) and, for a text of several paragraphs, its lines."""
    lead, text = item.get("lead"), item.get("text")
    runs: list[Run] = []
    if lead is not None and not _empty(lead):
        runs += [replace(r, bold=True) for r in inline_runs(lead)]
    if text is None or _empty(text):
        return runs, []
    if isinstance(text, Rich) and not text.inline and len(text.paras) > 1:
        return runs, _rich_lines(text, depth, True, source)
    if runs:
        runs.append(Run(item.get("sep", " \u2014 ")))
    return runs + inline_runs(text), []


def _add_detail(runs: list[Run], detail: Any) -> frozenset[int]:
    """Append the greyed detail ``" (30 min)"`` to ``runs``; the indexes of its runs."""
    if detail is None or _empty(detail):
        return frozenset()
    start = len(runs)
    runs.append(Run(" ("))
    runs += [replace(r, text=r.text.replace(" ", "\u00a0")) for r in inline_runs(detail)]  # "(30 min)" never wraps
    runs.append(Run(")"))
    return frozenset(range(start, len(runs)))


def list_lines(items: list[Any], numbered: bool = False, source: str = "", start: int = 1) -> list[Line]:
    """A bulleted (or numbered) list of items."""
    out: list[Line] = []
    for i, item in enumerate(items):
        out += item_lines(item, 0, start + i if numbered else None, f"{source} item {i + 1}" if source else "")
    return out


def clean_runs(lines: list[Line], problems: list[str], where: str) -> list[Line]:
    """Strip characters XML cannot hold (control characters) from every run, noting it once."""
    found = False
    out = []
    for line in lines:
        runs, hang = _clean(line.runs), _clean(line.hang)
        if runs is not line.runs or hang is not line.hang:
            found = True
            line = replace(line, runs=runs, hang=hang)
        out.append(line)
    if found:
        problems.append(f"{where}: removed control characters that a slide cannot hold")
    return out


def _clean(runs: list[Run]) -> list[Run]:
    if not any(_INVALID_XML.search(r.text) for r in runs):
        return runs
    return [replace(r, text=_INVALID_XML.sub("", r.text)) for r in runs]


def clean_text(text: str) -> tuple[str, bool]:
    """``text`` without XML-invalid characters, and whether any were removed."""
    cleaned = _INVALID_XML.sub("", text)
    return cleaned, cleaned != text
