"""Which session-plan segment each slide belongs to: written as the slide's name, read back by the
outputs that cite slide numbers (the facilitator guide)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kitgen.deck.package import check_zip


def name_slide(slide: Any, anchor: str | None) -> None:
    """Name ``slide`` after the segment it shows (``block-3-s2``); PowerPoint lists it under that name."""
    if anchor:
        slide._element.cSld.set("name", anchor)  # noqa: SLF001 - python-pptx has no setter for it


def slide_names(path: Path) -> list[str]:
    """Each slide's name, in deck order ('' for a slide without one): a deck kitgen wrote."""
    from pptx import Presentation
    if check_zip(path):
        return []
    prs = Presentation(str(path))
    return [slide._element.cSld.get("name") or "" for slide in prs.slides]  # noqa: SLF001
