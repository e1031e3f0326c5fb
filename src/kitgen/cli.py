"""The command line: each command parses its flags and calls one function."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kitgen import __version__
from kitgen.errors import ContentError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Accepts -C/--workspace anywhere on the line, before or after the command."""

    def parse_args(self, ctx, args):
        found, rest, i = None, [], 0
        while i < len(args):
            arg = args[i]
            if arg in ("-C", "--workspace") and i + 1 < len(args):
                found = args[i + 1]
                i += 2
                continue
            if arg.startswith("--workspace="):
                found = arg.split("=", 1)[1]
            elif arg.startswith("-C") and len(arg) > 2 and not arg.startswith("--"):
                found = arg[2:]
            else:
                rest.append(arg)
            i += 1
        ctx.meta["workspace"] = Path(found) if found else Path(".")
        return super().parse_args(ctx, rest)


def _root(ctx: click.Context) -> Path:
    root = ctx.meta.get("workspace", Path("."))
    if not root.is_dir():
        raise click.UsageError(f"workspace folder {str(root)!r} does not exist")
    return root.resolve()


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option("-C", "--workspace", metavar="DIR", help="Workspace folder (default: the current folder). Allowed anywhere on the line.")
@click.version_option(__version__, prog_name="kitgen")
def cli(workspace):
    """kitgen turns YAML training content into a facilitator's session pack:
    print-ready PDF handouts and a PowerPoint deck.

    \b
    Examples:
      kitgen validate                      check every kit and content file
      kitgen build                         build every kit into build/<kit>/
      kitgen build leadership-half-day --only slides
      kitgen new workspace my-workshops    start a new workspace
    """


@cli.command(context_settings=CONTEXT)
@click.argument("kits", nargs=-1, metavar="[KIT]...")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_context
def validate(ctx, kits, strict):
    """Check content and kits; print every problem, each with file:line:col.

    \b
    Examples:
      kitgen validate
      kitgen validate leadership-half-day -C ~/workshops
    """
    from kitgen.commands import validate_command
    validate_command(_root(ctx), list(kits), strict)


@cli.command(context_settings=CONTEXT)
@click.argument("kits", nargs=-1, metavar="[KIT]...")
@click.option("--only", metavar="OUTPUT[,OUTPUT]", help="Build only these outputs, e.g. slides,case-cards.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: build/).")
@click.option("--format", "fmt", type=click.Choice(["files", "html"]), default="files", show_default=True,
              help="html writes the exact HTML and CSS handed to the PDF renderer, for previewing layouts.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel render processes (default: cores).")
@click.option("--force", is_flag=True, help="Render every output even when nothing changed.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.pass_context
def build(ctx, kits, only, out, fmt, jobs, force, quiet):
    """Build the named kits (default: every kit in the workspace).

    \b
    Examples:
      kitgen build
      kitgen build leadership-half-day --only facilitator-guide,slides
      kitgen build --out /tmp/packs --format html
    """
    from kitgen.commands import build_command
    build_command(_root(ctx), list(kits), only, out, fmt, jobs, force, quiet)


@cli.command(context_settings=CONTEXT)
@click.argument("kit")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: build/).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel render processes (default: cores).")
@click.option("--force", is_flag=True, help="Render every output even when nothing changed.")
@click.option("-q", "--quiet", is_flag=True, help="Print errors only.")
@click.pass_context
def pack(ctx, kit, out, jobs, force, quiet):
    """Build a kit and zip every output, the print order and a manifest (sizes, SHA-256) into <kit>-pack.zip.

    \b
    Examples:
      kitgen pack leadership-half-day
    """
    from kitgen.commands import build_command
    build_command(_root(ctx), [kit], "pack", out, "files", jobs, force, quiet)


@cli.command(name="list", context_settings=CONTEXT)
@click.pass_context
def list_(ctx):
    """List topics, case studies, activities and kits in the workspace."""
    from kitgen.commands import list_command
    list_command(_root(ctx))


@cli.command(context_settings=CONTEXT)
@click.argument("what", type=click.Choice(["workspace", "topic", "case-study", "kit", "activity", "block"]))
@click.argument("name")
@click.option("--topic", "topic", default=None, help="Topic for a new case study, activity or block (default: the only topic).")
@click.pass_context
def new(ctx, what, name, topic):
    """Scaffold a workspace, topic, case study, activity, block or kit from a working example.

    \b
    Examples:
      kitgen new workspace my-workshops
      kitgen new topic psychological-safety
      kitgen new case-study late-project --topic psychological-safety
      kitgen new block do-no-harm --topic psychological-safety
      kitgen new kit team-offsite
    """
    from kitgen.scaffold import new_command
    new_command(_root(ctx) if what != "workspace" else Path(ctx.meta.get("workspace", ".")), what, name, topic)


@cli.command(context_settings=CONTEXT)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write one <kind>.schema.json per file kind into DIR (default: print the kit schema).")
@click.argument("kind", required=False, type=click.Choice(["topic", "case-study", "book-club", "discussion-guide", "activity", "block", "kit", "config"]))
def schema(out, kind):
    """Print or write JSON Schemas of the YAML files, for editor autocompletion.

    \b
    Examples:
      kitgen schema kit
      kitgen schema --out schemas/
    """
    from kitgen.schema import schema_command
    schema_command(out, kind)


@cli.command(context_settings=CONTEXT)
@click.argument("kits", nargs=-1, metavar="[KIT]...")
@click.option("--only", metavar="OUTPUT[,OUTPUT]", help="Rebuild only these outputs.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel render processes.")
@click.pass_context
def watch(ctx, kits, only, jobs):
    """Rebuild what changed whenever a content file, layout or asset is saved.

    \b
    Examples:
      kitgen watch leadership-half-day
      kitgen watch leadership-half-day --only participant-workbook
    """
    from kitgen.commands import watch_command
    watch_command(_root(ctx), list(kits), only, jobs)


@cli.command(context_settings=CONTEXT)
@click.option("--copy", metavar="NAME", help="Copy a built-in layout into layouts/ for editing.")
@click.pass_context
def layouts(ctx, copy):
    """List the built-in layouts and which ones the workspace's layouts/ replaces.

    \b
    Examples:
      kitgen layouts
      kitgen layouts --copy participant-workbook.html
    """
    from kitgen.commands import layouts_command
    layouts_command(_root(ctx), copy)


@cli.command(name="deck-layouts", context_settings=CONTEXT)
@click.argument("template", required=False)
@click.option("--kit", "kit", metavar="KIT", help="Use this kit's deck.template and deck.layouts mapping.")
@click.pass_context
def deck_layouts(ctx, template, kit):
    """List a PowerPoint template's layouts and placeholders, and which layout each slide kind uses.

    \b
    Examples:
      kitgen deck-layouts
      kitgen deck-layouts assets/corporate.pptx
      kitgen deck-layouts --kit leadership-half-day
    """
    from kitgen.deck.describe import deck_layouts_command
    deck_layouts_command(_root(ctx), template, kit)


def main() -> None:
    """Entry point: user errors print themselves; crashes print a short message and a log path."""
    try:
        cli.main(standalone_mode=False, prog_name="kitgen")
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except ContentError as exc:
        from kitgen.report import print_problems
        print_problems(exc.problems)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception:  # a real crash: keep the details, show a short message
        from kitgen.report import crash
        sys.exit(crash())
