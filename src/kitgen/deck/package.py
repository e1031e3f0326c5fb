"""The .pptx as a file: checking a template before opening it, and reproducible bytes after saving."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from kitgen.deck.sanitize import parse_part
from kitgen.ooxml import package_problem


def check_zip(path: Path) -> str:
    """Why the zip at ``path`` must not be opened ('' when it looks sane): bombs, junk, not a zip."""
    return package_problem(path, "PowerPoint file")


def normalized(data: bytes, when: dt.datetime, slides: int | None = None) -> bytes:
    """The zip rewritten with every entry dated ``when`` (at least 1980), fixed attributes and a stable order.

    ``[Content_Types].xml`` comes first (some readers expect it), then the parts sorted by name.
    With ``slides``, the slide count in ``docProps/app.xml`` is set to it (python-pptx keeps the template's).
    Every XML part is parsed on its own first: a deck with one that does not is never written.
    """
    stamp = min(max(when.replace(tzinfo=None), dt.datetime(1980, 1, 1)), dt.datetime(2107, 12, 31))  # zip's range
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second - stamp.second % 2)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        names = [i.filename for i in src.infolist()]
        order = sorted(names, key=lambda n: (n != "[Content_Types].xml", n))
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            body = src.read(name)
            if name.endswith((".xml", ".rels")):
                parse_part(name, body)  # never write a part that does not parse on its own
            if name == "docProps/app.xml" and slides is not None:
                body = re.sub(rb"<Slides>\d*</Slides>", b"<Slides>%d</Slides>" % slides, body)
            dst.writestr(info, body, compresslevel=6)
    return out.getvalue()
