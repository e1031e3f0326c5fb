"""blocks/<id>.yaml: the content of a block of your own (`{block: do-no-harm}` in a kit's agenda).

A block named in an agenda takes its content from the file of that name in the topic's `blocks/`
folder when there is one: its purpose, timed steps, the text to teach, its slides and notes. Without
a file, a block is a plain block (welcome, break, lunch, energizer, close, or a name of yours).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from kitgen.models.activity import Step
from kitgen.models.base import Markdown, Strict, Text
from kitgen.models.material import MaterialFields
from kitgen.models.span import SuggestedMinutes


class TeachingSlide(Strict):
    """A slide of the block: a title and points (or a short text), with speaker notes."""

    title: Text
    """The slide's title."""
    points: Annotated[list[Text], Field(max_length=12)] = []
    """Its bullet points."""
    text: Markdown | None = None
    """A short text instead of (or under) the points."""
    notes: Markdown | None = None
    """What to say while it shows: speaker notes, facilitator edition only."""


class CustomBlock(MaterialFields):
    """A block of the session with content of its own."""

    title: Text
    """The block's title (a kit's agenda `title` replaces it)."""
    minutes: SuggestedMinutes | None = None
    """Suggested duration: minutes, or a range such as 30-60."""
    purpose: Markdown | None = None
    """Why the block is there, in a sentence or two."""
    steps: Annotated[list[Step], Field(max_length=30)] = []
    """What happens, in order: {title, minutes?, instructions}."""
    text: Markdown | None = None
    """What the facilitator teaches: text, lists, tables and figures (Markdown)."""
    slides: Annotated[list[TeachingSlide], Field(max_length=20)] = []
    """The block's slides: {title, points, text?, notes?}."""
    materials: Annotated[list[Text], Field(max_length=40)] = []
    """What to bring."""
