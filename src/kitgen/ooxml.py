"""Office Open XML packages (a PowerPoint template, an Excel roster) read without trusting them: the zip
checked for bombs before anything is unpacked, and each XML part parsed on its own with no DTD, no
entities and no network. The one place these limits are written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import IO

from lxml import etree

MAX_ENTRIES = 2_000
MAX_UNPACKED = 250_000_000
MAX_RATIO = 100
_RATIO_FLOOR = 1_000_000  # entries smaller than this unpacked cannot be a bomb on their own


class PartRefused(ValueError):
    """An XML part kitgen will not read, and why (names the part)."""


def package_problem(source: Path | IO[bytes], kind: str, max_unpacked: int = MAX_UNPACKED) -> str:
    """Why the package must not be opened ('' when it looks sane): a bomb, too many entries, not a zip, or
    no [Content_Types].xml. `kind` names what it should be ("PowerPoint file")."""
    try:
        with zipfile.ZipFile(source) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return f"is not a {kind} (not a valid zip: {exc})"
    if len(infos) > MAX_ENTRIES:
        return f"has {len(infos)} entries (more than {MAX_ENTRIES}); refusing to open it"
    if not any(i.filename == "[Content_Types].xml" for i in infos):
        return f"is not a {kind} (no [Content_Types].xml)"
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if total > max_unpacked:
        return f"unpacks to {total // 1_000_000} MB (more than {max_unpacked // 1_000_000} MB); refusing to open it"
    for info in infos:
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            return (f"entry {info.filename!r} is compressed more than {MAX_RATIO}:1, like a zip bomb; "
                    "refusing to open it")
    if total > _RATIO_FLOOR and total > MAX_RATIO * max(packed, 1):
        return f"is compressed more than {MAX_RATIO}:1, like a zip bomb; refusing to open it"
    return ""


def strict_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def parse_part(name: str, blob: bytes, kind: str) -> etree._Element:
    """One XML part, parsed on its own; a DTD, an entity or anything not well-formed is refused (`kind`:
    the file it is from, "PowerPoint file")."""
    try:
        tree = etree.parse(io.BytesIO(blob), strict_parser())
    except etree.XMLSyntaxError as exc:
        raise PartRefused(f"part {name} is not well-formed XML ({exc})") from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise PartRefused(f"part {name} declares a DTD (<!DOCTYPE>), which a {kind} never has")
    root = tree.getroot()
    if any(isinstance(node, etree._Entity) for node in root.iter()):  # noqa: SLF001 - lxml's entity node class
        raise PartRefused(f"part {name} uses an undefined entity")
    return root
