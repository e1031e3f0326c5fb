"""The deck template: the built-in one and the script that makes it, theming, text styles read through
the master, and the one place a layout is chosen for each slide kind (kitgen.deck.template)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from kitgen.deck.describe import describe_template
from kitgen.deck.kinds import BUILTIN_LAYOUTS, SLIDE_KINDS
from kitgen.deck.layout_reader import text_style
from kitgen.deck.choose import choose_layouts
from kitgen.deck.template import BUILTIN_TEMPLATE, DeckTemplate, open_template, resolve_layouts
from kitgen.deck.textbox import LEVEL_MARGINS
from kitgen.deck.theme import apply_theme
from kitgen.errors import ContentError

# The built-in Content layout's body placeholder.
BODY_W, BODY_H = 10820400, 4343400
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
REPO = Path(__file__).resolve().parent.parent

EXPECTED_IDX = {
    "Title": {0, 1, 2},
    "Section": {0, 1},
    "Content": {0, 1, 11, 12},
    "Two Content": {0, 1, 2, 11, 12},
    "Quote": {0, 1, 2, 11, 12},
    "Agenda": {0, 1, 2, 12},
    "Closing": {0, 1},
}


def _layout(prs, name: str):
    layout = prs.slide_layouts.get_by_name(name)
    assert layout is not None, name
    return layout


def test_builtin_template_has_one_layout_per_slide_kind_each_with_a_title() -> None:
    prs = Presentation(str(BUILTIN_TEMPLATE))
    assert [layout.name for layout in prs.slide_layouts] == list(BUILTIN_LAYOUTS)
    assert [kind.layout for kind in SLIDE_KINDS.values()] == list(BUILTIN_LAYOUTS)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    for name in BUILTIN_LAYOUTS:
        phs = {ph.placeholder_format.idx: ph for ph in _layout(prs, name).placeholders}
        assert set(phs) == EXPECTED_IDX[name], name
        assert phs[0].placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        for ph in phs.values():  # inside the slide, clear of the edges
            assert ph.left >= 0.5 * 914400 and ph.top >= 0.4 * 914400, (name, ph.name)
            assert ph.left + ph.width <= prs.slide_width - 0.5 * 914400, (name, ph.name)
            assert ph.top + ph.height <= prs.slide_height - 0.2 * 914400, (name, ph.name)


def test_builtin_template_has_a_text_box_for_every_slot_of_its_kind() -> None:
    prs = open_template()
    for kind in SLIDE_KINDS.values():
        bodies = [ph for ph in _layout(prs, kind.layout).placeholders
                  if ph.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.SUBTITLE)]
        assert len(bodies) == len(kind.slots), kind.name


def test_builtin_template_package_is_clean() -> None:
    with zipfile.ZipFile(BUILTIN_TEMPLATE) as zf:
        assert zf.testzip() is None
        names = set(zf.namelist())
        types = etree.fromstring(zf.read("[Content_Types].xml"))
    overrides = {el.get("PartName").lstrip("/") for el in types if el.get("PartName")}
    assert overrides <= names  # no override for a removed part
    layouts = sorted(n for n in names if n.startswith("ppt/slideLayouts/slideLayout"))
    assert layouts == [f"ppt/slideLayouts/slideLayout{i}.xml" for i in range(1, 8)]
    assert not any("thumbnail" in n or "printerSettings" in n for n in names | overrides)


def test_builtin_template_is_what_the_script_builds(tmp_path: Path) -> None:
    out = tmp_path / "kitgen.pptx"
    subprocess.run([sys.executable, str(REPO / "tools" / "make_deck_template.py"), "--out", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == BUILTIN_TEMPLATE.read_bytes()


# --------------------------------------------------------------------------- theme


def _saved_theme(prs) -> etree._Element:
    buf = io.BytesIO()
    prs.save(buf)
    with zipfile.ZipFile(buf) as zf:
        types = etree.fromstring(zf.read("[Content_Types].xml"))
        name = next(el.get("PartName") for el in types if el.get("ContentType", "").endswith("theme+xml"))
        return etree.fromstring(zf.read(name.lstrip("/")))


def _slot(theme: etree._Element, slot: str) -> str:
    return theme.find(f"{A}themeElements/{A}clrScheme/{A}{slot}/{A}srgbClr").get("val")


def test_apply_theme_changes_the_saved_theme() -> None:
    from kitgen.colour import contrast
    prs = open_template()
    before = _saved_theme(prs)
    assert before.find(f"{A}themeElements/{A}fontScheme/{A}majorFont/{A}latin").get("typeface") == "Calibri"
    assert before.find(f"{A}themeElements/{A}fontScheme/{A}minorFont/{A}latin").get("typeface") == "Calibri"
    assert _slot(before, "accent1") != "C0392B"

    apply_theme(prs, "#c0392b", "#2ECC71", "Noto Sans")
    prs.slides.add_slide(_layout(prs, "Content")).shapes.title.text = "Themed"
    after = _saved_theme(prs)
    assert _slot(after, "accent1") == "C0392B"
    assert _slot(after, "accent2") == "2ECC71"
    dk2 = _slot(after, "dk2")
    assert dk2 != _slot(before, "dk2") and contrast(dk2, "FFFFFF") >= 7  # a shade dark enough for white text
    assert contrast(_slot(after, "hlink"), "FFFFFF") >= 4.5  # links readable on white
    fonts = after.find(f"{A}themeElements/{A}fontScheme")
    assert {fonts.find(f"{A}{w}/{A}latin").get("typeface") for w in ("majorFont", "minorFont")} == {"Noto Sans"}

    with pytest.raises(ValueError):
        apply_theme(prs, "red", "#2ECC71", None)


# --------------------------------------------------------------------------- text styles


def test_text_style_resolves_the_template_styles() -> None:
    prs = open_template()
    body = text_style(_layout(prs, "Content"), 1)
    assert (body.size_pt, body.space_before, body.line_spacing) == (24, 0.5, 1.0)
    assert body.indents == LEVEL_MARGINS
    title = text_style(_layout(prs, "Content"), 0)
    assert (title.size_pt, title.bold, title.line_spacing, title.indents[0]) == (36, True, 0.9, 0)
    quote = text_style(_layout(prs, "Quote"), 1)
    assert quote.italic and quote.size_pt == 32 and quote.indents[0] == 0
    agenda = text_style(_layout(prs, "Agenda"), 1)
    assert agenda.indents[0] == 502920 and agenda.space_before == 0.6
    # python-pptx's default template: 32 pt body with 20 % space before
    default = text_style(_layout(Presentation(), "Title and Content"), 1)
    assert (default.size_pt, default.space_before) == (32, 0.2)


# --------------------------------------------------------------------------- choosing layouts


def _chosen(prs, mapping=None) -> dict[str, str]:
    return {kind: choice.layout.name for kind, choice in choose_layouts(prs, mapping or {}).items()}


def test_layouts_chosen_for_builtin_and_default_templates() -> None:
    assert _chosen(open_template()) == {kind.name: kind.layout for kind in SLIDE_KINDS.values()}
    default = _chosen(Presentation())
    assert default["title"] == "Title Slide"
    assert default["content"] == "Title and Content"
    assert default["section"] == "Section Header"
    assert default["two-content"] == "Two Content"  # typed twoObj, over the four-box Comparison
    assert default["quote"] == "Title and Content"  # no quote layout: a content layout
    assert default["closing"] == "Section Header"
    assert set(default) == set(SLIDE_KINDS)


def test_choose_layouts_says_why() -> None:
    builtin = choose_layouts(open_template(), {})
    assert builtin["quote"].why.startswith("named for quote slides ('Quote')")
    assert builtin["content"].why == "named for content slides ('Content'); content layout: type obj"
    chosen = choose_layouts(Presentation(), {"quote": "title only", "agenda": "Big Statement"})
    assert chosen["quote"].layout.name == "Title Only" and chosen["quote"].why == "kit deck.layouts"
    assert chosen["agenda"].layout is None and "no layout 'Big Statement'" in chosen["agenda"].why
    assert chosen["content"].why == "content layout: type obj"
    assert chosen["closing"].why == "section layout: type secHead"


def test_resolve_layouts_reports_every_problem_at_once() -> None:
    template = DeckTemplate(Presentation(), "plain.pptx", False)
    with pytest.raises(ContentError) as info:
        resolve_layouts(template, {"agenda": "Big Statement", "bogus": "Title Only", "quote": "Blank"},
                        list(SLIDE_KINDS))
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 3, messages
    assert "no layout named 'Big Statement'" in messages[0] and "'Title Slide'" in messages[0]
    assert messages[1] == "no slide kind 'bogus'"
    assert "'Blank'" in messages[2] and "has no title placeholder" in messages[2]
    layouts = resolve_layouts(template, {"quote": "Title Only"}, ["title", "quote"])
    assert {k: v.name for k, v in layouts.items()} == {"quote": "Title Only", "title": "Title Slide"}


def test_describe_template_lists_layouts_and_placeholders() -> None:
    described = describe_template(open_template())
    assert [d["name"] for d in described] == list(BUILTIN_LAYOUTS)
    content = described[BUILTIN_LAYOUTS.index("Content")]
    assert content["role"] == "content" and content["kinds"] == ["content"]
    body = next(p for p in content["placeholders"] if p["idx"] == 1)
    assert (body["width"], body["height"]) == (BODY_W, BODY_H)
    assert body["type"] == "body" and body["size"] == "11.83 x 4.75 in"
    layouts = {d["name"]: d for d in describe_template(Presentation())}
    assert layouts["Title and Content"]["kinds"] == ["content", "quote", "agenda"]
    assert layouts["Blank"]["role"] is None and layouts["Blank"]["kinds"] == []
    assert layouts["Content with Caption"]["role"] is None  # a caption layout: kitgen fills none of its kind
