"""Shared fixtures: the sample roots (tests/roots/) built once per test run, copies of them to edit,
an in-process CLI runner, and the helpers most tests use (re-exported from workspaces and readback).

A root that tests read outputs of is built once per run by its `built_*` fixture, also under
pytest-xdist: the first worker to need it builds it into a folder all workers share, under a file
lock, and the others read the same files. Tests never write into a shared build: `prebuilt` and
`prebuilt_minimal` (and `prebuilt_material`) give a test its own copy, outputs and build record included.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import builds
import readback
from readback import deck_text, normal, pdf_text, read_pdf  # noqa: F401 - shared helpers
from workspaces import (  # noqa: F401 - shared helpers
    FRENCH_KIT,
    MINIMAL_KIT,
    REPO,
    ROOTS,
    SAMPLE_KIT,
    TOPIC,
    copy_sample,
    edit,
    line_of,
    make_workspace,
    set_field,
    write_zip_bomb,
)


settings.register_profile("kitgen", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kitgen")
"""Property tests assert on what happens, never on how long it takes (a loaded machine is slow)."""


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture
def kitgen(capsys, private_cache):
    """Run the kitgen command line in-process; returns exit code and output."""
    from kitgen.cli import main

    def run(*args: str) -> Run:
        argv = sys.argv
        sys.argv = ["kitgen", *map(str, args)]
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:
            sys.argv = argv
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)
    return run


def statuses(result: Run) -> dict[str, str]:
    """Output file name -> built / unchanged / failed, from the summary `kitgen build` prints."""
    out = {}
    for line in result.out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith((".pdf", ".pptx", ".html", ".txt", ".csv", ".json", ".zip")):
            out[parts[0].rsplit("/", 1)[-1]] = parts[1]
    return out


def problems(result: Run) -> list[str]:
    """The problems kitgen printed, each with its hint lines."""
    return [p for p in re.split(r"\n(?!    hint:)", result.err.strip()) if p]


def expect_problem(result: Run, file: str, line: int | None, *fragments: str) -> None:
    """Exit 1, no traceback nor internal error, and one problem located in `file` (at `line`, when
    given; `file` may be the end of the path) holding every fragment."""
    assert result.code == 1, result.text
    assert "Traceback" not in result.text and "internal error" not in result.text, result.text
    where = re.compile(rf"(?:\S*/)?{re.escape(file)}:" + (f"{line}:" if line else ""))
    found = [p for p in problems(result) if where.match(p)]
    assert any(all(f in p for f in fragments) for p in found), result.err


# --------------------------------------------------------------------------- workspaces to edit


@pytest.fixture
def sample(tmp_path) -> Path:
    """A copy of the `full` root (both sample kits), content only."""
    return copy_sample(tmp_path / "ws")


@pytest.fixture
def minimal(tmp_path) -> Path:
    """A copy of the `minimal` root: one short kit making every output, each a page or two."""
    return make_workspace(tmp_path / "ws", root="minimal")


# --------------------------------------------------------------------------- built once per run


def _run_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that every xdist worker sees (each worker's own base is inside it)."""
    base = factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """kitgen's per-machine key (and any other cache) in a folder of this test run, not the user's;
    one key for every xdist worker, so a record one worker wrote verifies in the others."""
    run = _run_folder(tmp_path_factory)
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(run / "cache"))
    builds.machine_key(run)
    readback.CACHE = run / "readings"
    readback.CACHE.mkdir(exist_ok=True)
    yield run / "cache"
    mp.undo()


BUILT_ROOTS: dict[str, tuple[str, str]] = {
    "built": ("full", "both sample kits, every output"),
    "built_minimal": ("minimal", "one short kit, every output"),
    "built_stress": ("stress", "very long titles, lists and cases"),
    "built_scripts": ("scripts", "names in Polish, Japanese and Arabic"),
    "built_braces": ("braces", "literal braces and a filled placeholder in the kit"),
    "built_roster": ("roster", "kit cohort-50 for 50 people in eight scripts, every roster output"),
    "built_material": ("material", "worksheets, role briefs, tables and figures"),
    "built_plan": ("plan", "a two-day kit and a morning"),
}
"""The session-build fixture of each root that tests read outputs of: its root, and what it holds."""
ROOT_OF = {name: root for name, (root, _) in BUILT_ROOTS.items()}


@pytest.fixture(scope="session", autouse=True)
def background_builds(request, tmp_path_factory, private_cache):
    """Start building the roots the collected tests need, in the order they need them, in the background."""
    needed = dict.fromkeys(ROOT_OF[name] for item in request.session.items for name in item.fixturenames
                           if name in ROOT_OF)
    process = builds.start(_run_folder(tmp_path_factory), list(needed))
    yield
    builds.stop(process)


def results_of(ws: Path) -> dict[str, dict]:
    """What the build of a built root said of each output (status, pages or slides, warnings)."""
    return builds.results(ws.parent.parent, ws.name)


def build_root(factory: pytest.TempPathFactory, root: str) -> Path:
    return builds.build_root(_run_folder(factory), root)


def _built_root_fixture(name: str, root: str, holds: str):
    def fixture(tmp_path_factory, private_cache) -> Path:
        return build_root(tmp_path_factory, root)
    fixture.__doc__ = f"The `{root}` root ({holds}) built once per run; do not write into it."
    return pytest.fixture(scope="session", name=name)(fixture)


for _name, (_root, _holds) in BUILT_ROOTS.items():
    globals()[_name] = _built_root_fixture(_name, _root, _holds)


def shared_build(factory: pytest.TempPathFactory, name: str, make, kits: list[str] | None = None,
                 readings: tuple[str, ...] = (), read: str = "*/*.pdf") -> Path:
    """A workspace that `make(ws)` writes (e.g. a root with settings of the test's), with every output
    of `kits` (None: of every kit) built once per run, also under xdist, and the PDFs `read` (a pattern
    in its build folder) read back as `readings` (readback's) in parallel as soon as they are made;
    do not write into it."""
    return builds.build_once(_run_folder(factory), name, make, kits, readings, read)


def made_files(ws: Path) -> dict[str, dict[str, Path]]:
    """The files a shared build made, by kit and output name."""
    made: dict[str, dict[str, Path]] = {}
    for entry in builds.results(ws.parent.parent, ws.name).values():
        made.setdefault(entry["kit"], {})[entry["output"]] = Path(entry["path"])
    return made


def _copy(ws: Path, dest: Path) -> Path:
    return Path(shutil.copytree(ws, dest, symlinks=True))


@pytest.fixture
def prebuilt(built, tmp_path) -> Path:
    """A copy of the built `full` root, its outputs and build record included, to edit."""
    return _copy(built, tmp_path / "ws")


@pytest.fixture
def prebuilt_minimal(built_minimal, tmp_path) -> Path:
    """A copy of the built `minimal` root, its outputs and build record included, to edit."""
    return _copy(built_minimal, tmp_path / "ws")


@pytest.fixture
def prebuilt_material(built_material, tmp_path) -> Path:
    """A copy of the built `material` root (a block of its own, a second topic), outputs and record included, to edit."""
    return _copy(built_material, tmp_path / "ws")


def pytest_xdist_make_scheduler(config, log):
    """`-n 2`: the tests of a file with module or session fixtures of its own go to one worker (scheduling.py)."""
    if config.getvalue("dist") == "load":
        from scheduling import FileGroups
        return FileGroups(config, log)
    return None
