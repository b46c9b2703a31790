"""Exponential backoff with jitter, so a hundred tills coming back online do not knock on the server together."""

from __future__ import annotations

import random


class Backoff:
    """Delay after the n-th failure in a row: a random point in the upper half of ``min(cap, base·2ⁿ⁻¹)``.

    "Equal jitter": never less than half the exponential step (it really backs off), never the same for two tills.
    """

    def __init__(self, base_s: float = 2.0, cap_s: float = 300.0, rng: random.Random | None = None) -> None:
        if base_s <= 0 or cap_s < base_s:
            raise ValueError("need 0 < base_s <= cap_s")
        self.base_s = base_s
        self.cap_s = cap_s
        self.failures = 0
        self._rng = rng or random.Random()

    def ceiling(self) -> float:
        """The step the next delay is drawn under."""
        return min(self.cap_s, self.base_s * 2.0 ** min(self.failures, 60))

    def next_delay(self) -> float:
        """Record a failure and return how long to wait before trying again."""
        step = self.ceiling()
        self.failures += 1
        return step / 2 + self._rng.uniform(0, step / 2)

    def reset(self) -> None:
        self.failures = 0
