"""The roster: the people in the room, read from a file in the workspace (CSV, a workbook's sheet or
YAML: :mod:`kitgen.roster_rows` reads its rows), each row made a `Person`; columns kitgen does not know
are kept as `extra`.

Names are personal data: a problem names the file, the line and the column, never a value, and a
`Person` prints as its row number only, so a traceback or a log line cannot carry a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.errors import Loc, Problem
from kitgen.name_order import full_name
from kitgen.roster_rows import KNOWN, Row, composes_name, rows_of

MAX_BYTES = 2_000_000
MAX_PEOPLE = 5_000
MAX_NAME = 200
MAX_VALUE = 1_000
SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".yaml", ".yml")
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Direction marks, embeddings, overrides and isolates: invisible, and names print the right way round without them."""
_INVISIBLE = {"\u200b": "zero-width space", "\u2060": "word joiner", "\ufeff": "zero-width no-break space",
              "\u180e": "Mongolian vowel separator", "\u00ad": "soft hyphen"}
"""Invisible characters that copying from a web page or a directory leaves in a name: they split it where
nothing shows (sorting, matching, hyphenation, extraction). Joiners that scripts need (U+200C, U+200D) are kept."""
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


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
    """A roster from the bytes of the file `file` (CSV, a sheet, or YAML for .yaml/.yml), with every problem."""
    if len(raw) > MAX_BYTES:
        return None, [Problem(Loc(file), "", f"the roster is larger than {MAX_BYTES // 1_000_000} MB")]
    rows, problems = rows_of(raw, file)
    if rows is None:
        return None, problems
    return _build(file, rows, problems)


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
    if email and not _EMAIL.fullmatch(email):  # "n/a", "-": no output prints an email, so nothing is lost
        problems.append(Problem(Loc(file, line), "email", "not an email address: left out", "write it as name@example.org",
                                severity="warning"))
        clean["email"] = None
    if any(p.severity == "error" for p in problems):
        return None, problems
    known = {k: clean.get(k) for k in KNOWN}
    known["first_name"] = known["first_name"] or clean.get("given_name")  # a preferred name left blank: the first name
    extra = {k: v for k, v in clean.items() if k not in KNOWN and v}
    return Person(number=number, line=line, extra=extra, **known), problems  # type: ignore[arg-type]


SPREADSHEET_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"})
"""What a spreadsheet writes in a cell whose formula failed (a lookup that found nobody): never a value."""
_NAMES = ("name", "first_name", "given_name", "family_name")
"""The columns that hold a name, which has a bound of its own (MAX_NAME)."""


def _cleaned(file: str, line: int, values: dict[str, str]) -> tuple[dict[str, str | None], list[Problem]]:
    """A row's values as printed, with the problems of those that cannot be; the name made of the first
    and the family name when the roster has no name column ("First name", "Last name": HR exports)."""
    problems: list[Problem] = []
    clean: dict[str, str | None] = {}
    for column, raw in values.items():
        value, why = clean_value(raw, MAX_NAME if column in _NAMES else MAX_VALUE)
        said = "first_name" if column == "given_name" else column  # the header's name, not the one kept beside a preferred name
        if why:
            problems.append(Problem(Loc(file, line), said, why[0], why[1]))
        elif value is not None and value.upper() in SPREADSHEET_ERRORS:
            problems.append(Problem(Loc(file, line), said, f"a spreadsheet's error value ({value}): left empty",
                                    "fix the formula or the lookup that made it, or clear the cell", severity="warning"))
            value = None
        clean[column] = value
    if "name" not in values and composes_name(values):
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
