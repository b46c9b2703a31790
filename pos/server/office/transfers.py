"""Reconciliation of VietQR transfers, per store and day: the money the bank notified against the VietQR payments
the tills recorded, each side's unmatched rows listed.

A recorded payment is matched when head office confirmed a transfer for its till and reference (a ``bank_requests``
row ``confirmed``) of exactly its amount. Everything else is for a person: a transfer with no sale (a flagged
amount, a customer who paid twice, a sale cancelled after the money came, a message without the reference) and a
payment with no transfer (confirmed by hand, or not yet notified) — the latter is where a fake screenshot hides.
A transfer's day is the bank's day (its time is Vietnam's); a payment's, its sale's business day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, func, select

from pos.server.models import BankRequest, BankTransfer, Payment, Sale, Store, Terminal
from pos.server.office.formats import local
from pos.server.office.queries import in_stores


@dataclass(frozen=True, slots=True)
class TransferRow:
    id: int
    day: dt.date
    store: str  # store code ('' : not known)
    source: str
    txn_id: str
    amount: int
    bank_time: dt.datetime | None
    content: str
    status: str
    reference: str  # of the request it was matched or flagged against


@dataclass(frozen=True, slots=True)
class PaymentRow:
    day: dt.date
    store: str
    till: str
    receipt_no: int
    amount: int
    reference: str
    matched_transfer: int | None


@dataclass
class DayTotals:
    transfers: int = 0
    transfers_sum: int = 0
    payments: int = 0
    payments_sum: int = 0
    matched: int = 0
    matched_sum: int = 0


@dataclass
class Reconciliation:
    days: dict[tuple[str, dt.date], DayTotals] = field(default_factory=dict)
    unmatched_transfers: list[TransferRow] = field(default_factory=list)
    unmatched_payments: list[PaymentRow] = field(default_factory=list)


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _transfers(conn: Connection, ids: Sequence[str] | None, d0: dt.date, d1: dt.date) -> list[TransferRow]:
    t, r = BankTransfer, BankRequest
    start = dt.datetime.combine(d0, dt.time()) - dt.timedelta(days=1)
    end = dt.datetime.combine(d1, dt.time()) + dt.timedelta(days=2)
    rows = conn.execute(
        select(
            t.id,
            Store.code,
            t.source,
            t.txn_id,
            t.amount,
            t.bank_time,
            t.received_at,
            t.content,
            t.status,
            r.reference,
            r.terminal_id,
        )
        .outerjoin(Store, Store.id == t.store_id)
        .outerjoin(r, r.id == t.request_id)
        .where(
            t.direction == "in",
            func.coalesce(t.bank_time, t.received_at) >= start,
            func.coalesce(t.bank_time, t.received_at) < end,
            in_stores(t.store_id, ids),
        )
        .order_by(t.id)
    ).all()
    out = []
    for row in rows:
        when = row.bank_time or local(row.received_at)
        day = when.date() if when is not None else d0
        if d0 <= day <= d1:
            out.append(
                TransferRow(
                    int(row.id),
                    day,
                    str(row.code or ""),
                    str(row.source),
                    str(row.txn_id),
                    int(row.amount),
                    row.bank_time,
                    str(row.content),
                    str(row.status),
                    str(row.reference or ""),
                )
            )
    return out


def _payments(conn: Connection, ids: Sequence[str] | None, d0: dt.date, d1: dt.date) -> list[PaymentRow]:
    p, s, r = Payment, Sale, BankRequest
    rows = conn.execute(
        select(
            s.business_date,
            Store.code,
            Terminal.code.label("till"),
            s.receipt_no,
            p.amount,
            p.reference,
            r.transfer_id,
        )
        .join(s, s.id == p.sale_id)
        .join(Store, Store.id == s.store_id)
        .join(Terminal, Terminal.id == s.terminal_id)
        .outerjoin(
            r,
            and_(
                r.terminal_id == s.terminal_id,
                r.reference == p.reference,
                r.status == "confirmed",
                r.amount == p.amount,
            ),
        )
        .where(
            p.method == "vietqr",
            p.amount > 0,
            s.kind == "sale",
            s.business_date >= d0,
            s.business_date <= d1,
            in_stores(s.store_id, ids),
        )
        .order_by(Store.code, s.business_date, Terminal.code, s.receipt_no)
    ).all()
    return [
        PaymentRow(
            _day(row.business_date),
            str(row.code),
            str(row.till),
            int(row.receipt_no),
            int(row.amount),
            str(row.reference),
            int(row.transfer_id) if row.transfer_id is not None else None,
        )
        for row in rows
    ]


def reconcile(conn: Connection, ids: Sequence[str] | None, d0: dt.date, d1: dt.date) -> Reconciliation:
    """The days ``d0``–``d1`` of the stores ``ids`` (None: every store, and the transfers no store claims)."""
    transfers = _transfers(conn, ids, d0, d1)
    payments = _payments(conn, ids, d0, d1)
    out = Reconciliation()
    days: dict[tuple[str, dt.date], DayTotals] = defaultdict(DayTotals)
    paid_transfers = {p.matched_transfer for p in payments if p.matched_transfer is not None}
    for t in transfers:
        totals = days[(t.store, t.day)]
        totals.transfers += 1
        totals.transfers_sum += t.amount
        if t.status == "matched" and t.id in paid_transfers:
            totals.matched += 1
            totals.matched_sum += t.amount
        else:
            out.unmatched_transfers.append(t)
    for p in payments:
        totals = days[(p.store, p.day)]
        totals.payments += 1
        totals.payments_sum += p.amount
        if p.matched_transfer is None:
            out.unmatched_payments.append(p)
    out.days = dict(sorted(days.items()))
    return out
