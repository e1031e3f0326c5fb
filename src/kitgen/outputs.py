"""The outputs kitgen makes: one entry each, with its writer, edition and layout.

A new output is one entry here, its layout, and (for a new kind of file) its writer in
:mod:`kitgen.writers`; nothing else changes: the kit file, validation, the change detector, the
command line and the JSON Schema all take the names from this table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass

from kitgen.editions import PARTS, PEOPLE
from kitgen.writers.named import NamedWorkbooksWriter
from kitgen.writers.pdf import PdfWriter
from kitgen.writers.pptx import PptxWriter

if TYPE_CHECKING:
    from kitgen.writers.base import Writer


@dataclass(frozen=True)
class OutputSpec:
    """How one output is made."""

    name: str
    writer: Writer
    edition: str
    """"facilitator" or "participant": which material it may show (see :mod:`kitgen.editions`)."""
    layout: str
    shows: tuple[str, ...] = PARTS
    """The parts of the content the output shows; the others are left out of its context."""
    requires: tuple[str, ...] = ()
    """Parts of the content it cannot be made without (validation says so): cases, discussion, book_club."""
    needs: tuple[str, ...] = ()
    """Other outputs whose files its writer reads; they are made first."""
    cost: int = 1
    """Relative render time: the longest renders start first, so parallel workers finish together."""
    material: bool = True
    """Listed in the facilitator guide's materials checklist (by its label)."""
    default: bool = True
    """Made when the kit lists no outputs (the paperwork for the people in the room is made when listed)."""
    handout: bool = False
    """A handout participants receive: it gets a short label (H1, H2, ... in this table's order) that
    every output cites it by."""
    refers: tuple[str, ...] = ()
    """Outputs whose pages or slides it cites, when the kit makes them: they are made first, and their
    files are read for where each block is (see `Writer.anchors`)."""

    @property
    def label(self) -> str:
        """Key of the output's name in the locale catalogue (its name with underscores)."""
        return self.name.replace("-", "_")


PDF = PdfWriter()
PPTX = PptxWriter()
NAMED = NamedWorkbooksWriter()

OUTPUTS: dict[str, OutputSpec] = {spec.name: spec for spec in (
    OutputSpec("facilitator-guide", PDF, "facilitator", "facilitator-guide.html", shows=(*PARTS, PEOPLE), cost=6,
               refers=("slides", "participant-workbook", "case-cards")),
    OutputSpec("participant-workbook", PDF, "participant", "participant-workbook.html",
               shows=("topic", "cases", "activities"), cost=5, handout=True),
    OutputSpec("case-cards", PDF, "participant", "case-cards.html", shows=("topic", "cases", "activities"),
               requires=("cases",), cost=3, handout=True),
    OutputSpec("book-club-guide", PDF, "participant", "book-club-guide.html", shows=("topic", "book_club"),
               requires=("book_club",), cost=2, handout=True),
    OutputSpec("discussion-guide", PDF, "facilitator", "discussion-guide.html", shows=("topic", "discussion"),
               requires=("discussion",), cost=2),
    OutputSpec("slides", PPTX, "facilitator", "slides.jinja", cost=4, refers=("participant-workbook", "case-cards")),
    OutputSpec("name-tents", PDF, "participant", "name-tents.html", shows=(PEOPLE,), requires=(PEOPLE,), cost=2,
               default=False),
    OutputSpec("sign-in-sheet", PDF, "facilitator", "sign-in-sheet.html", shows=(PEOPLE,), requires=(PEOPLE,),
               default=False),
    OutputSpec("feedback-form", PDF, "participant", "feedback-form.html", shows=("topic",), default=False),
    OutputSpec("certificates", PDF, "participant", "certificates.html", shows=(PEOPLE,), requires=(PEOPLE,), cost=2,
               default=False),
    OutputSpec("groups", PDF, "facilitator", "groups.html", shows=("cases", PEOPLE), requires=(PEOPLE,), default=False),
    OutputSpec("named-workbooks", NAMED, "participant", "named-workbook.html", shows=(PEOPLE,), requires=(PEOPLE,),
               needs=("participant-workbook",), cost=5, default=False),
)}

