"""The roster reader, collation, breakout groups and mentoring pairs (no rendering)."""

from __future__ import annotations

import io

import collections
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from roster_harness import ROSTER

from kitgen.collation import collated
from kitgen.groups import breakout, group_count
from kitgen.pairs import PairingError, mentoring_pairs, same_side
from kitgen.roster import Person, read

REPO = Path(__file__).resolve().parent.parent
COHORT = ROSTER
GENERATIONS = ["Gen Z", "Millennial", "Gen X", "Baby Boomer"]


@pytest.fixture(scope="module")
def cohort():
    roster, problems = read(COHORT, "people/cohort-50.csv")
    assert roster is not None, problems
    return roster


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- reading ---------------------------------------------------------------------------------------

def test_the_fixture_roster_has_fifty_people_in_many_scripts(cohort):
    import unicodedata
    assert len(cohort) == 50
    scripts = {unicodedata.name(ch).split()[0] for p in cohort.people for ch in p.name if ch.isalpha()}
    assert {"LATIN", "ARABIC", "HEBREW", "CJK", "HANGUL", "CYRILLIC", "GREEK", "DEVANAGARI"} <= scripts
    assert cohort.columns[:3] == ("name", "first_name", "pronouns")
    assert {"generation", "seniority", "accessibility"} <= set(cohort.columns)
    fatima = cohort.people[2]
    assert fatima.accessibility == "Large print, seat near the front"  # a quoted field with a comma
    assert fatima.called == "فاطمة" and fatima.extra["generation"] == "Millennial"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("sep", [",", ";"])
def test_csv_with_or_without_bom_comma_or_semicolon(tmp_path, bom, sep):
    text = f'Name{sep}Team{sep}Accessibility needs\r\nAmira Haddad{sep}Data{sep}"Large print{sep} front row"\r\n' \
           f'"Li{sep} Lei"{sep}Fleet{sep}\r\n\r\nZoë{sep}{sep}"two\nlines"\r\n'
    roster, problems = read(write(tmp_path, "r.csv", bom + text.encode()), "people/r.csv")
    assert problems == []
    assert [p.name for p in roster.people] == ["Amira Haddad", f"Li{sep} Lei", "Zoë"]
    assert roster.people[0].accessibility == f"Large print{sep} front row"
    assert [p.line for p in roster.people] == [2, 3, 5]
    assert roster.people[2].team is None and roster.people[2].accessibility == "two lines"


def test_an_exports_title_lines_above_the_header_are_passed_over_with_a_warning(tmp_path):
    """An HR export that writes a title and a blank line above the header: the header is found below
    them, lines still count from the file's top, and one warning says what was ignored."""
    text = "Participant export - generated 01.11.2026;;;\r\n;;;\r\nFirst Name;Last Name;E-mail;Table\r\n" \
           "Amira;Haddad;amira@example.org;Table 1\r\nLei;Li;li@example.org;Table 2\r\n"
    roster, problems = read(write(tmp_path, "r.csv", text.encode()), "people/r.csv")
    assert roster is not None and [p.line for p in roster.people] == [4, 5]
    assert [(p.loc.line, p.severity) for p in problems] == [(1, "warning")] and "line 3" in problems[0].message


def test_a_placeholder_email_is_left_out_with_a_warning(tmp_path):
    """HR exports write "n/a" or "-" where nobody has an email; no output prints one, so the row is read
    and the value left out, with a warning at its row."""
    roster, problems = read(write(tmp_path, "r.csv", b"name,email\nAmira Haddad,n/a\nLi Lei,li@example.org\n"), "people/r.csv")
    assert roster is not None and [p.email for p in roster.people] == [None, "li@example.org"]
    assert [(p.loc.line, p.field, p.severity) for p in problems] == [(2, "email", "warning")]


def test_a_blank_preferred_name_falls_back_to_the_first_name_column(tmp_path):
    """HR exports write a Preferred Name beside the First Name: where it is blank, the name printed large
    is the first name, never a guess from the full name (a family name written first, a particle)."""
    text = "Full Name,First Name,Preferred Name,Last Name\n佐藤 花子,花子,,佐藤\nvan der Berg Jan,Jan,,van der Berg\n" \
           "Amira Haddad,Amira,Mira,Haddad\n"
    roster, problems = read(write(tmp_path, "r.csv", text.encode()), "people/r.csv")
    assert problems == []
    assert [p.called for p in roster.people] == ["花子", "Jan", "Mira"]


def test_a_spreadsheets_error_value_is_left_empty_with_a_warning(tmp_path):
    """A failed lookup's "#N/A" is not a participant's pronouns: the cell is left empty and its row and
    column are named (never its other values)."""
    text = "Name,Pronouns,Team\nJosé Ramírez,#N/A,Sales\nAmira Haddad,she/her,#REF!\n"
    roster, problems = read(write(tmp_path, "r.csv", text.encode()), "people/r.csv")
    assert roster is not None and [p.pronouns for p in roster.people] == [None, "she/her"]
    assert roster.people[1].team is None
    assert [(p.loc.line, p.field, p.severity) for p in problems] == [(2, "pronouns", "warning"), (3, "team", "warning")]
    assert all("#" in p.message and "José" not in p.message for p in problems)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_spreadsheets_unicode_text_is_read_utf16_and_tab_separated(tmp_path, encoding):
    """What a spreadsheet saves as "Unicode text": UTF-16 with a byte-order mark, tab-separated, as .txt."""
    bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
    text = 'Last name\tFirst name\tTeam\r\nHaddad\tAmira\t"Data, Ops"\r\n佐藤\t花子\tSales\r\n'
    roster, problems = read(write(tmp_path, "r.txt", bom + text.encode(encoding)), "people/r.txt")
    assert problems == []
    assert [(p.name, p.family_name, p.team) for p in roster.people] == [
        ("Amira Haddad", "Haddad", "Data, Ops"), ("佐藤花子", "佐藤", "Sales")]  # the family name first
    assert [p.line for p in roster.people] == [2, 3]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_by_its_zero_bytes(tmp_path, encoding):
    """An export in UTF-16 that left its byte-order mark out (some HR systems' "Unicode" CSV)."""
    text = "Name;Team\r\nJosé Núñez;Ops\r\nAmira Haddad;Sales\r\n"
    roster, problems = read(write(tmp_path, "r.csv", text.encode(encoding)), "people/r.csv")
    assert problems == [] and [(p.name, p.team) for p in roster.people] == [("José Núñez", "Ops"),
                                                                             ("Amira Haddad", "Sales")]


def test_a_windows_1252_file_is_said_to_be_one_at_its_first_line_that_is_not_utf8(tmp_path):
    """A spreadsheet's plain CSV on Windows: not read (a guess could garble a name), and the message says
    which encoding the file is in and which byte of which line, never the name around it."""
    text = "name;team\nAmira Haddad;Ops\nJosé Núñez;Ops\n"
    roster, problems = read(write(tmp_path, "r.csv", text.encode("cp1252")), "people/r.csv")
    assert roster is None and [(p.loc.line, p.severity) for p in problems] == [(3, "error")]
    assert "not UTF-8 text (byte 0xE9): it reads as Windows-1252" in problems[0].message
    assert "CSV UTF-8" in problems[0].hint and "Jos" not in problems[0].message + problems[0].hint
    _, problems = read(write(tmp_path, "u.csv", b"name\nA\x81b\n"), "people/u.csv")  # 0x81: none in Windows-1252
    assert "not UTF-8 text (byte 0x81)" in problems[0].message and "Windows-1252" not in problems[0].message


def test_a_name_made_of_its_parts_is_in_the_order_its_script_writes_it():
    from kitgen.name_order import full_name
    assert full_name("Amira", "Haddad") == "Amira Haddad"
    assert full_name("雷", "李") == "李雷" and full_name("민준", "김") == "김민준"
    assert full_name("はなこ", "佐藤") == "佐藤 はなこ"  # Japanese, told by its kana: family name, space, given name
    assert full_name("Amira", None) == "Amira" and full_name(None, "Haddad") == "Haddad"
    assert full_name("Li", "李") == "Li 李"  # mixed scripts: as Latin writes it


def test_a_tab_separated_csv_keeps_commas_and_semicolons_in_its_values(tmp_path):
    text = "name\tteam\taccessibility needs\nAmira Haddad\tData; Ops\tLarge print, front row\n"
    roster, problems = read(write(tmp_path, "r.tsv", text.encode()), "people/r.tsv")
    assert problems == [] and roster.columns[:3] == ("name", "team", "accessibility")
    assert (roster.people[0].team, roster.people[0].accessibility) == ("Data; Ops", "Large print, front row")


def _xlsx(rows: list[list[str | int | None]], hidden_first: bool = False, phonetic: dict[str, str] | None = None) -> bytes:
    """A workbook as a spreadsheet saves one: strings shared (a Japanese name with its reading, `rPh`),
    numbers as numbers, empty cells left out, and optionally a hidden sheet listed before the roster's."""
    import zipfile
    from xml.sax.saxutils import escape
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings: list[str] = []
    cells = []
    for r, row in enumerate(rows, 1):
        out = []
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{r}"
            if isinstance(value, int):
                out.append(f'<c r="{ref}"><v>{value}.0</v></c>' if value % 2 else f'<c r="{ref}"><v>{value}</v></c>')
            elif value:
                strings.append(value)
                out.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        cells.append(f'<row r="{r}">{"".join(out)}</row>')
    sheet = f'<worksheet xmlns="{main}"><sheetData>{"".join(cells)}</sheetData></worksheet>'
    reading = phonetic or {}
    shared = "".join(f"<si><t>{escape(v)}</t>" + (f'<rPh sb="0" eb="1"><t>{reading[v]}</t></rPh>' if v in reading else "")
                     + "</si>" for v in strings)
    sheets = ('<sheet name="Lookup" sheetId="2" state="hidden" r:id="rId3"/>' if hidden_first else "") + \
        '<sheet name="Roster" sheetId="1" r:id="rId1"/>'
    files = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                               '<Default Extension="xml" ContentType="application/xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                       f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{sheets}</sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/worksheet" Target="/xl/worksheets/sheet2.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet,
        "xl/worksheets/sheet2.xml": f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
                                    '<is><t>not a roster</t></is></c></row></sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{shared}</sst>',
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in files.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + text)
    return buf.getvalue()


def test_an_hr_export_saved_as_a_workbook_is_read_from_its_first_visible_sheet(tmp_path):
    data = _xlsx([["Last name", "First name", "Team", "Employee no", "Start"],
                  ["Haddad", "Amira", "Data, Ops", 1042, 46027],
                  [None, None, None],  # an empty row: skipped, and the next keeps its own row number
                  ["佐藤", "花子", None, 7],  # the cells a sheet leaves out at the end of the row are empty
                  ["Okafor", "David", "Fleet"]],
                 hidden_first=True, phonetic={"佐藤": "サトウ"})
    roster, problems = read(write(tmp_path, "r.xlsx", data), "people/r.xlsx")
    assert problems == []
    assert [(p.name, p.team, p.line) for p in roster.people] == [
        ("Amira Haddad", "Data, Ops", 2), ("佐藤花子", None, 4), ("David Okafor", "Fleet", 5)]
    assert roster.people[0].extra == {"employee_no": "1042", "start": "46027"}  # whole numbers without ".0"
    assert roster.people[1].extra == {"employee_no": "7"} and roster.people[1].family_name == "佐藤"  # no reading


def test_a_workbook_that_is_not_one_or_carries_a_dtd_is_refused_at_the_file(tmp_path):
    import zipfile
    _, problems = read(write(tmp_path, "a.xlsx", b"name\nAmira\n"), "people/a.xlsx")
    assert len(problems) == 1 and "not a spreadsheet (.xlsx)" in problems[0].message and "Amira" not in str(problems[0])
    good = _xlsx([["name"], ["Amira"]])
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/sharedStrings.xml":
                body = body.replace(b"<sst", b'<!DOCTYPE sst [<!ENTITY x "Amira">]><sst', 1)
            dst.writestr(info.filename, body)
    _, problems = read(write(tmp_path, "b.xlsx", buf.getvalue()), "people/b.xlsx")
    assert len(problems) == 1 and "declares a DTD" in problems[0].message, problems


def test_yaml_roster_through_the_safe_loader(tmp_path):
    path = write(tmp_path, "r.yaml", "- name: Amira Haddad\n  team: Data\n  Mentor group: A\n- {name: 李雷, pronouns: he/him}\n")
    roster, problems = read(path, "people/r.yaml")
    assert problems == []
    assert [p.name for p in roster.people] == ["Amira Haddad", "李雷"]
    assert roster.people[0].extra == {"mentor_group": "A"} and roster.people[1].line == 4
    _, problems = read(write(tmp_path, "bad.yaml", "- name: !!python/object x\n"), "people/bad.yaml")
    assert problems and "tag" in problems[0].message


def test_names_are_nfc_and_spaces_collapsed(tmp_path):
    roster, _ = read(write(tmp_path, "r.csv", "name\n  Zoe\u0308   Ångström \n"), "r.csv")
    assert roster.people[0].name == "Zoë Ångström"


BAD_ROWS = [
    ("name,team\n,Data\n", 2, "name", "no name"),
    ("name,team\nAmira Haddad,Data,extra\n", 2, "", "3 fields"),
    ("name\nAmira \u202eHaddad\n", 2, "name", "direction control"),
    ("name\nAmira\x07Haddad\n", 2, "name", "control character"),
    ("name,team\nLi Lei,Ops\nAmira\u200bHaddad,Data\n", 3, "name", "invisible zero-width space U+200B"),
    ("name,team\nAmira Haddad,Da\u00adta\n", 2, "team", "invisible soft hyphen"),
    ("team,role\nData,Analyst\n", 1, "", "no `name` column"),
    ("name,name\nAmira Haddad,x\n", 1, "column 2", "same name as column 1"),
    ("Amira Haddad,Amira Haddad,she/her\nLi Lei,Li Lei,he/him\n", 1, "column 2", "same name as column 1"),  # no header row
    ("name,team\nAmira\x07 Haddad,Data\n", 2, "name", "control character"),
    ('name,team\nAmira Haddad,"Data\n', 2, "", "not valid CSV"),
    ('name,team\nLi Lei,Ops\nAmira Haddad,"Data\nOmar Farouk,HR\nAna Silva,HR\n', 3, "", "never closed"),  # where it opens
    ('sep=,\nname,team\nAmira Haddad,"Data\nOmar Farouk,HR\n', 3, "", "never closed"),
]


@pytest.mark.parametrize("text, line, field, message", BAD_ROWS)
def test_a_bad_row_names_file_line_and_column_never_the_person(tmp_path, text, line, field, message):
    roster, problems = read(write(tmp_path, "cohort.csv", "Other Person,x\n" * 0 + text), "people/cohort.csv")
    assert roster is None
    problem = next(p for p in problems if message in p.message)
    assert (problem.loc.file, problem.loc.line, problem.field) == ("people/cohort.csv", line, field)
    assert "Amira" not in str(problem) and "Haddad" not in str(problem)


def test_a_refused_name_is_one_problem(tmp_path):
    _, problems = read(write(tmp_path, "r.csv", "name,team\nAmira\x07 Haddad,Data\n" + "x" * 0), "r.csv")
    assert [(p.loc.line, p.field) for p in problems] == [(2, "name")], [str(p) for p in problems]


def test_the_headers_of_common_exports(tmp_path):
    """Spreadsheet and HR-export spellings of the known columns, and the empty cells right of the table."""
    text = ("\ufeffFull Name,First Name,Preferred Name,E-mail,Pronoun(s),TEAM,,\r\n"
            "Amira Haddad,Amira,Ami,amira@example.org,she/her,Data,,\r\n"
            "Li Lei,Lei,,li@example.org,he/him,Fleet,,\r\n")
    roster, problems = read(write(tmp_path, "r.csv", text), "r.csv")
    assert roster is not None and problems == [], [str(p) for p in problems]
    amira, li = roster.people
    assert (amira.name, amira.first_name, amira.pronouns, amira.email, amira.team) == \
        ("Amira Haddad", "Ami", "she/her", "amira@example.org", "Data")
    assert amira.extra == {"given_name": "Amira"} and li.extra == {"given_name": "Lei"}
    bad = text.replace("Li Lei,Lei,", "Li Lei,Le\u200bi,")  # a problem in the first-name column is said at its header's name
    _, problems = read(write(tmp_path, "z.csv", bad), "z.csv")
    assert [(p.loc.line, p.field) for p in problems] == [(3, "first_name")], [str(p) for p in problems]
    roster, problems = read(write(tmp_path, "e.csv", "Name,Email Address\nAmira Haddad,not-mail\n"), "e.csv")
    assert roster.people[0].email is None and [(p.loc.line, p.field) for p in problems] == [(2, "email")]  # checked as an email


def test_a_yaml_roster_syntax_hint_shows_no_value(tmp_path):
    text = "- name: Amira Haddad\n  accessibility: Mobility: uses a wheelchair\n"
    roster, problems = read(write(tmp_path, "r.yaml", text), "people/r.yaml")
    assert roster is None and problems and problems[0].loc.line == 2
    assert "quotes" in problems[0].hint
    assert not any(w in str(p) for p in problems for w in ("Mobility", "wheelchair", "Amira")), [str(p) for p in problems]


def test_every_bad_row_is_reported_at_once(tmp_path):
    text = "name,email\nA One,a@x.org\n,b@x.org\nC Three,not-mail\nD Four,d@x.org\n"
    _, problems = read(write(tmp_path, "r.csv", text), "r.csv")
    assert [(p.loc.line, p.field) for p in problems] == [(3, "name"), (4, "email")]


def test_not_utf8_and_duplicate_names(tmp_path):
    _, problems = read(write(tmp_path, "r.csv", b"name\nZo\xeb\n"), "r.csv")
    assert problems[0].loc.line == 2 and "UTF-8" in problems[0].message
    roster, problems = read(write(tmp_path, "d.csv", "name\nSam Lee\nAna Ruiz\nSam Lee\n"), "d.csv")
    assert roster is not None and len(roster) == 3
    assert [(p.severity, p.loc.line) for p in problems] == [("warning", 4)]
    assert "Sam" not in problems[0].message and "line 2" in problems[0].message


def test_a_person_never_prints_their_name(cohort):
    person = cohort.people[0]
    assert person.name not in repr(person) and person.name not in repr([person])
    assert repr(person) == "Person(#1, line 2)"


# -- collation -------------------------------------------------------------------------------------

def test_first_and_last_name_columns_make_the_name_and_lists_sort_by_family_name(tmp_path):
    """An HR export with first and last name columns and no name column: the name is the two, the first
    name is printed large, and the lists the room uses (sign-in sheet, tents, groups) sort by the family
    name; a roster with a name column and a surname sorts by the surname too."""
    from kitgen.cohort import Cohort
    from kitgen.rosterviews import roster_view
    from kitgen.views import Viewer
    text = "First name,Last name,Team\nZoë,Adeyemi,Data\nAnna,Novak,Fleet\nÉmile,Ørsted,Sales\nBea,Haddad,Data\n"
    roster, problems = read(write(tmp_path, "r.csv", text), "r.csv")
    assert roster is not None and problems == [], [str(p) for p in problems]
    assert [(p.name, p.called) for p in roster.people][:2] == [("Zoë Adeyemi", "Zoë"), ("Anna Novak", "Anna")]
    view = roster_view(Cohort(roster), "en", Viewer("facilitator", {}, None))
    assert [vars(p)["name"] for p in vars(view)["sorted"]] == ["Zoë Adeyemi", "Bea Haddad", "Anna Novak", "Émile Ørsted"]
    roster, problems = read(write(tmp_path, "s.csv", "Name,Surname\nAnna Novak,Novak\nZoë Adeyemi,Adeyemi\n"), "s.csv")
    assert roster is not None and problems == []
    view = roster_view(Cohort(roster), "en", Viewer("facilitator", {}, None))
    assert [vars(p)["name"] for p in vars(view)["sorted"]] == ["Zoë Adeyemi", "Anna Novak"]
    roster, problems = read(write(tmp_path, "f.csv", "First name,Team\nAnna,Fleet\n"), "f.csv")
    assert roster is None and ["no `name` column" in p.message for p in problems] == [True]


def test_names_sort_in_the_locale_collation():
    names = ["Zoë", "Åsa", "Émile", "eve", "Ørsted", "Anna", "zebra"]
    assert collated(names, "en") == ["Anna", "Åsa", "Émile", "eve", "Ørsted", "zebra", "Zoë"]
    assert collated(names, "sv") == ["Anna", "Émile", "eve", "zebra", "Zoë", "Åsa", "Ørsted"]
    assert sorted(names) != collated(names, "en")  # code-point order would put Åsa last
    assert collated(["côte", "coté"], "fr-CA") == ["côte", "coté"]  # Canadian French: accents from the end
    assert collated(["côte", "coté"], "fr") == ["coté", "côte"]


# -- groups ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("size, count, expected", [(4, None, 13), (5, None, 10), (None, 6, 6), (None, 80, 50)])
def test_group_count(size, count, expected):
    assert group_count(50, size, count) == expected


@pytest.mark.parametrize("size", [3, 4, 6, 7])
def test_everyone_in_exactly_one_group_sizes_within_one_colleagues_spread(cohort, size):
    groups = breakout(cohort.people, size=size, balance="team", seed=7)
    members = [p.number for g in groups for p in g.members]
    assert sorted(members) == list(range(1, 51))
    sizes = [len(g.members) for g in groups]
    assert max(sizes) - min(sizes) <= 1 and max(sizes) <= size
    teams = collections.Counter(p.team for p in cohort.people)
    for g in groups:
        for team, n in collections.Counter(p.team for p in g.members).items():
            assert n <= math.ceil(teams[team] / len(groups)), (g.number, team)


def test_unbalanced_groups_do_cluster_sometimes(cohort):
    """The balance really does something: without it, some group holds more colleagues than it needs."""
    teams = collections.Counter(p.team for p in cohort.people)
    crowded = 0
    for seed in range(20):
        groups = breakout(cohort.people, size=4, seed=seed)
        crowded += any(n > math.ceil(teams[t] / len(groups))
                       for g in groups for t, n in collections.Counter(p.team for p in g.members).items())
    assert crowded > 0


def test_groups_depend_on_the_seed_only(cohort):
    first = [[p.number for p in g.members] for g in breakout(cohort.people, size=4, balance="team", seed=7)]
    again = [[p.number for p in g.members] for g in breakout(cohort.people, size=4, balance="team", seed=7)]
    other = [[p.number for p in g.members] for g in breakout(cohort.people, size=4, balance="team", seed=8)]
    assert first == again and first != other


def test_groups_and_pairs_are_the_same_under_any_hash_seed():
    script = ("import sys; sys.path.insert(0, 'src'); from pathlib import Path; from kitgen.roster import read;"
              "from kitgen.groups import breakout; from kitgen.pairs import mentoring_pairs;"
              f"r, _ = read(Path({str(COHORT)!r}), 'r.csv');"
              "print([[p.number for p in g.members] for g in breakout(r.people, size=4, balance='team', seed=3)],"
              f"[[p.number for p in q.members] for q in mentoring_pairs(r.people, by='generation', order={GENERATIONS!r}, seed=3)])")
    outputs = {subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 99)}
    assert len(outputs) == 1


# -- pairs -----------------------------------------------------------------------------------------

def test_pairs_cross_generations_and_never_share_a_team(cohort):
    pairs = mentoring_pairs(cohort.people, by="generation", order=GENERATIONS, avoid_same=("team",), seed=7)
    members = [p.number for pair in pairs for p in pair.members]
    assert sorted(members) == list(range(1, 51))
    assert all(len(pair.members) == 2 for pair in pairs)
    for pair in pairs:
        assert len({p.team for p in pair.members}) == len(pair.members)
        ranks = [GENERATIONS.index(p.extra["generation"]) for p in pair.members]
        assert ranks[0] < ranks[1]  # the younger half first, and always across generations here
    assert same_side(pairs, cohort.people, "generation", GENERATIONS) == 0


def test_an_odd_roster_makes_one_trio_with_three_teams(cohort):
    people = cohort.people[:49]
    pairs = mentoring_pairs(people, by="seniority", seed=1)  # numbers: no order needed
    assert sorted(len(p.members) for p in pairs) == [2] * 23 + [3]
    assert all(len({m.team for m in p.members}) == len(p.members) for p in pairs)


def test_pairs_need_an_order_for_many_named_values(cohort):
    with pytest.raises(PairingError, match="4 different values") as info:
        mentoring_pairs(cohort.people, by="generation")
    assert "pairs.order" in info.value.hint


def test_impossible_pairs_name_rows_not_people():
    people = [Person(i + 1, i + 2, f"Person {i}", team="Sales" if i < 7 else f"T{i}", extra={"level": str(i % 2)})
              for i in range(10)]
    with pytest.raises(PairingError) as info:
        mentoring_pairs(people, by="level")
    assert "7 of 10" in info.value.message and "line 2" in info.value.message
    assert "Person" not in info.value.message and "Sales" not in info.value.message
    people[3] = Person(4, 5, "Person 3", team=None, extra={})
    with pytest.raises(PairingError, match="no level on line 5"):
        mentoring_pairs(people, by="level")


def test_pairs_find_a_matching_the_first_guess_misses():
    """The first candidate of each is a colleague; only swapping partners pairs everyone."""
    people = [Person(1, 2, "a", team="A", extra={"g": "1"}), Person(2, 3, "b", team="B", extra={"g": "1"}),
              Person(3, 4, "c", team="A", extra={"g": "2"}), Person(4, 5, "d", team="B", extra={"g": "2"})]
    pairs = mentoring_pairs(people, by="g", seed=0)
    assert all(len({m.team for m in p.members}) == 2 for p in pairs)
    assert sorted(m.number for p in pairs for m in p.members) == [1, 2, 3, 4]


@pytest.mark.parametrize("name, called", [("Amira Haddad", "Amira"), ("Haddad, Amira", "Amira"),
                                          ("Dr. Amira Haddad", "Amira"), ("J. R. Okafor", "J."), ("Zoë", "Zoë"),
                                          ("Okafor, Dr. David", "David")])
def test_the_name_printed_large(tmp_path, name, called):
    roster, _ = read(write(tmp_path, "r.csv", f'name\n"{name}"\n'), "r.csv")
    assert roster.people[0].called == called


def test_scripts_that_stack_marks_get_loose_leading():
    from kitgen.cohort import tall
    assert tall("အောင်ဆန်းစုကြည်") and tall("प्रिया शर्मा") and tall("สมชาย") and tall("བཀྲ་ཤིས")
    assert not tall("Amira Haddad") and not tall("佐藤 花子") and not tall("فاطمة الزهراء") and not tall("Zoë Ångström")


def test_excels_separator_line_is_read_and_lines_still_count_from_the_file(tmp_path):
    text = "sep=;\r\nname;team;email\r\nAmira Haddad;Data;amira@example.org\r\nLi Lei;Fleet;not-mail\r\n"
    roster, problems = read(write(tmp_path, "r.csv", text), "r.csv")
    assert [(p.loc.line, p.field, p.severity) for p in problems] == [(4, "email", "warning")]
    roster, problems = read(write(tmp_path, "s.csv", text.replace("not-mail", "li@example.org")), "s.csv")
    assert problems == [] and [p.team for p in roster.people] == ["Data", "Fleet"]


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u061c"])
def test_direction_marks_are_refused_like_the_other_direction_controls(tmp_path, mark):
    roster, problems = read(write(tmp_path, "r.csv", f"name\nAmira{mark} Haddad\n"), "r.csv")
    assert roster is None and [(p.loc.line, p.field) for p in problems] == [(2, "name")]
    assert "direction control" in problems[0].message and "Amira" not in str(problems[0])
