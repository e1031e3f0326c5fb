"""How each kind of agenda block is presented: its title, label and purpose, and its part of the plan.

A plain block (welcome, break, close, ...) takes its texts from the locale's labels; a block with
content of its own (blocks/<id>.yaml), a case study or an activity from its content; the discussion,
reflection and book-club blocks from fixed labels. Each block knows the topic its content comes
from (`topic`: the kit's, or another the agenda names). Its segments, grouping, handouts and
materials come from the session plan (:mod:`kitgen.runsheet`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kitgen import placeholders
from kitgen.editions import shows
from kitgen.markup import Rich

if TYPE_CHECKING:
    from kitgen.i18n import Labels
    from kitgen.runsheet import RunSheet
    from kitgen.session import Block, Session
    from kitgen.views import View, Viewer

GUIDES = {"discussion": ("group_discussion", "block_discussion_purpose"),
          "reflection": ("reflection", "block_reflection_purpose"),
          "book_club": ("book_club", "block_book_club_purpose")}
"""Blocks that present a guide of the topic: the label of their title and of their purpose."""


@dataclass
class Shown:
    """What a block shows besides its timing."""

    title: Rich
    kind_label: str
    purpose: Rich | None = None
    case: View | None = None
    activity: View | None = None
    custom: View | None = None


class BlockViews:
    """The agenda's blocks as views, collecting the case studies and activities in agenda order."""

    def __init__(self, session: Session, t: Labels, viewer: Viewer, reads: tuple[str, ...], sheet: RunSheet,
                 topics: dict[str, View], guides: dict[int, View]):
        self.session, self.t, self.viewer, self.reads, self.sheet = session, t, viewer, reads, sheet
        self.topics, self.guides = topics, guides
        """The views of the topics (by id) and of the guides (by the model's id) the agenda uses."""
        self.cases: list[View] = []
        self.activities: dict[str, View] = {}
        self.customs: dict[str, View] = {}

    def block(self, block: Block) -> View:
        item, t = block.item, self.t
        shown = self._shown(block)
        if item.title:
            shown.title = Rich(placeholders.fill(item.title, self.session.variables), inline=True)
        notes = Rich(placeholders.fill(item.notes, self.session.variables)) \
            if item.notes and shows(self.viewer.edition, "notes") else None
        planned = self.sheet.block_fields(self.sheet.schedule.blocks[block.index], shown.title, shown.case,
                                          shown.activity or shown.custom)
        return self.viewer.record(
            ("agenda", block.index), index=block.index, number=block.index + 1, kind=block.kind, ref=block.ref,
            kind_label=shown.kind_label or "", title=shown.title, minutes=item.minutes,
            minutes_text=t.format_minutes(item.minutes), start=block.start, end=block.end,
            start_text=t.format_time(block.start), end_text=t.format_time(block.end), anchor=f"block-{block.index + 1}",
            purpose=shown.purpose, notes=notes, case=shown.case, activity=shown.activity, custom=shown.custom,
            topic=self.topics.get(block.topic_id), discussion=self._guide(block.discussion),
            book_club=self._guide(block.book_club),
            is_break=block.kind == "block" and block.ref in ("break", "lunch") and shown.custom is None, **planned,
        )

    def _shown(self, block: Block) -> Shown:
        t = self.t
        if block.kind == "case_study":
            return self._case(block) if "cases" in self.reads else Shown(Rich(t.case_study, inline=True), t.case_study)
        if block.kind == "activity":
            return self._activity(block) if "activities" in self.reads else Shown(Rich(t.activity, inline=True), t.activity)
        if block.kind in GUIDES:
            label, purpose = GUIDES[block.kind]
            return Shown(Rich(t[label], inline=True), t[label], Rich(t[purpose], inline=True))
        if block.custom is not None:
            return self._custom(block)
        return self._plain(block)

    def _guide(self, model: Any) -> View | None:
        """The view of a discussion or book-club guide a block presents (None when its output shows none)."""
        return self.guides.get(id(model)) if model is not None else None

    def _custom(self, block: Block) -> Shown:
        custom = self.customs.get(block.ref)
        if custom is None:
            custom = self.viewer.view(block.custom, ("blocks", len(self.customs)))
            custom.id = block.ref
            self.customs[block.ref] = custom
        fields: dict[str, Any] = vars(custom)
        return Shown(fields["title"], "", fields["purpose"], custom=custom)

    def _case(self, block: Block) -> Shown:
        use = block.case
        case = self.viewer.with_values(use.values).view(use.model, ("case_studies", len(self.cases)))
        case.id, case.number, case.agenda_minutes = use.id, len(self.cases) + 1, block.item.minutes
        grouping = self.sheet.schedule.blocks[block.index].grouping  # the plan's: the roster's groups, or not
        case.groups = breakout_numbers(self.session) if grouping.breakout else []
        case.group_names = breakout_names(self.session) if grouping.breakout else []
        case.grouping = self.sheet.grouping(grouping, ("case_studies", len(self.cases), "grouping"))
        self.cases.append(case)
        fields = vars(case)
        return Shown(fields["title"], self.t.case_study, fields["summary"], case=case)

    def _activity(self, block: Block) -> Shown:
        activity = self.activities.get(block.ref)
        if activity is None:
            activity = self.viewer.view(block.activity, ("activities", len(self.activities)))
            activity.id = block.ref
            activity.kind_label = self.t[vars(activity)["kind"].replace("-", "_")]
            self.activities[block.ref] = activity
        fields: dict[str, Any] = vars(activity)
        return Shown(fields["title"], fields["kind_label"], fields["purpose"], activity=activity)

    def _plain(self, block: Block) -> Shown:
        t = self.t
        name = block.ref or "other"
        return Shown(Rich(t.get(name, name.replace("-", " ").capitalize()), inline=True), t.get(block.ref or "", None),
                     Rich(t.get(f"block_{name}_purpose", t.block_other_purpose), inline=True))


def breakout_numbers(session: Session) -> list[int]:
    """The numbers of the breakout groups the kit makes of its roster (empty without them).

    Every group works on every case study that is worked in them: each case has its own slot of the
    agenda, so the groups take the cases one after the other, all at the same time.
    """
    return [g.number for g in session.cohort.groups] if session.cohort else []


def breakout_names(session: Session) -> list[str]:
    """What the roster calls its breakout groups, in the order of their numbers, when a roster column
    names them ("Blue", "Table A"); empty when they are numbered."""
    return [g.name for g in session.cohort.groups if g.name] if session.cohort else []
