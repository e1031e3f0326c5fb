"""Placed slides into the presentation: placeholders filled, unused ones removed, numbers, logo, notes.

The XML-writing step after :mod:`kitgen.deck.placement`: everything here follows a
:class:`~kitgen.deck.placement.PlacedSlide` and decides nothing about sizes or positions.
"""

from __future__ import annotations

import copy
from typing import Any

from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu

from kitgen.deck.geometry import Rect
from kitgen.deck.layout_reader import title_and_bodies
from kitgen.deck.lines import Line, clean_text
from kitgen.deck.measure import lead_pt
from kitgen.deck.paragraphs import ParagraphWriter
from kitgen.deck.placement import Logo, PlacedSlide, PlacedText

INSET_X = Emu(91440)  # the OOXML default insets, written out: the measurements assume them
INSET_Y = Emu(45720)
SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"


def _fill(ph: Any, text: PlacedText, writer: ParagraphWriter) -> None:
    """Replace the placeholder's text by ``text``'s paragraphs; autofit off, so no viewer resizes it."""
    if text.rect is not None:
        ph.left, ph.top, ph.width, ph.height = (Emu(text.rect.left), Emu(text.rect.top), Emu(text.rect.width),
                                                Emu(text.rect.height))
    frame = ph.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    top = INSET_Y + (round(lead_pt(text.box, text.page.size) * 12700) if text.anchor != "b" else 0)
    # Written out even where they are OOXML's defaults (python-pptx would drop those): the template's
    # own insets, columns or direction must not apply to text measured without them. Lines set closer
    # than single spacing reach above the first line: the top inset makes room.
    frame._txBody.bodyPr.attrib.update(  # noqa: SLF001 - text set as it was measured: across, one column
        {"lIns": str(INSET_X), "rIns": str(INSET_X), "tIns": str(top), "bIns": str(INSET_Y),
         "vert": "horz", "numCol": "1", "rtlCol": "0"})
    body = frame._txBody  # noqa: SLF001 - paragraphs are written as XML with every property explicit
    body.clear_content()
    writer.colours = text.colours
    for line in text.page.lines:
        body.append(writer.paragraph(line, text.box, text.page.size))
    if not text.page.lines:
        body.add_p()


def _slide_number(slide: Slide, layout: SlideLayout, lang: str, number: int, colour: str | None,
                  rect: Rect | None = None) -> None:
    """A slide-number placeholder like the layout's, showing ``number`` until PowerPoint updates it (at
    ``rect`` when it moves: the layout's reaches off the slide)."""
    source = next(ph for ph in layout.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER)
    tree = slide.shapes._spTree  # noqa: SLF001
    ids = [int(el.get("id")) for el in tree.iter(qn("p:cNvPr")) if (el.get("id") or "").isdigit()]
    sp = parse_xml(
        f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{max(ids, default=1) + 1}" name="Slide Number"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr/></p:nvSpPr><p:spPr/>'
        f'<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:fld id="{SLIDE_NUMBER_FIELD}" type="slidenum">'
        '<a:rPr/><a:t/></a:fld></a:p></p:txBody></p:sp>')
    sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}").append(
        copy.deepcopy(source._element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")))  # noqa: SLF001
    field = sp.find(f".//{qn('a:fld')}")
    field.find(qn("a:rPr")).set("lang", lang)
    if colour:
        field.find(qn("a:rPr")).append(parse_xml(f'<a:solidFill {nsdecls("a")}><a:schemeClr val="{colour}"/>'
                                                 '</a:solidFill>'))
    field.find(qn("a:t")).text = str(number)
    tree.append(sp)
    if rect is not None:
        shape = slide.shapes[len(slide.shapes) - 1]
        shape.left, shape.top, shape.width, shape.height = Emu(rect.left), Emu(rect.top), Emu(rect.width), Emu(rect.height)


def _logo(slide: Slide, logo: Logo, rect: Rect) -> None:
    pic = slide.shapes.add_picture(str(logo.path), rect.left, rect.top, rect.width, rect.height)
    alt, _ = clean_text(logo.alt)
    pic._element.nvPicPr.cNvPr.set("descr", alt)  # noqa: SLF001 - alt text for screen readers
    pic.name = "Logo"


def _notes(slide: Slide, lines: list[Line], lang: str) -> None:
    if not lines:
        return
    notes = slide.notes_slide
    body = notes.notes_text_frame._txBody  # noqa: SLF001
    body.clear_content()
    writer = ParagraphWriter(notes.part, lang)
    for line in lines:
        body.append(writer.note_paragraph(line))


def _reading_order(slide: Slide, title: Any, bodies: list[Any]) -> None:
    """The title first in the slide's shape order, then its text boxes top to bottom, left to right:
    the order screen readers read them in (the layout's own order may put the title last)."""
    tree = slide.shapes._spTree  # noqa: SLF001 - python-pptx has no public shape reordering
    first = next(i for i, child in enumerate(tree) if child.tag not in (qn("p:nvGrpSpPr"), qn("p:grpSpPr")))
    ordered = [title] + sorted(bodies, key=lambda ph: (ph.top or 0, ph.left or 0))
    for offset, shape in enumerate(ordered):
        element = shape._element  # noqa: SLF001
        tree.remove(element)
        tree.insert(first + offset, element)


def write_slide(prs: Any, layout: SlideLayout, placed: PlacedSlide, *, lang: str, number: int,
                logo: Logo | None) -> Slide:
    """Add one slide of ``layout`` holding ``placed``; ``number`` is its position in the deck. Returns it."""
    slide = prs.slides.add_slide(layout)
    writer = ParagraphWriter(slide.part, lang)
    title, bodies = title_and_bodies(slide)
    _fill(title, placed.title, writer)
    used = {title._element}  # noqa: SLF001
    by_idx: dict[int, Any] = {}
    for ph in bodies:
        by_idx.setdefault(ph.placeholder_format.idx, ph)
    for text in placed.bodies:
        ph = by_idx[text.idx]
        _fill(ph, text, writer)
        used.add(ph._element)  # noqa: SLF001
    for ph in list(slide.placeholders):
        if ph._element not in used:  # noqa: SLF001
            ph._element.getparent().remove(ph._element)  # noqa: SLF001 - no prompt text left behind
    _reading_order(slide, title, [by_idx[text.idx] for text in placed.bodies])
    if placed.slide_number:
        _slide_number(slide, layout, lang, number, placed.number_colours.text, placed.number_rect)
    if logo is not None and placed.logo is not None:
        _logo(slide, logo, placed.logo)
    _notes(slide, placed.notes, lang)
    return slide
