"""A webcam at the hardware edge (what ``cv2.VideoCapture`` would be): serves given frames in turn.

``delay_s`` is the camera's own pace (a real one blocks in ``read()`` until its next frame; 0 plays a driver that
returns at once); after ``fail_after`` reads every read fails, as when the cable is pulled.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any


class FakeCamera:
    def __init__(self, frames: Sequence[Any], *, delay_s: float = 0.0, fail_after: int | None = None) -> None:
        self.frames = list(frames)
        self.delay_s = delay_s
        self.fail_after = fail_after
        self.reads = 0
        self.released = False
        self.settings: dict[int, float] = {}

    def isOpened(self) -> bool:
        return True

    def read(self) -> tuple[bool, Any]:
        if self.delay_s:
            time.sleep(self.delay_s)
        self.reads += 1
        if self.fail_after is not None and self.reads > self.fail_after:
            return False, None
        return True, self.frames[self.reads % len(self.frames)]

    def get(self, prop_id: int) -> float:
        return 0.0

    def set(self, prop_id: int, value: float) -> bool:
        self.settings[prop_id] = value
        return True

    def release(self) -> None:
        self.released = True
