"""The session plan as data: days, blocks, segments, groupings, handouts and materials.

Plain data, made once per kit by :func:`kitgen.schedule.plan_session` and read by every output
through the render context. Texts stay as the content wrote them (placeholders unfilled) and labels
are keys: turning them into words of the kit's language is the context's job.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kitgen.session import Block

GROUPINGS = ("individual", "pairs", "trios", "groups", "whole")


@dataclass(frozen=True)
class Grouping:
    """How participants work: `kind` is one of GROUPINGS; `size` the people per group (None: everyone)."""

    kind: str
    size: int | None = None
    breakout: bool = False
    """The breakout groups the kit makes of its roster (named on the groups sheet and in the guide)."""
    smallest: int | None = None
    """The people in the smallest breakout group, when the groups differ in size (`size` is the largest)."""

    @property
    def people(self) -> int | str:
        """The people per group as said: 4, or "3–6" for breakout groups of different sizes."""
        if self.smallest is not None and self.size is not None and self.smallest < self.size:
            return f"{self.smallest}–{self.size}"
        return self.size or 0

    @classmethod
    def parse(cls, text: str) -> Grouping:
        """"groups of 4" -> Grouping("groups", 4); the forms are those of `models.timing.Grouping`."""
        if text.startswith("groups of "):
            return cls("groups", int(text.removeprefix("groups of ")))
        return {"individual": cls("individual", 1), "pairs": cls("pairs", 2), "trios": cls("trios", 3),
                "whole group": cls("whole")}[text]


WHOLE = Grouping("whole")
INDIVIDUAL = Grouping("individual", 1)


@dataclass
class Segment:
    """A stretch of a block with one purpose: its minutes, clock, grouping and what its slides show."""

    key: str
    """Its name in the block's format ("brief", "read", ..., "step-2", or a topic part such as "quote")."""
    minutes: int
    parts: list[str]
    """What its slides show, in order ("title", "agenda", "scenario", "questions", ...; docs/deck.md)."""
    grouping: Grouping
    start: dt.datetime | None = None
    offset: int = 0
    """Minutes from the start of its day to its start."""
    say: str | None = None
    """What the facilitator says to start it, as the content or kit wrote it (None: the locale's line)."""
    step: int | None = None
    """The activity step it is (0-based), if it is one."""
    topic_part: str | None = None
    """The part of the topic it presents, if it is a covered part."""
    topic: str | None = None
    """The topic of that part when it is another topic than the kit's (its key is then `topic/part`)."""
    questions: bool = False
    """The activity's questions are used in it."""
    weight: int = 1

    @property
    def end(self) -> dt.datetime | None:
        return self.start + dt.timedelta(minutes=self.minutes) if self.start else None


@dataclass(frozen=True)
class HandoutUse:
    """A handout a block uses: the output, and for cards the card's number, or the material of the block
    printed on them (`piece`: "role_briefs")."""

    output: str
    card: int | None = None
    piece: str | None = None


@dataclass(frozen=True)
class BlockMaterial:
    """Something to have in the room for a block, with what one copy serves."""

    text: str
    """As the content wrote it (an activity's materials) or the output's name (a handout)."""
    per: str
    """"room", "participant", "pair", "trio" or "group": what one of it serves."""
    block: int
    group_size: int | None = None
    """The people per group of the block, when `per` is "group"."""
    output: str | None = None
    """The output it is (a handout), or the handout it is printed in (a piece of the block's material)."""
    piece: str | None = None
    """Material of the block's content: "worksheet", "role_briefs", "observer_sheet" or "answer_key"."""
    anchor: str | None = None
    """Where a piece starts: an `id` of the layout of `output` (the guide's, for the answer key)."""
    last: str | None = None
    """Where a piece of several pages' worth begins its last part (the last role brief), else None."""


@dataclass
class BlockPlan:
    """One agenda block in the plan."""

    block: Block
    minutes: int
    grouping: Grouping
    segments: list[Segment]
    covers: list[str] = field(default_factory=list)
    """The topic parts it presents."""
    handouts: list[HandoutUse] = field(default_factory=list)
    materials: list[BlockMaterial] = field(default_factory=list)
    offset: int = 0
    """Minutes from the start of its day to its start."""
    case_number: int | None = None
    """For a case study: its number among the agenda's cases (Case 1, Case 2, ...)."""

    @property
    def index(self) -> int:
        return self.block.index

    @property
    def anchor(self) -> str:
        return f"block-{self.block.index + 1}"


@dataclass
class DayPlan:
    """One day: its date, clock, length and blocks."""

    number: int
    date: dt.date | None
    start: dt.datetime | None
    minutes: int
    blocks: list[int]
    """Indexes of its blocks."""
    title: str | None = None

    @property
    def end(self) -> dt.datetime | None:
        return self.start + dt.timedelta(minutes=self.minutes) if self.start else None


@dataclass
class Schedule:
    """The whole session plan."""

    days: list[DayPlan]
    blocks: list[BlockPlan]
    total: int
    """Minutes the agenda plans, every day together."""
    duration: int
    """The kit's duration (the agenda's total when the kit gives none)."""
    handouts: list[str]
    """The kit's handouts in label order (H1, H2, ...): output names."""
    opening: int = 0
    """The block that opens the session (the title and agenda slides are in its first segment)."""

    @property
    def unplanned(self) -> int:
        return max(self.duration - self.total, 0)

    @property
    def materials(self) -> list[BlockMaterial]:
        return [m for b in self.blocks for m in b.materials]

    def label(self, output: str) -> str | None:
        """The handout's short label, "H1", or None when it is not one of the kit's handouts."""
        return f"H{self.handouts.index(output) + 1}" if output in self.handouts else None
