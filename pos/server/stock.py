"""Stock per store: moves entered at head office or sent by tills, minus what the store's sales took out.

Sales are not copied into stock moves: their lines already say what left the shelf (returns bring it back), so the
level of a product at a store is ``Σ moves + Σ −line quantity``. That sum is kept in ``stock_on_hand``
(``pos.server.rollups``: moves when stored, sales folded in behind ingest), which ``stock_levels`` reads once the
caller has folded the queue (``rollups.catch_up``); ``raw_stock_levels`` sums the raw rows (the tests compare).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite

from pos.ids import new_id
from pos.server import rollups
from pos.server.db import is_postgres
from pos.server.models import Product, Sale, SaleLine, StockMove, StockOnHand, utcnow
from pos.server.schemas import StockMoveIn


@dataclass(frozen=True)
class StockRow:
    product_id: str
    sku: str
    name_vi: str
    qty_milli: int


def stock_levels(conn: Connection, store_id: str, product_ids: Sequence[str] | None = None) -> list[StockRow]:
    """Every product with stock on hand at the store, in SKU order (fold the queued sales first:
    ``rollups.catch_up``)."""
    stmt = (
        select(
            StockOnHand.product_id,
            func.coalesce(Product.sku, ""),
            func.coalesce(Product.name_vi, ""),
            StockOnHand.qty_milli,
        )
        .outerjoin(Product, Product.id == StockOnHand.product_id)
        .where(StockOnHand.store_id == store_id)
        .order_by(Product.sku)
    )
    if product_ids is not None:
        stmt = stmt.where(StockOnHand.product_id.in_(product_ids))
    return [StockRow(str(p), str(s), str(n), int(q)) for p, s, n, q in conn.execute(stmt)]


def raw_stock_levels(
    conn: Connection, store_id: str, product_ids: Sequence[str] | None = None
) -> list[StockRow]:
    """The same levels summed from the raw moves and sale lines (slow on a year of sales: for checks)."""
    moves = select(StockMove.product_id.label("pid"), StockMove.qty_milli.label("qty")).where(
        StockMove.store_id == store_id
    )
    sold = (
        select(SaleLine.product_id.label("pid"), (literal(0) - SaleLine.qty_milli).label("qty"))
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(Sale.store_id == store_id, SaleLine.product_id.is_not(None))
    )
    if product_ids is not None:
        moves = moves.where(StockMove.product_id.in_(product_ids))
        sold = sold.where(SaleLine.product_id.in_(product_ids))
    u = union_all(moves, sold).subquery()
    stmt = (
        select(
            u.c.pid,
            func.coalesce(func.max(Product.sku), ""),
            func.coalesce(func.max(Product.name_vi), ""),
            func.sum(u.c.qty),
        )
        .select_from(u)
        .outerjoin(Product, Product.id == u.c.pid)
        .group_by(u.c.pid)
        .order_by(func.max(Product.sku))
    )
    return [StockRow(str(p), str(s), str(n), int(q)) for p, s, n, q in conn.execute(stmt)]


def add_moves(conn: Connection, store_id: str, moves: Sequence[StockMoveIn]) -> tuple[list[str], int]:
    """Store ``moves``; returns their ids and how many of them were already held (a resend: stored once)."""
    now = utcnow()
    rows: list[dict[str, object]] = [
        {
            "id": m.id or new_id(),
            "store_id": store_id,
            "terminal_id": None,
            "product_id": m.product_id,
            "qty_milli": m.qty_milli,
            "kind": m.kind,
            "reason": m.reason,
            "batch": None,
            "expiry": None,
            "unit_cost": m.unit_cost,
            "staff_id": None,
            "created_at": now,
            "received_at": now,
        }
        for m in moves
    ]
    ids = [str(r["id"]) for r in rows]
    if not rows:
        return ids, 0
    rows = list({str(r["id"]): r for r in rows}.values())  # one id twice in one request: once
    dialect = postgresql if is_postgres(conn) else sqlite
    new: set[str] = set()
    for start in range(0, len(rows), 1000):  # multi-row VALUES, under SQLite's limit on parameters
        stmt = dialect.insert(StockMove).values(rows[start : start + 1000])
        stmt = stmt.on_conflict_do_nothing(index_elements=["id"]).returning(StockMove.id)
        new.update(str(i) for i in conn.execute(stmt).scalars())
    rollups.add_stock(conn, [r for r in rows if str(r["id"]) in new])  # a resend adds nothing
    return ids, len(ids) - len(new)
