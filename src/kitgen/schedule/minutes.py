"""Sharing a block's minutes among its segments: whole minutes, at least one each, adding up exactly."""

from __future__ import annotations

import math
from collections.abc import Sequence


def share(total: int, targets: Sequence[float]) -> list[int]:
    """Whole minutes near `targets` (scaled to `total` when they add up to something else), at least
    one each, adding up to `total` exactly (largest remainders first; earlier segments win ties).

    `total` must be at least the number of targets.
    """
    if not targets:
        return []
    whole = sum(targets)
    scaled = [t * total / whole for t in targets] if whole > 0 else [total / len(targets)] * len(targets)
    out = [max(1, math.floor(t)) for t in scaled]
    while sum(out) < total:  # to the segment furthest below its share
        out[max(range(len(out)), key=lambda k: (scaled[k] - out[k], -k))] += 1
    while sum(out) > total:  # minimums of one took minutes: back from the one furthest above its share
        out[max((k for k in range(len(out)) if out[k] > 1), key=lambda k: (out[k] - scaled[k], -k))] -= 1
    return out
