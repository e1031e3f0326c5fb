"""The first stages: load → resolve → check → the session plan, as `kitgen validate` runs them and
`kitgen build` starts.

They run in a worker process under the workspace's limits (:func:`kitgen.limits.bounded`), since
loading reads untrusted files. Only what checking needs is imported here (no layouts, no renderer),
so validating stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.check import check_kit, session_outputs
from kitgen.errors import Loc, Problems
from kitgen.fonts import drawn_ranges
from kitgen.limits import bounded
from kitgen.outputs import OUTPUTS
from kitgen.resolve import resolve_kit
from kitgen.schedule import plan_session
from kitgen.workspace import load_workspace, suggest

if TYPE_CHECKING:
    from kitgen.outputs import OutputSpec
    from kitgen.session import Session
    from kitgen.workspace import Workspace


@dataclass
class Validated:
    """A workspace with the requested kits resolved and checked, and every problem found on the way."""

    workspace: Workspace
    sessions: dict[str, Session] = field(default_factory=dict)
    """The kits with no error, ready to build."""
    problems: Problems = field(default_factory=Problems)


def validate(root: Path, kit_ids: list[str] | None = None, outputs: Mapping[str, OutputSpec] = OUTPUTS) -> Validated:
    """Load the workspace, resolve the kits (default: every kit) and check them against the outputs
    kitgen makes; problems are collected, not raised (a limit hit is raised as a ContentError)."""
    drawn_ranges()  # the installed fonts, read here once: each validation's worker inherits them
    return bounded(lambda: _validated(root, kit_ids, outputs), root, "loading and checking the content")


def _validated(root: Path, kit_ids: list[str] | None, outputs: Mapping[str, OutputSpec]) -> Validated:
    ws = load_workspace(root)                                        # load: every file, typed
    out = Validated(ws, problems=Problems(list(ws.problems.items)))
    for kit_id in _wanted(ws, kit_ids, out.problems):
        resolution = resolve_kit(ws, kit_id)                         # resolve: defaults, overrides, agenda
        found = resolution.problems + check_kit(resolution, ws, outputs)   # check: everything, at once
        session = resolution.session
        if session is not None and resolution.timed:  # planned even with errors elsewhere: its timing problems too
            session.schedule, planned = plan_session(session, resolution.doc, handouts(session, outputs))  # the plan
            found += planned
        out.problems.extend(found)
        if session is not None and not any(p.severity == "error" for p in found):
            out.sessions[kit_id] = session
    return out


def handouts(session: Session, outputs: Mapping[str, OutputSpec]) -> list[str]:
    """The kit's outputs that participants receive, in the output table's order (their labels H1, H2, ...)."""
    listed = session_outputs(session, outputs)
    return [name for name, spec in outputs.items() if spec.handout and name in listed]


def _wanted(ws: Workspace, kit_ids: list[str] | None, problems: Problems) -> list[str]:
    for kit_id in kit_ids or []:
        if kit_id not in ws.kit_docs and kit_id not in ws.unreadable_kits:  # an unreadable one says why already
            problems.add(Loc("content/kits"), "", f"no kit {kit_id!r}", suggest(kit_id, ws.kit_docs))
    return [k for k in (kit_ids or sorted(ws.kit_docs)) if k in ws.kit_docs]
