"""Build kits: plan the outputs, skip the unchanged, render the rest in parallel, report.

Each output is rendered into a temporary file beside its target and moved into place, so a failed
or interrupted render never leaves a partial file nor removes the previous good one.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.context import build_context
from kitgen.errors import ContentError, Loc, Problem, rel
from kitgen.paths import inside
from kitgen.fingerprint import dependencies, file_hash, fingerprint, read_manifest, write_manifest
from kitgen.layouts import LayoutError, environment
from kitgen.outputs import SPECS, OutputSpec
from kitgen.progress import Reporter
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
class Job:
    """One output to consider."""

    session: Session
    spec: OutputSpec
    path: Path
    fingerprint: str


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
    fingerprint: str = ""
    warnings: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    """Workspace files the render itself loaded (images, fonts, stylesheets a layout names)."""


def plan(loaded: Loaded, options: BuildOptions) -> list[Job]:
    """Every output to make, with the fingerprint of its inputs."""
    root = options.out_dir or loaded.workspace.output_dir
    if options.out_dir is None:  # the workspace's own output folder: no link may lead it elsewhere
        for folder in [root, *(root / kit_id for kit_id in loaded.sessions)]:
            if (folder.exists() or folder.is_symlink()) and not inside(loaded.workspace.root, folder):
                raise ContentError([Problem(Loc(rel(folder, loaded.workspace.root)), "",
                                            "the output folder links outside the workspace; refused",
                                            "remove the link, or pass --out DIR to write elsewhere on purpose")])
    jobs = []
    for kit_id, session in loaded.sessions.items():
        for name in session.kit.outputs:
            spec = SPECS[name]
            if (options.only and name not in options.only) or (options.fmt == "html" and spec.writer == "deck"):
                continue
            folder = root / kit_id
            path = folder / (spec.filename(kit_id) if options.fmt == "files" else f"{kit_id}-{name}.html")
            deps = dependencies(session, spec, loaded.workspace.root, options.fmt)
            jobs.append(Job(session, spec, path, fingerprint(deps)))
    return jobs


RENDER_SECONDS = int(os.environ.get("KITGEN_RENDER_TIMEOUT", "300"))


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


def render_one(job: Job, workspace: Path, fmt: str) -> Result:
    """Render one output; every failure becomes a failed Result, never an exception."""
    start = time.perf_counter()
    try:
        job.path.parent.mkdir(parents=True, exist_ok=True)
        with _deadline(RENDER_SECONDS):
            return _render(job, workspace, fmt, start)
    except LayoutError as exc:
        return _failed(job, start, str(exc.problem), [exc.problem])
    except Exception as exc:  # noqa: BLE001 - a failed output must not stop the others
        from kitgen.errors import ContentError
        if isinstance(exc, ContentError):
            return _failed(job, start, "; ".join(map(str, exc.problems)), exc.problems)
        return _failed(job, start, f"{type(exc).__name__}: {exc}")


def _render(job: Job, workspace: Path, fmt: str, start: float) -> Result:
    session, spec, path = job.session, job.spec, job.path
    ctx = build_context(session, spec.edition, spec.name, spec.reads)
    if fmt == "html":
        from kitgen.atomic import write_text
        from kitgen.handouts import handout_html
        write_text(path, handout_html(ctx, spec, workspace))
        info: dict = {"pages": 0}
    elif spec.writer == "pdf":
        from kitgen.handouts import write_handout
        info = write_handout(ctx, spec, workspace, path)
    else:
        from kitgen.deck.writer import write_deck
        info = write_deck(ctx, spec, workspace, path)
    return Result(session.id, spec.name, path, "built", time.perf_counter() - start, pages=info.get("pages", 0),
                  size=path.stat().st_size, fingerprint=job.fingerprint, warnings=list(info.get("warnings", [])),
                  inputs=list(info.get("inputs", [])))


def _failed(job: Job, start: float, error: str, problems: list[Problem] | None = None) -> Result:
    return Result(job.session.id, job.spec.name, job.path, "failed", time.perf_counter() - start,
                  error=error, problems=problems or [])


_WORK: dict = {}


def _render_index(index: int) -> Result:
    """Worker entry point: the jobs were inherited from the parent when the pool forked."""
    return render_one(_WORK["jobs"][index], _WORK["workspace"], _WORK["fmt"])


def run_build(loaded: Loaded, options: BuildOptions) -> list[Result]:
    """Build everything planned; print a summary; return every output's result."""
    workspace = loaded.workspace.root
    environment.cache_clear()  # a layout added or removed since the last build (watch) is seen
    jobs = sorted(plan(loaded, options), key=lambda j: -j.spec.cost)
    manifests: dict[Path, dict] = {}
    todo: list[Job] = []
    results: list[Result] = []
    for job in jobs:
        manifest = manifests.setdefault(job.path.parent, read_manifest(job.path.parent))
        entry = manifest.get(job.path.name, {})
        if not options.force and _up_to_date(job, entry, workspace):
            results.append(Result(job.session.id, job.spec.name, job.path, "unchanged", 0.0,
                                  pages=entry.get("pages", 0), size=entry.get("size", 0),
                                  inputs=sorted(entry.get("inputs", {}))))
        else:
            todo.append(job)
    reporter = Reporter(len(todo), quiet=options.quiet, workspace=workspace)
    if todo and options.fmt == "files" and any(j.spec.writer == "pdf" for j in todo):
        _warn_slow_subsetting(reporter)
    for result in _execute(todo, workspace, options, reporter):
        results.append(result)
        if result.status == "built":
            manifests[result.path.parent][result.path.name] = {
                "fingerprint": result.fingerprint, "pages": result.pages, "size": result.size,
                "inputs": {name: file_hash(workspace / name) for name in result.inputs}}
    if any(r.status == "built" for r in results):
        for folder, manifest in manifests.items():
            if folder.exists():
                write_manifest(folder, manifest)
    reporter.summary(results)
    return results


def _up_to_date(job: Job, entry: dict, workspace: Path) -> bool:
    """Same inputs as the recorded build (the planned ones and those the render loaded) and the file is there."""
    if entry.get("fingerprint") != job.fingerprint or not job.path.exists() or job.path.stat().st_size != entry.get("size"):
        return False
    return all(file_hash(workspace / name) == digest for name, digest in entry.get("inputs", {}).items())


def _execute(todo: list[Job], workspace: Path, options: BuildOptions, reporter: Reporter):
    jobs = options.jobs or os.cpu_count() or 1
    jobs = min(jobs, len(todo))
    if jobs <= 1 or sys.platform == "win32":
        for job in todo:
            reporter.started(job)
            result = render_one(job, workspace, options.fmt)
            reporter.finished(result)
            yield result
        return
    _preload(todo, options.fmt)
    _WORK.update(jobs=todo, workspace=workspace, fmt=options.fmt)
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_render_index, i): job for i, job in enumerate(todo)}
            for job in todo[:jobs]:
                reporter.started(job)
            for future in as_completed(futures):
                try:
                    result = future.result()
                except Exception as exc:  # noqa: BLE001 - a worker that died (killed, out of memory) fails its output
                    job = futures[future]
                    result = _failed(job, time.perf_counter(), f"the render process stopped ({type(exc).__name__}); "
                                     "the output may need more memory than the machine allows")
                reporter.finished(result)
                yield result
    finally:
        _WORK.clear()


def _preload(todo: list[Job], fmt: str) -> None:
    """Import the renderers once, before forking, so no worker pays for it again.

    A renderer that fails to import is left to fail in its own job, where the failure is reported.
    """
    with contextlib.suppress(Exception):
        if fmt == "files" and any(j.spec.writer == "pdf" for j in todo):
            import kitgen.handouts  # noqa: F401
            import kitgen.render.pdf  # noqa: F401
        if any(j.spec.writer == "deck" for j in todo):
            import kitgen.deck.writer  # noqa: F401


def _warn_slow_subsetting(reporter: Reporter) -> None:
    from kitgen.render.pdf import harfbuzz_subset_available
    if not harfbuzz_subset_available():
        reporter.note("HarfBuzz's font subsetter (libharfbuzz-subset0) is missing: PDFs will be written "
                      "about ten times slower. Install it with scripts/setup-system.sh.")
