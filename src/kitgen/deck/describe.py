"""``kitgen deck-layouts``: a template's layouts, what each is for, and where each slide kind's texts go."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from pptx.util import Emu

from kitgen.deck.boxes import describe as describe_box
from kitgen.deck.boxes import plan_boxes
from kitgen.deck.choose import candidates, choose_layouts
from kitgen.deck.kinds import SLIDE_KINDS
from kitgen.deck.layout_reader import layout_geometry
from kitgen.deck.package import check_zip
from kitgen.deck.sanitize import TemplateRefused
from kitgen.deck.template import BUILTIN_TEMPLATE, load_template, pinned_boxes
from kitgen.errors import ContentError, Loc, Problem
from kitgen.paths import TEMPLATE_SUFFIXES, workspace_file


def describe_template(prs: Any, mapping: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Each layout's name, role and placeholders.

    Returns ``[{"name", "index", "role", "why", "kinds", "placeholders": [{"idx", "type", "name",
    "left", "top", "width", "height", "size"}]}]``; positions and sizes are in EMU (inherited from
    the master where the layout does not set them), ``size`` is e.g. ``"11.83 x 4.75 in"``, ``role``
    what the layout is for (None: of no use to kitgen) and ``kinds`` the slide kinds that use it.
    """
    used: dict[int, list[str]] = {}
    for kind, choice in choose_layouts(prs, mapping).items():
        if choice.layout is not None:
            used.setdefault(id(choice.layout.part), []).append(kind)
    out: list[dict[str, Any]] = []
    for cand in candidates(prs):
        phs = [{"idx": box.idx, "type": box.type, "name": box.name, "left": box.rect.left, "top": box.rect.top,
                "width": box.rect.width, "height": box.rect.height,
                "size": f"{Emu(box.rect.width).inches:.2f} x {Emu(box.rect.height).inches:.2f} in"}
               for box in cand.facts.boxes]
        out.append({"name": cand.facts.name, "index": cand.facts.index, "role": cand.role.role, "why": cand.role.why,
                    "kinds": used.get(id(cand.layout.part), []), "placeholders": phs})
    return out


def slide_kinds(prs: Any, mapping: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """For every slide kind: its layout, why, and which placeholder receives which text.

    ``[{"kind", "layout", "why", "texts": [(text, placeholder or None, why)], "empty": [placeholder]}]``,
    placeholders described in words (idx, name, type, size).
    """
    mapping = mapping or {}
    out = []
    for kind, choice in choose_layouts(prs, mapping).items():
        entry: dict[str, Any] = {"kind": kind, "layout": None, "why": choice.why, "texts": [], "empty": []}
        if choice.layout is not None:
            geometry = layout_geometry(choice.layout, prs.slide_width, prs.slide_height)
            plan = plan_boxes(kind, geometry.bodies, pinned_boxes(mapping.get(kind)))
            title = geometry.title
            entry["layout"] = choice.layout.name
            entry["texts"] = [("title", describe_box(title) if title else None, "the title placeholder")] + [
                (slot.name, describe_box(plan.boxes[slot.name]) if plan.boxes.get(slot.name) else None,
                 plan.why[slot.name]) for slot in SLIDE_KINDS[kind].slots]
            entry["empty"] = [describe_box(ph) for ph in plan.unused]
        out.append(entry)
    return out


def _template_path(root: Path, template: str | None, kit_template: str | None) -> tuple[Path | None, str]:
    if template:
        path = Path(template).expanduser()
        if not path.is_absolute() and not path.exists():
            path = root / template
        if not path.is_file():
            raise click.UsageError(f"no template file {template!r}")
        if path.suffix.lower() not in TEMPLATE_SUFFIXES:
            raise click.UsageError(f"{template!r} is not a .pptx, .potx, .pptm or .potm file")
        return path, template
    if kit_template:
        path, why = workspace_file(root, kit_template, TEMPLATE_SUFFIXES)
        if path is None:
            raise ContentError([Problem(Loc("kit"), "deck.template", why)])
        return path, kit_template
    return None, "built-in template"


def _open(path: Path | None, label: str) -> tuple[Any, list[str]]:
    if path is not None:
        why = check_zip(path)
        if why:
            raise click.ClickException(f"{label} {why}")
    try:
        return load_template(path)
    except TemplateRefused as exc:
        raise click.ClickException(f"{label} cannot be used: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - an unreadable template is the user's file, not a crash
        raise click.ClickException(f"{label} cannot be opened as a PowerPoint template: {type(exc).__name__}") from None


def _echo_kinds(prs: Any, mapping: dict[str, Any]) -> bool:
    missing = False
    for entry in slide_kinds(prs, mapping):
        missing = missing or entry["layout"] is None
        click.echo(f"  {entry['kind']:<12} -> {entry['layout'] or '(none)'}")
        click.echo(f"                  why: {entry['why']}")
        for text, box, why in entry["texts"]:
            click.echo(f"                  {text:<12} -> {box or '(no box)'}" + (f": {why}" if box else f" ({why})"))
        for box in entry["empty"]:
            click.echo(f"                  {'(empty)':<12} -> {box}: left empty, removed from the slide")
    return missing


def deck_layouts_command(root: Path, template: str | None, kit_id: str | None) -> None:
    """Print the template's layouts with their placeholders, and for each slide kind its layout and boxes."""
    mapping: dict[str, Any] = {}
    kit_template = None
    if kit_id:
        from kitgen.validation import validate
        loaded = validate(root, [kit_id])
        if loaded.problems.errors:
            raise ContentError(loaded.problems.errors)
        kit = loaded.sessions[kit_id].kit
        mapping, kit_template = dict(kit.deck.layouts), kit.deck.template
    path, label = _template_path(root, template, kit_template)
    prs, notes = _open(path, label)
    click.echo(f"Template: {label}" + (f" ({BUILTIN_TEMPLATE})" if path is None else ""))
    for note in notes:
        click.echo(f"  note: {label} {note}")
    click.echo("")
    click.echo("Layouts, what each is for, and their placeholders (idx, type, name, size):")
    for layout in describe_template(prs, mapping):
        role = layout["role"] or "not used"
        used = f"; used for {', '.join(layout['kinds'])}" if layout["kinds"] else ""
        click.echo(f"  {layout['index']:>2}. {layout['name']}  [{role}: {layout['why']}{used}]")
        for ph in layout["placeholders"]:
            click.echo(f"        {ph['idx']:>3}  {ph['type']:<10} {ph['name']:<32} {ph['size']}")
    click.echo("")
    click.echo("Slide kinds, their layouts, and which placeholder receives which text"
               + (f" (with kit {kit_id}'s deck.layouts)" if kit_id else "") + ":")
    if _echo_kinds(prs, mapping):
        click.echo("\nSome slide kinds have no layout: set them in the kit, e.g.\n"
                   "  deck: {template: assets/corporate.pptx, layouts: {quote: 'Title Only'}}")
