"""A session: one kit resolved against its workspace, the input of every later stage.

Made by :mod:`kitgen.resolve`; checked by :mod:`kitgen.check`; turned into what layouts see by
:mod:`kitgen.context`. It holds validated models only (and, for the checks, the documents they came
from); nothing after resolution reads YAML.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kitgen.cohort import Cohort
    from kitgen.errors import Problem
    from kitgen.models import Activity, BookClub, CaseStudy, CustomBlock, DiscussionGuide, Kit, Topic
    from kitgen.models.kit import AgendaItem
    from kitgen.schedule import Schedule
    from kitgen.workspace import TopicFiles
    from kitgen.yamlsafe import Doc


@dataclass
class CaseUse:
    """A case study as this kit uses it: overrides applied and parameter values chosen."""

    id: str
    model: CaseStudy
    values: dict[str, str]
    """The names its placeholders may use: the kit's variables and the case's parameter values."""
    file: str
    doc: Doc
    """The case study's document after the kit's overrides (where each of its values stands)."""


@dataclass
class Block:
    """One agenda block with its clock time and the content it presents."""

    index: int
    """Its place among the blocks (day markers left out), from 0."""
    item: AgendaItem
    kind: str
    ref: str | None
    """What the item names: an id in the kit's topic, or `topic/id` in another (None for guides)."""
    start: dt.datetime | None
    end: dt.datetime | None
    case: CaseUse | None = None
    activity: Activity | None = None
    activity_id: str | None = None
    at: int = 0
    """Its place in the kit's agenda (day markers counted): where it stands in the kit file."""
    day: int = 1
    activity_doc: Doc | None = None
    """The activity's document as this kit uses it (where its minutes and steps stand)."""
    topic_id: str = ""
    """The topic the block's content comes from."""
    custom: CustomBlock | None = None
    """A block's own content (blocks/<id>.yaml)."""
    custom_doc: Doc | None = None
    """Its document as this kit uses it (where its minutes and steps stand)."""
    discussion: DiscussionGuide | None = None
    """The discussion guide a discussion block presents."""
    book_club: BookClub | None = None
    """The book-club guide a book-club block presents."""


@dataclass
class Day:
    """One day of the session: its date and start; the first day's come from the kit."""

    number: int
    date: dt.date | None
    start: dt.datetime | None
    title: str | None = None
    at: int | None = None
    """The place of its day marker in the kit's agenda (None for a first day without one)."""


@dataclass
class Session:
    """A kit ready to render: the kit, its content after overrides, and the timed agenda."""

    id: str
    kit: Kit
    kit_file: str
    topic_id: str
    topic: Topic
    blocks: list[Block]
    case_studies: list[CaseUse]
    activities: dict[str, Activity]
    discussion: DiscussionGuide | None
    book_club: BookClub | None
    variables: dict[str, str]
    docs: list[tuple[Doc, Any]] = field(default_factory=list)
    """The topics, guides, activities and blocks as this kit uses them, each as (document, model) with
    the kit's overrides applied: their placeholders may use the kit's variables. Case studies carry theirs."""
    cohort: Cohort | None = None
    """The people in the room (the kit's roster, its groups and pairs), or None without a roster."""
    days: list[Day] = field(default_factory=list)
    """The days, in order (one for a session without day markers)."""
    schedule: Schedule | None = None
    """The session plan (:mod:`kitgen.schedule`), made once the session is checked."""
    topics: dict[str, Topic] = field(default_factory=dict)
    """Every topic the kit draws on, by id: its own (with overrides) and those its agenda names."""
    custom_blocks: dict[str, CustomBlock] = field(default_factory=dict)
    """The blocks with content of their own, by reference."""

    @property
    def participants(self) -> int | None:
        """How many people the session is for: the roster's count when the kit has a roster, else the
        kit's `participants` (or None)."""
        return len(self.cohort.roster) if self.cohort is not None else self.kit.participants

    @property
    def group_sizes(self) -> list[int]:
        """The sizes of the breakout groups the roster makes (none without a roster or groups)."""
        return [len(g.members) for g in self.cohort.groups] if self.cohort is not None else []


@dataclass
class Resolution:
    """What resolving one kit gave, complete or not, so the checks can say everything at once."""

    kit_id: str
    doc: Doc
    """The kit file over the workspace defaults of kitgen.yaml."""
    kit: Kit | None = None
    """None when the kit file itself is invalid and cannot be checked further (see `left_out`)."""
    left_out: tuple[tuple, ...] = ()
    """The paths of the kit file's fields in error, when `kit` is the kit without them (their defaults
    instead), so that the rest is checked in the same run: such a kit is checked, never built."""
    files: TopicFiles | None = None
    """The topic the kit names, when it exists."""
    session: Session | None = None
    """None when the kit or its topic could not be resolved; may be partial when `problems` has errors."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def timed(self) -> bool:
        """Whether the kit's timing is as its file writes it (no field of its agenda, start or
        duration left out for an error): only then are its length and clock times checked."""
        return not any(path[0] in ("agenda", "start", "duration", "date") for path in self.left_out)
