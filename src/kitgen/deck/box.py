"""Fitting lines into a placeholder box: indents, font size, and pages when it does not fit.

Every paragraph gets an explicit left margin and hanging indent (:func:`geometry`), so what is
measured is what is drawn, whatever the template's own list styles say. The size is the largest
from the placeholder's own size down to a floor readable from the back of a room; a list that
does not fit at the floor is spread over as few slides as it needs, whole items per slide, at the
largest size that keeps that number of slides. Measuring is :mod:`kitgen.deck.fit` (real font
metrics); a paragraph that cannot fit even alone at the floor is set smaller and reported.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from kitgen.deck import fit
from kitgen.deck.runs import BULLET, CONT, NUMBER, TEXT, Line
from kitgen.deck.template import TextStyle

EMU_PER_IN = 914400
#: Hanging indent of the bullet at list depths 0, 1, 2+ (the built-in template's values).
HANGING = (342900, 285750, 228600)
#: Left margins used where the placeholder's style has none for a list depth.
DEFAULT_MARGINS = (342900, 742950, 1143000, 1543050, 1943100)
BULLET_CHARS = ("\u2022", "\u2013", "\u2022", "\u2013", "\u2022")
LAST_RESORT_PT = 10  # below the floor, only to keep an over-long paragraph inside its box


@dataclass(frozen=True)
class Geometry:
    """How one paragraph is indented and marked: ``marker`` is none, bullet, number or hang."""

    marl: int
    indent: int
    marker: str
    char: str = ""


@dataclass
class Box:
    """A placeholder's text box: size in EMU, text style, font and size bounds."""

    width: int
    height: int
    style: TextStyle
    font: str | None
    max_pt: int
    floor_pt: int
    hang_emu: int = 0  # width of the hanging column (agenda clock times)
    number_emu: int = 0  # width of the number column of numbered lists

    def __post_init__(self) -> None:
        self.max_pt = max(1, int(self.max_pt))
        self.floor_pt = max(1, min(int(self.floor_pt), self.max_pt))


def _margin(style: TextStyle, depth: int) -> int:
    indents = style.indents or ()
    value = indents[depth] if depth < len(indents) else 0
    if value <= 0 or (depth and value <= _margin(style, depth - 1)):
        value = DEFAULT_MARGINS[min(depth, len(DEFAULT_MARGINS) - 1)]
        if depth >= len(DEFAULT_MARGINS):
            value += 400050 * (depth - len(DEFAULT_MARGINS) + 1)
    return value


def geometry(line: Line, box: Box) -> Geometry:
    """Left margin, first-line indent and marker of ``line`` in ``box``."""
    depth = line.depth
    if line.hang:
        return Geometry(box.hang_emu, -box.hang_emu, "hang")
    if line.kind == TEXT and depth == 0:
        return Geometry(0, 0, "none")
    base = _margin(box.style, depth)
    hanging = HANGING[min(depth, len(HANGING) - 1)]
    if line.in_number:  # inside a numbered item: everything moves right with its wider column
        base += max(0, box.number_emu - _margin(box.style, 0))
    if line.kind == NUMBER:
        width = max(box.number_emu, hanging)
        left = (base - hanging) if depth else 0
        return Geometry(left + width, -width, "number")
    if line.kind in (CONT, TEXT):
        return Geometry(base, 0, "none")
    return Geometry(base, -hanging, "bullet", BULLET_CHARS[min(depth, len(BULLET_CHARS) - 1)])


def _fit_paras(lines: list[Line], box: Box) -> tuple[list[fit.Para], tuple[int, ...]]:
    """Lines as fit.Para, with the indents table their levels index into."""
    margins: list[int] = []
    paras = []
    for line in lines:
        marl = geometry(line, box).marl
        if marl not in margins:
            margins.append(marl)
        runs = [(r.text, r.bold, r.italic) for r in line.runs] or [("", False, False)]
        paras.append(fit.Para(runs, margins.index(marl)))
    return paras, tuple(margins) or (0,)


def text_height(lines: list[Line], box: Box, size: float) -> int:
    """Height in EMU (insets included) that ``lines`` take at ``size`` points."""
    paras, indents = _fit_paras(lines, box)
    return fit.measure_height(paras, box.width, size, box.font, indents=indents,
                              line_spacing=box.style.line_spacing, space_before=box.style.space_before)


def fits(lines: list[Line], box: Box, size: int) -> bool:
    """Whether ``lines`` fit the box at ``size`` (checked with fit.fit_paragraphs)."""
    if not lines:
        return True
    paras, indents = _fit_paras(lines, box)
    result = fit.fit_paragraphs(paras, box.width, box.height, box.font, size, size, indents=indents,
                                line_spacing=box.style.line_spacing, space_before=box.style.space_before)
    return len(result.pages) == 1 and not result.overflow


def font_note(box: Box) -> str | None:
    """fit's note when the box's font is not installed and was measured with another."""
    return fit.fit_paragraphs([], box.width, box.height, box.font, box.max_pt, box.floor_pt).note


@dataclass
class Page:
    """The lines of one slide's box and the size they are set at."""

    lines: list[Line]
    size: int
    overflow: bool = False  # set below the floor (or still too long) to stay inside the box


@dataclass
class Flow:
    """The outcome of fitting: one or more pages, and what could not be fitted well."""

    pages: list[Page]
    problems: list[str] = field(default_factory=list)


def _sizes(box: Box) -> list[int]:
    return fit._sizes(box.max_pt, box.floor_pt)  # noqa: SLF001 - the same candidate sizes fit uses


def _groups(lines: list[Line]) -> list[list[Line]]:
    """Items with their continuation paragraphs and sub-items: kept together on one slide."""
    groups: list[list[Line]] = []
    for line in lines:
        top = line.depth == 0 and line.kind in (BULLET, NUMBER, TEXT)
        if groups and not top:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _layout(groups: list[list[Line]], box: Box, size: int) -> list[list[int]]:
    pad = 2 * fit.INSET_Y_EMU
    heights = [text_height(g, box, size) - pad for g in groups]
    gap = box.style.space_before * size * fit.EMU_PER_PT
    return fit.balanced(lambda limit: fit.pack(heights, [gap] * len(heights), limit), box.height - pad, 0.5)


def flow(lines: list[Line], box: Box, where: str, paginate: bool = True) -> Flow:
    """Fit ``lines`` into ``box``: one page at the largest size that fits, else continuation pages.

    Without ``paginate`` (a subtitle, an attribution) everything stays on one page, set smaller
    than the floor if it must, with a problem noted.
    """
    if not lines:
        return Flow([Page([], box.max_pt)])
    for size in _sizes(box):
        if fits(lines, box, size):
            return Flow([Page(lines, size)])
    problems: list[str] = []
    if not paginate:
        return Flow([_shrink(lines, box, where, problems)], problems)
    groups = _groups(lines)
    # A group too tall on its own at the floor is split into its paragraphs.
    split: list[list[Line]] = []
    for group in groups:
        if len(group) > 1 and not fits(group, box, box.floor_pt):
            split.extend([line] for line in group)
        else:
            split.append(group)
    groups = split
    too_long = {i for i, g in enumerate(groups) if not fits(g, box, box.floor_pt)}
    at_floor = _layout(groups, box, box.floor_pt)
    chosen, size = at_floor, box.floor_pt
    for candidate in _sizes(box)[:-1]:
        pages = _layout(groups, box, candidate)
        if len(pages) <= len(at_floor) and all(
                (len(p) == 1 and p[0] in too_long) or fits([ln for i in p for ln in groups[i]], box, candidate)
                for p in pages):
            chosen, size = pages, candidate
            break
    out: list[Page] = []
    for page in chosen:
        page_lines = [ln for i in page for ln in groups[i]]
        if fits(page_lines, box, size):
            out.append(Page(page_lines, size))
        else:
            out.append(_shrink(page_lines, box, where, problems))
    return Flow(out, problems)


def _shrink(lines: list[Line], box: Box, where: str, problems: list[str]) -> Page:
    """Set ``lines`` below the floor until they fit; report it."""
    source = next((ln.source for ln in lines if ln.source), "") or where
    for size in range(box.floor_pt - 1, LAST_RESORT_PT - 1, -1):
        if fits(lines, box, size):
            problems.append(f"{source}: too long for one slide at {box.floor_pt} pt, set at {size} pt; "
                            "shorten it or split it into several items")
            return Page(lines, size, True)
    problems.append(f"{source}: too long for one slide even at {LAST_RESORT_PT} pt; it does not fit its box: "
                    "shorten it or split it into several items")
    return Page(lines, LAST_RESORT_PT, True)


def hang_width(texts: list[str], box: Box) -> int:
    """Width of a hanging column that holds every one of ``texts`` (bold) at the box's largest size."""
    widest = max((fit.text_width_pt(t, box.max_pt, box.font, bold=True) for t in texts if t), default=0.0)
    if not widest:
        return 0
    return math.ceil((widest * fit.EMU_PER_PT + 0.3 * EMU_PER_IN) / 12700) * 12700


def number_width(count: int, box: Box) -> int:
    """Width of the number column for a list numbered up to ``count``."""
    label = f"{max(count, 1)}."
    width = fit.text_width_pt(label.replace("1", "8"), box.max_pt, box.font) * fit.EMU_PER_PT + 0.16 * EMU_PER_IN
    return max(HANGING[0], math.ceil(width / 12700) * 12700)
