"""The deck writer: the planned slides (``slides.jinja``) written into a PowerPoint template.

``write_deck`` is what ``kitgen build`` calls for the ``slides`` output:

1. the plan (:mod:`kitgen.deck.plan`) says which slides, in which order, with which texts;
2. the template (the built-in one or the kit's ``deck.template``, checked before it is opened)
   is themed with the kit's colours and font, and each slide kind is mapped to one of its layouts
   (by name; the kit's ``deck.layouts`` wins);
3. every text goes into a placeholder as editable text, fitted to its box with real font metrics
   (:mod:`kitgen.deck.box`): the size is written on every run and autofit is off, and a list too
   long for one slide continues on "(continued)" slides;
4. speaker notes carry the timing, cues and facilitator notes;
5. the file is saved with fixed metadata and zip timestamps, so the same inputs give the same bytes,
   and moved into place atomically.
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu

from kitgen.atomic import write_bytes
from kitgen.context import Context
from kitgen.deck import box as boxes
from kitgen.deck.box import Box, Flow, Page
from kitgen.deck.mapping import TITLE_TYPES, Template, open_named_template, resolve_layouts
from kitgen.deck.package import normalized
from kitgen.deck.plan import SlideSpec, plan_slides
from kitgen.deck.runs import TEXT, Join, Line, clean_runs, clean_text, inline_runs, list_lines, text_lines
from kitgen.deck.template import (BUILTIN_TEMPLATE, apply_theme, contrast, open_template, text_style, theme_colour, theme_fonts)
from kitgen.deck.xml import Writer
from kitgen.errors import Loc
from kitgen.markup import Run
from kitgen.images import TYPES, image_problem
from kitgen.paths import IMAGE_SUFFIXES, workspace_file

_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

TITLE_FLOOR = 24
#: Per kind, its text slots in placeholder order: (name, floor in points, continues on more slides).
SLOTS: dict[str, tuple[tuple[str, int, bool], ...]] = {
    "title": (("subtitle", 16, False), ("details", 12, False)),
    "section": (("lead", 18, False),),
    "content": (("main", 18, True),),
    "two-content": (("left", 16, True), ("right", 16, True)),
    "quote": (("quote", 20, True), ("attribution", 14, False)),
    "agenda": (("rows", 16, True), ("details", 12, False)),
    "closing": (("main", 18, False),),
}
#: Fonts written into the deck under the name PowerPoint users have (metric-compatible twins).
DECK_FONT_NAMES = {"carlito": "Calibri", "caladea": "Cambria"}
_BODY_TYPES = {PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.OBJECT,
               PP_PLACEHOLDER.VERTICAL_BODY, PP_PLACEHOLDER.VERTICAL_OBJECT}
_LIKELY_REGION = {"en": "US", "fr": "FR", "de": "DE", "es": "ES", "it": "IT", "pt": "PT", "nl": "NL",
                  "ja": "JP", "zh": "CN", "ko": "KR", "sv": "SE", "da": "DK", "nb": "NO", "fi": "FI",
                  "pl": "PL", "cs": "CZ", "el": "GR", "tr": "TR", "ru": "RU", "uk": "UA", "ar": "SA",
                  "he": "IL", "hi": "IN"}


def deck_font(family: str | None) -> str | None:
    """The font name to write into the deck: Carlito is written as Calibri (same metrics)."""
    if not family:
        return family
    return DECK_FONT_NAMES.get(family.strip().lower(), family)


def lang_tag(locale: str) -> str:
    """``en`` -> ``en-US``, ``fr`` -> ``fr-FR``, ``fr-CA`` stays: the ``lang`` of every run."""
    if "-" in locale:
        return locale
    region = _LIKELY_REGION.get(locale)
    if region is None:
        try:
            from babel.core import get_global
            likely = get_global("likely_subtags").get(locale, "")
            region = likely.split("_")[-1] if likely.count("_") >= 1 else None
        except Exception:  # noqa: BLE001 - a language without a known region keeps its bare code
            region = None
    return f"{locale}-{region}" if region else locale


# --------------------------------------------------------------------------- template


def _kit_loc(ctx: Context, workspace: Path, path: tuple) -> Loc:
    """Where a deck setting stands in the kit file, from the locations the context carries."""
    deck = getattr(ctx.kit, "deck", None)
    locate = getattr(deck, "locate", None) if deck is not None else None
    return locate(path) if locate is not None else Loc(f"content/kits/{ctx.kit.id}.yaml")


def _deck_setting(ctx: Context, name: str, default: Any) -> Any:
    deck = getattr(ctx.kit, "deck", None)
    if deck is None:
        return default
    return vars(deck).get(name, default)


def open_deck_template(ctx: Context, workspace: Path) -> Template:
    """Open the kit's template (checked through the workspace gate and as a zip) or the built-in one."""
    name = _deck_setting(ctx, "template", None)
    if not name:
        return Template(open_template(BUILTIN_TEMPLATE), "built-in template", True)
    return open_named_template(name, workspace, _kit_loc(ctx, workspace, ("deck", "template")))


def _theme(ctx: Context, template: Template) -> None:
    """The kit's colours and fonts into the theme; the fonts text is measured with."""
    theme = ctx.kit.theme
    chosen = set(_deck_setting(ctx, "theme_set", ["primary", "accent", "font", "heading_font"]))
    heading = theme.heading_font if theme.heading_font != theme.font or "heading_font" in chosen else None
    if template.builtin:
        apply_theme(template.prs, theme.primary, theme.accent, deck_font(theme.font),
                    heading_font=deck_font(heading))
        template.body_font, template.title_font = theme.font, heading or theme.font
        return
    # A user's template keeps its own branding except what the kit (or kitgen.yaml) sets explicitly.
    font = theme.font if "font" in chosen else None
    heading = heading if "heading_font" in chosen else None
    apply_theme(template.prs, theme.primary if "primary" in chosen else None,
                theme.accent if "accent" in chosen else None, deck_font(font), dark2=False,
                heading_font=deck_font(heading))
    major, minor = theme_fonts(template.prs)
    template.body_font = font or _measurable(minor)
    template.title_font = heading or font or _measurable(major)


def _measurable(family: str | None) -> str | None:
    return None if not family or family.startswith("+") else family


# --------------------------------------------------------------------------- slides


def _anchor(ph: Any) -> str | None:
    """The vertical anchor of a placeholder's text (from the slide, layout or master), None if unset."""
    node = ph
    for _ in range(3):
        body = node._element.find(f"{_P}txBody/{_A}bodyPr")  # noqa: SLF001
        if body is not None and body.get("anchor"):
            return body.get("anchor")
        base = getattr(node, "_base_placeholder", None)
        if base is None:
            return None
        node = base
    return None


def _placeholders(shapes) -> tuple[Any, list[Any]]:
    """The title placeholder and the text placeholders (by idx) of a layout or slide."""
    title = None
    bodies = []
    for ph in shapes.placeholders:
        kind = ph.placeholder_format.type
        if kind in TITLE_TYPES and title is None:
            title = ph
        elif kind in _BODY_TYPES:
            bodies.append(ph)
    bodies.sort(key=lambda p: p.placeholder_format.idx)
    return title, bodies


@dataclass
class _Slot:
    name: str
    lines: list[Line]
    floor: int
    flows: bool
    align: str | None = None


class DeckWriter:
    """Adds planned slides to a themed template."""

    def __init__(self, ctx: Context, workspace: Path, template: Template, warnings: list[str]):
        self.ctx = ctx
        self.workspace = workspace
        self.template = template
        self.prs = template.prs
        self.t = ctx.t
        self.lang = lang_tag(ctx.kit.locale)
        self.warnings = warnings
        self.count = 0
        self.logo = self._logo()
        self.marker = self._marker_colour()

    # ---------------------------------------------------------------- helpers

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _logo(self) -> tuple[Path, str] | None:
        name = self.ctx.kit.logo or self.ctx.kit.theme.logo
        if not name:
            return None
        path, why = workspace_file(self.workspace, name, IMAGE_SUFFIXES)
        if path is None:
            self.warn(f"logo: {why}; the title slide has no logo")
            return None
        if path.suffix.lower() not in (".png", ".jpg", ".jpeg", ".gif"):
            self.warn(f"logo: {name} is {path.suffix.lstrip('.').upper()}; slides take PNG, JPEG or GIF logos "
                      "(the title slide has none)")
            return None
        why = image_problem(path.read_bytes(), TYPES[path.suffix.lower()], thorough=True)
        if why:
            self.warn(f"logo: {name}: {why}; the title slide has no logo")
            return None
        org = self.ctx.kit.organization
        return path, f"{org} logo" if org else "Logo"

    def _marker_colour(self) -> str:
        """Bullets and numbers in the primary colour (accent1), unless it is too pale to read on
        white (contrast under 3:1, e.g. a yellow): then in the dark shade used for titles (tx2)."""
        accent, light = theme_colour(self.prs, "accent1"), theme_colour(self.prs, "lt1") or "FFFFFF"
        if accent and contrast(accent, light) < 3.0:
            return "tx2"
        return "accent1"

    def _slots(self, spec: SlideSpec) -> list[_Slot]:
        """The spec's texts as lines, one group per slot of its kind."""
        field = spec.field or f"slide {spec.kind!r}"
        kind = spec.kind
        floors = {name: (floor, flows) for name, floor, flows in SLOTS[kind]}

        def slot(name: str, lines: list[Line]) -> _Slot:
            floor, flows = floors[name]
            return _Slot(name, lines, floor, flows)

        def lead(value: Any) -> list[Line]:
            return text_lines(value, field)

        if kind == "title":
            return [slot("subtitle", lead(spec.subtitle)), slot("details", lead(spec.body))]
        if kind == "section":
            lines, detail = lead(spec.subtitle), lead(spec.body)
            spacer = [Line([Run("")], TEXT)] if lines and detail else []
            return [slot("lead", lines + spacer + detail)]
        if kind in ("content", "closing"):
            lines = lead(spec.subtitle) + lead(spec.body)
            lines += list_lines(spec.bullets, spec.numbered, field)
            return [slot("main", lines)]
        if kind == "two-content":
            out = []
            for name, heading, value in (("left", spec.left_title, spec.left), ("right", spec.right_title, spec.right)):
                lines = [Line([Run(r.text, True, r.italic, r.code, r.href) for r in inline_runs(heading)], TEXT)] \
                    if heading else []
                if isinstance(value, (list, tuple)):
                    lines += list_lines(list(value), spec.numbered, f"{field} ({name})")
                else:
                    lines += lead(value)
                out.append(slot(name, lines))
            return out
        if kind == "quote":
            return [slot("quote", lead(spec.quote)), slot("attribution", lead(spec.attribution))]
        if kind == "agenda":
            rows = []
            for i, row in enumerate(spec.rows):
                row = row if isinstance(row, dict) else {"title": row}
                time, title, detail = row.get("time"), row.get("title"), row.get("detail")
                line = list_lines([{"text": title, "detail": detail}], False, f"{field} row {i + 1}")[0]
                if time:
                    line.hang = inline_runs(time)
                else:
                    line.kind, line.number = "number", i + 1
                rows.append(line)
            return [slot("rows", rows), slot("details", lead(spec.body))]
        raise ValueError(kind)

    def _box(self, layout: SlideLayout, ph: Any, slot: _Slot, width: int | None = None,
             height: int | None = None) -> Box:
        style = text_style(layout, ph.placeholder_format.idx)
        box = Box(width or ph.width or 0, height or ph.height or 0, style, self.template.body_font,
                  round(style.size_pt), slot.floor)
        box.hang_emu = boxes.hang_width(["".join(r.text for r in ln.hang) for ln in slot.lines if ln.hang], box)
        numbers = [ln.number for ln in slot.lines if ln.kind == "number"]
        if numbers:
            box.number_emu = boxes.number_width(max(numbers), box)
        return box

    # ---------------------------------------------------------------- one planned slide

    def add(self, spec: SlideSpec, layout: SlideLayout) -> None:
        field = spec.field or f"slide {spec.kind!r}"
        title_ph, bodies = _placeholders(layout)
        slots = self._slots(spec)
        for slot in slots:
            slot.lines = clean_runs(slot.lines, self.warnings, field)
        if len(slots) > len(bodies):  # the layout has fewer text boxes: later texts join the last one
            keep = max(len(bodies), 1)
            extra = [ln for s in slots[keep:] for ln in s.lines]
            slots = slots[:keep]
            if spec.kind == "quote":  # a plain text box: the quotation in italics, the attribution after it
                slots[0].lines = [dc_replace(ln, runs=[dc_replace(r, italic=True) for r in ln.runs])
                                  for ln in slots[0].lines]
                if extra:
                    extra[0] = Line([Run("\u2014 ")] + extra[0].runs, extra[0].kind, extra[0].depth,
                                    source=extra[0].source)
            if spec.kind != "agenda":
                slots[-1].lines += extra
            slots[-1].flows = slots[-1].flows or spec.kind in ("quote",)
        logo = self.logo if spec.kind == "title" else None
        flows: list[Flow | None] = []
        shrink = self._logo_room(layout, bodies) if logo else {}
        grown: dict[int, int] = {}
        if not bodies and any(slot.lines for slot in slots):
            self.warn(f"{field}: layout {layout.name!r} has no text placeholder, so this slide shows its title only; "
                      "map the slide kind to another layout in the kit's deck.layouts")
        for slot, ph in zip(slots, bodies):
            if not slot.lines:
                flows.append(None)
                continue
            idx = ph.placeholder_format.idx
            place = shrink.get(idx)
            box = self._box(layout, ph, slot, place[2] if place else None, place[3] if place else None)
            result = boxes.flow(slot.lines, box, field, paginate=slot.flows)
            if not slot.flows and result.pages[0].size < box.max_pt:
                # Set smaller than the layout wants: use the free space below the box, if any.
                room = self._room_below(layout, ph, self._logo_box(layout) if logo else None)
                if room > box.height:
                    taller = self._box(layout, ph, slot, place[2] if place else None, room)
                    retry = boxes.flow(slot.lines, taller, field, paginate=False)
                    if retry.pages[0].size > result.pages[0].size:
                        result = retry
                        grown[idx] = room
            for problem in result.problems:
                self.warn(problem)
            note = boxes.font_note(box)
            if note:
                self.warn(f"deck: {note}")
            flows.append(result)
        if spec.kind == "two-content":  # both columns at one size
            common = min((p.size for f in flows if f is not None for p in f.pages if not p.overflow), default=0)
            for f in flows:
                for p in (f.pages if f is not None else []):
                    p.size = min(p.size, common) if common else p.size
        pages = max([len(f.pages) for f in flows if f is not None] or [1])
        for page in range(pages):
            slide = self.prs.slides.add_slide(layout)
            self.count += 1
            writer = Writer(slide.part, self.lang, self.marker)
            title = spec.title if page == 0 else Join([spec.title, f"({self.t.continued})"], " ")
            s_title, s_bodies = _placeholders(slide)
            self._title(layout, title_ph, s_title, title, field, writer)
            used = {s_title._element}  # noqa: SLF001
            for slot, ph, result in zip(slots, s_bodies, flows):
                if result is None:
                    continue
                if page >= len(result.pages):
                    continue
                if not slot.flows and page > 0:
                    continue
                place, height = shrink.get(ph.placeholder_format.idx), grown.get(ph.placeholder_format.idx)
                if place or height:
                    left, top, width, tall = place or (ph.left, ph.top, ph.width, ph.height)
                    ph.left, ph.top, ph.width, ph.height = Emu(left), Emu(top), Emu(width), Emu(height or tall)
                box = self._box(layout, ph, slot, ph.width, ph.height)
                self._fill(ph, result.pages[page], box, writer)
                used.add(ph._element)  # noqa: SLF001
            for ph in list(slide.placeholders):
                if ph._element not in used:  # noqa: SLF001
                    ph._element.getparent().remove(ph._element)  # noqa: SLF001 - no prompt text left behind
            if spec.kind != "title":  # a title slide carries no page number
                self._slide_number(slide, layout)
            if logo and page == 0:
                self._add_logo(slide, logo, layout, bodies)
            self._notes(slide, spec, field)

    def _title(self, layout: SlideLayout, layout_ph: Any, ph: Any, title: Any, field: str, writer: Writer) -> None:
        style = text_style(layout, layout_ph.placeholder_format.idx)
        box = Box(ph.width or 0, ph.height or 0, style, self.template.title_font, round(style.size_pt),
                  TITLE_FLOOR)
        lines = clean_runs([Line(inline_runs(title), TEXT)], self.warnings, f"{field} (title)")
        result = boxes.flow(lines, box, f"{field} (title)", paginate=False)
        for problem in result.problems:
            self.warn(problem)
        note = boxes.font_note(box)
        if note:
            self.warn(f"deck: {note}")
        self._fill(ph, result.pages[0], box, writer)

    def _fill(self, ph: Any, page: Page, box: Box, writer: Writer) -> None:
        frame = ph.text_frame
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.margin_left = frame.margin_right = Emu(91440)
        frame.margin_top = frame.margin_bottom = Emu(45720)
        body = frame._txBody  # noqa: SLF001 - paragraphs are written as XML with every property explicit
        for p in body.findall(f"{_A}p"):
            body.remove(p)
        for line in page.lines:
            body.append(writer.paragraph(line, box, page.size))
        if not page.lines:
            body.append(etree.Element(f"{_A}p"))

    def _slide_number(self, slide: Slide, layout: SlideLayout) -> None:
        source = next((ph for ph in layout.placeholders
                       if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_NUMBER), None)
        if source is None:
            return
        tree = slide.shapes._spTree  # noqa: SLF001
        ids = [int(el.get("id")) for el in tree.iter(f"{_P}cNvPr") if (el.get("id") or "").isdigit()]
        sp = etree.SubElement(tree, f"{_P}sp")
        nv = etree.SubElement(sp, f"{_P}nvSpPr")
        etree.SubElement(nv, f"{_P}cNvPr", id=str(max(ids, default=1) + 1), name="Slide Number")
        etree.SubElement(etree.SubElement(nv, f"{_P}cNvSpPr"), f"{_A}spLocks", noGrp="1")
        nvpr = etree.SubElement(nv, f"{_P}nvPr")
        ph_src = source._element.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")  # noqa: SLF001
        nvpr.append(copy.deepcopy(ph_src))
        etree.SubElement(sp, f"{_P}spPr")
        body = etree.SubElement(sp, f"{_P}txBody")
        etree.SubElement(body, f"{_A}bodyPr")
        etree.SubElement(body, f"{_A}lstStyle")
        p = etree.SubElement(body, f"{_A}p")
        fld = etree.SubElement(p, f"{_A}fld", id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum")
        etree.SubElement(fld, f"{_A}rPr", lang=self.lang)
        etree.SubElement(fld, f"{_A}t").text = str(self.count)

    def _room_below(self, layout: SlideLayout, ph: Any, logo_box: tuple[int, int, int, int] | None) -> int:
        """The height ``ph`` could have, growing down into free space (0.35 in above the slide's foot).

        Only for top-anchored boxes; every other shape of the layout (and of the master, when
        the layout shows it) that overlaps its column below it stops the growth.
        """
        anchor = _anchor(ph)
        left, top, width, height = ph.left or 0, ph.top or 0, ph.width or 0, ph.height or 0
        if anchor not in (None, "t") or not width:
            return 0
        limit = self.prs.slide_height - 320040
        others = [s for s in layout.shapes if s.shape_id != ph.shape_id]
        if layout._element.get("showMasterSp") not in ("0", "false"):  # noqa: SLF001
            others += [s for s in layout.slide_master.shapes if not s.is_placeholder]
        boxes_ = [(s.left or 0, s.top or 0, s.width or 0, s.height or 0) for s in others
                  if s.width is not None and s.top is not None]
        if logo_box:
            boxes_.append(logo_box)
        for x, y, w, h in boxes_:
            if x < left + width and x + w > left and y + h > top + height - 12700:
                if y < top + height - 12700:  # something beside or over it already: do not grow
                    return 0
                limit = min(limit, y - 91440)
        return max(0, limit - top)

    # ---------------------------------------------------------------- logo

    def _logo_room(self, layout: SlideLayout, bodies: list[Any]) -> dict[int, tuple[int, int, int, int]]:
        """On the title slide, the text boxes that run into the logo move out of its way.

        Returns the new (left, top, width, height) of each such box: shorter, when stopping
        above the logo keeps most of its height; else narrower, and a centred box narrows from
        both sides so its text stays centred under the title.
        """
        lx, ly, lw, lh = self._logo_box(layout)
        gap = 228600
        out = {}
        for ph in bodies:
            left, top, width, height = ph.left or 0, ph.top or 0, ph.width or 0, ph.height or 0
            if top + height <= ly or top >= ly + lh or left + width <= lx or left >= lx + lw:
                continue
            idx = ph.placeholder_format.idx
            above = ly - 91440 - top
            if above >= 0.6 * height:
                out[idx] = (left, top, width, above)
                continue
            cut = left + width - (lx - gap)
            if text_style(layout, idx).align == "ctr" and width - 2 * cut >= max(width // 2, 1828800):
                out[idx] = (left + cut, top, width - 2 * cut, height)
            else:
                out[idx] = (left, top, max(int(lx - gap - left), 914400), height)
        return out

    def _logo_box(self, layout: SlideLayout) -> tuple[int, int, int, int]:
        sw, sh = self.prs.slide_width, self.prs.slide_height
        margin = 685800
        if self.template.builtin:  # beside the subtitle and details, below the title band
            return sw - margin - 2286000, 4709160, 2286000, 1371600
        return sw - margin - 1828800, sh - margin - 731520, 1828800, 731520

    def _add_logo(self, slide: Slide, logo: tuple[Path, str], layout: SlideLayout, bodies: list[Any]) -> None:
        from PIL import Image
        path, alt = logo
        left, top, width, height = self._logo_box(layout)
        with Image.open(path) as image:
            w, h = image.size
        scale = min(width / w, height / h)
        pw, ph = int(w * scale), int(h * scale)
        pic = slide.shapes.add_picture(str(path), left + width - pw, top + (height - ph) // 2, pw, ph)
        alt, _ = clean_text(alt)
        pic._element.nvPicPr.cNvPr.set("descr", alt)  # noqa: SLF001 - alt text for screen readers
        pic.name = "Logo"

    # ---------------------------------------------------------------- notes

    def _notes(self, slide: Slide, spec: SlideSpec, field: str) -> None:
        lines: list[Line] = []
        for note in spec.notes:
            lines += text_lines(note)
        lines = clean_runs(lines, self.warnings, f"{field} (notes)")
        if not lines:
            return
        frame = slide.notes_slide.notes_text_frame
        body = frame._txBody  # noqa: SLF001
        for p in body.findall(f"{_A}p"):
            body.remove(p)
        writer = Writer(slide.notes_slide.part, self.lang)
        for line in lines:
            body.append(writer.note_paragraph(line))


# --------------------------------------------------------------------------- the whole deck


def _core_properties(prs: Any, ctx: Context, lang: str) -> None:
    from kitgen.handouts import created_at
    when = created_at(ctx).replace(tzinfo=None)
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
    core.created = core.modified = core.last_printed = when


def build_deck(ctx: Context, workspace: Path) -> tuple[bytes, int, list[str]]:
    """The deck's bytes, its slide count and the warnings collected on the way."""
    from kitgen.handouts import created_at
    warnings: list[str] = []
    specs = plan_slides(ctx, workspace)
    template = open_deck_template(ctx, workspace)
    mapping = dict(_deck_setting(ctx, "layouts", {}) or {})
    kinds = list(dict.fromkeys(s.kind for s in specs))
    layouts = resolve_layouts(template, mapping, kinds, lambda path: _kit_loc(ctx, workspace, path))
    _theme(ctx, template)
    _drop_existing_slides(template.prs)
    writer = DeckWriter(ctx, workspace, template, warnings)
    for spec in specs:
        writer.add(spec, layouts[spec.kind])
    _core_properties(template.prs, ctx, writer.lang)
    buf = io.BytesIO()
    template.prs.save(buf)
    return normalized(buf.getvalue(), created_at(ctx), writer.count), writer.count, warnings


def _drop_existing_slides(prs: Any) -> None:
    """A template saved with example slides: start from its layouts only."""
    ids = prs.slides._sldIdLst  # noqa: SLF001 - python-pptx has no public slide removal
    for sld in list(ids):
        prs.part.drop_rel(sld.rId)
        ids.remove(sld)


def write_deck(ctx: Context, spec: Any, workspace: Path, path: Path) -> dict:
    """Write the deck for ``ctx`` to ``path`` atomically; returns {'pages': slides, 'warnings': [...]}."""
    data, count, warnings = build_deck(ctx, workspace)
    write_bytes(path, data)
    return {"pages": count, "warnings": warnings}
