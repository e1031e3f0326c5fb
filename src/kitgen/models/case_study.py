"""case-studies/<id>.yaml: a scenario for breakout groups, customizable through parameters."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kitgen.models.base import Markdown, Minutes, NAME_RE, Strict, Text, Value

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


class CaseStudy(Strict):
    """A case study for breakout groups."""

    title: Text
    """The case's title."""
    summary: Text | None = None
    """One line, for agendas and cards."""
    minutes: Minutes | None = None
    """Suggested duration in minutes."""
    parameters: dict[ParamName, Parameter] = {}
    """Names a kit can set with `with:`, each with a default."""
    characters: Annotated[list[Character], Field(max_length=30)] = []
    """The people in the scenario."""
    scenario: Markdown
    """The story groups analyse (may use {{ parameter }})."""
    discussion_questions: Annotated[list[Text], Field(min_length=1, max_length=50)]
    """Questions for the groups."""
    group_task: Markdown | None = None
    """What breakout groups produce."""
    answer_space: Literal["page", "lines"] | None = None
    """The writing space under the group task in the workbook: a ruled page, or lines (default: a page
    when the task asks for a piece of work, such as a draft, a redesign or a plan)."""
    facilitator_notes: Markdown | None = None
    """Teaching points and expected insights; facilitator edition only."""
    key_takeaways: Annotated[list[Text], Field(max_length=30)] = []
    """What participants should take away."""
