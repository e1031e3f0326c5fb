"""Reading a python-pptx slide layout into a :class:`~kitgen.deck.geometry.LayoutGeometry`.

A placeholder's size, indents, spacing, emphasis and alignment, and the vertical anchor of its text,
are often not on the placeholder itself but inherited from the master; :func:`text_style` and
:func:`anchor` follow the chain the way PowerPoint does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.slide import SlideLayout

from kitgen.deck.backdrop import behind, filled_shapes, layout_palette, shows_master, text_colour
from kitgen.deck.geometry import LayoutGeometry, Rect, TextPlaceholder, TextStyle
from kitgen.deck.roles import ph_type
from kitgen.deck.theme import referenced_font

TITLE_TYPES = frozenset({PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE})
#: Placeholder types that take text (subtitles, bodies and content boxes).
BODY_TYPES = frozenset({PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.OBJECT,
                        PP_PLACEHOLDER.VERTICAL_BODY, PP_PLACEHOLDER.VERTICAL_OBJECT})


def _master_placeholder(layout: SlideLayout, ph_type: PP_PLACEHOLDER) -> Any:
    """The master placeholder a layout placeholder of ``ph_type`` inherits from, if any."""
    want = (PP_PLACEHOLDER.TITLE if ph_type in TITLE_TYPES
            else PP_PLACEHOLDER.BODY if ph_type in BODY_TYPES else ph_type)
    return next((p for p in layout.slide_master.placeholders
                 if p.placeholder_format.type == want), None)


def _level_props(layout: SlideLayout, idx: int, level: int) -> list[etree._Element]:
    """The ``a:lvlNpPr`` elements that style ``level`` of placeholder ``idx``, nearest first."""
    ph = layout.placeholders.get(idx=idx)
    if ph is None:
        raise KeyError(f"layout {layout.name!r} has no placeholder idx {idx}")
    ph_type = ph.placeholder_format.type
    tag = qn(f"a:lvl{level + 1}pPr")
    lst = f"{qn('p:txBody')}/{qn('a:lstStyle')}/{tag}"
    chain = [ph._element.find(lst)]  # noqa: SLF001 - python-pptx exposes no list styles
    master_ph = _master_placeholder(layout, ph_type)
    if master_ph is not None:
        chain.append(master_ph._element.find(lst))  # noqa: SLF001
    style = ("titleStyle" if ph_type in TITLE_TYPES
             else "bodyStyle" if ph_type in BODY_TYPES else "otherStyle")
    master = layout.slide_master._element  # noqa: SLF001
    chain.append(master.find(f"{qn('p:txStyles')}/{qn('p:' + style)}/{tag}"))
    return [el for el in chain if el is not None]


def _first(chain: list[etree._Element], path: str, attr: str) -> str | None:
    for el in chain:
        found = el if not path else el.find(path)
        if found is not None and found.get(attr) is not None:
            return found.get(attr)
    return None


def text_style(layout: SlideLayout, idx: int) -> TextStyle:
    """The text style of placeholder ``idx`` on ``layout``, resolved through the master.

    Follows PowerPoint's inheritance: the layout placeholder's list style, then the master
    placeholder's, then the master's title/body/other text style.
    """
    levels = [_level_props(layout, idx, lvl) for lvl in range(5)]
    chain = levels[0]
    def_rpr = qn("a:defRPr")
    size = int(_first(chain, def_rpr, "sz") or 1800) / 100
    indents = tuple(int(_first(level, "", "marL") or 0) for level in levels)
    line, before, after = (_spacing(chain, tag) for tag in ("a:lnSpc", "a:spcBef", "a:spcAft"))
    typeface = _typeface(layout, _first(chain, f"{def_rpr}/{qn('a:latin')}", "typeface"))
    return TextStyle(
        size_pt=size,
        indents=indents,
        space_before=before[0],
        line_spacing=line[0] if line[1] == 0 else 1.0,
        bold=_first(chain, def_rpr, "b") in ("1", "true"),
        italic=_first(chain, def_rpr, "i") in ("1", "true"),
        align=_first(chain, "", "algn") or "l",
        space_after=after[0],
        before_pt=before[1],
        after_pt=after[1],
        line_pt=line[1],
        caps=_first(chain, def_rpr, "cap") == "all",
        tracking_pt=_number(_first(chain, def_rpr, "spc")) / 100,
        font=typeface,
        rtl=_first(chain, "", "rtl") in ("1", "true"),
        bullets=tuple(_own_bullet(level) for level in levels),
    )


def _typeface(layout: SlideLayout, typeface: str | None) -> str | None:
    """The typeface a style names for Latin text; a theme reference (``+mj-ea``: Japanese and Chinese
    templates set Latin text in their East Asian font, often much wider) read from the master's theme.
    None: the style names none, or the theme leaves the font empty."""
    if not typeface or not typeface.startswith("+"):
        return typeface or None
    return referenced_font(layout.slide_master, typeface)


_MARKS = {qn("a:buNone"): False, qn("a:buAutoNum"): False, qn("a:buChar"): True, qn("a:buBlip"): True}
"""What a level's marker says (the nearest in the chain wins): a bullet of the template's own, or none."""


def _own_bullet(chain: list[etree._Element]) -> bool:
    """Whether the level styled by ``chain`` draws a bullet character or picture of the template's."""
    for el in chain:
        for child in el:
            if child.tag in _MARKS:
                return _MARKS[child.tag]
    return False


def _spacing(chain: list[etree._Element], tag: str) -> tuple[float, float]:
    """A spacing of the style (`a:spcBef`, `a:spcAft`, `a:lnSpc`): (a multiple of the size, 0) or, given
    in points, (0, points). Unset: (1, 0) for lines, (0, 0) else."""
    for el in chain:
        found = el.find(qn(tag))
        if found is None:
            continue
        pct, pts = found.find(qn("a:spcPct")), found.find(qn("a:spcPts"))
        if pct is not None and pct.get("val") is not None:
            return _number(pct.get("val")) / 100000, 0.0
        if pts is not None and pts.get("val") is not None:
            return 0.0, _number(pts.get("val")) / 100
    return (1.0, 0.0) if tag == "a:lnSpc" else (0.0, 0.0)


def _number(value: str | None) -> float:
    """A template's number ("3600", "90%" in strict files); 0 when it is none."""
    try:
        return float((value or "0").rstrip("%")) * (1000 if (value or "").endswith("%") else 1)
    except ValueError:
        return 0.0


def anchor(ph: Any) -> str | None:
    """The vertical anchor of a placeholder's text (from the slide, layout or master), None if unset."""
    node = ph
    body_pr = f"{qn('p:txBody')}/{qn('a:bodyPr')}"
    for _ in range(3):
        body = node._element.find(body_pr)  # noqa: SLF001
        if body is not None and body.get("anchor"):
            return body.get("anchor")
        base = getattr(node, "_base_placeholder", None)
        if base is None:
            return None
        node = base
    return None


def _rect(shape: Any) -> Rect:
    return Rect(shape.left or 0, shape.top or 0, shape.width or 0, shape.height or 0)


def _placed(shape: Any) -> bool:
    return shape.width is not None and shape.top is not None


def title_and_bodies(shapes: Any) -> tuple[Any, list[Any]]:
    """The title placeholder and the text placeholders (by idx) of a layout or slide."""
    title = None
    bodies = []
    for ph in shapes.placeholders:
        kind = ph.placeholder_format.type
        if kind in TITLE_TYPES and title is None:
            title = ph
        elif kind in BODY_TYPES:
            bodies.append(ph)
    bodies.sort(key=lambda p: p.placeholder_format.idx)
    return title, bodies


def on_slide(rect: Rect, slide: Rect) -> Rect:
    """The part of ``rect`` on the slide; a box mostly off it is moved onto it instead (cut to the slide's
    size when it is larger), so its text is seen."""
    left, top = max(rect.left, slide.left), max(rect.top, slide.top)
    right, bottom = min(rect.right, slide.right), min(rect.bottom, slide.bottom)
    if right > left and bottom > top and 2 * (right - left) * (bottom - top) >= rect.width * rect.height:
        return Rect(left, top, right - left, bottom - top)
    width, height = min(rect.width, slide.width), min(rect.height, slide.height)
    return Rect(min(max(rect.left, slide.left), slide.right - width), min(max(rect.top, slide.top), slide.bottom - height),
                width, height)


def _clear_of_others(ph: TextPlaceholder, fixed: list[TextPlaceholder], slide: Rect) -> TextPlaceholder:
    """A box moved onto the slide (or ended above a band) cut to the larger free part above or below the
    ``fixed`` boxes it would now cover (those the layout keeps where they are, and the slide number)."""
    if not ph.clipped:
        return ph
    rect = ph.rect
    for other in fixed:
        o = other.rect
        if other is ph or not (rect.left < o.right and o.left < rect.right
                               and rect.top < o.bottom and o.top < rect.bottom):
            continue
        above = (max(rect.top, slide.top), o.top)
        below = (o.bottom, min(rect.bottom, slide.bottom))
        top, bottom = max((above, below), key=lambda span: span[1] - span[0])
        if bottom - top > 0:
            rect = Rect(rect.left, top, rect.width, bottom - top)
    return replace(ph, rect=rect)


def above_bands(rect: Rect, bands: Sequence[Rect]) -> Rect:
    """``rect`` ended above a filled band that runs across its lower half (a footer band of the master):
    text in one box then lies on one background, and its colour is chosen for it."""
    bottom = rect.bottom
    for band in bands:
        across = band.left <= rect.left + rect.width // 20 and band.right >= rect.right - rect.width // 20
        if across and rect.top + rect.height // 2 < band.top < bottom and band.bottom >= rect.bottom - rect.height // 20:
            bottom = band.top - BAND_GAP
    return rect if bottom == rect.bottom else Rect(rect.left, rect.top, rect.width, bottom - rect.top)


BAND_GAP = 91440
"""Room (0.1 in) left between a box ended above a band and the band."""


def turned(rect: Rect, degrees: float) -> Rect:
    """Where a box turned by ``degrees`` about its centre lies on the slide (its bounding box): what is
    behind its text, which turns with it."""
    a = math.radians(degrees % 180)
    width = round(abs(rect.width * math.cos(a)) + abs(rect.height * math.sin(a)))
    height = round(abs(rect.width * math.sin(a)) + abs(rect.height * math.cos(a)))
    cx, cy = rect.left + rect.width / 2, rect.top + rect.height / 2
    return Rect(round(cx - width / 2), round(cy - height / 2), width, height)


def _text_placeholder(layout: SlideLayout, ph: Any, palette: dict[str, str], slide: Rect,
                      bands: Sequence[Rect] = ()) -> TextPlaceholder:
    """A text placeholder where the deck sets its text: on the slide, above the filled ``bands`` across its
    foot; a turned box is left where the template turns it, and what is behind it read where it lies."""
    idx = ph.placeholder_format.idx
    drawn = _rect(ph)
    if ph.rotation:
        rect, seen = drawn, turned(drawn, ph.rotation)
    else:
        rect = above_bands(on_slide(drawn, slide) if drawn.width > 0 and drawn.height > 0 else drawn, bands)
        seen = rect
    return TextPlaceholder(idx, ph.shape_id, rect, text_style(layout, idx), anchor(ph), ph_type(ph), ph.name,
                           text_colour(_level_props(layout, idx, 0), palette), behind(layout, ph, seen, palette, slide),
                           clipped=rect != drawn)


def layout_geometry(layout: SlideLayout, slide_width: int, slide_height: int) -> LayoutGeometry:
    """Read ``layout`` (positions inherited from the master where the layout does not set them)."""
    palette = layout_palette(layout)
    slide = Rect(0, 0, int(slide_width), int(slide_height))
    title, bodies, number = _text_boxes(layout, palette, slide)
    moved = {t.shape_id: t.rect for t in [title, *bodies] if t is not None and t.clipped}
    shapes = tuple((s.shape_id, moved.get(s.shape_id, _rect(s))) for s in layout.shapes if _placed(s))  # as set
    master: tuple[Rect, ...] = ()
    if shows_master(layout):
        master = tuple(_rect(s) for s in layout.slide_master.shapes if not s.is_placeholder and _placed(s))
    return LayoutGeometry(
        name=layout.name, slide_width=slide_width, slide_height=slide_height, title=title, bodies=tuple(bodies),
        shapes=shapes, master_shapes=master, slide_number=number is not None, number=number,
        palette=tuple(palette.items()), pictures=_pictures(layout, slide),
    )


PICTURE_SHARE = 0.1
"""A picture covering at most this share of the slide is a logo or a mark, which text keeps clear of; a
larger one is an image the template means text to be set over or beside."""


def _pictures(layout: SlideLayout, slide: Rect) -> tuple[Rect, ...]:
    """The small pictures a slide of ``layout`` shows: the layout's own, and the master's when it shows them."""
    holders = [layout] + ([layout.slide_master] if shows_master(layout) else [])
    out = []
    for holder in holders:
        for shape in holder.shapes:
            if shape.element.tag != qn("p:pic") or shape.is_placeholder or not _placed(shape):
                continue
            rect = _rect(shape)
            if 0 < rect.width * rect.height <= PICTURE_SHARE * slide.width * slide.height:
                out.append(rect)
    return tuple(out)


def _text_boxes(layout: SlideLayout, palette: dict[str, str], slide: Rect
                ) -> tuple[TextPlaceholder | None, list[TextPlaceholder], TextPlaceholder | None]:
    """The layout's title, text boxes and slide number, each on the slide (see :func:`on_slide`)."""
    title, bodies = title_and_bodies(layout)
    number = next((ph for ph in layout.placeholders if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER),
                  None)
    number_ph = _text_placeholder(layout, number, palette, slide) if number is not None else None
    bands = filled_shapes(layout, palette)  # read once for the layout's boxes
    texts = [_text_placeholder(layout, ph, palette, slide, bands)
             for ph in ([title] if title is not None else []) + bodies]
    fixed = [t for t in texts if not t.clipped] + ([number_ph] if number_ph else [])
    texts = [_clear_of_others(t, fixed, slide) for t in texts]
    return (texts[0] if title is not None else None), texts[1:] if title is not None else texts, number_ph
