"""The writer protocol: what the pipeline asks of every kind of output file.

An output (an entry of :data:`kitgen.outputs.OUTPUTS`) names its writer. The pipeline asks the
writer to check the kit's settings for it (the check stage), which workspace files it will read
besides the content (the change detector), and to write the file from the render context. A writer
may read other outputs' files (a booklet made from a guide, a zip of the pack): its output lists
them in `needs`, and they are made first; an output that cites another's pages or slides lists it in
`refers`, and the writer that made that file says where each block is in it (`anchors`). Nothing
outside the writers knows what kind of file an output is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kitgen.context import Context
    from kitgen.errors import Problem
    from kitgen.models import Kit
    from kitgen.outputs import OutputSpec
    from kitgen.session import Session
    from kitgen.yamlsafe import Doc


@dataclass
class Written:
    """What writing one output gave."""

    pages: int = 0
    """Pages (or slides) in the file; 0 when it has none."""
    warnings: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    """Workspace files the render loaded on its own (images, fonts, stylesheets a layout names)."""


class Writer:
    """Makes one kind of file. Subclasses set `kind` and `suffix` and implement `write`."""

    kind = ""
    """What it makes, as build records and messages name it: "pdf", "html", "deck", ..."""
    suffix = ""
    """The file name's ending, e.g. ".pdf"."""

    def check(self, spec: OutputSpec, kit: Kit, doc: Doc, workspace: Path) -> list[Problem]:
        """Problems with the kit's settings for this output, located in the kit file (`doc`)."""
        return []

    def inputs(self, spec: OutputSpec, session: Session, workspace: Path) -> list[str]:
        """Workspace files the writer reads besides the context and the layouts (e.g. a template)."""
        return []

    def as_format(self, fmt: str) -> Writer | None:
        """The writer that makes this output in `fmt` ("files", or "html" for a layout preview);
        None when the output has no such form."""
        return self if fmt == "files" else None

    def prepare(self) -> list[str]:
        """Import what rendering needs (before the build forks its workers); notes for the user."""
        return []

    def anchors(self, path: Path) -> dict[str, list[int]]:
        """Where each anchor (a block's or segment's `anchor`, e.g. "block-3") is in the file at `path`
        that this writer made: its page or slide numbers. Empty for a file without pages."""
        return {}

    def write(self, ctx: Context, spec: OutputSpec, workspace: Path, path: Path, needs: Mapping[str, Path]) -> Written:
        """Write the output to `path` atomically; `needs` maps each output it reads to that file."""
        raise NotImplementedError
