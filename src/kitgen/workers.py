"""Work done in child processes that the operating system bounds: memory, processor time, wall clock.

Each task runs in a process forked from this one, so what this process has imported (the renderers)
costs nothing to start. The child first lowers its own limits with `setrlimit`: its address space
(RLIMIT_AS: an allocation past it fails, in Python code as in C code), its processor time
(RLIMIT_CPU: SIGXCPU at the limit, SIGKILL one second later) and core files (none); processes it
starts inherit them. The parent kills a child at its wall-clock deadline with SIGKILL, which nothing
in the child can catch, ignore or delay. Each child leads a process group of its own, stopped as a
whole when the child ends, so nothing it started outlives it; and it has a temporary folder of its
own (`TMPDIR`), removed however it ends. Its answer comes back pickled through a pipe; a child that
died has none, and its outcome says which limit stopped it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import selectors
import shutil
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kitgen.models.config import Limits

MEMORY, CPU, WALL, CRASH = "memory", "cpu", "wall", "crash"
"""Why a task has no answer: one of its three limits, or a crash."""
_GRACE = 1
"""Seconds of processor time between SIGXCPU and SIGKILL."""


@dataclass
class Outcome:
    """What became of one task."""

    value: Any = None
    """What the task returned (when `stopped` is empty)."""
    stopped: str = ""
    """Why there is no value: MEMORY, CPU or WALL (a limit was hit), or CRASH."""
    detail: str = ""
    """For a crash: the signal that ended the child, or the traceback of what the task raised."""
    seconds: float = 0.0
    """Wall-clock time from start to end."""
    cpu_seconds: float = 0.0


def supported() -> bool:
    """Whether tasks can run in bounded children here (POSIX: fork and setrlimit)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return hasattr(os, "fork")


def run(task: Callable[[], Any], limits: Limits) -> Outcome:
    """Run one task in a bounded child and wait for it."""
    return next(run_all([task], 1, limits))[1]


def run_all(tasks: list[Callable[[], Any]], count: int, limits: Limits,
            started: Callable[[int], None] | None = None) -> Iterator[tuple[int, Outcome]]:
    """Run `tasks`, at most `count` at a time, each in its own bounded child; yields (index, outcome)
    as each one ends. Leaving early (an error, Ctrl-C) kills the children still running."""
    waiting = list(enumerate(tasks))[::-1]
    running: list[_Child] = []
    selector = selectors.DefaultSelector()
    try:
        while waiting or running:
            while waiting and len(running) < max(count, 1):
                index, task = waiting.pop()
                child = _Child.start(index, task, limits)
                running.append(child)
                for fd in child.watched():
                    selector.register(fd, selectors.EVENT_READ, child)
                if started is not None:
                    started(index)
            for child in _ended(selector, running):
                running.remove(child)
                for fd in child.watched():
                    selector.unregister(fd)
                yield child.index, child.finish(limits)
    finally:
        for child in running:
            child.kill()
            child.finish(limits)
        selector.close()


_POLL = 0.25
"""Seconds between checks that a child is still alive, where the system cannot signal its end."""


def _ended(selector: selectors.BaseSelector, running: list[_Child]) -> list[_Child]:
    """Wait for a child to end or reach its deadline; the children that ended (past their deadline: killed)."""
    timeout = max(0.0, min(c.deadline for c in running) - time.monotonic())
    if any(c.exit_fd < 0 for c in running):
        timeout = min(timeout, _POLL)
    for key, _ in selector.select(None if timeout == float("inf") else timeout):
        if key.fd == key.data.fd:
            key.data.read()
    now = time.monotonic()
    ended = []
    for child in running:
        if child.ended():
            ended.append(child)
        elif now >= child.deadline:
            child.kill()
            ended.append(child)
    return ended


@dataclass(eq=False)
class _Child:
    index: int
    pid: int
    """Also its process group: whatever the child starts is stopped with it."""
    fd: int
    """The read end of the pipe the answer comes through."""
    exit_fd: int
    """A descriptor readable once the child has ended (Linux pidfd), else -1."""
    tmp: str
    started: float
    deadline: float
    data: bytearray = field(default_factory=bytearray)
    closed: bool = False
    killed: bool = False

    @classmethod
    def start(cls, index: int, task: Callable[[], Any], limits: Limits) -> _Child:
        tmp = tempfile.mkdtemp(prefix="kitgen-worker-")
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: never returns
            os.close(read)
            _serve(task, limits, write, tmp)
        os.close(write)
        with contextlib.suppress(OSError):  # also in the parent, so the group exists before any kill
            os.setpgid(pid, pid)
        os.set_blocking(read, False)
        exit_fd = -1
        with contextlib.suppress(AttributeError, OSError):
            exit_fd = os.pidfd_open(pid)
        now = time.monotonic()
        return cls(index, pid, read, exit_fd, tmp, now, now + limits.wall_seconds if limits.wall_seconds > 0 else float("inf"))

    def watched(self) -> list[int]:
        return [self.fd] + ([self.exit_fd] if self.exit_fd >= 0 else [])

    def read(self) -> None:
        """Take what the child has sent so far."""
        while not self.closed:
            try:
                chunk = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                return
            self.data += chunk
            self.closed = not chunk

    def ended(self) -> bool:
        """Whether the child has ended (it is not reaped yet, so its process group cannot be reused)."""
        if self.closed or not hasattr(os, "waitid"):
            return self.closed
        info = os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT)
        return info is not None and info.si_pid == self.pid

    def kill(self) -> None:
        self.killed = True
        self._kill_group()

    def _kill_group(self) -> None:
        for kill in (os.killpg, os.kill):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                kill(self.pid, signal.SIGKILL)

    def finish(self, limits: Limits) -> Outcome:
        """Stop what the child left running, reap it, remove its temporary folder, and say what became of its task."""
        self._kill_group()  # the child has ended or is ending: only what it started can remain
        _, status, usage = os.wait4(self.pid, 0)
        self.read()
        for fd in self.watched():
            os.close(fd)
        shutil.rmtree(self.tmp, ignore_errors=True)
        cpu = usage.ru_utime + usage.ru_stime
        outcome = self._outcome(status, cpu, limits)
        outcome.seconds, outcome.cpu_seconds = time.monotonic() - self.started, cpu
        return outcome

    def _outcome(self, status: int, cpu: float, limits: Limits) -> Outcome:
        if self.killed:
            return Outcome(stopped=WALL)
        if self.data and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
            kind, value = pickle.loads(self.data)
            return Outcome(value) if kind == "value" else Outcome(stopped=kind, detail=value)
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= limits.cpu_seconds):
                return Outcome(stopped=CPU)
            return Outcome(stopped=CRASH, detail=signal.Signals(sig).name)
        return Outcome(stopped=CRASH, detail=f"exit status {os.waitstatus_to_exitcode(status)}")


def _serve(task: Callable[[], Any], limits: Limits, fd: int, tmp: str) -> None:
    """In the child: lower the limits, run the task, send its answer, and end without returning."""
    code = 0
    try:
        try:
            os.setpgid(0, 0)  # a process group of its own, which the parent stops as a whole
            _confine(limits, tmp)
            answer: tuple[str, Any] = ("value", task())
        except MemoryError:
            answer = (MEMORY, "")
        except BaseException:  # noqa: BLE001 - the parent reports it
            answer = (CRASH, traceback.format_exc())
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except MemoryError:
            data = pickle.dumps((MEMORY, ""))
        except Exception:  # noqa: BLE001 - an answer that cannot be sent is a crash, said as such
            data = pickle.dumps((CRASH, traceback.format_exc()))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException:  # noqa: BLE001 - nothing may return into the parent's code
        code = 70
    finally:
        os._exit(code)


def _confine(limits: Limits, tmp: str) -> None:
    """Lower this process's limits; none can be raised again past them (the hard limits go down too)."""
    import resource
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child at once; the parent reports it
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.environ["TMPDIR"] = tempfile.tempdir = tmp
    _lower(resource.RLIMIT_CORE, 0, 0)
    if limits.memory_mb > 0:
        size = _address_space() + (limits.memory_mb << 20)
        _lower(resource.RLIMIT_AS, size, size)
    if limits.cpu_seconds > 0:
        _lower(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + _GRACE)


def _lower(which: int, soft: int, hard: int) -> None:
    import resource
    _, current = resource.getrlimit(which)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    resource.setrlimit(which, (soft, hard))


def _address_space() -> int:
    """The address space this process starts with (what it shares with its parent), in bytes."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    return 0


_MAPPED: list[Callable[[int], Any]] = []
"""The task `forked_map` runs, where the processes it forks find it (a closure cannot be pickled)."""


def _call_mapped(index: int) -> Any:
    return _MAPPED[0](index)


def forked_map(task: Callable[[int], Any], count: int, jobs: int) -> list[Any]:
    """`task(0)` … `task(count - 1)`, in up to `jobs` processes forked from this one (in this one for a
    single job or task); their results in order. Inside a bounded worker each forked process has the
    worker's limits, each its own, and is stopped with the worker."""
    workers = min(jobs, count)
    if workers <= 1:
        return [task(i) for i in range(count)]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    _MAPPED[:] = [task]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_call_mapped, range(count)))
    finally:
        _MAPPED.clear()


def cores() -> int:
    """The processors this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
