"""The session plan of a checked session: every block's segments timed on its day's clock."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kitgen.errors import Problems
from kitgen.schedule.checks import check_content_minutes, check_midnight, check_unplanned
from kitgen.schedule.materials import materials, uses
from kitgen.schedule.model import BlockPlan, DayPlan, Grouping, Schedule
from kitgen.schedule.segments import segments

if TYPE_CHECKING:
    from kitgen.errors import Problem
    from kitgen.session import Session
    from kitgen.yamlsafe import Doc


def plan_session(session: Session, kit_doc: Doc, handouts: list[str]) -> tuple[Schedule, list[Problem]]:
    """The plan every output renders, and what is wrong with it (errors: segments that do not add up;
    warnings: unplanned minutes, content timed for another slot, covered parts the topic lacks).

    `handouts` are the kit's outputs that participants receive, in label order (H1, H2, ...).
    """
    problems = Problems()
    blocks: list[BlockPlan] = []
    cases = 0
    breakout = _breakout(session)
    for block in session.blocks:
        topics = {**session.topics, session.topic_id: session.topic}
        segs, grouping, covers = segments(block, topics, session.topic_id, kit_doc, problems, breakout)
        plan = BlockPlan(block, block.item.minutes, grouping, segs, covers)
        if block.kind == "case_study" and block.case is not None:
            cases += 1
            plan.case_number = cases
        plan.handouts = uses(plan, handouts)
        plan.materials = materials(plan, handouts)
        blocks.append(plan)
        check_content_minutes(block, kit_doc, problems)
    days = _days(session, blocks)
    for day, plan in zip(session.days, days, strict=True):
        check_midnight(day, plan.minutes, kit_doc, problems)
    total = sum(b.minutes for b in blocks)
    duration = session.kit.duration or total
    check_unplanned(kit_doc, total, session.kit.duration, problems)
    schedule = Schedule(days, blocks, total, duration, list(handouts), opening=0)
    _place_openings(schedule)
    return schedule, problems.items


def _breakout(session: Session) -> Grouping | None:
    """The breakout groups the kit makes of its roster (their largest size, and their smallest), or None."""
    groups = session.cohort.groups if session.cohort is not None else ()
    size = max((len(g.members) for g in groups), default=0)
    smallest = min((len(g.members) for g in groups), default=0)
    return Grouping("groups", size, breakout=True, smallest=smallest) if size >= 2 else None


def _days(session: Session, blocks: list[BlockPlan]) -> list[DayPlan]:
    """Each day with its blocks; clocks and elapsed minutes restart every day."""
    days = [DayPlan(d.number, d.date, d.start, 0, [], d.title) for d in session.days]
    for plan in blocks:
        day = days[plan.block.day - 1]
        plan.offset = day.minutes
        elapsed = plan.offset
        for seg in plan.segments:
            seg.offset = elapsed
            seg.start = day.start + dt.timedelta(minutes=elapsed) if day.start else None
            elapsed += seg.minutes
        day.minutes += plan.minutes
        day.blocks.append(plan.index)
    return days


def _place_openings(schedule: Schedule) -> None:
    """The title and agenda open the first block (a plain block's own section slide gives way to them);
    a divider opens every later day; the close opens with its section slide."""
    for plan in schedule.blocks:
        if plan.block.kind == "block" and plan.block.ref == "close" and plan.segments:
            plan.segments[0].parts.insert(0, "section")
    for day in schedule.days:
        if not day.blocks:
            continue
        first = schedule.blocks[day.blocks[0]]
        if not first.segments:
            continue
        seg = first.segments[0]
        if day.number == 1:
            seg.parts = ["title", "agenda"] + [p for p in seg.parts if p != "section"]
        else:
            seg.parts = ["day"] + seg.parts
