"""The print order's arithmetic and the pack's zip, as pure functions (no rendering)."""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile

import pytest

from kitgen import pack, printorder
from kitgen.printorder import PrintFile, Settings


def jobs(pages: dict[str, int]) -> list[PrintFile]:
    audience = {"facilitator-guide": "facilitator", "participant-workbook": "participant", "case-cards": "group"}
    return [PrintFile(name, f"k-{name}.pdf", name, audience[name], n, "A4") for name, n in pages.items()]


@pytest.mark.parametrize("participants,spares,duplex", [(20, 2, True), (7, 0, False), (33, 3, True), (1, 0, True)])
def test_copies_and_sheets_follow_from_participants_and_pages(participants, spares, duplex):
    pages = {"facilitator-guide": 17, "participant-workbook": 18, "case-cards": 5}
    settings = Settings(participants, spares, group_size=4, duplex=duplex)
    order = printorder.order(jobs(pages), [], settings)
    by = {ln.output: ln for ln in order.lines}
    groups = math.ceil(participants / 4)
    assert by["facilitator-guide"].copies == 1
    assert by["participant-workbook"].copies == participants + spares
    assert by["case-cards"].copies == groups + (1 if spares else 0)
    for name, ln in by.items():
        per_copy = math.ceil(pages[name] / 2) if duplex else pages[name]
        assert ln.sheets == ln.copies * per_copy
        assert ln.sides == ("double-sided" if duplex else "single-sided")
    assert order.sheets == sum(ln.sheets for ln in order.lines)


def test_cards_holding_role_cards_for_more_trios_than_groups_say_what_set_their_copies():
    """12 people in 3 groups, and role cards for trios in the same file: 4 trios need 4 sets (and a
    spare), more than one per group, and the line says so; with as many groups as trios it does not."""
    cards = [PrintFile("case-cards", "c.pdf", "Cards", "group", 7, "A4")]
    line = printorder.order(cards, [], Settings(12, 2, group_count=3, card_units=("trio",))).lines[0]
    assert (line.copies, line.per) == (5, "trio")
    line = printorder.order(cards, [], Settings(12, 2, group_count=4, card_units=("trio",))).lines[0]
    assert (line.copies, line.per) == (5, None)


def test_booklets_and_two_up_cards_count_their_sheets():
    settings = Settings(20, 2)
    booklet = PrintFile("participant-workbook-booklet", "b.pdf", "Workbook", "participant", 10, "A3", "booklet")
    cards = PrintFile("case-cards-two-up", "c.pdf", "Cards", "group", 4, "A4", "two-up")
    order = printorder.order([booklet, cards], [], settings)
    b, c = order.lines
    assert b.copies == 22 and b.sheets == 22 * 5 and b.sides == "double-sided"  # 10 sides: 5 folded sheets
    assert c.copies == math.ceil((5 + 1) / 2) and c.sheets == c.copies * 4  # 6 sets, two a sheet


@pytest.mark.parametrize("spares", [0, 3])
def test_named_copies_print_once_and_leave_the_plain_workbook_to_the_spares(spares):
    """A file holding each participant's own copy prints once (certificates always on one side, even
    in a duplex session); the workbook the named copies are made from prints for the spares only, and
    not at all without spares; the roster's groups count the card sets."""
    printing = {"participant-workbook": {"for": "participant", "simplex": False, "from": []},
                "named-workbooks": {"for": "named", "simplex": False, "from": ["participant-workbook"]},
                "certificates": {"for": "named", "simplex": True, "from": []},
                "case-cards": {"for": "group", "simplex": False, "from": []}}
    pages = {"participant-workbook": 20, "named-workbooks": 240, "certificates": 12, "case-cards": 4}
    files = [PrintFile(name, f"k-{name}.pdf", name, printorder.audience(name, printing), n, "A4",
                       simplex=printing[name]["simplex"]) for name, n in pages.items()]
    order = printorder.order(files, [], Settings(12, spares, group_size=4, duplex=True, group_count=5))
    by = {ln.output: ln for ln in order.lines}
    assert (by["named-workbooks"].copies, by["named-workbooks"].sheets) == (1, 120)
    assert (by["certificates"].copies, by["certificates"].sheets, by["certificates"].sides) == (1, 12, "single-sided")
    assert by["case-cards"].copies == 5 + (1 if spares else 0)  # the roster's five groups, not 12 / 4
    if spares:
        assert (by["participant-workbook"].audience, by["participant-workbook"].copies) == ("spares", spares)
    else:
        assert "participant-workbook" not in by


def test_materials_take_their_quantity_from_how_they_are_counted():
    settings = Settings(20, 0, group_size=4)
    order = printorder.order([], ["Role briefs (mentor, mentee, observer), one set per trio",
                                  "Printed speaker biographies, one per table", "Timer and chime",
                                  "Index cards and pens for each participant", "Timer and chime",
                                  "Pens and notepads for observers"], settings)
    assert [(m.quantity, m.per) for m in order.materials] == [(7, "trio"), (5, "group"), (1, "room"), (20, "participant"),
                                                               (7, "trio")]


def test_csv_and_json_carry_the_same_lines():
    order = printorder.order(jobs({"facilitator-guide": 3, "participant-workbook": 9}), ["Flipchart"], Settings(12, 1))
    rows = list(csv.reader(io.StringIO(printorder.to_csv(order))))
    assert rows[0] == list(printorder.CSV_FIELDS)
    data = json.loads(printorder.to_json(order, "k"))
    assert [r[printorder.CSV_FIELDS.index("copies")] for r in rows[1:3]] == [str(f["copies"]) for f in data["files"]]
    assert data["materials"] == [{"item": "Flipchart", "quantity": 1, "per": "room"}]
    assert data["sheets"] == order.sheets == 3 + 13 * 9


def test_pack_is_reproducible_and_its_manifest_matches(tmp_path):
    import datetime as dt
    import hashlib
    a, b = tmp_path / "a.pdf", tmp_path / "b.csv"
    a.write_bytes(b"%PDF-1.7 x" * 100)
    b.write_text("x,y\n", encoding="utf-8")
    date = dt.datetime(2026, 12, 8, tzinfo=dt.UTC)
    one, two = tmp_path / "1.zip", tmp_path / "2.zip"
    pack.write_zip(one, {"b.csv": b, "a.pdf": a}, "k", date)
    pack.write_zip(two, {"a.pdf": a, "b.csv": b}, "k", date)
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as z:
        assert z.namelist() == ["a.pdf", "b.csv", "manifest.json"]
        record = json.loads(z.read("manifest.json"))
        for entry in record["files"]:
            data = z.read(entry["name"])
            assert len(data) == entry["bytes"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert all(info.date_time[:3] == (2026, 12, 8) for info in z.infolist())


def test_the_print_order_counts_a_material_as_the_guides_checklist_does():
    from kitgen.schedule.materials import PER_WORDS, per_of
    settings = Settings(12, 0, group_size=4)
    for per, words in PER_WORDS.items():
        for text in words:
            assert printorder.material(f"Markers, {text}", settings).per == per_of(f"Markers, {text}") == per, text


@pytest.mark.parametrize("code, n, said", [("en", 1, "1 spare"), ("en", 0, "0 spares"), ("en", 2, "2 spares"),
                                           ("fr", 0, "0 exemplaire de réserve"), ("fr", 1, "1 exemplaire de réserve"),
                                           ("fr", 2, "2 exemplaires de réserve")])
def test_a_count_takes_the_singular_its_language_says(code, n, said):
    from kitgen.i18n import labels
    assert labels(code).fmt("spares_n", n=n) == said
    lead = labels(code).fmt("print_order_lead", participants=labels(code).fmt("participants_n", n=n),
                            spares=labels(code).fmt("spares_n", n=n), groups=labels(code).fmt("groups_count_n", n=n),
                            group_size=4)
    assert said in lead and ("1 participant " in lead or "1 participant," in lead) == (n == 1), lead


def test_the_french_catalogue_follows_french_typography():
    """French labels put a no-break space before : and a narrow one before ; ? ! (so a line never starts
    with the mark), no-break spaces inside « », and a typographic apostrophe."""
    import re

    from kitgen.i18n import labels
    texts = [v for key, v in labels("fr").items() if not key.startswith("time_pattern")  # CLDR patterns, not text
             for v in (v if isinstance(v, list) else [v]) if isinstance(v, str)]
    assert not [t for t in texts if re.search(r" [:;?!»]|« |'", t)], [t for t in texts if re.search(r" [:;?!»]|« |'", t)][:5]
    assert labels("fr")["say"] == "Dire\u00a0:" and any("\u202f;" in t for t in texts)
