"""Text fitting (kitgen.deck.fit) and the built-in deck template (kitgen.deck.template)."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from kitgen.deck.fit import (
    EMU_PER_PT,
    INSET_Y_EMU,
    LEVEL_MARGINS_EMU,
    LINE_FACTOR,
    SPACE_BEFORE,
    FitResult,
    Para,
    find_font,
    fit_paragraphs,
    measure_height,
    text_width_pt,
)
from kitgen.deck.template import (
    BUILTIN_TEMPLATE,
    LAYOUT_NAMES,
    apply_theme,
    describe_template,
    get_layout,
    layout_map,
    open_template,
    text_style,
)

CARLITO = find_font("Carlito")
needs_carlito = pytest.mark.skipif(CARLITO is None, reason="Carlito not installed: run scripts/setup-system.sh")

# The built-in Content layout's body placeholder.
BODY_W, BODY_H = 10820400, 4343400
WORDS = ("facilitator participants conversation listening understanding feedback practice "
         "reflect difficult outcome a an is to in we they assumptions emotions").split()
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
REPO = Path(__file__).resolve().parent.parent


def words(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def bullets(count: int, n_words: int) -> list[Para]:
    return [Para([(words(n_words, seed=i), False, False)]) for i in range(count)]


# --------------------------------------------------------------------------- measuring


@needs_carlito
def test_widths_come_from_the_font_file() -> None:
    from fontTools.ttLib import TTFont

    with TTFont(CARLITO.path, lazy=True) as tt:
        upem = tt["head"].unitsPerEm
        advance_m = tt["hmtx"][tt.getBestCmap()[ord("M")]][0]
    assert text_width_pt("MMMM", 100, "Carlito") == pytest.approx(4 * advance_m * 100 / upem, rel=1e-3)
    # Calibri is measured with its metric-compatible twin
    assert text_width_pt("Hello world", 24, "Calibri") == text_width_pt("Hello world", 24, "Carlito")
    assert text_width_pt("Hello world", 24, bold=True) > text_width_pt("Hello world", 24) > 0
    assert text_width_pt("iiii", 24) < text_width_pt("WWWW", 24)


@needs_carlito
def test_cjk_is_measured_with_a_cjk_font_and_wraps_without_spaces() -> None:
    text = "日本語の文章を書いてテストします" * 4  # 64 ideographs/kana, no spaces
    assert text_width_pt("日本語", 10) == pytest.approx(30, rel=0.05)  # full-width: 1 em each
    para = [Para([(text, False, False)])]
    one_line = measure_height([Para([("日本", False, False)])], BODY_W, 20)
    narrow = measure_height(para, 3 * 914400, 20, indents=(0,))
    lines = round((narrow - 2 * INSET_Y_EMU) / (LINE_FACTOR * 20 * EMU_PER_PT))
    # 64 em at 20 pt = 1280 pt of text in a 2.8 in (201.6 pt) line: at least 7 lines
    assert narrow > one_line and lines >= 7


@needs_carlito
def test_height_model_lines_and_paragraph_spacing() -> None:
    size = 20
    paras = [Para([("Short", False, False)]) for _ in range(5)]
    expected_pt = 5 * LINE_FACTOR * size + 4 * SPACE_BEFORE * size
    got = measure_height(paras, BODY_W, size)
    assert got == pytest.approx(expected_pt * EMU_PER_PT + 2 * INSET_Y_EMU, abs=2)
    # a line break inside a paragraph adds a line but no paragraph spacing
    broken = measure_height([Para([("one\ntwo", False, False)])], BODY_W, size)
    assert broken == pytest.approx(2 * LINE_FACTOR * size * EMU_PER_PT + 2 * INSET_Y_EMU, abs=2)


@needs_carlito
def test_wrapping_follows_the_box_width() -> None:
    para = [Para([(words(60), False, False)])]
    wide = measure_height(para, BODY_W, 24)
    narrow = measure_height(para, BODY_W // 2, 24)
    assert narrow > wide
    line = LINE_FACTOR * 24 * EMU_PER_PT
    text_pt = text_width_pt(words(60), 24)
    usable_pt = (BODY_W - 2 * 91440 - 342900) / EMU_PER_PT
    min_lines = -(-text_pt // usable_pt)
    assert (wide - 2 * INSET_Y_EMU) / line >= min_lines


# --------------------------------------------------------------------------- fitting


@needs_carlito
def test_short_list_fits_at_max_size_on_one_page() -> None:
    paras = [Para([("Welcome and objectives", False, False)]),
             Para([("Why conversations go ", False, False), ("wrong", True, False)]),
             Para([("Practice in trios", False, True)], level=1)]
    result = fit_paragraphs(paras, BODY_W, BODY_H, "Calibri", 28, 14)
    assert isinstance(result, FitResult)
    assert (result.size_pt, len(result.pages), result.overflow) == (28, 1, False)
    assert result.pages[0] == paras
    assert result.note is None and result.font_family == "Calibri"


@needs_carlito
def test_many_long_bullets_split_into_pages_that_each_fit() -> None:
    paras = bullets(30, 28)
    result = fit_paragraphs(paras, BODY_W, BODY_H, "Calibri", 28, 14)
    assert result.size_pt == 14 and not result.overflow
    assert len(result.pages) > 1
    assert [p for page in result.pages for p in page] == paras  # order kept, nothing lost
    for page in result.pages:
        assert page
        assert measure_height(page, BODY_W, 14, "Calibri") <= BODY_H
    # no fewer pages are possible: greedy packing is optimal for the page count
    greedy, page = 0, []
    for para in paras:
        if page and measure_height(page + [para], BODY_W, 14, "Calibri") > BODY_H:
            greedy, page = greedy + 1, []
        page.append(para)
    assert len(result.pages) == greedy + 1


@needs_carlito
def test_continuation_pages_are_balanced() -> None:
    per_page = len(fit_paragraphs(bullets(30, 28), BODY_W, BODY_H, "Calibri", 28, 14).pages[0])
    paras = bullets(per_page + 1, 28)  # greedy packing would leave a one-bullet stub
    result = fit_paragraphs(paras, BODY_W, BODY_H, "Calibri", 28, 14)
    assert len(result.pages) == 2
    assert sorted(len(page) for page in result.pages) == [(per_page + 1) // 2, (per_page + 2) // 2]
    assert all(h <= BODY_H for h in result.page_heights_emu)


@needs_carlito
def test_longer_text_gets_a_smaller_size() -> None:
    short = fit_paragraphs([Para([(words(10), False, False)])], BODY_W, BODY_H, "Calibri", 40, 12)
    long = fit_paragraphs([Para([(words(400), False, False)])], BODY_W, BODY_H, "Calibri", 40, 12)
    assert short.size_pt == 40
    assert long.size_pt < short.size_pt
    assert len(long.pages) == 1 and not long.overflow
    assert measure_height(long.pages[0], BODY_W, long.size_pt) <= BODY_H
    # the chosen size is the largest that fits
    assert measure_height(long.pages[0], BODY_W, long.size_pt + 2) > BODY_H


@needs_carlito
def test_bold_text_takes_more_room() -> None:
    text = words(200, seed=3)
    regular = fit_paragraphs([Para([(text, False, False)])], BODY_W, BODY_H, "Calibri", 40, 12)
    bold = fit_paragraphs([Para([(text, True, False)])], BODY_W, BODY_H, "Calibri", 40, 12)
    assert measure_height(bold.pages[0], BODY_W, 20) > measure_height(regular.pages[0], BODY_W, 20)
    assert bold.size_pt <= regular.size_pt


@needs_carlito
def test_a_paragraph_too_long_for_one_slide_overflows_on_its_own_page() -> None:
    paras = [Para([("Intro", False, False)]), Para([(words(3000), False, False)]),
             Para([("Outro", False, False)])]
    result = fit_paragraphs(paras, BODY_W, BODY_H, "Calibri", 28, 14)
    assert result.overflow and result.size_pt == 14
    assert [paras[1]] in result.pages
    assert [p for page in result.pages for p in page] == paras


@needs_carlito
def test_unknown_font_family_falls_back_to_carlito_and_says_so() -> None:
    paras = bullets(12, 20)
    result = fit_paragraphs(paras, BODY_W, BODY_H, "No Such Font Family 123", 28, 14)
    assert result.font_family == "Carlito"
    assert result.note and "No Such Font Family 123" in result.note
    same = fit_paragraphs(paras, BODY_W, BODY_H, "Carlito", 28, 14)
    assert (result.size_pt, len(result.pages)) == (same.size_pt, len(same.pages))


def test_bad_size_range_is_rejected() -> None:
    with pytest.raises(ValueError):
        fit_paragraphs(bullets(1, 3), BODY_W, BODY_H, None, 12, 20)


@needs_carlito
def test_fitting_a_40_slide_deck_is_fast() -> None:
    fit_paragraphs(bullets(1, 3), BODY_W, BODY_H, "Calibri", 28, 14)  # load fonts once
    decks = [[Para([(words(8 + (i * 7 + j * 13) % 35, seed=1000 * i + j), j % 3 == 0, False)], j % 2)
              for j in range(3 + i % 10)] for i in range(40)]
    start = time.perf_counter()
    for paras in decks:
        fit_paragraphs(paras, BODY_W, BODY_H, "Calibri", 28, 14)
    assert time.perf_counter() - start < 0.5


# --------------------------------------------------------------------------- template

EXPECTED_IDX = {
    "Title": {0, 1, 2},
    "Section": {0, 1},
    "Content": {0, 1, 11, 12},
    "Two Content": {0, 1, 2, 11, 12},
    "Quote": {0, 1, 2, 11, 12},
    "Agenda": {0, 1, 2, 12},
    "Closing": {0, 1},
}


def test_builtin_template_has_the_named_layouts_each_with_a_title() -> None:
    prs = Presentation(str(BUILTIN_TEMPLATE))
    assert [layout.name for layout in prs.slide_layouts] == list(LAYOUT_NAMES)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    for name in LAYOUT_NAMES:
        layout = prs.slide_layouts.get_by_name(name)
        assert layout is not None, name
        phs = {ph.placeholder_format.idx: ph for ph in layout.placeholders}
        assert set(phs) == EXPECTED_IDX[name], name
        assert phs[0].placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        for ph in phs.values():  # inside the slide, clear of the edges
            assert ph.left >= 0.5 * 914400 and ph.top >= 0.4 * 914400, (name, ph.name)
            assert ph.left + ph.width <= prs.slide_width - 0.5 * 914400, (name, ph.name)
            assert ph.top + ph.height <= prs.slide_height - 0.2 * 914400, (name, ph.name)


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
    prs = open_template()
    before = _saved_theme(prs)
    assert before.find(f"{A}themeElements/{A}fontScheme/{A}majorFont/{A}latin").get("typeface") == "Calibri"
    assert before.find(f"{A}themeElements/{A}fontScheme/{A}minorFont/{A}latin").get("typeface") == "Calibri"
    assert _slot(before, "accent1") != "C0392B"

    apply_theme(prs, "#c0392b", "#2ECC71", "Noto Sans")
    prs.slides.add_slide(get_layout(prs, "Content")).shapes.title.text = "Themed"
    after = _saved_theme(prs)
    assert _slot(after, "accent1") == "C0392B"
    assert _slot(after, "accent2") == "2ECC71"
    dk2 = _slot(after, "dk2")
    assert dk2 != _slot(before, "dk2") and int(dk2[:2], 16) <= 0xC0  # a dark shade of the primary
    fonts = after.find(f"{A}themeElements/{A}fontScheme")
    assert {fonts.find(f"{A}{w}/{A}latin").get("typeface") for w in ("majorFont", "minorFont")} == {"Noto Sans"}

    with pytest.raises(ValueError):
        apply_theme(prs, "red", "#2ECC71", None)


def test_layout_map_for_builtin_and_default_templates() -> None:
    assert layout_map(open_template()) == {name: name for name in LAYOUT_NAMES}
    default = layout_map(Presentation())
    assert default["Title"] == "Title Slide"
    assert default["Content"] == "Title and Content"
    assert default["Section"] == "Section Header"
    assert default["Two Content"] == "Two Content"
    assert default["Quote"] == "Title and Content"  # no quote layout: borrow Content's
    assert set(default) == set(LAYOUT_NAMES)


def test_text_style_resolves_the_template_styles() -> None:
    prs = open_template()
    body = text_style(get_layout(prs, "Content"), 1)
    assert (body.size_pt, body.space_before, body.line_spacing) == (24, 0.5, 1.0)
    assert body.indents == LEVEL_MARGINS_EMU
    title = text_style(get_layout(prs, "Content"), 0)
    assert (title.size_pt, title.bold, title.line_spacing, title.indents[0]) == (36, True, 0.9, 0)
    quote = text_style(get_layout(prs, "Quote"), 1)
    assert quote.italic and quote.size_pt == 32 and quote.indents[0] == 0
    agenda = text_style(get_layout(prs, "Agenda"), 1)
    assert agenda.indents[0] == 502920 and agenda.space_before == 0.6
    # python-pptx's default template: 32 pt body with 20 % space before
    default = text_style(get_layout(Presentation(), "Content"), 1)
    assert (default.size_pt, default.space_before) == (32, 0.2)


def test_describe_template_lists_layouts_and_placeholders() -> None:
    described = describe_template(BUILTIN_TEMPLATE)
    assert [d["name"] for d in described] == list(LAYOUT_NAMES)
    content = described[LAYOUT_NAMES.index("Content")]
    body = next(p for p in content["placeholders"] if p["idx"] == 1)
    assert (body["width"], body["height"]) == (BODY_W, BODY_H)
    assert body["type"] == "BODY" and body["size"] == "11.83 x 4.75 in"
