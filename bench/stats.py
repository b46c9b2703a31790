"""Small statistics and timing helpers for the benchmark (percentiles over repeated runs)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence


def percentile(samples: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation: a p99 is a real observed sample)."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), round(pct / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def time_ms(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall time of each of ``repeat`` calls, in milliseconds."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out
