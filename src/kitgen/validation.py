"""The first three stages: load → resolve → check, as `kitgen validate` runs them and `kitgen build` starts.

They run in a worker process under the workspace's limits (:func:`kitgen.limits.bounded`), since
loading reads untrusted files. Only what checking needs is imported here (no layouts, no renderer),
so validating stays quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kitgen.check import check_kit
from kitgen.errors import Loc, Problems
from kitgen.limits import bounded
from kitgen.outputs import OUTPUTS
from kitgen.resolve import resolve_kit
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
    return bounded(lambda: _validated(root, kit_ids, outputs), root, "loading and checking the content")


def _validated(root: Path, kit_ids: list[str] | None, outputs: Mapping[str, OutputSpec]) -> Validated:
    ws = load_workspace(root)                                        # load: every file, typed
    out = Validated(ws, problems=Problems(list(ws.problems.items)))
    for kit_id in _wanted(ws, kit_ids, out.problems):
        resolution = resolve_kit(ws, kit_id)                         # resolve: defaults, overrides, agenda
        found = resolution.problems + check_kit(resolution, ws, outputs)   # check: everything, at once
        out.problems.extend(found)
        if resolution.session is not None and not any(p.severity == "error" for p in found):
            out.sessions[kit_id] = resolution.session
    return out


def _wanted(ws: Workspace, kit_ids: list[str] | None, problems: Problems) -> list[str]:
    for kit_id in kit_ids or []:
        if kit_id not in ws.kit_docs:
            problems.add(Loc("content/kits"), "", f"no kit {kit_id!r}", suggest(kit_id, ws.kit_docs))
    return [k for k in (kit_ids or sorted(ws.kit_docs)) if k in ws.kit_docs]
