"""Readable text: the colour of every text kitgen sets or inherits, checked against what is behind it.

WCAG contrast ratios: at least 4.5:1 for body text, clock times and list numbers (and the bullets,
drawn in the same colour), 3:1 for large titles (18 pt, or 14 pt bold). A colour that fails is replaced by a colour of the theme
(the first of :data:`TEXT_ORDER` that passes against every colour behind the box, else the one
that comes closest), so the deck stays in the template's palette; greyed details are greyed only
while they stay readable. Pure: works on ``RRGGBB`` colours and the layout's palette
(:mod:`kitgen.deck.backdrop` reads them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kitgen.colour import contrast, lum

BODY_CONTRAST = 4.5
LARGE_CONTRAST = 3.0
MARKER_CONTRAST = 4.5  # list numbers are text; bullets share their colour
MUTED = (0.65, 0.35)  # lumMod, lumOff of greyed text: the text colour, lightened
#: Theme colours a text may take instead of one that fails, in order of preference.
TEXT_ORDER = ("tx1", "tx2", "bg1", "bg2", "dk1", "lt1", "dk2", "lt2",
              "accent1", "accent2", "accent3", "accent4", "accent5", "accent6")


@dataclass(frozen=True)
class TextColours:
    """The colours of one text box: ``text`` (a scheme colour written on every run; None: the inherited one
    is readable), the clock times' and the markers' scheme colours, and the greyed details' colour
    (``muted``: ``(scheme colour, lumMod, lumOff)``, or None: not greyed)."""

    text: str | None = None
    hang: str = "tx2"
    marker: str = "accent1"
    muted: tuple[str, float, float] | None = ("tx1",) + MUTED


def worst(colour: str | None, behind: Iterable[str]) -> float:
    """The lowest contrast of ``colour`` against any colour behind it (no colour known: infinite)."""
    ratios = [contrast(colour, b) for b in behind] if colour else []
    return min(ratios) if ratios else float("inf")


def pick(palette: Mapping[str, str], behind: tuple[str, ...], need: float, order: Iterable[str] = TEXT_ORDER) -> str:
    """The first scheme colour of ``order`` with ``need`` against everything behind, else the best one."""
    names = [name for name in order if name in palette]
    passing = next((name for name in names if worst(palette[name], behind) >= need), None)
    if passing is not None:
        return passing
    return max(names, key=lambda name: worst(palette[name], behind), default="tx1")


def need_for(size_pt: float, bold: bool, title: bool) -> float:
    """The contrast a text needs: 3:1 for a large title, else 4.5:1."""
    return LARGE_CONTRAST if title and (size_pt >= 18 or (bold and size_pt >= 14)) else BODY_CONTRAST


def _name_of(rgb: str, palette: Mapping[str, str]) -> str | None:
    return next((name for name in TEXT_ORDER if palette.get(name) == rgb), None)


def text_colours(inherited: str | None, behind: tuple[str, ...], palette: Mapping[str, str], need: float,
                 marker: str = "accent1") -> TextColours:
    """The colours of a text box whose text inherits ``inherited`` over ``behind`` (see the module doc);
    nothing known behind it: the slide's own background colour (``bg1``)."""
    behind = behind or (palette.get("bg1") or "FFFFFF",)
    text = None if worst(inherited, behind) >= need else pick(palette, behind, need)
    base = palette.get(text, inherited) if text else inherited
    base_name = text or (_name_of(base, palette) if base else None) or "tx1"
    hang = pick(palette, behind, BODY_CONTRAST, ("tx2", "accent1", base_name) + TEXT_ORDER)
    marks = pick(palette, behind, MARKER_CONTRAST, (marker, "tx2", base_name) + TEXT_ORDER)
    named = text or (_name_of(base, palette) if base else "tx1")  # greyed from the text's own theme colour
    muted_rgb = lum(palette.get(named, base or "000000"), *MUTED) if named else None
    muted = (named,) + MUTED if named and muted_rgb and worst(muted_rgb, behind) >= BODY_CONTRAST else None
    return TextColours(text, hang, marks, muted)
