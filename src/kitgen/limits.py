"""The limits every worker process runs under (:mod:`kitgen.workers`), and what each one means when
it stops a process.

They come from kitgen.yaml's `limits:` (:class:`kitgen.models.config.Limits`, whose defaults and
ceilings are the one statement of them), read before any content is loaded, since loading is bounded
too; `KITGEN_RENDER_TIMEOUT` in the environment replaces the wall-clock limit. A value validation
would refuse means the default here (validation reports it with its line).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from kitgen.errors import ContentError, Loc, Problem
from kitgen.models.config import Limits
from kitgen.paths import config_value
from kitgen.workers import CPU, CRASH, MEMORY, WALL, run, supported

T = TypeVar("T")

ENV_WALL = "KITGEN_RENDER_TIMEOUT"
_SIGNALS_OF_MEMORY = {"SIGABRT", "SIGTRAP", "SIGSEGV", "SIGBUS"}
"""How C code ends when an allocation fails under the address-space limit (abort, GLib's g_error, a NULL pointer)."""


def workspace_limits(root: Path) -> Limits:
    """The limits for work on the workspace at `root`."""
    try:
        limits = Limits.model_validate(config_value(root, "limits") or {})
    except ValidationError:
        limits = Limits()
    wall = os.environ.get(ENV_WALL, "").strip()
    if wall.isascii() and wall.isdigit():
        limits = limits.model_copy(update={"wall_seconds": int(wall)})
    return limits


def stopped_because(stopped: str, detail: str, limits: Limits, what: str) -> str:
    """Why `what` ("the render", "loading and checking the content") was stopped, naming the limit."""
    if stopped == MEMORY:
        return (f"{what} needed more memory than the memory limit of {limits.memory_mb:,} MB "
                "(limits.memory_mb in kitgen.yaml) and was stopped")
    if stopped == CPU:
        return (f"{what} used more processor time than the CPU-time limit of {limits.cpu_seconds:,} s "
                "(limits.cpu_seconds in kitgen.yaml) and was stopped")
    if stopped == WALL:
        return (f"{what} took longer than the wall-clock limit of {limits.wall_seconds:,} s "
                f"(limits.wall_seconds in kitgen.yaml, or {ENV_WALL}) and was stopped")
    if detail in _SIGNALS_OF_MEMORY:
        return (f"{what} stopped on {detail}, most likely at the memory limit of {limits.memory_mb:,} MB "
                "(limits.memory_mb in kitgen.yaml)")
    if detail == "SIGKILL":
        return f"{what} was killed from outside kitgen (SIGKILL), perhaps because the machine ran out of memory"
    last = detail.strip().splitlines()[-1] if detail.strip() else "no answer"
    return f"{what} stopped unexpectedly ({last})"


class Crashed(RuntimeError):
    """A bounded task raised an exception (a bug in kitgen); the message holds the child's traceback."""


def bounded(task: Callable[[], T], root: Path, what: str) -> T:
    """What `task` returns, computed in a worker under the workspace's limits; a limit hit is a content
    error naming it (exit 1), an exception in the task an internal error with its traceback."""
    if not supported():
        return task()
    limits = workspace_limits(root)
    outcome = run(task, limits)
    if outcome.stopped == CRASH and outcome.detail.startswith("Traceback"):
        raise Crashed(outcome.detail)
    if outcome.stopped:
        raise ContentError([Problem(Loc("content"), "", stopped_because(outcome.stopped, outcome.detail, limits, what),
                                    "a content file makes loading this slow or this large: look at the files "
                                    "added or changed last, or raise the limit in kitgen.yaml's limits")])
    return outcome.value
