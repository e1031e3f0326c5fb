"""What a handout PDF gets after WeasyPrint, read and saved with pikepdf (reproducibly, atomically).

- the header cells' /Scope (`pdfstructure.add_header_scopes`);
- crop marks and the bleed box, when the kit asks for them.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.atomic import write_bytes

if TYPE_CHECKING:
    import pikepdf


def save_pdf(pdf: pikepdf.Pdf, path: Path) -> None:
    """Write `pdf` to `path` atomically; the same PDF gives the same bytes (its /ID is a content hash)."""
    buffer = io.BytesIO()
    pdf.save(buffer, deterministic_id=True)
    write_bytes(path, buffer.getvalue())


def finish(path: Path, *, crop_marks: bool) -> int:
    """Finish the handout at `path` in place; returns its page count."""
    import pikepdf
    from kitgen import imposition
    from kitgen.pdfstructure import add_header_scopes
    with pikepdf.open(path) as pdf:
        add_header_scopes(pdf)
        if crop_marks:
            imposition.crop_marks(pdf)
        pages = len(pdf.pages)
        save_pdf(pdf, path)
    return pages
