"""The kit's settings for the people in the room: breakout groups, mentoring pairs, the feedback
form's questions and the named workbooks. The roster itself is a CSV, .xlsx or YAML file the kit names."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from kitgen.models.base import Strict, Text

Column = Annotated[str, Field(min_length=1, max_length=80)]
"""A roster column by its header, in any case (`Team`, `team`; `Years in role` or years_in_role)."""
Seed = Annotated[int, Field(ge=0, le=2**31)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=60, strip_whitespace=True)]
"""A short plain label, printed as written."""


class Groups(Strict):
    """Breakout groups: everyone in exactly one, sizes within one of each other."""

    size: Annotated[int, Field(ge=2, le=100)] | None = None
    """Groups of at most this many people (as many groups as that takes)."""
    count: Annotated[int, Field(ge=1, le=500)] | None = None
    """Or exactly this many groups."""
    balance: Column | None = None
    """A roster column whose values are spread over the groups, e.g. team or department."""
    seed: Seed = 0
    """Another number gives another draw; the same number, the same groups."""
    column: Column | None = None
    """Or the groups a roster column already assigns (an export's `Group`): one group per value."""

    @model_validator(mode="after")
    def _size_or_count(self) -> "Groups":
        if self.column is not None:
            if self.size is not None or self.count is not None or self.balance is not None:
                raise ValueError("groups from a roster column take no size, count or balance")
        elif (self.size is None) == (self.count is None):
            raise ValueError("give groups either a size or a count (or the roster column that assigns them)")
        return self


class Pairs(Strict):
    """Mentoring pairs across a divide, such as seniority or generation (reverse mentoring)."""

    by: Column
    """The roster column to pair across: numbers, two values, or the values listed in `order`."""
    order: Annotated[list[Text], Field(min_length=2, max_length=50)] | None = None
    """The values of `by` from one end to the other, e.g. [Gen Z, Millennial, Gen X, Baby Boomer]."""
    avoid_same: Annotated[list[Column], Field(max_length=5)] = ["team"]
    """Columns a pair may not share (by default the team); columns the roster lacks are an error."""
    sides: Annotated[list[Label], Field(min_length=2, max_length=2)] | None = None
    """What the pairs table calls the member from the lower and from the upper end of `by`, e.g.
    [Mentor, Mentee] in reverse mentoring (default: the column's name over each side)."""
    seed: Seed = 0
    """Another number gives another draw; the same number, the same pairs."""


class Feedback(Strict):
    """The feedback form's statements, each rated on a five-point scale."""

    reaction: Annotated[list[Text], Field(min_length=1, max_length=12)] | None = None
    """How the session went (default: worth the time, relevant, clear, well paced, useful materials)."""
    learning: Annotated[list[Text], Field(min_length=1, max_length=12)] | None = None
    """What participants can now do (default: the topic's objectives)."""


class NamedWorkbooks(Strict):
    """The participant workbook with each participant's name on the cover."""

    footer: bool = False
    """Also print the name in the footer of every page."""
