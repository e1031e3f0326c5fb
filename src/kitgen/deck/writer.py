"""The deck writer: the planned slides (``slides.jinja``) written into a PowerPoint template.

``write_deck`` is what ``kitgen build`` calls for the ``slides`` output:

1. the plan (:mod:`kitgen.deck.plan`) says which slides, in which order, with which texts;
2. the template (the built-in one or the kit's ``deck.template``, checked before it is opened:
   :mod:`kitgen.deck.template`) is themed with the kit's colours and font (:mod:`kitgen.deck.theme`),
   and each slide kind gets one of its layouts;
3. each planned slide is placed (:mod:`kitgen.deck.placement`: which text in which placeholder, at
   which size, on how many slides, measured with real font metrics) and written as editable text
   (:mod:`kitgen.deck.slides`), speaker notes included;
4. the file is saved with fixed metadata and zip timestamps (:mod:`kitgen.deck.package`), so the same
   inputs give the same bytes, and moved into place atomically.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel.core import get_global
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn

from kitgen.atomic import write_bytes
from kitgen.deck.anchors import name_slide
from kitgen.deck.sections import add_sections
from kitgen.deck.geometry import LayoutGeometry
from kitgen.deck.layout_reader import layout_geometry
from kitgen.deck.media import expand
from kitgen.deck.media_slides import SlidesWritten, write_media
from kitgen.deck.lines import clean_text
from kitgen.deck.package import normalized
from kitgen.deck.placement import DeckSettings, Logo, place_slide
from kitgen.deck.plan import MAX_SLIDES, plan_slides
from kitgen.deck.slides import write_slide
from kitgen.deck.template import DeckTemplate, builtin_template, open_named_template, pinned_boxes, resolve_layouts
from kitgen.deck.theme import script_fonts, theme_kit
from kitgen.errors import ContentError, Loc, Problem
from kitgen.images import TYPES, image_problem
from kitgen.paths import IMAGE_SUFFIXES, SLIDE_IMAGE_SUFFIXES, workspace_file

if TYPE_CHECKING:
    from kitgen.context import Context



def lang_tag(locale: str) -> str:
    """``en`` -> ``en-US``, ``fr`` -> ``fr-FR`` (Babel's likely region), ``fr-CA`` stays: every run's ``lang``."""
    if "-" in locale:
        return locale
    likely = get_global("likely_subtags").get(locale, "")
    region = likely.split("_")[-1] if "_" in likely else None
    return f"{locale}-{region}" if region else locale


def open_deck_template(ctx: Context, workspace: Path) -> DeckTemplate:
    """Open the kit's template (checked through the workspace gate and as a zip) or the built-in one."""
    name = ctx.kit.deck.template
    if not name:
        return builtin_template()
    return open_named_template(name, workspace, Loc(ctx.kit.file))


def _logo(ctx: Context, workspace: Path, warnings: list[str]) -> Logo | None:
    """The kit's logo for the title slide, when it is an image a slide can show; else a warning."""
    from PIL import Image
    name = ctx.kit.logo or ctx.kit.theme.logo
    if not name:
        return None
    path, why = workspace_file(workspace, name, IMAGE_SUFFIXES)
    if path is None:
        warnings.append(f"logo: {why}; the title slide has no logo")
        return None
    if path.suffix.lower() not in SLIDE_IMAGE_SUFFIXES:
        return None  # the check stage warned at the logo's line (kitgen.writers.pptx)
    why = image_problem(path.read_bytes(), TYPES[path.suffix.lower()], thorough=True)
    if why:
        warnings.append(f"logo: {name}: {why}; the title slide has no logo")
        return None
    with Image.open(path) as image:
        width, height = image.size
    org = ctx.kit.organization
    return Logo(path, f"{org} logo" if org else "Logo", width, height)


def _core_properties(prs: Any, ctx: Context, lang: str) -> None:
    core = prs.core_properties
    author = ctx.kit.facilitator or ctx.kit.organization or "kitgen"

    def text(value: str, limit: int = 255) -> str:
        return clean_text(value)[0][:limit]

    core.title = text(f"{ctx.kit.title.plain} — {ctx.t.slides}")
    core.subject = text(ctx.topic.title.plain)
    core.author = text(author)
    core.last_modified_by = text(author)
    core.keywords = text(", ".join(filter(None, [ctx.topic.title.plain, ctx.t.slides])))
    core.comments = text(ctx.kit.audience.plain, 1000)
    core.category = text(ctx.t.slides)
    core.language = lang
    core.identifier = ctx.kit.id
    core.revision = 1
    core.created = core.modified = core.last_printed = ctx.kit.created.replace(tzinfo=None)


def _section_names(ctx: Context) -> dict[str, str]:
    """Each block's section name: its day (when the session has days), start and title
    ("09:15 Case 1: The Dashboard Nobody Opened")."""
    names = {}
    for b in ctx.agenda:
        title = f"{b.label}{ctx.t.label_sep}{b.title.plain}" if b.label else b.title.plain
        day = ctx.t.fmt("day_n", n=b.day) + " ·" if ctx.plan.multi_day else ""
        names[b.anchor] = clean_text(" ".join(filter(None, [day, b.start_text, title])))[0][:200]
    return names


def _drop_existing_slides(prs: Any) -> None:
    """A template saved with example slides: start from its layouts only. Its custom shows list those
    slides, and a slide still listed keeps its part (a new slide would then take the same part name),
    so they go first."""
    root = prs.part._element  # noqa: SLF001 - python-pptx has no public slide removal
    for shows in root.findall(qn("p:custShowLst")):
        root.remove(shows)
    ids = prs.slides._sldIdLst  # noqa: SLF001
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


NOTES_BODY = (f'<p:sp {nsdecls("a", "p")}><p:nvSpPr><p:cNvPr id="{{id}}" name="Notes Placeholder"/><p:cNvSpPr>'
              '<a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph type="body" sz="quarter" idx="1"/></p:nvPr></p:nvSpPr>'
              '<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm></p:spPr>'
              '<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>')


def _notes_size(prs: Any) -> tuple[int, int]:
    size = prs.part._element.find(qn("p:notesSz"))  # noqa: SLF001 - not in python-pptx's API
    return (int(size.get("cx")), int(size.get("cy"))) if size is not None else (6858000, 9144000)


def _notes_have_a_body(prs: Any) -> None:
    """Speaker notes go in the notes master's body placeholder: a template whose notes pages have none
    (only the slide image, say) gets one on the lower half of the page, as PowerPoint's own has."""
    master = prs.notes_master
    if any(ph.placeholder_format.type == PP_PLACEHOLDER.BODY for ph in master.placeholders):
        return
    width, height = _notes_size(prs)
    tree = master.shapes._spTree  # noqa: SLF001 - python-pptx adds no placeholder to a master
    ids = [int(e.get("id")) for e in tree.iter(qn("p:cNvPr")) if (e.get("id") or "").isdigit()]
    tree.append(parse_xml(NOTES_BODY.format(id=max(ids, default=1) + 1, x=width // 10, y=height // 2,
                                            cx=width * 8 // 10, cy=height * 4 // 10)))


def _too_many(ctx: Context, count: int) -> ContentError:
    return ContentError([Problem(Loc(ctx.kit.file), "slides", f"the deck would have more than {MAX_SLIDES} slides "
                                 f"(at least {count}, counting continuation slides)",
                                 "shorten the longest lists and texts, or leave some slides out of slides.jinja")])


def _write_placed(prs: Any, layout: Any, spec: Any, placement: Any, settings: DeckSettings, lang: str,
                  count: int) -> SlidesWritten:
    """The slides of one planned slide of text (continuation slides included), after the `count` before it."""
    for i, placed in enumerate(placement.slides):
        write_slide(prs, layout, placed, lang=lang, number=count + i + 1, logo=settings.logo)
        name_slide(prs.slides[-1], getattr(spec.block, "anchor", None))
    return SlidesWritten(len(placement.slides), placement.said(count + 1))


def _placed(specs: list, layouts: dict, prs: Any, settings: DeckSettings, mapping: dict, ctx: Context) -> list[tuple]:
    """Each planned slide with its layout, the layout's geometry and, for text, where every piece goes;
    a deck that would pass the slide limit fails here, before a slide is written."""
    geometries: dict[str, LayoutGeometry] = {}
    out, count = [], 0
    for spec in specs:
        layout = layouts[spec.kind]
        geometry = geometries.get(spec.kind) or layout_geometry(layout, prs.slide_width, prs.slide_height)
        geometries[spec.kind] = geometry
        placement = None if spec.media is not None else place_slide(spec, geometry, settings,
                                                                     pinned_boxes(mapping.get(spec.kind)))
        count += len(placement.slides) if placement is not None else 1  # a table's continuations are counted later
        if count > MAX_SLIDES:
            raise _too_many(ctx, count)
        out.append((spec, layout, geometry, placement))
    return out


def build_deck(ctx: Context, workspace: Path, inputs: list[str] | None = None) -> tuple[bytes, int, list[str]]:
    """The deck's bytes, its slide count and the warnings collected on the way; the workspace files its
    figures were drawn from are added to `inputs`."""
    specs = [s for planned in plan_slides(ctx, workspace) for s in expand(planned, ctx.t.continued)]
    template = open_deck_template(ctx, workspace)
    warnings: list[str] = []  # the template's own notes are the check stage's, said once at the kit's line
    kinds = list(dict.fromkeys(s.kind for s in specs))
    mapping = dict(ctx.kit.deck.layouts or {})
    layouts = resolve_layouts(template, mapping, kinds, lambda path: Loc(ctx.kit.file))
    body_font, title_font = theme_kit(template, ctx.kit.theme)
    script_fonts(template.prs)
    _drop_existing_slides(template.prs)
    _notes_have_a_body(template.prs)
    prs, lang = template.prs, lang_tag(ctx.kit.locale)
    settings = DeckSettings(body_font, title_font, template.builtin, ctx.t.continued, _logo(ctx, workspace, warnings),
                            template.called)
    count = 0
    inputs = inputs if inputs is not None else []
    for spec, layout, geometry, placement in _placed(specs, layouts, prs, settings, mapping, ctx):
        if placement is None:
            done = write_media(prs, layout, spec, geometry, settings, workspace, lang=lang, first_number=count + 1)
        else:
            done = _write_placed(prs, layout, spec, placement, settings, lang, count)
        count += done.count
        warnings += [w for w in done.warnings if w not in warnings]
        inputs += [n for n in done.inputs if n not in inputs]
        if count > MAX_SLIDES:
            raise _too_many(ctx, count)
    add_sections(prs, _section_names(ctx), ctx.kit.id)
    _core_properties(prs, ctx, lang)
    buf = io.BytesIO()
    prs.save(buf)
    return normalized(buf.getvalue(), ctx.kit.created, count), count, warnings


def write_deck(ctx: Context, spec: Any, workspace: Path, path: Path) -> dict:
    """Write the deck for ``ctx`` to ``path`` atomically; returns {'pages': slides, 'warnings': [...],
    'inputs': [the workspace files its figures were drawn from]}."""
    inputs: list[str] = []
    data, count, warnings = build_deck(ctx, workspace, inputs)
    write_bytes(path, data)
    return {"pages": count, "warnings": warnings, "inputs": inputs}
