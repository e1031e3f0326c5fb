"""case-studies/<id>.yaml: a scenario for breakout groups, customizable through parameters."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from kitgen.models.base import Markdown, NAME_RE, Strict, Text, Value
from kitgen.models.material import Material
from kitgen.models.span import SuggestedMinutes

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


class CaseStudy(Material):
    """A case study for breakout groups, with what it hands out (see :mod:`kitgen.models.material`)."""

    title: Text
    """The case's title."""
    summary: Text | None = None
    """One line, for agendas and cards."""
    minutes: SuggestedMinutes | None = None
    """Suggested duration: minutes, or a range such as 30-60."""
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
    key_takeaways: Annotated[list[Text], Field(max_length=30)] = []
    """What participants should take away."""
