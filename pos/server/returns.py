"""Returns across the tills of a store: head office shows a sale to any till of its store and decides each refund.

A till returning a receipt of another till first reads the sale here (``returnable``: its lines with what every
till has returned of them), then claims the lines it is about to refund (``claim``) under the id its return sale
will carry. Head office locks the original sale's row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's writers are
serialised by ``BEGIN IMMEDIATE``), adds up what is already returned — earlier claims, plus returns that reached it
without one (a till's own returns, made offline) — and accepts the claim only if no line goes past what was sold
and paid. Two tills claiming the same line at once are therefore decided one after the other: the first wins, the
second is refused (409 ``over_return``) and refunds nothing. A claim sent again (a lost answer) is the same claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from pos.server.db import is_postgres
from pos.server.errors import ApiError
from pos.server.models import Payment, ReturnClaim, ReturnClaimLine, Sale, SaleLine, utcnow
from pos.server.provisioning import TerminalIdentity
from pos.sync.wire import (
    RefundableDoc,
    ReturnableLineDoc,
    ReturnableSaleDoc,
    ReturnClaimAnswer,
    ReturnClaimDoc,
)

#: Payment methods a refund goes back to (as the till's ``pos.selling.returns`` reads them).
REFUNDABLE = ("cash", "vietqr", "card", "fx_cash")


def _no_sale(terminal: str, receipt_no: int) -> ApiError:
    return ApiError(
        404,
        "no_sale",
        f"Văn phòng không có hoá đơn bán {terminal}-{receipt_no:06d} của cửa hàng này (máy đó chưa gửi?)",
        f"Head office holds no sale receipt {terminal}-{receipt_no:06d} of this store (not sent by that till yet?)",
    )


def _returned(conn: Connection, sale_id: str) -> dict[str, tuple[int, int]]:
    """Per original line: (quantity returned, amount refunded) by claims and by returns stored without one."""
    out: dict[str, tuple[int, int]] = {}
    claimed = (
        select(ReturnClaimLine.original_line_id, ReturnClaimLine.qty_milli, ReturnClaimLine.amount)
        .join(ReturnClaim, ReturnClaim.id == ReturnClaimLine.claim_id)
        .where(ReturnClaim.original_sale_id == sale_id)
    )
    unclaimed = (
        select(SaleLine.original_line_id, -SaleLine.qty_milli, -SaleLine.amount)
        .join(Sale, Sale.id == SaleLine.sale_id)
        .where(
            Sale.original_sale_id == sale_id,
            Sale.kind == "return",
            SaleLine.original_line_id.is_not(None),
            ~select(ReturnClaim.id).where(ReturnClaim.id == Sale.id).exists(),
        )
    )
    for rows in (conn.execute(claimed), conn.execute(unclaimed)):
        for line_id, qty, amount in rows:
            q, a = out.get(str(line_id), (0, 0))
            out[str(line_id)] = (q + int(qty), a + int(amount))
    return out


def _refunded_by_method(conn: Connection, sale_id: str) -> dict[str, int]:
    """Refunds already made against the sale, per method (returns stored, claims not yet stored: in cash)."""
    rows = conn.execute(
        select(Payment.method, func.sum(Payment.amount))
        .join(Sale, Sale.id == Payment.sale_id)
        .where(Sale.original_sale_id == sale_id, Sale.kind == "return")
        .group_by(Payment.method)
    )
    return {str(m): -int(a) for m, a in rows}


def _sale_row(
    conn: Connection, who: TerminalIdentity, *, sale_id: str, lock: bool = False
) -> Row[Any] | None:
    stmt = select(Sale.__table__).where(
        Sale.id == sale_id, Sale.store_id == who.store_id, Sale.kind == "sale"
    )
    if lock and is_postgres(conn):
        stmt = stmt.with_for_update()
    return conn.execute(stmt).first()


def returnable(
    conn: Connection, who: TerminalIdentity, terminal_code: str, receipt_no: int
) -> ReturnableSaleDoc:
    """The sale behind a receipt of the caller's store, with what is left to return (404 ``no_sale``)."""
    sale_id = conn.execute(
        select(Sale.id).where(
            Sale.store_id == who.store_id,
            Sale.terminal_code == terminal_code,
            Sale.receipt_no == receipt_no,
            Sale.kind == "sale",
        )
    ).scalar()
    if sale_id is None:
        raise _no_sale(terminal_code, receipt_no)
    sale = conn.execute(select(Sale.__table__).where(Sale.id == sale_id)).one()
    done = _returned(conn, sale.id)
    lines = [
        ReturnableLineDoc(
            line_id=ln.id,
            line_no=ln.line_no,
            product_id=ln.product_id,
            sku=ln.sku,
            name_vi=ln.name_vi,
            name_en=ln.name_en,
            unit=ln.unit,
            qty_milli=ln.qty_milli,
            amount=ln.amount,
            unit_price=ln.unit_price,
            vat_rate=ln.vat_rate,
            ocop_stars=ln.ocop_stars,
            returned_milli=done.get(ln.id, (0, 0))[0],
            refunded=done.get(ln.id, (0, 0))[1],
        )
        for ln in conn.execute(
            select(SaleLine.__table__).where(SaleLine.sale_id == sale.id).order_by(SaleLine.line_no)
        ).all()
    ]
    refunded = _refunded_by_method(conn, sale.id)
    paid = conn.execute(
        select(Payment.method, func.sum(Payment.amount), func.min(Payment.reference), func.min(Payment.seq))
        .where(Payment.sale_id == sale.id, Payment.method.in_(REFUNDABLE))
        .group_by(Payment.method)
        .order_by(func.min(Payment.seq))
    ).all()
    payments = [
        RefundableDoc(method=str(m), amount=int(a) - refunded.get(str(m), 0), reference=str(r or "")[:120])
        for m, a, r, _seq in paid
    ]
    return ReturnableSaleDoc(
        sale_id=sale.id,
        terminal_code=sale.terminal_code,
        receipt_no=sale.receipt_no,
        created_at=sale.created_at,
        total=sale.total,
        lines=lines,
        payments=payments,
    )


def _over(names: Iterable[str]) -> ApiError:
    listed = ", ".join(names)
    return ApiError(
        409,
        "over_return",
        f"Không trả được: {listed} đã được trả (có thể ở quầy khác) — không hoàn tiền. Hãy đọc lại hoá đơn.",
        f"Refused: {listed} already returned (perhaps at another till) — nothing refunded. Look the receipt up again.",
    )


def claim(conn: Connection, who: TerminalIdentity, body: ReturnClaimDoc) -> ReturnClaimAnswer:
    """Accept the refund of ``body``'s lines, or refuse it (409 ``over_return``), deciding one claim at a time."""
    held = conn.execute(select(ReturnClaim.__table__).where(ReturnClaim.id == body.return_id)).first()
    if held is not None:
        if held.original_sale_id != body.original_sale_id or held.terminal_id != who.terminal_id:
            raise ApiError(409, "claim_taken", "Mã phiếu trả đã được dùng", "That return id is already used")
        return ReturnClaimAnswer(return_id=body.return_id, accepted=True)
    sale = _sale_row(conn, who, sale_id=body.original_sale_id, lock=True)  # claims of one sale: one at a time
    if sale is None:
        raise ApiError(
            404,
            "no_sale",
            "Văn phòng không có hoá đơn bán này",
            "Head office holds no such sale of this store",
        )
    lines = {
        ln.id: ln for ln in conn.execute(select(SaleLine.__table__).where(SaleLine.sale_id == sale.id)).all()
    }
    done = _returned(conn, sale.id)
    over: list[str] = []
    for c in body.lines:
        ln = lines.get(c.original_line_id)
        if ln is None:
            raise ApiError(
                422, "bad_line", "Dòng hàng không thuộc hoá đơn này", "That line is not on this receipt"
            )
        qty, amount = done.get(ln.id, (0, 0))
        if qty + c.qty_milli > ln.qty_milli or amount + c.amount > ln.amount:
            over.append(ln.name_vi)
    if over:
        raise _over(over)
    conn.execute(
        insert(ReturnClaim).values(
            id=body.return_id,
            store_id=who.store_id,
            terminal_id=who.terminal_id,
            original_sale_id=sale.id,
            created_at=utcnow(),
        )
    )
    conn.execute(
        insert(ReturnClaimLine),
        [
            {
                "claim_id": body.return_id,
                "original_line_id": c.original_line_id,
                "qty_milli": c.qty_milli,
                "amount": c.amount,
            }
            for c in body.lines
        ],
    )
    return ReturnClaimAnswer(return_id=body.return_id, accepted=True)
