"""Text on an organization's template: measured with the font that draws it, titles at the template's
size, readable colours picked from the theme, and runs tagged with the language of their script."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

import template_fixtures as tf
from conftest import MINIMAL_KIT
from kitgen.colour import contrast
from kitgen.fonts import find_font, measuring_font

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


# --------------------------------------------------------------------------- fonts


@pytest.mark.parametrize("family, used", [("Verdana", "DejaVu Sans"), ("Arial", "Arial"), ("Calibri", "Calibri"),
                                          ("Roboto", "Roboto")])
def test_template_fonts_are_measured_with_a_font_of_their_widths(family, used):
    if find_font(used) is None:
        pytest.skip(f"{used} is not installed: run scripts/setup-system.sh")
    found = measuring_font(family)
    assert found.family == used and found.note is None


def test_a_font_without_a_substitute_is_measured_as_drawn_and_named_in_a_warning():
    found = measuring_font("Segoe UI")
    assert found.note is not None and "'Segoe UI' is not installed" in found.note
    assert found.family in found.note and found.family != "Segoe UI"


# --------------------------------------------------------------------------- titles


def _title_slide_layout(tmp_path: Path, height_in: float, size_pt: int):
    """The kicker fixture's content layout with a title box ``height_in`` high at ``size_pt``."""
    from kitgen.deck.layout_reader import layout_geometry
    from kitgen.deck.template import open_template
    prs = open_template(tf.kicker(tmp_path / "k.pptx"))
    layout = prs.slide_layouts.get_by_name("One content")
    title = next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 0)
    left, top, width = title.left, title.top, title.width
    title.left, title.top, title.width, title.height = left, top, width, int(height_in * tf.IN)
    lst = title._element.txBody.find(f"{A}lstStyle")
    lst.append(etree.fromstring(f'<a:lvl1pPr xmlns:a="{A[1:-1]}"><a:defRPr sz="{size_pt * 100}"/></a:lvl1pPr>'))
    return layout_geometry(layout, prs.slide_width, prs.slide_height)


def test_a_one_line_title_keeps_the_template_size_in_a_box_one_line_high(tmp_path):
    from kitgen.deck.placement import DeckSettings, place_slide
    from kitgen.deck.plan import SlideSpec
    geometry = _title_slide_layout(tmp_path, 0.42, 22)
    assert geometry.title.style.size_pt == 22
    placed = place_slide(SlideSpec("content", "Agenda", bullets=["One", "Two"]), geometry,
                         DeckSettings("Carlito", "Carlito", False, "continued"))
    title = placed.slides[0].title
    assert title.page.size == 22 and not [w for w in placed.warnings if "title" in w]
    assert title.rect is not None and title.rect.height > geometry.title.rect.height  # made one line tall


# --------------------------------------------------------------------------- colours


def test_an_unreadable_inherited_colour_takes_a_readable_theme_colour():
    from kitgen.deck.readable import text_colours
    palette = {"tx1": "000000", "bg1": "FFFFFF", "tx2": "BDEBFA", "accent1": "FFF2A8", "accent2": "F7B7C8"}
    light = text_colours("BDEBFA", ("EDEDED",), palette, 4.5)  # pale tx2 on light grey
    assert light.text == "tx1" and light.hang == "tx1" and light.marker == "tx1"
    band = text_colours("F7B7C8", ("F7B7C8",), palette, 4.5)  # pink on a pink band
    assert band.text is not None and contrast(palette[band.text], "F7B7C8") >= 4.5
    assert text_colours("FFFFFF", ("1B2A41",), palette, 4.5).text is None  # white on a dark band: kept
    grey = text_colours("767676", ("FFFFFF",), palette, 4.5)  # readable grey, but greyed further it is not
    assert grey.text is None and grey.muted is None


# --------------------------------------------------------------------------- languages


def test_runs_are_tagged_per_script_and_the_theme_has_east_asian_and_complex_fonts(kitgen, minimal):
    ws = minimal
    (ws / "assets").mkdir(exist_ok=True)
    tf.kicker(ws / "assets" / "kicker.pptx")
    kit = ws / "content" / "kits" / f"{MINIMAL_KIT}.yaml"
    kit.write_text(kit.read_text(encoding="utf-8").replace(
        "outputs: [", "deck: {template: assets/kicker.pptx}\noverrides:\n  topic:\n    key_insights+: "
        "['会議は日本語で行います。', 'مرحبا بكم في الورشة', 'Ein Satz auf Deutsch']\noutputs: ["), encoding="utf-8")
    result = kitgen("build", "-C", ws, MINIMAL_KIT, "--only", "slides")
    assert result.code == 0, result.text
    deck = ws / "build" / MINIMAL_KIT / f"{MINIMAL_KIT}-slides.pptx"
    langs: dict[str, str] = {}
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                    langs[run.text] = run._r.rPr.get("lang")
    assert langs["会議は日本語で行います。"] == "ja-JP"
    assert langs["مرحبا بكم في الورشة"] == "ar-SA"
    assert langs["Ein Satz auf Deutsch"] == "en-US"  # Latin text keeps the kit's language
    with zipfile.ZipFile(deck) as zf:
        theme = etree.fromstring(zf.read("ppt/theme/theme1.xml"))
    for which in ("majorFont", "minorFont"):
        for slot in ("ea", "cs"):
            assert theme.find(f".//{A}{which}/{A}{slot}").get("typeface"), (which, slot)


def test_greyed_details_stay_readable_when_nothing_is_known_behind_their_box():
    """A box whose background is unknown (its master has no body to inherit from) sits on the slide's
    background: a dark grey theme text colour, lightened for the details, would fall to 3.8:1 on white."""
    from kitgen.deck.readable import BODY_CONTRAST, text_colours
    palette = {"tx1": "404040", "bg1": "FFFFFF", "tx2": "1F497D", "accent1": "4F81BD"}
    assert text_colours("404040", (), palette, BODY_CONTRAST).muted is None  # the details lose their grey
    assert text_colours("000000", (), {**palette, "tx1": "000000"}, BODY_CONTRAST).muted is not None  # black greys well


def test_a_title_turned_into_a_dark_side_bar_keeps_its_light_colour():
    """A title turned 90 degrees into a navy bar down the slide's left edge: what is behind it is the bar
    (where the turned box lies), not the white beside its unturned box, so its white text is kept."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    from kitgen.deck.layout_reader import layout_geometry
    from kitgen.deck.readable import need_for, text_colours
    prs = Presentation()
    tf._wide(prs)
    layout = prs.slide_layouts[1]
    tree = tf._tree(layout)
    tree.insert(2, parse_xml(tf._band(90, (0.0, 0.0, 1.7, 7.5), "tx2")))
    title = tf._placeholder(layout, types=("title",))
    tf._place(title, (0.85 - 3.25, 3.75 - 0.7, 6.5, 1.4))
    title.find(f"{qn('p:spPr')}/{qn('a:xfrm')}").set("rot", "-5400000")
    title.find(qn("p:txBody")).find(qn("a:lstStyle")).append(parse_xml(
        f'<a:lvl1pPr {nsdecls("a")}><a:defRPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:defRPr></a:lvl1pPr>'))
    tf.theme_colours(prs, dk2="0B2545")
    geometry = layout_geometry(layout, prs.slide_width, prs.slide_height)
    assert "0B2545" in geometry.title.behind and "FFFFFF" not in geometry.title.behind, geometry.title.behind
    assert geometry.title.rect.left < 0  # a turned box stays where the template turns it
    colours = text_colours(geometry.title.colour, geometry.title.behind, dict(geometry.palette), need_for(44, False, True))
    assert colours.text is None  # its own white reads on the bar: kept


def test_a_body_running_into_a_dark_footer_band_ends_above_it():
    """A navy band across the master's lower third, under the lower part of the content body: the body
    ends above the band, so its text lies on white alone and keeps a dark colour that reads there."""
    from pptx.oxml import parse_xml

    from kitgen.deck.layout_reader import BAND_GAP, layout_geometry
    from kitgen.deck.readable import BODY_CONTRAST, text_colours
    prs = Presentation()
    tf._wide(prs)
    tf._tree(prs.slide_master).insert(2, parse_xml(tf._band(90, (0.0, 5.0, 13.333, 2.5), "tx2")))
    tf.theme_colours(prs, dk2="0B2545")
    tf._place(tf._placeholder(prs.slide_master, types=("body",)), (0.6, 1.6, 12.1, 5.2))
    geometry = layout_geometry(prs.slide_layouts[1], prs.slide_width, prs.slide_height)
    body = max(geometry.bodies, key=lambda ph: ph.rect.width * ph.rect.height)
    assert body.clipped and body.rect.bottom == round(5.0 * 914400) - BAND_GAP, body.rect
    assert "0B2545" not in body.behind, body.behind
    colours = text_colours(body.colour, body.behind, dict(geometry.palette), BODY_CONTRAST)
    assert colours.text in (None, "tx1"), colours
