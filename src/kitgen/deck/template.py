"""The deck template: opening it safely, the layout of each slide kind, and what ``kitgen validate`` checks.

The built-in template (``data/deck/kitgen.pptx``, built by ``tools/make_deck_template.py``) has one
layout per slide kind, named as :data:`~kitgen.deck.kinds.SLIDE_KINDS` says. A kit's own template is
opened through the workspace gate and the zip check, then :mod:`kitgen.deck.sanitize` (macros, OLE
and ActiveX left out; outside links, DTDs and bad slide sizes refused), and must have a parsable
theme. Layouts are chosen by :func:`kitgen.deck.choose.choose_layouts`, and their placeholders by
:mod:`kitgen.deck.boxes`; :func:`resolve_layouts` and :func:`check_deck_settings` turn what a
template lacks, or what a kit names wrongly, into problems at the kit's lines.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout

from kitgen.deck.boxes import find
from kitgen.deck.choose import choose_layouts, mapped_layout
from kitgen.deck.kinds import SLIDE_KINDS, slot_names
from kitgen.deck.geometry import lines_held
from kitgen.deck.layout_reader import TITLE_TYPES, layout_geometry
from kitgen.deck.measure import font_note
from kitgen.deck.package import check_zip
from kitgen.deck.sanitize import TemplateRefused, clean, prepare
from kitgen.deck.theme import theme_fonts, theme_xml
from kitgen.errors import ContentError, Loc, Problem
from kitgen.paths import TEMPLATE_SUFFIXES, workspace_file

BUILTIN_TEMPLATE: Path = Path(__file__).resolve().parent.parent / "data" / "deck" / "kitgen.pptx"
BUILTIN_NAME = "built-in template"
THEME_KEYS = {"primary": "colours", "accent": "colours", "font": "fonts", "heading_font": "fonts"}

LocFor = Callable[[tuple], Loc]


@dataclass
class DeckTemplate:
    """An opened template: the presentation, its name as the user wrote it, whether it is the built-in
    one, and what was left out of it (macros, OLE objects, ...)."""

    prs: Any
    name: str
    builtin: bool
    notes: list[str] = field(default_factory=list)

    @property
    def called(self) -> str:
        """What messages call it: "template assets/corporate.pptx", "the built-in template"."""
        return f"the {self.name}" if self.builtin else f"template {self.name}"


# --------------------------------------------------------------------------- opening


def load_template(path: Path | str | None = None) -> tuple[PresentationT, list[str]]:
    """Open a template (.pptx, .potx, .pptm or .potm; default: the built-in one) as a presentation.

    Returns it with notes on what was left out. Raises :class:`TemplateRefused` for a template kitgen
    will not use.
    """
    path = Path(path) if path else BUILTIN_TEMPLATE
    prepared = prepare(path.read_bytes())
    try:
        prs = Presentation(io.BytesIO(prepared.data))
    except (KeyError, ValueError) as exc:  # python-pptx's messages name the buffer, not the file
        raise TemplateRefused(f"is not a PowerPoint presentation or template ({type(exc).__name__})") from None
    notes = list(prepared.notes)
    left_out = clean(prs)
    if prepared.notes:  # "macro-enabled; its macros are left out" says it already
        left_out = [what for what in left_out if not what.startswith("macros")]
    if left_out:
        notes.append(f"has {', '.join(left_out)}; they are left out of the deck")
    etree.fromstring(theme_xml(prs))  # the theme is rewritten with the kit's colours: it must parse
    return prs, notes


def open_template(path: Path | str | None = None) -> PresentationT:
    """:func:`load_template` without the notes."""
    return load_template(path)[0]


def builtin_template() -> DeckTemplate:
    return DeckTemplate(open_template(BUILTIN_TEMPLATE), BUILTIN_NAME, True)


def open_named_template(name: str, workspace: Path, loc: Loc) -> DeckTemplate:
    """Open a workspace template through the file gate, the zip check and the sanitizer; problems name `loc`."""
    path, why = workspace_file(workspace, name, TEMPLATE_SUFFIXES)
    if path is None:
        raise ContentError([Problem(loc, "deck.template", why,
                                    "name a .pptx or .potx file inside the workspace, e.g. assets/corporate.pptx")])
    why = check_zip(path)
    if why:
        raise ContentError([Problem(loc, "deck.template", f"{name} {why}", "save the template again from PowerPoint")])
    try:
        prs, notes = load_template(path)
    except TemplateRefused as exc:
        raise ContentError([Problem(loc, "deck.template", f"{name} cannot be used: {exc}",
                                    "remove it from the template (or save it again from PowerPoint)")]) from None
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a content problem, not a crash
        raise ContentError([Problem(loc, "deck.template", f"{name} cannot be opened as a PowerPoint template: "
                                    f"{type(exc).__name__}: {exc}",
                                    "save it again from PowerPoint as .pptx or .potx")]) from None
    return DeckTemplate(prs, name, False, [f"{name} {note}" for note in notes])


# --------------------------------------------------------------------------- layouts of the kinds


def has_title(layout: SlideLayout) -> bool:
    """Whether the layout has a title placeholder (every slide needs a title)."""
    return any(ph.placeholder_format.type in TITLE_TYPES for ph in layout.placeholders)


def pinned_boxes(value: Any) -> dict[str, Any]:
    """The placeholders a ``deck.layouts`` entry names for the kind's slots (slot -> idx or name)."""
    if value is None or isinstance(value, str):
        return {}
    data = value.model_dump(exclude_none=True) if hasattr(value, "model_dump") else dict(value)
    return {slot: ref for slot, ref in data.items() if slot != "layout"}


def _missing(template: DeckTemplate, kind: str, mapping: dict[str, Any], loc_for: LocFor) -> Problem:
    """The problem of a kind without a layout: a name the template lacks, or no layout for the kind at all."""
    available = ", ".join(repr(layout.name) for layout in template.prs.slide_layouts) or "none"
    if kind not in SLIDE_KINDS:
        return Problem(loc_for(("deck", "layouts", kind)), f"deck.layouts.{kind}", f"no slide kind {kind!r}",
                       f"slide kinds: {', '.join(SLIDE_KINDS)}")
    if mapped_layout(mapping.get(kind)) is not None:
        return Problem(loc_for(("deck", "layouts", kind)), f"deck.layouts.{kind}",
                       f"{template.name} has no layout named {mapped_layout(mapping[kind])!r} (for {kind} slides); "
                       f"its layouts are: {available}",
                       "use one of those names; `kitgen deck-layouts` lists each layout's placeholders")
    return Problem(loc_for(("deck", "template")), "deck.template",
                   f"{template.name} has no layout with a title for {kind} slides; its layouts are: {available}",
                   f"map one in the kit: deck: {{layouts: {{{kind}: 'Layout name'}}}}")


def _box_problems(template: DeckTemplate, kind: str, layout: SlideLayout, value: Any,
                  loc_for: LocFor) -> list[Problem]:
    """The placeholders a kit names for a kind's texts must exist on its layout, once each."""
    pinned = pinned_boxes(value)
    if not pinned:
        return []
    prs = template.prs
    bodies = layout_geometry(layout, prs.slide_width, prs.slide_height).bodies
    listed = ", ".join(f"{ph.idx} ({ph.name})" for ph in bodies) or "none"
    problems, used = [], set()
    for slot, ref in pinned.items():
        where = loc_for(("deck", "layouts", kind, slot))
        field_name = f"deck.layouts.{kind}.{slot}"
        if slot not in slot_names(kind):
            problems.append(Problem(where, field_name, f"{kind} slides have no {slot!r} text",
                                    f"their texts are: {', '.join(slot_names(kind))}"))
            continue
        ph = find(bodies, ref)
        if ph is None:
            shown = ref if isinstance(ref, int) or str(ref).strip().isdigit() else repr(ref)
            problems.append(Problem(where, field_name, f"layout {layout.name!r} has no text placeholder {shown}",
                                    f"its text placeholders (idx, name): {listed}"))
        elif ph.idx in used:
            problems.append(Problem(where, field_name, f"placeholder {ph.idx} ({ph.name}) is named for two texts",
                                    "give each text its own placeholder"))
        else:
            used.add(ph.idx)
    return problems


def resolve_layouts(template: DeckTemplate, mapping: dict[str, Any], kinds: list[str],
                    loc_for: LocFor = lambda key: Loc("kit")) -> dict[str, SlideLayout]:
    """The layout of each slide kind in ``kinds`` (and of each kind the kit maps); every failure is one problem."""
    choices = choose_layouts(template.prs, mapping)
    problems: list[Problem] = []
    out: dict[str, SlideLayout] = {}
    for kind in sorted(mapping) + [k for k in kinds if k not in mapping]:
        choice = choices.get(kind)
        if choice is None or choice.layout is None:
            problems.append(_missing(template, kind, mapping, loc_for))
        else:
            out[kind] = choice.layout
    for kind, layout in out.items():
        if not has_title(layout):
            problems.append(Problem(loc_for(("deck", "layouts", kind)), f"deck.layouts.{kind}",
                                    f"layout {layout.name!r} of {template.name} has no title placeholder, "
                                    "and every slide needs a title",
                                    "choose a layout with a title; `kitgen deck-layouts` lists them"))
        elif kind in mapping:
            problems += _box_problems(template, kind, layout, mapping[kind], loc_for)
    if problems:
        raise ContentError(problems)
    return out


def theme_warnings(template: DeckTemplate, theme_keys: Iterable[str], loc_for: LocFor) -> list[Problem]:
    """A warning for each theme key the kit (or kitgen.yaml) sets that replaces the template's own look."""
    if template.builtin:
        return []
    return [Problem(loc_for(("theme", key)), f"theme.{key}",
                    f"replaces the {THEME_KEYS[key]} of {template.name} in the deck",
                    f"remove theme.{key} to keep the template's look (the handouts then use kitgen's default)",
                    severity="warning")
            for key in sorted(set(theme_keys) & set(THEME_KEYS))]


def check_deck_settings(template: str | None, mapping: dict[str, Any], workspace: Path, loc_for: LocFor,
                        theme_keys: Iterable[str] = ()) -> list[Problem]:
    """What `kitgen validate` knows about a kit's deck settings: the template opens and maps every slide
    kind, the placeholders the kit names exist; warnings for what the template loses (macros, its look)."""
    try:
        opened = open_named_template(template, workspace, loc_for(("deck", "template"))) if template \
            else builtin_template()
        layouts = resolve_layouts(opened, mapping, list(SLIDE_KINDS), loc_for)
    except ContentError as exc:
        return exc.problems
    notes = [Problem(loc_for(("deck", "template")), "deck.template", note, severity="warning")
             for note in opened.notes]
    return (notes + _textless(opened, layouts, mapping, loc_for) + _hard_to_read(opened, layouts, loc_for)
            + _unnumbered(opened, layouts, loc_for) + _same_names(opened, mapping, loc_for)
            + _on_the_cover(opened, layouts, mapping, loc_for) + _symbol_fonts(opened, set(theme_keys), loc_for)
            + _unmeasured_fonts(opened, layouts, set(theme_keys), loc_for) + theme_warnings(opened, theme_keys, loc_for))


def _unmeasured_fonts(template: DeckTemplate, layouts: dict[str, SlideLayout], theme_keys: set[str],
                      loc_for: LocFor) -> list[Problem]:
    """A warning for each font the deck's text is drawn in that this machine measures with another (a
    corporate theme font not installed here): the template's theme fonts the kit's theme does not
    replace, and the fonts its layouts' placeholders name. Said here, once at the kit's line, so the
    build need not say it for every slide kind."""
    if template.builtin:
        return []
    major, minor = theme_fonts(template.prs)
    families = [f for f, keys in ((major, {"font", "heading_font"}), (minor, {"font"})) if f and not keys & theme_keys]
    prs = template.prs
    for layout in {id(layout): layout for layout in layouts.values()}.values():
        geometry = layout_geometry(layout, prs.slide_width, prs.slide_height)
        families += [ph.style.font for ph in [geometry.title, *geometry.bodies] if ph is not None and ph.style.font]
    notes = dict.fromkeys(n for n in map(font_note, dict.fromkeys(families)) if n)
    return [Problem(loc_for(("deck", "template")), "deck.template", f"{template.name}: {note}",
                    "install the font to measure with it, or set theme.font and theme.heading_font in the kit",
                    severity="warning") for note in notes]


SYMBOL_FONTS = frozenset({"wingdings", "wingdings 2", "wingdings 3", "webdings", "symbol", "marlett", "mt extra",
                          "zapf dingbats", "zapfdingbats", "bookshelf symbol 7", "ms outlook", "segoe mdl2 assets"})
"""Fonts whose letters are pictures: text set in one is unreadable where the font is installed."""


def _symbol_fonts(template: DeckTemplate, theme_keys: set[str], loc_for: LocFor) -> list[Problem]:
    """A warning for a theme font that is a symbol font (a heading font set to Wingdings by mistake): where
    it is installed, as on every Windows PC, the titles or the body text show as pictures. The kit's
    theme.font or theme.heading_font replaces it, and then there is nothing to say."""
    if template.builtin:
        return []
    major, minor = theme_fonts(template.prs)
    out = []
    for family, texts, keys in ((major, "titles", {"font", "heading_font"}), (minor, "body text", {"font"})):
        if family and family.strip().lower() in SYMBOL_FONTS and not keys & theme_keys:
            out.append(Problem(loc_for(("deck", "template")), "deck.template",
                               f"{template.name}: its theme font for {texts} is {family!r}, a symbol font, so the "
                               f"{texts} show as symbols wherever {family} is installed (as on Windows)",
                               "set a text font in the template's theme (in PowerPoint: View > Slide Master > Fonts), "
                               f"or set theme.{'heading_font' if texts == 'titles' else 'font'} in the kit",
                               severity="warning"))
    return out


READABLE_PT = 14
"""Body text under this size on the content layout cannot be read from the back of a room."""
FEW_LINES = 5
"""A content text box holding fewer lines than this at its size sends most texts onto continuation slides."""
SMALL_SHARE = 0.2
"""A content text box covering less of the slide than this (a narrow box in a corner) does the same,
however many lines it holds: each line holds a few words."""


def _hard_to_read(template: DeckTemplate, layouts: dict[str, SlideLayout], loc_for: LocFor) -> list[Problem]:
    """Warnings for the content layout's largest text box: set under READABLE_PT (the deck keeps the
    template's size: a floor above it is lowered to it), or holding fewer than FEW_LINES lines at the
    content floor (most texts would continue over several slides or be set small)."""
    layout = layouts.get("content")
    if layout is None or template.builtin:
        return []
    prs = template.prs
    bodies = layout_geometry(layout, prs.slide_width, prs.slide_height).bodies
    if not bodies:
        return []
    largest = max(bodies, key=lambda ph: ph.rect.width * ph.rect.height)
    out = []
    if largest.style.size_pt < READABLE_PT:
        out.append(Problem(loc_for(("deck", "template")), "deck.template",
                           f"{template.name}: content slides keep its {largest.style.size_pt:g} pt body text, "
                           "hard to read from the back of a room",
                           f"set the template's body text to {READABLE_PT} pt or more, or use another template",
                           severity="warning"))
    floor = min(largest.style.size_pt, next(slot.floor_pt for slot in SLIDE_KINDS["content"].slots if slot.main))
    lines = lines_held(largest.rect.height, floor, largest.style.line_spacing, largest.style.line_pt)
    if lines < FEW_LINES:
        out.append(Problem(loc_for(("deck", "template")), "deck.template",
                           f"{template.name}: the content layout's text box holds about {lines} line(s) at "
                           f"{floor:g} pt, so most texts would run over several "
                           "slides or be set small", "make the content layout's text box taller, or map content to a "
                           "layout with a larger one in the kit's deck.layouts", severity="warning"))
    share = largest.rect.width * largest.rect.height / (prs.slide_width * prs.slide_height)
    if lines >= FEW_LINES and share < SMALL_SHARE:
        out.append(Problem(loc_for(("deck", "template")), "deck.template",
                           f"{template.name}: the content layout's text box covers {share:.0%} of the slide, so "
                           "most texts would run over several slides or be set small",
                           "make the content layout's text box larger, or map content to a layout with a larger "
                           "one in the kit's deck.layouts", severity="warning"))
    return out


def _unnumbered(template: DeckTemplate, layouts: dict[str, SlideLayout], loc_for: LocFor) -> list[Problem]:
    """A warning when the content layout has no slide number: the guide cites slides by number, and the
    slides would show none (kitgen adds none of its own to a template's design)."""
    layout = layouts.get("content")
    if layout is None or template.builtin:
        return []
    prs = template.prs
    if layout_geometry(layout, prs.slide_width, prs.slide_height).slide_number:
        return []
    return [Problem(loc_for(("deck", "template")), "deck.template",
                    f"{template.name}: the content layout has no slide number, so the slides show none while the "
                    "facilitator guide cites them by number (presenter view still shows them)",
                    "add a slide number to the template's layouts (in PowerPoint: View > Slide Master, then "
                    "Insert > Slide Number), or map content to a layout that has one", severity="warning")]


def _on_the_cover(template: DeckTemplate, layouts: dict[str, SlideLayout], mapping: dict[str, Any],
                  loc_for: LocFor) -> list[Problem]:
    """A warning when content slides fall back to the cover layout (no other layout has a title): the whole
    deck would be set in the cover's subtitle box, small and over many more slides. It names the layouts
    that lack a title placeholder, which is what the template should fix."""
    content, cover = layouts.get("content"), layouts.get("title")
    if template.builtin or "content" in mapping or content is None or cover is None or content.part is not cover.part:
        return []
    prs = template.prs
    untitled = [layout.name for layout in prs.slide_layouts if not has_title(layout)
                and layout_geometry(layout, prs.slide_width, prs.slide_height).bodies]
    named = ", ".join(repr(name) for name in untitled[:6]) or "none"
    return [Problem(loc_for(("deck", "template")), "deck.template",
                    f"{template.name}: content slides use the cover layout {cover.name!r}, because no other layout "
                    f"has a title placeholder (layouts without one: {named}), so their text is set in the cover's "
                    "boxes, small and over many more slides",
                    "give the content layout a title (in PowerPoint: View > Slide Master, select the layout, tick "
                    "Title), or map content to a layout in the kit's deck.layouts", severity="warning")]


def _same_names(template: DeckTemplate, mapping: dict[str, Any], loc_for: LocFor) -> list[Problem]:
    """A warning for a layout the kit names that several layouts of the template are called (the first is used)."""
    names = [layout.name for master in template.prs.slide_masters for layout in master.slide_layouts]
    out = []
    for kind, value in sorted(mapping.items()):
        name = mapped_layout(value)
        if name is not None and names.count(name) > 1:
            out.append(Problem(loc_for(("deck", "layouts", kind)), f"deck.layouts.{kind}",
                               f"{template.name} has {names.count(name)} layouts named {name!r}; the first is used",
                               "rename the one you mean in the template, so the name picks it", severity="warning"))
    return out


def _textless(template: DeckTemplate, layouts: dict[str, SlideLayout], mapping: dict[str, Any],
              loc_for: LocFor) -> list[Problem]:
    """A warning for each slide kind whose layout has no text placeholder: its slides show their titles only;
    an error for content slides (most of the deck: its agenda, objectives, cases and questions would be
    lost)."""
    prs, out = template.prs, []
    for kind, layout in layouts.items():
        if slot_names(kind) and not layout_geometry(layout, prs.slide_width, prs.slide_height).bodies:
            key = ("deck", "layouts", kind) if kind in mapping else ("deck", "template")
            out.append(Problem(loc_for(key), ".".join(map(str, key)),
                               f"{template.name}: layout {layout.name!r} (for {kind} slides) has no text placeholder, "
                               "so those slides would show their titles only",
                               "map the kind to a layout with a text placeholder (`kitgen deck-layouts` lists them), "
                               "or use a template that has one", severity="error" if SLIDE_KINDS[kind].essential else "warning"))
    return out
