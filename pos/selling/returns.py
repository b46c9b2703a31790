"""Returns: a new sale of kind ``return`` that points at the original; the original is never edited.

A line can be returned up to the quantity sold minus what earlier returns took back. The refund of a line is
its paid amount pro rata to the quantity (rounded half up), except that returning the last remaining units
refunds exactly what is left, so a line fully returned over several visits refunds exactly what was paid.
Refunds go back to the original payment methods, in the order they were paid, never more than each took.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.barcodes import ReceiptCode
from pos.catalogue.lookup import ProductInfo
from pos.errors import ReturnError
from pos.money import div_round_half_up
from pos.payments.tenders import Tender
from pos.selling.cart import CartLine, CartTotals, PricedLine
from pos.selling.checkout import AlsoWrite, CommittedSale, SaleContext, commit_sale
from pos.vat import breakdown


@dataclass(frozen=True, slots=True)
class ReturnableLine:
    line_id: str
    line_no: int
    product_id: str | None
    sku: str
    name_vi: str
    name_en: str
    unit: str
    qty_sold_milli: int
    qty_returned_milli: int
    amount: int
    refunded: int
    unit_price: int
    vat_rate: int
    ocop_stars: int | None

    @property
    def qty_left_milli(self) -> int:
        return self.qty_sold_milli - self.qty_returned_milli


@dataclass(frozen=True, slots=True)
class ReturnableSale:
    sale_id: str
    terminal_code: str
    receipt_no: int
    created_at: dt.datetime
    total: int
    lines: tuple[ReturnableLine, ...]
    payments: tuple[tuple[str, int, str], ...]  # (method, net amount still refundable, reference)
    #: Held by head office, not by this till (a receipt of another till of the store: ``pos.selling.remote_returns``).
    remote: bool = False


def find_sale(engine: Engine, terminal_code: str, receipt_no: int) -> ReturnableSale:
    """The sale behind a receipt, with what is left to return. Raises ``ReturnError`` if there is none."""
    with engine.connect() as conn:
        sale = conn.execute(
            text(
                "SELECT id, created_at, total, kind FROM sales WHERE terminal_code = :t AND receipt_no = :n"
            ),
            {"t": terminal_code, "n": receipt_no},
        ).first()
        if sale is None or sale[3] != "sale":
            conn.rollback()
            raise ReturnError(
                f"Không tìm thấy hoá đơn bán {terminal_code}-{receipt_no:06d}",
                f"No sale receipt {terminal_code}-{receipt_no:06d}",
            )
        rows = conn.execute(
            text(
                "SELECT l.id, l.line_no, l.product_id, l.sku, l.name_vi, l.name_en, l.unit, l.qty_milli, l.amount, "
                "l.unit_price, l.vat_rate, l.ocop_stars, "
                "COALESCE((SELECT -SUM(r.qty_milli) FROM sale_lines r WHERE r.original_line_id = l.id), 0), "
                "COALESCE((SELECT -SUM(r.amount) FROM sale_lines r WHERE r.original_line_id = l.id), 0) "
                "FROM sale_lines l WHERE l.sale_id = :s ORDER BY l.line_no"
            ),
            {"s": sale[0]},
        ).all()
        pays = conn.execute(
            text(
                "SELECT p.method, SUM(p.amount), MIN(p.reference) FROM payments p JOIN sales s ON s.id = p.sale_id "
                "WHERE (s.id = :s OR s.original_sale_id = :s) AND p.method IN ('cash','vietqr','card','fx_cash') "
                "GROUP BY p.method ORDER BY MIN(CASE WHEN s.id = :s THEN p.seq END)"
            ),
            {"s": sale[0]},
        ).all()
        conn.rollback()
    lines = tuple(
        ReturnableLine(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], int(r[12]), r[8], int(r[13]), r[9], r[10], r[11]
        )
        for r in rows
    )
    created = sale[1] if isinstance(sale[1], dt.datetime) else dt.datetime.fromisoformat(str(sale[1]))
    payments = tuple((str(m), int(a), str(ref or "")) for m, a, ref in pays)
    return ReturnableSale(str(sale[0]), terminal_code, receipt_no, created, int(sale[2]), lines, payments)


def find_by_code(engine: Engine, code: ReceiptCode) -> ReturnableSale:
    return find_sale(engine, code.terminal, code.number)


def refund_amount(line: ReturnableLine, qty_milli: int) -> int:
    if qty_milli == line.qty_left_milli:
        return line.amount - line.refunded
    return div_round_half_up(line.amount * qty_milli, line.qty_sold_milli)


def refund_tenders(original: ReturnableSale, refund: int) -> list[Tender]:
    """Split a refund over the original methods, in payment order, capped by what each still holds."""
    tenders: list[Tender] = []
    left = refund
    for method, available, reference in original.payments:
        if left <= 0:
            break
        if method == "fx_cash":  # foreign notes are refunded in đồng cash
            method = "cash"
        take = min(left, max(available, 0))
        if take > 0:
            tenders.append(Tender(method, -take, reference=reference))
            left -= take
    if left > 0:
        tenders.append(Tender("cash", -left))
    merged: dict[tuple[str, str], int] = {}
    for t in tenders:
        merged[(t.method, t.reference)] = merged.get((t.method, t.reference), 0) + t.amount
    return [Tender(m, a, reference=r) for (m, r), a in merged.items()]


def make_return(
    engine: Engine,
    original: ReturnableSale,
    quantities: Mapping[str, int],
    ctx: SaleContext,
    *,
    approved_by: str | None,
    reason: str = "",
    now: dt.datetime | None = None,
    also: AlsoWrite | None = None,
    sale_id: str | None = None,
) -> CommittedSale:
    """Commit a return of ``quantities`` (line id → qty in thousandths) of ``original``.

    A remote original (another till's) is not in this database: the return's rows carry no link to it, and
    ``also`` writes the link (``pos.sync.return_links``); ``sale_id`` is the id head office accepted the refund
    under."""
    by_id = {line.line_id: line for line in original.lines}
    priced: list[PricedLine] = []
    for line_id, qty in quantities.items():
        if qty == 0:
            continue
        line = by_id.get(line_id)
        if line is None:
            raise ReturnError("Dòng hàng không thuộc hoá đơn này", "That line is not on this receipt")
        if not 0 < qty <= line.qty_left_milli:
            raise ReturnError(
                f"{line.name_vi}: chỉ còn trả được {line.qty_left_milli / 1000:g}",
                f"{line.name_en or line.name_vi}: only {line.qty_left_milli / 1000:g} left to return",
            )
        amount = refund_amount(line, qty)
        product = ProductInfo(
            id=line.product_id or "",
            sku=line.sku,
            name_vi=line.name_vi,
            name_en=line.name_en,
            unit=line.unit,
            price=line.unit_price,
            cost=0,
            vat_class="",
            ocop_stars=line.ocop_stars,
            ocop_level=None,
            ocop_expires_on=None,
            weighed=False,
            plu=None,
            trace_code=None,
            category_code=None,
            producer_id=None,
            picture=None,
            favourite=False,
            stock_milli=0,
        )
        cart_line = CartLine(
            product, -qty, line.unit_price, original_line_id=None if original.remote else line.line_id
        )
        priced.append(PricedLine(cart_line, -amount, 0, 0, -amount, line.vat_rate))
    if not priced:
        raise ReturnError("Chưa chọn hàng để trả", "Nothing selected to return")
    total = sum(p.amount for p in priced)
    totals = CartTotals(
        tuple(priced), total, 0, 0, total, tuple(breakdown((p.vat_rate, p.amount) for p in priced))
    )
    return commit_sale(
        engine,
        totals,
        refund_tenders(original, -total),
        ctx,
        kind="return",
        original_sale_id=None if original.remote else original.sale_id,
        approved_by=approved_by,
        note=reason,
        now=now,
        also=also,
        sale_id=sale_id,
    )
