"""The durable checkout: one SQLite transaction writes the sale, its lines, VAT rows, payments, stock moves,
the journal entry and the outbox entry — or nothing at all.

Only after ``checkout`` returns may the caller print, open the drawer or sync. The receipt number is taken from a
per-terminal counter inside the same transaction, so a failed checkout never burns a number.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, cast

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from pos.db import write_tx
from pos.einvoice.buyer import Buyer
from pos.einvoice.issue import invoice_rows
from pos.errors import CartError, CheckoutError, PosError
from pos.ids import new_id
from pos.ledger.canonical import (
    EINVOICE_FIELDS,
    LINE_FIELDS,
    PAYMENT_FIELDS,
    SALE_FIELDS,
    VAT_FIELDS,
    canonical,
    chain_hash,
    sql_value,
)
from pos.models.rows import (
    EInvoiceRow,
    EInvoiceStatusRow,
    SaleLineRow,
    SalePaymentRow,
    SaleRow,
    SaleVatRow,
    StockMoveRow,
)
from pos.models.values import GENESIS_HASH
from pos.payments.card_slip import write_card_slips
from pos.payments.tenders import PaymentRow, Tender, settle
from pos.selling.cart import Cart, CartTotals
from pos.selling.promotions import join_note, promotion_note
from pos.sync.documents import SaleDocument, StoredRow
from pos.vat import VatRow

#: Extra writes done inside the checkout transaction: ``(connection, sale row)``.
AlsoWrite = Callable[[Connection, SaleRow], None]
#: Extra writes on the driver's cursor inside the checkout transaction: ``(cursor, sale row)``. Unlike
#: ``AlsoWrite`` they need no SQLAlchemy connection, so the transaction stays on the driver's fast path.
RawWrite = Callable[[sqlite3.Cursor, SaleRow], None]


@dataclass(frozen=True, slots=True)
class SaleContext:
    """Who and where: the terminal, the signed-in cashier, the open shift."""

    terminal_code: str
    cashier_id: str | None = None
    cashier_name: str = ""
    shift_id: str | None = None
    lang: str = "vi"
    #: Details the customer asked to have on the e-invoice (``pos.einvoice.buyer.checked_buyer``), if any.
    buyer: Buyer | None = None
    #: The store's code (printed on the e-invoice as the seller's shop code).
    store_code: str = ""


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
    #: The VAT in the total per rate, as written to ``sale_vat`` (the screen shows it after the sale).
    vat: tuple[VatRow, ...] = ()
    #: The customer's language the sale was made in (its receipt's and the display's thanks).
    lang: str = "vi"

    @property
    def receipt_label(self) -> str:
        return receipt_label(self.terminal_code, self.receipt_no)


def receipt_label(terminal_code: str, receipt_no: int) -> str:
    """How a receipt number is shown and printed: ``T01-000123``."""
    return f"{terminal_code}-{receipt_no:06d}"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


_BUMP_COUNTER = "UPDATE receipt_counters SET last_no = last_no + 1 WHERE terminal_code = ? RETURNING last_no"
_NEW_COUNTER = "INSERT INTO receipt_counters (terminal_code, last_no) VALUES (?, 1)"
_JOURNAL_HEAD = "SELECT hash FROM journal ORDER BY seq DESC LIMIT 1"


def _driver(conn: Connection) -> sqlite3.Connection:
    """The sqlite3 connection under ``conn``: the checkout's statements go straight to it, inside the
    transaction ``conn`` began (SQLAlchemy's per-statement overhead was a third of a checkout's CPU time)."""
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def _next_receipt_no(cur: sqlite3.Cursor, terminal_code: str) -> int:
    row = cur.execute(_BUMP_COUNTER, (terminal_code,)).fetchone()
    if row is not None:
        return int(row[0])
    cur.execute(_NEW_COUNTER, (terminal_code,))
    return 1


def next_receipt_no(conn: Connection, terminal_code: str) -> int:
    """Bump and return the terminal's receipt counter (inside the caller's transaction)."""
    return _next_receipt_no(_driver(conn).cursor(), terminal_code)


def peek_next_receipt_no(engine: Engine, terminal_code: str) -> int:
    """The number the next sale will get (for a VietQR reference shown before the sale commits)."""
    pooled = engine.raw_connection()
    try:
        cur = pooled.cursor()
        cur.execute("SELECT last_no FROM receipt_counters WHERE terminal_code = ?", (terminal_code,))
        row = cur.fetchone()
    finally:
        pooled.close()
    return 1 if row is None else int(row[0]) + 1


class SaleRows(NamedTuple):
    """Every row a checkout inserts: the sale, its lines, VAT rows, payments and stock moves."""

    sale: SaleRow
    lines: list[SaleLineRow]
    vat: list[SaleVatRow]
    payments: list[SalePaymentRow]
    moves: list[StockMoveRow]


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
) -> SaleRows:
    """The rows a checkout inserts (pure; shared with returns). Plain dicts typed as ``pos.models.rows``: the
    driver's ``executemany`` takes them as they are, their keys in column order."""
    business_date = now.replace(tzinfo=dt.UTC).astimezone().date()
    sale: SaleRow = {
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
    lines: list[SaleLineRow] = []
    moves: list[StockMoveRow] = []
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
    vat: list[SaleVatRow] = [
        {"sale_id": sale_id, "rate_pct": r.rate_pct, "gross": r.gross, "vat": r.vat} for r in totals.vat
    ]
    pays: list[SalePaymentRow] = [
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
    return SaleRows(sale, lines, vat, pays, moves)


#: Types SQLite stores as they are; only the others (dates, times, booleans) go through ``sql_value``.
_AS_IS = frozenset({str, int, type(None)})


def _sql_rows(rows: Sequence[Mapping[str, object]]) -> list[StoredRow]:
    """``rows`` with every value as SQLite stores it (``sql_value`` turns the others into text or a number)."""
    return cast(
        list[StoredRow], [{k: v if type(v) in _AS_IS else sql_value(v) for k, v in r.items()} for r in rows]
    )


def _payload(
    sale: StoredRow,
    lines: list[StoredRow],
    vat: list[StoredRow],
    pays: list[StoredRow],
    einvoice: StoredRow | None = None,
    via: str = "till",
) -> tuple[bytes, str]:
    """``sale_payload`` of rows whose values are already as stored (``sql_value``); ``via``: who sends the
    invoice to the tax authority (travels with it, not hashed: ``pos.sync.wire.EInvoiceDoc``)."""
    body = canonical(
        tuple(sale[f] for f in SALE_FIELDS),
        [tuple(r[f] for f in LINE_FIELDS) for r in lines],
        [tuple(r[f] for f in VAT_FIELDS) for r in vat],
        [tuple(r[f] for f in PAYMENT_FIELDS) for r in pays],
        None if einvoice is None else tuple(einvoice[f] for f in EINVOICE_FIELDS),
    )
    doc: SaleDocument = {
        "type": "sale",
        "sale": sale,
        "lines": [{k: v for k, v in r.items() if k != "sale_id"} for r in lines],
        "vat": [{k: v for k, v in r.items() if k != "sale_id"} for r in vat],
        "payments": [{k: v for k, v in r.items() if k != "sale_id"} for r in pays],
    }
    if einvoice is not None:  # head office keeps it and, for a relaying store, sends it on
        doc["einvoice"] = {**{f: einvoice[f] for f in EINVOICE_FIELDS}, "via": via}
    return body, _DOC_JSON(doc)


#: The outbox document's JSON (one encoder for every sale: ``json.dumps`` builds a new one per call).
_DOC_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def sale_payload(
    sale: SaleRow, lines: Sequence[SaleLineRow], vat: Sequence[SaleVatRow], pays: Sequence[SalePaymentRow]
) -> tuple[bytes, str]:
    """(canonical bytes for the journal, JSON ``SaleDocument`` for the outbox)."""
    return _payload(_sql_rows([sale])[0], _sql_rows(lines), _sql_rows(vat), _sql_rows(pays))


def write_sale(conn: Connection, rows: SaleRows) -> None:
    """Insert every row of a sale, its journal entry and its outbox entry on ``conn`` (caller's transaction)."""
    _write_sale(_driver(conn).cursor(), rows)


def _write_sale(
    cur: sqlite3.Cursor, rows: SaleRows, einvoice: tuple[EInvoiceRow, EInvoiceStatusRow] | None = None
) -> None:
    # Every value converted once to what SQLite stores: the journal hashes these very values, the outbox
    # document carries them, and they are what is inserted.
    sale = rows.sale
    sale_sql = _sql_rows([sale])[0]
    lines_sql, vat_sql, pays_sql = _sql_rows(rows.lines), _sql_rows(rows.vat), _sql_rows(rows.payments)
    invoice_sql = None if einvoice is None else _sql_rows([einvoice[0]])[0]
    via = "till" if einvoice is None else str(einvoice[1]["via"])
    body, doc = _payload(sale_sql, lines_sql, vat_sql, pays_sql, invoice_sql, via)
    prev = cur.execute(_JOURNAL_HEAD).fetchone()
    prev_hash = str(prev[0]) if prev is not None else GENESIS_HASH
    created_at = sale_sql["created_at"]
    journal: StoredRow = {
        "sale_id": sale["id"],
        "terminal_code": sale["terminal_code"],
        "receipt_no": sale["receipt_no"],
        "prev_hash": prev_hash,
        "hash": chain_hash(prev_hash, body),
        "created_at": created_at,
    }
    outbox: StoredRow = {
        "entity": "sale",
        "entity_id": sale["id"],
        "payload": doc,
        "created_at": created_at,
        "attempts": 0,
        "last_error": "",
    }
    for table, table_rows in (
        ("sales", [sale_sql]),
        ("sale_lines", lines_sql),
        ("sale_vat", vat_sql),
        ("payments", pays_sql),
        ("stock_moves", _sql_rows(rows.moves)),
        ("einvoices", [] if invoice_sql is None else [invoice_sql]),
        ("einvoice_status", [] if einvoice is None else _sql_rows([einvoice[1]])),
        ("journal", [journal]),
        ("outbox", [outbox]),
    ):
        if table_rows:
            columns = tuple(table_rows[0])
            cur.executemany(_insert_sql(table, columns), [tuple(r.values()) for r in table_rows])


@functools.cache
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


@contextlib.contextmanager
def _transaction(engine: Engine, *, sqlalchemy: bool) -> Iterator[tuple[sqlite3.Cursor, Connection | None]]:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` on a pooled connection (the till's pragmas: WAL, synchronous=FULL).

    Straight on the driver unless the caller needs a SQLAlchemy ``Connection`` for ``also`` writes: SQLAlchemy's
    connection, begin and commit bookkeeping costs about as much CPU as the checkout's own SQL.
    """
    if sqlalchemy:
        with write_tx(engine) as conn:
            yield _driver(conn).cursor(), conn
        return
    pooled = engine.raw_connection()
    try:
        raw = pooled.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.execute("BEGIN IMMEDIATE")
        try:
            yield raw.cursor(), None
            raw.execute("COMMIT")
        except BaseException as exc:
            if raw.in_transaction:
                try:
                    raw.execute("ROLLBACK")
                except sqlite3.Error:  # the connection is in an unknown state: never hand it out again
                    pooled.invalidate()
            if _sqlite_error_name(exc).startswith("SQLITE_READONLY"):
                # Opened while the file was read-only, it stays so: drop it, so the retry works once it's writable.
                pooled.invalidate()
            raise
    finally:
        pooled.close()


def _sqlite_error_name(exc: BaseException) -> str:
    inner = getattr(exc, "orig", None) or exc
    return str(getattr(inner, "sqlite_errorname", ""))


def _not_saved(exc: BaseException) -> CheckoutError:
    """A checkout that could not be written, with the cause a cashier can act on."""
    name = _sqlite_error_name(exc)
    if name.startswith("SQLITE_FULL") or getattr(exc, "errno", None) == errno.ENOSPC:
        vi, en = (
            "ổ đĩa đã đầy — hãy báo quản lý giải phóng dung lượng",
            "the disk is full — ask a manager to free space",
        )
    elif name.startswith("SQLITE_READONLY"):
        vi, en = "cơ sở dữ liệu đang ở chế độ chỉ đọc", "the database is read-only"
    elif name.startswith("SQLITE_BUSY"):
        vi, en = "cơ sở dữ liệu đang bận", "the database is busy"
    else:
        vi = en = exc.__class__.__name__
    return CheckoutError(
        f"Không lưu được giao dịch — chưa có gì được ghi ({vi}). Giỏ hàng vẫn còn; hãy thử lại.",
        f"The sale could not be saved — nothing was written ({en}). The cart is kept; try again.",
    )


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
    sale_id: str | None = None,
    also_raw: RawWrite | None = None,
) -> CommittedSale:
    """Settle ``tenders`` against ``totals`` and write everything in one durable transaction.

    ``also(conn, sale_row)`` writes rows that belong with the sale (audit entries of an approved discount or
    refund) inside the same transaction, so they exist exactly when the sale does; ``also_raw(cursor,
    sale_row)`` likewise, on the driver's cursor (after ``also``). ``sale_id``: an id chosen beforehand (a return
    whose refund head office accepted under that id); a new one otherwise.
    """
    payments, change = settle(totals.total, tenders)
    now = now or _utcnow()
    sale_id = sale_id or new_id()
    try:
        with _transaction(engine, sqlalchemy=also is not None) as (cur, conn):
            receipt_no = _next_receipt_no(cur, ctx.terminal_code)
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
            invoice = invoice_rows(
                cur, rows.sale, rows.lines, rows.vat, rows.payments, ctx.buyer, store_code=ctx.store_code
            )
            _write_sale(cur, rows, einvoice=invoice)
            slips = [(t.reference, t.slip) for t in tenders if t.slip is not None]
            if slips:  # a card's brand and last digits from the slip, beside its payment
                write_card_slips(cur, sale_id, slips)
            if also is not None:
                assert conn is not None
                also(conn, rows.sale)
            if also_raw is not None:
                also_raw(cur, rows.sale)
    except PosError:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise _not_saved(exc) from exc
    return CommittedSale(
        sale_id,
        ctx.terminal_code,
        receipt_no,
        kind,
        totals.total,
        change,
        now,
        tuple(payments),
        totals.vat,
        ctx.lang,
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
    also_raw: RawWrite | None = None,
    totals: CartTotals | None = None,
) -> CommittedSale:
    """Commit ``cart`` paid by ``tenders``. The cart is left as it was: the caller clears it on success.
    ``totals``: ``cart.totals()`` if the caller has just computed it (not computed again)."""
    if cart.is_empty:
        raise CartError("Giỏ hàng trống", "The cart is empty", code="empty_cart")
    totals = cart.totals() if totals is None else totals
    return commit_sale(
        engine,
        totals,
        tenders,
        ctx,
        approved_by=approved_by,
        note=sale_note(cart.note, totals, ctx.lang),
        now=now,
        also=also,
        also_raw=also_raw,
    )


def sale_note(note: str, totals: CartTotals, lang: str) -> str:
    """The sale's note: the cart's own, then the head-office promotions its lines got and which lines.

    The promotion's discount itself is each line's ``line_discount``; the note says which promotion gave it
    (no column for it: the note travels to head office with the sale and prints on the receipt).
    """
    applied = [
        (no, p.line.applied_promotion)
        for no, p in enumerate(totals.lines, start=1)
        if p.line.applied_promotion is not None
    ]
    return join_note(note, promotion_note(applied, lang)) if applied else note
