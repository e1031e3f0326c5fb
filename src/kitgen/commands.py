"""What each command does, between the command line and the pipeline."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.errors import ContentError
from kitgen.paths import configured_output
from kitgen.report import print_problems


def load(root: Path, kits: list[str] | None = None):
    """Load and resolve (imported on use: a no-op build never loads the models)."""
    from kitgen.session import load as load_session
    return load_session(root, kits)


def validate_command(root: Path, kits: list[str], strict: bool) -> None:
    loaded = load(root, kits or None)
    problems = loaded.problems
    if problems.errors or (strict and problems.warnings):
        if strict:
            raise ContentError(problems.items)
        print_problems(problems.items, "fix them and run kitgen validate again")
        raise SystemExit(1)
    print_problems(problems.warnings)
    n = len(loaded.sessions)
    click.secho(f"OK: {n} kit(s) valid" + (f", {len(problems.warnings)} warning(s)" if problems.warnings else ""), fg="green")


def list_command(root: Path) -> None:
    from kitgen.workspace import load_workspace
    ws = load_workspace(root)
    for tid, files in ws.topics.items():
        title = files.topic.model.title if files.topic and files.topic.model else "(has errors)"
        click.echo(f"topic {tid}: {title}")
        for kind, table in (("case study", files.case_studies), ("activity", files.activities)):
            for cid, entry in table.items():
                extra = f" — parameters: {', '.join(entry.model.parameters)}" if kind == "case study" and entry.model and entry.model.parameters else ""
                click.echo(f"  {kind} {cid}: {entry.model.title if entry.model else '(has errors)'}{extra}")
        if files.discussion:
            click.echo("  discussion guide")
        if files.book_club:
            click.echo("  book-club guide")
    for kid, doc in ws.kit_docs.items():
        title = doc.data.get("title") if isinstance(doc.data, dict) else None
        click.echo(f"kit {kid}: {title or '(untitled)'}")
    if ws.problems.errors:
        click.secho(f"{len(ws.problems.errors)} file(s) have errors: run kitgen validate", fg="yellow", err=True)


def build_command(root: Path, kits: list[str], only: str | None, out: Path | None, fmt: str,
                  jobs: int | None, force: bool, quiet: bool) -> None:
    from kitgen import stamp
    from kitgen.outputs import SPECS
    wanted = None
    if only:
        wanted = [o.strip() for o in only.split(",") if o.strip()]
        unknown = [o for o in wanted if o not in SPECS]
        if unknown:
            raise click.UsageError(f"unknown output(s) {', '.join(unknown)}; choose from {', '.join(SPECS)}")
    out_dir = out if out is None or out.is_absolute() else Path.cwd() / out
    out_root = out_dir or configured_output(root)
    request = [sorted(kits), sorted(wanted or []), fmt, str(out_root)]
    if not force and (same := stamp.up_to_date(root, out_root, request)) is not None:
        if not quiet:
            for path, size in same:
                shown = Path(path).relative_to(root) if Path(path).is_relative_to(root) else path
                click.echo(f"{shown}  unchanged  {size / 1024:.0f} KB")
            click.echo(f"0 built, {len(same)} unchanged, 0 failed")
        return
    from kitgen.build import BuildOptions, run_build
    before = stamp.snapshot(root)  # taken before reading anything: an edit made during the build counts
    loaded = load(root, kits or None)
    if loaded.problems.errors:
        raise ContentError(loaded.problems.items)
    if not loaded.sessions:
        click.secho("no kits in content/kits/: create one with `kitgen new kit NAME`", fg="yellow", err=True)
        return
    if loaded.problems.warnings and not quiet:
        print_problems(loaded.problems.warnings)
    options = BuildOptions(out_dir=out_dir, only=wanted, fmt=fmt, jobs=jobs, force=force, quiet=quiet)
    results = run_build(loaded, options)
    if any(r.status == "failed" for r in results):
        raise SystemExit(1)
    if not loaded.problems.warnings:
        assets = sorted({a for s in loaded.sessions.values() for a in s.kit.assets()} | {i for r in results for i in r.inputs})
        stamp.record(root, out_root, request, assets, [(str(r.path), r.size) for r in results], before)


def watch_command(root: Path, kits: list[str], only: str | None, jobs: int | None) -> None:
    """Build, then rebuild what changed each time a content file, layout or asset is saved."""
    from watchfiles import DefaultFilter, watch

    from kitgen.build import BuildOptions, run_build

    wanted = [o.strip() for o in only.split(",")] if only else None
    out_dir = None

    def once() -> None:
        loaded = load(root, kits or None)
        if loaded.problems.errors:
            print_problems(loaded.problems.items)
            click.secho("waiting for the next change...", dim=True)
            return
        run_build(loaded, BuildOptions(out_dir=out_dir, only=wanted, jobs=jobs))

    once()
    output = str(configured_output(root).resolve())
    skip = DefaultFilter(ignore_dirs=(*DefaultFilter.ignore_dirs, ".venv"))
    click.secho(f"watching {root} (Ctrl-C to stop)", dim=True)
    for changes in watch(root, watch_filter=lambda change, path: skip(change, path) and not path.startswith(output)):
        names = sorted({str(Path(p).relative_to(root)) for _, p in changes})
        click.secho("changed: " + ", ".join(names), fg="cyan")
        once()


def layouts_command(root: Path, copy: str | None) -> None:
    """List the built-in layouts and which the workspace replaces; copy one out for editing."""

    from kitgen.layouts import BUILTIN_DIR, overridden
    names = sorted(p.name for p in BUILTIN_DIR.iterdir() if p.is_file())
    if copy:
        if copy not in names:
            raise click.UsageError(f"no built-in layout {copy!r}; choose from {', '.join(names)}")
        from kitgen.scaffold import write_new
        target = root / "layouts" / copy
        write_new(target, (BUILTIN_DIR / copy).read_text(encoding="utf-8"))
        click.echo(f"Copied {copy} to {target}. To change one block only, replace its contents with\n"
                   f'  {{% extends "builtin/{copy}" %}} and the blocks you want to change.')
        return
    mine = set(overridden(root))
    for name in names:
        click.echo(f"{name:32} {'overridden by layouts/' + name if name in mine else 'built-in'}")
