"""What the user sees: problems, summaries, crash notes."""

from __future__ import annotations

import os
import tempfile
import traceback
from pathlib import Path

import click

from kitgen.errors import Problem


def print_problems(problems: list[Problem], outcome: str = "nothing was built") -> None:
    """Print every problem, errors first, then a count and what that means (`outcome`)."""
    problems = list(dict.fromkeys(problems))
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for p in sorted(errors, key=Problem.sort_key) + sorted(warnings, key=Problem.sort_key):
        click.echo(_style(p), err=True)
    if errors:
        click.secho(f"\n{len(errors)} error(s)" + (f", {len(warnings)} warning(s)" if warnings else "")
                    + f": {outcome}.", fg="red", err=True)


def _style(p: Problem) -> str:
    text = str(p)
    colour = "red" if p.severity == "error" else "yellow"
    first, _, rest = text.partition("\n")
    return click.style(first, fg=colour) + ("\n" + click.style(rest, dim=True) if rest else "")


def crash() -> int:
    """Write the traceback to a log file and print where it is; exit status 3."""
    fd, path = tempfile.mkstemp(prefix="kitgen-crash-", suffix=".log")
    with os.fdopen(fd, "w") as fh:
        fh.write(traceback.format_exc())
    click.secho("kitgen stopped on an internal error (a bug in kitgen, not in your content).", fg="red", err=True)
    click.echo(f"Details were written to {Path(path)}; please attach that file to a bug report.", err=True)
    return 3
