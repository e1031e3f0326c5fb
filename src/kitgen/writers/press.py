"""Print files, each made from other outputs' files: booklets, two-up cards, the print order, the pack.

A booklet or two-up file is a handout imposed on printer's sheets (:mod:`kitgen.imposition`). The
print order reads the page count of every file to print (for each handout: its booklet, else its
two-up sheets, else the handout itself; the roster's paperwork and the named workbooks when the kit
makes them) and counts copies and sheets (:mod:`kitgen.printorder`); it is
a one-page PDF (layout `print-order.html`), a CSV and a JSON file. The pack zips every file of the kit
with a manifest (:mod:`kitgen.pack`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.writers.base import Writer, Written

if TYPE_CHECKING:
    from kitgen.context import Context
    from kitgen.outputs import OutputSpec
    from kitgen.printorder import Order

MM = 72 / 25.4
PAPER = {(210, 297): "A4", (216, 279): "Letter", (297, 420): "A3", (279, 432): "Tabloid", (148, 210): "A5",
         (140, 216): "Half letter"}
"""Paper names by (short, long) side in whole millimetres."""


def paper_name(page) -> str:
    x0, y0, x1, y1 = (float(v) for v in (page.obj.get("/TrimBox") or page.mediabox))
    short, long = sorted((round((x1 - x0) / MM), round((y1 - y0) / MM)))
    return next((name for (s, l), name in PAPER.items() if abs(s - short) <= 2 and abs(l - long) <= 2),
                f"{short} × {long} mm")


class ImposedWriter(Writer):
    """A handout imposed on printer's sheets by an :mod:`kitgen.imposition` function."""

    suffix = ".pdf"

    def __init__(self, kind: str, impose: str):
        self.kind, self.impose = kind, impose

    def write(self, ctx: Context, spec: OutputSpec, workspace: Path, path: Path, needs: Mapping[str, Path]) -> Written:
        import pikepdf
        from kitgen import imposition
        from kitgen.finishing import save_pdf
        with pikepdf.open(needs[spec.needs[0]]) as src:
            out = getattr(imposition, self.impose)(src)
            save_pdf(out, path)
            return Written(len(out.pages))


def _printed(ctx: Context, needs: Mapping[str, Path]) -> list:
    """The files to print, one per handout: its booklet if there is one, else its two-up sheets, else
    itself; each for whom the kit's outputs say (`kit.printing`, see :func:`kitgen.printorder.audience`)."""
    import pikepdf
    from kitgen.printorder import PrintFile, audience
    printing = ctx.kit.printing
    jobs = []
    for name, path in needs.items():
        kind = next((k for k in ("booklet", "two-up") if name.endswith(f"-{k}")), "flat")
        base = name if kind == "flat" else name[: -len(kind) - 1]
        if kind == "flat" and (f"{name}-booklet" in needs or f"{name}-two-up" in needs):
            continue  # printed as its booklet, or two to a sheet
        label = ctx.t[base.replace("-", "_")] + ("" if kind == "flat" else f" ({ctx.t[kind.replace('-', '_')]})")
        with pikepdf.open(path) as pdf:
            jobs.append(PrintFile(name, path.name, label, audience(base, printing), len(pdf.pages),
                                  paper_name(pdf.pages[0]), kind, printing[base]["simplex"]))
    return jobs


def print_order(ctx: Context, needs: Mapping[str, Path]) -> Order:
    """The print order for the files in `needs`: participants from the roster when the kit has one
    (else the kit's `participants`), groups from the roster's breakout groups when it makes them (else
    participants divided by `print.group_size`)."""
    from kitgen.printorder import Settings, order
    kit, press = ctx.kit, ctx.kit.print
    sizes = kit.group_sizes
    cards = tuple(m.per for b in ctx.agenda for m in b.materials if m.piece == "role_briefs" and m.output == "case-cards")
    settings = Settings(kit.participants or 0, kit.spares, max(sizes) if sizes else press.group_size, press.duplex,
                        press.colour, len(sizes) or None, cards)
    materials = list(ctx.plan.to_bring) if ctx.plan is not None else []
    return order(_printed(ctx, needs), materials, settings)


class PrintOrderWriter(Writer):
    """The one-page print order (layout `print-order.html`)."""

    kind = "print-order"
    suffix = ".pdf"

    def write(self, ctx: Context, spec: OutputSpec, workspace: Path, path: Path, needs: Mapping[str, Path]) -> Written:
        from kitgen.finishing import finish
        from kitgen.handouts import write_handout
        o = print_order(ctx, needs)
        view = {"lines": [asdict(ln) for ln in o.lines], "materials": [asdict(m) for m in o.materials],
                "participants": o.settings.participants, "spares": o.settings.spares, "groups": o.settings.groups,
                "group_size": o.settings.group_size, "sheets": o.sheets,
                "booklets": any(ln.output.endswith("-booklet") for ln in o.lines),
                "two_up": any(ln.output.endswith("-two-up") for ln in o.lines)}
        _, inputs = write_handout(ctx, spec, workspace, path, {"order": view})
        return Written(finish(path, crop_marks=False), inputs=inputs)


class PrintOrderDataWriter(Writer):
    """The print order's lines and materials as CSV or JSON."""

    def __init__(self, kind: str):
        self.kind, self.suffix = kind, f".{kind}"

    def write(self, ctx: Context, spec: OutputSpec, workspace: Path, path: Path, needs: Mapping[str, Path]) -> Written:
        from kitgen.atomic import write_text
        from kitgen.printorder import to_csv, to_json
        o = print_order(ctx, needs)
        write_text(path, to_csv(o) if self.kind == "csv" else to_json(o, ctx.kit.id))
        return Written()


class PackWriter(Writer):
    """Every file of the kit in one zip, with a manifest of sizes and SHA-256 sums."""

    kind = "zip"
    suffix = ".zip"

    def write(self, ctx: Context, spec: OutputSpec, workspace: Path, path: Path, needs: Mapping[str, Path]) -> Written:
        import io
        from kitgen.atomic import write_bytes
        from kitgen.pack import write_zip
        buffer = io.BytesIO()
        write_zip(buffer, {p.name: p for p in needs.values()}, ctx.kit.id, ctx.kit.created)
        write_bytes(path, buffer.getvalue())
        return Written()


BOOKLET = ImposedWriter("booklet", "booklet")
TWO_UP = ImposedWriter("two-up", "two_up")
PRINT_ORDER = PrintOrderWriter()
PRINT_ORDER_CSV = PrintOrderDataWriter("csv")
PRINT_ORDER_JSON = PrintOrderDataWriter("json")
PACK = PackWriter()
PRINTED = frozenset({"pdf", "booklet", "two-up", "named-pdf"})
"""Writer kinds of the files a print order counts (handouts, their imposed sheets, named workbooks)."""
FILES = frozenset({"deck", *PRINTED, "print-order", "csv", "json"})
"""Writer kinds of the files a pack holds: every file of the kit (the roster's paperwork when the kit
makes it; of the named workbooks, their one print file, whose name holds no one's)."""
