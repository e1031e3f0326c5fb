"""The outputs kitgen makes: one entry each, with its writer, edition and layout.

A new output is one entry here, its layout, and (for a new kind of file) its writer in
:mod:`kitgen.writers`; nothing else changes: the kit file, validation, the change detector, the
command line and the JSON Schema all take the names from this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kitgen.editions import PARTS, PEOPLE
from kitgen.writers.named import NamedWorkbooksWriter
from kitgen.writers.pdf import PdfWriter
from kitgen.writers.pptx import PptxWriter
from kitgen.writers.press import BOOKLET, FILES, PACK, PRINT_ORDER, PRINT_ORDER_CSV, PRINT_ORDER_JSON, PRINTED, TWO_UP

if TYPE_CHECKING:
    from kitgen.models import Kit
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
    """What it cannot be made without (validation says so): the content's cases, discussion or book_club,
    the roster, a number of participants (the print order)."""
    needs: tuple[str, ...] = ()
    """Other outputs whose files its writer reads; they are made first."""
    cost: int = 1
    """Relative render time: the longest renders start first, so parallel workers finish together."""
    material: bool = True
    """Listed in the facilitator guide's materials checklist (by its label)."""
    made: str = "default"
    """When a kit makes it (`check.kit_outputs` decides, for validation and the plan alike): "default"
    (when the kit lists no outputs, else when it lists it), "listed" (when the kit lists it, or its
    settings ask for it: `asked_by`; the paperwork for the people in the room and the print files),
    "asked" (only when named: `kitgen pack`)."""
    asked_by: Callable[[Kit, OutputSpec], bool] | None = None
    """Whether the kit's settings ask for it without listing it (a booklet, two-up cards, the print
    order); it is then made when the outputs it is made from (`needs`) are."""
    stem: str = ""
    """Its file name between the kit's id and the suffix, when not its name (the print order's CSV
    and JSON are <kit>-print-order.csv and .json)."""
    gathers: frozenset[str] = frozenset()
    """Writer kinds of the kit's other outputs it is made from, besides `needs` (the print order
    reads the printed files, the pack every file)."""
    printed_for: str = ""
    """Who gets a printed copy, as the print order counts copies (:mod:`kitgen.printorder`): "group"
    (a set per breakout group), "named" (one file holding every participant's own copy, printed
    once); default: its edition (the facilitator's one copy, or one per participant and the spares)."""
    simplex: bool = False
    """Printed on one side even when the kit prints on both (a certificate, a name tent: a sheet each)."""
    per_person: bool = False
    """Its pages are each person's own, made from `roster.sorted` (or `roster.people`) one person after
    the other: for a large roster it is rendered a few hundred people at a time, in parallel, and the
    parts joined (:func:`kitgen.handouts.write_in_parts`)."""
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
               requires=("cases",), cost=3, printed_for="group", handout=True),
    OutputSpec("book-club-guide", PDF, "participant", "book-club-guide.html", shows=("topic", "book_club"),
               requires=("book_club",), cost=2, handout=True),
    OutputSpec("discussion-guide", PDF, "facilitator", "discussion-guide.html", shows=("topic", "discussion"),
               requires=("discussion",), cost=2),
    OutputSpec("slides", PPTX, "facilitator", "slides.jinja", cost=4, refers=("participant-workbook",)),
)}
HANDOUTS = tuple(name for name, spec in OUTPUTS.items() if spec.writer is PDF)
"""The handouts a kit makes by default: those it can print as booklets."""

# The paperwork for the people in the room, made when the kit lists it (most of it from the roster).
OUTPUTS.update({spec.name: spec for spec in (
    OutputSpec("name-tents", PDF, "participant", "name-tents.html", shows=(PEOPLE,), requires=(PEOPLE,), cost=2,
               made="listed", printed_for="named", simplex=True, per_person=True),
    OutputSpec("sign-in-sheet", PDF, "facilitator", "sign-in-sheet.html", shows=(PEOPLE,), requires=(PEOPLE,),
               made="listed"),
    OutputSpec("feedback-form", PDF, "participant", "feedback-form.html", shows=("topic",), made="listed"),
    OutputSpec("certificates", PDF, "participant", "certificates.html", shows=(PEOPLE,), requires=(PEOPLE,), cost=2,
               made="listed", printed_for="named", simplex=True, per_person=True),
    OutputSpec("groups", PDF, "facilitator", "groups.html", shows=("cases", PEOPLE), requires=(PEOPLE, "groupings"),
               made="listed"),
    OutputSpec("named-workbooks", NAMED, "participant", "named-workbook.html", shows=(PEOPLE,), requires=(PEOPLE,),
               needs=("participant-workbook",), cost=5, made="listed", printed_for="named"),
)})


def _booklet_asked(kit: Kit, spec: OutputSpec) -> bool:
    return spec.needs[0] in kit.print_.booklet


def _two_up_asked(kit: Kit, spec: OutputSpec) -> bool:
    return kit.print_.two_up_cards


def _order_asked(kit: Kit, spec: OutputSpec) -> bool:
    return kit.participants is not None


# Print files, made from the handouts: a booklet of each, cards two to a sheet, the print order, the pack.
OUTPUTS.update({spec.name: spec for spec in (
    *(OutputSpec(f"{name}-booklet", BOOKLET, OUTPUTS[name].edition, "", needs=(name,), material=False, made="listed",
                 asked_by=_booklet_asked) for name in HANDOUTS),
    OutputSpec("case-cards-two-up", TWO_UP, "participant", "", needs=("case-cards",), material=False, made="listed",
               asked_by=_two_up_asked),
    OutputSpec("print-order", PRINT_ORDER, "facilitator", "print-order.html", gathers=PRINTED, material=False,
               requires=("participants",), made="listed", asked_by=_order_asked),
    OutputSpec("print-order-csv", PRINT_ORDER_CSV, "facilitator", "", gathers=PRINTED, material=False, made="listed",
               requires=("participants",), asked_by=_order_asked, stem="print-order"),
    OutputSpec("print-order-json", PRINT_ORDER_JSON, "facilitator", "", gathers=PRINTED, material=False, made="listed",
               requires=("participants",), asked_by=_order_asked, stem="print-order"),
    OutputSpec("pack", PACK, "facilitator", "", gathers=FILES, material=False, made="asked"),
)})
