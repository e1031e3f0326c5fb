"""Where text boxes may go on a slide: clear of the logo and of the template's small pictures (a
logo on its master), and the free space a box may grow into. Pure geometry, in EMU.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.deck.geometry import LayoutGeometry, Rect, TextPlaceholder

if TYPE_CHECKING:
    from collections.abc import Iterable

FOOT_MARGIN = 320040  # a box grows down to 0.35 in above the slide's foot
GROW_GAP = 91440  # and stops 0.1 in above what is below it
LOGO_MARGIN = 685800  # the logo stands 0.75 in from the slide's edges
LOGO_GAP = 228600  # a text box narrowed for the logo ends 0.25 in before it


@dataclass(frozen=True)
class Logo:
    """The logo picture: its file, alt text and size in pixels."""

    path: Path
    alt: str
    width_px: int
    height_px: int


def logo_area(geometry: LayoutGeometry, builtin: bool) -> Rect:
    """Where the logo goes on the title slide (it is scaled to fit, flush right)."""
    if builtin:  # beside the subtitle and details, below the title band
        return Rect(geometry.slide_width - LOGO_MARGIN - 2286000, 4709160, 2286000, 1371600)
    return Rect(geometry.slide_width - LOGO_MARGIN - 1828800, geometry.slide_height - LOGO_MARGIN - 731520,
                1828800, 731520)


def logo_picture(area: Rect, logo: Logo) -> Rect:
    """The logo scaled into ``area``, flush right and centred vertically."""
    scale = min(area.width / logo.width_px, area.height / logo.height_px)
    width, height = int(logo.width_px * scale), int(logo.height_px * scale)
    return Rect(area.left + area.width - width, area.top + (area.height - height) // 2, width, height)


def out_of_the_way(ph: TextPlaceholder, area: Rect) -> Rect | None:
    """Where a text box that runs into the logo ``area`` goes instead (None: it does not).

    Shorter, when stopping above the logo keeps most of its height; else narrower, and a centred
    box narrows from both sides so its text stays centred under the title.
    """
    left, top, width, height = ph.rect.left, ph.rect.top, ph.rect.width, ph.rect.height
    if ph.rect.bottom <= area.top or top >= area.bottom or ph.rect.right <= area.left or left >= area.right:
        return None
    above = area.top - GROW_GAP - top
    if above >= 0.6 * height:
        return Rect(left, top, width, above)
    cut = left + width - (area.left - LOGO_GAP)
    if ph.style.align == "ctr" and width - 2 * cut >= max(width // 2, 1828800):
        return Rect(left + cut, top, width - 2 * cut, height)
    return Rect(left, top, max(int(area.left - LOGO_GAP - left), 914400), height)


def room_below(geometry: LayoutGeometry, ph: TextPlaceholder, logo: Rect | None) -> int:
    """The height ``ph`` could have, growing down into free space (0.35 in above the slide's foot).

    Only for top-anchored boxes; every other shape of the layout (and of the master, when the layout
    shows it) that overlaps its column below it stops the growth.
    """
    left, top, width, height = ph.rect.left, ph.rect.top, ph.rect.width, ph.rect.height
    if ph.anchor not in (None, "t") or not width:
        return 0
    limit = geometry.slide_height - FOOT_MARGIN
    for other in geometry.obstacles(ph) + ([logo] if logo else []):
        if other.left < left + width and other.right > left and other.bottom > top + height - 12700:
            if other.top < top + height - 12700:  # something beside or over it already: do not grow
                return 0
            limit = min(limit, other.top - GROW_GAP)
    return max(0, limit - top)


def room_above(geometry: LayoutGeometry, ph: TextPlaceholder, logo: Rect | None) -> int:
    """The height ``ph`` could have, growing up into free space (0.35 in below the slide's top).

    Only for bottom-anchored boxes, whose text sits on their lower edge (a section's lead above its
    title); what overlaps its column above it stops the growth, as in :func:`room_below`.
    """
    left, top, width, height = ph.rect.left, ph.rect.top, ph.rect.width, ph.rect.height
    if ph.anchor != "b" or not width:
        return 0
    limit = FOOT_MARGIN
    for other in geometry.obstacles(ph) + ([logo] if logo else []):
        if other.left < left + width and other.right > left and other.top < top + 12700:
            if other.bottom > top + 12700:
                return 0
            limit = max(limit, other.bottom + GROW_GAP)
    return max(0, top + height - limit)


def clear_of(ph: TextPlaceholder, logo: Rect | None, pictures: Iterable[Rect]) -> TextPlaceholder:
    """``ph`` with its box moved clear of the kit's ``logo`` area (:func:`out_of_the_way`) and of each of the
    template's small ``pictures`` it runs into (:func:`beside`); marked moved (``clipped``) when it is, so
    its new place is written on the slide."""
    rect = ph.rect
    moved = out_of_the_way(ph, logo) if logo else None
    rect = moved or rect
    for picture in pictures:
        rect = beside(rect, picture, ph.style.align == "ctr") or rect
    return ph if rect == ph.rect else replace(ph, rect=rect, clipped=True)


KEEP = 0.5
"""The least share of its area a text box keeps when it makes way for a picture: a smaller remainder
would set its text far smaller than the template means, so it stays where it is."""


def beside(rect: Rect, picture: Rect, centred: bool = False) -> Rect | None:
    """The largest part of ``rect`` clear of ``picture`` (above, below, left or right of it, a gap away; a
    centred box narrowed from both sides, so its text stays centred), or None when the picture is not in
    it or no part keeps :data:`KEEP` of its area."""
    if not (rect.left < picture.right and picture.left < rect.right and rect.top < picture.bottom
            and picture.top < rect.bottom):
        return None
    gap = GROW_GAP
    sides = [Rect(rect.left, rect.top, rect.width, picture.top - gap - rect.top),
             Rect(rect.left, picture.bottom + gap, rect.width, rect.bottom - picture.bottom - gap),
             Rect(rect.left, rect.top, picture.left - gap - rect.left, rect.height),
             Rect(picture.right + gap, rect.top, rect.right - picture.right - gap, rect.height)]
    if centred:
        cut = max(rect.right - (picture.left - gap), (picture.right + gap) - rect.left)
        sides.append(Rect(rect.left + cut, rect.top, rect.width - 2 * cut, rect.height))
    kept = [r for r in sides if r.width > 0 and r.height > 0]
    best = max(kept, key=lambda r: (r.width * r.height, r.left == rect.left + (rect.width - r.width) // 2),
               default=None)
    if best is None or best.width * best.height < KEEP * rect.width * rect.height:
        return None
    return best
