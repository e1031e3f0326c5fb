"""Copyfitting: find the sections whose last few lines spill onto a page of their own, to set them tighter.

A section that must start a new page (a case study in the workbook, the action plan) leaves the page
before it to whatever precedes it. When that is only the last few lines of the previous section, the
page is nearly empty and printed for every participant. CSS cannot see this (it does not know where a
page will break), so a build renders, reads the PDF back, and renders again with the spilling sections
set slightly tighter (`.sec.tight`: leading and spacing reduced), which takes those lines back.

Read with pikepdf: WeasyPrint places every text run with an absolute `Tm` and draws rules and boxes as
`re` rectangles, in CSS pixels measured from the top of the page; the sections are the named
destinations of their ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

MM = 72 / 25.4
PX = 0.75
"""Points per CSS pixel: WeasyPrint draws a page in CSS pixels (`0.75 0 0 0.75 0 0 cm`), measured here in points."""
HEADER, FOOTER = 17 * MM, 18 * MM  # the running header and footer zones, from the page edges
UNDERFULL = 0.25  # a page whose text ends in the top quarter of its body
FULL = 0.96  # a page filled to its foot: what starts on the next page may have been pushed there
TAIL = 0.4  # a card's third page holding its last lines in the top 40% of its body: a short tail
LINE = 9 * MM  # a writing line (print.css: .lines .line)
BODY_FOOT = 22 * MM  # the foot of a handout page's body, from the page's bottom edge (print.css: @page)
SLACK = 2 * MM  # what measuring from the PDF may be off by
FILL_MARKS = ("-lines", "-lines-end")
"""The ends of the ids that mark where writing lines (and a section's notes) start and end: not sections."""
NOTES = "-notes"
NOTES_MIN = 5
"""The fill of a section's notes (layouts' `m.notes_to_foot`), and the lines of room it needs: its
label's and four more, below a line's room left for the margin after the section's last words (an
empty element's mark sits above that margin, the notes below it)."""


def lowest(page: pikepdf.Page) -> float:
    """How far down from the top of the page its body's text and drawings (writing lines, forms) reach,
    in points (HEADER when the body is empty)."""
    import pikepdf
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    found = HEADER
    for operands, operator in pikepdf.parse_content_stream(page, "Tm re"):
        bottom = PX * (float(operands[5]) if str(operator) == "Tm" else float(operands[1]) + abs(float(operands[3])))
        if HEADER < bottom < height - FOOTER:
            found = max(found, bottom)
    return found


def used(page: pikepdf.Page) -> float:
    """How far down the page body its text and drawings (writing lines, forms) reach, from 0 (nothing)
    to 1 (the foot)."""
    height = float(page.mediabox[3]) - float(page.mediabox[1])
    return (lowest(page) - HEADER) / (height - FOOTER - HEADER)


def open_lines(pdf: pikepdf.Pdf, found: dict[str, tuple[int, float]]) -> dict[str, int]:
    """For the writing lines that end a page with room below them (an id `<x>-lines`, ending at
    `<x>-lines-end` on the same page, with nothing drawn below): as many more lines as reach the foot
    of the page's body, shared by every such set of lines on the page (the last ones get what does not
    share evenly), by `<x>`. Sharing keeps the questions of a page equal, the last not the only one to
    get room.

    A section's notes (`<x>` ending in `-notes`, after the section's last words) that end a page get
    the room when it holds at least `NOTES_MIN` lines, unless writing lines end just above them: then
    those lines take it."""
    on_page: dict[int, list[tuple[float, str]]] = {}
    for name, (number, end) in found.items():
        fill = name.removesuffix("-lines-end")
        start = found.get(f"{fill}-lines")
        if fill != name and start is not None and start[0] == number:
            on_page.setdefault(number, []).append((end, fill))
    out = {}
    for number, fills in on_page.items():
        page = pdf.pages[number - 1]
        fills = _taking_room(sorted(fills), lowest(page))
        if not fills:
            continue
        height = float(page.mediabox[3]) - float(page.mediabox[1])
        more = int((height - BODY_FOOT - fills[-1][0] - SLACK) // LINE)
        if fills[-1][1].endswith(NOTES):
            more -= 1  # the margin after the section's last words, which its empty notes' mark sits above
            if more < NOTES_MIN:
                continue
        each, left = divmod(more, len(fills))
        for i, (_, fill) in enumerate(fills):
            share = each + (1 if i >= len(fills) - left else 0)
            if share > 0:
                out[fill] = share
    return out


def _taking_room(fills: list[tuple[float, str]], bottom: float) -> list[tuple[float, str]]:
    """Of a page's fills (where each ends, in document order), those that take the room below the
    page's last text or drawing (`bottom`): its writing lines, when they end it, or else a section's
    notes after its last words, unless writing lines end just above those notes."""
    lines = [f for f in fills if not f[1].endswith(NOTES)]
    last = fills[-1]
    if last[1].endswith(NOTES):
        if lines and last[0] - lines[-1][0] < LINE:
            last = lines[-1]  # the notes follow writing lines at once: the lines go on instead
        elif bottom <= last[0] + SLACK:
            return [last]
        else:
            return []
    if abs(bottom - last[0]) > SLACK:
        return []  # something else ends the page
    return [f for f in lines if f[0] <= last[0]]


def anchor_pages(pdf: pikepdf.Pdf) -> dict[str, int]:
    """The page (1-based) of every named destination (an element id in the HTML)."""
    return {name: page for name, (page, _) in anchors(pdf).items()}


def anchors(pdf: pikepdf.Pdf) -> dict[str, tuple[int, float]]:
    """Every named destination (an element id in the HTML): its page (1-based) and its distance from the
    top of the page, so that sorting the values gives document order."""
    import pikepdf
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    if dests is None:
        return {}
    pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
    out = {}
    for name, value in pikepdf.NameTree(dests).items():
        target = value.get("/D") if isinstance(value, pikepdf.Dictionary) else value
        if isinstance(target, pikepdf.Array) and len(target) and target[0].objgen in pages:
            page = pdf.pages[pages[target[0].objgen] - 1]
            top = float(target[3]) if len(target) > 3 and target[1] == "/XYZ" else float(page.mediabox[3])
            out[str(name)] = (pages[target[0].objgen], float(page.mediabox[3]) - top)
    return out


def spilling_sections(pdf: pikepdf.Pdf, sections: Iterable[str] | None = None, last: int = 1,
                      found: dict[str, tuple[int, float]] | None = None) -> set[str]:
    """The sections to set tighter for a page whose text ends in its top quarter (other than the `last`
    ones, a back page: `last` - 1 of them): the last of `sections` (ids in document order; default:
    every named destination, by page) that starts before it. Its tail is alone on the page, or a short
    section starting there was pushed over by it: set tighter, it takes them back. The document's own
    last page counts only when it holds a tail alone (a document that ends in a few lines of what
    began before, such as a list's last items): a section starting on it ends the document as it should.
    `found`: the PDF's `anchors`, when already read."""
    found = anchors(pdf) if found is None else found
    where = {name: page for name, (page, _) in found.items()}
    ordered = list(sections) if sections is not None else sorted(
        (name for name in found if not name.endswith(FILL_MARKS)), key=lambda s: found[s])
    starts = [(where[s], s) for s in ordered if s in where]
    spilled: set[str] = set()
    final = len(pdf.pages) - (last - 1)
    for number, page in enumerate(pdf.pages[:final], 1):
        if number == final and any(start == number for start, _ in starts):
            continue
        if 0 < used(page) < UNDERFULL:
            pushed = number > 1 and used(pdf.pages[number - 2]) > FULL
            spilled.update(_to_tighten(starts, number, pushed))
    return spilled


def short_tails(pdf: pikepdf.Pdf, found: dict[str, tuple[int, float]] | None = None) -> set[str]:
    """The cards to set tighter: those (an id with an `<id>-end` marker) that run onto a third page for a
    short tail, ending in the top `TAIL` of its body. Set tighter, a card keeps to the two sides of one sheet.
    `found`: the PDF's `anchors`, when already read."""
    found = anchors(pdf) if found is None else found
    out = set()
    for name, (page, _) in found.items():
        end = found.get(f"{name}-end")
        if end is not None and end[0] - page >= 2:
            box = pdf.pages[end[0] - 1].mediabox
            body = float(box[3]) - float(box[1]) - HEADER - FOOTER
            if end[1] - HEADER < TAIL * body:
                out.add(name)
    return out


def long_cards(pdf: pikepdf.Pdf, found: dict[str, tuple[int, float]] | None = None) -> dict[str, int]:
    """The cards (an id with an `<id>-end` marker) of more than two pages, and their pages: printed on
    both sides, each takes more than one sheet."""
    found = anchors(pdf) if found is None else found
    out = {}
    for name, (page, _) in found.items():
        end = found.get(f"{name}-end")
        if end is not None and not name.endswith(FILL_MARKS) and end[0] - page >= 2:
            out[name] = end[0] - page + 1
    return out


def _to_tighten(starts: list[tuple[int, str]], number: int, pushed: bool) -> list[str]:
    """For a near-empty page `number`: the section whose tail it holds (the last one started before it);
    when a section starts on it instead, and the page before is full (`pushed`), that page's sections
    (the ones starting on it and the one running into it); else none."""
    before = [s for start, s in starts if start < number]
    if not any(start == number for start, _ in starts):
        return before[-1:]
    if not pushed:
        return []  # a section that starts a page of its own: nothing pushed it there
    on_it = [s for start, s in starts if start == number - 1]
    running = [s for start, s in starts if start < number - 1][-1:]
    return on_it + running


def fit(render: Callable[[dict], Path], duplex: bool = False, rounds: int = 3) -> dict:
    """Render (`render(hints)` writes the PDF and returns its path) until the hints stop changing, at
    most `rounds` times more, and return the hints of the last render:

    - `tight`: the sections set tighter, those whose tail fell alone on a page, and the cards that ran
      onto a third page for a short tail;
    - `back_page`: printed on both sides, whether the document ends with a blank back page (it does
      when its page count is odd without one, so the count is even and "Page 3 of 12" counts it).

    - `more_lines`: once those are settled, the writing lines that end a page with room below them,
      continued to its foot (:func:`open_lines`), rather than leave the rest of the page blank.

    A section newly set tighter is expected to take its spilled page back, so the back page is decided
    on the page count that render will have: one render usually settles both."""
    import pikepdf
    hints: dict = {"tight": [], "back_page": False}
    path = render(hints)
    for _ in range(rounds):
        with pikepdf.open(path) as pdf:
            back = 1 if hints["back_page"] else 0
            found = anchors(pdf)
            tight = sorted(set(hints["tight"]) | spilling_sections(pdf, last=1 + back, found=found)
                           | short_tails(pdf, found))
            pages = len(pdf.pages) - back - len(set(tight) - set(hints["tight"]))
        new = {"tight": tight, "back_page": duplex and pages % 2 == 1}
        if new == hints:
            break
        hints = new
        path = render(hints)
    return _filled(render, path, hints)


def _filled(render: Callable[[dict], Path], path: Path, hints: dict) -> dict:
    """Once the pages are settled: writing lines that end a page with room below them continued to its
    foot (`more_lines`), by one more render, kept only when every page and section stays where it was."""
    import pikepdf
    with pikepdf.open(path) as pdf:
        found = anchors(pdf)
        before = {name: page for name, (page, _) in found.items()}, len(pdf.pages)
        more = open_lines(pdf, found)
    if not more:
        return hints
    filled = {**hints, "more_lines": more}
    with pikepdf.open(render(filled)) as pdf:
        kept = (anchor_pages(pdf), len(pdf.pages)) == before
    if kept:
        return filled
    render(hints)  # the lines did not fit as measured (a layout with other margins): as it was
    return hints
