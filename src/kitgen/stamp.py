"""The no-op fast path: when no input changed since the last successful build with the same request,
say so without loading the models or any renderer.

A stamp is the (size, mtime) of every file under content/ and layouts/, kitgen.yaml, the assets the
last build used, and kitgen's own code, plus the environment that changes outputs. Anything that
differs sends the build down the full path, which checks every output's own fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

_OWN = Path(__file__).parent
ENV_INPUTS = ("SOURCE_DATE_EPOCH",)
"""Environment variables that change output bytes (part of every fingerprint and stamp)."""
STAMP = ".kitgen-stamp.json"


def _walk(folder: Path, sink) -> None:
    """Feed `path size mtime` of every file below `folder` to `sink` (a hash, or a dict)."""
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            if isinstance(sink, dict):
                sink[path] = f"{st.st_size}:{st.st_mtime_ns}"
            else:
                sink.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())


def compute(root: Path, request: list[str], assets: list[str]) -> str:
    """The stamp of everything a build of `request` could read."""
    digest = hashlib.sha256(json.dumps(request).encode())
    for key in ENV_INPUTS:
        digest.update(f"{key}={os.environ.get(key, '')}\n".encode())
    for folder in (root / "content", root / "layouts", _OWN):
        _walk(folder, digest)
    for name in ["kitgen.yaml", *assets]:
        try:
            st = os.stat(root / name)
            digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{name}\0missing\n".encode())
    return digest.hexdigest()


def _file(out_root: Path) -> Path:
    return out_root / STAMP


def up_to_date(root: Path, out_root: Path, request: list[str]) -> list[tuple[str, int]] | None:
    """The outputs of the last identical build when nothing changed since, else None."""
    try:
        saved = json.loads(_file(out_root).read_text(encoding="utf-8")).get(json.dumps(request))
    except (OSError, ValueError):
        return None
    if not saved or saved.get("stamp") != compute(root, request, saved.get("assets", [])):
        return None
    outputs = [(p, s) for p, s in saved.get("outputs", [])]
    for path, size in outputs:
        try:
            if os.stat(path).st_size != size:
                return None
        except OSError:
            return None
    return outputs


def snapshot(root: Path) -> dict[str, str]:
    """The (size, mtime) of every file that could be an input, taken before a build reads anything."""
    files: dict[str, str] = {}
    for folder in (root / "content", root / "layouts", _OWN):
        _walk(folder, files)
    return files


def record(root: Path, out_root: Path, request: list[str], assets: list[str], outputs: list[tuple[str, int]],
           before: dict[str, str] | None = None) -> None:
    """Remember a successful build (called after every output was made).

    With `before` (a snapshot taken before the build), a file that changed while the build ran leaves
    no stamp, so the next build checks everything again instead of trusting outputs made from the old text.
    """
    if before is not None and snapshot(root) != before:
        return
    from kitgen.atomic import write_text
    try:
        data = json.loads(_file(out_root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    data[json.dumps(request)] = {"stamp": compute(root, request, assets), "assets": assets, "outputs": outputs}
    write_text(_file(out_root), json.dumps(data, indent=1))
