"""What the plan says about the kit's timing: minutes left unplanned, and content timed for another slot."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kitgen.errors import Loc
from kitgen.models.span import fits, shown
from kitgen.yamlsafe import dotted

if TYPE_CHECKING:
    from kitgen.errors import Problems
    from kitgen.session import Block
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
