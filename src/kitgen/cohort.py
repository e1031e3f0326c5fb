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


def width(text: str) -> int:
    """How many Latin letters wide `text` sets: wide (CJK) characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
