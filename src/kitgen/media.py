"""The tables and figures of a Markdown text, as data for an output that draws them itself (the deck).

:func:`split` cuts a prose text at its top-level tables and figures: what is between them stays
Markdown (the same source lines, read again as usual), each table becomes a :class:`Table` of inline
Markdown cells and each figure a :class:`Figure`. Handouts do not need this: their HTML has the
tables and figures in place (:mod:`kitgen.markup`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kitgen.markup import parse


@dataclass(frozen=True)
class Figure:
    """An image a prose text shows as a figure: its file (relative to the workspace), its alt text and
    its caption (the image's title, if any)."""

    src: str
    alt: str
    caption: str = ""


@dataclass
class Table:
    """A pipe table: its header cells, its rows and each column's alignment, cells as inline Markdown."""

    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    align: list[str] = field(default_factory=list)
    """Per column: "left", "center" or "right"."""


Part = str | Table | Figure


def split(text: str) -> list[Part]:
    """`text` as Markdown parts (str), tables and figures, in order; a text without either is `[text]`."""
    if "|" not in text and "![" not in text:
        return [text]
    lines = text.split("\n")
    tokens = parse(text, {})
    parts: list[Part] = []
    start = 0  # first source line not yet in a part
    i = 0
    while i < len(tokens):
        token = tokens[i]
        media, end = _media(tokens, i)
        if media is not None and token.map:
            _text(parts, lines[start:token.map[0]])
            parts.append(media)
            start = token.map[1]
        i = end
    _text(parts, lines[start:])
    return parts


def _text(parts: list[Part], lines: list[str]) -> None:
    source = "\n".join(lines).strip("\n")
    if source.strip():
        parts.append(source)


def _media(tokens: list, i: int) -> tuple[Table | Figure | None, int]:
    """The table or figure starting at token `i` (at the top level), and the index after it."""
    token = tokens[i]
    if token.level != 0:
        return None, i + 1
    if token.type == "table_open":
        end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close" and tokens[j].level == 0)
        return _table(tokens[i:end]), end + 1
    if token.type == "paragraph_open" and token.tag == "figure":
        image = tokens[i + 1].children[0]
        alt = "".join(c.content for c in image.children or [])
        return Figure(str(image.attrGet("src") or ""), alt, str(image.attrGet("title") or "")), i + 3
    return None, i + 1


def _table(tokens: list) -> Table:
    header: list[str] = []
    rows: list[list[str]] = []
    align: list[str] = []
    in_head = False
    for token in tokens:
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open" and not in_head:
            rows.append([])
        elif token.type in ("th_open", "td_open") and in_head:
            align.append(str(token.attrGet("class") or "align-left").removeprefix("align-"))
        elif token.type == "inline":
            (header if in_head else rows[-1]).append(token.content)
    return Table(header, rows, align)
