"""The pipeline: load → resolve → check (:mod:`kitgen.validation`) → plan → write, as `kitgen build` runs it.

Each stage imports only the stages before it; this module is the only one that knows them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Mapping
from pathlib import Path

from kitgen.atomic import pinned
from kitgen.changes import Record, snapshot
from kitgen.errors import ContentError
from kitgen.execute import Result, execute
from kitgen.limits import workspace_limits
from kitgen.outputs import OUTPUTS
from kitgen.plan import output_folders, plan
from kitgen.progress import Reporter
from kitgen.validation import validate

if TYPE_CHECKING:
    from kitgen.outputs import OutputSpec
    from kitgen.plan import Job
    from kitgen.request import Request
    from kitgen.session import Session


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
    jobs = plan(checked.workspace, checked.sessions, request, outputs)   # plan: one job per output
    out_root = request.out_dir or checked.workspace.output_dir
    record = Record(out_root)
    todo = jobs if request.force else _outdated(jobs, record, root)   # field by field, layout by layout
    results = [_unchanged(job, record) for job in jobs if job not in todo]
    with pinned(output_folders(checked.workspace.root, out_root, jobs, request.out_dir is not None) if jobs else {}):
        reporter.start(len(todo))
        for result in execute(todo, root, request.jobs, reporter, workspace_limits(root)):   # write
            results.append(result)
            if result.status == "built":
                record.add(_job_of(todo, result), result, root)
        reporter.summary(results)
        if all(r.status != "failed" for r in results) and not checked.problems.warnings:
            record.answer(request.key(record.out_root), root, before, results, _rosters(checked.sessions))
        if jobs:
            record.save()
    return results


def _rosters(sessions: Mapping[str, Session]) -> list[str]:
    """The rosters the kits read: content outside content/, which the quick answer must watch too."""
    return [s.kit.roster for s in sessions.values() if s.kit.roster]


def _outdated(jobs: list[Job], record: Record, root: Path) -> list[Job]:
    """The jobs whose output must be made again, and those made from one of them."""
    todo = {job.path for job in jobs if not record.unchanged(job, root)}
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
