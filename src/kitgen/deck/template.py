"""The deck template: opening it safely, and choosing the layout each slide kind uses.

The built-in template (``data/deck/kitgen.pptx``, built by ``tools/make_deck_template.py``) has one
layout per slide kind, named as :data:`~kitgen.deck.kinds.SLIDE_KINDS` says. A kit's own template is
opened through the workspace gate and the zip check, must have a parsable theme and no links to
outside pictures. :func:`choose_layouts` is the one place a layout is chosen for a kind (the kit's
``deck.layouts`` first, then the kind's layout names, then its stand-in's, then the first layout with
a title); the writer, ``kitgen validate`` (:func:`check_deck_settings`) and ``kitgen deck-layouts``
all use it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.presentation import Presentation as PresentationT
from pptx.slide import SlideLayout

from kitgen.deck.kinds import SLIDE_KINDS
from kitgen.deck.package import check_zip
from kitgen.deck.layout_reader import TITLE_TYPES
from kitgen.deck.theme import theme_xml
from kitgen.errors import ContentError, Loc, Problem
from kitgen.paths import TEMPLATE_SUFFIXES, workspace_file

BUILTIN_TEMPLATE: Path = Path(__file__).resolve().parent.parent / "data" / "deck" / "kitgen.pptx"
BUILTIN_NAME = "built-in template"

_CT_TEMPLATE = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_CT_PRESENTATION = b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"

LocFor = Callable[[tuple], Loc]


@dataclass
class DeckTemplate:
    """An opened template: the presentation, its name as the user wrote it, and whether it is the built-in one."""

    prs: Any
    name: str
    builtin: bool


# --------------------------------------------------------------------------- opening


def open_template(path: Path | str | None = None) -> PresentationT:
    """Open a template (.pptx or .potx; default: the built-in one) as a presentation."""
    path = Path(path) if path else BUILTIN_TEMPLATE
    data = path.read_bytes()
    if path.suffix.lower() == ".potx":
        data = _potx_as_pptx(data)
    return Presentation(io.BytesIO(data))


def _potx_as_pptx(data: bytes) -> bytes:
    """A .potx's bytes with the main part's content type changed so python-pptx opens it."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                blob = blob.replace(_CT_TEMPLATE, _CT_PRESENTATION)
            dst.writestr(info, blob)
    return out.getvalue()


def builtin_template() -> DeckTemplate:
    return DeckTemplate(open_template(BUILTIN_TEMPLATE), BUILTIN_NAME, True)


def open_named_template(name: str, workspace: Path, loc: Loc) -> DeckTemplate:
    """Open a workspace template through the file gate and the zip check; problems name `loc`."""
    path, why = workspace_file(workspace, name, TEMPLATE_SUFFIXES)
    if path is None:
        raise ContentError([Problem(loc, "deck.template", why,
                                    "name a .pptx or .potx file inside the workspace, e.g. assets/corporate.pptx")])
    why = check_zip(path)
    if why:
        raise ContentError([Problem(loc, "deck.template", f"{name} {why}", "save the template again from PowerPoint")])
    try:
        prs = open_template(path)
        etree.fromstring(theme_xml(prs))  # the theme is rewritten with the kit's colours: it must parse
        external = _external_resources(prs)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a content problem, not a crash
        raise ContentError([Problem(loc, "deck.template", f"{name} cannot be opened as a PowerPoint template: "
                                    f"{type(exc).__name__}: {exc}",
                                    "save it again from PowerPoint as .pptx or .potx")]) from None
    if external:
        raise ContentError([Problem(loc, "deck.template", f"{name} links to a resource outside the file ({external}); "
                                    "PowerPoint would fetch it when the deck is opened",
                                    "embed the picture in the template, or remove it")])
    return DeckTemplate(prs, name, False)


def _external_resources(prs: Any) -> str:
    """The first external link of a template other than a hyperlink (a picture or object fetched on open)."""
    for part in prs.part.package.iter_parts():
        for rel in part.rels.values():
            if rel.is_external and not rel.reltype.endswith("/hyperlink"):
                return rel.target_ref[:120]
    return ""


# --------------------------------------------------------------------------- choosing layouts


def _norm(name: str) -> str:
    return " ".join(name.lower().split())


def has_title(layout: SlideLayout) -> bool:
    """Whether the layout has a title placeholder (every slide needs a title)."""
    return any(ph.placeholder_format.type in TITLE_TYPES for ph in layout.placeholders)


def layout_names(prs: PresentationT) -> dict[str, str]:
    """Each slide kind -> the name of the layout it uses when the kit names none.

    Layout names are matched case-insensitively against the kind's ``layout_names``; a kind
    with no match uses its stand-in's layout, and finally the first layout with a title
    placeholder. Kinds the template cannot serve at all are left out.
    """
    names = {_norm(layout.name): layout.name for layout in prs.slide_layouts}
    found: dict[str, str] = {}
    for kind in SLIDE_KINDS.values():
        name = next((names[_norm(alias)] for alias in kind.layout_names if _norm(alias) in names), None)
        if name is not None:
            found[kind.name] = name
    titled = [layout.name for layout in prs.slide_layouts if has_title(layout)]
    out: dict[str, str] = {}
    for kind in SLIDE_KINDS:
        chosen, seen = kind, set()
        while chosen not in found and SLIDE_KINDS[chosen].stand_in and chosen not in seen:
            seen.add(chosen)
            chosen = SLIDE_KINDS[chosen].stand_in  # type: ignore[assignment]
        if chosen in found:
            out[kind] = found[chosen]
        elif titled:
            out[kind] = titled[0]
    return out


def _named(prs: PresentationT, wanted: str) -> SlideLayout | None:
    """The layout the kit names: the exact name, else the first one that differs only in case and spaces."""
    return next((lay for lay in prs.slide_layouts if lay.name == wanted), None) \
        or next((lay for lay in prs.slide_layouts if lay.name.lower().strip() == wanted.lower().strip()), None)


@dataclass(frozen=True)
class LayoutChoice:
    """The layout a slide kind uses (None: the template has none for it) and why."""

    layout: SlideLayout | None
    why: str


def choose_layouts(prs: PresentationT, mapping: dict[str, str]) -> dict[str, LayoutChoice]:
    """Every slide kind's layout: the kit's ``deck.layouts`` (``mapping``) wins, then :func:`layout_names`."""
    defaults = layout_names(prs)
    out: dict[str, LayoutChoice] = {}
    for kind in SLIDE_KINDS.values():
        if kind.name in mapping:
            layout = _named(prs, mapping[kind.name])
            out[kind.name] = LayoutChoice(layout, "kit deck.layouts" if layout is not None
                                          else f"kit deck.layouts: no layout {mapping[kind.name]!r}")
        elif kind.name in defaults:
            name = defaults[kind.name]
            out[kind.name] = LayoutChoice(prs.slide_layouts.get_by_name(name),
                                          "built-in name" if name == kind.layout else f"matched for {kind.layout!r}")
        else:
            out[kind.name] = LayoutChoice(None, "no layout found; map one in the kit's deck.layouts")
    return out


def _missing(template: DeckTemplate, kind: str, mapping: dict[str, str], loc_for: LocFor) -> Problem:
    """The problem of a kind without a layout: a name the template lacks, or no layout for the kind at all."""
    available = ", ".join(repr(layout.name) for layout in template.prs.slide_layouts) or "none"
    if kind not in SLIDE_KINDS:
        return Problem(loc_for(("deck", "layouts", kind)), f"deck.layouts.{kind}", f"no slide kind {kind!r}",
                       f"slide kinds: {', '.join(SLIDE_KINDS)}")
    if kind in mapping:
        return Problem(loc_for(("deck", "layouts", kind)), f"deck.layouts.{kind}",
                       f"{template.name} has no layout named {mapping[kind]!r} (for {kind} slides); "
                       f"its layouts are: {available}",
                       "use one of those names; `kitgen deck-layouts` lists each layout's placeholders")
    return Problem(loc_for(("deck", "template")), "deck.template",
                   f"{template.name} has no layout for {kind} slides (looked for "
                   f"{', '.join(repr(a) for a in SLIDE_KINDS[kind].layout_names)}); its layouts are: {available}",
                   f"map one in the kit: deck: {{layouts: {{{kind}: 'Layout name'}}}}")


def resolve_layouts(template: DeckTemplate, mapping: dict[str, str], kinds: list[str],
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
    if problems:
        raise ContentError(problems)
    return out


def check_deck_settings(template: str | None, mapping: dict[str, str], workspace: Path, loc_for: LocFor) -> list[Problem]:
    """What `kitgen validate` knows about a kit's deck settings: the template opens and maps every slide kind."""
    try:
        opened = open_named_template(template, workspace, loc_for(("deck", "template"))) if template \
            else builtin_template()
        resolve_layouts(opened, mapping, list(SLIDE_KINDS), loc_for)
    except ContentError as exc:
        return exc.problems
    return []
