"""Print imposition with pikepdf: a PDF's pages placed on printer's sheets. Pure: PDF in, PDF out.

- `booklet`: a saddle-stitched booklet. The pages are padded with blank pages to a multiple of 4 and
  placed two to a side of a double-size sheet (A4 pages on A3, Letter on Tabloid) in booklet order:
  printed on both sides (flip on the short edge), folded and stapled, they read 1, 2, 3, …
- `two_up`: two copies of each page side by side on a double-size sheet (A5 cards on A4, half-letter
  on Letter), with a dashed "cut here" guide between them. Front and back of a sheet carry the same
  page's two sides, so a duplex print stays right whichever edge the printer flips.
- `crop_marks`: the sheet enlarged around each page's trim box, with crop marks outside the bleed.

Pages are placed as form XObjects (the page's own content, fonts and images, drawn once per use).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

MM = 72 / 25.4
MARK_LENGTH = 5 * MM  # crop marks: length of each stroke
MARK_ZONE = 10 * MM  # room around the bleed for the marks
IN = 72.0
# Landscape sheets a pair of pages is printed on: A5 pairs on A4, A4 on A3, half-letter on Letter, Letter on Tabloid.
SHEETS = ((297 * MM, 210 * MM), (420 * MM, 297 * MM), (11 * IN, 8.5 * IN), (17 * IN, 11 * IN))


def sheet_for(width: float, height: float) -> tuple[float, float]:
    """The standard landscape sheet that holds two pages of `width` x `height` side by side (within 2 mm),
    else a sheet exactly twice as wide."""
    for w, h in SHEETS:
        if 0 <= w - 2 * width < 2 * MM and abs(h - height) < 2 * MM:
            return w, h
    return 2 * width, height


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """The (left, right) page indexes of every sheet side, in printing order, for `pages` pages.

    The count is padded to a multiple of 4 (None: a blank page). Side 1 of the outer sheet carries the
    last and the first page, side 2 the second and the second-to-last, and so on inwards."""
    total = max(4, -(-pages // 4) * 4)
    sides: list[tuple[int | None, int | None]] = []

    def page(i: int) -> int | None:
        return i if i < pages else None

    for sheet in range(total // 4):
        first, last = 2 * sheet, total - 1 - 2 * sheet
        sides.append((page(last), page(first)))
        sides.append((page(first + 1), page(last - 1)))
    return sides


def _trim(page: pikepdf.Page) -> tuple[float, float, float, float]:
    box = page.obj.get("/TrimBox") or page.mediabox
    x0, y0, x1, y1 = (float(Decimal(str(v))) for v in box)
    return x0, y0, x1, y1


def _sheet(out: pikepdf.Pdf, width: float, height: float) -> pikepdf.Page:
    import pikepdf
    out.add_blank_page(page_size=(width, height))
    page = out.pages[-1]
    page.obj.TrimBox = pikepdf.Array([0, 0, width, height])
    return page


def _place(out: pikepdf.Pdf, sheet: pikepdf.Page, source: pikepdf.Page, x: float, y: float) -> None:
    """Draw `source` (cut to its trim box) with its trim box's lower-left corner at (x, y).

    The page becomes a form XObject named by its position on the sheet (/P0, /P1): the same input gives
    the same bytes (pikepdf's own overlay names XObjects at random)."""
    import pikepdf
    x0, y0, x1, y1 = _trim(source)
    form = out.copy_foreign(source.as_form_xobject())
    if "/Resources" not in sheet.obj:
        sheet.obj.Resources = pikepdf.Dictionary()
    if "/XObject" not in sheet.obj.Resources:
        sheet.obj.Resources.XObject = pikepdf.Dictionary()
    xobjects = sheet.obj.Resources.XObject
    name = f"/P{len(xobjects.keys())}"
    xobjects[name] = form
    ops = (f"q {x:.3f} {y:.3f} {x1 - x0:.3f} {y1 - y0:.3f} re W n "
           f"1 0 0 1 {x - x0:.3f} {y - y0:.3f} cm {name} Do Q\n")
    sheet.contents_add(pikepdf.Stream(out, ops.encode()))


def _with_info(src: pikepdf.Pdf, out: pikepdf.Pdf) -> pikepdf.Pdf:
    """The imposed file keeps the document's title and authors (not its tags: it is a print file)."""
    with src.open_metadata(set_pikepdf_as_editor=False) as meta_in, \
            out.open_metadata(set_pikepdf_as_editor=False, update_docinfo=True) as meta_out:
        for key in ("dc:title", "dc:creator", "dc:description", "xmp:CreateDate", "xmp:ModifyDate"):
            if key in meta_in:
                meta_out[key] = meta_in[key]
    return out


def booklet(src: pikepdf.Pdf) -> pikepdf.Pdf:
    """`src` imposed as a saddle-stitched booklet on the sheet that holds two of its pages (`sheet_for`)."""
    import pikepdf
    out = pikepdf.new()
    x0, y0, x1, y1 = _trim(src.pages[0])
    width, height = x1 - x0, y1 - y0
    sheet_w, sheet_h = sheet_for(width, height)
    gutter = (sheet_w - 2 * width) / 2
    for left, right in booklet_order(len(src.pages)):
        sheet = _sheet(out, sheet_w, sheet_h)
        for index, x in ((left, gutter), (right, gutter + width)):
            if index is not None:
                _place(out, sheet, src.pages[index], x, 0.0)
        _fold_mark(out, sheet, sheet_w / 2, sheet_h)
    return _with_info(src, out)


def two_up(src: pikepdf.Pdf) -> pikepdf.Pdf:
    """Two copies of every page of `src` side by side on the sheet that holds two (`sheet_for`), with a
    cut guide between them."""
    import pikepdf
    out = pikepdf.new()
    for page in src.pages:
        x0, y0, x1, y1 = _trim(page)
        width, height = x1 - x0, y1 - y0
        sheet_w, sheet_h = sheet_for(width, height)
        gutter = (sheet_w - 2 * width) / 2
        sheet = _sheet(out, sheet_w, sheet_h)
        _place(out, sheet, page, gutter, 0.0)
        _place(out, sheet, page, gutter + width, 0.0)
        _cut_guide(out, sheet, sheet_w / 2, sheet_h)
    return _with_info(src, out)


def crop_marks(src: pikepdf.Pdf, bleed: float = 3 * MM) -> pikepdf.Pdf:
    """Every page of `src` on a sheet enlarged by the bleed and a margin for crop marks, in place.

    The trim box stays the page; the bleed box is the trim box grown by `bleed` (WeasyPrint's `bleed`
    draws colour that runs to the edge that far); the marks sit outside the bleed, on the trim lines."""
    import pikepdf
    for page in src.pages:
        x0, y0, x1, y1 = _trim(page)
        grow = bleed + MARK_ZONE
        page.obj.MediaBox = pikepdf.Array([x0 - grow, y0 - grow, x1 + grow, y1 + grow])
        page.obj.BleedBox = pikepdf.Array([x0 - bleed, y0 - bleed, x1 + bleed, y1 + bleed])
        page.obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
        if "/CropBox" in page.obj:
            del page.obj["/CropBox"]
        page.contents_add(pikepdf.Stream(src, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(src, b"Q\n" + _marks(x0, y0, x1, y1, bleed)))
    return src


def _marks(x0: float, y0: float, x1: float, y1: float, bleed: float) -> bytes:
    """Crop marks in registration colour (all four inks), outside the bleed, along the trim lines."""
    gap, length = bleed + 1 * MM, MARK_LENGTH
    ops = ["q", "0.25 w", "1 1 1 1 K"]
    for x, y, sx, sy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        ops.append(f"{x + sx * gap:.3f} {y:.3f} m {x + sx * (gap + length):.3f} {y:.3f} l S")
        ops.append(f"{x:.3f} {y + sy * gap:.3f} m {x:.3f} {y + sy * (gap + length):.3f} l S")
    ops.append("Q")
    return ("\n".join(ops) + "\n").encode()


def _fold_mark(out: pikepdf.Pdf, sheet: pikepdf.Page, x: float, height: float) -> None:
    """Short ticks at the head and foot of the fold (at `x`), where the booklet is folded and stapled."""
    import pikepdf
    tick = 4 * MM
    ops = f"q 0.4 w 0.6 G {x:.3f} 0 m {x:.3f} {tick:.3f} l S {x:.3f} {height - tick:.3f} m {x:.3f} {height:.3f} l S Q\n"
    sheet.contents_add(pikepdf.Stream(out, ops.encode()))


def _cut_guide(out: pikepdf.Pdf, sheet: pikepdf.Page, x: float, height: float) -> None:
    """A dashed line down the sheet at `x`, with scissors and "cut here" at its head."""
    import pikepdf
    ops = [f"q 0.5 w 0.45 G [3 2] 0 d {x:.3f} 0 m {x:.3f} {height:.3f} l S Q"]
    ops.append(_scissors(x, height - 9 * MM))
    ops.append(_words("cut here", x + 2.2 * MM, height - 8.2 * MM, 6.5))
    sheet.contents_add(pikepdf.Stream(out, ("\n".join(o for o in ops if o) + "\n").encode()))


def _scissors(x: float, y: float) -> str:
    """A small pair of scissors (two rings and two blades) centred on (x, y), blades pointing down."""
    r, s = 1.1 * MM, 2.6 * MM
    parts = ["q 0.5 w 0.3 G"]
    for side in (-1, 1):
        cx, cy = x + side * 1.3 * MM, y + s
        k = 0.5523 * r
        parts.append(f"{cx + r:.3f} {cy:.3f} m {cx + r:.3f} {cy + k:.3f} {cx + k:.3f} {cy + r:.3f} {cx:.3f} {cy + r:.3f} c "
                     f"{cx - k:.3f} {cy + r:.3f} {cx - r:.3f} {cy + k:.3f} {cx - r:.3f} {cy:.3f} c "
                     f"{cx - r:.3f} {cy - k:.3f} {cx - k:.3f} {cy - r:.3f} {cx:.3f} {cy - r:.3f} c "
                     f"{cx + k:.3f} {cy - r:.3f} {cx + r:.3f} {cy - k:.3f} {cx + r:.3f} {cy:.3f} c S")
        parts.append(f"{cx:.3f} {cy - r:.3f} m {x - side * 0.9 * MM:.3f} {y - s:.3f} l S")
    parts.append("Q")
    return " ".join(parts)


def _words(text: str, x: float, y: float, size: float) -> str:
    """`text` drawn as filled outlines (no font to embed) from DejaVu Sans, when it is installed."""
    glyphs = _outline_font()
    if glyphs is None:
        return ""
    font, scale = glyphs, size / glyphs["head"].unitsPerEm
    from fontTools.pens.recordingPen import RecordingPen
    cmap, glyph_set, hmtx = font.getBestCmap(), font.getGlyphSet(), font["hmtx"]
    ops, cursor = ["q 0.3 g"], x
    for char in text:
        name = cmap.get(ord(char))
        if name is None:
            continue
        pen = RecordingPen()
        glyph_set[name].draw(pen)
        ops.extend(_path(pen.value, cursor, y, scale))
        cursor += hmtx[name][0] * scale
    ops.append("Q")
    return " ".join(ops)


def _path(commands: list, x: float, y: float, scale: float) -> Iterator[str]:
    def pt(p: tuple[float, float]) -> str:
        return f"{x + p[0] * scale:.2f} {y + p[1] * scale:.2f}"

    current = (0.0, 0.0)
    for op, args in commands:
        if op == "moveTo":
            current = args[0]
            yield f"{pt(current)} m"
        elif op == "lineTo":
            current = args[0]
            yield f"{pt(current)} l"
        elif op == "qCurveTo":  # TrueType quadratic splines: implied on-curve points between controls
            points = list(args)
            for i, control in enumerate(points[:-1]):
                end = points[i + 1] if i == len(points) - 2 else \
                    ((control[0] + points[i + 1][0]) / 2, (control[1] + points[i + 1][1]) / 2)
                c1 = (current[0] + 2 / 3 * (control[0] - current[0]), current[1] + 2 / 3 * (control[1] - current[1]))
                c2 = (end[0] + 2 / 3 * (control[0] - end[0]), end[1] + 2 / 3 * (control[1] - end[1]))
                yield f"{pt(c1)} {pt(c2)} {pt(end)} c"
                current = end
        elif op == "curveTo":
            current = args[-1]
            yield f"{pt(args[0])} {pt(args[1])} {pt(args[2])} c"
        elif op in ("closePath", "endPath"):
            yield "h f"


def _outline_font():
    """DejaVu Sans as a fontTools font, found through fontconfig; None when there is none."""
    import shutil
    import subprocess
    from fontTools.ttLib import TTFont
    if not shutil.which("fc-match"):
        return None
    try:
        path = subprocess.run(["fc-match", "-f", "%{file}", "DejaVu Sans"], capture_output=True, text=True,
                              timeout=20).stdout.strip()
        return TTFont(path, lazy=True) if path.endswith((".ttf", ".otf")) else None
    except (OSError, subprocess.TimeoutExpired, Exception):  # noqa: BLE001 - no words is fine
        return None
