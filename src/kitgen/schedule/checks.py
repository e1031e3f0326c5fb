"""What the plan says about the kit's timing: minutes left unplanned, content timed for another slot, and a
day that runs past midnight."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from kitgen.errors import Loc
from kitgen.models.span import fits, shown
from kitgen.yamlsafe import dotted

if TYPE_CHECKING:
    from kitgen.errors import Problems
    from kitgen.session import Block, Day
    from kitgen.yamlsafe import Doc


def check_unplanned(kit_doc: Doc, total: int, duration: int | None, problems: Problems) -> None:
    """Blocks that add up to less than the kit's duration leave minutes unplanned: a warning."""
    if duration is not None and total < duration:
        problems.warn(kit_doc.loc(("duration",)), "duration",
                      f"the agenda plans {total} of the {duration} minutes: {duration - total} minutes are unplanned",
                      "add or lengthen blocks, or lower `duration` (without it, the session lasts as long as its agenda)")


def check_content_minutes(block: Block, kit_doc: Doc, problems: Problems) -> None:
    """A case study or activity suggesting other minutes than its slot: a warning naming both lines,
    unless the kit times the block's segments itself."""
    if block.item.segments:
        return
    what, ref, own, doc = _content(block)
    if doc is None:
        return
    steps = block.activity.steps if block.activity is not None else block.custom.steps if block.custom is not None else []
    if own is None and steps and all(s.minutes for s in steps):
        own, field = sum(s.minutes for s in steps), ("steps",)
        said = f"its steps add up to {own} minutes"
    else:
        field = ("minutes",)
        said = f"suggests {shown(own)} minutes" if own is not None else ""
    if own is None or fits(own, block.item.minutes):
        return
    where = ("agenda", block.at, "minutes")
    there: Loc = doc.loc(field)
    problems.warn(kit_doc.loc(where), dotted(where),
                  f"this slot lasts {block.item.minutes} minutes; {what} {ref!r} {said} ({there})",
                  f"its segments are scaled to the slot; give the slot {shown(own)} minutes, or set this block's "
                  "`segments:` to time it yourself")


def _content(block: Block):
    if block.case is not None:
        return "case study", block.ref, block.case.model.minutes, block.case.doc
    if block.activity is not None:
        return "activity", block.ref, block.activity.minutes, block.activity_doc
    if block.custom is not None:
        return "block", block.ref, block.custom.minutes, block.custom_doc
    return None, None, None, None


def check_midnight(day: Day, minutes: int, kit_doc: Doc, problems: Problems) -> None:
    """A day whose agenda runs past midnight: its clock times go on from 00:00 on the same date, which no
    facilitator means. A warning at the start it runs from (the kit's, or its day marker's)."""
    if day.start is None:
        return
    end = day.start + dt.timedelta(minutes=minutes)
    if end.date() > day.start.date() and end.time() != dt.time(0, 0):
        where = ("agenda", day.at, "start") if day.at is not None else ("start",)
        problems.warn(kit_doc.loc(where), dotted(where),
                      f"starting at {day.start:%H:%M}, the agenda's {minutes} minutes run past midnight "
                      f"(to {end:%H:%M} the next day)",
                      "start earlier, shorten the agenda, or carry the rest to a day of its own (`- day: 2`)")

