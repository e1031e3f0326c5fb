"""A planned slide's texts as lines, one group per text slot of its kind (:data:`SLIDE_KINDS` ``slots``)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from kitgen.deck.kinds import SLIDE_KINDS, TextSlot
from kitgen.deck.lines import NUMBER, TEXT, Line, inline_runs, list_lines, text_lines
from kitgen.markup import Run

if TYPE_CHECKING:
    from kitgen.deck.plan import SlideSpec


@dataclass
class SlotText:
    """The lines of one text slot, with the slot's floor and whether they may continue on more slides."""

    name: str
    lines: list[Line]
    floor_pt: int
    continues: bool


def _slot(slot: TextSlot, lines: list[Line]) -> SlotText:
    return SlotText(slot.name, lines, slot.floor_pt, slot.continues)


def _title(spec: SlideSpec, field: str) -> list[list[Line]]:
    return [text_lines(spec.subtitle, field), text_lines(spec.body, field)]


def _section(spec: SlideSpec, field: str) -> list[list[Line]]:
    lead, detail = text_lines(spec.subtitle, field), text_lines(spec.body, field)
    spacer = [Line([Run("")], TEXT)] if lead and detail else []
    return [lead + spacer + detail]


def _content(spec: SlideSpec, field: str) -> list[list[Line]]:
    lines = text_lines(spec.subtitle, field) + text_lines(spec.body, field)
    return [lines + list_lines(spec.bullets, spec.numbered, field)]


def _column(heading: Any, value: Any, numbered: bool, field: str, side: str) -> list[Line]:
    lines = [Line([replace(r, bold=True) for r in inline_runs(heading)], TEXT)] if heading else []
    if isinstance(value, (list, tuple)):
        return lines + list_lines(list(value), numbered, f"{field} ({side})")
    return lines + text_lines(value, field)


def _two_content(spec: SlideSpec, field: str) -> list[list[Line]]:
    return [_column(spec.left_title, spec.left, spec.numbered, field, "left"),
            _column(spec.right_title, spec.right, spec.numbered, field, "right")]


def _quote(spec: SlideSpec, field: str) -> list[list[Line]]:
    return [text_lines(spec.quote, field), text_lines(spec.attribution, field)]


def _agenda_row(i: int, row: dict, field: str, number: int) -> Line:
    """A row: its clock time hangs before it; without one it is numbered (`number`); a day's heading
    row (`day: true`) is set bold, with neither."""
    line = list_lines([{"text": row.get("title"), "detail": row.get("detail")}], False, f"{field} row {i + 1}")[0]
    if row.get("day"):
        line.kind = TEXT
        line.runs = [r if j in line.muted else replace(r, bold=True) for j, r in enumerate(line.runs)]
    elif row.get("time"):
        line.hang = inline_runs(row.get("time"))
    else:
        line.kind, line.number = NUMBER, number
    return line


def _agenda(spec: SlideSpec, field: str) -> list[list[Line]]:
    rows = [row if isinstance(row, dict) else {"title": row} for row in spec.rows]
    numbers = itertools.accumulate(0 if row.get("day") else 1 for row in rows)  # days are not counted
    return [[_agenda_row(i, row, field, n) for i, (row, n) in enumerate(zip(rows, numbers))],
            text_lines(spec.body, field)]


_TEXTS: dict[str, Callable[[SlideSpec, str], list[list[Line]]]] = {
    "title": _title, "section": _section, "content": _content, "two-content": _two_content,
    "quote": _quote, "agenda": _agenda, "closing": _content,
}


def slot_texts(spec: SlideSpec) -> list[SlotText]:
    """The spec's texts as lines, one :class:`SlotText` per slot of its kind, in placeholder order."""
    field = spec.field or f"slide {spec.kind!r}"
    groups = _TEXTS[spec.kind](spec, field)
    return [_slot(slot, lines) for slot, lines in zip(SLIDE_KINDS[spec.kind].slots, groups)]
