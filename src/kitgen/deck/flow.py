"""Flowing text into a box: the size it is set at, and the slides it continues on when it does not fit.

The size is the largest from the placeholder's own size down to a floor readable from the back of
a room (:func:`kitgen.deck.measure.largest`) at which no word is broken and an agenda's clock times
take at most a third of the line (:func:`kitgen.deck.measure.crowded`), else the largest that fits. A list that does not fit at the floor is spread over
as few slides as it needs, whole items per slide (an item stays with its sub-items), pages evened
out, at the largest size that keeps that number of slides. A paragraph that cannot fit even alone
at the floor is set smaller and reported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from kitgen.deck.lines import BULLET, NUMBER, TEXT, Line
from kitgen.deck.measure import (EMU_PER_PT, INSET_Y_EMU, breaks_a_word, candidate_sizes, crowded, fits, height_emu,
                                 largest)
from kitgen.deck.textbox import TextBox

LAST_RESORT_PT = 10  # below the floor, only to keep an over-long paragraph inside its box


@dataclass
class FlowPage:
    """The lines of one slide's box and the size they are set at."""

    lines: list[Line]
    size: int
    overflow: bool = False  # set below the floor (or still too long) to stay inside the box
    problem: str = ""  # what setting it below the floor says (a warning of the slide it is on)


@dataclass
class Flow:
    """The outcome of flowing: one or more pages, and what could not be fitted well."""

    pages: list[FlowPage]
    problems: list[str] = field(default_factory=list)


def pack(heights: list[float], gap: float, cap: float) -> list[list[int]]:
    """Greedily pack paragraphs of ``heights`` onto pages no taller than ``cap``, ``gap`` between two.

    A paragraph taller than ``cap`` gets a page of its own.
    """
    pages: list[list[int]] = []
    page: list[int] = []
    used = 0.0
    for i, height in enumerate(heights):
        need = height if not page else height + gap
        if page and used + need > cap:  # also leaves a too-tall paragraph alone on its page
            pages.append(page)
            page, used, need = [], 0.0, height
        page.append(i)
        used += need
    if page:
        pages.append(page)
    return pages


def balanced(pack_at: Callable[[float], list[list[int]]], cap: float, tolerance: float) -> list[list[int]]:
    """As few pages as ``pack_at`` needs at ``cap``, with page heights evened out.

    Greedy page count only falls as the cap grows, so a bisection finds the smallest cap
    that still gives that many pages; packing at it balances the pages.
    """
    target = len(pack_at(cap))
    low, high = 0.0, cap
    while high - low > tolerance:
        mid = (low + high) / 2
        if len(pack_at(mid)) <= target:
            high = mid
        else:
            low = mid
    return pack_at(high)


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


KEEP_BELOW_FLOOR = 4
"""Points below the floor that an item with its sub-items may be set at, alone on its slide, rather than
be split from them (a character's name and its description)."""


def _kept_together(lines: list[Line], box: TextBox) -> list[list[Line]]:
    """The groups of :func:`_groups`; one too tall on its own even `KEEP_BELOW_FLOOR` points below the
    floor is split into its paragraphs (one that fits so is set smaller, alone on its slide)."""
    out: list[list[Line]] = []
    for group in _groups(lines):
        if len(group) > 1 and not fits(group, box, max(LAST_RESORT_PT, box.floor_pt - KEEP_BELOW_FLOOR)):
            out.extend([line] for line in group)
        else:
            out.append(group)
    return out


def _pages_at(groups: list[list[Line]], box: TextBox, size: int) -> list[list[int]]:
    """The groups on balanced pages at ``size`` points (indexes of groups per page)."""
    pad = 2 * INSET_Y_EMU
    heights = [height_emu(g, box, size) - pad for g in groups]
    gap = (box.style.space_before * size + box.style.before_pt) * EMU_PER_PT
    return balanced(lambda limit: pack(heights, gap, limit), box.height - pad, 0.5)


def _paginate(groups: list[list[Line]], box: TextBox) -> tuple[list[list[int]], int]:
    """Pages and size: the floor's page count, at the largest size that keeps it with every page fitting."""
    too_long = {i for i, g in enumerate(groups) if not fits(g, box, box.floor_pt)}
    at_floor = _pages_at(groups, box, box.floor_pt)
    tried: dict[int, list[list[int]]] = {}

    def keeps_pages(size: int) -> bool:
        pages = tried[size] = _pages_at(groups, box, size)
        return len(pages) <= len(at_floor) and all(
            (len(p) == 1 and p[0] in too_long) or fits([ln for i in p for ln in groups[i]], box, size) for p in pages)

    size = largest(candidate_sizes(box.max_pt, box.floor_pt)[:-1], keeps_pages)
    return (tried[size], size) if size is not None else (at_floor, box.floor_pt)


def flow(lines: list[Line], box: TextBox, where: str, paginate: bool = True) -> Flow:
    """Fit ``lines`` into ``box``: one page at the largest size that fits, else continuation pages.

    Without ``paginate`` (a subtitle, an attribution) everything stays on one page, set smaller
    than the floor if it must, with a problem noted.
    """
    if not lines:
        return Flow([FlowPage([], box.max_pt)])
    sizes = candidate_sizes(box.max_pt, box.floor_pt)
    def whole(s: int) -> bool:  # fits with every word whole
        return fits(lines, box, s) and not breaks_a_word(lines, box, s)
    size = largest(sizes, lambda s: not crowded(lines, box, s) and whole(s))  # clock times not crowding the titles
    if size is None:
        size = largest(sizes, whole)
    if size is None:
        size = largest(sizes, lambda s: fits(lines, box, s))
    if size is not None:
        return Flow([FlowPage(lines, size)])
    problems: list[str] = []
    if not paginate:
        return Flow([_shrink(lines, box, where, problems)], problems)
    groups = _kept_together(lines, box)
    chosen, size = _paginate(groups, box)
    out: list[FlowPage] = []
    for page in chosen:
        page_lines = [ln for i in page for ln in groups[i]]
        fitted = fits(page_lines, box, size)
        out.append(FlowPage(page_lines, size) if fitted else _shrink(page_lines, box, where, problems))
    return Flow(out, problems)


def _shrink(lines: list[Line], box: TextBox, where: str, problems: list[str]) -> FlowPage:
    """Set ``lines`` below the floor until they fit; report it."""
    source = next((ln.source for ln in lines if ln.source), "") or where
    size = largest(list(range(box.floor_pt - 1, LAST_RESORT_PT - 1, -1)), lambda s: fits(lines, box, s))
    if size is not None:
        page = FlowPage(lines, size, True, f"{source}: too long for one slide at {box.floor_pt} pt, set at {size} pt; "
                        "shorten it or split it into several items")
    else:
        page = FlowPage(lines, LAST_RESORT_PT, True, f"{source}: too long for one slide even at {LAST_RESORT_PT} pt; "
                        "it does not fit its box: shorten it or split it into several items")
    problems.append(page.problem)
    return page
