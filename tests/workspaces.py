"""Test workspaces: the sample roots under tests/roots/, and small variants made in the test.

A root is a complete workspace kept for one concern (see tests/roots/README.md). A test never edits
a root, nor the repository's demo content: it copies a root, or writes the files it needs:

    ws = make_workspace(tmp_path / "ws", {"content/kits/x.yaml": {...}}, root="minimal")
"""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
ROOTS = TESTS / "roots"

SAMPLE_KIT = "leadership-half-day"
"""The English kit of the `full` root (A4, every output)."""
FRENCH_KIT = "clinic-managers-fr"
"""The French kit of the `full` root (Letter, four outputs)."""
TOPIC = ROOTS / "full" / "content" / "topics" / "reverse-mentoring"
"""The topic of the `full` root, a frozen copy of the sample topic."""
MINIMAL_KIT = "short-session"
"""The one kit of the `minimal` root: every output, each a page or two."""
ROSTER_KIT = "cohort-50"
"""The one kit of the `roster` root: the sample kit for the 50 people of its roster, every roster output."""

BASES = {"roster": "full"}
"""Roots made over another root: its files first, then theirs (the `roster` root reads the sample topic)."""


def make_workspace(dest: Path, files: dict[str, Any] | None = None, root: str | None = None) -> Path:
    """A workspace at `dest`: a copy of `tests/roots/<root>` (when given), then `files` written over it.

    A file's value is its text (str), its bytes, or data (dict or list) written as YAML; None removes
    the file. Names are relative to the workspace, e.g. "content/kits/x.yaml".
    """
    if root in BASES:
        make_workspace(dest, root=BASES[root])
    if root is not None:
        shutil.copytree(ROOTS / root, dest, symlinks=True, dirs_exist_ok=True)
    dest.mkdir(parents=True, exist_ok=True)
    for name, value in (files or {}).items():
        path = dest / name
        if value is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, bytes):
            path.write_bytes(value)
        elif isinstance(value, str):
            path.write_text(value, encoding="utf-8")
        else:
            path.write_text(dump_yaml(value), encoding="utf-8")
    return dest


def kits_of(root: str) -> list[str]:
    """The kits a root itself holds (not those of the root it is made over)."""
    return sorted(p.stem for p in (ROOTS / root / "content" / "kits").glob("*.yaml"))


def copy_sample(dest: Path) -> Path:
    """A copy of the `full` root (the frozen sample: both sample kits) at `dest`."""
    return make_workspace(dest, root="full")


def dump_yaml(data: Any) -> str:
    import yaml
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace `old` (which must be there) in a workspace copy's file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def set_field(path: Path, key: str, value) -> None:
    """Set a top-level field of a YAML file (re-dumped: line numbers change)."""
    import yaml
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[key] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of `path` holding `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not found in {path}")


def write_zip_bomb(path: Path, size: int = 20_000_000) -> None:
    """A .pptx-named zip whose one part inflates far beyond its packed size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("ppt/bomb.xml", b"\x00" * size)
    path.write_bytes(buffer.getvalue())
