"""A workbook's first sheet as rows of text: a roster as an HR system or a spreadsheet saves it (.xlsx).

Read as the package it is (:mod:`kitgen.ooxml`): the zip checked for bombs before anything is unpacked,
and each XML part parsed on its own, with no DTD, no entity and no network. A cell gives the value the
spreadsheet saved with it: a formula is never evaluated and a macro never runs. Numbers are written as
saved ("42", "3.5"; a whole number without ".0"), true and false as TRUE and FALSE. The sheet is the
first one the workbook lists that is not hidden.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile

from kitgen.ooxml import PartRefused, package_problem, parse_part

MAX_UNPACKED = 50_000_000
"""A roster's sheet is at most 2 MB packed; unpacked, its XML is seldom ten times that."""
KIND = "spreadsheet (.xlsx)"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_SHARED_STRINGS = "/sharedStrings"
_CELL = re.compile(r"([A-Z]{1,3})(\d+)")

SheetRow = tuple[int, list[str]]


def sheet_rows(raw: bytes) -> tuple[list[SheetRow] | None, str]:
    """The first sheet's rows (row number, cell texts from column A), or None and why it cannot be read."""
    why = package_problem(io.BytesIO(raw), KIND, MAX_UNPACKED)
    if why:
        return None, why
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            return _read(zf)
    except PartRefused as exc:
        return None, str(exc)
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        return None, f"is not a {KIND} kitgen can read ({exc})"


def _read(zf: zipfile.ZipFile) -> tuple[list[SheetRow] | None, str]:
    workbook = _target(zf, "", _OFFICE_DOCUMENT)
    if workbook is None:
        return None, f"is not a {KIND} (it has no workbook)"
    rels = _relations(zf, workbook)
    root = _part(zf, workbook)
    sheets = [s for s in root.iter(f"{_MAIN}sheet") if s.get("state") not in ("hidden", "veryHidden")]
    if not sheets or sheets[0].get(f"{_REL}id") not in rels:
        return None, "has no sheet to read"
    strings_part = next((target for rel_type, target in rels.values() if rel_type.endswith(_SHARED_STRINGS)), None)
    strings = [_text(si) for si in _part(zf, strings_part).iter(f"{_MAIN}si")] if strings_part else []
    sheet = _part(zf, rels[sheets[0].get(f"{_REL}id")][1])
    rows: list[SheetRow] = []
    for row in sheet.iter(f"{_MAIN}row"):
        rows.append(_row(row, strings, rows[-1][0] if rows else 0))
    return rows, ""


def _part(zf: zipfile.ZipFile, name: str):
    return parse_part(name, zf.read(name), KIND)


def _relations(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, the target's name in the package)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    if rels_name not in zf.namelist():
        return {}
    out = {}
    for rel in _part(zf, rels_name).iter(f"{_PKG}Relationship"):
        if rel.get("TargetMode") == "External":
            continue  # a link out of the file is never followed
        target = rel.get("Target") or ""
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[rel.get("Id") or ""] = (rel.get("Type") or "", name)
    return out


def _target(zf: zipfile.ZipFile, part: str, rel_type: str) -> str | None:
    return next((name for kind, name in _relations(zf, part).values() if kind.endswith(rel_type)), None)


def _text(node) -> str:
    """A string item's text: its own `t`, or its runs' (`r/t`); a Japanese name's reading (`rPh`) left out."""
    own = node.find(f"{_MAIN}t")
    if own is not None:
        return own.text or ""
    return "".join(t.text or "" for r in node.findall(f"{_MAIN}r") for t in r.findall(f"{_MAIN}t"))


def _row(row, strings: list[str], previous: int) -> SheetRow:
    """A row's number (the one after `previous` when it gives none) and its cells' texts by column; a
    cell that gives no place of its own is the one after the cell before it."""
    number = int(row.get("r") or previous + 1)
    cells: dict[int, str] = {}
    for cell in row.findall(f"{_MAIN}c"):
        match = _CELL.fullmatch(cell.get("r") or "")
        cells[_column(match[1]) if match else max(cells, default=-1) + 1] = _value(cell, strings)
    return number, [cells.get(i, "") for i in range(max(cells, default=-1) + 1)]


def _column(letters: str) -> int:
    """A column's 0-based index from its letters (A is 0, Z 25, AA 26)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _value(cell, strings: list[str]) -> str:
    kind = cell.get("t") or "n"
    if kind == "inlineStr":
        node = cell.find(f"{_MAIN}is")
        return _text(node) if node is not None else ""
    raw = cell.findtext(f"{_MAIN}v") or ""
    if kind == "s":
        index = int(raw) if raw.isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else ""
    if kind == "b":
        return "TRUE" if raw.strip() == "1" else "FALSE"
    if kind == "n" and re.fullmatch(r"-?\d+\.0+", raw):
        return raw.split(".")[0]
    return raw
