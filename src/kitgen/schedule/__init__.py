"""The session plan: one plan, computed once from the checked session, behind every output.

For each block of the agenda: its segments (a case study's brief, read, groups and debrief; a
reflection's quiet writing and sharing; an activity's steps; ...) with their minutes, clock and elapsed
time, how participants work in each, what its slides show, the handouts it cites and the materials it
needs; and the days the session spans. The guide's run sheet, the deck's slide order and speaker
notes, and the workbook's sections are all read from it, so they cannot disagree.

- :mod:`~kitgen.schedule.model`: the plan as plain data;
- :mod:`~kitgen.schedule.formats`: each kind of block's default segments, groupings and covered parts;
- :mod:`~kitgen.schedule.segments`: a block's segments and their minutes;
- :mod:`~kitgen.schedule.minutes`: sharing minutes in whole numbers;
- :mod:`~kitgen.schedule.materials`: handouts and materials per block;
- :mod:`~kitgen.schedule.checks`: unplanned minutes and content timed for another slot;
- :mod:`~kitgen.schedule.build`: the whole plan (:func:`plan_session`).
"""

from kitgen.schedule.build import plan_session
from kitgen.schedule.model import BlockPlan, DayPlan, Grouping, HandoutUse, BlockMaterial, Schedule, Segment

__all__ = ["BlockPlan", "DayPlan", "Grouping", "HandoutUse", "BlockMaterial", "Schedule", "Segment", "plan_session"]
