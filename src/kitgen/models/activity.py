"""activities/<id>.yaml: a guest-speaker session, role play, exercise or other activity."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kitgen.models.base import Markdown, Strict, Text
from kitgen.models.material import Material
from kitgen.models.span import StepMinutes, SuggestedMinutes


class Step(Strict):
    """One step of the activity."""

    title: Text
    """What this step is."""
    minutes: StepMinutes | None = None
    """How long it takes (one number, so the steps add up to their block)."""
    instructions: Markdown
    """What the facilitator does and says."""


class Activity(Material):
    """An activity in the session, with what it hands out (see :mod:`kitgen.models.material`)."""

    title: Text
    """The activity's title."""
    kind: Literal["guest-speaker", "role-play", "exercise", "other"]
    """guest-speaker, role-play, exercise or other."""
    minutes: SuggestedMinutes | None = None
    """Suggested duration: minutes, or a range such as 30-60."""
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
