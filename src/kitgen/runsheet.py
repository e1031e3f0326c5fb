"""The session plan as layouts see it: each block's segments with their words, and the plan's totals.

The plan (:mod:`kitgen.schedule`) is data; here each segment gets its title, its "Say:" line, what
participants do and the facilitator's cue, in the kit's language, with the block's grouping and
handouts filled in. A segment's texts come from the content or the kit when they give them (a step's
title and `say`, a segment's `say`), else from the locale (`seg_`, `say_`, `do_`, `cue_` + format +
segment). The participant edition has no "Say:" lines, cues or debrief points at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kitgen import placeholders
from kitgen.editions import shows
from kitgen.markup import Rich
from kitgen.models.span import Span
from kitgen.schedule.materials import CARDS, hands_out
from kitgen.schedule.segments import content_of

if TYPE_CHECKING:
    from kitgen.i18n import Labels
    from kitgen.schedule import BlockPlan, Grouping, Schedule, Segment
    from kitgen.views import Place, View, Viewer

SHOWN_TO_PARTICIPANTS = frozenset({"scenario", "characters", "questions", "task", "reflection", "action_plan",
                                   "objectives", "key_insights", "quote", "definition", "why_it_matters",
                                   "application_ideas", "faqs", "related_skills", "books", "meeting"})
"""Slide parts whose material participants also have in a handout: their segments cite it."""
CARD_SEGMENTS = ("brief", "read", "groups")
"""A case's segments in which groups use its card."""

PER_KEYS = {"room": "per_room", "participant": "per_participant", "pair": "per_pair", "trio": "per_trio",
            "group": "per_group"}


def fmt_of(plan: BlockPlan) -> str:
    """The name of the block's format in label keys: case_study, role_play, welcome, ..."""
    block = plan.block
    if block.kind == "activity":
        return (block.activity.kind if block.activity else "other").replace("-", "_")
    if block.kind == "block":
        return (block.ref or "other").replace("-", "_")
    return block.kind


def span(t: Labels, start: Any, end: Any, offset: int, minutes: int) -> str:
    """"09:15–09:20" on the clock, or "0:15–0:20" from the start of the day without one."""
    if start is not None and end is not None:
        return f"{t.format_time(start)}–{t.format_time(end)}"
    return f"{_elapsed(offset)}–{_elapsed(offset + minutes)}"


def _elapsed(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


class RunSheet:
    """Makes the plan's views for one context (one edition, one language)."""

    def __init__(self, schedule: Schedule, t: Labels, viewer: Viewer, variables: dict[str, str], topic: str = "",
                 topics: dict[str, View] | None = None, deck: bool = True):
        self.schedule, self.t, self.viewer, self.variables, self.topic = schedule, t, viewer, variables, topic
        self.topics = topics or {}
        """The views of the topics the session draws on, by id (the kit's first)."""
        self.facilitator = shows(viewer.edition, "notes")
        self.multi_day = len([d for d in schedule.days if d.blocks]) > 1
        hands_out = schedule.label("book-club-guide") is not None and \
            not any(plan.block.kind == "book_club" for plan in schedule.blocks)
        self.variants = tuple(v for v, on in (("book_club", hands_out), ("no_deck", not deck),
                                              ("no_discussion_guide", schedule.label("discussion-guide") is None)) if on)
        """The forms of the lines that have them (`<key>_<variant>`) for this session, the first the catalogue
        has: `book_club` when participants get the book-club guide and no book-club block hands it out (the
        close does); `no_deck` when the kit makes no slides (nothing is "on the screen");
        `no_discussion_guide` when participants get no discussion guide (its action table is not theirs)."""

    # ------------------------------------------------------------------ texts

    def grouping(self, g: Grouping, at: Place) -> View:
        t = self.t
        return self.viewer.record(at, kind=g.kind, size=g.size, breakout=g.breakout,
                                  text=_said(t, g), form=_form(t, g))

    def handout_label(self, output: str) -> str:
        label = self.schedule.label(output)
        return f"{label} {self.t[output.replace('-', '_')]}" if label else self.t[output.replace("-", "_")]

    def _label(self, prefix: str, fmt: str, key: str, **values: Any) -> str | None:
        """The locale's `<prefix>_<fmt>_<key>` line, in the session's form of it (`variants`) when the catalogue has one."""
        name = f"{prefix}_{fmt}_{key}" if fmt != key else f"{prefix}_{fmt}"
        name = next((f"{name}_{v}" for v in self.variants if f"{name}_{v}" in self.t), name)
        return self.t.fmt(name, **values) if name in self.t else None

    def _content_text(self, text: str | None, values: dict[str, str], inline: bool = True) -> Rich | None:
        return Rich(placeholders.fill(text, values), inline=inline) if text else None

    # ------------------------------------------------------------------ blocks

    def block_fields(self, plan: BlockPlan, title: Rich, case: View | None, activity: View | None) -> dict[str, Any]:
        """What a block's view adds from the plan (see docs/layouts.md)."""
        t, at = self.t, ("agenda", plan.index)
        block = plan.block
        values = dict(block.case.values) if block.case else dict(self.variables)
        first = plan.segments[0] if plan.segments else None
        end = plan.segments[-1].end if plan.segments else None
        handouts = [self.viewer.record(at + ("handouts", k), output=u.output, card=u.card, piece=u.piece,
                                       label=self.schedule.label(u.output) or "", name=t[u.output.replace("-", "_")])
                    for k, u in enumerate(plan.handouts)]
        materials = [self._material(m, at + ("materials", k)) for k, m in enumerate(plan.materials)]
        context = _Fields(plan, title, case, activity, values, handouts)
        segments = [self.segment(context, seg, j) for j, seg in enumerate(plan.segments)]
        return dict(
            day=block.day, grouping=self.grouping(plan.grouping, at + ("grouping",)),
            segments=self.viewer.seq(segments, at + ("segments",)), covers=list(plan.covers),
            handouts=handouts, materials=materials, case_number=plan.case_number,
            label=t.fmt("case_n", n=plan.case_number) if plan.case_number else None,
            elapsed_text=_elapsed(plan.offset), offset=plan.offset, suggested_text=self._suggested(plan),
            timing=span(t, first.start if first else block.start, end or block.end, plan.offset, plan.minutes),
        )

    def _suggested(self, plan: BlockPlan) -> str:
        """"suggested 10–15 min" when the block's content suggests a range (the slot is what the clock
        plans; validation warns when it falls outside the range), else ""."""
        suggested = content_of(plan.block).minutes
        return self.t.fmt("suggested_range", range=str(suggested)) if isinstance(suggested, Span) else ""

    def _material(self, m: Any, at: Place) -> View:
        t = self.t
        if m.piece:
            text: Any = t[m.piece]
        elif m.output:
            text = self.handout_label(m.output)
        else:
            text = Rich(placeholders.fill(m.text, self.variables), inline=True)
        per = t.fmt(PER_KEYS[m.per], n=m.group_size or 0)
        return self.viewer.record(at, text=text, per=m.per, per_text=per, output=m.output, group_size=m.group_size,
                                  piece=m.piece, anchor=m.anchor, last=m.last)

    # ------------------------------------------------------------------ segments

    def segment(self, f: _Fields, seg: Segment, j: int) -> View:
        t, plan = self.t, f.plan
        at = ("agenda", plan.index, "segments", j)
        fmt = "part" if seg.topic_part else "step" if seg.step is not None else fmt_of(plan)
        step = f.step(seg)
        title = self._title(f, seg, fmt, step)
        fields = self._fill_values(f, seg, title)
        return self.viewer.record(
            at, key=seg.key, number=j + 1, anchor=f"{plan.anchor}-s{j + 1}", title=title,
            **self._times(plan, seg, title), grouping=self.grouping(seg.grouping, at + ("grouping",)),
            parts=list(seg.parts), topic_part=seg.topic_part, is_step=step is not None, step=step,
            part_topic=self._part_topic(seg),
            **self._words(f, seg, j, fmt, step, fields),
            questions=f.questions() if seg.questions else [], handouts=self._cites(f, seg),
        )

    def _term(self, seg: Segment) -> str:
        """What a definition defines: the bold words its first sentence opens with, after at most three
        words ("**Reverse mentoring** is ...", "Le **mentorat inversé** est ..."), else the topic's title."""
        topic = self._part_topic(seg) if seg.topic_part == "definition" else None
        definition = getattr(topic, "definition", None) if topic is not None else None
        paras = definition.paras if isinstance(definition, Rich) else []
        before = 0
        for run in paras[0].runs if paras else []:
            if run.bold and run.text.strip():
                return " ".join(run.text.split())
            before += len(run.text.split())
            if before > 3:
                break
        return self.topic

    def _part_topic(self, seg: Segment) -> View | None:
        """The topic whose part a covered segment presents: another topic's, else the kit's."""
        if seg.topic_part is None:
            return None
        return self.topics.get(seg.topic) if seg.topic else next(iter(self.topics.values()), None)

    def _times(self, plan: BlockPlan, seg: Segment, title: Rich | str) -> dict[str, Any]:
        """A segment's clock, elapsed time and minutes, and the line its slides' notes begin with."""
        t = self.t
        clock = span(t, seg.start, seg.end, seg.offset, seg.minutes)
        day = t.fmt("day_n", n=plan.block.day) + " · " if self.multi_day else ""
        return dict(
            minutes=seg.minutes, minutes_text=t.format_minutes(seg.minutes), start=seg.start, end=seg.end,
            start_text=t.format_time(seg.start) if seg.start else _elapsed(seg.offset),
            end_text=t.format_time(seg.end) if seg.end else _elapsed(seg.offset + seg.minutes),
            clock_text=clock, elapsed_text=_elapsed(seg.offset), offset=seg.offset,
            timing=t.fmt("segment_timing", day=day, clock=clock, minutes=t.format_minutes(seg.minutes),
                         title=title.plain if isinstance(title, Rich) else title))

    def _words(self, f: _Fields, seg: Segment, j: int, fmt: str, step: View | None, fields: dict[str, Any]) -> dict[str, Any]:
        """What the facilitator says and does, and what participants do (no facilitator words in the
        participant edition)."""
        t, facilitator = self.t, self.facilitator
        said = self._content_text(seg.say, f.values) or self._label("say", fmt, seg.key, **fields)
        does = self._label("do", fmt, seg.key, **fields)
        if does is None and step is not None:
            does = _said(t, seg.grouping)
        if not facilitator:
            return dict(say=None, does=does, cue=None, asks=None, instructions=None, debrief=[])
        debrief = f.debrief() if seg.key == "debrief" and f.plan.block.kind == "case_study" else []
        return dict(say=said, does=does, cue=self._cue(f, seg, j, fmt, fields, step), asks=_asks(f, seg),
                    instructions=step.instructions if step is not None else None, debrief=debrief)

    def _cue(self, f: _Fields, seg: Segment, j: int, fmt: str, fields: dict[str, Any], step: View | None) -> str | None:
        """What the facilitator does: the format's cue; for the first step, forming groups. Who is asked the
        step's questions is `asks`, which each output words for where it shows them."""
        if fmt != "step":
            return self._label("cue", fmt, seg.key, **fields)
        if j == 0 and f.plan.grouping.kind != "whole" and not _says(step, fields["form"]):
            return self.t.fmt("cue_step_first", **fields)
        return None

    def _cites(self, f: _Fields, seg: Segment) -> list[View]:
        """The block's handouts this segment uses: its card while groups work, a handout showing its parts,
        and in an exercise's steps the handouts with its worksheet, role briefs or observer sheet."""
        out = []
        material = seg.step is not None and hands_out(f.plan.block)  # a step works on what the block hands out
        for h in f.handouts:
            card = vars(h)["card"]
            if card is not None:
                cited = seg.key in CARD_SEGMENTS
            else:
                cited = material or bool(SHOWN_TO_PARTICIPANTS.intersection(seg.parts))
            if cited:
                out.append(h)
        return out

    def _title(self, f: _Fields, seg: Segment, fmt: str, step: View | None) -> Rich | str:
        t = self.t
        if step is not None:
            return step.title
        if seg.topic_part:
            return t[seg.topic_part]
        if fmt not in ("welcome", "close") and self._label("seg", fmt, seg.key) is None:
            return f.title
        return self._label("seg", fmt, seg.key) or f.title

    def _fill_values(self, f: _Fields, seg: Segment, title: Rich | str) -> dict[str, Any]:
        """The values a locale's segment line may use."""
        t, plan = self.t, f.plan
        g = seg.grouping if seg.grouping.kind != "whole" else plan.grouping
        end = plan.segments[-1].end
        return dict(minutes=t.format_minutes(seg.minutes), block_minutes=t.format_minutes(plan.minutes),
                    grouping=_said(t, g).lower(), form=_form(t, g),
                    unit=t[f"unit_{g.kind}"],
                    n=f.count(), title=f.title.plain, topic=self.topic, term=self._term(seg), end=t.format_time(end) if end else "",
                    until=t.format_time(seg.end) if seg.end else "", handout=f.handout_text(t),
                    book_club=self.handout_label("book-club-guide"),
                    label=t.fmt("case_n", n=plan.case_number) if plan.case_number else "")


def _said(t: Labels, g: Grouping) -> str:
    """How participants work, as the guide and the slides say it ("In groups of 4", "In groups of 3–4")."""
    return t.fmt(f"grouping_{g.kind}", n=g.people)


def _form(t: Labels, g: Grouping) -> str:
    """What the facilitator says to get people working so ("Form groups of 4"; the roster's breakout
    groups are formed as listed)."""
    return t.fmt("form_breakout" if g.breakout else f"form_{g.kind}", n=g.size or 0)


def _asks(f: _Fields, seg: Segment) -> str | None:
    """Who a segment's questions are for: "room" (the facilitator asks the room), "speaker" (a guest
    speaker's, asked by the facilitator), or None when the segment asks none."""
    if not (seg.questions and f.questions()):
        return None
    return "speaker" if f.plan.block.activity is not None and f.plan.block.activity.kind == "guest-speaker" else "room"


def _says(step: Any, phrase: str) -> bool:
    """Whether a step's own instructions already say `phrase` (as "Form trios and assign the roles" says
    "Form trios"): the cue does not say it again."""
    text = getattr(step, "instructions", None) if step is not None else None
    said = " ".join(str(getattr(text, "plain", text) or "").lower().split())
    return bool(phrase) and " ".join(phrase.lower().split()) in said


class _Fields:
    """What a block's segments draw on: its plan, title, case or activity view (or a block's own content,
    whose steps are read the same way) and handouts."""

    def __init__(self, plan: BlockPlan, title: Rich, case: View | None, activity: View | None,
                 values: dict[str, str], handouts: list[View]):
        self.plan, self.title, self.case, self.activity, self.values = plan, title, case, activity, values
        self.handouts = handouts

    def step(self, seg: Segment) -> View | None:
        if seg.step is None or self.activity is None:
            return None
        steps = vars(self.activity)["steps"]
        return steps[seg.step] if seg.step < len(steps) else None

    def questions(self) -> list[Any]:
        return list(vars(self.activity).get("questions", [])) if self.activity is not None else []

    def count(self) -> int:
        if self.case is not None:
            return len(vars(self.case)["discussion_questions"])
        if self.activity is not None:
            return len(vars(self.activity).get("questions", []))
        return 0

    def debrief(self) -> list[Any]:
        """The case's questions that have debrief points, with their numbers."""
        if self.case is None:
            return []
        return [q for q in vars(self.case)["discussion_questions"] if vars(q)["debrief"]]

    def handout_text(self, t: Labels) -> str:
        """How the cue names the case's handout: its card ("H2 Card 1"), else its workbook section."""
        for h in self.handouts:
            fields = vars(h)
            if fields["card"] is not None:
                return t.fmt("cite_card", label=fields["label"], n=fields["card"])
        for h in self.handouts:
            fields = vars(h)
            if fields["label"]:
                return t.fmt("cite_handout", label=fields["label"], name=t.get(f"short_{fields['output'].replace('-', '_')}", fields["name"]))
        return ""


def plan_view(sheet: RunSheet, outputs: list[Any]) -> View:
    """The plan's totals, days, handouts and materials (`plan` in the context)."""
    schedule, t, viewer = sheet.schedule, sheet.t, sheet.viewer
    days = []
    for k, d in enumerate(schedule.days):
        blocks = [schedule.blocks[i] for i in d.blocks]
        days.append(viewer.record(
            ("plan", "days", k), number=d.number, date=d.date, date_text=t.format_date(d.date),
            title=Rich(placeholders.fill(d.title, sheet.variables), inline=True) if d.title else None,
            start_text=t.format_time(d.start) if d.start else "", end_text=t.format_time(d.end) if d.end else "",
            minutes=d.minutes, minutes_text=t.format_minutes(d.minutes), blocks=list(d.blocks),
            anchor=f"day-{d.number}", first=blocks[0].anchor if blocks else None,
            label=t.fmt("day_n", n=d.number)))
    handouts = [viewer.record(("plan", "handouts", k), output=name, label=schedule.label(name),
                              name=t[name.replace("-", "_")], text=sheet.handout_label(name))
                for k, name in enumerate(schedule.handouts)]
    return viewer.record(
        ("plan",), days=viewer.seq(days, ("plan", "days")), multi_day=sheet.multi_day,
        total=schedule.total, total_text=t.format_minutes(schedule.total), duration=schedule.duration,
        duration_text=t.format_minutes(schedule.duration), unplanned=schedule.unplanned,
        unplanned_text=t.format_minutes(schedule.unplanned) if schedule.unplanned else "",
        handouts=viewer.seq(handouts, ("plan", "handouts")), opening=schedule.opening,
        checklist=checklist(sheet, outputs), to_bring=to_bring(sheet))


def checklist(sheet: RunSheet, outputs: list[Any]) -> list[str]:
    """The materials to have ready: each printed output (a handout with what one copy serves), then
    every block's materials, each once."""
    t, schedule = sheet.t, sheet.schedule
    out = []
    for spec in outputs:
        if not spec.material:
            continue
        name = sheet.handout_label(spec.name)
        per = _handout_per(t, schedule, spec.name)
        out.append(t.fmt("material_per", item=name, per=per) if per else name)
    return list(dict.fromkeys(out + to_bring(sheet)))


def to_bring(sheet: RunSheet) -> list[str]:
    """Every block's materials (what is not a printed output), each once, in agenda order."""
    return list(dict.fromkeys(placeholders.fill(m.text, sheet.variables) for plan in sheet.schedule.blocks
                              for m in plan.materials if m.output is None and m.piece is None))


def _handout_per(t: Labels, schedule: Schedule, output: str) -> str | None:
    """What one copy of a handout serves: a participant, or (cards) a group of the blocks that use them."""
    if schedule.label(output) is None:
        return None
    uses = [m for m in schedule.materials if m.output == output and (m.piece is None or output == CARDS)]
    if not uses:
        return t.fmt(PER_KEYS["participant"], n=0)
    sizes = sorted({m.group_size for m in uses if m.group_size})
    per = uses[0].per if len({m.per for m in uses}) == 1 else "group"
    return t.fmt(PER_KEYS[per], n=sizes[0] if len(sizes) == 1 else 0)
