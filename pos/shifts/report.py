"""X and Z reports of a shift, as plain data built from the stored sales.

Every figure is a sum of stored rows, never a recomputation: totals by payment method sum ``payments``, VAT by
rate sums the ``sale_vat`` rows printed on the receipts, so the report agrees with the receipts to the đồng.
Invariants (checked by the tests): ``net_total = sales_total + returns_total + voids_total``, the payment
methods add up to ``net_total``, and so do the VAT rows' gross amounts.

An X report is the same report taken mid-shift: nothing is stored or reset. A Z report is taken once, at
close, numbered per till, and stored as JSON (``pos.shifts.close``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from pos.shifts.cash import CashCount
from pos.shifts.shift import ShiftInfo, expected_cash, sales_clause, sales_params


@dataclass(frozen=True, slots=True)
class MethodTotal:
    method: str
    count: int
    amount: int


@dataclass(frozen=True, slots=True)
class VatTotal:
    rate_pct: int
    gross: int
    vat: int

    @property
    def net(self) -> int:
        return self.gross - self.vat


@dataclass(frozen=True, slots=True)
class ForeignCash:
    currency: str
    foreign_amount: int
    dong: int


@dataclass(frozen=True, slots=True)
class CashMove:
    kind: str
    amount: int
    reason: str
    at: str


@dataclass(frozen=True, slots=True)
class ShiftReport:
    """One shift's figures. Amounts are đồng; returns and voids are negative (money paid back)."""

    kind: str  # "X" or "Z"
    z_no: int | None
    terminal_code: str
    shift_id: str
    opened_at: str
    opened_by: str
    closed_at: str | None
    closed_by: str
    taken_at: str
    first_receipt: int | None
    last_receipt: int | None
    sales_count: int
    items_sold_milli: int
    gross_before_discounts: int
    discounts_count: int
    discounts_total: int
    sales_total: int
    returns_count: int
    returns_total: int
    voids_count: int
    voids_total: int
    line_voids_count: int
    line_voids_amount: int
    no_sale_opens: int
    net_total: int
    by_method: tuple[MethodTotal, ...]
    vat: tuple[VatTotal, ...]
    foreign_cash: tuple[ForeignCash, ...]
    opening_float: int
    cash_sales: int
    cash_refunds: int
    paid_in: int
    paid_out: int
    cash_moves: tuple[CashMove, ...]
    expected_cash: int
    counted_cash: int | None = None
    counted: tuple[tuple[int, int], ...] = field(default_factory=tuple)

    @property
    def over_short(self) -> int | None:
        """Counted − expected: negative is a shortage."""
        return None if self.counted_cash is None else self.counted_cash - self.expected_cash

    def method_amount(self, method: str) -> int:
        return sum(m.amount for m in self.by_method if m.method == method)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str) -> ShiftReport:
        d: dict[str, Any] = json.loads(raw)
        d["by_method"] = tuple(MethodTotal(**m) for m in d["by_method"])
        d["vat"] = tuple(VatTotal(**v) for v in d["vat"])
        d["foreign_cash"] = tuple(ForeignCash(**f) for f in d["foreign_cash"])
        d["cash_moves"] = tuple(CashMove(**m) for m in d["cash_moves"])
        d["counted"] = tuple((int(a), int(b)) for a, b in d["counted"])
        return cls(**d)


def _iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(sep=" ", timespec="seconds")


def build_report(
    conn: Connection,
    info: ShiftInfo,
    *,
    kind: str,
    now: dt.datetime,
    z_no: int | None = None,
    closed_by: str = "",
    counted: CashCount | None = None,
) -> ShiftReport:
    """The report of shift ``info`` as of ``now`` (its close time for a Z report)."""
    where = sales_clause()
    params = sales_params(info, now)
    sales = conn.execute(
        text(
            "SELECT s.kind, s.receipt_no, s.total, s.discount_total, (v.reversal_sale_id IS NOT NULL) "
            f"FROM sales s LEFT JOIN sale_voids v ON v.reversal_sale_id = s.id WHERE {where} ORDER BY s.receipt_no"
        ),
        params,
    ).all()
    receipts = [int(r[1]) for r in sales]
    sold = [r for r in sales if r[0] == "sale"]
    returned = [r for r in sales if r[0] == "return" and not r[4]]
    voided = [r for r in sales if r[0] == "return" and r[4]]
    items = conn.execute(
        text(
            f"SELECT COALESCE(SUM(l.qty_milli), 0) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
            f"WHERE s.kind = 'sale' AND {where}"
        ),
        params,
    ).scalar_one()
    methods = conn.execute(
        text(
            f"SELECT p.method, COUNT(*), SUM(p.amount) FROM payments p JOIN sales s ON s.id = p.sale_id "
            f"WHERE {where} GROUP BY p.method ORDER BY p.method"
        ),
        params,
    ).all()
    vat = conn.execute(
        text(
            f"SELECT v.rate_pct, SUM(v.gross), SUM(v.vat) FROM sale_vat v JOIN sales s ON s.id = v.sale_id "
            f"WHERE {where} GROUP BY v.rate_pct ORDER BY v.rate_pct"
        ),
        params,
    ).all()
    fx = conn.execute(
        text(
            f"SELECT p.currency, SUM(p.foreign_amount), SUM(p.amount) FROM payments p "
            f"JOIN sales s ON s.id = p.sale_id WHERE p.method = 'fx_cash' AND {where} "
            "GROUP BY p.currency ORDER BY p.currency"
        ),
        params,
    ).all()
    cash_by_kind = conn.execute(
        text(
            f"SELECT s.kind, COALESCE(SUM(p.amount), 0) FROM payments p JOIN sales s ON s.id = p.sale_id "
            f"WHERE p.method = 'cash' AND {where} GROUP BY s.kind"
        ),
        params,
    ).all()
    cash = {str(k): int(a) for k, a in cash_by_kind}
    moves = conn.execute(
        text(
            "SELECT kind, amount, reason, created_at FROM cash_movements WHERE shift_id = :s ORDER BY created_at"
        ),
        {"s": info.id},
    ).all()
    audit = conn.execute(
        text(
            "SELECT action, COUNT(*), COALESCE(SUM(amount), 0) FROM audit_log WHERE shift_id = :s "
            "AND action IN ('line_void', 'drawer_open') GROUP BY action"
        ),
        {"s": info.id},
    ).all()
    audited = {str(a): (int(n), int(amt)) for a, n, amt in audit}
    return ShiftReport(
        kind=kind,
        z_no=z_no,
        terminal_code=info.terminal_code,
        shift_id=info.id,
        opened_at=_iso(info.opened_at) or "",
        opened_by=info.opened_by_name,
        closed_at=_iso(now) if kind == "Z" else None,
        closed_by=closed_by,
        taken_at=_iso(now) or "",
        first_receipt=min(receipts) if receipts else None,
        last_receipt=max(receipts) if receipts else None,
        sales_count=len(sold),
        items_sold_milli=int(items),
        gross_before_discounts=sum(int(r[2]) + int(r[3]) for r in sold),
        discounts_count=sum(1 for r in sold if r[3]),
        discounts_total=sum(int(r[3]) for r in sold),
        sales_total=sum(int(r[2]) for r in sold),
        returns_count=len(returned),
        returns_total=sum(int(r[2]) for r in returned),
        voids_count=len(voided),
        voids_total=sum(int(r[2]) for r in voided),
        line_voids_count=audited.get("line_void", (0, 0))[0],
        line_voids_amount=audited.get("line_void", (0, 0))[1],
        no_sale_opens=audited.get("drawer_open", (0, 0))[0],
        net_total=sum(int(r[2]) for r in sales),
        by_method=tuple(MethodTotal(str(m), int(n), int(a)) for m, n, a in methods),
        vat=tuple(VatTotal(int(r), int(g), int(v)) for r, g, v in vat),
        foreign_cash=tuple(ForeignCash(str(c), int(f), int(d)) for c, f, d in fx),
        opening_float=info.opening_float,
        cash_sales=cash.get("sale", 0),
        cash_refunds=cash.get("return", 0),
        paid_in=sum(int(m[1]) for m in moves if m[0] == "paid_in"),
        paid_out=-sum(int(m[1]) for m in moves if m[0] == "paid_out"),
        cash_moves=tuple(CashMove(str(k), int(a), str(r), str(at)[:19]) for k, a, r, at in moves),
        expected_cash=expected_cash(conn, info, now),
        counted_cash=None if counted is None else counted.total,
        counted=() if counted is None else counted.pieces,
    )
