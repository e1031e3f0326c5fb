"""``kitgen deck-layouts``: a template's layouts and placeholders, and how slide kinds map to them."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.deck.package import check_zip
from kitgen.deck.plan import KINDS
from kitgen.deck.template import BUILTIN_TEMPLATE, describe_template, layout_map, open_template
from kitgen.errors import ContentError, Loc, Problem
from kitgen.paths import TEMPLATE_SUFFIXES, workspace_file


def kind_mapping(prs, mapping: dict[str, str]) -> dict[str, tuple[str | None, str]]:
    """Each slide kind -> (layout name or None, where the choice comes from)."""
    names = {layout.name.strip().lower(): layout.name for layout in prs.slide_layouts}
    roles = layout_map(prs)
    out: dict[str, tuple[str | None, str]] = {}
    for kind, (role, _) in KINDS.items():
        if kind in mapping:
            found = names.get(mapping[kind].strip().lower())
            out[kind] = (found, "kit deck.layouts" if found else f"kit deck.layouts: no layout {mapping[kind]!r}")
        elif role in roles:
            exact = roles[role] == role
            out[kind] = (roles[role], "built-in name" if exact else f"matched for {role!r}")
        else:
            out[kind] = (None, "no layout found; map one in the kit's deck.layouts")
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
        from kitgen.session import load
        loaded = load(root, [kit_id])
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
        layouts = describe_template(path)
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
    for kind, (name, why) in kind_mapping(prs, mapping).items():
        missing = missing or name is None
        click.echo(f"  {kind:<12} -> {name or '(none)':<28} {why}")
    if missing:
        click.echo("\nSome slide kinds have no layout: set them in the kit, e.g.\n"
                   "  deck: {template: assets/corporate.pptx, layouts: {quote: 'Title Only'}}")
