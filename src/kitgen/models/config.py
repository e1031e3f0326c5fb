"""kitgen.yaml: workspace defaults that every kit starts from."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from kitgen.models.base import Strict, Text
from kitgen.models.kit import Theme


class WorkspaceConfig(Strict):
    """Defaults for every kit in the workspace; a kit's own values win."""

    paper: Literal["a4", "letter"] | None = None
    """Default paper size: a4 or letter."""
    locale: Annotated[str, Field(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] | None = None
    """Default language of labels."""
    theme: Theme | None = None
    """Default theme (a kit's theme keys override these one by one)."""
    output: Text | None = None
    """Output folder, relative to the workspace (default: build)."""
