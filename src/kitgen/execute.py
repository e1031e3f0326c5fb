"""Write the planned outputs: each in its own job, in parallel processes, within a time limit.

Each output is written to a temporary file beside its target and moved into place (by its writer),
so a failed or interrupted render never leaves a partial file nor removes the previous good one.
An output made from other outputs is written after them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.context import read_places
from kitgen.errors import ContentError
from kitgen.layouts import LayoutError, environment
from kitgen.views import Reads, digest

if TYPE_CHECKING:
    from kitgen.errors import Problem
    from kitgen.plan import Job
    from kitgen.progress import Reporter
    from kitgen.views import Place

RENDER_SECONDS = int(os.environ.get("KITGEN_RENDER_TIMEOUT", "300"))


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
    """Workspace files the render itself loaded (images, fonts, stylesheets a layout names)."""
    places: list[Place] = field(default_factory=list)
    """The places of the context the render read, and (`digest`) what their values were."""
    digest: str = ""


class RenderTimeout(Exception):
    """One output took longer than the wall-clock limit."""


@contextlib.contextmanager
def _deadline(seconds: int):
    """Interrupt the render after `seconds` (main thread of a process only; elsewhere no limit)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise RenderTimeout(f"rendering took longer than {seconds} s (KITGEN_RENDER_TIMEOUT) and was stopped")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_one(job: Job, workspace: Path) -> Result:
    """Write one output; every failure becomes a failed Result, never an exception."""
    start = time.perf_counter()
    try:
        job.path.parent.mkdir(parents=True, exist_ok=True)
        with _deadline(RENDER_SECONDS):
            reads = Reads()
            ctx = job.context(reads)
            written = job.writer.write(ctx, job.spec, workspace, job.path, job.needs)
        places = read_places(reads)
        return Result(job.session.id, job.spec.name, job.path, "built", time.perf_counter() - start,
                      pages=written.pages, size=job.path.stat().st_size, warnings=list(written.warnings),
                      inputs=list(written.inputs), places=places, digest=digest(ctx, places))
    except LayoutError as exc:
        return failed(job, start, str(exc.problem), [exc.problem])
    except ContentError as exc:
        return failed(job, start, "; ".join(map(str, exc.problems)), exc.problems)
    except Exception as exc:  # noqa: BLE001 - a failed output must not stop the others
        return failed(job, start, f"{type(exc).__name__}: {exc}")


def failed(job: Job, start: float, error: str, problems: list[Problem] | None = None) -> Result:
    return Result(job.session.id, job.spec.name, job.path, "failed", time.perf_counter() - start,
                  error=error, problems=problems or [])


def execute(todo: list[Job], workspace: Path, jobs: int | None, reporter: Reporter) -> Iterator[Result]:
    """Write every job of `todo`, those made from other outputs after them; yields each result."""
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
        for result in _run(ready, workspace, jobs, reporter):
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


_WORK: dict = {}


def _render_index(index: int) -> Result:
    """Worker entry point: the jobs were inherited from the parent when the pool forked."""
    return render_one(_WORK["jobs"][index], _WORK["workspace"])


def _run(todo: list[Job], workspace: Path, jobs: int | None, reporter: Reporter) -> Iterator[Result]:
    count = min(jobs or os.cpu_count() or 1, len(todo))
    if count <= 1 or sys.platform == "win32":
        for job in todo:
            reporter.started(job)
            result = render_one(job, workspace)
            reporter.finished(result)
            yield result
        return
    _WORK.update(jobs=todo, workspace=workspace)
    try:
        with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_render_index, i): job for i, job in enumerate(todo)}
            for job in todo[:count]:
                reporter.started(job)
            for future in as_completed(futures):
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died (killed, out of memory) fails its output
                    result = failed(futures[future], time.perf_counter(), f"the render process stopped ({type(exc).__name__}); "
                                    "the output may need more memory than the machine allows")
                reporter.finished(result)
                yield result
    finally:
        _WORK.clear()
