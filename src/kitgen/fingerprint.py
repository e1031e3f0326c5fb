"""What each output depends on, as one hash: unchanged inputs mean an unchanged output."""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path

from kitgen import __version__
from kitgen.outputs import OutputSpec
from kitgen.resolve import Session
from kitgen.stamp import ENV_INPUTS

MANIFEST = ".kitgen-manifest.json"
_OWN = Path(__file__).parent


@lru_cache(maxsize=256)
def _file_hash(path: Path, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def file_hash(path: Path) -> str:
    """Hash of a file's bytes ('missing' when absent), cached on (mtime, size)."""
    try:
        st = path.stat()
    except OSError:
        return "missing"
    return _file_hash(path, st.st_mtime_ns, st.st_size)


def _tree(folder: Path) -> list[tuple[str, str]]:
    if not folder.is_dir():
        return []
    return [(p.relative_to(folder).as_posix(), file_hash(p)) for p in sorted(folder.rglob("*")) if p.is_file()]


@lru_cache(maxsize=1)
def _code_hash() -> str:
    """kitgen's own code, built-in layouts, locales and deck template: any change invalidates outputs."""
    digest = hashlib.sha256(__version__.encode())
    for folder in (_OWN,):
        for name, h in _tree(folder):
            if "__pycache__" not in name:
                digest.update(f"{name}:{h}\n".encode())
    return digest.hexdigest()


def dependencies(session: Session, spec: OutputSpec, workspace: Path, fmt: str) -> dict[str, str]:
    """Every input of one output, each with its hash."""
    files = list(session.sources.get("kit", []))
    for part in spec.reads:
        files += session.sources.get(part, [])
    deps = {f: file_hash(workspace / f) for f in sorted(set(files))}
    for name, h in _tree(workspace / "layouts"):
        deps[f"layouts/{name}"] = h
    for asset in session.kit.assets(deck=spec.writer == "deck"):
        deps[asset] = file_hash(workspace / asset)
    for name in ENV_INPUTS:
        deps[f"${name}"] = os.environ.get(name, "")
    deps["kitgen"] = _code_hash()
    deps["format"] = fmt
    deps["output"] = spec.name
    return deps


def fingerprint(deps: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(deps, sort_keys=True).encode()).hexdigest()


def read_manifest(folder: Path) -> dict:
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def write_manifest(folder: Path, manifest: dict) -> None:
    from kitgen.atomic import write_text
    write_text(folder / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
