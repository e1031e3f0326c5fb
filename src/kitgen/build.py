"""Build kits: plan the outputs, render each atomically, report what was made."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from kitgen.context import build_context
from kitgen.errors import Problem
from kitgen.layouts import LayoutError
from kitgen.outputs import SPECS, OutputSpec
from kitgen.resolve import Session
from kitgen.session import Loaded


@dataclass
class BuildOptions:
    """What the user asked `kitgen build` for."""

    out_dir: Path | None = None
    only: list[str] | None = None
    fmt: str = "files"
    jobs: int | None = None
    force: bool = False
    quiet: bool = False


@dataclass
class Result:
    """One output's outcome."""

    kit: str
    output: str
    path: Path
    status: str  # built, unchanged, failed
    seconds: float = 0.0
    pages: int = 0
    error: str = ""
    problems: list[Problem] = field(default_factory=list)


def plan(loaded: Loaded, options: BuildOptions) -> list[tuple[Session, OutputSpec, Path]]:
    """Every (session, output, file) to make."""
    root = options.out_dir or loaded.workspace.output_dir
    jobs = []
    for kit_id, session in loaded.sessions.items():
        for name in session.kit.outputs:
            if options.only and name not in options.only:
                continue
            spec = SPECS[name]
            folder = root / kit_id
            path = folder / (spec.filename(kit_id) if options.fmt == "files" else f"{kit_id}-{name}.html")
            if options.fmt == "html" and spec.writer == "deck":
                continue
            jobs.append((session, spec, path))
    return jobs


def render_one(session: Session, spec: OutputSpec, path: Path, workspace: Path, fmt: str) -> Result:
    """Render one output; every failure becomes a failed Result, never an exception."""
    start = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        ctx = build_context(session, spec.edition, spec.name)
        if fmt == "html":
            from kitgen.atomic import write_text
            from kitgen.handouts import handout_html
            write_text(path, handout_html(ctx, spec, workspace))
            info = {"pages": 0}
        elif spec.writer == "pdf":
            from kitgen.handouts import write_handout
            info = write_handout(ctx, spec, workspace, path)
        else:
            from kitgen.deck.writer import write_deck
            info = write_deck(ctx, spec, workspace, path)
    except LayoutError as exc:
        return Result(session.id, spec.name, path, "failed", time.perf_counter() - start, error=str(exc.problem),
                      problems=[exc.problem])
    except Exception as exc:  # noqa: BLE001 - a failed output must not stop the others
        from kitgen.errors import ContentError
        if isinstance(exc, ContentError):
            return Result(session.id, spec.name, path, "failed", time.perf_counter() - start,
                          error="; ".join(map(str, exc.problems)), problems=exc.problems)
        return Result(session.id, spec.name, path, "failed", time.perf_counter() - start,
                      error=f"{type(exc).__name__}: {exc}")
    return Result(session.id, spec.name, path, "built", time.perf_counter() - start, pages=info.get("pages", 0))


def run_build(loaded: Loaded, options: BuildOptions) -> bool:
    """Build everything planned; print a summary; True when every output was made."""
    workspace = loaded.workspace.root
    results = []
    for session, spec, path in plan(loaded, options):
        result = render_one(session, spec, path, workspace, options.fmt)
        results.append(result)
        if not options.quiet:
            _line(result, workspace)
    failed = [r for r in results if r.status == "failed"]
    for r in failed:
        click.secho(f"failed: {r.kit} {r.output}: {r.error}", fg="red", err=True)
    return not failed


def _line(r: Result, workspace: Path) -> None:
    try:
        shown = r.path.relative_to(workspace)
    except ValueError:
        shown = r.path
    detail = f"{r.pages} pages" if r.pages else ""
    colour = {"built": "green", "failed": "red"}.get(r.status)
    click.echo(click.style(f"{r.status:9}", fg=colour) + f" {shown}  {detail}  {r.seconds:.2f}s")
