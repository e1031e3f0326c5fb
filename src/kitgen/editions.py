"""What each edition and each output shows of the content.

The participant edition has no facilitator-only material in it at all, so no layout can leak it;
an output is given only the parts of the content it shows (the book-club guide has no case studies).
"""

from __future__ import annotations

EDITIONS = ("facilitator", "participant")
PARTS = ("topic", "cases", "activities", "discussion", "book_club")
"""The parts of the content an output shows unless it says otherwise (an output's `shows`)."""
PEOPLE = "roster"
"""The people in the room: shown only by the outputs that name this part in their `shows`."""
FACILITATOR_ONLY = frozenset({"facilitator_notes", "notes", "solution", "debrief"})
"""Fields only the facilitator edition has, wherever they stand: facilitator notes, an agenda block's or
a slide's notes, a solution (an activity's answer key, a worksheet item's right answer), debrief points
(an activity's, a case study's and its questions')."""


def shows(edition: str, field: str) -> bool:
    """Whether the `edition` of an output has the field `field` (facilitator-only fields are None elsewhere)."""
    return edition == "facilitator" or field not in FACILITATOR_ONLY
