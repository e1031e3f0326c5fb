"""Plan a build: one job per output to consider, each knowing its file, its writer and its context."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kitgen.check import session_outputs
from kitgen.context import build_context
from kitgen.errors import ContentError, Loc, Problem, rel
from kitgen.paths import FileRefused, open_beneath
from kitgen.views import digest

if TYPE_CHECKING:
    from kitgen.context import Context
    from kitgen.outputs import OutputSpec
    from kitgen.request import Request
    from kitgen.session import Session
    from kitgen.views import Place, Reads
    from kitgen.workspace import Workspace
    from kitgen.writers.base import Writer


@dataclass(eq=False)
class Job:
    """One output to consider."""

    session: Session
    spec: OutputSpec
    writer: Writer
    path: Path
    outputs: tuple[OutputSpec, ...]
    """The kit's outputs (their names and the materials checklist are in every context); not the pack,
    which is made only when asked for and named by no handout, so asking for it renders nothing again."""
    needs: dict[str, Path] = field(default_factory=dict)
    """The files of the other outputs this one is made from (or cites), by output name."""
    sources: dict[str, Writer] = field(default_factory=dict)
    """The writers of those files, which can tell where each block is in them."""

    def context(self, reads: Reads | None = None) -> Context:
        return build_context(self.session, self.spec, self.outputs, reads, anchors=self.anchors)

    def anchors(self) -> dict[str, dict[str, list[int]]]:
        """Where each anchor is in the files this output cites (read when a render first asks)."""
        return {name: self.sources[name].anchors(path) for name, path in self.needs.items()
                if name in self.sources and path.exists()}

    def read_digest(self, places: list[Place]) -> str:
        """The digest of what a render reading `places` would read now."""
        return digest(self.context(), places)


def plan(ws: Workspace, sessions: Mapping[str, Session], request: Request,
         outputs: Mapping[str, OutputSpec]) -> list[Job]:
    """Every output to consider, with the outputs those are made from; longest renders first."""
    root = request.out_dir or ws.output_dir
    jobs: list[Job] = []
    for kit_id, session in sessions.items():
        jobs += _kit_jobs(session, root / kit_id, request, outputs)
    return sorted(jobs, key=lambda j: -j.spec.cost)


def _kit_jobs(session: Session, folder: Path, request: Request, outputs: Mapping[str, OutputSpec]) -> list[Job]:
    """One kit's jobs: its outputs (`check.kit_outputs`: listed, else the default ones, and the print
    files its settings ask for), those `--only` asks for by name, every output they are made from and
    those of the kit's outputs they cite (`refers`), each made before the outputs that use it."""
    kit_id = session.id
    made = _kit_outputs(session, request, outputs)
    wanted = [s for s in made if not request.only or s.name in request.only]
    needs = {s.name: _needs(s, made) for s in made}
    cites = _cites(made, needs)
    shown = _named(made)
    planned: dict[str, Job] = {}
    for spec in _with_needs(wanted, outputs, {n: needs[n] + cites[n] for n in needs}):
        writer = spec.writer.as_format(request.fmt)
        spec_needs = needs.get(spec.name, spec.needs)
        if writer is None or any(n not in planned for n in spec_needs):
            continue  # no such form of it, or made from an output that has none
        path = folder / f"{kit_id}-{spec.stem or spec.name}{writer.suffix}"
        deps = [*spec_needs, *(n for n in cites.get(spec.name, ()) if n in planned)]  # one it cannot have: not cited
        planned[spec.name] = Job(session, spec, writer, path, shown, {n: planned[n].path for n in deps},
                                 {n: planned[n].writer for n in deps})
    return list(planned.values())


def _named(made: tuple[OutputSpec, ...]) -> tuple[OutputSpec, ...]:
    """The outputs the kit's handouts name: not those made only when asked for (the pack)."""
    return tuple(s for s in made if s.made != "asked")


def _cites(made: tuple[OutputSpec, ...], needs: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The kit's outputs each one cites (`refers`) without being made from them."""
    names = {s.name for s in made}
    return {s.name: tuple(n for n in s.refers if n in names and n not in needs[s.name]) for s in made}


def _kit_outputs(session: Session, request: Request, outputs: Mapping[str, OutputSpec]) -> tuple[OutputSpec, ...]:
    """The kit's outputs, and those only made when asked for by name (the pack) if `--only` names them."""
    listed = session_outputs(session, outputs)
    asked = [n for n in request.only or () if n in outputs and outputs[n].made == "asked" and n not in listed]
    return tuple(outputs[n] for n in listed + asked if n in outputs)


def _needs(spec: OutputSpec, made: tuple[OutputSpec, ...]) -> tuple[str, ...]:
    """The outputs `spec` is made from: its own `needs`, and those of the kit's outputs it gathers (by
    their writer's kind: the print order gathers the printed files, the pack every file)."""
    gathered = tuple(o.name for o in made if o.name != spec.name and o.writer.kind in spec.gathers)
    return spec.needs + tuple(n for n in gathered if n not in spec.needs)


def _with_needs(wanted: list[OutputSpec], outputs: Mapping[str, OutputSpec],
                needs: Mapping[str, tuple[str, ...]]) -> list[OutputSpec]:
    """`wanted` and every output they are made from or cite (`needs`), each after those."""
    ordered: dict[str, OutputSpec] = {}

    def add(spec: OutputSpec, seen: tuple[str, ...]) -> None:
        if spec.name in ordered or spec.name in seen:
            return
        for name in needs.get(spec.name, spec.needs):
            add(outputs[name], seen + (spec.name,))
        ordered[spec.name] = spec
    for spec in wanted:
        add(spec, ())
    return list(ordered.values())


def output_folders(workspace: Path, out_root: Path, jobs: list[Job], chosen: bool) -> dict[Path, int]:
    """The build's output folders, each checked and opened once (made when missing): descriptors that
    every write goes through (:func:`kitgen.atomic.pinned`), so a folder swapped for a link afterwards
    changes nothing. The workspace's own output folder is opened beneath the workspace, one component
    at a time, a link followed only while it stays inside; a folder given with `--out` (`chosen`) is
    the user's to choose, and the kits' folders are opened beneath it the same way."""
    base = out_root if chosen else workspace
    if chosen:
        out_root.mkdir(parents=True, exist_ok=True)
    opened: dict[Path, int] = {}
    try:
        for folder in dict.fromkeys([out_root, *(job.path.parent for job in jobs)]):
            try:
                opened[folder] = open_beneath(base, os.path.relpath(folder, base), folder=True)[0]
            except FileRefused as exc:
                raise ContentError([_refused_folder(workspace, folder, exc.reason)]) from None
            except OSError as exc:
                raise ContentError([_refused_folder(workspace, folder, exc.strerror or "unreadable")]) from None
    except BaseException:
        for fd in opened.values():
            os.close(fd)
        raise
    return opened


def _refused_folder(workspace: Path, folder: Path, reason: str) -> Problem:
    shown = rel(folder, workspace)
    if reason == "outside":
        return Problem(Loc(shown), "", "the output folder links outside the workspace; refused",
                       "remove the link, or pass --out DIR to write elsewhere on purpose")
    return Problem(Loc(shown), "", f"the output folder cannot be made or opened ({reason})",
                   "make it a folder you can write to, or pass --out DIR")
