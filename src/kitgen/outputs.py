"""The six outputs: file name, edition, layout and writer of each. A new output is one entry here."""

from __future__ import annotations

from dataclasses import dataclass



@dataclass(frozen=True)
class OutputSpec:
    """How one output is made."""

    name: str
    writer: str  # "pdf" or "deck"
    edition: str  # "facilitator" or "participant"
    layout: str
    label: str  # key of the output's name in the locale catalogue
    reads: tuple[str, ...] = ()
    """The parts of the content (Session.sources keys) the output shows; an edit elsewhere leaves it alone."""
    cost: int = 1
    """Relative render time: the longest renders start first, so parallel workers finish together."""

    @property
    def suffix(self) -> str:
        return ".pptx" if self.writer == "deck" else ".pdf"

    def filename(self, kit_id: str) -> str:
        return f"{kit_id}-{self.name}{self.suffix}"


ALL = ("topic", "cases", "activities", "discussion", "book_club")

SPECS: dict[str, OutputSpec] = {spec.name: spec for spec in (
    OutputSpec("facilitator-guide", "pdf", "facilitator", "facilitator-guide.html", "facilitator_guide", ALL, cost=6),
    OutputSpec("participant-workbook", "pdf", "participant", "participant-workbook.html", "participant_workbook",
               ("topic", "cases", "activities"), cost=5),
    OutputSpec("case-cards", "pdf", "participant", "case-cards.html", "case_cards", ("topic", "cases"), cost=3),
    OutputSpec("book-club-guide", "pdf", "participant", "book-club-guide.html", "book_club_guide",
               ("topic", "book_club"), cost=2),
    OutputSpec("discussion-guide", "pdf", "facilitator", "discussion-guide.html", "discussion_guide",
               ("topic", "discussion"), cost=2),
    OutputSpec("slides", "deck", "facilitator", "slides.jinja", "slides", ALL, cost=4),
)}
OUTPUTS = tuple(SPECS)
