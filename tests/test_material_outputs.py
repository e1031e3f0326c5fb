"""The material workspace built once and read back: tables extract as tables with tagged header
cells, figures are drawn with their alt text in the structure tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import read_pdf

ROOT = Path(__file__).resolve().parent / "roots" / "material"
KIT = "teaching-day"
ALT = "Attendance falling from thirty learners in March to six in June"


@pytest.fixture(scope="session")
def pack(built_material) -> Path:
    """The fixture kit's outputs, from the `material` root's session build."""
    return built_material / "build" / KIT


def output(pack: Path, name: str) -> Path:
    return pack / f"{KIT}-{name}"


def structure(path: Path) -> list[tuple[str, str | None]]:
    """Every element of a PDF's structure tree as (type, alt text), in document order."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject
    out: list[tuple[str, str | None]] = []

    def walk(node) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, DictionaryObject):
            if "/S" in node:
                out.append((str(node["/S"]), str(node["/Alt"]) if "/Alt" in node else None))
            if "/K" in node:
                walk(node["/K"])
    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return out


def tables(path: Path) -> list[list[list[str]]]:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return [t for page in pdf.pages for t in page.extract_tables()]


@pytest.mark.parametrize("name", ["facilitator-guide.pdf", "participant-workbook.pdf", "case-cards.pdf"])
def test_a_markdown_table_extracts_as_a_table_with_tagged_header_cells(pack, name):
    path = output(pack, name)
    found = [t for t in tables(path) if t and t[0] == ["Month", "Learners", "Topic"]]
    assert found, tables(path)
    assert found[0][1:] == [["March", "30", "First steps in Python"], ["April", "19", "Functions"],
                            ["May", "11", "Testing"], ["June", "6", "Packaging"]]
    kinds = [kind for kind, _ in structure(path)]
    assert kinds.count("/TH") >= 3 and "/Table" in kinds


@pytest.mark.parametrize("name", ["facilitator-guide.pdf", "participant-workbook.pdf", "case-cards.pdf"])
def test_the_figure_is_drawn_with_its_alt_text_in_the_structure_tree(pack, name):
    import pdfplumber
    path = output(pack, name)
    assert ("/Figure", ALT) in structure(path)
    with pdfplumber.open(path) as pdf:
        drawn = [image for page in pdf.pages for image in page.images if image["srcsize"] == (480, 240)]
    assert drawn, "the attendance chart is not drawn"


def deck(pack: Path):
    from pptx import Presentation
    return Presentation(str(output(pack, "slides.pptx")))


def slide_tables(prs) -> list[tuple[str, list[list[str]]]]:
    """Every PowerPoint table of a deck, with its slide's title."""
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if getattr(shape, "has_table", False) and shape.has_table:
                rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
                out.append((slide.shapes.title.text, rows))
    return out


def test_the_deck_shows_the_table_as_a_powerpoint_table(pack):
    found = [rows for _, rows in slide_tables(deck(pack)) if rows[0] == ["Month", "Learners", "Topic"]]
    assert found and found[0][1:] == [["March", "30", "First steps in Python"], ["April", "19", "Functions"],
                                      ["May", "11", "Testing"], ["June", "6", "Packaging"]]
    texts = [sh.text_frame.text for s in deck(pack).slides for sh in s.shapes if sh.has_text_frame]
    assert not any(t.strip() == "Learners" for t in texts), "table cells also printed as paragraphs"


def test_the_deck_draws_the_figure_with_its_alt_text(pack):
    from pptx.enum.shapes import MSO_SHAPE_TYPE
    pictures = [sh for s in deck(pack).slides for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    described = [sh for sh in pictures if sh._element.nvPicPr.cNvPr.get("descr") == ALT]
    assert described, [sh._element.nvPicPr.cNvPr.get("descr") for sh in pictures]
    assert described[0].image.size == (480, 240)


def _slides_of(tmp_path, scenario_edit) -> tuple[object, list[str]]:
    """The fixture's deck with its case study's scenario edited: (presentation, build warnings)."""
    import io
    from pptx import Presentation
    from kitgen.context import build_context
    from kitgen.deck.writer import build_deck
    from kitgen.outputs import OUTPUTS
    from kitgen.validation import validate
    ws = Path(shutil.copytree(ROOT, tmp_path / "ws"))
    case = ws / "content/topics/design-methods/case-studies/five-whys.yaml"
    case.write_text(scenario_edit(case.read_text(encoding="utf-8")), encoding="utf-8")
    checked = validate(ws)
    assert not checked.problems.errors, [str(p) for p in checked.problems.items]
    ctx = build_context(checked.sessions[KIT], OUTPUTS["slides"], tuple(OUTPUTS.values()))
    data, _, warnings = build_deck(ctx, ws)
    return Presentation(io.BytesIO(data)), warnings


def test_a_table_too_long_for_a_slide_continues_with_its_header(tmp_path):
    rows = "".join(f"  | Week {n} | {n} | A topic that takes a few words {n} |\n" for n in range(1, 41))
    prs, _ = _slides_of(tmp_path, lambda text: text.replace("  | June | 6 | Packaging |\n", rows))
    parts = [(title, rows) for title, rows in slide_tables(prs) if rows[0] == ["Month", "Learners", "Topic"]]
    assert len(parts) > 1
    body = [row for _, rows in parts for row in rows[1:]]
    assert [r[0] for r in body] == ["March", "April", "May"] + [f"Week {n}" for n in range(1, 41)]
    assert all("(continued)" in title for title, _ in parts[1:])
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides
             if any(getattr(sh, "has_table", False) and sh.has_table
                    and sh.table.cell(0, 0).text == "Month" for sh in s.shapes)]
    assert len(notes) == len(parts) == len(set(notes)), "two slides of the table carry the same notes"


def test_a_table_in_a_narrow_text_box_breaks_no_word_and_its_lead_stays_small(tmp_path):
    """In a template whose text column is 4 in wide, every table's columns are each wider than their
    longest word at the size the table is set at (PowerPoint breaks a word wider than its column,
    "Dismissive-ness"), and the lead line above a table is set at 24 pt at most, not at the box's 32."""
    import template_fixtures as tf
    from pptx.util import Emu
    from kitgen.deck.geometry import INSET_X_EMU
    from kitgen.deck.measure import text_width_pt

    def narrow(text: str) -> str:
        tf.narrow(tmp_path / "ws" / "assets" / "narrow.pptx")
        kit = tmp_path / "ws" / "content" / "kits" / f"{KIT}.yaml"
        kit.write_text(kit.read_text(encoding="utf-8") + "deck: {template: assets/narrow.pptx}\n", encoding="utf-8")
        return text
    prs, _ = _slides_of(tmp_path, narrow)
    tables = leads = 0
    for number, slide in enumerate(prs.slides, 1):
        framed = [sh for sh in slide.shapes if getattr(sh, "has_table", False) and sh.has_table]
        for shape in framed:
            tables += 1
            for row in shape.table.rows:
                for cell, column in zip(row.cells, shape.table.columns):
                    room = Emu(column.width - 2 * INSET_X_EMU).pt
                    for paragraph in cell.text_frame.paragraphs:
                        for run in paragraph.runs:
                            for word in run.text.split():
                                wide = text_width_pt(word, run.font.size.pt, None, bool(run.font.bold))
                                assert wide <= room, f"slide {number}: {word!r} is {wide:.0f} pt in {room:.0f} pt"
        sizes = [run.font.size.pt for ph in slide.placeholders if framed and ph.placeholder_format.idx != 0
                 and ph.placeholder_format.type.name != "SLIDE_NUMBER"
                 for p in ph.text_frame.paragraphs for run in p.runs if run.font.size is not None and run.text.strip()]
        if sizes:  # the lead line above the table
            leads += 1
            assert max(sizes) <= 24, (number, sizes)
    assert tables >= 2 and leads >= 1, (tables, leads)


def test_an_svg_figure_shows_its_alt_text_on_its_slide(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    def edit(text: str) -> str:
        (tmp_path / "ws/assets/attendance.svg").write_text(svg, encoding="utf-8")
        return text.replace("assets/attendance.png", "assets/attendance.svg")
    prs, warnings = _slides_of(tmp_path, edit)
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert any(ALT in t for t in texts)
    assert any("slides show PNG, JPEG or GIF images" in w for w in warnings), warnings


# ---------------------------------------------------------------- the material in the session plan

def page_texts(path: Path) -> list[str]:
    """pdfplumber's text of every page, spaces collapsed (each file read once: readback.py)."""
    return [" ".join(text.replace("’", "'").split()) for text in read_pdf(path).pages]


def page_of(path: Path, *words: str) -> int:
    """The one page (1-based) of `path` that holds all `words`."""
    found = [n for n, text in enumerate(page_texts(path), 1) if all(w in text for w in words)]
    assert len(found) == 1, (words, found)
    return found[0]


def content(file: str) -> dict:
    import yaml
    return yaml.safe_load((ROOT / "content/topics" / file).read_text(encoding="utf-8"))


def kit() -> dict:
    import yaml
    return yaml.safe_load((ROOT / f"content/kits/{KIT}.yaml").read_text(encoding="utf-8"))


SORT, ROLES = content("motivation/activities/praise-sort.yaml"), content("motivation/activities/feedback-role-play.yaml")


def guide_block(pack: Path, title: str) -> str:
    """The guide's text from the block's heading to the next block's clock line."""
    import re
    guide = output(pack, "facilitator-guide.pdf")
    text = " ".join(page_texts(guide)[page_of(guide, "Timing at a glance", "ELAPSED"):])  # after the contents
    start = text.index(title, text.index("Session plan"))
    following = re.search(r"\d{1,2} ?:\d\d [AP]M–\d{1,2}:\d\d [AP]M \| ", text[start:])
    return text[start:start + following.start()] if following else text[start:]


def test_a_worksheet_is_in_its_blocks_materials_with_its_workbook_page(pack):
    workbook = output(pack, "participant-workbook.pdf")
    first = SORT["worksheet"]["items"][0]["text"]
    page = page_of(workbook, SORT["worksheet"]["title"], first)
    block = guide_block(pack, SORT["title"])
    assert f"Worksheet — H1 Workbook p. {page}" in block, block
    # the answer key: facilitator material at the page of this guide the materials name
    guide = output(pack, "facilitator-guide.pdf")
    key = " ".join(SORT["solution"].replace("**", "").split())[:40]
    assert f"Answer key — this guide, p. {page_of(guide, key)}" in block, block
    assert key not in " ".join(page_texts(workbook))


def test_role_briefs_are_cited_on_their_cards_and_the_observer_sheet_on_its_workbook_page(pack):
    """The cards number their pages card by card ("Role brief · 1/1"), so the guide cites the briefs by
    what their cards say (one card per brief, each badged a role brief), never by a page of the file."""
    cards, workbook = output(pack, "case-cards.pdf"), output(pack, "participant-workbook.pdf")
    pages = [page_of(cards, " ".join(r["brief"].split())[:50]) for r in ROLES["role_briefs"]]
    assert len(set(pages)) == len(pages)  # one brief a card
    assert all("ROLE BRIEF" in page_texts(cards)[n - 1].upper() for n in pages)
    sheet_page = page_of(workbook, ROLES["observer_sheet"]["instructions"])
    block = guide_block(pack, ROLES["title"])
    assert "Role briefs — H2 Case cards · one per trio" in block, block
    assert "H2 Role briefs" in block, block  # where the block says what it hands out
    assert f"Observer sheet — H1 Workbook p. {sheet_page}" in block, block
    guide = " ".join(page_texts(output(pack, "facilitator-guide.pdf")))
    assert "Case cards p" not in guide, "a page of the cards' file cited"


def test_a_role_play_is_run_in_groups_of_one_per_role(pack):
    assert len(ROLES["role_briefs"]) == 3 and "grouping" not in ROLES
    assert "ROLE PLAY | IN TRIOS" in guide_block(pack, ROLES["title"]).replace("| I N ", "| IN ") or \
        "In trios" in guide_block(pack, ROLES["title"])
    notes = [s.notes_slide.notes_text_frame.text for s in deck(pack).slides]
    assert any("Form trios." in n for n in notes) and not any("Form pairs." in n for n in notes)


def test_an_exercises_step_slides_cite_the_workbook_page_of_its_worksheet(pack):
    page = page_of(output(pack, "participant-workbook.pdf"), SORT["worksheet"]["title"], SORT["worksheet"]["items"][0]["text"])
    steps = [s for s in deck(pack).slides if s.shapes.title is not None
             and any(s.shapes.title.text.endswith(step["title"]) for step in SORT["steps"])]
    assert len(steps) >= len(SORT["steps"])
    assert all(f"H1 Workbook p. {page}" in s.notes_slide.notes_text_frame.text for s in steps[1:])


def test_a_suggested_range_is_shown_beside_its_slot_and_the_clock_runs_on_the_slot(pack):
    import datetime as dt
    low, high = (int(x) for x in SORT["minutes"].split("-"))
    slot = next(item for item in kit()["agenda"] if item.get("activity") == "praise-sort")
    assert low <= slot["minutes"] <= high and "-" not in str(slot["minutes"])
    before = kit()["agenda"][:kit()["agenda"].index(slot)]
    start = dt.datetime.combine(dt.date.today(), dt.time.fromisoformat(kit()["start"])) \
        + dt.timedelta(minutes=sum(i["minutes"] for i in before))
    end = start + dt.timedelta(minutes=slot["minutes"])
    clock = f"{start:%-I:%M %p}–{end:%-I:%M %p}"
    guide = output(pack, "facilitator-guide.pdf")
    timing = page_texts(guide)[page_of(guide, "Timing at a glance", "ELAPSED") - 1]
    row = timing[timing.index(clock):]
    assert row.startswith(f"{clock} ") and f"{slot['minutes']} min · suggested {low}–{high}" in row[:200], row[:200]
    assert f"{slot['minutes']} min (suggested {low}–{high} min)" in " ".join(page_texts(guide))
    first = next(s for s in deck(pack).slides if s.shapes.title is not None and s.shapes.title.text == SORT["title"])
    notes = first.notes_slide.notes_text_frame.text.replace("\xa0", " ")
    assert notes.startswith(clock.split("–")[0]) and f"suggested {low}–{high} min" in notes


def test_a_slot_outside_the_suggested_range_is_a_warning_naming_both_lines(kitgen, tmp_path):
    ws = Path(shutil.copytree(ROOT, tmp_path / "ws"))
    path = ws / f"content/kits/{KIT}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{activity: praise-sort, minutes: 12}", "{activity: praise-sort, minutes: 9}"),
                    encoding="utf-8")
    line = text[:text.index("{activity: praise-sort")].count("\n") + 1
    sort_line = (ROOT / "content/topics/motivation/activities/praise-sort.yaml").read_text(
        encoding="utf-8").splitlines().index(f"minutes: {SORT['minutes']}") + 1
    result = kitgen("validate", "-C", ws)
    assert result.code == 0, result.text
    warning = next(w for w in result.err.split("\n") if w.startswith(f"content/kits/{KIT}.yaml:{line}:"))
    assert f"suggests {SORT['minutes'].replace('-', '–')} minutes" in warning
    assert f"praise-sort.yaml:{sort_line}" in warning


# ---------------------------------------------------------------- who sees which material

WHYS = content("design-methods/case-studies/five-whys.yaml")


def words(text: str, n: int = 8) -> str:
    """The first `n` words of `text` without Markdown emphasis, as the PDFs' text has them."""
    return " ".join(text.replace("**", "").replace("’", "'").split()[:n])


def slide_body_texts(pack: Path) -> str:
    """Every text on the slides themselves (not their speaker notes)."""
    return " ".join(" ".join(shape.text_frame.text.split()) for s in deck(pack).slides
                    for shape in s.shapes if shape.has_text_frame)


FACILITATOR_ONLY = [SORT["solution"], WHYS["solution"], *SORT["debrief"], *ROLES["debrief"], *WHYS["debrief"],
                    SORT["facilitator_notes"]]


@pytest.mark.parametrize("text", FACILITATOR_ONLY, ids=lambda t: words(t, 4))
def test_answer_keys_and_debrief_points_are_in_the_guide_and_nowhere_participants_see(pack, text):
    key = words(text.replace('"', ""), 6).split(" (")[0]
    guide = " ".join(page_texts(output(pack, "facilitator-guide.pdf"))).replace('"', "").replace("“", "").replace("”", "")
    assert key in guide
    for name in ("participant-workbook.pdf", "case-cards.pdf"):
        seen = " ".join(page_texts(output(pack, name))).replace('"', "").replace("“", "").replace("”", "")
        assert key not in seen, name
    assert key not in slide_body_texts(pack).replace('"', "").replace("“", "").replace("”", "")


def _brief_pages(path: Path) -> list[list[int]]:
    pages = page_texts(path)
    return [[n for n, text in enumerate(pages) if words(b["brief"], 10) in text] for b in ROLES["role_briefs"]]


def test_worksheet_items_are_in_the_workbook_and_role_briefs_on_their_cards_only(pack):
    """With case cards, each role brief is a card of its own, so a player reads only their own; the
    workbook, which everyone holds, has the worksheet and the observer sheet but no brief."""
    everything = " ".join(page_texts(output(pack, "participant-workbook.pdf")))
    assert all(words(item["text"]) in everything for item in SORT["worksheet"]["items"])
    assert words(ROLES["observer_sheet"]["instructions"]) in everything
    assert _brief_pages(output(pack, "participant-workbook.pdf")) == [[] for _ in ROLES["role_briefs"]]
    on_cards = _brief_pages(output(pack, "case-cards.pdf"))
    assert all(len(found) == 1 for found in on_cards), on_cards
    assert len({found[0] for found in on_cards}) == len(ROLES["role_briefs"])  # no two briefs share a card


def test_without_case_cards_the_role_briefs_are_in_the_workbook_one_per_page(kitgen, tmp_path):
    from conftest import make_workspace
    kit = ROOT / "content" / "kits" / f"{KIT}.yaml"
    text = kit.read_text(encoding="utf-8").replace("outputs: [facilitator-guide, participant-workbook, case-cards, slides]",
                                                   "outputs: [facilitator-guide, participant-workbook]")
    ws = make_workspace(tmp_path / "ws", {f"content/kits/{KIT}.yaml": text}, root="material")
    result = kitgen("build", "-C", ws, "--only", "participant-workbook")
    assert result.code == 0, result.text
    found = _brief_pages(ws / "build" / KIT / f"{KIT}-participant-workbook.pdf")
    assert all(len(pages) == 1 for pages in found), found
    assert len({pages[0] for pages in found}) == len(ROLES["role_briefs"])  # one brief per page


def test_escaped_braces_print_as_typed(pack):
    for name in ("facilitator-guide.pdf", "participant-workbook.pdf"):
        text = " ".join(page_texts(output(pack, name)))
        assert "where you write {{ name }}; the braces print" in text, name
        assert "\\{{" not in text


def test_both_topics_content_is_in_the_pack(pack):
    guide = " ".join(page_texts(output(pack, "facilitator-guide.pdf")))
    workbook = " ".join(page_texts(output(pack, "participant-workbook.pdf")))
    for text in (SORT["title"], WHYS["title"], words(WHYS["summary"])):
        assert text in guide and text in workbook, text
    assert WHYS["title"] in " ".join(page_texts(output(pack, "case-cards.pdf")))


def test_a_step_worked_in_pairs_says_so_in_the_run_sheet_and_its_notes(pack):
    step = next(s for s in SORT["steps"] if s.get("grouping") == "pairs")
    block = guide_block(pack, SORT["title"])
    row = block[block.index(step["title"]):]
    assert row.index("In pairs") < row.index(SORT["steps"][-1]["title"]), row[:300]
    notes = next(s.notes_slide.notes_text_frame.text for s in deck(pack).slides
                 if s.shapes.title is not None and s.shapes.title.text.endswith(step["title"]))
    assert "In pairs" in notes and "Individually" not in notes, notes


def test_the_print_order_prints_a_set_of_role_cards_for_every_trio_that_plays(kitgen, tmp_path):
    """10 people: 3 breakout groups of up to 4 read the case, but the role play runs in 4 trios, whose
    briefs are printed with the case cards: the cards are printed 4 times, not 3."""
    import json
    from conftest import make_workspace
    kit = ROOT / "content" / "kits" / f"{KIT}.yaml"
    ws = make_workspace(tmp_path / "ws", {f"content/kits/{KIT}.yaml": kit.read_text(encoding="utf-8").replace(
        "outputs: [facilitator-guide, participant-workbook, case-cards, slides]",
        "participants: 10\noutputs: [participant-workbook, case-cards, print-order-json]")}, root="material")
    result = kitgen("build", "-C", ws)
    assert result.code == 0, result.text
    order = json.loads((ws / "build" / KIT / f"{KIT}-print-order.json").read_text(encoding="utf-8"))
    cards = next(f for f in order["files"] if f["output"] == "case-cards")
    assert (order["groups"], cards["copies"]) == (3, 4), order


def test_a_block_slides_text_comes_before_its_points_in_the_guide_as_on_the_slide(tmp_path, kitgen):
    """A block slide's `text` leads into its `points`: the deck sets it above the bullets, and the
    guide's list of the block's slides gives it in the same order."""
    from pptx import Presentation
    ws = Path(shutil.copytree(ROOT, tmp_path / "ws"))
    block = ws / "content/topics/motivation/blocks/do-no-harm.yaml"
    block.write_text(block.read_text(encoding="utf-8").replace(
        "  - title: Demotivating habits\n", "  - title: Demotivating habits\n    text: Three habits we all slip into.\n"),
        encoding="utf-8")
    result = kitgen("build", KIT, "-C", ws, "--only", "facilitator-guide,slides", "--format", "html", "--out", ws / "html")
    assert result.code == 0, result.text
    guide = (ws / "html" / KIT / f"{KIT}-facilitator-guide.html").read_text(encoding="utf-8")
    guide = guide[guide.index('<p class="term">Demotivating habits'):]  # the slide's entry in the block's list
    assert guide.index("Three habits we all slip into.") < guide.index("Taking over the keyboard")
    result = kitgen("build", KIT, "-C", ws, "--only", "slides")
    assert result.code == 0, result.text
    prs = Presentation(str(ws / "build" / KIT / f"{KIT}-slides.pptx"))
    slide = next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text == "Demotivating habits")
    text = "\n".join(sh.text_frame.text for sh in slide.placeholders if sh.has_text_frame and sh != slide.shapes.title)
    assert text.index("Three habits we all slip into.") < text.index("Taking over the keyboard")
