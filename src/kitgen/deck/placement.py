"""Where each piece of a planned slide goes: the pure step between the plan and the XML.

Given a :class:`~kitgen.deck.plan.SlideSpec` and the :class:`~kitgen.deck.geometry.LayoutGeometry`
of its layout, :func:`place_slide` decides which text goes into which placeholder, at which size,
on how many slides (a list too long for one slide continues on "(continued)" slides), where boxes
move to make room for the logo or grow into free space, and where the logo goes. It reads no
python-pptx object and writes no XML (:mod:`kitgen.deck.slides` does that).

Text slots (the kind's ``slots`` in :data:`~kitgen.deck.kinds.SLIDE_KINDS`) are given to the layout's
text placeholders by role and size (:mod:`kitgen.deck.boxes`); a slot with no placeholder joins the
one its kind names (a quotation and its attribution in one box: the quotation in italics, then
"— attribution"), or is left out (an agenda's details).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kitgen.deck.flow import Flow, FlowPage, flow
from kitgen.deck.geometry import LayoutGeometry, Rect, TextPlaceholder
from kitgen.deck.boxes import PlaceholderRef, plan_boxes
from kitgen.deck.kinds import SLIDE_KINDS, TITLE_FLOOR_PT
from kitgen.deck.lines import TEXT, Join, Line, clean_runs, inline_runs, text_lines
from kitgen.deck.measure import height_emu, text_box
from kitgen.deck.readable import BODY_CONTRAST, TextColours, need_for, text_colours
from kitgen.deck.room import Logo, clear_of, logo_area, logo_picture, room_above, room_below
from kitgen.deck.slots import SlotText, slot_texts
from kitgen.deck.textbox import TextBox
from kitgen.markup import Run

if TYPE_CHECKING:
    from kitgen.deck.plan import SlideSpec

@dataclass(frozen=True)
class DeckSettings:
    """What every slide of a deck shares: the fonts text is measured with, the logo, the labels."""

    body_font: str | None
    title_font: str | None
    builtin: bool  #: the built-in template (its logo area is beside the title slide's subtitle)
    continued: str  #: the label of continuation slides, e.g. "continued"
    logo: Logo | None = None
    template: str = "the deck"  #: what messages call the template, e.g. "template assets/corporate.pptx"


@dataclass
class PlacedText:
    """The text of one placeholder on one slide; ``rect`` is where the placeholder moves, if it does;
    ``colours`` what its runs, clock times, markers and greyed details are drawn in."""

    idx: int
    page: FlowPage
    box: TextBox
    rect: Rect | None = None
    colours: TextColours = TextColours()
    anchor: str | None = None  #: the box's vertical anchor (t, ctr, b; None: top)


@dataclass
class PlacedSlide:
    """One slide: its title, its texts, whether it carries a slide number (in which colours) and where
    the logo goes."""

    title: PlacedText
    bodies: list[PlacedText]
    slide_number: bool
    notes: list[Line]
    logo: Rect | None = None
    number_colours: TextColours = TextColours()
    number_rect: Rect | None = None  #: where the slide number moves (its box reaches off the slide), if it does


@dataclass
class Placement:
    """The slides one planned slide became (more than one: continuation slides), and the warnings."""

    slides: list[PlacedSlide]
    warnings: list[str] = field(default_factory=list)
    on_slides: list[tuple[int, str]] = field(default_factory=list)
    """Warnings of one of the slides: (0 for the first, 1 for its first continuation, ..., message)."""

    def warn(self, *messages: str | None) -> None:
        for message in messages:
            if message and message not in self.warnings:
                self.warnings.append(message)

    def warn_on(self, page: int, flowed: Flow) -> None:
        """What setting the text of ``flowed`` below the floor says, on slide ``page`` (its first page on
        it) and the continuation slides after it."""
        for i, one in enumerate(flowed.pages):
            if one.problem and (page + i, one.problem) not in self.on_slides:
                self.on_slides.append((page + i, one.problem))

    def said(self, first: int) -> list[str]:
        """The warnings, those of one slide naming it, the slides numbered from ``first``."""
        return self.warnings + [f"slide {first + page}: {message}" for page, message in self.on_slides]


# --------------------------------------------------------------------------- texts to boxes


def _joined(slot: SlotText, into: SlotText, kind: str) -> None:
    """``slot``'s lines appended to ``into`` (a quotation and its attribution in one box: the quotation
    in italics, then "— attribution")."""
    extra = list(slot.lines)
    if kind == "quote":
        into.lines = [replace(ln, runs=[replace(r, italic=True) for r in ln.runs]) for ln in into.lines]
        if extra:
            extra[0] = Line([Run("\u2014 ")] + extra[0].runs, extra[0].kind, extra[0].depth, source=extra[0].source)
    into.lines += extra


def assign_boxes(kind: str, slots: list[SlotText], boxes: tuple[TextPlaceholder, ...],
                 chosen: Mapping[str, PlaceholderRef] | None = None) -> list[tuple[SlotText, TextPlaceholder]]:
    """Which text placeholder receives which slot (:func:`kitgen.deck.boxes.plan_boxes`).

    A slot without a box joins the slot its kind names, or is left out; slots without text get no
    box (their placeholder is left out of the slide).
    """
    plan = plan_boxes(kind, boxes, chosen)
    by_name = {slot.name: slot for slot in slots}
    for slot in slots:
        joins = next(s.joins for s in SLIDE_KINDS[kind].slots if s.name == slot.name)
        if plan.boxes.get(slot.name) is None and joins and slot.lines and joins in by_name:
            _joined(slot, by_name[joins], kind)
    out = []
    for slot in slots:
        ph = plan.boxes.get(slot.name)
        if ph is not None and slot.lines:
            out.append((slot, ph))
    return out


def _body_box(ph: TextPlaceholder, slot: SlotText, settings: DeckSettings, rect: Rect | None = None,
              height: int | None = None) -> TextBox:
    width = rect.width if rect else None
    height = height or (rect.height if rect else None)
    box = TextBox(width or ph.rect.width, height or ph.rect.height, ph.style, ph.style.font or settings.body_font,
                  round(ph.style.size_pt), slot.floor_pt)  # a typeface the template's style names itself draws it
    return text_box(box, slot.lines)


# --------------------------------------------------------------------------- bodies


@dataclass
class _Body:
    """A slot flowed into its placeholder."""

    slot: SlotText
    ph: TextPlaceholder
    flow: Flow
    box: TextBox
    rect: Rect | None


def _flow_body(slot: SlotText, ph: TextPlaceholder, geometry: LayoutGeometry, settings: DeckSettings,
               logo: Rect | None, where: str) -> _Body:
    """Flow one slot; a text that does not continue and is set small first grows into the free space
    below it (above it, for a bottom-anchored box)."""
    ph = clear_of(ph, logo, geometry.pictures)
    moved = ph.rect if ph.clipped else None  # a box reaching off the slide (or clear of a logo): moved
    box = _body_box(ph, slot, settings, moved)
    result = flow(slot.lines, box, where, paginate=slot.continues)
    if slot.continues or result.pages[0].size >= box.max_pt:
        return _Body(slot, ph, result, box, moved)
    rect = moved or ph.rect
    room, up = room_below(geometry, ph, logo), False
    if room <= box.height:
        room, up = room_above(geometry, ph, logo), True
    if room > box.height:
        taller = _body_box(ph, slot, settings, moved, room)
        retry = flow(slot.lines, taller, where, paginate=False)
        if retry.pages[0].size > result.pages[0].size:
            top = rect.top + rect.height - room if up else rect.top
            return _Body(slot, ph, retry, taller, Rect(rect.left, top, rect.width, room))
    return _Body(slot, ph, result, box, moved)


def _same_size(bodies: list[_Body]) -> None:
    """Both columns of a two-content slide at one size: the smaller one."""
    common = min((p.size for b in bodies for p in b.flow.pages if not p.overflow), default=0)
    for body in bodies:
        for page in body.flow.pages:
            page.size = min(page.size, common) if common else page.size


def _cleaned(lines: list[Line], where: str, placement: Placement) -> list[Line]:
    """``lines`` without the characters a slide cannot hold, with a warning when there were any."""
    cleaned: list[str] = []
    lines = clean_runs(lines, cleaned, where)
    placement.warn(*cleaned)
    return lines


def _bodies(spec: SlideSpec, geometry: LayoutGeometry, settings: DeckSettings, logo: Rect | None, where: str,
            placement: Placement, chosen: Mapping[str, PlaceholderRef] | None) -> list[_Body]:
    """Each text slot of the spec flowed into its placeholder (slots without text are left out)."""
    slots = slot_texts(spec)
    for slot in slots:
        slot.lines = _cleaned(slot.lines, where, placement)
    if not geometry.bodies and any(slot.lines for slot in slots):
        placement.warn(f"{where}: layout {geometry.name!r} has no text placeholder, so this slide shows its title "
                       "only; map the slide kind to another layout in the kit's deck.layouts")
    bodies = []
    for slot, ph in assign_boxes(spec.kind, slots, geometry.bodies, chosen):
        body = _flow_body(slot, ph, geometry, settings, logo, where)
        placement.warn_on(0, body.flow)
        bodies.append(body)
    if spec.kind == "two-content":
        _same_size(bodies)
    return bodies


# --------------------------------------------------------------------------- titles and notes


def one_line(ph: TextPlaceholder, box: TextBox) -> Rect | None:
    """A title box too short for one line at its own size, made just tall enough (None: it is tall enough).

    It grows away from its anchor (a bottom-anchored title upwards, a centred one both ways), so
    the template's title size is kept and nothing is drawn outside the box.
    """
    need = height_emu([Line([Run("Ag")], TEXT)], box, box.max_pt)
    extra = need - ph.rect.height
    if extra <= 0:
        return None
    top = ph.rect.top - (extra if ph.anchor == "b" else extra // 2 if ph.anchor == "ctr" else 0)
    return Rect(ph.rect.left, max(0, top), ph.rect.width, need)


def _title(value: Any, ph: TextPlaceholder, settings: DeckSettings, where: str, placement: Placement,
           geometry: LayoutGeometry | None = None, page: int = 0) -> PlacedText:
    box = TextBox(ph.rect.width, ph.rect.height, ph.style, ph.style.font or settings.title_font,
                  round(ph.style.size_pt), TITLE_FLOOR_PT)
    taller = one_line(ph, box)
    if taller is not None and geometry is not None and _covers_another(taller, ph, geometry):
        taller = None  # no room to grow into: the title is set smaller, inside its own box
    if taller is not None:
        box = replace(box, height=taller.height)
    moved = taller or (ph.rect if ph.clipped else None)  # grown to one line, or a box moved onto the slide
    lines = _cleaned([Line(inline_runs(value), TEXT)], f"{where} (title)", placement)
    result = flow(lines, box, f"{where} (title)", paginate=False)
    placement.warn_on(page, result)
    return PlacedText(ph.idx, result.pages[0], box, moved, anchor=ph.anchor)


def _covers_another(rect: Rect, ph: TextPlaceholder, geometry: LayoutGeometry) -> bool:
    """Whether `rect`, grown from `ph`'s box, would reach a shape of the slide that the box does not."""
    def meets(a: Rect, b: Rect) -> bool:
        return a.left < b.right and b.left < a.right and a.top < b.bottom and b.top < a.bottom
    return any(meets(rect, other) and not meets(ph.rect, other) for other in geometry.obstacles(ph))


def _notes(spec: SlideSpec, where: str, placement: Placement) -> list[Line]:
    lines: list[Line] = []
    for note in spec.notes:
        lines += text_lines(note)
    return _cleaned(lines, f"{where} (notes)", placement)


def _continued_notes(spec: SlideSpec, notes: list[Line], settings: DeckSettings, page: int, pages: int) -> list[Line]:
    """A continuation slide's notes: the first line of the slide's own (its timing), then which slide it
    continues, instead of the same notes again."""
    said = Join([spec.title, f"({settings.continued} {page + 1}/{pages})"], " ")
    return notes[:1] + [Line(inline_runs(said), TEXT)]


def _slide(spec: SlideSpec, geometry: LayoutGeometry, title_ph: TextPlaceholder, settings: DeckSettings,
           bodies: list[_Body], page: int, where: str, placement: Placement) -> PlacedSlide:
    """Slide ``page`` of the spec (0: the first; then its continuation slides), without notes or logo."""
    title = spec.title if page == 0 else Join([spec.title, f"({settings.continued})"], " ")
    palette = dict(geometry.palette)
    texts = []
    for body in bodies:
        if page < len(body.flow.pages) and (page == 0 or body.slot.continues):
            colours = text_colours(body.ph.colour, body.ph.behind, palette, BODY_CONTRAST)
            texts.append(PlacedText(body.ph.idx, body.flow.pages[page], body.box, body.rect, colours,
                                    body.ph.anchor))
    heading = _title(title, title_ph, settings, where, placement, geometry, page)
    heading.colours = text_colours(title_ph.colour, title_ph.behind, palette,
                                   need_for(heading.page.size, title_ph.style.bold, True))
    number = geometry.number
    numbered = number is not None and spec.kind != "title"
    placed = PlacedSlide(heading, texts, numbered, [])
    if number is not None:
        placed.number_colours = text_colours(number.colour, number.behind, palette, BODY_CONTRAST)
        placed.number_rect = number.rect if number.clipped else None
    return placed


def place_slide(spec: SlideSpec, geometry: LayoutGeometry, settings: DeckSettings,
                chosen: Mapping[str, PlaceholderRef] | None = None) -> Placement:
    """The slides ``spec`` becomes on a layout of ``geometry``: every text placed, sized and paginated.

    ``chosen`` names the placeholder of some of the kind's slots (the kit's ``deck.layouts``).
    """
    title_ph = geometry.title
    if title_ph is None:
        raise ValueError(f"layout {geometry.name!r} has no title placeholder")
    where = spec.field or f"slide {spec.kind!r}"
    title_ph = clear_of(title_ph, None, geometry.pictures)
    placement = Placement([])
    logo = settings.logo if spec.kind == "title" else None
    area = logo_area(geometry, settings.builtin) if logo else None
    bodies = _bodies(spec, geometry, settings, area, where, placement, chosen)
    first = _slide(spec, geometry, title_ph, settings, bodies, 0, where, placement)
    notes = _notes(spec, where, placement)
    pages = max([len(b.flow.pages) for b in bodies] or [1])
    placement.slides = [first] + [_slide(spec, geometry, title_ph, settings, bodies, page, where, placement)
                                  for page in range(1, pages)]
    for page, slide in enumerate(placement.slides):
        slide.notes = notes if page == 0 else _continued_notes(spec, notes, settings, page, len(placement.slides))
    first.logo = logo_picture(area, logo) if area and logo else None
    return placement
