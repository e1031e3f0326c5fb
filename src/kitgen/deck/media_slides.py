"""Table and figure slides written: each placed like any slide (its title, number, notes), then its
table or picture drawn in the area of the layout's main text box."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kitgen.deck.anchors import name_slide
from kitgen.deck.geometry import LayoutGeometry, Rect
from kitgen.deck.lines import Join
from kitgen.deck.measure import height_emu
from kitgen.deck.media import continued_slide
from kitgen.deck.paragraphs import ParagraphWriter
from kitgen.deck.pictures import draw_picture, fit_picture
from kitgen.deck.placement import DeckSettings, place_slide
from kitgen.deck.slides import write_slide
from kitgen.deck.tables import draw_table, fit_table
from kitgen.markup import Rich
from kitgen.media import Table

if TYPE_CHECKING:
    from kitgen.deck.plan import SlideSpec

TITLE_GAP = 182880  # 0.2 in under the title, where a layout without a text box has its area
LEAD_GAP = 91440  # 0.1 in between a lead line and the table or picture under it
FOOT = 457200
LEAD_MAX_PT = 24
"""The largest size of a lead line above a table or figure: a few words alone in a tall text box would
otherwise take the box's full size and tower over the table's 20 pt at most."""


@dataclass
class SlidesWritten:
    """What writing one planned slide gave: the slides added, warnings, the workspace files read."""

    count: int = 0
    warnings: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)


def media_area(geometry: LayoutGeometry, slide_height: int) -> Rect:
    """Where a table or picture goes: the layout's largest text box, else the space under its title."""
    if geometry.bodies:
        return max((ph.rect for ph in geometry.bodies), key=lambda r: r.width * r.height)
    title = geometry.title.rect
    top = title.bottom + TITLE_GAP
    return Rect(title.left, top, title.width, max(slide_height - FOOT - top, FOOT))


def below_lead(area: Rect, spec: SlideSpec, geometry: LayoutGeometry, settings: DeckSettings) -> Rect:
    """`area` less the lead line the slide sets above its table or figure (its subtitle), if any."""
    if not spec.subtitle:
        return area
    bodies = place_slide(spec, geometry, settings).slides[0].bodies
    if not bodies:
        return area
    text = bodies[0]
    top = (text.rect.top if text.rect else area.top) + height_emu(text.page.lines, text.box, text.page.size) + LEAD_GAP
    return Rect(area.left, top, area.width, max(area.bottom - top, FOOT))


def write_media(prs: Any, layout: Any, spec: SlideSpec, geometry: LayoutGeometry, settings: DeckSettings,
                workspace: Path, *, lang: str, first_number: int) -> SlidesWritten:
    """Write the table or figure slide(s) of `spec`, numbered from `first_number`."""
    out = SlidesWritten()
    geometry = _with_small_leads(geometry)
    area = below_lead(media_area(geometry, prs.slide_height), spec, geometry, settings)
    where = spec.field or "slide"
    if isinstance(spec.media, Table):
        pages, problems = fit_table(spec.media, area, settings.body_font, where)
        out.warnings += problems
        for i, page in enumerate(pages):
            part = spec if i == 0 else continued_slide(spec, spec, settings.continued, i, len(pages),
                                                       titled=not _says_continued(spec.title, settings.continued))
            slide = _slide(prs, layout, part, geometry, settings, lang, first_number, out)
            draw_table(slide, page, area, ParagraphWriter(slide.part, lang), settings.body_font)
        return out
    picture, why = fit_picture(spec.media, area, workspace)
    if picture is None:
        out.warnings.append(f"{where}: {why}")
        text = replace(spec, body=Rich(_alt(spec.media)), media=None)
        _slide(prs, layout, text, geometry, settings, lang, first_number, out)
        return out
    slide = _slide(prs, layout, spec, geometry, settings, lang, first_number, out)
    draw_picture(slide, picture, ParagraphWriter(slide.part, lang), settings.body_font)
    out.inputs.append(spec.media.src)
    return out


def _with_small_leads(geometry: LayoutGeometry) -> LayoutGeometry:
    """`geometry` with its text boxes set at :data:`LEAD_MAX_PT` at most."""
    def capped(ph):
        return replace(ph, style=replace(ph.style, size_pt=min(ph.style.size_pt, LEAD_MAX_PT)))
    return replace(geometry, bodies=tuple(capped(ph) for ph in geometry.bodies))


def _says_continued(title: Any, continued: str) -> bool:
    """Whether a slide's title already ends "(continued)" (a table after the text it continues)."""
    return isinstance(title, Join) and bool(title.parts) and title.parts[-1] == f"({continued})"


def _alt(figure) -> str:
    return f"*{figure.alt}*" + (f"\n\n{figure.caption}" if figure.caption else "")


def _slide(prs: Any, layout: Any, spec: SlideSpec, geometry: LayoutGeometry, settings: DeckSettings, lang: str,
           number: int, out: SlidesWritten) -> Any:
    placement = place_slide(spec, geometry, settings)
    out.warnings += [w for w in placement.warnings if w not in out.warnings]
    slide = None
    for placed in placement.slides:
        slide = write_slide(prs, layout, placed, lang=lang, number=number + out.count, logo=None)
        name_slide(slide, getattr(spec.block, "anchor", None))
        out.count += 1
    return slide
