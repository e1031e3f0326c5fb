"""A check across fields that reports at the one value it is about, not at the whole record."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError


def invalid_at(loc: tuple[str | int, ...], message: str, value: Any = None) -> ValidationError:
    """An error at `loc` below the record being validated (raise it from a model validator)."""
    error = PydanticCustomError("value_error", "{message}", {"message": message})
    return ValidationError.from_exception_data("content", [InitErrorDetails(type=error, loc=loc, input=value)])
