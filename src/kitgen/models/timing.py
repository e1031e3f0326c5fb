"""How a block is run: its grouping, the minutes of its segments, the topic parts it presents.

Shared by case studies and activities (their suggested timing) and the kit's agenda items (this
session's timing, which wins). The session plan (:mod:`kitgen.schedule`) reads them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kitgen.models.base import Minutes, Slug, Strict, Text

GROUPING_RE = r"^(individual|pairs|trios|whole group|groups of ([2-9]|1[0-9]|20))$"
Grouping = Annotated[str, StringConstraints(pattern=GROUPING_RE)]
"""How participants work: individual, pairs, trios, groups of N (2 to 20) or whole group."""

TopicPart = Literal["objectives", "key_insights", "quote", "definition", "why_it_matters", "application_ideas",
                    "faqs", "related_skills"]
"""A part of the topic a block can present (its slides and its place in the guide and workbook)."""


class SegmentSpec(Strict):
    """One segment of a block, when more than its minutes is set."""

    minutes: Minutes | None = None
    """How long it lasts."""
    say: Text | None = None
    """What the facilitator says to start it (the run sheet's "Say:" line)."""


Segments = Annotated[dict[Slug, Minutes | SegmentSpec], Field(max_length=30)]
"""Segment name -> minutes (or {minutes, say}); the names each kind of block has are in docs/layouts.md."""
