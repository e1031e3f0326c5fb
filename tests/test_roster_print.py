"""A roster kit printed: the print order counts the roster's people and groups, prints the named
files once (certificates and tents on one side in a duplex build), and names no one; the pack holds
the roster's paperwork only when the kit makes it; counts the roster overrides are warned about."""

from __future__ import annotations

import csv
import json
import zipfile

import pytest

import roster_harness as harness
from test_roster_kit import KIT_FILE, line_of, names, small_roster, workspace

PEOPLE = 12
PRINTED = ("participant-workbook", "named-workbooks", "certificates", "name-tents", "case-cards", "feedback-form")
SETTINGS = (f"roster: people/cohort-50.csv\ngroups: {{size: 5, balance: team, seed: 3}}\nspares: 1\n"
            f"print: {{duplex: true}}\noutputs: [{', '.join(PRINTED)}, print-order, print-order-csv, print-order-json]\n")


def _pages(path) -> int:
    import pikepdf
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    root = tmp_path_factory.mktemp("roster-print")
    ws = harness.workspace(root / "ws", small_roster(root, PEOPLE), SETTINGS)
    results = harness.build(ws, only=[*PRINTED, "print-order", "print-order-csv", "print-order-json", "pack"])
    files = {r.output: r.path for r in results}
    return ws, files, names(small_roster(root, PEOPLE)), harness.cohort(ws)


def test_the_print_order_counts_the_rosters_people_and_groups(printed):
    _, files, _, cohort = printed
    data = json.loads(files["print-order-json"].read_text(encoding="utf-8"))
    assert data["participants"] == len(cohort.roster) == PEOPLE
    assert data["groups"] == len(cohort.groups) and data["group_size"] == max(len(g.members) for g in cohort.groups)
    by = {f["output"]: f for f in data["files"]}
    assert by["case-cards"]["copies"] == len(cohort.groups) + 1  # a set per group, and a spare set
    assert by["feedback-form"]["copies"] == PEOPLE + 1


def test_named_files_print_once_and_certificates_on_one_side(printed):
    _, files, _, _ = printed
    rows = {r["output"]: r for r in csv.DictReader(files["print-order-csv"].read_text(encoding="utf-8")
                                                   .split("\n\n")[0].splitlines())}
    named = rows["named-workbooks"]
    assert (named["audience"], named["copies"], named["pages"]) == ("named", "1", str(_pages(files["named-workbooks"])))
    assert int(named["sheets"]) == int(named["pages"]) // 2 and named["sides"] == "double-sided"
    for name in ("certificates", "name-tents"):
        assert _pages(files[name]) == PEOPLE, name  # no blank back page: each is a sheet of its own
        assert (rows[name]["copies"], rows[name]["sheets"], rows[name]["sides"]) == ("1", str(PEOPLE), "single-sided")
    workbook = rows["participant-workbook"]
    assert (workbook["audience"], workbook["copies"]) == ("spares", "1")  # everyone else has a named copy
    assert _pages(files["participant-workbook"]) % 2 == 0


def test_the_print_order_and_the_pack_name_no_one(printed):
    import pdfplumber
    _, files, people, _ = printed
    with pdfplumber.open(str(files["print-order"])) as pdf:
        order = "\n".join(page.extract_text() or "" for page in pdf.pages)
    texts = [order, files["print-order-csv"].read_text(encoding="utf-8"),
             files["print-order-json"].read_text(encoding="utf-8")]
    with zipfile.ZipFile(files["pack"]) as z:
        manifest = z.read("manifest.json").decode("utf-8")
        listed = [entry["name"] for entry in json.loads(manifest)["files"]]
        assert sorted(listed) == sorted(p.name for name, p in files.items() if name != "pack")
        assert f"{harness.KIT}-certificates.pdf" in listed and f"{harness.KIT}-named-workbooks.pdf" in listed
    escaped = [json.dumps(n)[1:-1] for n in people]
    for text in [*texts, manifest]:
        assert not [n for n, e in zip(people, escaped) if n in text or e in text]


def test_roster_paperwork_is_made_when_listed_and_the_print_order_when_asked(tmp_path):
    from kitgen.check import session_outputs
    from kitgen.outputs import OUTPUTS
    from kitgen.validation import validate
    ws = workspace(tmp_path, "roster: people/cohort-50.csv\nparticipants: 12\n")
    session = validate(ws, [harness.KIT]).sessions[harness.KIT]
    made = session_outputs(session, OUTPUTS)
    assert "print-order" in made and not [n for n in made if OUTPUTS[n].made == "listed" and not OUTPUTS[n].asked_by]
    (tmp_path / "listed").mkdir()
    listed = workspace(tmp_path / "listed", "roster: people/cohort-50.csv\noutputs: [case-cards, print-order]\n")
    session = validate(listed, [harness.KIT]).sessions[harness.KIT]
    assert session_outputs(session, OUTPUTS) == ["case-cards", "print-order"]


COUNTS = [
    ("roster: people/cohort-50.csv\nparticipants: 20\n", "participants", "warning", "the roster lists 12 people"),
    ("roster: people/cohort-50.csv\ngroups: {size: 4}\nprint: {group_size: 3}\n", "print:", "warning",
     "the roster's 3 breakout groups"),
    ("outputs: [case-cards, print-order]\n", "outputs", "error", "print-order needs a number of participants"),
]


@pytest.mark.parametrize("settings, key, severity, message", COUNTS)
def test_counts_the_roster_overrides_are_reported_with_the_kits_line(tmp_path, kitgen, settings, key, severity,
                                                                      message):
    ws = workspace(tmp_path, settings)
    result = kitgen("validate", "-C", ws)
    assert result.code == (1 if severity == "error" else 0), result.text
    assert f"{KIT_FILE}:{line_of(ws, key)}" in result.text and message in result.text, result.text
