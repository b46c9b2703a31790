"""Outbox entries for what the till does besides selling: stock moves and shift events.

Checkout writes a sale's outbox entry in the sale's own transaction (``pos.selling.checkout``); receiving goods,
adjusting and counting stock, and opening, paying in/out of and closing a shift do the same through these
functions, on the caller's connection, so the change and its entry commit together or not at all. The documents
are the ``StockMoveDoc`` and ``ShiftEventDoc`` of ``pos.sync.wire``, typed for the till in ``pos.sync.documents``
(built here with ``json``: the till's write path does not load pydantic). The entry id is the move's or event's
own id (uuid7), so the server stores each one once however often it is sent.

Sales are not sent as stock moves: the server derives what left the shelf from the sale lines.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert, text

from pos import models
from pos.ids import new_id
from pos.ledger.canonical import sql_value
from pos.models.rows import StockMoveRow
from pos.models.values import utcnow
from pos.sync.documents import OutboxDocument, ShiftEventDocument, StockMoveDocument

#: Stock move kinds the till sends (the others are sales and returns, which travel as sales).
SENT_MOVE_KINDS = frozenset({"receive", "adjust", "count", "opening", "waste"})
#: Shift event kinds (``ShiftEventBody.kind``).
SHIFT_EVENT_KINDS = ("open", "paid_in", "paid_out", "close", "close_unsent")

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _queue(conn: Connection, entity: str, entity_id: str, doc: OutboxDocument, at: dt.datetime) -> None:
    conn.execute(
        insert(models.OutboxEntry),
        [
            {
                "entity": entity,
                "entity_id": entity_id,
                "payload": _encode(doc),
                "created_at": at,
                "attempts": 0,
                "last_error": "",
            }
        ],
    )


def stock_move_doc(move: StockMoveRow) -> StockMoveDocument:
    """The ``stock_move`` document of a row of ``stock_moves`` (as inserted)."""
    expiry = move["expiry"]
    return {
        "type": "stock_move",
        "move": {
            "id": move["id"],
            "product_id": move["product_id"],
            "qty_milli": move["qty_milli"],
            "kind": move["kind"],
            "reason": move["reason"][:200],
            "batch": move["batch"],
            "expiry": None if expiry is None else expiry.isoformat(),
            "unit_cost": move["unit_cost"],
            "staff_id": move["staff_id"],
            "created_at": sql_value(move["created_at"]),
        },
    }


def queue_stock_move(conn: Connection, move: StockMoveRow) -> None:
    """Put a stock move (a row just inserted into ``stock_moves``) in the outbox, on the caller's transaction."""
    if move["kind"] not in SENT_MOVE_KINDS:
        raise ValueError(f"stock moves of kind {move['kind']!r} travel with their sale")
    _queue(conn, "stock_move", str(move["id"]), stock_move_doc(move), move["created_at"])


def queue_shift_event(
    conn: Connection,
    shift_id: str,
    kind: str,
    *,
    staff_id: str | None,
    data: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
    event_id: str | None = None,
) -> str:
    """Put a shift event in the outbox, on the caller's transaction; returns the event id."""
    if kind not in SHIFT_EVENT_KINDS:
        raise ValueError(f"unknown shift event {kind!r}")
    event_id = event_id or new_id()
    at = at or utcnow()
    doc: ShiftEventDocument = {
        "type": "shift_event",
        "event": {
            "id": event_id,
            "shift_id": shift_id,
            "kind": kind,
            "at": sql_value(at),
            "staff_id": staff_id,
            "data": dict(data or {}),
        },
    }
    _queue(conn, "shift_event", event_id, doc, at)
    return event_id


def queue_unqueued_moves(conn: Connection) -> int:
    """Queue every sent-kind stock move that has no outbox entry (opening stock written straight into the database:
    demo data, a shop's first stock before it joined head office); returns how many.

    Run when the till registers: head office stores a move once by id, so one already sent is only answered "held".
    """
    kinds = sorted(SENT_MOVE_KINDS)
    marks = ", ".join(f":k{n}" for n in range(len(kinds)))
    rows = conn.execute(
        text(
            "SELECT id, product_id, qty_milli, kind, reason, batch, expiry, unit_cost, staff_id, created_at "
            f"FROM stock_moves m WHERE m.kind IN ({marks}) "
            "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = m.id) ORDER BY m.created_at, m.id"
        ),
        {f"k{n}": k for n, k in enumerate(kinds)},
    ).all()
    for r in rows:
        created = r[9] if isinstance(r[9], dt.datetime) else dt.datetime.fromisoformat(str(r[9]))
        expiry = r[6] if r[6] is None or isinstance(r[6], dt.date) else dt.date.fromisoformat(str(r[6]))
        move: StockMoveRow = {
            "id": str(r[0]),
            "product_id": str(r[1]),
            "qty_milli": int(r[2]),
            "kind": str(r[3]),
            "sale_id": None,
            "reason": str(r[4] or ""),
            "batch": r[5],
            "expiry": expiry,
            "unit_cost": int(r[7] or 0),
            "staff_id": r[8],
            "created_at": created,
        }
        queue_stock_move(conn, move)
    return len(rows)
