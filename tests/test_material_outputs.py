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
