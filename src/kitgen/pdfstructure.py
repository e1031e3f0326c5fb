"""What a tagged PDF's structure tree needs beyond what WeasyPrint writes, added with pikepdf.

WeasyPrint 70 tags tables with /TH and /TD and links data cells to their headers (/Headers, /ID), but it
never writes a header cell's /Scope, which PDF/UA checkers and screen readers look for first. A header
cell gets `/Scope /Column` when its row holds header cells only (a table head), else `/Scope /Row`
(the first cell of a row that names the row, as `<th scope="row">` in the layouts).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf


def _kids(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    import pikepdf
    kids = node.get("/K")
    for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid


def _elements(root: pikepdf.Object, role: str, depth: int = 0) -> Iterator[pikepdf.Dictionary]:
    for kid in _kids(root):
        if kid.S == role:
            yield kid
        elif depth < 100:
            yield from _elements(kid, role, depth + 1)


def _rows(table: pikepdf.Dictionary) -> Iterator[pikepdf.Dictionary]:
    for kid in _kids(table):
        if kid.S == "/TR":
            yield kid
        elif kid.S in ("/THead", "/TBody", "/TFoot"):
            yield from _rows(kid)


def add_header_scopes(pdf: pikepdf.Pdf) -> int:
    """Give every table header cell a /Scope; returns how many cells were given one."""
    import pikepdf
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    count = 0
    for table in _elements(root, "/Table"):
        for row in _rows(table):
            cells = [c for c in _kids(row) if c.S in ("/TH", "/TD")]
            scope = pikepdf.Name.Column if all(c.S == "/TH" for c in cells) else pikepdf.Name.Row
            for cell in cells:
                if cell.S != "/TH":
                    continue
                attrs = cell.get("/A")
                if not isinstance(attrs, pikepdf.Dictionary):
                    attrs = pikepdf.Dictionary(O=pikepdf.Name.Table)
                    cell.A = attrs
                if "/Scope" not in attrs:
                    attrs.Scope = scope
                    count += 1
    return count
