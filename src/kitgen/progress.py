"""Progress while building and the summary table after: rich on a terminal, plain lines elsewhere."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sys
from pathlib import Path

import click

if TYPE_CHECKING:
    from kitgen.errors import Problem


class Reporter:
    """Says what is being built; `quiet` keeps only failures."""

    def __init__(self, workspace: Path, quiet: bool, warnings: list[Problem] | None = None):
        self.quiet = quiet
        self.workspace = workspace
        self.total = self.done = 0
        self._progress = None
        if warnings and not quiet:
            from kitgen.report import print_problems
            print_problems(warnings)

    def no_kits(self) -> None:
        click.secho("no kits in content/kits/: create one with `kitgen new kit NAME`", fg="yellow", err=True)

    def start(self, total: int) -> None:
        """Rendering begins: `total` outputs to make."""
        self.total = total
        if sys.stdout.isatty() and not self.quiet and total > 0:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
            self._progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                      TimeElapsedColumn(), transient=True)
            self._task = self._progress.add_task("Rendering", total=total)
            self._progress.start()

    def note(self, text: str) -> None:
        click.secho(f"note: {text}", fg="yellow", err=True)

    def started(self, job) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=f"Rendering {job.spec.name}")

    def finished(self, result) -> None:
        self.done += 1
        if self._progress is not None:
            self._progress.advance(self._task)
        elif not self.quiet:
            click.echo(f"[{self.done}/{self.total}] {result.status} {self._shown(result.path)} ({result.seconds:.2f}s)")

    def _shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.workspace))
        except ValueError:
            return str(path)

    def summary(self, results) -> None:
        if self._progress is not None:
            self._progress.stop()
        failed = [r for r in results if r.status == "failed"]
        if not self.quiet:
            rows = [(self._shown(r.path), r.status, _count(r), _size(r.size), f"{r.seconds:.2f}s") for r in results]
            if sys.stdout.isatty():
                from rich.console import Console
                from rich.table import Table
                table = Table("output", "status", "pages", "size", "time", box=None)
                for row in rows:
                    table.add_row(*row)
                Console().print(table)
            else:
                for row in rows:
                    click.echo("  ".join(row))
            built = sum(r.status == "built" for r in results)
            same = sum(r.status == "unchanged" for r in results)
            click.echo(f"{built} built, {same} unchanged, {len(failed)} failed")
        for r in results:
            for warning in r.warnings:
                click.secho(f"warning: {self._shown(r.path)}: {warning}", fg="yellow", err=True)
        for r in failed:
            click.secho(f"failed: {self._shown(r.path)}: {r.error}", fg="red", err=True)
            click.echo("  the previous file, if any, was left as it was", err=True)


def _count(r) -> str:
    if not r.pages:
        return "-"
    return f"{r.pages} slides" if r.output == "slides" else f"{r.pages} pages"


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"
