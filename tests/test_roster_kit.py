"""A kit with a roster: its settings validated with file and line, personal data kept where it belongs,
and roster edits rebuilding only what reads them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import roster_harness as harness
from conftest import edit, statuses

KIT_FILE = f"content/kits/{harness.KIT}.yaml"
SMALL = ("participant-workbook", "named-workbooks", "name-tents", "sign-in-sheet", "case-cards", "facilitator-guide")


def small_roster(tmp_path: Path, rows: int = 12) -> Path:
    """The first rows of the fixture roster (Arabic, Hebrew, Chinese, Japanese, Korean names among them)."""
    lines = harness.ROSTER.read_bytes().decode("utf-8-sig").splitlines()
    path = tmp_path / "small.csv"
    path.write_text("\n".join(lines[: rows + 1]) + "\n", encoding="utf-8")
    return path


def names(roster: Path) -> list[str]:
    from kitgen.roster import read
    found, _ = read(roster, "r.csv")
    return [p.name for p in found.people]


def workspace(tmp_path: Path, settings: str) -> Path:
    return harness.workspace(tmp_path / "ws", small_roster(tmp_path), settings)


def line_of(ws: Path, text: str) -> int:
    lines = (ws / KIT_FILE).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(text))


# -- validation ----------------------------------------------------------------------------------

CASES = [
    ("outputs: [name-tents]\n", "outputs", "name-tents needs a roster"),
    ("roster: people/missing.csv\noutputs: [name-tents]\n", "roster", "does not exist"),
    ("roster: ../outside.csv\n", "roster", "outside the workspace"),
    ("groups: {size: 4}\n", "groups", "made from a roster"),
    ("roster: people/cohort-50.csv\ngroups: {size: 4, balance: squad}\n", "groups", "no column 'squad'"),
    ("roster: people/cohort-50.csv\ngroups: {balance: team}\n", "groups", "either a size or a count"),
    ("roster: people/cohort-50.csv\npairs: {by: generation}\n", "pairs", "4 different values"),
    ("roster: people/cohort-50.csv\npairs: {by: generation, order: [Gen Z, Millennial]}\n", "pairs", "is not in pairs.order"),
    ("roster: people/cohort-50.csv\noutputs: [sign-in-sheet, groups]\n", "outputs", "groups needs breakout groups or mentoring pairs"),
]


@pytest.mark.parametrize("settings, key, message", CASES)
def test_roster_settings_are_checked_with_the_kits_line(tmp_path, kitgen, settings, key, message):
    ws = workspace(tmp_path, settings)
    result = kitgen("validate", "-C", ws)
    assert result.code == 1, result.text
    assert f"{KIT_FILE}:{line_of(ws, key)}" in result.text and message in result.text, result.text
    assert not [n for n in names(small_roster(tmp_path)) if n in result.text]


def test_a_bad_roster_row_names_the_file_and_line_not_the_person(tmp_path, kitgen):
    ws = workspace(tmp_path, "roster: people/cohort-50.csv\noutputs: [sign-in-sheet]\n")
    roster = ws / "people" / "cohort-50.csv"
    edit(roster, "amira.haddad@example.org", "amira.haddad@")
    edit(roster, "Data engineer", "Data engineer,one field too many")
    result = kitgen("build", "-C", ws)
    assert result.code == 1
    assert "people/cohort-50.csv:2: email: warning: not an email address: left out" in result.text
    assert re.search(r"people/cohort-50\.csv:12: .*12 fields", result.text), result.text
    assert not [n for n in names(small_roster(tmp_path)) if n in result.text]
    assert "Amira" not in result.text and "amira" not in result.text



def test_a_roster_group_column_the_kits_own_groups_replace_is_a_warning(tmp_path, kitgen):
    """An export that already assigns people to groups (a Group column) beside `groups:` in the kit:
    the groups printed are the ones kitgen deals, so the column's are not; validate says so at the
    kit's line, naming the column, never a person."""
    roster = tmp_path / "grouped.csv"
    roster.write_text("Name,Team,Breakout group\nAnn Lee,A,1\nBob Ray,B,1\nCara Li,A,2\nDan Ek,B,2\n", encoding="utf-8")
    ws = harness.workspace(tmp_path / "ws", roster, "roster: people/cohort-50.csv\ngroups: {size: 2}\noutputs: [groups]\n")
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    assert f"{KIT_FILE}:{line_of(ws, 'groups:')}" in result.text and "'breakout_group'" in result.text, result.text
    assert "Ann" not in result.text

def _column_groups(tmp_path: Path, kitgen, rows: str, outputs: str = "groups, case-cards"):
    """Build the kit with `groups: {column: Breakout group}` for the roster `rows` (after its header line
    "Name,Team,Breakout group"); the workspace and the build's result."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    roster = tmp_path / "grouped.csv"
    roster.write_text("Name,Team,Breakout group\n" + rows, encoding="utf-8")
    ws = harness.workspace(tmp_path / "ws", roster, "roster: people/cohort-50.csv\ngroups: {column: Breakout group}\n"
                           f"outputs: [{outputs}]\n")
    return ws, kitgen("build", "-C", ws, harness.KIT)


def test_groups_a_roster_column_assigns_are_the_groups_every_output_prints(tmp_path, kitgen):
    """`groups: {column: breakout group}`: one group per value, numbered by it ("Table 3" is Group 3);
    the groups sheet lists them so, the cards name them one by one (1, 3 and 7 are no range), and a
    person without a value is an error at their row."""
    from readback import pdf_text
    ws, result = _column_groups(tmp_path, kitgen, "Ann Lee,A,Table 3\nBob Ray,B,Table 1\nCara Li,A,Table 3\n"
                                "Dan Ek,B,Table 1\nEve Oh,C,Table 7\n")
    assert result.code == 0, result.text
    assert "is not read as groups" not in result.text
    sheet = pdf_text(next((ws / "build").rglob(f"{harness.KIT}-groups.pdf")))
    one, three, seven = sheet.index("GROUP 1"), sheet.index("GROUP 3"), sheet.index("GROUP 7")
    assert "GROUP 2" not in sheet and one < three < seven
    assert all(one < sheet.index(n) < three for n in ("Bob Ray", "Dan Ek"))
    assert all(three < sheet.index(n) < seven for n in ("Ann Lee", "Cara Li")) and sheet.index("Eve Oh") > seven
    cards = pdf_text(next((ws / "build").rglob(f"{harness.KIT}-case-cards.pdf")))
    assert "Groups 1 · 3 · 7" in cards and "Groups 1–7" not in cards, cards[:300]  # named one by one
    roster = tmp_path / "empty.csv"
    roster.write_text("Name,Breakout group\nAnn Lee,Blue\nBob Ray,\nCara Li,Red\n", encoding="utf-8")
    harness.workspace(tmp_path / "ws2", roster, "roster: people/cohort-50.csv\ngroups: {column: breakout_group}\n"
                      "outputs: [groups]\n")
    result = kitgen("validate", "-C", tmp_path / "ws2")
    assert result.code == 1 and "cohort-50.csv:3: breakout_group: this person has no group" in result.text, result.text
    assert "Bob" not in result.text and "Blue" not in result.text


@pytest.mark.parametrize("settings, title, other", [
    ("groups: {size: 4, balance: team, seed: 7}\n", "Breakout groups", "Mentoring pairs"),
    ("pairs: {by: Generation, order: [Gen Z, Millennial, Gen X, Baby Boomer], seed: 7}\n", "Mentoring pairs",
     "Breakout groups")])
def test_the_groups_page_is_titled_by_what_the_roster_makes(tmp_path, kitgen, settings, title, other):
    """A kit with breakout groups only (or pairs only) heads its groups sheet and the guide's section
    with what they hold, not "Groups and pairs", and names the other nowhere; the guide's run sheet
    points at the section by that title."""
    ws = harness.workspace(tmp_path / "ws", settings=f"roster: people/cohort-50.csv\n{settings}"
                           "outputs: [groups, facilitator-guide]\n")
    result = kitgen("build", harness.KIT, "-C", ws, "--format", "html", "--out", ws / "html")
    assert result.code == 0, result.text
    pages = {p.name.removeprefix(f"{harness.KIT}-"): p.read_text(encoding="utf-8")
             for p in (ws / "html" / harness.KIT).glob("*.html")}
    sheet, guide = pages["groups.html"], pages["facilitator-guide.html"]
    assert f'<p class="edition">{title}</p>' in sheet
    assert f"<h1>{title}</h1>" in guide and f'href="#groups">{title}</a>' in guide
    for page in (sheet, guide):
        assert "Groups and pairs" not in page and f">{other}<" not in page
    if "groups:" in settings:
        assert "Form the breakout groups as listed under Breakout groups" in guide


def test_a_group_label_written_another_way_is_one_group_or_a_warning(tmp_path, kitgen):
    """A registration export's table column written by hand: "T3" beside "Tisch 3" is group 3, with a
    warning at the group's first line naming the line written the other way; "Tabel A" beside "Table A"
    (a group of one) is a warning at its line naming the line of the group it is close to; "Tisch 2"
    beside "Tisch 1" and "Table B" beside "Table A" are other groups, without a word. No value is said."""
    from kitgen.groups import assigned
    from kitgen.roster import read
    numbered = "Ann Lee,A,Tisch 1\nBob Ray,B,Tisch 3\nCara Li,A,T3\nDan Ek,B,Tisch 1\nEve Oh,C,Tisch 2\n"
    lettered = "Ann Lee,A,Table A\nBob Ray,B,Table A\nCara Li,A,Tabel A\nDan Ek,B,Table B\nEve Oh,C,Table B\n"
    said = {}
    for name, rows in (("numbered", numbered), ("lettered", lettered)):
        roster_file = tmp_path / f"{name}.csv"
        roster_file.write_text("Name,Team,Breakout group\n" + rows, encoding="utf-8")
        ws = harness.workspace(tmp_path / name, roster_file, "roster: people/cohort-50.csv\n"
                               "groups: {column: Breakout group}\noutputs: [groups]\n")
        result = kitgen("validate", "-C", ws)
        assert result.code == 0, result.text
        said[name] = [ln for ln in result.text.splitlines() if "breakout_group: warning" in ln]
        assert not [ln for ln in result.text.splitlines() if any(v in ln for v in ("Tisch", "T3", "Tabel", "Table", "Cara"))]
        roster, _ = read(ws / "people" / "cohort-50.csv", "people/cohort-50.csv")
        said[name + " groups"] = [(g.number, g.name, [p.line for p in g.members])
                                  for g in assigned(roster.people, "breakout_group").groups]
    assert said["numbered groups"] == [(1, "", [2, 5]), (2, "", [6]), (3, "", [3, 4])]
    assert len(said["numbered"]) == 1 and "cohort-50.csv:3: breakout_group: warning: group 3 is written in 2 ways " \
        "(another at line(s) 4); read as one group" in said["numbered"][0], said
    assert [n for n, _, _ in said["lettered groups"]] == [1, 2, 3]  # Table A, Tabel A, Table B
    assert len(said["lettered"]) == 1 and "cohort-50.csv:4: breakout_group: warning: this person is alone in their group, " \
        "whose name is close to another group's (line 2)" in said["lettered"][0], said


def test_groups_a_roster_column_names_are_printed_by_their_names(tmp_path, kitgen):
    """Values that are not numbers ("Blue table") name the groups: the groups sheet heads each with the
    roster's own spelling (the same value in another case or spacing is the same group), in the order
    the roster first names them, and the cards list the names; no "Group 1" is made up for them."""
    import pdfplumber
    from readback import pdf_text
    ws, result = _column_groups(tmp_path, kitgen, "Ann Lee,A,Blue table\nBob Ray,B,Red table\n"
                                "Cara Li,A,blue  table\nDan Ek,B,Red table\n")
    assert result.code == 0 and "warning" not in result.text.lower(), result.text
    sheet = pdf_text(next((ws / "build").rglob(f"{harness.KIT}-groups.pdf")))
    blue, red = sheet.index("BLUE TABLE"), sheet.index("RED TABLE")
    assert blue < red and "GROUP 1" not in sheet and "BLUE TABLE" not in sheet[blue + 1:], sheet[:600]
    assert all(blue < sheet.index(n) < red for n in ("Ann Lee", "Cara Li"))
    assert all(sheet.index(n) > red for n in ("Bob Ray", "Dan Ek"))
    cards = pdf_text(next((ws / "build").rglob(f"{harness.KIT}-case-cards.pdf")))
    assert "Groups: Blue table · Red table" in cards and "Groups 1" not in cards, cards[:300]
    # two right-to-left names keep the roster's order, left to right, around the separator
    ws, result = _column_groups(tmp_path / "rtl", kitgen, "Ann Lee,A,الطاولة الزرقاء\nBob Ray,B,الطاولة الخضراء\n"
                                "Cara Li,A,الطاولة الزرقاء\nDan Ek,B,الطاولة الخضراء\n", "case-cards")
    assert result.code == 0, result.text
    with pdfplumber.open(next((ws / "build").rglob(f"{harness.KIT}-case-cards.pdf"))) as pdf:
        chars = pdf.pages[0].chars
    blue = min(c["x0"] for c in chars if c["text"] in "ز\ufeaf\ufeb0")  # zay, of the first name only
    green = min(c["x0"] for c in chars if c["text"] in "خ\ufea5\ufea6\ufea7\ufea8")  # khah, of the second
    assert blue < green


def test_a_kit_without_a_roster_makes_the_anonymous_pack(tmp_path):
    from kitgen.check import session_outputs
    from kitgen.outputs import OUTPUTS
    from kitgen.validation import validate
    ws = workspace(tmp_path, "")
    session = validate(ws, [harness.KIT]).sessions[harness.KIT]
    assert session.cohort is None and session.kit.outputs is None
    assert session_outputs(session, OUTPUTS) == ["facilitator-guide", "participant-workbook", "case-cards",
                                                 "book-club-guide", "discussion-guide", "slides"]


# -- personal data ---------------------------------------------------------------------------------

SETTINGS = (f"roster: people/cohort-50.csv\ngroups: {{size: 3, balance: team, seed: 2}}\n"
            f"outputs: [{', '.join(SMALL)}, slides, discussion-guide]\n")


@pytest.fixture(scope="module")
def built_small(tmp_path_factory):
    root = tmp_path_factory.mktemp("small")
    ws = harness.workspace(root / "ws", small_roster(root), SETTINGS)
    return ws, names(small_roster(root))


def test_names_stay_out_of_logs_manifests_and_other_outputs(built_small, kitgen):
    ws, people = built_small
    log = kitgen("build", harness.KIT, "-C", ws, "-j", "2")
    assert log.code == 0, log.text
    html = kitgen("build", harness.KIT, "-C", ws, "--format", "html", "--out", ws / "html")
    assert html.code == 0, html.text
    folder = ws / "build" / harness.KIT
    manifest = (ws / "build" / ".kitgen-manifest.json").read_text(encoding="utf-8")
    exports = {p.name: p.read_text(encoding="utf-8") for p in (ws / "html" / harness.KIT).glob("*.html")}
    escaped = [json.dumps(n)[1:-1] for n in people]  # as JSON writes them
    for text, where in [(log.text, "build log"), (html.text, "export log"), (manifest, "build record")]:
        assert not [n for n, e in zip(people, escaped) if n in text or e in text], where
    for name in ("participant-workbook", "case-cards", "discussion-guide"):
        page = exports[f"{harness.KIT}-{name}.html"]
        assert not [n for n in people if n in page], name
    assert all(n in exports[f"{harness.KIT}-name-tents.html"] for n in people)  # the check can see names
    assert all(n in exports[f"{harness.KIT}-facilitator-guide.html"] for n in people)  # it lists the groups
    workbook = exports[f"{harness.KIT}-participant-workbook.html"]
    assert 'id="name-plate"' in workbook
    files = sorted(p.name for p in (folder / f"{harness.KIT}-named-workbooks").iterdir())
    assert files == [f"{harness.KIT}-workbook-{i:03d}.pdf" for i in range(1, 13)]


def test_a_roster_edit_rebuilds_only_what_reads_it(built_small, kitgen):
    ws, _ = built_small
    first = kitgen("build", harness.KIT, "-C", ws, "-j", "2")
    assert first.code == 0
    roster = ws / "people" / "cohort-50.csv"
    edit(roster, "Data analyst", "Senior data analyst")  # a role: printed nowhere but kept
    edit(roster, ",he/him,Regional director", ",they/them,Regional director")  # pronouns: on tents only
    again = statuses(kitgen("build", harness.KIT, "-C", ws, "-j", "2"))
    built = {name.removeprefix(f"{harness.KIT}-") for name, status in again.items() if status == "built"}
    assert built == {"name-tents.pdf"}, again
    quick = kitgen("build", harness.KIT, "-C", ws)
    assert quick.code == 0 and "built" not in set(statuses(quick).values())  # nothing changed since
    edit(roster, ",she/her,Software engineer", ",she/they,Software engineer")  # seen after the quick answer too
    again = statuses(kitgen("build", harness.KIT, "-C", ws))
    assert [n for n, status in again.items() if status == "built"] == [f"{harness.KIT}-name-tents.pdf"], again


def test_the_name_stamps_go_through_the_render_gate(tmp_path, kitgen):
    """The layout that draws the names on the copies is checked like every other: a script in it fails
    the named workbooks, naming the layout, and the plain workbook still builds."""
    ws = workspace(tmp_path, "roster: people/cohort-50.csv\noutputs: [participant-workbook, named-workbooks]\n")
    (ws / "layouts").mkdir()
    (ws / "layouts" / "named-workbook.html").write_text(
        "<html><head><style>body { margin: 0 }</style></head><body><script>alert(1)</script></body></html>",
        encoding="utf-8")
    result = kitgen("build", harness.KIT, "-C", ws, "-j", "1")
    assert result.code == 1 and "Traceback" not in result.text, result.text
    assert "layouts/named-workbook.html" in result.err and "script" in result.err, result.err
    assert (ws / "build" / harness.KIT / f"{harness.KIT}-participant-workbook.pdf").exists()
    assert not (ws / "build" / harness.KIT / f"{harness.KIT}-named-workbooks.pdf").exists()


def test_one_person_is_one_participant_and_names_are_never_hyphenated(tmp_path, kitgen):
    """A roster of one long name: the sheet counts "1 participant", and the name breaks only between
    its words, never inside one ("Satyanaray-ana", "Villa-nueva-Ocampo")."""
    from conftest import pdf_text
    name = "Kanakadurga Venkata Lakshmi Narasimha Satyanarayana Villanueva-Ocampo Wolfeschlegelsteinhausenbergerdorff"
    roster = tmp_path / "one.csv"
    roster.write_text(f"name,team\n{name},Data\n", encoding="utf-8")
    ws = harness.workspace(tmp_path / "ws", roster, "roster: people/cohort-50.csv\noutputs: [sign-in-sheet]\n")
    result = kitgen("build", "-C", ws, harness.KIT)
    assert result.code == 0, result.text
    text = pdf_text(ws / "build" / harness.KIT / f"{harness.KIT}-sign-in-sheet.pdf")
    assert "1 participant" in text and "1 participants" not in text, text
    assert "".join(name.split()) in "".join(text.split()), text  # broken at spaces and its own hyphen only


def test_a_name_no_font_draws_is_a_warning_by_code_point(tmp_path, kitgen):
    """A character no installed font has (here one of the last private-use plane, which no font maps)
    would print as an empty box: validate says so at the roster's line, naming the code point only."""
    roster = tmp_path / "r.csv"
    roster.write_text("name,team\nAmira Haddad,Data\nSam \U0010FFFD Lee,Ops\n", encoding="utf-8")
    ws = harness.workspace(tmp_path / "ws", roster, "roster: people/cohort-50.csv\noutputs: [name-tents]\n")
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    assert "people/cohort-50.csv:3: name: warning: no installed font draws U+10FFFD" in result.text, result.text
    assert "Sam" not in result.text and "Amira" not in result.text


@pytest.mark.parametrize("sides, heads", [("", ("Generation", "Generation")),
                                          (", sides: [Mentor, Mentee]", ("Mentor", "Mentee"))])
def test_the_pairs_table_heads_each_side_with_its_name_and_the_values_it_holds(tmp_path, kitgen, sides, heads):
    """Each column of the pairs table is headed by the kit's name for its side (else the column paired
    across), over the values of that column its members have, from the lower end up."""
    import html
    generations = ["Gen Z", "Millennial", "Gen X", "Baby Boomer"]
    ws = workspace(tmp_path, "roster: people/cohort-50.csv\n"
                             f"pairs: {{by: Generation, order: [{', '.join(generations)}], seed: 7{sides}}}\n"
                             "outputs: [groups]\n")
    result = kitgen("build", "-C", ws, harness.KIT, "--format", "html")
    assert result.code == 0, result.text
    page = (ws / "build" / harness.KIT / f"{harness.KIT}-groups.html").read_text(encoding="utf-8")
    table = page[page.index('<table class="pairs">'):]
    head = re.findall(r'<th scope="col">(.*?)</th>', table[:table.index("</thead>")])
    rows = re.findall(r"<tr><th scope=\"row\".*?</tr>", table, re.S)
    assert len(head) == 2 and len(rows) == 6
    for i, (cell, name) in enumerate(zip(head, heads)):
        shown = [re.match(r"[^<]*", m).group(0).split(" · ")[0]
                 for row in rows for m in [re.findall(r'class="meta">(.*?)</span>', row)[min(i, 1)]]]
        held = sorted({html.unescape(v) for v in shown}, key=generations.index)
        assert cell.startswith(name + '<span class="side">'), cell
        assert html.unescape(re.sub(r"<.*?>", "", cell.removeprefix(name))) == " · ".join(held), (cell, held)


def test_pairs_by_default_avoid_a_shared_team_only_when_the_roster_has_teams(tmp_path, kitgen):
    """`avoid_same` defaults to the team: a roster with no team column pairs without it, with no problem
    about a key the kit never wrote; written out, the missing column is an error at its line."""
    import csv
    import io
    rows = list(csv.reader(io.StringIO(small_roster(tmp_path).read_text(encoding="utf-8"))))
    team = rows[0].index("Team")
    no_team = tmp_path / "no-team.csv"
    no_team.write_text("\n".join(",".join(f'"{v}"' for i, v in enumerate(r) if i != team) for r in rows) + "\n",
                       encoding="utf-8")
    pairs = "pairs: {by: generation, order: [Gen Z, Millennial, Gen X, Baby Boomer], seed: 3}"
    ws = harness.workspace(tmp_path / "ws", no_team, f"roster: people/cohort-50.csv\n{pairs}\noutputs: [facilitator-guide]\n")
    result = kitgen("validate", "-C", ws)
    assert result.code == 0 and "avoid_same" not in result.text, result.text
    written = harness.workspace(tmp_path / "ws2", no_team, "roster: people/cohort-50.csv\n"
                                + pairs.replace("seed: 3", "seed: 3, avoid_same: [team]") + "\noutputs: [facilitator-guide]\n")
    result = kitgen("validate", "-C", written)
    assert result.code == 1 and "pairs.avoid_same.0: the roster has no column 'team'" in result.text, result.text
