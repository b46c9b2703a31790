"""What the status bar shows about syncing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class SyncStatus:
    """``online``: the last attempt reached the server. ``queued``: outbox entries not yet held by the server
    (``quarantined`` of them were refused and wait for head office). Times are UTC. Built by keyword: nine fields,
    several of one type, are too many to pass by position."""

    online: bool
    queued: int
    last_success_at: dt.datetime | None
    last_error_vi: str = ""
    last_error_en: str = ""
    quarantined: int = 0
    registered: bool = True
    syncing: bool = False
    next_attempt_in_s: float | None = None

    def last_error(self, lang: str = "vi") -> str:
        return self.last_error_vi if lang.startswith("vi") else self.last_error_en
