"""The one gate for files named by content: inside the workspace, regular, not too large."""

from __future__ import annotations

from pathlib import Path

MAX_ASSET_BYTES = 20_000_000
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}
TEMPLATE_SUFFIXES = {".pptx", ".potx"}


def inside(root: Path, path: Path) -> bool:
    """True when `path`, with symlinks resolved, lies inside `root`."""
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


def workspace_file(root: Path, name: str, suffixes: set[str], max_bytes: int = MAX_ASSET_BYTES) -> tuple[Path | None, str]:
    """Resolve a file a user named (relative to the workspace); returns (path, '') or (None, why)."""
    if not name or "\x00" in name:
        return None, "empty file name"
    if "://" in name or name.startswith(("file:", "data:", "/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return None, f"{name!r} must be a path inside the workspace, like assets/logo.png"
    path = root / name
    if not inside(root, path):
        return None, f"{name!r} leads outside the workspace"
    if path.suffix.lower() not in suffixes:
        return None, f"{name!r} must be one of: {', '.join(sorted(suffixes))}"
    if not path.exists():
        return None, f"{name!r} does not exist"
    resolved = path.resolve()
    if not resolved.is_file():
        return None, f"{name!r} is not a regular file"
    if resolved.stat().st_size > max_bytes:
        return None, f"{name!r} is larger than {max_bytes // 1_000_000} MB"
    return resolved, ""


def configured_output(root: Path) -> Path:
    """The output folder kitgen.yaml names (default build/), read without loading the models.

    Validation reports a bad `output:`; here anything unusable simply means the default.
    """
    from kitgen.yamlsafe import YamlError, load_file
    config = root / "kitgen.yaml"
    try:
        data = load_file(config, "kitgen.yaml").data if config.is_file() and inside(root, config) else None
    except YamlError:
        data = None
    name = data.get("output") if isinstance(data, dict) else None
    if isinstance(name, str) and name.strip() and inside(root, root / name):
        return root / name
    return root / "build"
