"""PDF handouts: a layout rendered to HTML with the context, then to PDF (:mod:`kitgen.handouts`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.writers.base import Writer, Written

if TYPE_CHECKING:
    from kitgen.context import Context
    from kitgen.outputs import OutputSpec


class PdfWriter(Writer):
    """A print-ready PDF from the output's layout."""

    kind = "pdf"
    suffix = ".pdf"

    def as_format(self, fmt: str) -> Writer | None:
        return HTML if fmt == "html" else super().as_format(fmt)

    def prepare(self) -> list[str]:
        import kitgen.handouts  # noqa: F401
        from kitgen import i18n
        from kitgen.render import pdf
        pdf.warm_up(i18n.available())
        if pdf.harfbuzz_subset_available():
            return []
        return ["HarfBuzz's font subsetter (libharfbuzz-subset0) is missing: PDFs will be written "
                "about ten times slower. Install it with scripts/setup-system.sh."]

    def anchors(self, path: Path) -> dict[str, list[int]]:
        """The PDF's named destinations (one for every `id` of the layout) and their page numbers."""
        import pikepdf
        with pikepdf.open(path) as pdf:
            names = pdf.Root.get("/Names")
            if names is None or "/Dests" not in names:
                return {}
            pages = {page.objgen: n for n, page in enumerate(pdf.pages, 1)}
            out: dict[str, list[int]] = {}
            for name, dest in pikepdf.NameTree(names.Dests).items():
                target = dest[0] if isinstance(dest, pikepdf.Array) and len(dest) else None
                if isinstance(target, pikepdf.Dictionary) and target.objgen in pages:
                    out[str(name)] = [pages[target.objgen]]
            return out

    def write(self, ctx: Context, spec: OutputSpec, workspace: Path, path: Path, needs: Mapping[str, Path]) -> Written:
        """Render, render again when the first render shows a section's tail alone on a page or, printed
        on both sides (unless `spec` is always printed on one), an odd page count (:mod:`kitgen.copyfit`),
        then finish the PDF for print (:mod:`kitgen.finishing`)."""
        from kitgen.copyfit import fit
        from kitgen.finishing import finish
        from kitgen.handouts import in_parts, write_handout, write_in_parts
        read: list[str] = []
        write = write_in_parts if in_parts(ctx, spec) else write_handout

        def render(hints: dict) -> Path:
            read[:] = write(ctx, spec, workspace, path, {"fitting": hints})[1]
            return path
        press = ctx.kit.print
        fit(render, duplex=press.duplex and not spec.simplex)
        return Written(finish(path, crop_marks=press.crop_marks), inputs=read, warnings=_long_cards(path, ctx))


def _long_cards(path: Path, ctx: Context) -> list[str]:
    """A warning for each card that runs past the two sides of one sheet (a case study's, a role brief's)."""
    import pikepdf
    from kitgen.copyfit import long_cards
    with pikepdf.open(path) as pdf:
        long = long_cards(pdf)
    if not long:
        return []
    named = {f"case-{c.number}": f"the card of case study {c.id!r}" for c in ctx.case_studies}
    return [f"{named.get(name, name)} runs to {pages} pages, more than one sheet printed on both sides; "
            "shorten its text to keep it to one sheet" for name, pages in sorted(long.items())]


class HtmlWriter(Writer):
    """The exact HTML and CSS the PDF renderer would receive, for previewing a layout."""

    kind = "html"
    suffix = ".html"

    def as_format(self, fmt: str) -> Writer | None:
        return self

    def prepare(self) -> list[str]:
        import kitgen.handouts  # noqa: F401
        return []

    def write(self, ctx: Context, spec: OutputSpec, workspace: Path, path: Path, needs: Mapping[str, Path]) -> Written:
        from kitgen.atomic import write_text
        from kitgen.handouts import handout_html, workspace_files
        served: list[Path] = []
        write_text(path, handout_html(ctx, spec, workspace, served=served))
        return Written(inputs=workspace_files(served, workspace))


HTML = HtmlWriter()
