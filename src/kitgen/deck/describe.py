"""``kitgen deck-layouts``: a template's layouts and placeholders, and how slide kinds map to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from pptx.util import Emu

from kitgen.deck.kinds import SLIDE_KINDS
from kitgen.deck.package import check_zip
from kitgen.deck.template import BUILTIN_TEMPLATE, choose_layouts, layout_names, open_template
from kitgen.errors import ContentError, Loc, Problem
from kitgen.paths import TEMPLATE_SUFFIXES, workspace_file


def describe_template(prs: Any) -> list[dict[str, Any]]:
    """Each layout's name and placeholders.

    Returns ``[{"name", "index", "role", "placeholders": [{"idx", "type", "name", "left",
    "top", "width", "height", "size"}]}]``; positions and sizes are in EMU (inherited from
    the master where the layout does not set them), ``size`` is e.g. ``"11.83 x 4.75 in"``,
    and ``role`` names the built-in layouts whose slide kinds use this layout, or is None.
    """
    roles: dict[str, list[str]] = {}
    for kind, name in layout_names(prs).items():
        roles.setdefault(name, []).append(SLIDE_KINDS[kind].layout)
    out: list[dict[str, Any]] = []
    for index, layout in enumerate(prs.slide_layouts):
        phs = []
        for ph in layout.placeholders:
            fmt = ph.placeholder_format
            width, height = ph.width or 0, ph.height or 0
            phs.append({
                "idx": fmt.idx,
                "type": fmt.type.name if fmt.type is not None else "OBJECT",
                "name": ph.name,
                "left": ph.left or 0,
                "top": ph.top or 0,
                "width": width,
                "height": height,
                "size": f"{Emu(width).inches:.2f} x {Emu(height).inches:.2f} in",
            })
        out.append({"name": layout.name, "index": index,
                    "role": ", ".join(roles.get(layout.name, [])) or None, "placeholders": phs})
    return out


def _template_path(root: Path, template: str | None, kit_template: str | None) -> tuple[Path | None, str]:
    if template:
        path = Path(template).expanduser()
        if not path.is_absolute() and not path.exists():
            path = root / template
        if not path.is_file():
            raise click.UsageError(f"no template file {template!r}")
        if path.suffix.lower() not in TEMPLATE_SUFFIXES:
            raise click.UsageError(f"{template!r} is not a .pptx or .potx file")
        return path, template
    if kit_template:
        path, why = workspace_file(root, kit_template, TEMPLATE_SUFFIXES)
        if path is None:
            raise ContentError([Problem(Loc("kit"), "deck.template", why)])
        return path, kit_template
    return None, "built-in template"


def deck_layouts_command(root: Path, template: str | None, kit_id: str | None) -> None:
    """Print the template's layouts with their placeholders, and the slide kind -> layout mapping."""
    mapping: dict[str, str] = {}
    kit_template = None
    if kit_id:
        from kitgen.validation import validate
        loaded = validate(root, [kit_id])
        if loaded.problems.errors:
            raise ContentError(loaded.problems.errors)
        kit = loaded.sessions[kit_id].kit
        mapping, kit_template = dict(kit.deck.layouts), kit.deck.template
    path, label = _template_path(root, template, kit_template)
    if path is not None:
        why = check_zip(path)
        if why:
            raise click.ClickException(f"{label} {why}")
    try:
        prs = open_template(path)
        layouts = describe_template(prs)
    except Exception as exc:  # noqa: BLE001 - an unreadable template is the user's file, not a crash
        raise click.ClickException(f"{label} cannot be opened as a PowerPoint template: {exc}") from None
    click.echo(f"Template: {label}" + (f" ({BUILTIN_TEMPLATE})" if path is None else ""))
    click.echo("")
    click.echo("Layouts and their placeholders (idx, type, name, size):")
    for layout in layouts:
        role = f"  [kitgen role: {layout['role']}]" if layout["role"] else ""
        click.echo(f"  {layout['index']:>2}. {layout['name']}{role}")
        for ph in layout["placeholders"]:
            click.echo(f"        {ph['idx']:>3}  {ph['type']:<14} {ph['name']:<32} {ph['size']}")
    click.echo("")
    click.echo("Slide kinds and the layouts they use" + (f" (with kit {kit_id}'s deck.layouts)" if kit_id else "") + ":")
    missing = False
    for kind, choice in choose_layouts(prs, mapping).items():
        missing = missing or choice.layout is None
        name = choice.layout.name if choice.layout is not None else "(none)"
        click.echo(f"  {kind:<12} -> {name:<28} {choice.why}")
    if missing:
        click.echo("\nSome slide kinds have no layout: set them in the kit, e.g.\n"
                   "  deck: {template: assets/corporate.pptx, layouts: {quote: 'Title Only'}}")
