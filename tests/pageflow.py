"""A page-flow checker for kitgen's PDF handouts, reading the pages back with pdfplumber.

It finds what a reader or a printer would call a bad page break, on any content:

- ``stranded``: a heading (large bold type, or a small bold uppercase label such as "GROUP TASK") is the
  last line in the lower half of a page, so it is separated from the block it introduces;
- ``near-empty``: a page that is not the last of its document carries fewer than a few lines of text
  and is not a deliberate page (writing lines, a dot grid, an "intentionally blank" back);
- ``underfull``: a page that is not the last of its document is less than a quarter full, with the
  next page's content pushed over by a break (a lone table or section on the next page);
- ``unlabelled``: a tinted box runs onto a page without its label at the top (the continuation reads
  like ordinary text);
- ``empty-box``: a tinted box shows on a page with no text in it (the box broke before its label: an
  empty tint at the page foot, and its label and content on the next page).

`check(path)` returns a list of `Finding`; an empty list means the document flows well. It reads the
pages through readback.py (each file parsed once per test run, with the other readings of its pages).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4


@dataclass(frozen=True)
class Finding:
    rule: str
    page: int
    text: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.rule}: {self.text}"


@dataclass(frozen=True)
class Zones:
    """The running header and footer zones (points from the top and bottom edges) and the thresholds."""

    header: float = 17 * MM
    footer: float = 18 * MM
    few_lines: int = 4
    underfull: float = 0.25


@dataclass
class Line:
    top: float
    bottom: float
    x0: float
    text: str
    size: float
    bold: bool

    @property
    def label_like(self) -> bool:
        """A small bold uppercase label (box label, h3, kicker, table header)."""
        letters = [c for c in self.text if c.isalpha()]
        return self.bold and self.size <= 10.5 and bool(letters) and all(c.isupper() for c in letters)

    @property
    def heading_like(self) -> bool:
        return (self.bold and self.size >= 13) or self.label_like


def lines_of(page, zones: Zones) -> list[Line]:
    """The body text of a page as lines (header and footer zones left out), top to bottom."""
    chars = [c for c in page.chars if c.text.strip() and c.top > zones.header and c.bottom < page.height - zones.footer]
    chars.sort(key=lambda c: (round(c.top), c.x0))
    lines: list[list] = []
    for c in chars:
        if lines and abs(lines[-1][0].top - c.top) < 2.5:
            lines[-1].append(c)
        else:
            lines.append([c])
    out = []
    for group in lines:
        group.sort(key=lambda c: c.x0)
        sizes = sorted(c.size for c in group)
        bold = sum("Bold" in c.fontname for c in group) > len(group) / 2
        out.append(Line(min(c.top for c in group), max(c.bottom for c in group), group[0].x0,
                        "".join(c.text for c in group), sizes[len(sizes) // 2], bold))
    return out


def _writing_rules(page, zones: Zones) -> int:
    """How many writing lines or form rows (wide rules or boxes under 15 mm high, by their bottom edge) the page body has."""
    rules = [r for r in (*page.rects, *page.lines)
             if r["width"] > page.width * 0.35 and abs(r["bottom"] - r["top"]) < 15 * MM
             and zones.header < r["top"] < page.height - zones.footer]
    return len({round(r["bottom"]) for r in rules})


def _white(rect: dict) -> bool:
    colour = rect.get("non_stroking_color")
    return isinstance(colour, tuple) and len(colour) in (1, 3) and all(c == 1 for c in colour)


def _within(inner: dict, outer: dict) -> bool:
    return (inner["x0"] >= outer["x0"] - 0.5 and inner["x1"] <= outer["x1"] + 0.5
            and inner["top"] >= outer["top"] - 0.5 and inner["bottom"] <= outer["bottom"] + 0.5)


def _pattern_area(page) -> float:
    """The largest image or filled region on the page, as a fraction of the page (dot grids, forms):
    a region as far as it shows, so less the white boxes drawn over it (a case card's rules under its
    text); a white fill is no region."""
    areas = [(i["x1"] - i["x0"]) * (i["bottom"] - i["top"]) for i in page.images]
    filled = [r for r in page.rects if r.get("fill")]
    whites = [r for r in filled if _white(r)]
    for r in filled:
        if not _white(r):
            covered = sum(w["width"] * w["height"] for w in whites if _within(w, r))
            areas.append(max(r["width"] * r["height"] - covered, 0.0))
    return max(areas, default=0) / (page.width * page.height)


def _drawn_below(page, line: Line, zones: Zones) -> bool:
    """Whether something is drawn under `line` on the page (the writing area a "Notes" label introduces)."""
    limit = page.height - zones.footer
    return any(o["top"] >= line.bottom - 0.5 and o["bottom"] < limit and o["bottom"] - o["top"] > 3 * MM
               for o in (*page.rects, *page.images))


def _used_bottom(page, body: list[Line], zones: Zones) -> float:
    """The lowest point of the page body that carries text or drawing."""
    bottoms = [ln.bottom for ln in body]
    limit = page.height - zones.footer
    bottoms += [o["bottom"] for o in (*page.rects, *page.lines, *page.images) if zones.header < o["bottom"] < limit]
    return max(bottoms, default=zones.header)


def _boxes(page, zones: Zones) -> list[dict]:
    """Labelled boxes: regions with a thick left bar (1.5-4 pt).

    WeasyPrint draws a border as one filled path, an outer and an inner rectangle of the same colour;
    a left bar shows as such a pair whose left edges differ by the bar's width while the top and bottom
    edges agree. (A plain border-top, a table rule or a background does not.)"""
    rects = [r for r in page.rects if r.get("fill") and r["width"] > page.width / 3 and r["top"] >= zones.header]
    out = []
    for outer in rects:
        for inner in rects:
            if inner is outer or inner.get("non_stroking_color") != outer.get("non_stroking_color"):
                continue
            if 1.5 <= inner["x0"] - outer["x0"] <= 4 and abs(inner["top"] - outer["top"]) < 1.5 \
                    and abs(inner["bottom"] - outer["bottom"]) < 1.5 and outer["height"] > 4 * MM:
                out.append(outer)
                break
    return out


def _unlabelled(page, body: list[Line], zones: Zones) -> str | None:
    """A box that starts above the page's first line of text and whose first line is not a label."""
    if not body:
        return None
    first = body[0]
    for box in _boxes(page, zones):
        if box["top"] > first.top:
            continue  # the box starts below the first line: its own label is checked where it starts
        inside = [ln for ln in body if box["top"] <= ln.top and ln.bottom <= box["bottom"] + 1
                  and box["x0"] - 1 <= ln.x0 <= box["x1"]]
        if inside and not inside[0].label_like:
            return inside[0].text[:60]
    return None


def _empty_box(page, body: list[Line], zones: Zones) -> bool:
    """A labelled box with no line of text inside it on this page."""
    return any(not [ln for ln in body if box["top"] - 1 <= ln.top and ln.bottom <= box["bottom"] + 1
                    and box["x0"] - 1 <= ln.x0 <= box["x1"]]
               for box in _boxes(page, zones))


def _is_cover(page) -> bool:
    """A cover: a filled band from the top edge across the whole width."""
    return any(r.get("fill") and r["top"] < 1 and r["width"] > page.width * 0.95 and r["height"] > page.height / 5
               for r in page.rects)


def _is_blank_back(page, body: list[Line], zones: Zones) -> bool:
    """An intentionally blank page: no body text at all."""
    return not body and _writing_rules(page, zones) == 0


def check_page(page, number: int, last: bool, zones: Zones) -> list[Finding]:
    body = lines_of(page, zones)
    found: list[Finding] = []
    if _is_blank_back(page, body, zones) or _is_cover(page):
        return found
    text = _unlabelled(page, body, zones)
    if text is not None:
        found.append(Finding("unlabelled", number, f"a box continues without its label: {text!r}"))
    if _empty_box(page, body, zones):
        found.append(Finding("empty-box", number, "a box with no text in it (it broke before its label)"))
    if last:
        return found
    body_top, body_bottom = zones.header, page.height - zones.footer
    if body and body[-1].heading_like and body[-1].top > page.height * 0.5 and not _drawn_below(page, body[-1], zones):
        found.append(Finding("stranded", number, f"heading at the foot of the page: {body[-1].text!r}"))
    deliberate = _writing_rules(page, zones) >= 5 or _pattern_area(page) > 0.5
    if len(body) < zones.few_lines and not deliberate:
        found.append(Finding("near-empty", number, f"{len(body)} line(s): {' / '.join(ln.text for ln in body)[:80]!r}"))
    elif not deliberate:
        used = (_used_bottom(page, body, zones) - body_top) / (body_bottom - body_top)
        if used < zones.underfull:
            found.append(Finding("underfull", number, f"{used:.0%} of the page used"))
    return found


def check(path: Path | str, zones: Zones | None = None) -> list[Finding]:
    """Every page-flow problem of one PDF."""
    from readback import read_pdf
    zones = zones or Zones()
    pages = read_pdf(Path(path)).layout
    found: list[Finding] = []
    for number, page in enumerate(pages, 1):
        found += check_page(page, number, number == len(pages), zones)
    return found
