"""discussion-guide.yaml: a guide for a facilitated group discussion."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from kitgen.models.base import TEXT_OR_MAP, Markdown, Strict, Text, wrap_strings


class Scope(Strict):
    """What the discussion covers and what it leaves out."""

    in_: Annotated[list[Text], Field(alias="in", max_length=30)] = []
    """In scope."""
    out: Annotated[list[Text], Field(max_length=30)] = []
    """Out of scope."""


class DiscussionQuestion(Strict):
    """A question for the group, with follow-ups to deepen it."""

    question: Text
    """The question."""
    follow_ups: Annotated[list[Text], Field(max_length=20)] = []
    """Follow-up questions."""


class Technique(Strict):
    """A facilitation technique."""

    name: Text
    """Its name, e.g. 'Round-robin'."""
    how: Markdown
    """How to use it."""


class DiscussionGuide(Strict):
    """A group-discussion guide."""

    goal: Markdown
    """Why the group meets: explore, solve, decide or share."""
    scope: Scope | None = None
    """What is in and out of scope."""
    ground_rules: Annotated[list[Text], Field(max_length=30)] = []
    """Rules everyone agrees to."""
    questions: Annotated[list[DiscussionQuestion], Field(min_length=1, max_length=50), TEXT_OR_MAP]
    """Questions: text, or {question, follow_ups}."""
    techniques: Annotated[list[Technique], Field(max_length=30)] = []
    """Techniques for the facilitator."""
    closing: Markdown | None = None
    """How to summarize and agree actions."""

    @field_validator("questions", mode="before")
    @classmethod
    def _questions(cls, value):
        return wrap_strings(value, "question")
