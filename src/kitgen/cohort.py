"""The people in the room as one kit uses them: its roster with the groups and pairs made from it.

Made at resolution (:mod:`kitgen.people`), shown to layouts by :mod:`kitgen.rosterviews`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kitgen.groups import Group
    from kitgen.pairs import Pair
    from kitgen.roster import Roster

_RTL = frozenset(("R", "AL"))


@dataclass(frozen=True)
class Cohort:
    """A roster with its groups and pairs (either may be empty)."""

    roster: Roster
    groups: tuple[Group, ...] = ()
    pairs: tuple[Pair, ...] = ()
    pairs_by: str | None = None
    """The column the pairs were made across (e.g. generation), shown beside each name."""
    pairs_sides: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Each side of the pairs (the lower end of `pairs_by` first): its name (the kit's `pairs.sides`,
    else empty) and the values of `pairs_by` it holds, lowest first."""

    def __repr__(self) -> str:  # never a name
        return f"Cohort({self.roster.file}, {len(self.roster)} people)"


def direction(text: str) -> str:
    """"rtl" when the first letter with a strong direction is right-to-left (Arabic, Hebrew), else "ltr"."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL:
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


TALL_SCRIPTS = ((0x0900, 0x0DFF), (0x0E00, 0x0EFF), (0x0F00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF),
                (0x1A20, 0x1AAF), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F))
"""Indic, Thai, Lao, Tibetan, Myanmar, Khmer and Tai Tham: scripts whose stacked marks reach far above
and below the line, which tight leading lets overlap the next line."""


def tall(text: str) -> bool:
    """Whether `text` has a character of a script that needs loose leading (:data:`TALL_SCRIPTS`)."""
    return any(lo <= ord(ch) <= hi for ch in text for lo, hi in TALL_SCRIPTS)


def width(text: str) -> int:
    """How many Latin letters wide `text` sets: wide (CJK) characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
