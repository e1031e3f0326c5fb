"""A placeholder's text box, and how each paragraph in it is indented and marked.

Every paragraph gets an explicit left margin and hanging indent (:func:`indent`), so what is
measured (:mod:`kitgen.deck.measure`) is what is drawn (:mod:`kitgen.deck.paragraphs`), whatever the
template's own list styles say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kitgen.deck.lines import CONT, NUMBER, TEXT, Line
from kitgen.deck.geometry import EMU_PER_INCH, EMU_PER_PT, TextStyle

#: Left margins of list depths 0-4 where the placeholder's style has none (the built-in template's).
LEVEL_MARGINS: tuple[int, ...] = (342900, 742950, 1143000, 1543050, 1943100)
LEVEL_STEP = 400050  # each depth past the last margin moves this much further right
#: Hanging indent of the bullet at list depths 0, 1, 2+ (the built-in template's values).
HANGING: tuple[int, ...] = (342900, 285750, 228600)
BULLET_CHARS: tuple[str, ...] = ("\u2022", "\u2013", "\u2022", "\u2013", "\u2022")


@dataclass(frozen=True)
class TextBox:
    """A placeholder's text box: size in EMU, text style, font and size bounds.

    ``hang_em`` is the width of the widest text of the hanging column (agenda clock times, bold) at
    1 pt, so the column is as wide as the size a slide is set at needs (:meth:`hang_emu`): measured
    at the largest size, it would take half of a narrow box and break the titles beside it.
    ``number_emu`` is the width of the number column of numbered lists (both measured:
    :func:`kitgen.deck.measure.text_box`).
    """

    width: int
    height: int
    style: TextStyle
    font: str | None
    max_pt: int
    floor_pt: int
    hang_em: float = 0.0
    number_emu: int = 0

    def __post_init__(self) -> None:
        max_pt = max(1, int(self.max_pt))
        object.__setattr__(self, "max_pt", max_pt)
        object.__setattr__(self, "floor_pt", max(1, min(int(self.floor_pt), max_pt)))

    def hang_emu(self, size: float) -> int:
        """Width of the hanging column at ``size`` points: its widest text and a gap of 0.8 em (at
        least 0.12 in), to a whole point."""
        if not self.hang_em:
            return 0
        width = self.hang_em * size * EMU_PER_PT + max(0.8 * size * EMU_PER_PT, 0.12 * EMU_PER_INCH)
        return math.ceil(width / EMU_PER_PT) * EMU_PER_PT


@dataclass(frozen=True)
class Indent:
    """How one paragraph is indented and marked: ``marker`` is none, bullet, number or hang."""

    marl: int
    indent: int
    marker: str
    char: str = ""


#: A template's margin more than this many times kitgen's own at its depth is kitgen's instead: an
#: inch or two of indent (as some corporate masters set) narrows every list to a column.
MAX_MARGIN_FACTOR = 2


def _margin(style: TextStyle, depth: int) -> int:
    """The left margin of list depth ``depth``: the template's, unless it has none, does not move right
    of the depth above, or is far wider than kitgen's own; then kitgen's (right of the depth above)."""
    indents = style.indents or ()
    value = indents[depth] if depth < len(indents) else 0
    own = LEVEL_MARGINS[min(depth, len(LEVEL_MARGINS) - 1)]
    if depth >= len(LEVEL_MARGINS):
        own += LEVEL_STEP * (depth - len(LEVEL_MARGINS) + 1)
    above = _margin(style, depth - 1) if depth else 0
    if value <= above or value > MAX_MARGIN_FACTOR * own:
        value = max(own, above + HANGING[min(depth, len(HANGING) - 1)])
    return value


def indent(line: Line, box: TextBox, size: float) -> Indent:
    """Left margin, first-line indent and marker of ``line`` in ``box`` set at ``size`` points."""
    depth = line.depth
    if line.hang:
        hang = box.hang_emu(size)
        return Indent(hang, -hang, "hang")
    if line.kind == TEXT and depth == 0:
        return Indent(0, 0, "none")
    base = _margin(box.style, depth)
    hanging = HANGING[min(depth, len(HANGING) - 1)]
    if line.in_number:  # inside a numbered item: everything moves right with its wider column
        base += max(0, box.number_emu - _margin(box.style, 0))
    if line.kind == NUMBER:
        width = max(box.number_emu, hanging)
        left = (base - hanging) if depth else 0
        return Indent(left + width, -width, "number")
    if line.kind in (CONT, TEXT):
        return Indent(base, 0, "none")
    return Indent(base, -hanging, "bullet", BULLET_CHARS[min(depth, len(BULLET_CHARS) - 1)])
