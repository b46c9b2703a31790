"""The store is the unit of stock: a registered till shows head office's figure for its store, as of the last sync,
plus its own moves not sent yet.

Head office keeps stock on hand per store (every till's sales and stock moves it holds); the last page of each
catalogue pull carries it (``ChangesPage.stock``) and the till replaces ``store_stock`` with it in the page's
transaction. A move of this till whose outbox entry is still there (the sale's, for sale and return moves; the
move's own, for receiving, adjusting, counting, opening) is not in that figure yet and is added; once the server
holds it, the entry leaves the outbox in the same round, before the pull that brings the figure including it.
A till that never synced with a store figure shows its own moves, as before.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, text

from pos.sync.wire import StoreStockDoc

#: ``terminal_state`` key: when head office counted the store's stock last received (ISO, UTC).
AS_OF_KEY = "sync.store_stock_as_of"

#: The stock of product ``p.id`` on the till's own moves only.
LOCAL_QTY = "COALESCE((SELECT SUM(m.qty_milli) FROM stock_moves m WHERE m.product_id = p.id), 0)"

#: The store's stock of ``p.id``: head office's figure plus this till's moves it does not hold yet.
STORE_QTY = (
    "(COALESCE((SELECT s.qty_milli FROM store_stock s WHERE s.product_id = p.id), 0) + "
    "COALESCE((SELECT SUM(m.qty_milli) FROM stock_moves m WHERE m.product_id = p.id "
    "AND EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = COALESCE(m.sale_id, m.id))), 0))"
)


def apply(conn: Connection, doc: StoreStockDoc) -> None:
    """Replace the store's figures with head office's, on the caller's (page) transaction."""
    conn.execute(text("DELETE FROM store_stock"))
    as_of = doc.as_of.astimezone(dt.UTC).replace(tzinfo=None)
    if doc.levels:
        conn.execute(
            text("INSERT INTO store_stock (product_id, qty_milli, as_of) VALUES (:p, :q, :a)"),
            [{"p": lv.product_id, "q": lv.qty_milli, "a": as_of} for lv in doc.levels],
        )
    conn.execute(
        text(
            "INSERT INTO terminal_state (key, value) VALUES (:k, :v) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"k": AS_OF_KEY, "v": as_of.isoformat()},
    )


def as_of(conn: Connection) -> dt.datetime | None:
    """When head office counted the store's stock the till shows (UTC), or None: the till shows its own."""
    raw = conn.execute(text("SELECT value FROM terminal_state WHERE key = :k"), {"k": AS_OF_KEY}).scalar()
    try:
        return dt.datetime.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def qty_sql(conn: Connection) -> str:
    """The SQL expression of a product's stock (alias ``p`` for ``products``) this till shows."""
    return STORE_QTY if as_of(conn) is not None else LOCAL_QTY
