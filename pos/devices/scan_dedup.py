"""Turn "codes seen in each camera frame" into "items scanned".

A camera reads the same label in frame after frame for as long as it is held up; the till must add it once.
But a cashier also scans two identical jars one after the other, and that must add it twice. The rule here:

* a code is *emitted* once when it comes into view;
* it is not emitted again while it stays in view — a few frames where the decoder misses it (motion blur,
  a finger) do not count as leaving: only ``absent_frames`` consecutive processed frames without it do;
* after it has left, its next appearance is emitted again (the second jar) — unless that is within
  ``cooldown_s`` of its last emission, which is treated as the same item flickering in and out of view
  (a wrong double add costs the customer; a missed second jar only costs the cashier a re-scan);
* optionally, ``repeat_after_s`` re-emits a code that is held in view that long (None = never).

Pure and clock-free: the caller passes each frame's timestamp (seconds, any monotonic origin — the worker uses
the video's media time for files), so tests replay exact sequences.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass
class _Track:
    last_emit: float
    missed: int = 0  # consecutive processed frames without the code
    gone: bool = False  # has left the view (missed >= absent_frames)


class ScanDeduper(Generic[K]):
    """Decides, frame by frame, which of the codes in view are new scans. Not thread-safe: one caller."""

    def __init__(
        self, cooldown_s: float = 2.0, absent_frames: int = 3, repeat_after_s: float | None = None
    ) -> None:
        if cooldown_s < 0:
            raise ValueError("cooldown_s must be >= 0")
        if absent_frames < 1:
            raise ValueError("absent_frames must be >= 1")
        if repeat_after_s is not None and repeat_after_s <= 0:
            raise ValueError("repeat_after_s must be > 0 or None")
        self.cooldown_s = cooldown_s
        self.absent_frames = absent_frames
        self.repeat_after_s = repeat_after_s
        self._tracks: dict[K, _Track] = {}

    def update(self, seen: Iterable[K], now: float) -> list[K]:
        """Feed the codes read in one processed frame (possibly none) at time ``now``; returns those to emit,
        in the order given."""
        emit: list[K] = []
        present: list[K] = []
        for key in seen:
            if key not in present:
                present.append(key)
        for key in present:
            track = self._tracks.get(key)
            if track is None:
                self._tracks[key] = _Track(last_emit=now)
                emit.append(key)
                continue
            since = now - track.last_emit
            came_back = track.gone and since >= self.cooldown_s
            held_long = (
                not track.gone
                and self.repeat_after_s is not None
                and since >= max(self.repeat_after_s, self.cooldown_s)
            )
            if came_back or held_long:
                emit.append(key)
                track.last_emit = now
            # back in view (emitted or not): the item is present again
            track.missed = 0
            track.gone = False
        present_set = set(present)
        for key in list(self._tracks):
            if key in present_set:
                continue
            track = self._tracks[key]
            track.missed += 1
            if track.missed >= self.absent_frames:
                track.gone = True
                if now - track.last_emit >= self.cooldown_s:
                    del self._tracks[key]  # nothing left to remember: its next sighting is simply new
        return emit

    def in_view(self) -> set[K]:
        """Codes currently considered in view (seen, and not yet absent for ``absent_frames`` frames)."""
        return {k for k, t in self._tracks.items() if not t.gone}

    def reset(self) -> None:
        """Forget everything (e.g. after a sale is completed, or the camera restarted)."""
        self._tracks.clear()
