"""The .pptx as a file: checking a template before opening it, and reproducible bytes after saving."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from kitgen.deck.sanitize import parse_part

MAX_ENTRIES = 2_000
MAX_UNPACKED = 250_000_000
MAX_RATIO = 100
_RATIO_FLOOR = 1_000_000  # entries smaller than this unpacked cannot be a bomb on their own


def check_zip(path: Path) -> str:
    """Why the zip at ``path`` must not be opened ('' when it looks sane): bombs, junk, not a zip."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"is not a PowerPoint file (not a valid zip: {exc})"
    if len(infos) > MAX_ENTRIES:
        return f"has {len(infos)} entries (more than {MAX_ENTRIES}); refusing to open it"
    if not any(i.filename == "[Content_Types].xml" for i in infos):
        return "is not a PowerPoint file (no [Content_Types].xml)"
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > MAX_UNPACKED:
        return f"unpacks to {total // 1_000_000} MB (more than {MAX_UNPACKED // 1_000_000} MB); refusing to open it"
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return (f"entry {info.filename!r} is compressed more than {MAX_RATIO}:1, like a zip bomb; "
                    "refusing to open it")
    if total > _RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        return f"is compressed more than {MAX_RATIO}:1, like a zip bomb; refusing to open it"
    return ""


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
