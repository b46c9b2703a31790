"""The durable checkout: one SQLite transaction writes the sale, its lines, VAT rows, payments, stock moves,
the journal entry and the outbox entry — or nothing at all.

Only after ``checkout`` returns may the caller print, open the drawer or sync. The receipt number is taken from a
per-terminal counter inside the same transaction, so a failed checkout never burns a number.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import SQLAlchemyError

from pos.db import write_tx
from pos.errors import CartError, CheckoutError, PosError
from pos.ids import new_id
from pos.ledger.canonical import (
    LINE_FIELDS,
    PAYMENT_FIELDS,
    SALE_FIELDS,
    VAT_FIELDS,
    canonical,
    chain_hash,
    row_values,
    sql_value,
)
from pos.models.ledger import GENESIS_HASH
from pos.payments.tenders import PaymentRow, Tender, settle
from pos.selling.cart import Cart, CartTotals

#: Extra writes done inside the checkout transaction: ``(connection, sale row)``.
AlsoWrite = Callable[[Connection, dict[str, Any]], None]


@dataclass(frozen=True, slots=True)
class SaleContext:
    """Who and where: the terminal, the signed-in cashier, the open shift."""

    terminal_code: str
    cashier_id: str | None = None
    cashier_name: str = ""
    shift_id: str | None = None
    lang: str = "vi"


@dataclass(frozen=True, slots=True)
class CommittedSale:
    """What the screen shows after a checkout; the full sale is in the database."""

    id: str
    terminal_code: str
    receipt_no: int
    kind: str
    total: int
    change_due: int
    created_at: dt.datetime
    payments: tuple[PaymentRow, ...]

    @property
    def receipt_label(self) -> str:
        return receipt_label(self.terminal_code, self.receipt_no)


def receipt_label(terminal_code: str, receipt_no: int) -> str:
    """How a receipt number is shown and printed: ``T01-000123``."""
    return f"{terminal_code}-{receipt_no:06d}"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def next_receipt_no(conn: Connection, terminal_code: str) -> int:
    """Bump and return the terminal's receipt counter (inside the caller's transaction)."""
    row = conn.execute(
        text("UPDATE receipt_counters SET last_no = last_no + 1 WHERE terminal_code = :t RETURNING last_no"),
        {"t": terminal_code},
    ).first()
    if row is not None:
        return int(row[0])
    conn.execute(
        text("INSERT INTO receipt_counters (terminal_code, last_no) VALUES (:t, 1)"), {"t": terminal_code}
    )
    return 1


def peek_next_receipt_no(engine: Engine, terminal_code: str) -> int:
    """The number the next sale will get (for a VietQR reference shown before the sale commits)."""
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT last_no FROM receipt_counters WHERE terminal_code = :t"), {"t": terminal_code}
        ).first()
        conn.rollback()
    return 1 if row is None else int(row[0]) + 1


def build_rows(
    totals: CartTotals,
    payments: Sequence[PaymentRow],
    change: int,
    ctx: SaleContext,
    *,
    sale_id: str,
    receipt_no: int,
    now: dt.datetime,
    kind: str,
    original_sale_id: str | None,
    approved_by: str | None,
    note: str,
) -> tuple[
    dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]
]:
    """The rows a checkout inserts (pure; shared with returns)."""
    business_date = now.replace(tzinfo=dt.UTC).astimezone().date()
    sale = {
        "id": sale_id,
        "terminal_code": ctx.terminal_code,
        "receipt_no": receipt_no,
        "kind": kind,
        "original_sale_id": original_sale_id,
        "created_at": now,
        "business_date": business_date,
        "cashier_id": ctx.cashier_id,
        "cashier_name": ctx.cashier_name,
        "approved_by": approved_by,
        "shift_id": ctx.shift_id,
        "lang": ctx.lang,
        "subtotal": totals.subtotal,
        "discount_total": totals.discount_total,
        "total": totals.total,
        "change_due": change,
        "note": note,
    }
    lines = []
    moves = []
    for no, p in enumerate(totals.lines, start=1):
        line = p.line
        line_id = new_id()
        lines.append(
            {
                "id": line_id,
                "sale_id": sale_id,
                "line_no": no,
                "product_id": line.product.id or None,
                "sku": line.product.sku,
                "name_vi": line.product.name_vi,
                "name_en": line.product.name_en,
                "unit": line.product.unit,
                "code": line.code,
                "qty_milli": line.qty_milli,
                "unit_price": line.unit_price,
                "line_discount": p.line_discount,
                "sale_discount": p.sale_discount,
                "amount": p.amount,
                "vat_rate": p.vat_rate,
                "ocop_stars": line.product.ocop_stars,
                "batch": line.batch,
                "expiry": line.expiry,
                "original_line_id": line.original_line_id,
            }
        )
        if not line.product.id:
            continue
        moves.append(
            {
                "id": new_id(),
                "product_id": line.product.id,
                "qty_milli": -line.qty_milli,
                "kind": kind,
                "sale_id": sale_id,
                "reason": "",
                "batch": line.batch,
                "expiry": line.expiry,
                "unit_cost": line.product.cost,
                "staff_id": ctx.cashier_id,
                "created_at": now,
            }
        )
    vat = [{"sale_id": sale_id, "rate_pct": r.rate_pct, "gross": r.gross, "vat": r.vat} for r in totals.vat]
    pays = [
        {
            "id": new_id(),
            "sale_id": sale_id,
            "seq": seq,
            "method": r.method,
            "amount": r.amount,
            "tendered": r.tendered,
            "currency": r.currency,
            "foreign_amount": r.foreign_amount,
            "fx_rate_milli": r.fx_rate_milli,
            "reference": r.reference,
        }
        for seq, r in enumerate(payments, start=1)
    ]
    return sale, lines, vat, pays, moves


def sale_payload(
    sale: dict[str, Any],
    lines: list[dict[str, Any]],
    vat: list[dict[str, Any]],
    pays: list[dict[str, Any]],
) -> tuple[bytes, str]:
    """(canonical bytes for the journal, JSON document for the outbox)."""
    body = canonical(
        row_values(sale, SALE_FIELDS),
        [row_values(r, LINE_FIELDS) for r in lines],
        [row_values(r, VAT_FIELDS) for r in vat],
        [row_values(r, PAYMENT_FIELDS) for r in pays],
    )
    doc = {
        "type": "sale",
        "sale": {k: sql_value(v) for k, v in sale.items()},
        "lines": [{k: sql_value(v) for k, v in r.items() if k != "sale_id"} for r in lines],
        "vat": [{k: v for k, v in r.items() if k != "sale_id"} for r in vat],
        "payments": [{k: v for k, v in r.items() if k != "sale_id"} for r in pays],
    }
    return body, json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def write_sale(
    conn: Connection,
    sale: dict[str, Any],
    lines: list[dict[str, Any]],
    vat: list[dict[str, Any]],
    pays: list[dict[str, Any]],
    moves: list[dict[str, Any]],
) -> None:
    """Insert every row of a sale, its journal entry and its outbox entry on ``conn`` (caller's transaction)."""
    body, doc = sale_payload(sale, lines, vat, pays)
    prev = conn.exec_driver_sql("SELECT hash FROM journal ORDER BY seq DESC LIMIT 1").scalar()
    prev_hash = str(prev) if prev is not None else GENESIS_HASH
    journal = {
        "sale_id": sale["id"],
        "terminal_code": sale["terminal_code"],
        "receipt_no": sale["receipt_no"],
        "prev_hash": prev_hash,
        "hash": chain_hash(prev_hash, body),
        "created_at": sale["created_at"],
    }
    outbox = {
        "entity": "sale",
        "entity_id": sale["id"],
        "payload": doc,
        "created_at": sale["created_at"],
        "attempts": 0,
        "last_error": "",
    }
    for table, rows in (
        ("sales", [sale]),
        ("sale_lines", lines),
        ("sale_vat", vat),
        ("payments", pays),
        ("stock_moves", moves),
        ("journal", [journal]),
        ("outbox", [outbox]),
    ):
        if rows:
            _insert(conn, table, rows)


@functools.cache
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def _insert(conn: Connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Plain executemany with values stored exactly as SQLAlchemy would store them (``sql_value``): the checkout
    is the hottest write path, and the journal hashes these very values."""
    columns = tuple(rows[0])
    conn.exec_driver_sql(_insert_sql(table, columns), [tuple(sql_value(r[c]) for c in columns) for r in rows])


def commit_sale(
    engine: Engine,
    totals: CartTotals,
    tenders: Sequence[Tender],
    ctx: SaleContext,
    *,
    kind: str = "sale",
    original_sale_id: str | None = None,
    approved_by: str | None = None,
    note: str = "",
    now: dt.datetime | None = None,
    also: AlsoWrite | None = None,
) -> CommittedSale:
    """Settle ``tenders`` against ``totals`` and write everything in one durable transaction.

    ``also(conn, sale_row)`` writes rows that belong with the sale (audit entries of an approved discount or
    refund) inside the same transaction, so they exist exactly when the sale does.
    """
    payments, change = settle(totals.total, tenders)
    now = now or _utcnow()
    sale_id = new_id()
    try:
        with write_tx(engine) as conn:
            receipt_no = next_receipt_no(conn, ctx.terminal_code)
            rows = build_rows(
                totals,
                payments,
                change,
                ctx,
                sale_id=sale_id,
                receipt_no=receipt_no,
                now=now,
                kind=kind,
                original_sale_id=original_sale_id,
                approved_by=approved_by,
                note=note,
            )
            write_sale(conn, *rows)
            if also is not None:
                also(conn, rows[0])
    except PosError:
        raise
    except (SQLAlchemyError, OSError) as exc:
        raise CheckoutError(
            "Không lưu được giao dịch — chưa có gì được ghi. Giỏ hàng vẫn còn; hãy thử lại. "
            f"(Chi tiết: {exc.__class__.__name__})",
            f"The sale could not be saved — nothing was written. The cart is kept; try again. "
            f"(Detail: {exc.__class__.__name__})",
        ) from exc
    return CommittedSale(
        sale_id, ctx.terminal_code, receipt_no, kind, totals.total, change, now, tuple(payments)
    )


def checkout(
    engine: Engine,
    cart: Cart,
    tenders: Sequence[Tender],
    ctx: SaleContext,
    *,
    approved_by: str | None = None,
    now: dt.datetime | None = None,
    also: AlsoWrite | None = None,
) -> CommittedSale:
    """Commit ``cart`` paid by ``tenders``. The cart is left as it was: the caller clears it on success."""
    if cart.is_empty:
        raise CartError("Giỏ hàng trống", "The cart is empty", code="empty_cart")
    return commit_sale(
        engine, cart.totals(), tenders, ctx, approved_by=approved_by, note=cart.note, now=now, also=also
    )
