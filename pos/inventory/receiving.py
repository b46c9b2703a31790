"""Receiving goods from a producer: lines scanned in (quantity, cost, batch, expiry), then posted as one
goods receipt whose lines are ``receive`` stock moves.

A GS1 DataMatrix/QR on the carton brings its own batch and expiry; a plain EAN scan takes them from what the
clerk types. Receiving also moves the product's cost to the weighted average of the stock on hand and the new
delivery, so valuation at cost follows what the shop actually paid.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import Engine, insert, text

from pos.catalogue.lookup import Catalogue, ProductInfo
from pos.db import write_tx
from pos.errors import PosError
from pos.ids import new_id
from pos.ledger.canonical import sql_value
from pos.models import GoodsReceipt, GoodsReceiptLine, StockMove
from pos.models.rows import StockMoveRow
from pos.models.values import utcnow
from pos.money import div_round_half_up, line_amount
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require
from pos.sync.events import queue_stock_move


class StockError(PosError):
    """A stock operation that cannot be done (bad quantity, unknown product, nothing to post...)."""

    code = "stock"


@dataclass(frozen=True, slots=True)
class ReceivingLine:
    product_id: str
    sku: str
    name: str
    qty_milli: int
    unit_cost: int
    batch: str | None = None
    expiry: dt.date | None = None

    @property
    def cost(self) -> int:
        return line_amount(self.unit_cost, self.qty_milli)


@dataclass(frozen=True, slots=True)
class GoodsReceiptInfo:
    id: str
    producer_id: str | None
    reference: str
    received_at: dt.datetime
    lines: tuple[ReceivingLine, ...]
    total_cost: int


class ReceivingSession:
    """A delivery being scanned in (pure: nothing is written until ``receive_goods``)."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.lines: list[ReceivingLine] = []

    def add(
        self,
        product: ProductInfo,
        qty_milli: int = 1000,
        *,
        unit_cost: int | None = None,
        batch: str | None = None,
        expiry: dt.date | None = None,
    ) -> int:
        """Add ``qty_milli`` of ``product``; the same product, batch, expiry and cost go onto one line."""
        _check_qty(qty_milli)
        cost = product.cost if unit_cost is None else unit_cost
        _check_cost(cost)
        for i, line in enumerate(self.lines):
            if (line.product_id, line.batch, line.expiry, line.unit_cost) == (
                product.id,
                batch,
                expiry,
                cost,
            ):
                self.lines[i] = replace(line, qty_milli=line.qty_milli + qty_milli)
                return i
        self.lines.append(
            ReceivingLine(product.id, product.sku, product.name_vi, qty_milli, cost, batch, expiry)
        )
        return len(self.lines) - 1

    def scan(
        self,
        code: str,
        qty_milli: int | None = None,
        *,
        unit_cost: int | None = None,
        batch: str | None = None,
        expiry: dt.date | None = None,
    ) -> int:
        """Scan a carton or item; batch/expiry/weight printed in a GS1 code win over typed ones."""
        result = self.catalogue.resolve(code)
        qty = result.qty_milli if result.qty_milli is not None else (qty_milli or 1000)
        return self.add(
            result.product,
            qty,
            unit_cost=unit_cost,
            batch=result.batch or batch,
            expiry=result.expiry or expiry,
        )

    def set_qty(self, index: int, qty_milli: int) -> None:
        _check_qty(qty_milli)
        self.lines[index] = replace(self.lines[index], qty_milli=qty_milli)

    def set_cost(self, index: int, unit_cost: int) -> None:
        _check_cost(unit_cost)
        self.lines[index] = replace(self.lines[index], unit_cost=unit_cost)

    def remove(self, index: int) -> None:
        self.lines.pop(index)

    @property
    def total_cost(self) -> int:
        return sum(line.cost for line in self.lines)


def parse_expiry(text: str) -> dt.date | None:
    """A typed expiry date: ``31/12/2026`` (how a shop writes a date) or ``2026-12-31``; empty is None; anything
    else is refused with the form to use."""
    s = text.strip()
    if not s:
        return None
    for fmt in ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise StockError(f"Ngày không hợp lệ: {s} (dd/mm/yyyy)", f"Not a date: {s} (dd/mm/yyyy)", code="bad_date")


def _check_qty(qty_milli: int) -> None:
    if not isinstance(qty_milli, int) or not 0 < qty_milli <= 100_000_000:
        raise StockError("Số lượng nhập không hợp lệ", "Invalid quantity received", code="bad_qty")


def _check_cost(cost: int) -> None:
    if not isinstance(cost, int) or cost < 0:
        raise StockError("Giá nhập phải là số đồng ≥ 0", "Unit cost must be whole đồng ≥ 0", code="bad_cost")


def average_cost(stock_milli: int, cost: int, qty_milli: int, unit_cost: int) -> int:
    """Weighted average cost after receiving ``qty_milli`` at ``unit_cost`` onto ``stock_milli`` at ``cost``."""
    if stock_milli <= 0:
        return unit_cost
    return div_round_half_up(stock_milli * cost + qty_milli * unit_cost, stock_milli + qty_milli)


def receive_goods(
    engine: Engine,
    actor: StaffMember,
    lines: list[ReceivingLine] | tuple[ReceivingLine, ...],
    *,
    producer_id: str | None = None,
    reference: str = "",
    note: str = "",
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> GoodsReceiptInfo:
    """Post a delivery: one goods receipt, one ``receive`` move per line, costs averaged, audited."""
    if not lines:
        raise StockError("Phiếu nhập chưa có hàng", "The delivery has no lines", code="empty")
    for line in lines:
        _check_qty(line.qty_milli)
        _check_cost(line.unit_cost)
    now = now or utcnow()
    receipt_id = new_id()
    total = sum(line.cost for line in lines)
    with write_tx(engine) as conn:
        approver = require(actor, Permission.RECEIVE_STOCK, approval)
        if (
            producer_id is not None
            and conn.execute(text("SELECT 1 FROM producers WHERE id = :p"), {"p": producer_id}).first()
            is None
        ):
            raise StockError("Không có nhà sản xuất này", "No such producer", code="no_producer")
        conn.execute(
            insert(GoodsReceipt),
            [
                {
                    "id": receipt_id,
                    "producer_id": producer_id,
                    "reference": reference[:60],
                    "note": note[:300],
                    "received_at": now,
                    "staff_id": actor.id,
                    "total_cost": total,
                }
            ],
        )
        for line in lines:
            row = conn.execute(
                text(
                    "SELECT p.cost, COALESCE((SELECT SUM(m.qty_milli) FROM stock_moves m WHERE m.product_id = p.id), 0)"
                    " FROM products p WHERE p.id = :p"
                ),
                {"p": line.product_id},
            ).first()
            if row is None:
                raise StockError(f"Không có sản phẩm {line.sku}", f"No product {line.sku}", code="no_product")
            move_id = new_id()
            move: StockMoveRow = {
                "id": move_id,
                "product_id": line.product_id,
                "qty_milli": line.qty_milli,
                "kind": "receive",
                "sale_id": None,
                "reason": f"receipt {reference}".strip()[:200],
                "batch": line.batch,
                "expiry": line.expiry,
                "unit_cost": line.unit_cost,
                "staff_id": actor.id,
                "created_at": now,
            }
            conn.execute(insert(StockMove), [move])
            queue_stock_move(conn, move)
            conn.execute(
                insert(GoodsReceiptLine),
                [
                    {
                        "id": new_id(),
                        "receipt_id": receipt_id,
                        "move_id": move_id,
                        "product_id": line.product_id,
                        "qty_milli": line.qty_milli,
                        "unit_cost": line.unit_cost,
                        "batch": line.batch,
                        "expiry": line.expiry,
                    }
                ],
            )
            new_cost = average_cost(int(row[1]), int(row[0] or 0), line.qty_milli, line.unit_cost)
            conn.execute(
                text("UPDATE products SET cost = :c, updated_at = :at WHERE id = :p"),
                {"c": new_cost, "at": sql_value(now), "p": line.product_id},
            )
        record(
            conn,
            AuditEvent(
                "receive",
                actor,
                approver,
                "goods_receipt",
                receipt_id,
                note,
                amount=total,
                detail={"reference": reference, "lines": len(lines), "producer_id": producer_id},
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
    return GoodsReceiptInfo(receipt_id, producer_id, reference, now, tuple(lines), total)


def list_receipts(engine: Engine, *, limit: int = 100) -> list[tuple[str, dt.datetime, str, str, int]]:
    """Recent deliveries: (id, received at, producer name, reference, total cost)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT g.id, g.received_at, COALESCE(p.name, ''), g.reference, g.total_cost FROM goods_receipts g "
                "LEFT JOIN producers p ON p.id = g.producer_id ORDER BY g.received_at DESC LIMIT :n"
            ),
            {"n": limit},
        ).all()
        conn.rollback()
    return [
        (
            str(r[0]),
            r[1] if isinstance(r[1], dt.datetime) else dt.datetime.fromisoformat(str(r[1])),
            str(r[2]),
            str(r[3]),
            int(r[4]),
        )
        for r in rows
    ]
