"""What each command does, between the command line and the pipeline."""

from __future__ import annotations

from pathlib import Path

import click

from kitgen.errors import ContentError
from kitgen.report import print_problems
from kitgen.session import load


def validate_command(root: Path, kits: list[str], strict: bool) -> None:
    loaded = load(root, kits or None)
    problems = loaded.problems
    if problems.errors or (strict and problems.warnings):
        if strict:
            raise ContentError(problems.items)
        print_problems(problems.items)
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
    from kitgen.build import BuildOptions, run_build
    from kitgen.outputs import SPECS
    wanted = None
    if only:
        wanted = [o.strip() for o in only.split(",") if o.strip()]
        unknown = [o for o in wanted if o not in SPECS]
        if unknown:
            raise click.UsageError(f"unknown output(s) {', '.join(unknown)}; choose from {', '.join(SPECS)}")
    loaded = load(root, kits or None)
    if loaded.problems.errors:
        raise ContentError(loaded.problems.items)
    if loaded.problems.warnings and not quiet:
        print_problems(loaded.problems.warnings)
    options = BuildOptions(out_dir=(out if out is None or out.is_absolute() else Path.cwd() / out),
                           only=wanted, fmt=fmt, jobs=jobs, force=force, quiet=quiet)
    ok = run_build(loaded, options)
    if not ok:
        raise SystemExit(1)
