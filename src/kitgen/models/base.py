"""Shared building blocks of the models: strict base class and constrained text types."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

SLUG_RE = r"^[a-z0-9][a-z0-9-]*$"
NAME_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
LOCALE_RE = r"^[a-z]{2}(-[A-Z]{2})?$"
"""A locale code: a language, and a region when it matters (en, fr, pt-BR)."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=2_000, strip_whitespace=True)]
"""A short text: a title, a name, a question. Inline Markdown (emphasis, links) is allowed."""

class MarkdownMarker:
    """Marks a string field as block Markdown (paragraphs, lists) rather than a one-line text."""


Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20_000), MarkdownMarker(),
                     Field(json_schema_extra={"format": "markdown"})]
"""A prose field: Markdown with emphasis, strong, links, lists and inline code."""

class PlainMarker:
    """Marks a string field that is not Markdown at all (a web address): layouts get it as written."""


def _as_written(what: str):
    def refuse_placeholders(value: str) -> str:
        if "{{" in value:
            raise ValueError(f"{what} is used as written: placeholders are not filled inside it")
        return value
    return AfterValidator(refuse_placeholders)


Url = Annotated[str, Field(pattern=r"^(https?://|mailto:)\S+$", max_length=2000), PlainMarker(), _as_written("a web address")]
"""A web address: http, https or mailto only."""

Value = Annotated[Text, _as_written("a value")]
"""A value that fills placeholders: a short text, printed as written."""

Slug = Annotated[str, StringConstraints(pattern=SLUG_RE, max_length=80)]
"""An id: lowercase letters, digits and hyphens, starting with a letter or digit."""

Minutes = Annotated[int, Field(gt=0, le=1440)]
"""A duration in whole minutes."""

Color = Annotated[str, StringConstraints(pattern=r"^#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")]
"""A colour as #RGB or #RRGGBB."""


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors; field docstrings become descriptions."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True,
                              str_strip_whitespace=False, hide_input_in_errors=True)


def wrap_strings(value: Any, key: str) -> Any:
    """Accept a plain string where a `{key: ...}` mapping is allowed (e.g. a question without prompt)."""
    if isinstance(value, list):
        return [{key: item} if isinstance(item, str) else item for item in value]
    return value


def is_slug(value: str) -> bool:
    """Whether all of `value` is an id (a final line break included: `$` alone would let it through)."""
    return re.fullmatch(SLUG_RE, value) is not None


_DIGITS = re.compile(r"[0-9]{1,9}")


def whole_number(value: Any) -> int | None:
    """The author's text as a whole number when it is one to nine ASCII digits (no `²`, no `٣`), else None."""
    return int(value) if isinstance(value, str) and _DIGITS.fullmatch(value) else None


def _text_items_allowed(schema: dict) -> None:
    items = schema.get("items")
    if items is not None:
        schema["items"] = {"anyOf": [{"type": "string", "minLength": 1}, items]}


TEXT_OR_MAP = Field(json_schema_extra=_text_items_allowed)
"""For lists whose items may be plain text or a map (wrapped by `wrap_strings`): says so in the JSON Schema."""
