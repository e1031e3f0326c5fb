"""Measuring slide text with real font metrics (kitgen.deck.measure), flowing it into boxes and onto
continuation slides (kitgen.deck.flow), and the one size search both use."""

from __future__ import annotations

from dataclasses import replace
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kitgen.deck.flow import flow
from kitgen.deck.geometry import TextStyle
from kitgen.deck.lines import BULLET, TEXT, Line
from kitgen.deck.measure import (
    EMU_PER_PT,
    INSET_X_EMU,
    INSET_Y_EMU,
    LINE_FACTOR,
    candidate_sizes,
    fits,
    font_note,
    height_emu,
    largest,
    text_width_pt,
)
from kitgen.deck.textbox import LEVEL_MARGINS, TextBox
from kitgen.fonts import find_font
from kitgen.markup import Run

CARLITO = find_font("Carlito")
needs_carlito = pytest.mark.skipif(CARLITO is None, reason="Carlito not installed: run scripts/setup-system.sh")

# The built-in Content layout's body placeholder.
BODY_W, BODY_H = 10820400, 4343400
SPACE_BEFORE = 0.5
BODY_STYLE = TextStyle(24, LEVEL_MARGINS, SPACE_BEFORE, 1.0, False, False)
WORDS = ("facilitator participants conversation listening understanding feedback practice "
         "reflect difficult outcome a an is to in we they assumptions emotions").split()


def words(n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n))


def bullet(text: str, bold: bool = False, italic: bool = False, depth: int = 0) -> Line:
    return Line([Run(text, bold, italic)], BULLET, depth)


def bullets(count: int, n_words: int) -> list[Line]:
    return [bullet(words(n_words, seed=i)) for i in range(count)]


def box(width: int = BODY_W, height: int = BODY_H, font: str | None = "Calibri", max_pt: int = 28,
        floor_pt: int = 14) -> TextBox:
    return TextBox(width, height, BODY_STYLE, font, max_pt, floor_pt)


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
    one_line = height_emu([bullet("日本")], box(), 20)
    narrow = height_emu([Line([Run(text)], TEXT)], box(width=3 * 914400), 20)
    lines = round((narrow - 2 * INSET_Y_EMU) / (LINE_FACTOR * 20 * EMU_PER_PT))
    # 64 em at 20 pt = 1280 pt of text in a 2.8 in (201.6 pt) line: at least 7 lines
    assert narrow > one_line and lines >= 7


@needs_carlito
def test_height_model_lines_and_paragraph_spacing() -> None:
    size = 20
    expected_pt = 5 * LINE_FACTOR * size + 4 * SPACE_BEFORE * size
    assert height_emu([bullet("Short")] * 5, box(), size) == pytest.approx(expected_pt * EMU_PER_PT + 2 * INSET_Y_EMU, abs=2)
    # a line break inside a paragraph adds a line but no paragraph spacing
    broken = height_emu([bullet("one\ntwo")], box(), size)
    assert broken == pytest.approx(2 * LINE_FACTOR * size * EMU_PER_PT + 2 * INSET_Y_EMU, abs=2)
    # a line spacing of 0.9 (the built-in titles) makes every line shorter
    tight = TextBox(BODY_W, BODY_H, TextStyle(24, LEVEL_MARGINS, SPACE_BEFORE, 0.9, False, False), "Calibri", 28, 14)
    assert height_emu([bullet("one\ntwo")], tight, size) < broken


@needs_carlito
def test_wrapping_follows_the_box_width_and_the_margin() -> None:
    text = words(60)
    wide = height_emu([bullet(text)], box(), 24)
    narrow = height_emu([bullet(text)], box(width=BODY_W // 2), 24)
    assert narrow > wide
    line = LINE_FACTOR * 24 * EMU_PER_PT
    usable_pt = (BODY_W - 2 * INSET_X_EMU - LEVEL_MARGINS[0]) / EMU_PER_PT
    assert (wide - 2 * INSET_Y_EMU) / line >= -(-text_width_pt(text, 24) // usable_pt)
    # prose at the left edge (no bullet margin) never takes more lines than the same text as a bullet
    assert height_emu([Line([Run(text)], TEXT)], box(), 24) <= wide


@needs_carlito
def test_bold_text_takes_more_room() -> None:
    text = words(200, seed=3)
    assert height_emu([bullet(text, bold=True)], box(), 20) > height_emu([bullet(text)], box(), 20)


@needs_carlito
def test_unknown_font_family_is_measured_with_carlito_and_says_so() -> None:
    assert "No Such Font Family 123" in font_note("No Such Font Family 123")
    assert font_note("Carlito") is None and font_note("Calibri") is None
    lines = bullets(12, 20)
    unknown = flow(lines, box(font="No Such Font Family 123"), "test")
    same = flow(lines, box(font="Carlito"), "test")
    assert [(p.size, len(p.lines)) for p in unknown.pages] == [(p.size, len(p.lines)) for p in same.pages]


# --------------------------------------------------------------------------- the one search


def test_candidate_sizes_step_down_to_the_floor() -> None:
    assert candidate_sizes(28, 14) == [28, 26, 24, 22, 20, 18, 16, 14]
    assert candidate_sizes(25, 18) == [25, 23, 21, 19, 18]
    assert candidate_sizes(18, 18) == [18]
    with pytest.raises(ValueError):
        candidate_sizes(12, 20)


@given(st.lists(st.integers(1, 400), min_size=1, max_size=60, unique=True), st.integers(0, 401))
def test_largest_finds_what_a_scan_finds_with_few_questions(sizes: list[int], threshold: int) -> None:
    sizes = sorted(sizes, reverse=True)
    asked: list[int] = []

    def fits_at(size: int) -> bool:
        asked.append(size)
        return size <= threshold

    assert largest(sizes, fits_at) == next((s for s in sizes if s <= threshold), None)
    assert len(asked) <= 2 + math.ceil(math.log2(len(sizes)))  # the first size, then a bisection


@needs_carlito
def test_most_text_is_sized_with_a_single_measurement() -> None:
    asked: list[int] = []
    lines = [bullet("Welcome and objectives")]
    assert largest(candidate_sizes(28, 14), lambda s: asked.append(s) or fits(lines, box(), s)) == 28
    assert asked == [28]


# --------------------------------------------------------------------------- flowing


@needs_carlito
def test_short_list_fits_at_max_size_on_one_page() -> None:
    lines = [bullet("Welcome and objectives"),
             Line([Run("Why conversations go "), Run("wrong", bold=True)], BULLET),
             bullet("Practice in trios", italic=True, depth=1)]
    result = flow(lines, box(), "test")
    assert [(p.size, p.lines, p.overflow) for p in result.pages] == [(28, lines, False)]
    assert result.problems == []


@needs_carlito
def test_many_long_bullets_continue_on_pages_that_each_fit() -> None:
    lines = bullets(30, 28)
    result = flow(lines, box(), "test")
    assert len(result.pages) > 1 and result.problems == []
    assert [ln for page in result.pages for ln in page.lines] == lines  # order kept, nothing lost
    for page in result.pages:
        assert page.lines and not page.overflow and page.size >= 14
        assert height_emu(page.lines, box(), page.size) <= BODY_H
    # no fewer pages are possible: greedy packing at the floor is optimal for the page count
    greedy, page = 0, []
    for line in lines:
        if page and height_emu(page + [line], box(), 14) > BODY_H:
            greedy, page = greedy + 1, []
        page.append(line)
    assert len(result.pages) == greedy + 1
    # every page at one size, the largest that needs no more slides
    size = result.pages[0].size
    assert {p.size for p in result.pages} == {size} and size < 28
    larger = flow(lines, box(floor_pt=size + 2, max_pt=size + 2), "test")
    assert len(larger.pages) > len(result.pages) or any(p.overflow for p in larger.pages)


@needs_carlito
def test_continuation_pages_are_balanced() -> None:
    at_floor = box(max_pt=14, floor_pt=14)
    per_page = len(flow(bullets(30, 28), at_floor, "test").pages[0].lines)
    lines = bullets(per_page + 1, 28)  # greedy packing would leave a one-bullet stub
    result = flow(lines, at_floor, "test")
    assert len(result.pages) == 2
    assert sorted(len(page.lines) for page in result.pages) == [(per_page + 1) // 2, (per_page + 2) // 2]


@needs_carlito
def test_an_item_stays_with_its_sub_items() -> None:
    lines = []
    for i in range(8):
        lines += [bullet(words(20, seed=i)), bullet(words(12, seed=100 + i), depth=1)]
    result = flow(lines, box(), "test")
    assert len(result.pages) > 1
    for page in result.pages:
        assert page.lines[0].depth == 0  # no page starts with an orphaned sub-item


@needs_carlito
def test_longer_text_gets_a_smaller_size() -> None:
    short = flow([bullet(words(10))], box(max_pt=40, floor_pt=12), "test")
    long = flow([bullet(words(400))], box(max_pt=40, floor_pt=12), "test")
    assert short.pages[0].size == 40
    assert len(long.pages) == 1 and not long.pages[0].overflow
    size = long.pages[0].size
    assert size < 40 and fits(long.pages[0].lines, box(), size)
    assert not fits(long.pages[0].lines, box(), size + 2)  # the largest that fits


@needs_carlito
def test_a_paragraph_too_long_for_one_slide_is_set_smaller_on_its_own_page() -> None:
    lines = [bullet("Intro"), Line([Run(words(3000))], BULLET, source="topic.long item 2"), bullet("Outro")]
    result = flow(lines, box(), "test")
    assert [ln for page in result.pages for ln in page.lines] == lines
    alone = next(page for page in result.pages if lines[1] in page.lines)
    assert alone.lines == [lines[1]] and alone.overflow and alone.size < 14
    assert result.problems and result.problems[0].startswith("topic.long item 2: too long for one slide")


@needs_carlito
def test_a_text_that_does_not_continue_stays_on_one_page() -> None:
    result = flow(bullets(30, 28), box(), "slide 'title'", paginate=False)
    assert len(result.pages) == 1 and result.pages[0].overflow
    assert result.problems and result.problems[0].startswith("slide 'title': too long for one slide")


def test_helvetica_neue_is_measured_wider_than_helvetica():
    """Helvetica Neue sets text wider than Helvetica (whose metric twin is Liberation Sans): where it is
    not installed, it is measured with a wider font, without a note (it is common on Mac templates)."""
    from PIL import ImageFont

    from kitgen.fonts import measuring_font

    def width(family: str) -> float:
        font = measuring_font(family).file
        return ImageFont.truetype(font.path, 100, index=font.index).getlength("Which decisions did the team revisit?")

    if find_font("Helvetica Neue") is not None:
        pytest.skip("Helvetica Neue is installed here")
    assert measuring_font("Helvetica Neue").note is None
    assert width("Helvetica Neue") > 1.03 * width("Helvetica")


@needs_carlito
def test_a_word_is_never_broken_inside_when_a_smaller_size_keeps_it_whole():
    """A narrow title box: "(continued)" fits its height on three lines at 40 pt only by breaking the
    word, so it is set smaller, where the word stays whole; a bold style measures every run bold."""
    from kitgen.deck.flow import flow
    from kitgen.deck.measure import breaks_a_word
    title = [Line([Run("Agenda"), Run(" "), Run("(continued)")], TEXT)]
    bold = TextStyle(40, LEVEL_MARGINS, 0.0, 0.9, True, False)
    narrow = TextBox(int(2.86 * 914400), int(2.6 * 914400), bold, "Carlito", 40, 24)
    assert breaks_a_word(title, narrow, 40)
    assert not breaks_a_word(title, replace(narrow, style=replace(bold, bold=False)), 40)  # regular is narrower
    page = flow(title, narrow, "title", paginate=False).pages[0]
    assert page.size < 40 and not breaks_a_word(title, narrow, page.size)
    endless = [Line([Run("x" * 20)], TEXT)]  # no size keeps it whole: set as large as fits, as before
    assert flow(endless, narrow, "title", paginate=False).pages[0].size == 40


@needs_carlito
def test_an_item_stays_with_its_sub_item_set_smaller_rather_than_split_from_it() -> None:
    """A character's name (an item) and its description (the item's further paragraph) too tall together
    at the floor stay on one slide, set up to four points smaller, with a warning; only a group too tall
    even then is split, so a continued slide never shows a description without its name."""
    from kitgen.deck.flow import KEEP_BELOW_FLOOR
    from kitgen.deck.lines import CONT
    small = box(height=int(2.2 * 914400), width=int(5 * 914400))

    def group(n: int) -> list[Line]:
        return [Line([Run("Priya Raman", bold=True), Run(" — Data analyst")], BULLET),
                Line([Run(words(n, seed=n))], CONT)]
    kept = next(n for n in range(10, 400, 5) if not fits(group(n), small, 14)
                and fits(group(n), small, 14 - KEEP_BELOW_FLOOR))
    lines = group(kept) + [bullet("David Okafor — Chief Operating Officer")]
    result = flow(lines, small, "characters")
    assert any(page.lines[:2] == group(kept) for page in result.pages), [p.lines for p in result.pages]
    assert all(page.lines[0].kind != CONT for page in result.pages)  # no slide opens on a description
    assert result.problems and "set at" in result.problems[0]
    split = next(n for n in range(kept, 2000, 25) if not fits(group(n), small, 14 - KEEP_BELOW_FLOOR))
    assert any(page.lines[0].kind == CONT for page in flow(group(split), small, "characters").pages)
