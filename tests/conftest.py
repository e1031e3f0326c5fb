"""Shared fixtures: small workspaces copied from the sample content, and an in-process CLI runner."""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_KIT = "leadership-half-day"
FRENCH_KIT = "clinic-managers-fr"
TOPIC = REPO / "content" / "topics" / "reverse-mentoring"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture
def kitgen(capsys):
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


def copy_sample(dest: Path) -> Path:
    """A copy of the repository's sample workspace (content only) at `dest`."""
    shutil.copytree(REPO / "content", dest / "content")
    return dest


@pytest.fixture
def sample(tmp_path) -> Path:
    return copy_sample(tmp_path / "ws")


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def set_field(path: Path, key: str, value) -> None:
    """Set a top-level field of a YAML file (re-dumped: line numbers change)."""
    import yaml
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """kitgen's per-machine key (and any other cache) in a folder of this test session, not the user's."""
    folder = tmp_path_factory.mktemp("cache")
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CACHE_HOME", str(folder))
    yield folder
    mp.undo()


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The sample workspace with both sample kits fully built, once per test session."""
    from kitgen.build import build
    from kitgen.request import Request
    ws = copy_sample(tmp_path_factory.mktemp("built"))
    results = build(ws, Request(quiet=True, jobs=2))
    failed = [r for r in results if r.status == "failed"]
    assert not failed, [(r.output, r.error) for r in failed]
    return ws


def statuses(result: Run) -> dict[str, str]:
    """Output file name -> built / unchanged / failed, from the summary `kitgen build` prints."""
    out = {}
    for line in result.out.splitlines():
        parts = line.split()
        if len(parts) >= 2 and parts[0].endswith((".pdf", ".pptx", ".html", ".txt")):
            out[parts[0].rsplit("/", 1)[-1]] = parts[1]
    return out


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def write_zip_bomb(path: Path, size: int = 20_000_000) -> None:
    """A .pptx-named zip whose one part inflates far beyond its packed size."""
    import io
    import zipfile
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("ppt/bomb.xml", b"\x00" * size)
    path.write_bytes(buffer.getvalue())
