"""The slide deck: the plan of `slides.jinja` written into a PowerPoint template (:mod:`kitgen.deck`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.writers.base import Writer, Written

if TYPE_CHECKING:
    from kitgen.context import Context
    from kitgen.errors import Problem
    from kitgen.models import Kit
    from kitgen.outputs import OutputSpec
    from kitgen.session import Session
    from kitgen.yamlsafe import Doc


def _logo_warnings(kit: Kit, doc: Doc) -> list[Problem]:
    """A warning for the kit's logo when the title slide cannot show it (see `kitgen.deck.writer`)."""
    from kitgen.errors import Problem
    from kitgen.paths import SLIDE_IMAGE_SUFFIXES
    path, name = kit.logo_field
    if not name or Path(name).suffix.lower() in SLIDE_IMAGE_SUFFIXES:
        return []
    return [Problem(doc.loc(path), ".".join(path), f"the slides show PNG, JPEG or GIF logos: the title slide "
                    f"leaves {name} out (the handouts show it)", "add a PNG copy of the logo and name it here",
                    severity="warning")]


class PptxWriter(Writer):
    """An editable PowerPoint deck with speaker notes."""

    kind = "deck"
    suffix = ".pptx"

    def check(self, spec: OutputSpec, kit: Kit, doc: Doc, workspace: Path) -> list[Problem]:
        """A kit's own template opens and maps every slide kind (python-pptx only when a kit customizes the
        deck); a warning for a logo the title slide cannot show (an SVG or WebP one: the handouts' only)."""
        found = _logo_warnings(kit, doc)
        if not (kit.deck.template or kit.deck.layouts):
            return found
        from kitgen.deck.template import check_deck_settings
        return found + check_deck_settings(kit.deck.template, dict(kit.deck.layouts), workspace, doc.loc,
                                           theme_keys=kit.theme.model_fields_set)

    def inputs(self, spec: OutputSpec, session: Session, workspace: Path) -> list[str]:
        kit = session.kit
        return [name for name in (kit.theme.logo, kit.organization.logo if kit.organization else None,
                                  kit.deck.template) if name]

    def prepare(self) -> list[str]:
        import kitgen.deck.writer  # noqa: F401
        return []

    def anchors(self, path: Path) -> dict[str, list[int]]:
        """The slides of each block segment: the deck names every slide after the segment it belongs to."""
        from kitgen.deck.anchors import slide_names
        out: dict[str, list[int]] = {}
        for number, name in enumerate(slide_names(path), 1):
            if name:
                out.setdefault(name, []).append(number)
        return out

    def write(self, ctx: Context, spec: OutputSpec, workspace: Path, path: Path, needs: Mapping[str, Path]) -> Written:
        from kitgen.deck.writer import write_deck
        info = write_deck(ctx, spec, workspace, path)
        return Written(info.get("pages", 0), list(info.get("warnings", [])), list(info.get("inputs", [])))
