"""case-studies/<id>.yaml: a scenario for breakout groups, customizable through parameters."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from kitgen.models.base import TEXT_OR_MAP, Markdown, NAME_RE, Strict, Text, Value, wrap_strings
from kitgen.models.material import MaterialFields
from kitgen.models.span import SuggestedMinutes
from kitgen.models.timing import Grouping, Segments

ParamName = Annotated[str, Field(pattern=NAME_RE, max_length=60)]


class Parameter(Strict):
    """A value a kit can change with `with:`, used as {{ name }} in the case study."""

    default: Value
    """The value used when the kit does not set one."""
    description: Text | None = None
    """What the parameter stands for, shown to trainers."""


class Character(Strict):
    """A person in the scenario."""

    name: Text
    """The character's name (may be a {{ parameter }})."""
    role: Text
    """Their role or job title."""
    description: Markdown | None = None
    """Background that helps groups understand them."""


class CaseQuestion(Strict):
    """A discussion question, with what to draw out when groups report back."""

    question: Text
    """The question."""
    debrief: Annotated[list[Text], Field(max_length=20)] = []
    """Points to draw out in the debrief; facilitator edition only."""


class CaseStudy(MaterialFields):
    """A case study for breakout groups, with what it hands out (see :mod:`kitgen.models.material`)."""

    title: Text
    """The case's title."""
    summary: Text | None = None
    """One line, for agendas and cards."""
    minutes: SuggestedMinutes | None = None
    """Suggested duration: minutes, or a range such as 30-60."""
    grouping: Grouping | None = None
    """How groups work on it: pairs, trios, groups of N, individual, whole group (default: groups of 4)."""
    segments: Segments = {}
    """Suggested minutes of its segments (brief, read, groups, debrief), scaled to the kit's slot."""
    parameters: dict[ParamName, Parameter] = {}
    """Names a kit can set with `with:`, each with a default."""
    characters: Annotated[list[Character], Field(max_length=30)] = []
    """The people in the scenario."""
    scenario: Markdown
    """The story groups analyse (may use {{ parameter }})."""
    discussion_questions: Annotated[list[CaseQuestion], Field(min_length=1, max_length=50), TEXT_OR_MAP]
    """Questions for the groups: text, or {question, debrief}."""
    group_task: Markdown | None = None
    """What breakout groups produce."""
    answer_space: Literal["page", "lines"] | None = None
    """The writing space under the group task in the workbook: a ruled page, or lines (default: a page
    when the task asks for a piece of work, such as a draft, a redesign or a plan)."""
    key_takeaways: Annotated[list[Text], Field(max_length=30)] = []
    """What participants should take away."""

    @field_validator("discussion_questions", mode="before")
    @classmethod
    def _questions(cls, value):
        return wrap_strings(value, "question")
