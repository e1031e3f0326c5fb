"""Material an activity or case study hands out, and what only the facilitator holds.

Participants get the worksheet, the role briefs and the observer sheet (in the workbook, on cards);
the solution, the debrief points, an item's `solution` and the facilitator notes are in the
facilitator edition only: the participant edition's context does not hold them at all.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator, model_validator

from kitgen.models.base import TEXT_OR_MAP, Markdown, Strict, Text, wrap_strings
from kitgen.models.located import invalid_at


class WorksheetItem(Strict):
    """One item participants sort, rank or classify."""

    text: Text
    """The item as participants read it."""
    solution: Text | None = None
    """Its right place (a category, or a rank): facilitator edition only."""


class WriteIn(Strict):
    """A labelled box participants write in."""

    label: Text
    """What to write, e.g. 'Your own example of process praise'."""
    lines: Annotated[int, Field(ge=1, le=30)] = 3
    """How many ruled lines the answer needs."""


class Worksheet(Strict):
    """A sheet participants work on: instructions, items to sort or rank, boxes to write in."""

    title: Text | None = None
    """Its heading (default: 'Worksheet', or 'Observer sheet')."""
    instructions: Markdown | None = None
    """What to do: text, lists and tables (Markdown)."""
    items: Annotated[list[WorksheetItem], Field(max_length=40), TEXT_OR_MAP] = []
    """Items to work on: text, or {text, solution}."""
    categories: Annotated[list[Text], Field(max_length=8)] = []
    """Classify: each item gets a box to tick per category (at least two)."""
    rank: bool = False
    """Rank: each item gets a box for its rank (1 = first)."""
    fields: Annotated[list[WriteIn], Field(max_length=20)] = []
    """Labelled write-in boxes: {label, lines}."""

    @field_validator("items", mode="before")
    @classmethod
    def _items(cls, value):
        return wrap_strings(value, "text")

    @model_validator(mode="after")
    def _consistent(self) -> Worksheet:
        if self.categories and self.rank:
            raise invalid_at(("rank",), "a worksheet classifies (categories) or ranks (rank: true), not both")
        if len(self.categories) == 1:
            raise invalid_at(("categories",), "classifying needs at least two categories")
        if (self.categories or self.rank) and not self.items:
            raise invalid_at(("categories",) if self.categories else ("rank",),
                             "categories and rank apply to items: add the items to sort")
        if not (self.instructions or self.items or self.fields):
            raise ValueError("a worksheet needs instructions, items or fields")
        for i, item in enumerate(self.items):
            if (why := self._wrong_solution(item)) is not None:
                raise invalid_at(("items", i, "solution"), why, item.solution)
        return self

    def _wrong_solution(self, item: WorksheetItem) -> str | None:
        if item.solution is None:
            return None
        if self.categories and item.solution not in self.categories:
            return f"{item.solution!r} is none of the categories ({', '.join(self.categories)})"
        if self.rank and not (item.solution.isdigit() and 1 <= int(item.solution) <= len(self.items)):
            return f"the solution of a ranked item is its rank: a number from 1 to {len(self.items)}"
        return None


class RoleBrief(Strict):
    """What one role in a role play reads: printed on a page of its own."""

    role: Text
    """The role's name, e.g. 'Mentor'."""
    brief: Markdown
    """What the person playing it knows and wants."""
    shared_with: Annotated[list[Text], Field(max_length=12)] = []
    """Other roles that may read this brief (by default only its own role does)."""


class MaterialFields(Strict):
    """Fields shared by activities and case studies: what they hand out and what the facilitator keeps."""

    worksheet: Worksheet | None = None
    """A worksheet for every participant (in the workbook)."""
    role_briefs: Annotated[list[RoleBrief], Field(max_length=12)] = []
    """One brief per role, each printed on a page of its own: {role, brief, shared_with?}."""
    observer_sheet: Worksheet | None = None
    """What the observer watches for and notes (a worksheet of its own)."""
    solution: Markdown | None = None
    """The answer key: facilitator edition only."""
    debrief: Annotated[list[Text], Field(max_length=30)] = []
    """Points to draw out in the debrief: facilitator edition only."""
    facilitator_notes: Markdown | None = None
    """Teaching points and expected insights: facilitator edition only."""

    @model_validator(mode="after")
    def _roles(self) -> MaterialFields:
        roles = [b.role for b in self.role_briefs]
        for i, brief in enumerate(self.role_briefs):  # a repeated role first: it explains a bad shared_with
            if brief.role in roles[:i]:
                raise invalid_at(("role_briefs", i, "role"), f"the role {brief.role!r} has a brief already", brief.role)
        for i, brief in enumerate(self.role_briefs):
            for j, other in enumerate(brief.shared_with):
                if other not in roles or other == brief.role:
                    raise invalid_at(("role_briefs", i, "shared_with", j),
                                     f"{other!r} is not another role here (roles: {', '.join(roles)})", other)
        return self
