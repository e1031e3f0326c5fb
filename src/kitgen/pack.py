"""The session pack: one zip with every output, the print order and a manifest of sizes and SHA-256 sums.

Byte-reproducible like the outputs: entries in name order, every entry dated with the kit's creation
date (zip dates have a two-second resolution and start in 1980), the same permissions, the same
compression level, no extra fields; the manifest is written last, as `manifest.json`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

MANIFEST = "manifest.json"


def digest(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def manifest(files: dict[str, Path], kit: str) -> dict:
    """Name, size and SHA-256 of every file (names as in the zip, in order)."""
    return {"kit": kit, "files": [{"name": name, "bytes": files[name].stat().st_size, "sha256": digest(files[name])}
                                  for name in sorted(files)]}


def _entry(name: str, date: dt.datetime) -> zipfile.ZipInfo:
    when = max(date, dt.datetime(1980, 1, 1, tzinfo=date.tzinfo))
    info = zipfile.ZipInfo(name, date_time=(when.year, when.month, when.day, when.hour, when.minute, when.second))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3  # Unix, so the permissions below are read
    info.external_attr = 0o100644 << 16
    return info


def write_zip(out: Path, files: dict[str, Path], kit: str, date: dt.datetime) -> dict:
    """Write the pack to `out` (a file the caller renames into place); returns its manifest."""
    record = manifest(files, kit)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in sorted(files):
            z.writestr(_entry(name, date), files[name].read_bytes())
        z.writestr(_entry(MANIFEST, date), json.dumps(record, indent=2) + "\n")
    return record
