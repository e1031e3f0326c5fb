"""The roster: the people in the room, read from a CSV or YAML file in the workspace.

CSV is read with the standard library (UTF-8 with or without a byte-order mark, or UTF-16 with one;
comma, semicolon or tab; quoted fields, line breaks inside quotes); YAML through kitgen's safe loader (a list of mappings).
Column names are matched without regard to case, spaces or hyphens (`Accessibility needs` is
`accessibility`); columns kitgen does not know are kept as `extra`.

Names are personal data: a problem names the file, the line and the column, never a value, and a
`Person` prints as its row number only, so a traceback or a log line cannot carry a name.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.errors import Loc, Problem
from kitgen.name_order import full_name

MAX_BYTES = 2_000_000
MAX_PEOPLE = 5_000
MAX_NAME = 200
MAX_VALUE = 1_000
SUFFIXES = (".csv", ".tsv", ".txt", ".yaml", ".yml")
DELIMITED = (".csv", ".tsv", ".txt")
"""Delimited text (a spreadsheet's CSV, or its tab-separated "Unicode text"); the others are YAML."""
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
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Direction marks, embeddings, overrides and isolates: invisible, and names print the right way round without them."""
_INVISIBLE = {"\u200b": "zero-width space", "\u2060": "word joiner", "\ufeff": "zero-width no-break space",
              "\u180e": "Mongolian vowel separator", "\u00ad": "soft hyphen"}
"""Invisible characters that copying from a web page or a directory leaves in a name: they split it where
nothing shows (sorting, matching, hyphenation, extraction). Joiners that scripts need (U+200C, U+200D) are kept."""
_EXCEL_SEP = re.compile(r"\A\ufeff?sep=(.)\r?\n", re.IGNORECASE)
"""The first line Excel writes to name a CSV file's separator (`sep=;`)."""
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_SEPARATORS = re.compile(r"[\W_]+")


@dataclass(frozen=True, repr=False)
class Person:
    """One participant. `number` is the 1-based position in the roster, `line` the row's first line."""

    number: int
    line: int
    name: str
    first_name: str | None = None
    family_name: str | None = None
    pronouns: str | None = None
    role: str | None = None
    team: str | None = None
    department: str | None = None
    email: str | None = None
    language: str | None = None
    accessibility: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:  # never the name: reprs end up in tracebacks and logs
        return f"Person(#{self.number}, line {self.line})"

    @property
    def sort_as(self) -> str:
        """What lists sort the person by: the family name first when the roster has one, else the name."""
        return f"{self.family_name} {self.name}" if self.family_name else self.name

    @property
    def called(self) -> str:
        """The name printed large: `first_name`, else the first word of a name written with spaces (of
        what follows the comma in "Haddad, Amira"; a title such as "Dr." passed over)."""
        if self.first_name:
            return self.first_name
        name = self.name.strip()
        if name.count(",") == 1 and name.split(",")[1].strip():
            name = name.split(",")[1].strip()  # "Last, First" as directories write it
        words = name.split()
        while len(words) > 1 and _title(words[0]):
            words = words[1:]
        return words[0].strip(",;") or name if words else name

    def value(self, column: str) -> str | None:
        """The value of any column (known or extra), by its normalised name."""
        return getattr(self, column) if column in KNOWN else self.extra.get(column)


def _title(word: str) -> bool:
    """A title before a name ("Dr.", "Prof.", "Mrs."), not an initial ("J.")."""
    stem = word[:-1]
    return word.endswith(".") and len(stem) >= 2 and stem.isalpha() and not stem.isupper()


@dataclass(frozen=True)
class Roster:
    """The people of one roster file, in the file's order."""

    file: str
    people: tuple[Person, ...]
    columns: tuple[str, ...]
    """Every column the file has (normalised names), known and extra, in the file's order."""

    def __len__(self) -> int:
        return len(self.people)

    def has(self, column: str) -> bool:
        return column in self.columns


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


def read(path: Path, file: str) -> tuple[Roster | None, list[Problem]]:
    """Read a roster file; every problem is collected (file, line, column), none raised."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None, [Problem(Loc(file), "", f"the roster is larger than {MAX_BYTES // 1_000_000} MB")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(Loc(file), "", f"cannot read the roster: {exc.strerror}")]
    return parse(raw, file)


def parse(raw: bytes, file: str) -> tuple[Roster | None, list[Problem]]:
    """A roster from the bytes of the file `file` (CSV, or YAML for .yaml/.yml), with every problem."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(Loc(file), "", f"the roster is larger than {MAX_BYTES // 1_000_000} MB")]
    text, problem = _decode(raw, file)
    if problem:
        return None, [problem]
    rows, problems = _csv_rows(text, file) if file.lower().endswith(DELIMITED) else _yaml_rows(text, file)
    if rows is None:
        return None, problems
    return _build(file, rows, problems)


# -- reading rows: (line, {column: raw value}) -------------------------------------------------

Row = tuple[int, dict[str, str]]


def _decode(raw: bytes, file: str) -> tuple[str, Problem | None]:
    """UTF-8 (with or without a byte-order mark), or UTF-16 with its byte-order mark (a spreadsheet's
    "Unicode text"); never a guess at another encoding, which could garble a name unseen."""
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
    try:
        return raw.decode("utf-16" if utf16 else "utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n\x00" if raw.startswith(b"\xff\xfe") else b"\x00\n" if utf16 else b"\n", 0, exc.start) + 1
        return "", Problem(Loc(file, line), "", "not UTF-16 text" if utf16 else "not UTF-8 text",
                           "save the file as CSV UTF-8 (in a spreadsheet: Save as, CSV UTF-8)")


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
    try:
        header: list[str] | None = None
        header_line = 1
        rows: list[Row] = []
        problems: list[Problem] = []
        records = _Records(reader, skipped)
        for line, fields in records:
            if header is None:
                header, header_line = _without_trailing_blanks(fields), line
                problems += _header_problems(header, file, line)
                continue
            if len(fields) > len(header) and not any(f.strip() for f in fields[len(header):]):
                fields = fields[:len(header)]  # the empty cells a spreadsheet saves right of the table
            if len(fields) != len(header):
                problems.append(Problem(Loc(file, line), "", f"this row has {len(fields)} fields and the header "
                                        f"has {len(header)}", "put text that contains the separator in double quotes"))
                continue
            rows.append((line, dict(zip(column_names(header), fields, strict=True))))
    except csv.Error as exc:
        return None, [_not_csv(exc, file, records.done + 1 + skipped, reader.line_num + skipped)]
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
    if "name" not in names and not _composes_name(names):
        problems.append(Problem(Loc(file, line), "", "the roster has no `name` column",
                                "the first line names the columns, e.g. name,pronouns,team,email "
                                "(or a first name and a last name column)"))
    return problems


def _composes_name(columns) -> bool:
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


# -- rows to people ------------------------------------------------------------------------------

def _build(file: str, rows: list[Row], problems: list[Problem]) -> tuple[Roster | None, list[Problem]]:
    if len(rows) > MAX_PEOPLE:
        return None, [*problems, Problem(Loc(file), "", f"more than {MAX_PEOPLE} people in one roster")]
    columns: list[str] = []
    people: list[Person] = []
    names: dict[str, int] = {}
    for line, values in rows:
        for column in values:
            if column not in columns:
                columns.append(column)
        person, found = _person(file, line, len(people) + 1, values)
        problems += found
        if person is None:
            continue
        if person.name in names:
            problems.append(Problem(Loc(file, line), "name", f"the same name as the row on line {names[person.name]}",
                                    "add a middle initial or a team, so that people can tell the two apart",
                                    severity="warning"))
        names.setdefault(person.name, line)
        people.append(person)
    if not people and not [p for p in problems if p.severity == "error"]:
        problems.append(Problem(Loc(file), "", "the roster lists nobody", "add one row per participant"))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Roster(file, tuple(people), tuple(columns)), problems


def _person(file: str, line: int, number: int, values: dict[str, str]) -> tuple[Person | None, list[Problem]]:
    clean, problems = _cleaned(file, line, values)
    if not clean.get("name") and not any(p.field == "name" for p in problems):  # a refused name is reported once
        problems.append(Problem(Loc(file, line), "name", "this row has no name", "every row needs a name"))
    email = clean.get("email")
    if email and not _EMAIL.fullmatch(email):
        problems.append(Problem(Loc(file, line), "email", "not an email address", "write it as name@example.org"))
    if problems:
        return None, problems
    known = {k: clean.get(k) for k in KNOWN}
    extra = {k: v for k, v in clean.items() if k not in KNOWN and v}
    return Person(number=number, line=line, extra=extra, **known), []  # type: ignore[arg-type]


_NAMES = ("name", "first_name", "given_name", "family_name")
"""The columns that hold a name, which has a bound of its own (MAX_NAME)."""


def _cleaned(file: str, line: int, values: dict[str, str]) -> tuple[dict[str, str | None], list[Problem]]:
    """A row's values as printed, with the problems of those that cannot be; the name made of the first
    and the family name when the roster has no name column ("First name", "Last name": HR exports)."""
    problems: list[Problem] = []
    clean: dict[str, str | None] = {}
    for column, raw in values.items():
        value, why = clean_value(raw, MAX_NAME if column in _NAMES else MAX_VALUE)
        if why:
            problems.append(Problem(Loc(file, line), column, why[0], why[1]))
        clean[column] = value
    if "name" not in values and _composes_name(values):
        clean["name"] = full_name(clean.get("given_name") or clean.get("first_name"), clean.get("family_name"))
    return clean, problems


def clean_value(raw: str, limit: int) -> tuple[str | None, tuple[str, str] | None]:
    """NFC text with outer spaces removed (None when empty), or why it cannot be printed."""
    text = unicodedata.normalize("NFC", raw).strip()
    if len(text) > limit:
        return None, (f"longer than {limit} characters", "shorten it")
    for ch in text:
        if ch in _BIDI_CONTROLS:
            return None, (f"the invisible direction control U+{ord(ch):04X} cannot appear here",
                          "delete it: right-to-left names print the right way round without it")
        if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" or ch in "\ufffe\uffff" or "\ud800" <= ch <= "\udfff":
            return None, (f"the control character U+{ord(ch):04X} cannot appear here", "delete it")
        if ch in _INVISIBLE:
            return None, (f"the invisible {_INVISIBLE[ch]} U+{ord(ch):04X} cannot appear here",
                          "delete it: it shows nowhere, so retype the word that holds it")
    return (" ".join(text.split()) or None), None
