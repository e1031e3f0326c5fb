"""A Markdown table as a PowerPoint table: fitted like text, continued when it is too long.

The table takes the area of the layout's main text box. Columns share its width by how much they
hold (each between a tenth and a half of it), and each is at least as wide as its longest word at
the size it is set at, so no word is broken inside; the text is set at the largest size from
:data:`MAX_PT` down to :data:`FLOOR_PT` at which every word and every row fits. At the floor, rows
that do not fit continue on further slides, the header row repeated on each. Cells are written as editable text
with the deck's paragraph writer; the first row is the table's header (its style's header row).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pptx.util import Emu

from kitgen.deck.flow import pack
from kitgen.deck.geometry import EMU_PER_PT, INSET_X_EMU, Rect, TextStyle
from kitgen.deck.lines import TEXT, Line, clean_runs, inline_runs
from kitgen.deck.measure import WIDTH_SAFETY, candidate_sizes, height_emu, largest, text_width_pt
from kitgen.deck.paragraphs import ParagraphWriter
from kitgen.deck.textbox import TextBox
from kitgen.markup import Rich, Run
from kitgen.media import Table

MAX_PT = 20
FLOOR_PT = 12
_CELL = TextStyle(size_pt=MAX_PT, indents=(0,), space_before=0.0, line_spacing=1.0, bold=False, italic=False)
_ALIGN = {"left": "l", "center": "ctr", "right": "r"}


@dataclass
class TablePage:
    """The rows of one slide's table (the header first), their heights, the columns' widths, the size."""

    rows: list[list[Line]]
    heights: list[int]
    widths: list[int]
    size: int
    align: list[str]


def _cells(row: list[str], bold: bool, problems: list[str], where: str) -> list[Line]:
    out = []
    for cell in row:
        runs = inline_runs(Rich(cell, inline=True)) or [Run("")]
        if bold:
            runs = [Run(r.text, True, r.italic, r.code, r.href) for r in runs]
        out += clean_runs([Line(runs, TEXT, source=where)], problems, where)
    return out


def _shares(rows: list[list[Line]]) -> list[float]:
    """Each column's share of the width, by its longest cell (between a tenth and a half)."""
    count = max(len(r) for r in rows)
    need = [max(max((len(r[c].text) for r in rows if c < len(r)), default=1), 4) for c in range(count)]
    return [min(0.5, max(0.1, n / sum(need))) for n in need]


def _widths(rows: list[list[Line]], width: int, least: list[int] | None = None) -> list[int] | None:
    """The columns' widths: `width` shared by :func:`_shares`, each column at least `least` (None: the
    columns cannot all have their least)."""
    shares = _shares(rows)
    least = least or [0] * len(shares)
    if sum(least) > width:
        return None
    fixed: set[int] = set()
    while True:  # a column below its least gets it; the others share what is left, by their shares
        left = width - sum(least[c] for c in fixed)
        scale = sum(share for c, share in enumerate(shares) if c not in fixed)
        widths = [least[c] if c in fixed else int(left * share / scale) for c, share in enumerate(shares)]
        short = {c for c, w in enumerate(widths) if c not in fixed and w < least[c]}
        if not short:
            break
        fixed |= short
    widths[-1] += width - sum(widths)
    return widths


def _least_widths(rows: list[list[Line]], font: str | None, size: int) -> list[int]:
    """Each column's longest word at `size`, with the cell's insets: the narrowest it can be unbroken."""
    count = max(len(r) for r in rows)
    least = [0] * count
    for row in rows:
        for c, cell in enumerate(row):
            for run in cell.runs:
                for word in str(run.text).split():
                    pt = text_width_pt(word, size, font, bool(run.bold), bool(run.italic)) / WIDTH_SAFETY
                    least[c] = max(least[c], int(pt * EMU_PER_PT) + 2 * INSET_X_EMU + 1)
    return least


def _row_height(row: list[Line], widths: list[int], font: str | None, size: int) -> int:
    return max(height_emu([cell], TextBox(w, 10 ** 9, _CELL, font, size, size), size) for cell, w in zip(row, widths))


def fit_table(table: Table, area: Rect, font: str | None, where: str) -> tuple[list[TablePage], list[str]]:
    """The slides' tables for `table` in `area`, and the problems met (cells that could not be written)."""
    problems: list[str] = []
    count = max([len(table.header)] + [len(r) for r in table.rows])
    pad = [""] * count
    header = _cells((table.header + pad)[:count], True, problems, where)
    body = [_cells((r + pad)[:count], False, problems, where) for r in table.rows]
    rows = [header] + body
    align = [_ALIGN.get(a, "l") for a in (table.align + ["left"] * count)[:count]]

    def widths(size: int) -> list[int] | None:
        return _widths(rows, area.width, _least_widths(rows, font, size))

    def heights(size: int, columns: list[int]) -> list[int]:
        return [_row_height(row, columns, font, size) for row in rows]

    def fits(size: int) -> bool:
        columns = widths(size)
        return columns is not None and sum(heights(size, columns)) <= area.height

    size = largest(candidate_sizes(MAX_PT, FLOOR_PT), fits)
    if size is not None:
        columns = widths(size) or []
        return [TablePage(rows, heights(size, columns), columns, size, align)], problems
    size = FLOOR_PT
    columns = widths(size)
    if columns is None:  # words too long for their columns even at the floor: PowerPoint breaks them
        problems.append(f"{where}: the table's longest words do not fit its columns even at {FLOOR_PT} pt, so they "
                        "are broken inside; use shorter words or fewer columns")
        columns = _widths(rows, area.width) or []
    all_heights = heights(size, columns)
    pages = pack(all_heights[1:], 0, max(area.height - all_heights[0], 1))
    return [TablePage([header] + [body[i] for i in page], [all_heights[0]] + [all_heights[i + 1] for i in page],
                      columns, size, align) for page in pages], problems


def draw_table(slide: Any, page: TablePage, area: Rect, writer: ParagraphWriter, font: str | None) -> None:
    """Add `page` to `slide` as a table in `area`: editable cells, the first row its header."""
    shape = slide.shapes.add_table(len(page.rows), len(page.widths), Emu(area.left), Emu(area.top),
                                   Emu(area.width), Emu(sum(page.heights)))
    table = shape.table
    table.first_row = True
    for c, width in enumerate(page.widths):
        table.columns[c].width = Emu(width)
    for r, (row, height) in enumerate(zip(page.rows, page.heights)):
        table.rows[r].height = Emu(height)
        for c, line in enumerate(row):
            body = table.cell(r, c).text_frame._txBody  # noqa: SLF001 - cells are written like text boxes
            body.clear_content()
            box = TextBox(page.widths[c], height, _CELL, font, page.size, page.size)
            body.append(writer.paragraph(line, box, page.size, align=page.align[c]))
