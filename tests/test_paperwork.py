"""Room paperwork and named workbooks, read back from the PDFs made for the 50-person fixture roster."""

from __future__ import annotations

import collections
import re
import shutil
import unicodedata
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

import roster_harness as harness
from conftest import REPO
from kitgen.collation import collated

LAYOUTS = ("name-tents", "sign-in-sheet", "feedback-form", "certificates", "groups")
_INVISIBLE = {"\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


@pytest.fixture(scope="module")
def made(built_roster):
    """The `roster` root (kit cohort-50, the 50-person roster) as built once per run, every roster output."""
    folder = built_roster / "build" / harness.KIT
    files = {name: folder / f"{harness.KIT}-{name}.pdf" for name in harness.OUTPUTS}
    copies = sorted((folder / f"{harness.KIT}-named-workbooks").glob("*.pdf"))
    cohort = harness.cohort(built_roster)
    return {"ws": built_roster, "files": files, "roster": cohort.roster, "cohort": cohort,
            "workbook": files["participant-workbook"], "copies": copies, "collated": files["named-workbooks"]}


def clean(text: str) -> str:
    """Text as compared here: compatibility forms folded (Arabic presentation forms), no spaces or marks."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace() and ch not in _INVISIBLE)


def shows(text: str, name: str) -> bool:
    """Whether extracted PDF `text` shows `name`: as written, in visual order (right-to-left scripts are
    extracted reversed), or for Indic scripts, whose vowel signs are extracted out of order, as letters."""
    wanted, found = clean(name), clean(text)
    if wanted in found or wanted[::-1] in found:
        return True
    indic = any("DEVANAGARI" in unicodedata.name(ch, "") for ch in wanted)
    return indic and not collections.Counter(wanted) - collections.Counter(found)


def page_text(path: Path, index: int) -> str:
    """The text of one page, extracted by pdfium: some fifty times quicker than pypdf or pdfplumber on
    one page of a long file, and it finds the same names."""
    import pypdfium2
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return pdf[index].get_textpage().get_text_range()
    finally:
        pdf.close()


def page_texts(path: Path, first: int | None = None) -> list[str]:
    """The text of every page (or of the first `first` pages only: pdfplumber takes its time)."""
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages[:first]]


# -- name tents ------------------------------------------------------------------------------------

def test_every_name_on_exactly_one_tent(made):
    texts = page_texts(made["files"]["name-tents"])
    assert len(texts) == 50
    for person in made["roster"].people:
        assert sum(shows(text, person.name) for text in texts) == 1, person.number


def test_tent_faces_read_the_right_way_up_once_folded(made):
    """The lower face is upright; the upper one is turned 180° (its text matrix is -1, -1) and says the same."""
    with pdfplumber.open(made["files"]["name-tents"]) as pdf:
        for page in pdf.pages:
            middle = page.height / 2
            chars = [c for c in page.chars if c["size"] > 7 and c["text"].strip()]  # the fold label is 6.5 pt
            front = [c for c in chars if c["top"] > middle]
            back = [c for c in chars if c["bottom"] < middle]
            assert front and back and len(front) + len(back) == len(chars)
            assert all(c["matrix"][0] > 0 and c["matrix"][3] > 0 for c in front)
            assert all(c["matrix"][0] < 0 and c["matrix"][3] < 0 for c in back)
            assert collections.Counter(c["text"] for c in front) == collections.Counter(c["text"] for c in back)
            biggest = max(front, key=lambda c: c["size"])
            assert biggest["size"] >= 30  # the name people call them, large


# -- sign-in sheet -----------------------------------------------------------------------------------

def _rows(path: Path) -> dict[int, str]:
    """The sign-in sheet's rows: number -> the text of the name cell (between the NAME and TEAM headers)."""
    rows: dict[int, str] = {}
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = page.extract_words(keep_blank_chars=False)
            heads = {w["text"]: w for w in sorted(words, key=lambda w: -w["top"]) if w["text"] in ("NAME", "TEAM")}
            name_x, team_x = heads["NAME"]["x0"] - 1, heads["TEAM"]["x0"] - 1
            for w in words:
                in_table = heads["NAME"]["bottom"] < w["top"] and w["bottom"] < page.height - 60  # not the footer
                if w["text"].isdigit() and w["x1"] < name_x and in_table:
                    same_line = [v for v in words if v["top"] < w["bottom"] and v["bottom"] > w["top"]
                                 and name_x <= v["x0"] < team_x]
                    rows[int(w["text"])] = " ".join(v["text"] for v in same_line)
    return rows


def test_sign_in_sheet_lists_everyone_in_collation_order(made):
    rows = _rows(made["files"]["sign-in-sheet"])
    people = made["roster"].people
    expected = collated(people, "en", key=lambda p: p.name)
    assert expected != list(people)  # the roster's own order is not the sheet's
    listed = [rows[n] for n in range(1, 51)]
    for n, (person, text) in enumerate(zip(expected, listed, strict=True), start=1):
        assert shows(text, person.name), (n, person.number)
    assert set(rows) == set(range(1, 56))  # and five empty rows for walk-ins



def test_a_name_with_a_word_longer_than_its_cell_stays_in_the_name_column(tmp_path, kitgen):
    """A surname longer than the name column is wide breaks inside the word, in the name cell, rather
    than running over the team printed beside it; on a certificate and a name tent, inside the frame
    and the sheet, not over their edges."""
    roster = tmp_path / "long-word.csv"
    name = "Hubert Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft"
    roster.write_text(f"name,team\n{name},Data\nCara Li,Sales\n", encoding="utf-8")
    ws = harness.workspace(tmp_path / "ws", roster, "roster: people/cohort-50.csv\noutputs: [sign-in-sheet, certificates, name-tents]\n")
    result = kitgen("build", "-C", ws, harness.KIT)
    assert result.code == 0, result.text
    with pdfplumber.open(ws / "build" / harness.KIT / f"{harness.KIT}-sign-in-sheet.pdf") as pdf:
        page = pdf.pages[0]
        team = next(w for w in page.extract_words() if w["text"] == "TEAM")
        letters = [c for c in page.chars if c["top"] > team["bottom"] and c["text"] in "Wolfeschlegelsteinhausenbergerdorff"
                   and c["size"] > 10]
    assert letters and max(c["x1"] for c in letters) < team["x0"] - 1, max(c["x1"] for c in letters)
    for output, margin in (("certificates", 25), ("name-tents", 15)):
        with pdfplumber.open(ws / "build" / harness.KIT / f"{harness.KIT}-{output}.pdf") as pdf:
            page = pdf.pages[1]  # Hubert's, after Cara's
            inked = [c for c in page.chars if c["text"].strip() and c["size"] > 8]  # not the fold's label
            assert "Wolfeschlegel" in "".join(c["text"] for c in inked), output
            assert all(margin * 72 / 25.4 < c["x0"] and c["x1"] < page.width - margin * 72 / 25.4 for c in inked), output

# -- certificates, feedback form, groups --------------------------------------------------------------

def test_one_certificate_per_participant(made):
    texts = page_texts(made["files"]["certificates"])
    assert len(texts) == len(made["roster"].people) == 50
    for person in made["roster"].people:
        assert sum(shows(text, person.name) for text in texts) == 1, person.number
    assert all("Reverse Mentoring for Leadership Teams" in text and "Jordan Lee" in text for text in texts)


def test_a_certificates_lines_are_centred_on_its_page(made):
    """The holder's name, the session's title and the facts share the page's centre line (the title was
    once set from the frame's left, 10 mm off it)."""
    import pdfplumber
    with pdfplumber.open(made["files"]["certificates"]) as pdf:
        page = pdf.pages[0]
        lines: dict[int, list[dict]] = {}
        for c in page.chars:
            if c["text"].strip() and c["size"] > 9:
                lines.setdefault(round(c["top"]), []).append(c)
        centres = {top: (min(c["x0"] for c in cs) + max(c["x1"] for c in cs)) / 2 for top, cs in lines.items()}
        title = next(top for top, cs in lines.items() if "ReverseMentoring" in "".join(c["text"] for c in cs).replace(" ", ""))
        assert abs(centres[title] - page.width / 2) < 2 * 72 / 25.4, (centres[title], page.width / 2)
        assert len(centres) >= 4 and all(abs(x - page.width / 2) < 3 * 72 / 25.4 for x in centres.values()), centres


def test_the_feedback_form_is_anonymous(made):
    text = "\n".join(page_texts(made["files"]["feedback-form"]))
    assert "anonymous" in text and "Explain how reverse mentoring differs" in text  # objectives as learning items
    assert not [p.number for p in made["roster"].people if shows(text, p.name)]
    assert not [p.number for p in made["roster"].people if p.team and p.team in text.split()]


def test_groups_sheet_lists_each_person_once_per_list(made):
    texts = page_texts(made["files"]["groups"])
    text = "\n".join(texts)
    start = text.index("Mentoring pairs")
    groups_part, pairs_part = text[:start], text[start:]
    for person in made["roster"].people:
        assert shows(groups_part, person.name) and shows(pairs_part, person.name), person.number
        if person.name.isascii():
            assert groups_part.count(person.name) == pairs_part.count(person.name) == 1
    assert "GROUP 13" in groups_part and "GROUP 14" not in groups_part  # 50 people in groups of at most 4
    assert "PAIR 25" in pairs_part and "PAIR 26" not in pairs_part


def test_every_group_works_on_every_case_in_its_own_slot(made):
    """Each case study has a slot of its own, so all groups work on it: the groups sheet names each case
    once, above the groups (never one per group), every card names all the groups, and the run sheet
    has the listed groups formed and gives a card to each."""
    groups_part = "\n".join(page_texts(made["files"]["groups"])).split("Mentoring pairs")[0]
    listed = groups_part.split("GROUP 1")[0]
    for title in ("The Dashboard Nobody Opened", "The Listening Tour"):
        assert groups_part.count(title) == listed.count(title) == 1, title
    assert "IN THESE GROUPS" in listed.upper()
    cards = page_texts(made["files"]["case-cards"])
    tags = [line for text in cards for line in text.splitlines() if " · CASE " in line.upper()]
    assert len(tags) == 2 and all(tag.endswith("Groups 1–13") for tag in tags), tags
    guide = " ".join(" ".join(page_texts(made["files"]["facilitator-guide"])).split())
    for card in (1, 2):
        assert f"Form the breakout groups as listed under Breakout groups; give each group H2 Card {card}." in guide, card


# -- named workbooks ---------------------------------------------------------------------------------

def test_every_name_on_exactly_one_named_cover(made):
    people = made["roster"].people
    covers = [page_text(path, 0) for path in made["copies"]]
    assert len(covers) == len(people) == 50
    for person in people:
        holders = [n for n, cover in enumerate(covers, start=1) if shows(cover, person.name)]
        assert holders == [person.number], person.number
    plain = page_texts(made["workbook"], 1)[0]
    assert "This workbook belongs to".upper() in plain.upper()
    assert not [p.number for p in people if shows(plain, p.name)]


def test_a_named_copy_names_its_group_and_footers(made):
    from kitgen.groups import group_of
    groups = group_of(made["cohort"].groups)
    person = made["roster"].people[4]
    texts = page_texts(made["copies"][4])
    assert f"GROUP {groups[person.number].number}" in texts[0].upper()
    assert len(texts) > 10 and all(shows(text, person.name) for text in texts[1:])
    others = [p for p in made["roster"].people if p.number != person.number and p.name.isascii()]
    assert not [p.number for p in others if any(p.name in text for text in texts)]


def test_named_copies_are_valid_tagged_pdfs_with_the_name_in_the_structure(made):
    for path in made["copies"][:3] + made["copies"][-2:]:
        with pikepdf.open(path) as pdf:
            assert pdf.check_pdf_syntax() == []
            assert "/StructTreeRoot" in pdf.Root and len(pdf.pages) == len(pikepdf.open(made["workbook"]).pages)
            cover = pdf.pages[0].obj
            paragraphs = [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/P" and "/Pg" in e
                          and e.Pg.objgen == cover.objgen and isinstance(e.get("/K"), int)]
            stream = b"".join(s.read_bytes() for s in cover.Contents)
            assert any(b"/MCID %d" % int(e.K) in stream for e in paragraphs)
            assert b"/Artifact" in b"".join(s.read_bytes() for s in pdf.pages[3].obj.Contents)


def _elements(tree):
    stack = [tree.K]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Array):
            stack.extend(item)
        elif isinstance(item, pikepdf.Dictionary) and item.get("/Type") == "/StructElem":
            yield item
            if "/K" in item:
                stack.append(item.K)


def test_a_copy_is_the_one_workbook_plus_a_small_update(made):
    """Every copy starts with the same bytes (the workbook, tagged once); only its update differs."""
    import os
    import statistics
    workbook = made["workbook"].stat().st_size
    copies = [p.read_bytes() for p in made["copies"]]
    shared = len(os.path.commonprefix(copies))
    assert shared >= workbook * 0.95 and all(c.count(b"%%EOF") == 2 for c in copies)
    assert statistics.median(len(c) - shared for c in copies) < workbook  # a name and a font subset or two


def test_the_collated_print_file_holds_every_copy_in_order(made):
    pages = len(pikepdf.open(made["workbook"]).pages)
    with pikepdf.open(made["collated"]) as pdf:
        assert len(pdf.pages) == 50 * pages
    covers = [page_text(made["collated"], i * pages) for i in range(50)]
    for person, cover in zip(made["roster"].people, covers, strict=True):
        assert shows(cover, person.name), person.number
    with pikepdf.open(made["collated"]) as pdf:
        assert "/StructTreeRoot" not in pdf.Root and pdf.check_pdf_syntax() == []


LONG_NAMES = ("Pablo Diego José Francisco de Paula Juan Nepomuceno Crispín Crispiniano de la Santísima Trinidad Ruiz Picasso",
              "Maria de los Ángeles Guadalupe Fernández de la Torre y Villanueva-Ocampo Rodríguez",
              "Anne-Marie-Thérèse-Geneviève-Françoise Delacroix-Beaumont",
              "Bartholomew Featherstonehaugh-Cholmondeley")  # two lines at the size of a short name
LONG_TITLE = "Reverse Mentoring for Leadership Teams and the Senior Management Group of the Northern Region"


def test_a_long_name_stays_clear_of_the_signature_and_the_footers(tmp_path, kitgen):
    """The size of a certificate's name follows the whole name (not the first name), so the name, the
    session and its facts stay above the signature line, with the organization's logo and a session
    title of two lines, on Letter paper (the shorter sheet) too; the signature is at the same place on
    every certificate. A named copy's footer keeps a long name to the middle, clear of the workbook's
    own footers."""
    from readback import read_pdf
    roster = tmp_path / "long.csv"
    roster.write_text("name,first_name,team\n" + "".join(f'"{n}",{n.split()[0]},Ops\n' for n in LONG_NAMES), encoding="utf-8")
    ws = harness.workspace(tmp_path / "ws", roster, "roster: people/cohort-50.csv\nnamed_workbooks: {footer: true}\n"
                           "outputs: [participant-workbook, named-workbooks, certificates]\n")
    kit = ws / "content" / "kits" / f"{harness.KIT}.yaml"  # a short session: a workbook of a few pages
    lines = [ln for ln in kit.read_text(encoding="utf-8").splitlines() if not ln.startswith(("  - ", "duration:"))]
    text = "\n".join(lines).replace("agenda:", "agenda:\n  - {block: welcome, minutes: 15}\n"
                                    "  - {reflection: true, minutes: 15}")
    text = re.sub(r"(?m)^title: .*$", f"title: {LONG_TITLE}", text)
    text = re.sub(r"(?m)^organization: .*$", "organization: {name: Northwind Logistics, logo: assets/logo.png}",
                  text).replace("paper: a4", "paper: letter")
    kit.write_text(text + "\n", encoding="utf-8")
    (ws / "assets").mkdir(exist_ok=True)
    shutil.copy(REPO / "tests" / "roots" / "stress" / "assets" / "logo.png", ws / "assets" / "logo.png")
    result = kitgen("build", "-C", ws, harness.KIT)
    assert result.code == 0, result.text
    out = ws / "build" / harness.KIT
    pages = read_pdf(out / f"{harness.KIT}-certificates.pdf").layout
    assert len(pages) == len(LONG_NAMES)
    captions = set()
    for page in pages:
        chars = [c for c in page.chars if c.text.strip()]
        caption = max(c.top for c in chars)  # the signature's caption, the page's last line
        above = max(c.bottom for c in chars if c.top < caption - 2)
        assert above < caption - 8 * 72 / 25.4, (page.text, above, caption)  # the signature line's room is free
        assert "Northern Region" in page.text and "Northwind Logistics" in page.text, page.text
        captions.add(round(caption))
    assert len(captions) == 1, captions
    copy = read_pdf(sorted((out / f"{harness.KIT}-named-workbooks").glob("*.pdf"))[0]).layout[1]
    foot = [c for c in copy.chars if c.top > copy.height - 22 * 72 / 25.4 and c.text.strip()]
    pieces: list[list] = []  # runs of characters of one line, split where a wide gap separates texts
    for c in sorted(foot, key=lambda c: (round(c.top), c.x0)):
        last = pieces[-1] if pieces else None
        if last and abs(last[-1].top - c.top) < 1 and c.x0 - last[-1].x0 < 12:
            last.append(c)
        else:
            pieces.append([c])
    name = "".join(LONG_NAMES[0].split())
    spans = [("".join(c.text for c in p) in name, min(c.top for c in p), min(c.x0 for c in p), max(c.x0 for c in p))
             for p in pieces]
    assert any(is_name for is_name, *_ in spans) and not all(is_name for is_name, *_ in spans), spans
    for is_name, top_a, a0, a1 in spans:
        for other, top_b, b0, b1 in spans:
            if is_name and not other and abs(top_a - top_b) < 8:  # the name beside the footers, never over them
                assert a1 < b0 or b1 < a0, spans


def test_a_guide_without_a_deck_has_no_slides_column(made):
    """The kit makes no slides: the timing table and the run sheets have no column for them (the
    sample guide, which has a deck, has one: test_pack_agrees reads its slide numbers)."""
    import pypdfium2
    pdf = pypdfium2.PdfDocument(str(made["files"]["facilitator-guide"]))
    try:
        lines = [line for page in pdf for line in page.get_textpage().get_text_range().splitlines()]
    finally:
        pdf.close()
    heads = [line.upper() for line in lines if "SEGMENT" in line.upper() or "HANDOUTS" in line.upper()]
    assert len(heads) >= 5, heads  # the timing table and a run sheet per timed block
    assert not [h for h in heads if "SLIDE" in h], heads


def test_groups_are_laid_out_a_row_at_a_time(tmp_path, kitgen):
    """The group cards are laid out in rows of two, each a grid of its own: the renderer lays a grid
    out again for every page it spans, so one grid of every group made the groups sheet of a few
    thousand people take minutes (750 groups: past the render's time limit)."""
    import re
    roster = tmp_path / "forty.csv"
    roster.write_text("name,team\n" + "".join(f"Person {n:02d},Team {n % 5}\n" for n in range(40)), encoding="utf-8")
    ws = harness.workspace(tmp_path / "ws", roster, "roster: people/cohort-50.csv\ngroups: {size: 4}\noutputs: [groups]\n")
    result = kitgen("build", "-C", ws, harness.KIT, "--format", "html")
    assert result.code == 0, result.text
    html = (ws / "build" / harness.KIT / f"{harness.KIT}-groups.html").read_text(encoding="utf-8")
    rows = html.split('<div class="group-grid">')[1:]
    assert rows, "no group grid"
    cards = [len(re.findall(r'<div class="group">', row.split('<div class="group-grid">')[0])) for row in rows]
    assert sum(cards) == 10 and all(n <= 2 for n in cards), cards


def _structure(path: Path) -> tuple[int, list[str], bool]:
    """A tagged PDF's page count, the roles under its Document element, and whether its structure holds
    together: each page's parent-tree key is there once, and every element's page is one of the file's."""
    with pikepdf.open(path) as pdf:
        tree = pdf.Root.StructTreeRoot
        document = tree.K[0]
        nums = tree.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        pages = {page.objgen for page in pdf.pages}
        parents = sorted(int(page.StructParents) for page in pdf.pages)
        elements, on_pages = list(document.K), []
        while elements:
            element = elements.pop()
            if isinstance(element, pikepdf.Dictionary):
                if "/Pg" in element:
                    on_pages.append(element.Pg.objgen in pages)
                kids = element.get("/K")
                elements += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        whole = len(set(keys)) == len(keys) and set(parents) <= set(keys) and bool(on_pages) and all(on_pages)
        return len(pdf.pages), [str(k.S) for k in document.K], whole


def _fonts(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return sum(1 for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor")


def test_per_person_pages_for_a_large_roster_are_rendered_in_parts_and_joined_whole(made, tmp_path, monkeypatch):
    """Name tents and certificates for more people than one render takes are rendered in parts and
    joined: the same pages in the same order as one render makes, one tagged structure tree whose
    elements point to the file's own pages, still declared PDF/UA."""
    import kitgen.handouts
    monkeypatch.setattr(kitgen.handouts, "PEOPLE_PER_RENDER", 20)  # 50 people: three parts
    ws = harness.workspace(tmp_path / "ws")
    results = {r.output: r.path for r in harness.build(ws, only=["name-tents", "certificates"])}
    for output in ("name-tents", "certificates"):
        joined, whole = results[output], made["files"][output]
        pages, roles, holds = _structure(joined)
        assert pages == 50 and holds, (output, pages)
        assert (pages, roles) == _structure(whole)[:2]
        assert [page_text(joined, i) for i in range(0, 50, 7)] == [page_text(whole, i) for i in range(0, 50, 7)]
        assert _fonts(joined) > _fonts(whole)  # each part embeds the fonts it uses: it was rendered in parts
        with pikepdf.open(joined) as pdf, pdf.open_metadata() as meta:
            assert meta.get("pdfuaid:part") == "1" and str(pdf.Root.Lang) == str(pikepdf.open(whole).Root.Lang)


def test_parts_with_bookmarks_are_not_joined(tmp_path):
    """A part with what a join does not merge (here bookmarks) is refused, so the output is rendered whole."""
    from kitgen.pdfjoin import NotJoinable, join
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.Outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines, Count=0))
    data = tmp_path / "part.pdf"
    pdf.save(data)
    with pytest.raises(NotJoinable, match="Outlines"):
        join([data.read_bytes(), data.read_bytes()], tmp_path / "joined.pdf")
    assert not (tmp_path / "joined.pdf").exists()


def test_breakout_groups_of_different_sizes_are_said_as_a_range(made, built_roster):
    """Groups dealt from a roster that does not divide evenly (or a column's tables of 3 to 6) are said
    as they are: "in groups of 3–4", never the largest alone."""
    from kitgen.validation import validate
    session = validate(built_roster, [harness.KIT]).sessions[harness.KIT]
    sizes = sorted({len(g.members) for g in session.cohort.groups})
    assert len(sizes) > 1, sizes  # the fixture's 50 people do not divide evenly
    guide = " ".join(page_texts(made["files"]["facilitator-guide"])).replace("\n", " ")
    assert f"groups of {sizes[0]}–{sizes[-1]}" in guide
    assert f"groups of {sizes[-1]} " not in guide
