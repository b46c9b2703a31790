"""Storing bank notifications and joining them to the VietQR transfers tills wait for, whichever comes first.

A notification is stored once per ``(source, txn_id)`` (a replay changes nothing) and always, matched or not: the
accountant reconciles every transfer. It confirms a till's request when its message holds the request's reference
(``base.holds_reference``: punctuation and case aside) and its amount is exactly the request's; any other amount is
flagged (``short``/``over``), a second transfer for a confirmed request is ``duplicate`` — never accepted silently.
When both sides carry the shop's account number they must agree: the same till code (``T01``) exists in many
stores, each with its own account.

A till asks (``ask``) with its reference and amount: the request is stored (one row per terminal and reference)
and matched against notifications already received, so a transfer that arrived before the till asked still
confirms it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table, bindparam, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite

from pos.server.bank.base import Notice, holds_reference, match_key
from pos.server.db import is_postgres
from pos.server.models import BankRequest, BankTransfer, utcnow
from pos.server.provisioning import TerminalIdentity
from pos.sync.transfer_wire import TransferAnswer, TransferQuestion

_TRANSFERS: Table = BankTransfer.__table__  # type: ignore[assignment]
#: How far back a request and a notification may be apart and still match (a QR left on screen over lunch).
WINDOW = dt.timedelta(days=2)


@dataclass(frozen=True, slots=True)
class Recorded:
    """What became of one notification: its row id and status; ``new`` is False for a replay."""

    transfer_id: int
    status: str
    new: bool


def record(conn: Connection, notice: Notice, now: dt.datetime | None = None) -> Recorded:
    """Store ``notice`` once and match it to a waiting request (in the caller's write transaction)."""
    now = now or utcnow()
    values: dict[str, Any] = {
        "source": notice.source,
        "txn_id": notice.txn_id,
        "direction": notice.direction,
        "amount": notice.amount,
        "account_number": notice.account_number,
        "content": notice.content,
        "content_key": match_key(notice.content),
        "bank_reference": notice.bank_reference,
        "bank_time": notice.bank_time,
        "received_at": now,
        "raw": notice.raw,
        "status": "unmatched" if notice.direction == "in" else "outgoing",
        "store_id": _store_of_account(conn, notice.account_number),
    }
    dialect = postgresql if is_postgres(conn) else sqlite
    stmt = (
        dialect.insert(_TRANSFERS)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["source", "txn_id"])
        .returning(_TRANSFERS.c.id)
    )
    new_id = conn.execute(stmt).scalar()
    if new_id is None:  # a replay: the first delivery's row stands
        t = BankTransfer
        row = conn.execute(
            select(t.id, t.status).where(t.source == notice.source, t.txn_id == notice.txn_id)
        ).one()
        return Recorded(int(row[0]), str(row[1]), False)
    status = str(values["status"])
    if notice.direction == "in":
        request = _request_for(conn, values["content_key"], notice.account_number, now)
        if request is not None:
            status = _join(conn, int(new_id), notice.amount, request)
    return Recorded(int(new_id), status, True)


def _store_of_account(conn: Connection, account: str) -> str | None:
    """The store whose tills show QR codes for this account (the newest request says)."""
    if not account:
        return None
    r = BankRequest
    found = conn.execute(
        select(r.store_id).where(r.account_number == account).order_by(r.id.desc()).limit(1)
    ).scalar()
    return str(found) if found else None


def _request_for(conn: Connection, content_key: str, account: str, now: dt.datetime) -> Any | None:
    """The one request this message names; None if none — or if several could be meant (left for a person)."""
    r = BankRequest
    rows = conn.execute(
        select(r.id, r.reference_key, r.account_number, r.status, r.amount, r.store_id)
        .where(
            literal(content_key).like("%" + r.reference_key + "%"),
            r.created_at >= now - WINDOW,
        )
        .order_by(r.id)
    ).all()
    rows = [
        row
        for row in rows
        if holds_reference(content_key, row.reference_key)
        and (not account or not row.account_number or account == row.account_number)
    ]
    open_ = [row for row in rows if row.status != "confirmed"]
    pick = open_ if open_ else rows[-1:]
    if len(pick) != 1:
        return None
    locked = conn.execute(
        select(r.id, r.status, r.amount, r.store_id).where(r.id == pick[0].id).with_for_update()
    ).one()
    return locked


def _join(conn: Connection, transfer_id: int, amount: int, request: Any) -> str:
    """Tie a transfer to a request: confirmed when the amount is exact and the request still open."""
    if request.status == "confirmed":
        status = "duplicate"
    elif amount == request.amount:
        status = "matched"
    else:
        status = "short" if amount < request.amount else "over"
    conn.execute(
        update(BankTransfer)
        .where(BankTransfer.id == transfer_id)
        .values(status=status, request_id=request.id, store_id=request.store_id)
    )
    if status == "matched":
        conn.execute(
            update(BankRequest)
            .where(BankRequest.id == request.id)
            .values(status="confirmed", transfer_id=transfer_id)
        )
    elif status in ("short", "over"):
        conn.execute(update(BankRequest).where(BankRequest.id == request.id).values(status="flagged"))
    return status


def ask(
    conn: Connection, who: TerminalIdentity, q: TransferQuestion, now: dt.datetime | None = None
) -> TransferAnswer:
    """Store (or refresh) what the till waits for and answer what the notifications say (a write transaction)."""
    now = now or utcnow()
    r = BankRequest
    key = match_key(q.reference)
    row = conn.execute(
        select(r.id, r.status, r.amount, r.store_id, r.transfer_id)
        .where(r.terminal_id == who.terminal_id, r.reference == q.reference)
        .with_for_update()
    ).first()
    if row is None:
        dialect = postgresql if is_postgres(conn) else sqlite
        conn.execute(
            dialect.insert(BankRequest.__table__)
            .values(
                terminal_id=who.terminal_id,
                store_id=who.store_id,
                reference=q.reference,
                reference_key=key,
                amount=q.amount,
                account_number=q.account_number,
                created_at=now,
                status="waiting",
            )
            .on_conflict_do_nothing(index_elements=["terminal_id", "reference"])
        )
        row = conn.execute(
            select(r.id, r.status, r.amount, r.store_id, r.transfer_id)
            .where(r.terminal_id == who.terminal_id, r.reference == q.reference)
            .with_for_update()
        ).one()
    elif row.status != "confirmed" and (row.amount != q.amount):
        # the cashier changed the amount on the same receipt number: judge every transfer again against it
        conn.execute(
            update(BankRequest)
            .where(BankRequest.id == row.id)
            .values(amount=q.amount, status="waiting", created_at=now, account_number=q.account_number)
        )
        conn.execute(
            update(BankTransfer)
            .where(BankTransfer.request_id == row.id, BankTransfer.status.in_(("short", "over")))
            .values(status="unmatched", request_id=None)
        )
    if row.status == "confirmed":
        return _answer(conn, "confirmed", int(row.transfer_id))
    t = BankTransfer
    candidates = conn.execute(
        select(t.id, t.amount, t.content_key, t.account_number, t.status)
        .where(
            t.direction == "in",
            t.status.in_(("unmatched", "short", "over")),
            (t.request_id.is_(None)) | (t.request_id == row.id),
            t.content_key.like("%" + bindparam("key", key) + "%"),
            t.received_at >= now - WINDOW,
        )
        .order_by(t.id)
    ).all()
    current = {"id": row.id, "status": "waiting", "amount": q.amount, "store_id": row.store_id}
    flagged: list[int] = []
    for c in candidates:
        if not holds_reference(c.content_key, key):
            continue
        if c.account_number and q.account_number and c.account_number != q.account_number:
            continue
        req = _Req(**current)
        status = _join(conn, int(c.id), int(c.amount), req)
        if status == "matched":
            return _answer(conn, "confirmed", int(c.id))
        if status in ("short", "over"):
            current["status"] = "flagged"
            flagged.append(int(c.id))
    if flagged:
        return _answer(conn, "flagged", flagged[-1])
    return TransferAnswer(state="waiting")


@dataclass(frozen=True, slots=True)
class _Req:
    id: int
    status: str
    amount: int
    store_id: str


def _answer(conn: Connection, state: str, transfer_id: int) -> TransferAnswer:
    t = BankTransfer
    row = conn.execute(select(t.amount, t.bank_time, t.source, t.txn_id).where(t.id == transfer_id)).one()
    return TransferAnswer(
        state=state,  # type: ignore[arg-type]
        amount=int(row.amount),
        bank_time=row.bank_time,
        source=str(row.source),
        transaction_id=str(row.txn_id)[:80],
    )
