"""Session builds: each root under tests/roots/ that tests read outputs of is built once per test
run, into a folder of the run that every pytest-xdist worker sees, under a file lock.

The first process to need a root builds it (every output of every kit, two render processes) and
reads its PDFs back in parallel (readback.prefetch); the others wait on the lock and use the same
files. A run starts the builds its tests will need in one background process as soon as the tests
are collected (`start`), so they are made while the tests that need no build run; a fixture that
needs a root before the background process reached it builds it itself.

Run as a script, this module is that background process: `python builds.py RUN_FOLDER ROOT...`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import readback
from workspaces import BASES, kits_of, make_workspace

READINGS: dict[str, tuple[str, ...]] = {"full": ("layout", "text"), "stress": ("layout",), "scripts": ("layout",),
                                        "braces": ("text",), "minimal": (), "roster": (), "material": ("layout",), "plan": ("layout",)}
"""How tests read each root's PDFs (readback's readings), made once when the root is built."""


@contextlib.contextmanager
def locked(path: Path):
    import fcntl
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def machine_key(run: Path) -> None:
    """kitgen's record key for this run (XDG_CACHE_HOME points into `run`), made once, before any build."""
    with locked(run / "cache.lock"):
        from kitgen import changes
        changes._key()


def build_root(run: Path, root: str) -> Path:
    """The root `root` with every output of each of its own kits built, once per run; do not write into it."""
    kits = kits_of(root) if root in BASES else []  # a root made over another: its own kits only
    return build_once(run, root, lambda ws: make_workspace(ws, root=root), kits, READINGS.get(root, ("layout", "text")))


IMPOSED = ("-booklet.pdf", "-two-up.pdf")
"""Files of pages laid out on sheets: tests read them with pdfplumber's crops, never through readback."""


def build_once(run: Path, name: str, make: Callable[[Path], object], kits: list[str] | None = None,
               readings: tuple[str, ...] = (), read: str = "*/*.pdf") -> Path:
    """The workspace `make(ws)` writes, with every output of `kits` (None or empty: of every kit) built,
    once per run under the name `name`, whichever process asks first; do not write into it. The PDFs
    that tests read (`read`, a pattern in the build folder; sheets of imposed pages left out) are read
    back as `readings` as soon as they are made."""
    folder = run / "built"
    folder.mkdir(exist_ok=True)
    ws, record = folder / name, folder / f"{name}.json"
    with locked(folder / f"{name}.lock"):
        if not record.exists():
            from kitgen.build import build
            from kitgen.request import Request
            shutil.rmtree(ws, ignore_errors=True)
            ws.mkdir()
            make(ws)
            results = build(ws, Request(kits or [], quiet=True, jobs=2))
            failed = [(r.output, r.error) for r in results if r.status != "built"]
            assert results and not failed, failed
            readback.prefetch(sorted(p for p in (ws / "build").glob(read) if not p.name.endswith(IMPOSED)), readings)
            record.write_text(json.dumps({r.path.name: {"kit": r.kit, "output": r.output, "path": str(r.path),
                                                        "status": r.status, "pages": r.pages, "warnings": r.warnings}
                                          for r in results}), encoding="utf-8")
    return ws


def results(run: Path, name: str) -> dict[str, dict]:
    """What the build of `name` said of each file it made (kit, output, path, status, pages or slides, warnings)."""
    return json.loads((run / "built" / f"{name}.json").read_text(encoding="utf-8"))


def start(run: Path, roots: list[str]) -> subprocess.Popen | None:
    """Build `roots` in one background process, unless another process of this run did start it."""
    try:
        os.close(os.open(run / "builds.started", os.O_WRONLY | os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return None
    if not roots:
        return None
    with open(run / "builds.log", "w") as log:
        return subprocess.Popen([sys.executable, __file__, str(run), *roots], start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=log)


def stop(process: subprocess.Popen | None) -> None:
    """End the background builds (and the render processes they forked) if they still run."""
    if process is not None and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


if __name__ == "__main__":
    run_folder = Path(sys.argv[1])
    readback.CACHE = run_folder / "readings"
    for name in sys.argv[2:]:
        build_root(run_folder, name)
