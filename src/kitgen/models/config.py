"""kitgen.yaml: workspace defaults that every kit starts from."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kitgen.models.base import LOCALE_RE, Strict, Text
from kitgen.models.kit import Theme


class Limits(Strict):
    """Bounds the operating system enforces on each process that loads and checks the content or
    makes one output; a process over a bound is stopped and only its output fails. A workspace may
    lower them, or raise them up to the ceilings given here."""

    memory_mb: Annotated[int, Field(ge=256, le=16_384)] = 2_048
    """Address space of each process, in MB (256 to 16,384)."""
    cpu_seconds: Annotated[int, Field(ge=1, le=3_600)] = 240
    """Processor time of each process, in seconds (1 to 3,600)."""
    wall_seconds: Annotated[int, Field(ge=1, le=3_600)] = 300
    """Time from start to finish of each process, in seconds (1 to 3,600); the environment variable
    KITGEN_RENDER_TIMEOUT replaces it (0 there: no wall-clock limit)."""


class WorkspaceConfig(Strict):
    """Defaults for every kit in the workspace; a kit's own values win."""

    paper: Literal["a4", "letter"] | None = None
    """Default paper size: a4 or letter."""
    locale: Annotated[str, Field(pattern=LOCALE_RE)] | None = None
    """Default language of labels."""
    theme: Theme | None = None
    """Default theme (a kit's theme keys override these one by one)."""
    output: Text | None = None
    """Output folder, relative to the workspace (default: build)."""
    limits: Limits | None = None
    """Memory, processor time and wall-clock time allowed to each process that validates or renders."""
