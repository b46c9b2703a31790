"""A per-client rate limit for the public pages and feeds: a token bucket per client address, in memory.

Each process keeps its own buckets (behind a load balancer of N processes a client gets at most N times the rate;
the proxy in front should limit too, ``docs/public.md``). The table of clients is bounded: when full, the buckets
that are full again (clients gone quiet) are dropped first, then the oldest.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

MAX_CLIENTS = 10_000


class RateLimiter:
    """``allow(client)``: True while the client has a token; tokens come back at ``per_minute`` a minute, up to
    ``burst``."""

    def __init__(self, per_minute: int, burst: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.clock = clock
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def allow(self, client: str) -> tuple[bool, int]:
        """(allowed, seconds until the next token when refused)."""
        now = self.clock()
        with self._lock:
            tokens, at = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - at) * self.rate)
            allowed = tokens >= 1.0
            if allowed:
                tokens -= 1.0
            self._buckets[client] = (tokens, now)
            if len(self._buckets) > MAX_CLIENTS:
                self._trim(now)
        wait = 0 if allowed else max(1, int((1.0 - tokens) / self.rate + 0.999)) if self.rate > 0 else 60
        return allowed, wait

    def _trim(self, now: float) -> None:
        for key in [k for k, (t, at) in self._buckets.items() if t + (now - at) * self.rate >= self.burst]:
            del self._buckets[key]
        while len(self._buckets) > MAX_CLIENTS:
            self._buckets.popitem(last=False)
