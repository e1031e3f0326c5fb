"""Which layout of which PowerPoint template each slide kind uses.

Opening a template (through the workspace gate, the zip check, a parsable theme and no links to
outside pictures) and mapping slide kinds to its layouts by name are shared by the deck writer and by
`kitgen validate`, which reports a template that lacks a layout with the kit's file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.slide import SlideLayout

from kitgen.deck.package import check_zip
from kitgen.deck.plan import KINDS
from kitgen.deck.template import BUILTIN_TEMPLATE, ROLE_ALIASES, layout_map, open_template, theme_xml
from kitgen.errors import ContentError, Loc, Problem
from kitgen.paths import TEMPLATE_SUFFIXES, workspace_file

TITLE_TYPES = {PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE}


@dataclass
class Template:
    """The opened template and what the writer needs to know about it."""

    prs: Any
    name: str  # as the user wrote it, or "built-in template"
    builtin: bool
    layouts: dict[str, SlideLayout] = field(default_factory=dict)  # kind -> layout
    body_font: str | None = None
    title_font: str | None = None


def open_named_template(name: str, workspace: Path, loc: Loc) -> Template:
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
    return Template(prs, name, False)


def _external_resources(prs: Any) -> str:
    """The first external link of a template other than a hyperlink (a picture or object fetched on open)."""
    for part in prs.part.package.iter_parts():
        for rel in part.rels.values():
            if rel.is_external and not rel.reltype.endswith("/hyperlink"):
                return rel.target_ref[:120]
    return ""


def check_deck_settings(template: str | None, mapping: dict[str, str], workspace: Path, loc_for: Any) -> list[Problem]:
    """What `kitgen validate` knows about a kit's deck settings: the template opens and maps every slide kind."""
    try:
        opened = (open_named_template(template, workspace, loc_for(("deck", "template"))) if template
                  else Template(open_template(BUILTIN_TEMPLATE), "built-in template", True))
        resolve_layouts(opened, mapping, list(KINDS), loc_for)
    except ContentError as exc:
        return exc.problems
    return []


def resolve_layouts(template: Template, mapping: dict[str, str], kinds: list[str],
                    loc_for: Any = lambda key: Loc("kit")) -> dict[str, SlideLayout]:
    """Map each slide kind to a layout of the template; every failure is one clear problem."""
    prs = template.prs
    names = [layout.name for layout in prs.slide_layouts]
    available = ", ".join(repr(n) for n in names) or "none"
    problems: list[Problem] = []
    roles = layout_map(prs)
    out: dict[str, SlideLayout] = {}
    for kind, wanted in sorted(mapping.items()):
        if kind not in KINDS:
            problems.append(Problem(loc_for(("deck", "layouts", kind)), f"deck.layouts.{kind}",
                                    f"no slide kind {kind!r}", f"slide kinds: {', '.join(KINDS)}"))
            continue
        layout = next((lay for lay in prs.slide_layouts if lay.name == wanted), None) \
            or next((lay for lay in prs.slide_layouts if lay.name.lower().strip() == wanted.lower().strip()), None)
        if layout is None:
            problems.append(Problem(loc_for(("deck", "layouts", kind)), f"deck.layouts.{kind}",
                                    f"{template.name} has no layout named {wanted!r} (for {kind} slides); "
                                    f"its layouts are: {available}",
                                    "use one of those names; `kitgen deck-layouts` lists each layout's placeholders"))
            continue
        out[kind] = layout
    for kind in kinds:
        if kind in out or kind in mapping:
            continue
        role = KINDS[kind][0]
        name = roles.get(role)
        layout = prs.slide_layouts.get_by_name(name) if name else None
        if layout is None:
            problems.append(Problem(loc_for(("deck", "template")), "deck.template",
                                    f"{template.name} has no layout for {kind} slides (looked for "
                                    f"{', '.join(repr(a) for a in ROLE_ALIASES[role])}); its layouts are: {available}",
                                    f"map one in the kit: deck: {{layouts: {{{kind}: 'Layout name'}}}}"))
            continue
        out[kind] = layout
    for kind, layout in out.items():
        if not any(ph.placeholder_format.type in TITLE_TYPES for ph in layout.placeholders):
            problems.append(Problem(loc_for(("deck", "layouts", kind)), f"deck.layouts.{kind}",
                                    f"layout {layout.name!r} of {template.name} has no title placeholder, "
                                    "and every slide needs a title",
                                    "choose a layout with a title; `kitgen deck-layouts` lists them"))
    if problems:
        raise ContentError(problems)
    return out
