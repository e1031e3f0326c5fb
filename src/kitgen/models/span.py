"""Durations as sources give them: a content file may suggest a range (`minutes: 30-60`); an agenda
block, which has one slot on the clock, needs one number and says so when given a range."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, TypeAdapter, ValidationError, WithJsonSchema, WrapValidator, model_validator

from kitgen.models.base import Minutes, Strict

_RANGE = re.compile(r"\s*([0-9]{1,4})\s*(?:-|–|—|to)\s*([0-9]{1,4})\s*(?:min(?:utes)?)?\s*")


class Span(Strict):
    """A suggested duration from `low` to `high` minutes, written `30-60`."""

    low: Minutes
    """The shortest it may take."""
    high: Minutes
    """The longest it may take."""

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.low >= self.high:
            raise ValueError(f"a range goes from fewer to more minutes: write {min(self.low, self.high)}-"
                             f"{max(self.low, self.high)}, or one number")
        return self

    def __contains__(self, minutes: int) -> bool:
        return self.low <= minutes <= self.high

    def __str__(self) -> str:
        return f"{self.low}–{self.high}"


def range_parts(value: Any) -> tuple[int, int] | None:
    """`(low, high)` when `value` is a range as written (`30-60`, `30–60`, `30 to 60 min`), else None."""
    match = _RANGE.fullmatch(value) if isinstance(value, str) else None
    return (int(match.group(1)), int(match.group(2))) if match else None


_RANGE_TEXT = r"^\s*[0-9]{1,4}\s*(-|–|—|to)\s*[0-9]{1,4}\s*(min(utes)?)?\s*$"
_MINUTES = TypeAdapter(Minutes)


def _suggested(value: Any, handler) -> Any:
    """One message for one wrong value (not one per arm of `int | Span`)."""
    if isinstance(value, Span):
        return value
    parts = range_parts(value)
    try:
        return Span(low=parts[0], high=parts[1]) if parts else _MINUTES.validate_python(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        if error["type"] in ("int_parsing", "int_from_float", "int_type"):
            raise ValueError(f"expected a whole number, got {value!r} (or a range such as 30-60)") from None
        if error["type"] == "value_error":
            raise ValueError(error["msg"].removeprefix("Value error, ")) from None
        bound = "at least 1 minute" if error["type"] == "greater_than" else "at most 1440 minutes (a day)"
        raise ValueError(f"{value!r} minutes: a duration is {bound}") from None


def _one_number(what: str):
    def refuse_range(value: Any) -> Any:
        if range_parts(value):
            raise ValueError(f"{what} takes one number of minutes, not a range: write the minutes you plan, "
                             "e.g. 45 (a case study or activity may suggest a range in its own `minutes`)")
        return value
    return BeforeValidator(refuse_range)


SuggestedMinutes = Annotated[Minutes | Span, WrapValidator(_suggested), WithJsonSchema({"anyOf": [
    {"type": "integer", "exclusiveMinimum": 0, "maximum": 1440},
    {"type": "string", "pattern": _RANGE_TEXT}]})]
"""A suggested duration: whole minutes (`45`) or a range (`30-60`)."""

BlockMinutes = Annotated[Minutes, _one_number("an agenda block")]
"""The length of an agenda block: one number of minutes."""

StepMinutes = Annotated[Minutes, _one_number("a step")]
"""The length of a step: one number, so steps add up to their block."""


def fits(suggested: int | Span | None, slot: int) -> bool:
    """Whether a slot of `slot` minutes agrees with a suggested duration (none suggested: it does)."""
    if suggested is None:
        return True
    return slot in suggested if isinstance(suggested, Span) else slot == suggested


def shown(suggested: int | Span) -> str:
    """A suggested duration as written in messages: `45` or `30–60`."""
    return str(suggested)


def longest(suggested: int | Span) -> int:
    """The most minutes a suggestion allows: its number, or the top of its range."""
    return suggested.high if isinstance(suggested, Span) else suggested
