"""activities/<id>.yaml: a guest-speaker session, role play, exercise or other activity."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kitgen.models.base import Markdown, Strict, Text
from kitgen.models.material import MaterialFields
from kitgen.models.span import StepMinutes, SuggestedMinutes
from kitgen.models.timing import Grouping, Segments


class Step(Strict):
    """One step of the activity."""

    title: Text
    """What this step is."""
    minutes: StepMinutes | None = None
    """How long it takes (one number, so the steps add up to their block)."""
    instructions: Markdown
    """What the facilitator does and says."""
    say: Text | None = None
    """What the facilitator says to start it (the run sheet's "Say:" line)."""
    grouping: Grouping | None = None
    """How participants work in this step, when not as the block does ("pairs", "trios", "groups of 4",
    "individual", "whole group"): a step "Compare in pairs" of an exercise done individually."""
    questions: bool = False
    """true: the activity's questions are used in this step (default: the last step; for a guest
    speaker, the step after the longest one)."""


class Activity(MaterialFields):
    """An activity in the session, with what it hands out (see :mod:`kitgen.models.material`)."""

    title: Text
    """The activity's title."""
    kind: Literal["guest-speaker", "role-play", "exercise", "other"]
    """guest-speaker, role-play, exercise or other."""
    minutes: SuggestedMinutes | None = None
    """Suggested duration: minutes, or a range such as 30-60."""
    grouping: Grouping | None = None
    """How participants work: individual, pairs, trios, groups of N, whole group (default by kind:
    role plays in pairs, exercises individually, a guest speaker with the whole group)."""
    segments: Segments = {}
    """Suggested minutes of its segments when it has no steps (see docs/layouts.md), scaled to the slot."""
    purpose: Markdown
    """Why the group does it."""
    preparation: Annotated[list[Text], Field(max_length=40)] = []
    """A checklist to prepare."""
    steps: Annotated[list[Step], Field(max_length=30)] = []
    """The steps, in order."""
    questions: Annotated[list[Text], Field(max_length=40)] = []
    """Questions to ask (e.g. of the guest speaker)."""
    materials: Annotated[list[Text], Field(max_length=40)] = []
    """What to bring."""
