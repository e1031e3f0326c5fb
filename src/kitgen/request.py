"""What the user asked a build for (read before anything is loaded, for the no-op answer)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Request:
    """One `kitgen build` (or one round of `kitgen watch`)."""

    kits: list[str] = field(default_factory=list)
    """Kit ids (empty: every kit in the workspace)."""
    only: list[str] | None = None
    """Output names (None: every output of each kit)."""
    fmt: str = "files"
    """"files", or "html" for the HTML handed to the PDF renderer."""
    out_dir: Path | None = None
    """An output folder of the user's choosing (None: the workspace's own)."""
    jobs: int | None = None
    force: bool = False
    quiet: bool = False

    def key(self, out_root: Path) -> str:
        """What makes two requests the same build (the no-op answer is kept per request)."""
        return json.dumps([sorted(self.kits), sorted(self.only or []), self.fmt, str(out_root)])
