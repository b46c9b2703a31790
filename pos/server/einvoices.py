"""E-invoices at head office, for the tills and for head office's people.

* ``exchange`` — once a sync round a till tells the states of the invoices it sends itself that changed, and asks
  those of the invoices head office relays for it; only its own invoices, either way. Idempotent: an answer lost
  on the way is asked for again and changes nothing.
* ``invoice_rows`` — the list head office reads: pending, sent, accepted, rejected and why, per store and month.
* ``retry`` — offer a rejected relayed invoice again once head office put its cause right (the store's account).
* ``tax_report`` — the month's or quarter's VAT by rate and invoice list, from the same queries as the till's
  (``pos.einvoice.report``), over the stores asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select, update

from pos.einvoice.report import Period, invoice_list, vat_by_rate
from pos.reports.table import Table
from pos.server.db import read_tx, write_tx
from pos.server.models import EInvoice, EInvoiceStatus, Sale, Store, utcnow
from pos.server.provisioning import TerminalIdentity
from pos.sync.wire import EInvoiceExchange, EInvoiceExchangeResult, EInvoiceStatusDoc

_REPORTED = ("state", "attempts", "provider_ref", "last_error", "sent_at", "accepted_at")


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def exchange(engine: Engine, who: TerminalIdentity, body: EInvoiceExchange) -> EInvoiceExchangeResult:
    """Record the till's own invoices' states; answer the states of its relayed ones it asked about."""
    now = utcnow()
    recorded: list[str] = []
    if body.report:
        ids = sorted({d.sale_id for d in body.report})
        with write_tx(engine) as conn:
            mine = set(
                conn.execute(
                    select(EInvoice.sale_id).where(
                        EInvoice.sale_id.in_(ids),
                        EInvoice.terminal_id == who.terminal_id,
                        EInvoice.via == "till",
                    )
                ).scalars()
            )
            for doc in sorted(body.report, key=lambda d: d.sale_id):
                if doc.sale_id not in mine:  # not (yet) here: the till tells it again after its sale arrived
                    continue
                values = {f: getattr(doc, f) for f in _REPORTED}
                values["sent_at"], values["accepted_at"] = _utc(doc.sent_at), _utc(doc.accepted_at)
                conn.execute(
                    update(EInvoiceStatus)
                    .where(EInvoiceStatus.sale_id == doc.sale_id)
                    .values(**values, updated_at=now)
                )
                recorded.append(doc.sale_id)
    statuses: list[EInvoiceStatusDoc] = []
    if body.ask:
        with read_tx(engine) as conn:
            rows = conn.execute(
                select(EInvoiceStatus.sale_id, *(getattr(EInvoiceStatus, f) for f in _REPORTED))
                .join(EInvoice, EInvoice.sale_id == EInvoiceStatus.sale_id)
                .where(
                    EInvoiceStatus.sale_id.in_(sorted(set(body.ask))),
                    EInvoice.terminal_id == who.terminal_id,
                    EInvoice.via == "relay",
                )
                .order_by(EInvoiceStatus.sale_id)
            ).all()
        statuses = [EInvoiceStatusDoc(sale_id=r[0], **dict(zip(_REPORTED, r[1:], strict=True))) for r in rows]
    return EInvoiceExchangeResult(recorded=recorded, statuses=statuses)


# --- what head office reads --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvoiceRow:
    sale_id: str
    store_code: str
    receipt: str
    code: str
    kind: str
    related_code: str
    issued_at: dt.datetime
    total: int
    vat_total: int
    buyer_name: str
    buyer_tax_code: str
    via: str
    state: str
    attempts: int
    last_error: str
    updated_at: dt.datetime


def invoice_rows(
    engine: Engine,
    *,
    store_ids: Sequence[str] | None = None,
    states: Sequence[str] = (),
    days: tuple[dt.date, dt.date] | None = None,
    limit: int = 500,
) -> list[InvoiceRow]:
    """Invoices newest first, of ``store_ids`` (None: every store), in ``states`` (empty: any), of the sales'
    business days ``days``."""
    e, st = EInvoice, EInvoiceStatus
    q = (
        select(
            e.sale_id,
            Store.code,
            Sale.terminal_code,
            Sale.receipt_no,
            e.code,
            e.kind,
            e.related_code,
            e.issued_at,
            e.total,
            e.vat_total,
            e.buyer_name,
            e.buyer_tax_code,
            st.corrected_buyer_name,
            st.corrected_buyer_tax_code,
            st.corrected_xml != "",
            e.via,
            st.state,
            st.attempts,
            st.last_error,
            st.updated_at,
        )
        .join(st, st.sale_id == e.sale_id)
        .join(Sale, Sale.id == e.sale_id)
        .join(Store, Store.id == e.store_id)
        .order_by(e.issued_at.desc(), e.code.desc())
        .limit(limit)
    )
    if store_ids is not None:
        q = q.where(e.store_id.in_(list(store_ids)))
    if states:
        q = q.where(st.state.in_(list(states)))
    if days is not None:
        q = q.where(Sale.business_date.between(days[0], days[1]))
    with read_tx(engine) as conn:
        rows = conn.execute(q).all()
    return [
        InvoiceRow(
            sale_id=str(r[0]),
            store_code=str(r[1]),
            receipt=f"{r[2]}-{int(r[3]):06d}",
            code=str(r[4]),
            kind=str(r[5]),
            related_code=str(r[6]),
            issued_at=r[7],
            total=int(r[8]),
            vat_total=int(r[9]),
            buyer_name=str(r[12] if r[14] else r[10]),
            buyer_tax_code=str(r[13] if r[14] else r[11]),
            via=str(r[15]),
            state=str(r[16]),
            attempts=int(r[17]),
            last_error=str(r[18]),
            updated_at=r[19],
        )
        for r in rows
    ]


def retry(engine: Engine, sale_id: str) -> bool:
    """Offer a rejected invoice head office relays again (its cause — the store's account — put right)."""
    with write_tx(engine) as conn:
        n = conn.execute(
            update(EInvoiceStatus)
            .where(
                EInvoiceStatus.sale_id == sale_id,
                EInvoiceStatus.state == "rejected",
                EInvoiceStatus.via == "relay",
            )
            .values(state="pending", next_try_at=None, provider_ref="", last_error="", updated_at=utcnow())
        ).rowcount
    return bool(n)


def store_ids_for(engine: Engine, codes: Sequence[str]) -> list[str]:
    """The ids of the stores ``codes``; an unknown code is an error naming it."""
    from pos.server.errors import not_found

    with read_tx(engine) as conn:
        found = dict(conn.execute(select(Store.code, Store.id).where(Store.code.in_(list(codes)))).all())
    for code in codes:
        if code not in found:
            raise not_found(f"cửa hàng {code}", f"Store {code}")
    return [str(found[c]) for c in codes]


def tax_report(engine: Engine, period: Period, store_ids: Sequence[str] | None = None) -> tuple[Table, Table]:
    """VAT by rate (every sale) and the e-invoice list for ``period``, over ``store_ids`` (None: all stores)."""
    return (
        vat_by_rate(engine, period, store_ids=store_ids),
        invoice_list(engine, period, store_ids=store_ids),
    )
