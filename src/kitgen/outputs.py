"""The outputs kitgen makes: one entry each, with its writer, edition and layout.

A new output is one entry here, its layout, and (for a new kind of file) its writer in
:mod:`kitgen.writers`; nothing else changes: the kit file, validation, the change detector, the
command line and the JSON Schema all take the names from this table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass

from kitgen.editions import PARTS
from kitgen.writers.pdf import PdfWriter
from kitgen.writers.pptx import PptxWriter
from kitgen.writers.press import BOOKLET, PACK, PRINT_ORDER, PRINT_ORDER_CSV, PRINT_ORDER_JSON, PRINTED, TWO_UP

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
    made: str = "default"
    """When it is made: "default" (unless the kit lists its outputs), "listed" (when the kit lists it,
    or its print options ask for it: `Kit.output_names`), "asked" (only when named: `kitgen pack`)."""
    stem: str = ""
    """Its file name between the kit's id and the suffix, when not its name (the print order's CSV
    and JSON are <kit>-print-order.csv and .json)."""
    gathers: frozenset[str] = frozenset()
    """Writer kinds of the kit's other outputs it is made from, besides `needs` (the print order
    reads the printed files, the pack every file)."""

    @property
    def label(self) -> str:
        """Key of the output's name in the locale catalogue (its name with underscores)."""
        return self.name.replace("-", "_")


PDF = PdfWriter()
PPTX = PptxWriter()

OUTPUTS: dict[str, OutputSpec] = {spec.name: spec for spec in (
    OutputSpec("facilitator-guide", PDF, "facilitator", "facilitator-guide.html", cost=6),
    OutputSpec("participant-workbook", PDF, "participant", "participant-workbook.html",
               shows=("topic", "cases", "activities"), cost=5),
    OutputSpec("case-cards", PDF, "participant", "case-cards.html", shows=("topic", "cases"), requires=("cases",), cost=3),
    OutputSpec("book-club-guide", PDF, "participant", "book-club-guide.html", shows=("topic", "book_club"),
               requires=("book_club",), cost=2),
    OutputSpec("discussion-guide", PDF, "facilitator", "discussion-guide.html", shows=("topic", "discussion"),
               requires=("discussion",), cost=2),
    OutputSpec("slides", PPTX, "facilitator", "slides.jinja", cost=4),
)}
HANDOUTS = tuple(name for name, spec in OUTPUTS.items() if spec.writer is PDF)

# Print files, made from the handouts: a booklet of each, cards two to a sheet, the print order, the pack.
OUTPUTS.update({spec.name: spec for spec in (
    *(OutputSpec(f"{name}-booklet", BOOKLET, OUTPUTS[name].edition, "", needs=(name,), material=False, made="listed")
      for name in HANDOUTS),
    OutputSpec("case-cards-two-up", TWO_UP, "participant", "", needs=("case-cards",), material=False, made="listed"),
    OutputSpec("print-order", PRINT_ORDER, "facilitator", "print-order.html", gathers=PRINTED, material=False, made="listed"),
    OutputSpec("print-order-csv", PRINT_ORDER_CSV, "facilitator", "", gathers=PRINTED, material=False, made="listed",
               stem="print-order"),
    OutputSpec("print-order-json", PRINT_ORDER_JSON, "facilitator", "", gathers=PRINTED, material=False, made="listed",
               stem="print-order"),
    OutputSpec("pack", PACK, "facilitator", "", gathers=frozenset({"pdf", "deck", *PRINTED, "print-order", "csv", "json"}),
               material=False, made="asked"),
)})
