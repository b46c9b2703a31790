"""Where a till keeps its exchange rates (one JSON document in ``terminal_state``), and head office's rates written
into it — below ``pos.selling.fx_rates`` (the till's own rates, the tender check) so the sync can write head
office's rates without depending on the selling package.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection, text

STATE_KEY = "fx_rates"
MAX_RATE_MILLI = 1_000_000_000  # 1 000 000 ₫ per unit: far above any real currency


def write_office_rates(
    conn: Connection, rates: list[tuple[str, int, dt.datetime | None]], now: dt.datetime
) -> None:
    """Head office's rates replace the ones it set before (all of them); the till's own for other currencies stay.
    Inside the caller's transaction (the whole rules document is applied in one)."""
    value = conn.execute(text("SELECT value FROM terminal_state WHERE key = :k"), {"k": STATE_KEY}).scalar()
    try:
        current = json.loads(str(value)) if value is not None else {}
    except ValueError:
        current = {}
    kept = {c: r for c, r in current.items() if not (isinstance(r, dict) and r.get("source") == "office")}
    for code, rate_milli, until in rates:
        kept[code] = {
            "rate_milli": rate_milli,
            "set_by": "office",
            "set_at": now.isoformat(),
            "source": "office",
            "valid_until": until.isoformat() if until is not None else None,
        }
    conn.execute(
        text(
            "INSERT INTO terminal_state (key, value) VALUES (:k, :v) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
        ),
        {"k": STATE_KEY, "v": json.dumps(kept, sort_keys=True)},
    )
