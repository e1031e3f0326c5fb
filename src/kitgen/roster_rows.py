"""A roster file's rows, (line, {column: raw value}), whatever its kind: CSV read with the standard
library (UTF-8 with or without a byte-order mark, or UTF-16 with or without one; comma, semicolon or tab; quoted
fields, line breaks inside quotes), a workbook's first sheet (:mod:`kitgen.spreadsheet`), or YAML through
kitgen's safe loader (a list of mappings). Column names are matched without regard to case, spaces or
hyphens (`Accessibility needs` is `accessibility`).

A problem names the file, the line and the column, never a value: a header row may be a row of people's data.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator

from kitgen.errors import Loc, Problem

DELIMITED = (".csv", ".tsv", ".txt")
"""Delimited text (a spreadsheet's CSV, or its tab-separated "Unicode text")."""
SHEETS = (".xlsx",)
"""A workbook, its first sheet read; the other files are YAML."""
KNOWN = ("name", "first_name", "family_name", "pronouns", "role", "team", "department", "email", "language",
         "accessibility")
"""The columns kitgen reads itself; `name` is required, unless a first and a family name make it."""
ALIASES = {"accessibility_needs": "accessibility", "access_needs": "accessibility", "full_name": "name",
           "given_name": "first_name", "preferred_name": "first_name", "pronoun": "pronouns", "pronoun_s": "pronouns",
           "e_mail": "email", "email_address": "email", "e_mail_address": "email", "mail": "email",
           "last_name": "family_name", "lastname": "family_name", "surname": "family_name", "firstname": "first_name"}
PREFERRED = ("preferred_name",)
"""Headers that win over another header naming the same column (a preferred name over a first name,
which is then kept as `given_name`)."""
_EXCEL_SEP = re.compile(r"\A\ufeff?sep=(.)\r?\n", re.IGNORECASE)
"""The first line Excel writes to name a CSV file's separator (`sep=;`)."""
_SEPARATORS = re.compile(r"[\W_]+")

Row = tuple[int, dict[str, str]]


def column_name(header: str) -> str:
    """A header as kitgen knows it: lower case, spaces and punctuation as `_`, a few common aliases."""
    key = _key(header)
    return ALIASES.get(key, key)


def _key(header: str) -> str:
    return _SEPARATORS.sub("_", unicodedata.normalize("NFC", header).strip().lower()).strip("_")


def column_names(header: list[str]) -> list[str]:
    """The columns of a header row: as `column_name` names them, except that a preferred name wins over a
    first name (kept as `given_name`), as HR exports write both."""
    names = [column_name(h) for h in header]
    preferred = [i for i, h in enumerate(header) if _key(h) in PREFERRED]
    if preferred:
        names = ["given_name" if n == "first_name" and i not in preferred else n for i, n in enumerate(names)]
    return names


def rows_of(raw: bytes, file: str) -> tuple[list[Row] | None, list[Problem]]:
    """The rows of a roster file by its kind: delimited text, a workbook's first sheet, or YAML."""
    if file.lower().endswith(SHEETS):
        return _sheet_rows(raw, file)
    text, problem = _decode(raw, file)
    if problem:
        return None, [problem]
    return _csv_rows(text, file) if file.lower().endswith(DELIMITED) else _yaml_rows(text, file)



def _decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    """UTF-8 (with or without a byte-order mark), or UTF-16 with its byte-order mark (a spreadsheet's
    "Unicode text") or without one (told by its zero bytes: UTF-8 text has none); never a guess at
    another encoding, which could garble a name unseen. A file that is not UTF-8 but reads as
    Windows-1252 (a spreadsheet's plain "CSV" on Windows) is said to be that."""
    order = _utf16(raw)
    try:
        return raw.decode(order or "utf-8-sig"), None
    except UnicodeDecodeError as exc:
        little = order == "utf-16-le" or (order == "utf-16" and raw.startswith(b"\xff\xfe"))
        line = raw.count(b"\n" if not order else b"\n\x00" if little else b"\x00\n", 0, exc.start) + 1
        if order:
            return "", Problem(Loc(file, line), "", "not UTF-16 text", "save the file as CSV UTF-8 (in a spreadsheet: "
                               "Save as, CSV UTF-8)")
        why = f"not UTF-8 text (byte 0x{raw[exc.start]:02X})"
        if _reads_as(raw, "cp1252"):
            why += ": it reads as Windows-1252, the encoding of a spreadsheet's plain CSV"
        return "", Problem(Loc(file, line), "", why, "save the file as CSV UTF-8 (in a spreadsheet: Save as, CSV UTF-8)")


def _utf16(raw: bytes) -> str | None:
    """The UTF-16 codec of `raw`: "utf-16" with a byte-order mark; "utf-16-le" or "-be" without one, when
    at least a third of its first 2,000 characters have a zero byte on the same side and none on the
    other (text in a Latin script, as every roster's header is); None for anything else."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = raw[:4000]
    pairs = len(head) // 2
    if pairs < 2 or len(raw) % 2:
        return None
    high, low = head[1::2].count(0), head[0::2].count(0)
    if high * 3 >= pairs and low == 0:
        return "utf-16-le"
    if low * 3 >= pairs and high == 0:
        return "utf-16-be"
    return None


def _reads_as(raw: bytes, codec: str) -> bool:
    try:
        raw.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(text: str) -> str:
    """The separator the header line uses most outside quotes: `;` or a tab over `,`, else `,`."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch in "\r\n" and not quoted:
            break
        elif ch in counts and not quoted:
            counts[ch] += 1
    best = max(counts, key=lambda sep: (counts[sep], sep == ","))
    return best if counts[best] else ","


def _csv_rows(text: str, file: str) -> tuple[list[Row] | None, list[Problem]]:
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        return None, [Problem(Loc(file, line), "", "the file contains a NUL character", "save it again as CSV text")]
    sep = _EXCEL_SEP.match(text)
    body = text[sep.end():] if sep else text
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=sep.group(1) if sep else _delimiter(body), strict=True)
    skipped = 1 if sep else 0  # lines are counted in the file, the separator's line included
    records = _Records(reader, skipped)
    try:
        return _table_rows(records, file)
    except csv.Error as exc:
        return None, [_not_csv(exc, file, records.done + 1 + skipped, reader.line_num + skipped)]


def _sheet_rows(raw: bytes, file: str) -> tuple[list[Row] | None, list[Problem]]:
    """The rows of a workbook's first sheet, by their row numbers; a sheet leaves out the empty cells at
    the end of a row, so a row shorter than the header is as long as it once filled."""
    from kitgen.spreadsheet import sheet_rows
    rows, why = sheet_rows(raw)
    if rows is None:
        return None, [Problem(Loc(file), "", why, "save the roster again from the spreadsheet (.xlsx), or as CSV UTF-8")]
    return _table_rows(((n, cells) for n, cells in rows if any(c.strip() for c in cells)), file, short_rows=True)


def _table_rows(records: Iterable[tuple[int, list[str]]], file: str,
                short_rows: bool = False) -> tuple[list[Row] | None, list[Problem]]:
    """Rows as {column: value} under the first record, the header; with `short_rows` (a sheet), a row
    with fewer fields than the header has empty ones after them."""
    header: list[str] | None = None
    header_line = 1
    rows: list[Row] = []
    problems: list[Problem] = []
    records = list(records)
    start = _header_index(records)
    if start:  # an export's title line (and blank lines) above the header
        problems.append(Problem(Loc(file, records[0][0]), "", f"the lines above the header (line {records[start][0]}) "
                                "are not the roster's: ignored", "delete them", severity="warning"))
        records = records[start:]
    for line, fields in records:
        if header is None:
            header, header_line = _without_trailing_blanks(fields), line
            problems += _header_problems(header, file, line)
            continue
        if len(fields) > len(header) and not any(f.strip() for f in fields[len(header):]):
            fields = fields[:len(header)]  # the empty cells a spreadsheet saves right of the table
        if short_rows and len(fields) < len(header):
            fields = fields + [""] * (len(header) - len(fields))
        if len(fields) != len(header):
            problems.append(Problem(Loc(file, line), "", f"this row has {len(fields)} fields and the header "
                                    f"has {len(header)}", "put text that contains the separator in double quotes"))
            continue
        rows.append((line, dict(zip(column_names(header), fields, strict=True))))
    if header is None:
        return None, [Problem(Loc(file), "", "the roster is empty", "the first line names the columns: name,team,...")]
    if any(p.loc.line == header_line for p in problems):
        return None, problems
    return rows, problems


def _not_csv(exc: csv.Error, file: str, row_line: int, line: int) -> Problem:
    """The problem of a file that is not CSV: at the line the reader stopped, or, for a double quote
    never closed (which runs to the end of the file), at `row_line`, where that quote's row starts."""
    if "end of data" in str(exc):
        return Problem(Loc(file, row_line), "", "not valid CSV: a double quote in the row that starts here is never "
                       "closed", "close it; write a quote inside a quoted field as two quotes")
    return Problem(Loc(file, line), "", f"not valid CSV: {exc}",
                   "close every double quote; write a quote inside a quoted field as two quotes")


class _Records:
    """Each non-blank record of a CSV reader with the line it starts on (a quoted field may span lines;
    lines counted from `offset`); `done` is the last line of the last record read whole."""

    def __init__(self, reader, offset: int = 0):
        self.reader, self.offset, self.done = reader, offset, 0

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        for fields in self.reader:
            start, self.done = self.done + 1, self.reader.line_num
            if fields and any(f.strip() for f in fields):
                yield start + self.offset, fields


def _without_trailing_blanks(header: list[str]) -> list[str]:
    """A header row without the empty cells a spreadsheet saves right of the last named column."""
    while header and not header[-1].strip():
        header = header[:-1]
    return header


TITLE_LINES = 5
"""Lines above a roster's header that an export may write (a title, a date, blank lines), passed over."""


def _header_index(records: list[tuple[int, list[str]]]) -> int:
    """Which record is the header: the first, unless it names no name column and one of the next
    `TITLE_LINES` does (the lines above it an export's title)."""
    for i, (_, fields) in enumerate(records[:TITLE_LINES + 1]):
        names = column_names(_without_trailing_blanks(fields))
        if "name" in names or composes_name(names):
            return i
    return 0


def _header_problems(header: list[str], file: str, line: int) -> list[Problem]:
    """What is wrong with a header row, each column by its number: a header row may be a row of
    people's data (a file saved without one), so no message shows its text."""
    names = column_names(header)
    problems = [Problem(Loc(file, line), f"column {i + 1}", "a column has no name") for i, n in enumerate(names) if not n]
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name and name in seen:
            problems.append(Problem(Loc(file, line), f"column {i + 1}",
                                    f"this column has the same name as column {seen[name] + 1} (`{name}` once they are matched)"
                                    if name in KNOWN else f"this column has the same name as column {seen[name] + 1}",
                                    "give every column a name of its own"))
        seen.setdefault(name, i)
    if "name" not in names and not composes_name(names):
        problems.append(Problem(Loc(file, line), "", "the roster has no `name` column",
                                "the first line names the columns, e.g. name,pronouns,team,email "
                                "(or a first name and a last name column)"))
    return problems


def composes_name(columns) -> bool:
    """Whether a first (or given) and a family name column make the name, for a roster without one."""
    return "family_name" in columns and bool({"first_name", "given_name"} & set(columns))


def _yaml_rows(text: str, file: str) -> tuple[list[Row] | None, list[Problem]]:
    from kitgen.yamlsafe import YamlError, load_text
    try:
        doc = load_text(text, file, private=True)  # no hint may show a value of it
    except YamlError as exc:
        return None, [exc.problem]
    if not isinstance(doc.data, list):
        return None, [Problem(doc.loc(), "", "a YAML roster is a list of people",
                              "write one `- name: ...` entry per person")]
    rows: list[Row] = []
    problems: list[Problem] = list(doc.notes)
    for i, entry in enumerate(doc.data):
        if not isinstance(entry, dict):
            problems.append(Problem(doc.loc((i,)), f"[{i}]", "expected a person (name: ..., team: ...)"))
            continue
        values: dict[str, str] = {}
        for key, value in entry.items():
            column = column_name(key)
            if value is not None and not isinstance(value, str):
                problems.append(Problem(doc.loc((i, key)), f"[{i}].{key}", "expected text"))
            elif column in values:
                problems.append(Problem(doc.loc((i, key)), f"[{i}].{key}", "this column appears twice"))
            else:
                values[column] = value or ""
        rows.append((doc.loc((i,)).line, values))
    return rows, problems
