"""The print order: what to print for a session, how many, on what, and the materials the agenda names.

Pure: from the kit's print settings, each printed output's file and page count, and the agenda's
materials, it computes one line per file to print and one per material, and writes them as CSV and
JSON (the same rows, byte for byte reproducible). The one-page PDF is the `print-order.html` layout.

Copies follow from who a handout is for: the facilitator's documents one copy; participants' documents
one per participant plus the spares; case cards one set per breakout group (the roster's groups, else
participants divided by the group size, rounded up), or per pair or trio when the role cards printed with
them are played by more of those at once, plus one spare set when there are spares; a file
that holds every participant's own copy (named workbooks, certificates, name tents) one copy, and the
handout the named workbooks are made from then only the spares. Sheets follow from the pages: one
page a sheet printed on one side, two printed on both sides (a booklet's file has one page per side of
its double-size sheets, always printed on both; certificates and name tents always on one) and, for
two-up cards, two copies on every sheet.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from kitgen.schedule.materials import per_of

FOR_FACILITATOR, FOR_PARTICIPANT, FOR_GROUP = "facilitator", "participant", "group"
FOR_NAMED, FOR_SPARES = "named", "spares"
"""A file holding each participant's own copy (printed once); a handout whose named copies are printed
(printed for the spares only)."""


@dataclass(frozen=True)
class PrintFile:
    """One file of the session, as the print order needs to know it."""

    output: str
    """The output's name (e.g. "participant-workbook")."""
    file: str
    """Its file name in the output folder."""
    label: str
    """Its name in the kit's language."""
    audience: str
    """Who gets a copy: "facilitator", "participant" (one each), "group" (one per breakout group),
    "named" (the file holds one copy per participant) or "spares" (the spares only)."""
    pages: int
    paper: str
    """The paper it prints on: "A4", "Letter", "A3" (a booklet's sheets), …"""
    layout: str = "flat"
    """"flat" (pages as they are), "booklet" (folded sheets, four pages each) or "two-up" (two copies a sheet)."""
    simplex: bool = False
    """Printed on one side even when the session prints on both."""


@dataclass(frozen=True)
class Settings:
    """The kit's print settings."""

    participants: int
    spares: int = 0
    group_size: int = 4
    duplex: bool = False
    colour: bool = True
    group_count: int | None = None
    """The breakout groups the roster makes, when it makes them (else counted from the group size)."""
    card_units: tuple[str, ...] = ()
    """Who plays the role cards printed with the case cards, per block ("pair", "trio", "group"): each
    such unit needs a set, so the case cards are printed for the most of them."""

    @property
    def groups(self) -> int:
        if self.group_count is not None:
            return self.group_count
        return math.ceil(self.participants / self.group_size) if self.participants else 0


@dataclass(frozen=True)
class OrderLine:
    """One file to print."""

    output: str
    file: str
    document: str
    audience: str
    copies: int
    pages: int
    sheets: int
    sides: str
    """"double-sided" or "single-sided"."""
    paper: str
    colour: str
    """"colour" or "black and white"."""
    per: str | None = None
    """What set the number of copies when it is not one per group: the cards of a file that also
    holds role cards for more trios (or pairs) than there are groups ("trio")."""


@dataclass(frozen=True)
class Material:
    """One thing to bring, with how many."""

    item: str
    quantity: int
    per: str
    """"room", "participant", "pair", "trio" or "group": what the quantity counts."""


@dataclass
class Order:
    settings: Settings
    lines: list[OrderLine] = field(default_factory=list)
    materials: list[Material] = field(default_factory=list)

    @property
    def sheets(self) -> int:
        return sum(line.sheets for line in self.lines)


def audience(name: str, printing: Mapping[str, Mapping]) -> str:
    """Who output `name` is printed for, from how the kit's outputs are printed (`printing`: output →
    `for`, its `printed_for` or edition, and `from`, the outputs it is made from): a handout that named
    copies are made from is printed for the spares only."""
    if any(p["for"] == FOR_NAMED and name in p["from"] for p in printing.values()):
        return FOR_SPARES
    return printing[name]["for"]


def copies(job: PrintFile, settings: Settings) -> int:
    if job.audience in (FOR_FACILITATOR, FOR_NAMED):
        return 1
    if job.audience == FOR_SPARES:
        return settings.spares
    if job.audience == FOR_GROUP:
        sets = group_sets(settings)[0] + (1 if settings.spares else 0)
        return math.ceil(sets / 2) if job.layout == "two-up" else sets
    return settings.participants + settings.spares


def group_sets(settings: Settings) -> tuple[int, str]:
    """How many sets of cards the groups need, and the unit that sets it: one per group, or more when
    the same file holds cards for more trios or pairs (role cards) than there are groups."""
    return max([(settings.groups, "group"), *((units(per, settings), per) for per in settings.card_units)],
               key=lambda found: found[0])


def sheets_per_copy(job: PrintFile, duplex: bool) -> int:
    if job.layout == "booklet":  # the booklet file's pages are sheet sides, always printed on both
        return math.ceil(job.pages / 2)
    if job.layout == "two-up":  # each sheet already carries two copies; `copies` counts sheets' worth
        return math.ceil(job.pages / 2) if duplex else job.pages
    return math.ceil(job.pages / 2) if duplex else job.pages


def line(job: PrintFile, settings: Settings) -> OrderLine:
    n = copies(job, settings)
    duplex = (settings.duplex and not job.simplex) or job.layout == "booklet"
    per = group_sets(settings)[1] if job.audience == FOR_GROUP else None
    return OrderLine(job.output, job.file, job.label, job.audience, n, job.pages, n * sheets_per_copy(job, duplex),
                "double-sided" if duplex else "single-sided", job.paper,
                "colour" if settings.colour else "black and white", None if per == "group" else per)


def units(per: str, settings: Settings) -> int:
    """How many of `per` ("participant", "pair", "trio", "group", "room") the session has."""
    n = settings.participants
    return {"participant": n, "pair": math.ceil(n / 2), "trio": math.ceil(n / 3), "group": settings.groups,
            "room": 1}[per]


def material(text: str, settings: Settings) -> Material:
    """A material of the session plan, with its quantity read from how the text counts it."""
    per = per_of(text)
    return Material(text, max(units(per, settings), 1), per)


def order(jobs: list[PrintFile], materials: list[str], settings: Settings) -> Order:
    """The print order for `jobs` (the files to print) and the session plan's `materials`."""
    out = Order(settings)
    out.lines = [line(job, settings) for job in jobs if job.pages and copies(job, settings)]
    seen: set[str] = set()
    for text in materials:
        if text not in seen:
            seen.add(text)
            out.materials.append(material(text, settings))
    return out


CSV_FIELDS = tuple(OrderLine.__dataclass_fields__)


def to_csv(o: Order) -> str:
    """The order's lines as CSV (a header, then one row per file), then its materials."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for ln in o.lines:
        writer.writerow([getattr(ln, f) for f in CSV_FIELDS])
    writer.writerow([])
    writer.writerow(("material", "quantity", "per"))
    for m in o.materials:
        writer.writerow((m.item, m.quantity, m.per))
    return buffer.getvalue()


def to_json(o: Order, kit: str) -> str:
    data = {
        "kit": kit,
        "participants": o.settings.participants, "spares": o.settings.spares,
        "groups": o.settings.groups, "group_size": o.settings.group_size,
        "files": [asdict(ln) for ln in o.lines],
        "materials": [asdict(m) for m in o.materials],
        "sheets": o.sheets,
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
