"""Write the planned outputs: each in its own worker process, in parallel, within the limits.

Every render runs in a process forked from the build (after the renderers were imported once) and
bounded by the operating system (:mod:`kitgen.workers`): its memory and processor time by
`setrlimit`, its duration by the build, which kills it at the deadline. A render stopped by a limit
fails its output alone, with a message naming the limit; the other outputs build. Each output is
written to a temporary file beside its target and moved into place (by its writer), so a failed,
interrupted or killed render never leaves a partial file nor removes the previous good one. An
output made from other outputs is written after them.
"""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.atomic import discard_partial, file_size
from kitgen.context import read_places
from kitgen.errors import ContentError
from kitgen.layouts import LayoutError, asked_layouts, environment
from kitgen.limits import stopped_because
from kitgen.views import Reads, digest
from kitgen.workers import run_all, supported

if TYPE_CHECKING:
    from kitgen.errors import Problem
    from kitgen.models.config import Limits
    from kitgen.plan import Job
    from kitgen.progress import Reporter
    from kitgen.views import Place
    from kitgen.workers import Outcome


@dataclass
class Result:
    """One output's outcome."""

    kit: str
    output: str
    path: Path
    status: str  # built, unchanged, failed
    seconds: float = 0.0
    pages: int = 0
    size: int = 0
    error: str = ""
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    """Workspace files the render itself loaded (images, fonts, stylesheets a layout names) and those of
    the layouts it asked for, there or not (`layouts/<name>`)."""
    places: list[Place] = field(default_factory=list)
    """The places of the context the render read, and (`digest`) what their values were."""
    digest: str = ""


def render_one(job: Job, workspace: Path) -> Result:
    """Write one output; every failure becomes a failed Result, never an exception (but MemoryError,
    which the worker process reports as its memory limit)."""
    start = time.perf_counter()
    try:
        reads = Reads()
        ctx = job.context(reads)
        asked_layouts(workspace)  # forget what an earlier render in this process asked for
        written = job.writer.write(ctx, job.spec, workspace, job.path, job.needs)
        places = read_places(reads)
        inputs = list(dict.fromkeys([*written.inputs, *asked_layouts(workspace)]))
        return Result(job.session.id, job.spec.name, job.path, "built", time.perf_counter() - start,
                      pages=written.pages, size=file_size(job.path), warnings=list(written.warnings),
                      inputs=inputs, places=places, digest=digest(ctx, places))
    except MemoryError:
        raise  # the worker reports the memory limit
    except LayoutError as exc:
        return failed(job, start, str(exc.problem), [exc.problem])
    except ContentError as exc:
        return failed(job, start, "; ".join(map(str, exc.problems)), exc.problems)
    except Exception as exc:  # noqa: BLE001 - a failed output must not stop the others
        return failed(job, start, f"{type(exc).__name__}: {exc}")


def failed(job: Job, start: float, error: str, problems: list[Problem] | None = None) -> Result:
    return Result(job.session.id, job.spec.name, job.path, "failed", time.perf_counter() - start,
                  error=error, problems=problems or [])


def execute(todo: list[Job], workspace: Path, jobs: int | None, reporter: Reporter, limits: Limits) -> Iterator[Result]:
    """Write every job of `todo`, those made from other outputs after them, each within `limits`;
    yields each result."""
    environment.cache_clear()  # a layout added or removed since the last build (watch) is seen
    for note in dict.fromkeys(n for writer in dict.fromkeys(j.writer for j in todo) for n in _prepare(writer)):
        reporter.note(note)
    done: dict[Path, Result] = {}
    for wave in _waves(todo):
        ready = []
        for job in wave:
            missing = [name for name, path in job.needs.items() if path in done and done[path].status == "failed"]
            if missing:
                result = failed(job, time.perf_counter(), f"needs {', '.join(missing)}, which failed")
                reporter.finished(result)
                yield result
            else:
                ready.append(job)
        for result in _run(ready, workspace, jobs, reporter, limits):
            done[result.path] = result
            yield result


def _prepare(writer) -> list[str]:
    """Import a writer's renderer once, before forking; one that fails to import fails in its own job."""
    try:
        return writer.prepare()
    except Exception:  # noqa: BLE001 - reported by the job that needs it
        return []


def _waves(todo: list[Job]) -> list[list[Job]]:
    """`todo` in rounds: each job comes after every job of `todo` whose file it reads."""
    by_path = {job.path: job for job in todo}
    depth: dict[Path, int] = {}

    def level(job: Job) -> int:
        if job.path not in depth:
            depth[job.path] = 0
            depth[job.path] = max((level(by_path[p]) + 1 for p in job.needs.values() if p in by_path), default=0)
        return depth[job.path]
    rounds: dict[int, list[Job]] = {}
    for job in todo:
        rounds.setdefault(level(job), []).append(job)
    return [rounds[k] for k in sorted(rounds)]


def _run(todo: list[Job], workspace: Path, jobs: int | None, reporter: Reporter, limits: Limits) -> Iterator[Result]:
    """Render `todo`, `jobs` at a time (default: one per core), each in a bounded worker process."""
    if not supported():  # no fork nor setrlimit here: in this process, without the limits
        for job in todo:
            reporter.started(job)
            result = render_one(job, workspace)
            reporter.finished(result)
            yield result
        return
    tasks = [functools.partial(render_one, job, workspace) for job in todo]
    count = min(jobs or os.cpu_count() or 1, len(todo))
    outcomes = run_all(tasks, count, limits, lambda i: reporter.started(todo[i]))
    unfinished = set(range(len(todo)))
    try:
        for index, outcome in outcomes:
            unfinished.discard(index)
            result = outcome.value if not outcome.stopped else _stopped(todo[index], outcome, limits)
            reporter.finished(result)
            yield result
    finally:  # interrupted (Ctrl-C): the workers still running are killed, and what they began is removed
        outcomes.close()
        for index in unfinished:
            discard_partial(todo[index].path)


def _stopped(job: Job, outcome: Outcome, limits: Limits) -> Result:
    """The result of a render its worker did not finish: the limit it hit, and nothing left behind."""
    discard_partial(job.path)
    return Result(job.session.id, job.spec.name, job.path, "failed", outcome.seconds,
                  error=stopped_because(outcome.stopped, outcome.detail, limits, "the render"))
