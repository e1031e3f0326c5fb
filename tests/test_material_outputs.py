"""The material workspace built once and read back: tables extract as tables with tagged header
cells, figures are drawn with their alt text in the structure tree."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent / "roots" / "material"
KIT = "teaching-day"
ALT = "Attendance falling from thirty learners in March to six in June"


@pytest.fixture(scope="session")
def pack(tmp_path_factory) -> Path:
    """The fixture kit's outputs, built once."""
    from kitgen.build import build
    from kitgen.request import Request
    ws = Path(shutil.copytree(ROOT, tmp_path_factory.mktemp("material") / "ws"))
    results = build(ws, Request(quiet=True, jobs=2))
    failed = [r for r in results if r.status == "failed"]
    assert not failed, [(r.output, r.error) for r in failed]
    return ws / "build" / KIT


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


def test_an_svg_figure_shows_its_alt_text_on_its_slide(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20"/></svg>'
    def edit(text: str) -> str:
        (tmp_path / "ws/assets/attendance.svg").write_text(svg, encoding="utf-8")
        return text.replace("assets/attendance.png", "assets/attendance.svg")
    prs, warnings = _slides_of(tmp_path, edit)
    texts = [sh.text_frame.text for s in prs.slides for sh in s.shapes if sh.has_text_frame]
    assert any(ALT in t for t in texts)
    assert any("slides show PNG, JPEG or GIF images" in w for w in warnings), warnings
