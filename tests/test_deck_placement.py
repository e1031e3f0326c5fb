"""The pure placement step (kitgen.deck.placement) on layouts written as compact XML.

Each fixture layout is one line of "cxml" (python-pptx's idea for its own tests): ``tag{attr=value}``,
``/`` for a child, ``/(a,b)`` for several, ``"text"`` for text. It replaces the shapes of a layout
of the built-in template (so text styles still inherit from its master), is read into a
LayoutGeometry, and placed: milliseconds per test, no LibreOffice.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from pptx import Presentation
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls

from kitgen.deck.geometry import Rect
from kitgen.deck.layout_reader import layout_geometry
from kitgen.deck.lines import NUMBER
from kitgen.deck.placement import DeckSettings, Logo, logo_area, place_slide, room_below
from kitgen.deck.plan import SlideSpec
from kitgen.deck.template import BUILTIN_TEMPLATE
from kitgen.fonts import find_font

pytestmark = pytest.mark.skipif(find_font("Carlito") is None, reason="Carlito not installed: run scripts/setup-system.sh")

IN = 914400
SETTINGS = DeckSettings("Carlito", "Carlito", builtin=False, continued="continued")
_TAG = re.compile(r"[A-Za-z]+:[A-Za-z0-9]+")


# --------------------------------------------------------------------------- compact XML


def _cxml(s: str, i: int = 0) -> tuple[str, int]:
    """The XML of the element written at ``s[i:]``, and where it ends."""
    tag = _TAG.match(s, i)
    assert tag, f"cxml: no tag at {s[i:i + 20]!r}"
    i, attrs, text, children = tag.end(), "", "", ""
    if s.startswith("{", i):
        end = s.index("}", i)
        attrs = "".join(f' {k}="{escape(v)}"' for k, v in (pair.split("=", 1) for pair in s[i + 1:end].split(",")))
        i = end + 1
    if s.startswith('"', i):
        end = s.index('"', i + 1)
        text, i = escape(s[i + 1:end]), end + 1
    if s.startswith("/(", i):
        i += 2
        while True:
            child, i = _cxml(s, i)
            children += child
            i += 1
            if s[i - 1] == ")":
                break
    elif s.startswith("/", i):
        children, i = _cxml(s, i + 1)
    return f"<{tag.group()}{attrs}>{text}{children}</{tag.group()}>", i


def cxml(s: str):
    xml, end = _cxml(s)
    assert end == len(s), f"cxml: junk after {s[:end]!r}"
    return parse_xml(xml.replace(">", f" {nsdecls('a', 'p', 'r')}>", 1))


def sp(sid: int, ph: str, box: tuple[float, float, float, float] | None = None, body: str = "a:bodyPr",
       lst: str = "a:lstStyle") -> str:
    """A placeholder shape in cxml; ``box`` is (left, top, width, height) in inches."""
    xfrm = ("/a:xfrm/(a:off{x=%d,y=%d},a:ext{cx=%d,cy=%d})" % tuple(round(v * IN) for v in box)) if box else ""
    return (f"p:sp/(p:nvSpPr/(p:cNvPr{{id={sid},name=Shape {sid}}},p:cNvSpPr,p:nvPr/p:ph{{{ph}}}),"
            f"p:spPr{xfrm},p:txBody/({body},{lst},a:p))")


def rect(sid: int, box: tuple[float, float, float, float]) -> str:
    """A decoration (not a placeholder) in cxml."""
    return ("p:sp/(p:nvSpPr/(p:cNvPr{id=%d,name=Deco},p:cNvSpPr,p:nvPr),p:spPr/a:xfrm/(a:off{x=%d,y=%d},"
            "a:ext{cx=%d,cy=%d}))" % (sid, *(round(v * IN) for v in box)))


TITLE = sp(2, "type=title", (0.75, 0.45, 11.83, 1.0))
BODY = sp(3, "type=body,idx=1", (0.75, 1.85, 11.83, 4.75))
TEMPLATE_BYTES = BUILTIN_TEMPLATE.read_bytes()


def geometry(*shapes: str, show_master: bool = False):
    """A layout of the built-in template whose shapes are ``shapes``, read as the placement step sees it."""
    prs = Presentation(io.BytesIO(TEMPLATE_BYTES))
    layout = prs.slide_layouts.get_by_name("Content")
    tree = layout.shapes._spTree
    for shape in list(tree)[2:]:  # keep the group's own properties
        tree.remove(shape)
    for shape in shapes:
        tree.append(cxml(shape))
    layout._element.set("showMasterSp", "1" if show_master else "0")
    return layout_geometry(layout, prs.slide_width, prs.slide_height)


def texts(placed) -> list[str]:
    return ["".join(r.text for r in line.runs) for line in placed.page.lines]


# --------------------------------------------------------------------------- the fixtures read back


def test_cxml_builds_the_elements_it_says() -> None:
    el = cxml('a:p/(a:pPr{lvl=1},a:r/a:t"x < y")')
    assert el.tag.endswith("}p") and el[0].get("lvl") == "1" and el[1][0].text == "x < y"


def test_layout_geometry_reads_boxes_in_idx_order_with_inherited_styles() -> None:
    geo = geometry(TITLE, sp(4, "type=body,idx=2", (7, 2, 5, 4)), sp(3, "type=body,idx=1", (0.75, 2, 5, 4)),
                   sp(5, "type=sldNum,idx=12"))
    assert [ph.idx for ph in geo.bodies] == [1, 2]
    assert geo.bodies[0].rect == Rect(round(0.75 * IN), 2 * IN, 5 * IN, 4 * IN)
    assert geo.title.style.size_pt == 36 and geo.title.style.bold  # from the master's title style
    assert geo.bodies[0].style.size_pt == 24 and geo.bodies[0].anchor == "t"  # from the master's body
    assert geo.slide_number and geo.master_shapes == ()


# --------------------------------------------------------------------------- which text goes where


def test_texts_go_into_the_text_placeholders_in_idx_order() -> None:
    geo = geometry(TITLE, sp(4, "type=body,idx=2", (6.9, 1.85, 5.7, 4.75)), sp(3, "type=body,idx=1", (0.75, 1.85, 5.7, 4.75)))
    spec = SlideSpec("two-content", "Books", left=["Left one", "Left two"], right=["Right one"])
    (slide,) = place_slide(spec, geo, SETTINGS).slides
    assert [(text.idx, texts(text)) for text in slide.bodies] == [(1, ["Left one", "Left two"]), (2, ["Right one"])]
    assert texts(slide.title) == ["Books"] and slide.title.page.size == 36
    assert len({text.page.size for text in slide.bodies}) == 1  # both columns at one size


def test_a_quote_in_a_layout_with_one_text_box_keeps_its_attribution() -> None:
    spec = SlideSpec("quote", "Quote", quote="Listening is leading.", attribution="A. Author")
    (slide,) = place_slide(spec, geometry(TITLE, BODY), SETTINGS).slides
    (text,) = slide.bodies
    assert texts(text) == ["Listening is leading.", "\u2014 A. Author"]
    assert all(r.italic for r in text.page.lines[0].runs) and not any(r.italic for r in text.page.lines[1].runs)


def test_an_agenda_in_a_layout_with_one_text_box_leaves_out_its_details() -> None:
    spec = SlideSpec("agenda", "Agenda", rows=[{"title": "Welcome"}, {"title": "Close"}], body="Room 4")
    (slide,) = place_slide(spec, geometry(TITLE, BODY), SETTINGS).slides
    assert [texts(text) for text in slide.bodies] == [["Welcome", "Close"]]
    assert [line.kind for line in slide.bodies[0].page.lines] == [NUMBER, NUMBER]


def test_a_layout_without_text_boxes_gives_a_title_slide_and_a_warning() -> None:
    placement = place_slide(SlideSpec("content", "Rules", bullets=["One"], field="topic.rules"), geometry(TITLE), SETTINGS)
    (slide,) = placement.slides
    assert slide.bodies == [] and texts(slide.title) == ["Rules"]
    assert placement.warnings == ["topic.rules: layout 'Content' has no text placeholder, so this slide shows its "
                                  "title only; map the slide kind to another layout in the kit's deck.layouts"]


def test_an_empty_text_leaves_its_placeholder_out() -> None:
    geo = geometry(TITLE, sp(3, "type=subTitle,idx=1", (0.75, 5, 11.83, 0.9)), sp(4, "type=body,idx=2", (0.75, 6, 11.83, 0.7)))
    (slide,) = place_slide(SlideSpec("title", "Kit", subtitle="Topic"), geo, SETTINGS).slides
    assert [text.idx for text in slide.bodies] == [1]
    assert not slide.slide_number  # never on a title slide


# --------------------------------------------------------------------------- sizes and slides


def test_a_long_list_continues_on_slides_with_the_same_notes() -> None:
    items = [f"Question {i}: " + "what would you do differently next time, and why? " * 3 for i in range(1, 25)]
    spec = SlideSpec("content", "Questions", bullets=items, numbered=True, notes=["Ask the room"])
    slides = place_slide(spec, geometry(TITLE, BODY, sp(5, "type=sldNum,idx=12")), SETTINGS).slides
    assert len(slides) > 1
    assert texts(slides[0].title) == ["Questions"]
    assert all(texts(s.title) == ["Questions (continued)"] for s in slides[1:])
    numbers = [line.number for s in slides for line in s.bodies[0].page.lines]
    assert numbers == list(range(1, 25))  # numbering continues, nothing lost or repeated
    assert all(s.slide_number for s in slides)
    assert {"".join(r.text for r in s.notes[0].runs) for s in slides} == {"Ask the room"}
    sizes = {s.bodies[0].page.size for s in slides}
    assert len(sizes) == 1 and 18 <= sizes.pop() <= 24  # content floor, the box's own size


def test_a_short_line_set_small_grows_into_free_space_below() -> None:
    lead = "A lead line long enough to need a second and a third line in a box this narrow and short " * 2
    spec = SlideSpec("section", "Section", subtitle=lead)
    thin = sp(3, "type=body,idx=1", (0.75, 4.0, 6, 0.5))
    (free,) = place_slide(spec, geometry(TITLE, thin), SETTINGS).slides
    assert free.bodies[0].rect is not None and free.bodies[0].rect.height > 0.5 * IN
    assert free.bodies[0].page.size == 24  # room enough for the style's own size
    (blocked,) = place_slide(spec, geometry(TITLE, thin, rect(9, (0.75, 4.8, 6, 0.3))), SETTINGS).slides
    assert blocked.bodies[0].rect is None or blocked.bodies[0].rect.bottom <= 4.8 * IN
    assert blocked.bodies[0].page.size <= free.bodies[0].page.size


def test_room_below_stops_at_what_is_below_and_not_at_what_is_beside() -> None:
    body = sp(3, "type=body,idx=1", (0.75, 2, 6, 1))
    geo = geometry(TITLE, body, rect(9, (0.75, 5, 3, 0.5)), rect(10, (8, 2, 4, 4)))
    (ph,) = geo.bodies
    assert room_below(geo, ph, None) == 5 * IN - 91440 - 2 * IN
    assert room_below(geometry(TITLE, body, rect(9, (0.75, 2.5, 6, 2))), geometry(TITLE, body).bodies[0], None) == 0


def test_title_slide_text_makes_room_for_the_logo() -> None:
    logo = Logo(Path("logo.png"), "Northwind logo", 400, 200)
    settings = DeckSettings("Carlito", "Carlito", builtin=False, continued="continued", logo=logo)
    geo = geometry(sp(2, "type=ctrTitle", (0.75, 1, 11.83, 2.5)), sp(3, "type=subTitle,idx=1", (0.75, 5.6, 11.83, 1.2)))
    (slide,) = place_slide(SlideSpec("title", "Kit", subtitle="Topic"), geo, settings).slides
    area = logo_area(geo, builtin=False)
    assert slide.logo is not None and slide.logo.right == area.right and slide.logo.width / slide.logo.height == 2
    moved = slide.bodies[0].rect
    assert moved is not None and (moved.right <= area.left or moved.bottom <= area.top)
    (plain,) = place_slide(SlideSpec("content", "Rules", bullets=["One"]), geometry(TITLE, BODY), settings).slides
    assert plain.logo is None and plain.bodies[0].rect is None  # the logo is on the title slide only


def test_placement_needs_no_python_pptx() -> None:
    code = ("import sys, kitgen.deck.placement; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pptx', 'lxml', 'jinja2', 'pydantic')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_rule_alone_between_a_figure_and_a_table_makes_no_slide() -> None:
    """Text that shows nothing (a thematic break) gives no slide of its own: the figure's slide is
    followed by the table's, not by an empty "(continued)" slide."""
    from kitgen.deck.media import expand
    from kitgen.markup import Rich
    md = "Before the figure.\n\n![A chart](assets/chart.png)\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n***\n"
    slides = expand(SlideSpec("content", "The Model", body=Rich(md)), "continued")
    kinds = [type(s.media).__name__ if s.media is not None else "text" for s in slides]
    assert kinds == ["Figure", "Table"], kinds  # the short line before the figure stays above it
    between = "Between the figure and the table, a paragraph long enough to be a slide of its own. " * 3
    with_text = expand(SlideSpec("content", "The Model", body=Rich(md.replace("\n---\n", f"\n{between}\n"))), "continued")
    assert [type(s.media).__name__ if s.media is not None else "text" for s in with_text] == ["Figure", "text", "Table"]
