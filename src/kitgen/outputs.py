"""The six outputs: file name, edition, layout and writer of each. A new output is one entry here."""

from __future__ import annotations

from dataclasses import dataclass

from kitgen.models.kit import OUTPUTS


@dataclass(frozen=True)
class OutputSpec:
    """How one output is made."""

    name: str
    writer: str  # "pdf" or "deck"
    edition: str  # "facilitator" or "participant"
    layout: str
    label: str  # key of the output's name in the locale catalogue

    @property
    def suffix(self) -> str:
        return ".pptx" if self.writer == "deck" else ".pdf"

    def filename(self, kit_id: str) -> str:
        return f"{kit_id}-{self.name}{self.suffix}"


SPECS: dict[str, OutputSpec] = {
    "facilitator-guide": OutputSpec("facilitator-guide", "pdf", "facilitator", "facilitator-guide.html", "facilitator_guide"),
    "participant-workbook": OutputSpec("participant-workbook", "pdf", "participant", "participant-workbook.html", "participant_workbook"),
    "case-cards": OutputSpec("case-cards", "pdf", "participant", "case-cards.html", "case_cards"),
    "book-club-guide": OutputSpec("book-club-guide", "pdf", "participant", "book-club-guide.html", "book_club_guide"),
    "discussion-guide": OutputSpec("discussion-guide", "pdf", "facilitator", "discussion-guide.html", "discussion_guide"),
    "slides": OutputSpec("slides", "deck", "facilitator", "slides.jinja", "slides"),
}
assert tuple(SPECS) == OUTPUTS
