"""Which font families are installed (through fontconfig, as WeasyPrint and LibreOffice see them)."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache

# Families that office software substitutes by a metric-compatible twin we can measure and embed.
METRIC_TWINS = {"calibri": "carlito", "cambria": "caladea", "arial": "liberation sans",
                "times new roman": "liberation serif", "courier new": "liberation mono"}


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str] | None:
    """Lower-cased family names, or None when fontconfig is not available to ask."""
    if not shutil.which("fc-list"):
        return None
    try:
        out = subprocess.run(["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    names: set[str] = set()
    for line in out.splitlines():
        names.update(part.strip().lower() for part in line.split(",") if part.strip())
    return frozenset(names)


def is_installed(family: str) -> bool:
    """True when `family` (or its metric-compatible twin) is installed; True when we cannot tell."""
    families = installed_families()
    if families is None:
        return True
    key = family.strip().lower()
    return key in families or METRIC_TWINS.get(key, "") in families


def suggestions(family: str, n: int = 5) -> list[str]:
    import difflib
    families = sorted(installed_families() or ())
    return difflib.get_close_matches(family.lower(), families, n=n, cutoff=0.4)
