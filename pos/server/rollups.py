"""Keeping the roll-ups (``pos.server.models.rollups``) and stock on hand equal to the raw rows.

The sums are folded in behind ingest: ingest only queues the sales it stored *now* (``queue_sales`` →
``rollup_pending``; never a resent or quarantined one), and ``fold`` adds the queued sales to the report roll-ups
and takes their lines out of stock on hand (returns: back in) with one ``INSERT … SELECT … GROUP BY … ON CONFLICT
DO UPDATE`` a table and grain, then empties what it folded, all in one transaction — so every sale is counted
exactly once. ``catch_up`` folds whatever is queued: the server's background task calls it every few seconds, and
every reader of these tables (office pages, the stock API, a till's store stock) before it reads, so nothing shown
misses a stored sale. A till's upload therefore waits only for the rows that make its sales durable (what
``server_ingest_durable_vs_raw`` measures); the folding costs the server once per batch of queued sales instead of
once per upload (``server_rollup_fold_sales_per_s`` in the bench). Stock moves (rare, few rows) are added to stock
on hand in their own transaction (``add_stock``).

``rebuild`` recomputes everything from the raw rows — after a bulk load, or to check the incremental path (the
tests compare the two).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Column, Connection, Engine, MetaData, String, Table, delete, text

from pos.server.bulk import add_rows, insert_rows
from pos.server.db import is_postgres, read_tx, write_tx
from pos.server.models import LineRollup, PaymentRollup, ReceiptRollup, RollupPending, StockOnHand, VatRollup

LINES: Table = LineRollup.__table__  # type: ignore[assignment]
PAYMENTS: Table = PaymentRollup.__table__  # type: ignore[assignment]
PENDING: Table = RollupPending.__table__  # type: ignore[assignment]
RECEIPTS: Table = ReceiptRollup.__table__  # type: ignore[assignment]
STOCK: Table = StockOnHand.__table__  # type: ignore[assignment]
VAT: Table = VatRollup.__table__  # type: ignore[assignment]
GRAINS = ("d", "m")

_LINE_KEYS = ("grain", "day", "store_id", "product_id", "ocop_stars", "vat_rate")
_LINE_SUMS = ("lines", "qty_sold", "qty_returned", "sales", "returns")
_PAY_KEYS = ("grain", "day", "store_id", "method")
_PAY_SUMS = ("payments", "amount")
_VAT_KEYS = ("grain", "day", "store_id", "rate_pct")
_VAT_SUMS = ("gross", "vat")
_REC_KEYS = ("grain", "day", "store_id", "cashier_key")
_REC_SUMS = ("sales_count", "returns_count", "sales_total", "returns_total", "discount_total", "vat_total")

#: Sales folded per transaction: a big backlog is folded in steps, each short enough not to hold up ingest (on
#: SQLite a fold holds the one write lock: 2 000 sales ≈ 0.2 s there).
FOLD_BATCH = 2_000
#: The connection's temporary list of the sales one ``fold`` claims: the queue may grow while it runs (PostgreSQL
#: reads what other transactions commit between statements), so each statement works on this fixed list.
_CLAIM = Table("rollup_claim", MetaData(), Column("sale_id", String(36), primary_key=True))
#: PostgreSQL advisory lock that makes folds take turns (two at once would fight over the same roll-up rows).
FOLD_LOCK = 0x0C0B_0F01


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add(acc: dict[tuple[Any, ...], list[int]], key: tuple[Any, ...], values: Sequence[int]) -> None:
    have = acc.get(key)
    if have is None:
        acc[key] = list(values)
    else:
        for i, v in enumerate(values):
            have[i] += v


def _rows(
    acc: Mapping[tuple[Any, ...], Sequence[int]], keys: Sequence[str], sums: Sequence[str]
) -> list[dict[str, Any]]:
    return [
        {**dict(zip(keys, k, strict=True)), **dict(zip(sums, v, strict=True))}
        for k, v in sorted(acc.items(), key=lambda kv: tuple(str(x) for x in kv[0]))
    ]


def _add_stock(conn: Connection, acc: Mapping[tuple[Any, ...], Sequence[int]]) -> None:
    add_rows(
        conn,
        STOCK,
        _rows(acc, ("store_id", "product_id"), ("qty_milli",)),
        keys=("store_id", "product_id"),
        add=("qty_milli",),
    )


def queue_sales(conn: Connection, sale_ids: Iterable[str]) -> None:
    """Queue newly stored sales for the roll-ups (``fold`` adds them in)."""
    insert_rows(conn, PENDING, [{"sale_id": i} for i in sorted(sale_ids)])


def add_stock(conn: Connection, moves: Iterable[Mapping[str, Any]]) -> None:
    """Stock moves just stored (rows with ``store_id``, ``product_id``, ``qty_milli``) into stock on hand."""
    acc: dict[tuple[Any, ...], list[int]] = {}
    for m in moves:
        _add(acc, (m["store_id"], m["product_id"]), (int(m["qty_milli"]),))
    add_rows(
        conn,
        STOCK,
        _rows(acc, ("store_id", "product_id"), ("qty_milli",)),
        keys=("store_id", "product_id"),
        add=("qty_milli",),
    )


def _month_sql(conn: Connection, column: str) -> str:
    if is_postgres(conn):
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _upsert(
    table: Table, keys: Sequence[str], sums: Sequence[str], select: str, replace: Sequence[str] = ()
) -> str:
    """``INSERT INTO table … <select> ON CONFLICT (keys) DO UPDATE`` adding ``sums`` to what is there."""
    sets = [f"{c} = {table.name}.{c} + excluded.{c}" for c in sums] + [f"{c} = excluded.{c}" for c in replace]
    cols = ", ".join([*keys, *sums, *replace])
    return (
        f"INSERT INTO {table.name} ({cols}) {select} "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(sets)}"
    )


def _fold_sales(conn: Connection, only: str) -> None:
    """Add the sales that ``only`` selects (a SQL condition on ``s``, the sales table) to every roll-up, both
    grains, grouped in key order (two folds lock roll-up rows in the same order)."""
    sale = "s.kind = 'sale'"
    for grain, day in (("d", "s.business_date"), ("m", _month_sql(conn, "s.business_date"))):
        line_keys = f"{day}, s.store_id, COALESCE(l.product_id, ''), COALESCE(l.ocop_stars, 0), l.vat_rate"
        conn.execute(
            text(
                _upsert(
                    LINES,
                    _LINE_KEYS,
                    _LINE_SUMS,
                    f"SELECT '{grain}', {line_keys}, COUNT(*), "
                    f"SUM(CASE WHEN {sale} THEN l.qty_milli ELSE 0 END), "
                    f"SUM(CASE WHEN {sale} THEN 0 ELSE -l.qty_milli END), "
                    f"SUM(CASE WHEN {sale} THEN l.amount ELSE 0 END), "
                    f"SUM(CASE WHEN {sale} THEN 0 ELSE l.amount END) "
                    f"FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE {only} "
                    f"GROUP BY {line_keys} ORDER BY {line_keys}",
                )
            )
        )
        pay_keys = f"{day}, s.store_id, p.method"
        conn.execute(
            text(
                _upsert(
                    PAYMENTS,
                    _PAY_KEYS,
                    _PAY_SUMS,
                    f"SELECT '{grain}', {pay_keys}, COUNT(*), SUM(p.amount) "
                    f"FROM payments p JOIN sales s ON s.id = p.sale_id WHERE {only} "
                    f"GROUP BY {pay_keys} ORDER BY {pay_keys}",
                )
            )
        )
        vat_keys = f"{day}, s.store_id, v.rate_pct"
        conn.execute(
            text(
                _upsert(
                    VAT,
                    _VAT_KEYS,
                    _VAT_SUMS,
                    f"SELECT '{grain}', {vat_keys}, SUM(v.gross), SUM(v.vat) "
                    f"FROM sale_vat v JOIN sales s ON s.id = v.sale_id WHERE {only} "
                    f"GROUP BY {vat_keys} ORDER BY {vat_keys}",
                )
            )
        )
        rec_keys = f"{day}, s.store_id, COALESCE(s.cashier_id, '')"
        conn.execute(
            text(
                _upsert(
                    RECEIPTS,
                    _REC_KEYS,
                    _REC_SUMS,
                    f"SELECT '{grain}', {rec_keys}, "
                    f"SUM(CASE WHEN {sale} THEN 1 ELSE 0 END), SUM(CASE WHEN {sale} THEN 0 ELSE 1 END), "
                    f"SUM(CASE WHEN {sale} THEN s.total ELSE 0 END), "
                    f"SUM(CASE WHEN {sale} THEN 0 ELSE s.total END), "
                    "SUM(s.discount_total), SUM(s.vat_total), MAX(s.cashier_name) "
                    f"FROM sales s WHERE {only} GROUP BY {rec_keys} ORDER BY {rec_keys}",
                    replace=("cashier_name",),
                )
            )
        )


def fold(conn: Connection, limit: int = FOLD_BATCH) -> int:
    """Fold up to ``limit`` queued sales into the roll-ups and take them off the queue (in the caller's write
    transaction); returns how many were folded."""
    if is_postgres(conn):
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": FOLD_LOCK})
    ids = list(
        conn.execute(
            text("SELECT sale_id FROM rollup_pending ORDER BY sale_id LIMIT :n"), {"n": limit}
        ).scalars()
    )
    if not ids:
        return 0
    conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS rollup_claim (sale_id VARCHAR(36) PRIMARY KEY)"))
    conn.execute(text("DELETE FROM rollup_claim"))
    insert_rows(conn, _CLAIM, [{"sale_id": i} for i in ids])
    claimed = "s.id IN (SELECT sale_id FROM rollup_claim)"
    _fold_sales(conn, claimed)
    conn.execute(
        text(
            "INSERT INTO stock_on_hand (store_id, product_id, qty_milli) "
            "SELECT s.store_id, l.product_id, -SUM(l.qty_milli) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            f"WHERE {claimed} AND l.product_id IS NOT NULL GROUP BY s.store_id, l.product_id "
            "ORDER BY s.store_id, l.product_id "
            "ON CONFLICT (store_id, product_id) DO UPDATE SET qty_milli = stock_on_hand.qty_milli + excluded.qty_milli"
        )
    )
    conn.execute(text("DELETE FROM rollup_pending WHERE sale_id IN (SELECT sale_id FROM rollup_claim)"))
    conn.execute(text("DELETE FROM rollup_claim"))
    return len(ids)


def pending(engine: Engine) -> bool:
    """Whether any stored sale waits to be folded into the roll-ups (one indexed read)."""
    with read_tx(engine) as conn:
        return conn.execute(text("SELECT 1 FROM rollup_pending LIMIT 1")).first() is not None


def catch_up(engine: Engine) -> int:
    """Fold every queued sale, ``FOLD_BATCH`` a transaction; returns how many. Cheap when nothing is queued."""
    folded = 0
    while pending(engine):
        with write_tx(engine) as conn:
            n = fold(conn)
        if not n:
            break
        folded += n
    return folded


def rebuild(conn: Connection) -> None:
    """Every roll-up and stock on hand recomputed from the raw rows (in the caller's transaction)."""
    for table in (LINES, PAYMENTS, VAT, RECEIPTS, STOCK, PENDING):
        conn.execute(delete(table))
    _fold_sales(conn, "1 = 1")
    conn.execute(
        text(
            "INSERT INTO stock_on_hand (store_id, product_id, qty_milli) SELECT store_id, product_id, SUM(q) FROM ("
            "SELECT store_id, product_id, qty_milli AS q FROM stock_moves UNION ALL "
            "SELECT s.store_id, l.product_id, -l.qty_milli FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            "WHERE l.product_id IS NOT NULL) u GROUP BY store_id, product_id"
        )
    )
