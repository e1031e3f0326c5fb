"""The pipeline: load → resolve → check → plan → write, as `kitgen validate` and `kitgen build` run it.

Each stage imports only the stages before it; this module is the only one that knows them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.changes import Record, layouts_digest, snapshot
from kitgen.check import check_kit
from kitgen.errors import ContentError, Loc, Problems
from kitgen.execute import Result, execute
from kitgen.layouts import environment
from kitgen.outputs import OUTPUTS, OutputSpec
from kitgen.plan import Job, plan
from kitgen.progress import Reporter
from kitgen.request import Request
from kitgen.resolve import resolve_kit
from kitgen.session import Session
from kitgen.workspace import Workspace, load_workspace, suggest


@dataclass
class Validated:
    """A workspace with the requested kits resolved and checked, and every problem found on the way."""

    workspace: Workspace
    sessions: dict[str, Session] = field(default_factory=dict)
    """The kits with no error, ready to build."""
    problems: Problems = field(default_factory=Problems)


def validate(root: Path, kit_ids: list[str] | None = None, outputs: Mapping[str, OutputSpec] = OUTPUTS) -> Validated:
    """Load the workspace, resolve the kits (default: every kit) and check them; problems are collected."""
    ws = load_workspace(root)                                        # load: every file, typed
    out = Validated(ws, problems=Problems(list(ws.problems.items)))
    for kit_id in _wanted(ws, kit_ids, out.problems):
        resolution = resolve_kit(ws, kit_id)                         # resolve: defaults, overrides, agenda
        found = resolution.problems + check_kit(resolution, ws, outputs)   # check: everything, at once
        out.problems.extend(found)
        if resolution.session is not None and not any(p.severity == "error" for p in found):
            out.sessions[kit_id] = resolution.session
    return out


def build(root: Path, request: Request, outputs: Mapping[str, OutputSpec] = OUTPUTS) -> list[Result]:
    """Make what `request` asks for and report it; content problems raise ContentError before anything is made."""
    before = snapshot(root)                                          # an edit made while building counts
    checked = validate(root, request.kits or None, outputs)          # load → resolve → check
    if checked.problems.errors:
        raise ContentError(checked.problems.items)
    reporter = Reporter(root, request.quiet, checked.problems.warnings)
    if not checked.sessions:
        reporter.no_kits()
        return []
    environment.cache_clear()  # a layout added or removed since the last build (watch) is seen
    jobs = plan(checked.workspace, checked.sessions, request, outputs)   # plan: one job per output
    record = Record(request.out_dir or checked.workspace.output_dir)
    layouts = layouts_digest(root)
    todo = jobs if request.force else _outdated(jobs, record, root, layouts)   # field by field
    results = [_unchanged(job, record) for job in jobs if job not in todo]
    reporter.start(len(todo))
    for result in execute(todo, root, request.jobs, reporter):       # write
        results.append(result)
        if result.status == "built":
            record.add(_job_of(todo, result), result, root, layouts)
    reporter.summary(results)
    if all(r.status != "failed" for r in results) and not checked.problems.warnings:
        record.answer(request.key(record.out_root), root, before, results)
    if jobs:
        record.save()
    return results


def _wanted(ws: Workspace, kit_ids: list[str] | None, problems: Problems) -> list[str]:
    for kit_id in kit_ids or []:
        if kit_id not in ws.kit_docs:
            problems.add(Loc("content/kits"), "", f"no kit {kit_id!r}", suggest(kit_id, ws.kit_docs))
    return [k for k in (kit_ids or sorted(ws.kit_docs)) if k in ws.kit_docs]


def _outdated(jobs: list[Job], record: Record, root: Path, layouts: str) -> list[Job]:
    """The jobs whose output must be made again, and those made from one of them."""
    todo = {job.path for job in jobs if not record.unchanged(job, root, layouts)}
    grew = True
    while grew:
        more = {job.path for job in jobs if job.path not in todo and todo.intersection(job.needs.values())}
        todo |= more
        grew = bool(more)
    return [job for job in jobs if job.path in todo]


def _unchanged(job: Job, record: Record) -> Result:
    entry = record.entry(job)
    return Result(job.session.id, job.spec.name, job.path, "unchanged", pages=entry.get("pages", 0),
                  size=entry.get("size", 0), inputs=list(entry.get("inputs", [])))


def _job_of(jobs: list[Job], result: Result) -> Job:
    return next(job for job in jobs if job.path == result.path)
