"""Keeping the roll-ups (``pos.server.models.rollups``) and stock on hand equal to the raw rows.

``add_sales`` runs inside ingest's transaction for the sales stored *now* (never for a resent or quarantined one),
``add_stock`` for stock moves; both add the batch's sums, pre-aggregated per key and written in key order (two
uploads of one store lock the same rows in the same order: no deadlock), one statement per table. ``rebuild``
recomputes everything from the raw rows — after a bulk load, or to check the incremental path (the tests compare
the two).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, text

from pos.server.bulk import add_rows
from pos.server.db import is_postgres
from pos.server.models import LineRollup, PaymentRollup, ReceiptRollup, StockOnHand, VatRollup

LINES: Table = LineRollup.__table__  # type: ignore[assignment]
PAYMENTS: Table = PaymentRollup.__table__  # type: ignore[assignment]
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


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _days(day: dt.date) -> tuple[tuple[str, dt.date], ...]:
    return (("d", day), ("m", month_of(day)))


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


def add_sales(
    conn: Connection,
    sales: Iterable[
        tuple[
            Mapping[str, Any],
            Sequence[Mapping[str, Any]],
            Sequence[Mapping[str, Any]],
            Sequence[Mapping[str, Any]],
        ]
    ],
) -> None:
    """Add newly stored sales — (header row, line rows, VAT rows, payment rows) as ingest writes them — to the
    roll-ups and take their lines out of (returns: back into) stock on hand."""
    lines: dict[tuple[Any, ...], list[int]] = {}
    pays: dict[tuple[Any, ...], list[int]] = {}
    vats: dict[tuple[Any, ...], list[int]] = {}
    recs: dict[tuple[Any, ...], list[int]] = {}
    names: dict[tuple[Any, ...], str] = {}
    stock: dict[tuple[Any, ...], list[int]] = {}
    for sale, sale_lines, vat_rows, payments in sales:
        store, is_sale = sale["store_id"], sale["kind"] == "sale"
        for grain, day in _days(sale["business_date"]):
            for ln in sale_lines:
                qty, amount = int(ln["qty_milli"]), int(ln["amount"])
                key = (
                    grain,
                    day,
                    store,
                    ln.get("product_id") or "",
                    ln.get("ocop_stars") or 0,
                    int(ln["vat_rate"]),
                )
                _add(lines, key, (1, qty, 0, amount, 0) if is_sale else (1, 0, -qty, 0, amount))
            for p in payments:
                _add(pays, (grain, day, store, p["method"]), (1, int(p["amount"])))
            for v in vat_rows:
                _add(vats, (grain, day, store, int(v["rate_pct"])), (int(v["gross"]), int(v["vat"])))
            rkey = (grain, day, store, sale.get("cashier_id") or "")
            total, disc, vat = int(sale["total"]), int(sale["discount_total"]), int(sale["vat_total"])
            _add(recs, rkey, (1, 0, total, 0, disc, vat) if is_sale else (0, 1, 0, total, disc, vat))
            names[rkey] = str(sale.get("cashier_name") or "")
        for ln in sale_lines:
            if ln.get("product_id"):
                _add(stock, (store, ln["product_id"]), (-int(ln["qty_milli"]),))
    add_rows(conn, LINES, _rows(lines, _LINE_KEYS, _LINE_SUMS), keys=_LINE_KEYS, add=_LINE_SUMS)
    add_rows(conn, PAYMENTS, _rows(pays, _PAY_KEYS, _PAY_SUMS), keys=_PAY_KEYS, add=_PAY_SUMS)
    add_rows(conn, VAT, _rows(vats, _VAT_KEYS, _VAT_SUMS), keys=_VAT_KEYS, add=_VAT_SUMS)
    rec_rows = _rows(recs, _REC_KEYS, _REC_SUMS)
    for r in rec_rows:
        r["cashier_name"] = names[(r["grain"], r["day"], r["store_id"], r["cashier_key"])]
    add_rows(conn, RECEIPTS, rec_rows, keys=_REC_KEYS, add=_REC_SUMS, replace=("cashier_name",))
    add_rows(
        conn,
        STOCK,
        _rows(stock, ("store_id", "product_id"), ("qty_milli",)),
        keys=("store_id", "product_id"),
        add=("qty_milli",),
    )


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


def rebuild(conn: Connection) -> None:
    """Every roll-up and stock on hand recomputed from the raw rows (in the caller's transaction)."""
    for table in (LINES, PAYMENTS, VAT, RECEIPTS, STOCK):
        conn.execute(delete(table))
    sale_kind = "s.kind = 'sale'"
    conn.execute(
        text(
            "INSERT INTO rollup_lines (grain, day, store_id, product_id, ocop_stars, vat_rate, lines, qty_sold, "
            "qty_returned, sales, returns) "
            "SELECT 'd', s.business_date, s.store_id, COALESCE(l.product_id, ''), COALESCE(l.ocop_stars, 0), "
            f"l.vat_rate, COUNT(*), SUM(CASE WHEN {sale_kind} THEN l.qty_milli ELSE 0 END), "
            f"SUM(CASE WHEN {sale_kind} THEN 0 ELSE -l.qty_milli END), "
            f"SUM(CASE WHEN {sale_kind} THEN l.amount ELSE 0 END), SUM(CASE WHEN {sale_kind} THEN 0 ELSE l.amount END) "
            "FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            "GROUP BY s.business_date, s.store_id, COALESCE(l.product_id, ''), COALESCE(l.ocop_stars, 0), l.vat_rate"
        )
    )
    conn.execute(
        text(
            "INSERT INTO rollup_payments (grain, day, store_id, method, payments, amount) "
            "SELECT 'd', s.business_date, s.store_id, p.method, COUNT(*), SUM(p.amount) "
            "FROM payments p JOIN sales s ON s.id = p.sale_id GROUP BY s.business_date, s.store_id, p.method"
        )
    )
    conn.execute(
        text(
            "INSERT INTO rollup_vat (grain, day, store_id, rate_pct, gross, vat) "
            "SELECT 'd', s.business_date, s.store_id, v.rate_pct, SUM(v.gross), SUM(v.vat) "
            "FROM sale_vat v JOIN sales s ON s.id = v.sale_id GROUP BY s.business_date, s.store_id, v.rate_pct"
        )
    )
    conn.execute(
        text(
            "INSERT INTO rollup_receipts (grain, day, store_id, cashier_key, cashier_name, sales_count, "
            "returns_count, sales_total, returns_total, discount_total, vat_total) "
            "SELECT 'd', s.business_date, s.store_id, COALESCE(s.cashier_id, ''), MAX(s.cashier_name), "
            f"SUM(CASE WHEN {sale_kind} THEN 1 ELSE 0 END), SUM(CASE WHEN {sale_kind} THEN 0 ELSE 1 END), "
            f"SUM(CASE WHEN {sale_kind} THEN s.total ELSE 0 END), SUM(CASE WHEN {sale_kind} THEN 0 ELSE s.total END), "
            "SUM(s.discount_total), SUM(s.vat_total) FROM sales s "
            "GROUP BY s.business_date, s.store_id, COALESCE(s.cashier_id, '')"
        )
    )
    month = _month_sql(conn, "day")
    for table, keys, sums in (
        (LINES, _LINE_KEYS, _LINE_SUMS),
        (PAYMENTS, _PAY_KEYS, _PAY_SUMS),
        (VAT, _VAT_KEYS, _VAT_SUMS),
        (RECEIPTS, _REC_KEYS, (*_REC_SUMS, "cashier_name")),
    ):
        rest = [k for k in keys if k not in ("grain", "day")]
        agg = ", ".join(f"MAX({c})" if c == "cashier_name" else f"SUM({c})" for c in sums)
        conn.execute(
            text(
                f"INSERT INTO {table.name} ({', '.join(keys)}, {', '.join(sums)}) "
                f"SELECT 'm', {month}, {', '.join(rest)}, {agg} FROM {table.name} WHERE grain = 'd' "
                f"GROUP BY {month}, {', '.join(rest)}"
            )
        )
    conn.execute(
        text(
            "INSERT INTO stock_on_hand (store_id, product_id, qty_milli) SELECT store_id, product_id, SUM(q) FROM ("
            "SELECT store_id, product_id, qty_milli AS q FROM stock_moves UNION ALL "
            "SELECT s.store_id, l.product_id, -l.qty_milli FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            "WHERE l.product_id IS NOT NULL) u GROUP BY store_id, product_id"
        )
    )
