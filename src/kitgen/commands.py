"""What each command does, between the command line and the pipeline."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator
from pathlib import Path

import click

from kitgen.errors import ContentError
from kitgen.paths import configured_output
from kitgen.report import print_problems


def validate_command(root: Path, kits: list[str], strict: bool) -> None:
    from kitgen.validation import validate
    checked = validate(root, kits or None)
    problems = checked.problems
    if problems.errors or (strict and problems.warnings):
        if strict:
            raise ContentError(problems.items)
        print_problems(problems.items, "fix them and run kitgen validate again")
        raise SystemExit(1)
    warnings = list(dict.fromkeys(problems.warnings))  # one a content file gives every kit that uses it, once
    print_problems(warnings)
    n = len(checked.sessions)
    click.secho(f"OK: {n} kit(s) valid" + (f", {len(warnings)} warning(s)" if warnings else ""), fg="green")


def list_command(root: Path) -> None:
    from kitgen.limits import bounded
    from kitgen.workspace import load_workspace
    ws = bounded(lambda: load_workspace(root), root, "loading the content")
    for tid, files in ws.topics.items():
        _list_topic(tid, files)
    for kid, doc in ws.kit_docs.items():
        title = doc.data.get("title") if isinstance(doc.data, dict) else None
        click.echo(f"kit {kid}: {title or '(untitled)'}")
    if ws.problems.errors:
        click.secho(f"{len(ws.problems.errors)} file(s) have errors: run kitgen validate", fg="yellow", err=True)


def _list_topic(tid: str, files) -> None:
    title = files.topic.model.title if files.topic and files.topic.model else "(has errors)"
    click.echo(f"topic {tid}: {title}")
    for kind, table in (("case study", files.case_studies), ("activity", files.activities), ("block", files.blocks)):
        for cid, entry in table.items():
            extra = f" — parameters: {', '.join(entry.model.parameters)}" if kind == "case study" and entry.model and entry.model.parameters else ""
            click.echo(f"  {kind} {cid}: {entry.model.title if entry.model else '(has errors)'}{extra}")
    if files.discussion:
        click.echo("  discussion guide")
    if files.book_club:
        click.echo("  book-club guide")


def build_command(root: Path, kits: list[str], only: str | None, out: Path | None, fmt: str,
                  jobs: int | None, force: bool, quiet: bool) -> None:
    from kitgen import changes
    from kitgen.request import Request
    out_dir = out if out is None or out.is_absolute() else Path.cwd() / out
    request = Request(sorted(kits), _outputs_named(only), fmt, out_dir, jobs, force, quiet)
    out_root = out_dir or configured_output(root)
    if not force and (same := changes.unchanged_request(root, out_root, request.key(out_root))) is not None:
        _say_unchanged(root, same, quiet)  # nothing changed at all: no models, no renderer loaded
        return
    from kitgen.build import build
    results = build(root, request)
    if any(r.status == "failed" for r in results):
        raise SystemExit(1)


def _outputs_named(only: str | None) -> list[str] | None:
    """The outputs `--only` names (all of them must exist), or None for every output."""
    from kitgen.outputs import OUTPUTS
    if not only:
        return None
    wanted = [o.strip() for o in only.split(",") if o.strip()]
    unknown = [o for o in wanted if o not in OUTPUTS]
    if unknown:
        raise click.UsageError(f"unknown output(s) {', '.join(unknown)}; choose from {', '.join(OUTPUTS)}")
    return wanted


def _say_unchanged(root: Path, same: list[tuple[Path, int]], quiet: bool) -> None:
    if quiet:
        return
    for path, size in same:
        shown = path.relative_to(root) if path.is_relative_to(root) else path
        click.echo(f"{shown}  unchanged  {size / 1024:.0f} KB")
    click.echo(f"0 built, {len(same)} unchanged, 0 failed")


def watch_command(root: Path, kits: list[str], only: str | None, jobs: int | None) -> None:
    """Build, then rebuild what changed each time a content file, layout or asset is saved."""
    from kitgen.build import build
    from kitgen.request import Request

    request = Request(sorted(kits), [o.strip() for o in only.split(",")] if only else None, jobs=jobs)

    def once() -> None:
        try:
            build(root, request)
        except ContentError as exc:
            print_problems(exc.problems)
            click.secho("waiting for the next change...", dim=True)

    once()
    click.secho(f"watching {root} (Ctrl-C to stop)", dim=True)
    for names in changes_in(root, configured_output(root)):
        click.secho("changed: " + ", ".join(names), fg="cyan")
        once()


MAX_WATCHED = 5_000
"""Folders watched at most (each costs the system one watch)."""


def changes_in(root: Path, output: Path, stop_event=None) -> Iterator[list[str]]:
    """The names of the workspace files that changed, a batch at a time, until `stop_event` is set.

    Only the workspace's own folders are watched, each by itself: a link is never followed, so a link
    to a folder outside (or to `/`) puts no watch outside the workspace, and a change there is never
    seen. Folders made or removed are taken into account after each batch.
    """
    from watchfiles import DefaultFilter, watch
    skip = DefaultFilter(ignore_dirs=(*DefaultFilter.ignore_dirs, ".venv"))
    out = str(output.resolve())

    def wanted(change, path: str) -> bool:
        return skip(change, path) and path != out and not path.startswith(out + os.sep)
    while True:
        folders = watched_folders(root, out, skip.ignore_dirs)
        for changes in watch(*folders, watch_filter=wanted, recursive=False, stop_event=stop_event):
            yield sorted({str(Path(p).relative_to(root)) for _, p in changes})
            if watched_folders(root, out, skip.ignore_dirs) != folders:
                break
        else:
            return


def watched_folders(root: Path, output: str, ignored: Collection[str]) -> list[Path]:
    """The workspace's folders, links not followed, without the output folder and `ignored` names."""
    found: list[Path] = []
    for folder, subfolders, _ in os.walk(root):  # followlinks=False: a link to a folder is not entered
        found.append(Path(folder))
        subfolders[:] = sorted(d for d in subfolders if d not in ignored and os.path.join(folder, d) != output
                               and not os.path.islink(os.path.join(folder, d)))
        if len(found) >= MAX_WATCHED:
            break
    return found


def layouts_command(root: Path, copy: str | None) -> None:
    """List the built-in layouts and which the workspace replaces; copy one out for editing."""

    from kitgen.layouts import BUILTIN_DIR, overridden
    names = sorted(p.name for p in BUILTIN_DIR.iterdir() if p.is_file())
    if copy:
        if copy not in names:
            raise click.UsageError(f"no built-in layout {copy!r}; choose from {', '.join(names)}")
        from kitgen.scaffold import write_new
        target = root / "layouts" / copy
        write_new(root, target, (BUILTIN_DIR / copy).read_text(encoding="utf-8"))
        click.echo(f"Copied {copy} to {target}. To change one block only, replace its contents with\n"
                   f'  {{% extends "builtin/{copy}" %}} and the blocks you want to change.')
        return
    mine = set(overridden(root))
    for name in names:
        click.echo(f"{name:32} {'overridden by layouts/' + name if name in mine else 'built-in'}")
