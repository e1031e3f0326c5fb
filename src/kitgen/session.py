"""Load a workspace and resolve its kits: the shared first half of validate, build and watch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kitgen.errors import Problems
from kitgen.resolve import Session, resolve_kit
from kitgen.workspace import Workspace, load_workspace, suggest
from kitgen.errors import Loc


@dataclass
class Loaded:
    """A workspace with the requested kits resolved, and every problem found on the way."""

    workspace: Workspace
    sessions: dict[str, Session] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)


def load(root: Path, kit_ids: list[str] | None = None) -> Loaded:
    """Load `root` and resolve `kit_ids` (default: every kit); problems are collected, not raised."""
    ws = load_workspace(root)
    out = Loaded(ws, problems=Problems(list(ws.problems.items)))
    wanted = kit_ids or sorted(ws.kit_docs)
    for kit_id in wanted:
        if kit_id not in ws.kit_docs:
            out.problems.add(Loc("content/kits"), "", f"no kit {kit_id!r}", suggest(kit_id, ws.kit_docs))
            continue
        session, problems = resolve_kit(ws, kit_id)
        out.problems.extend(problems)
        if session is not None:
            out.problems.extend(session.warnings)
            out.sessions[kit_id] = session
    return out
