"""References from a kit's agenda to content: an id in the kit's topic, or `other-topic/id` in another."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, StringConstraints

from kitgen.models.base import SLUG_RE

_SLUG = SLUG_RE.strip("^$")
REF_RE = rf"^(?:{_SLUG}/)?{_SLUG}$"

Ref = Annotated[str, StringConstraints(pattern=REF_RE, max_length=161)]
"""An id (`digital-dashboard`), or a topic id and an id (`other-topic/digital-dashboard`)."""


def _guide(value: Any) -> Any:
    """`true` and `false` as written in YAML are the switch; any other text names a topic."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


GuideRef = Annotated[bool | Annotated[str, StringConstraints(pattern=SLUG_RE, max_length=80)],
                     BeforeValidator(_guide)]
"""`true` (the kit's topic) or the id of another topic."""


def split_ref(ref: str, topic: str) -> tuple[str, str]:
    """`(topic id, id)` of a reference; a bare id stands in `topic`."""
    head, sep, tail = ref.partition("/")
    return (head, tail) if sep else (topic, ref)


def is_ref(value: str) -> bool:
    """Whether all of `value` is a reference."""
    return re.fullmatch(REF_RE, value) is not None


__all__ = ["GuideRef", "Ref", "REF_RE", "is_ref", "split_ref"]
