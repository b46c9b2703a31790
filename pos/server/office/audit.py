"""The office's audit log: every change made through the office, and every sign-in attempt, in the same
transaction as the change (a change that is not logged did not happen)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, insert

from pos.server.models import OfficeAudit, utcnow
from pos.server.office.access import Viewer


def record(
    conn: Connection,
    who: Viewer | None,
    action: str,
    subject: str = "",
    *,
    store_id: str | None = None,
    detail: dict[str, Any] | None = None,
    ip: str = "",
    username: str = "",
) -> None:
    conn.execute(
        insert(OfficeAudit),
        [
            {
                "at": utcnow(),
                "user_id": who.user_id if who else None,
                "username": (who.username if who else username)[:60],
                "action": action[:40],
                "subject": subject[:200],
                "store_id": store_id,
                "detail": json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)[:20_000],
                "ip": ip[:60],
            }
        ],
    )
