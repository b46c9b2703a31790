"""Transfers between stores, decided at head office (``docs/sync.md``, "Transfers and write-offs").

``send`` writes the document and a ``transfer_out`` move per line at the sending store in one transaction: the goods
leave its stock at once and are in transit, in no store's stock. ``receive`` records what actually arrived per line
and writes ``transfer_in`` moves for it at the receiving store; the difference stays on the line as a discrepancy.
``write_off_shortfall`` closes a discrepancy: the missing goods are taken in and written off (``waste``, reason
"transfer shortfall") at the receiving store, so the loss is valued where it is reported and never vanishes.
Every move carries the line's unit cost (the product's cost when sent), so both stores' stock value is right.

Receiving is decided once: the transfer's row is locked (``FOR UPDATE`` on PostgreSQL; SQLite's writers are
serialised) and a second receipt is refused — unless it carries the same ``receipt_id`` as the first (a till's
answer that was lost), which is answered as done and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, insert, select, text, update

from pos.errors import PosError
from pos.ids import new_id
from pos.server.db import is_postgres
from pos.server.models import Product, Store, Transfer, TransferLine, utcnow
from pos.server.schemas import StockMoveIn
from pos.server.stock import add_moves

SHORTFALL_REASON = "transfer shortfall"
NUMBER_LOCK = 0x0C0B_7A01  # the advisory lock taken while a transfer number is given (PostgreSQL)
MAX_LINES = 500


class TransferError(PosError):
    code = "transfer"


@dataclass(frozen=True, slots=True)
class LineIn:
    product_id: str
    qty_milli: int
    unit_cost: int | None = None  # None: the product's cost now


@dataclass(frozen=True, slots=True)
class LineView:
    line_no: int
    product_id: str
    sku: str
    name: str
    qty_sent_milli: int
    unit_cost: int
    qty_received_milli: int | None
    qty_written_off_milli: int

    @property
    def discrepancy_milli(self) -> int:
        """Sent − received (0 while in transit), less what was written off."""
        if self.qty_received_milli is None:
            return 0
        return self.qty_sent_milli - self.qty_received_milli - self.qty_written_off_milli


@dataclass(frozen=True, slots=True)
class TransferView:
    id: str
    number: int
    from_store_id: str
    from_code: str
    to_store_id: str
    to_code: str
    status: str
    note: str
    sent_at: dt.datetime
    sent_by: str
    received_at: dt.datetime | None
    received_by: str | None
    written_off_by: str | None
    lines: tuple[LineView, ...]

    @property
    def label(self) -> str:
        return f"CK-{self.number:06d}"

    @property
    def discrepancy_milli(self) -> int:
        return sum(line.discrepancy_milli for line in self.lines)


def label(number: int) -> str:
    return f"CK-{number:06d}"


def send(
    conn: Connection,
    *,
    from_store_id: str,
    to_store_id: str,
    lines: Sequence[LineIn],
    by: str,
    note: str = "",
) -> str:
    """The document, its lines and the sending store's ``transfer_out`` moves, on the caller's transaction."""
    if from_store_id == to_store_id:
        raise TransferError(
            "Trung tâm nhận phải khác trung tâm gửi", "Send to another centre than the sender"
        )
    if not lines:
        raise TransferError("Phiếu chuyển cần ít nhất một dòng hàng", "A transfer needs at least one line")
    if len(lines) > MAX_LINES:
        raise TransferError(f"Tối đa {MAX_LINES} dòng", f"{MAX_LINES} lines at most")
    if conn.execute(select(func.count()).where(Store.id.in_((from_store_id, to_store_id)))).scalar() != 2:
        raise TransferError("Không có trung tâm này", "No such centre", code="not_found")
    costs = dict(
        conn.execute(
            select(Product.id, Product.cost).where(Product.id.in_({line.product_id for line in lines}))
        ).all()
    )
    for line in lines:
        if line.product_id not in costs:
            raise TransferError("Không có sản phẩm này", "No such product", code="not_found")
        if line.qty_milli <= 0:
            raise TransferError("Số lượng chuyển phải lớn hơn 0", "A quantity sent must be more than 0")
        if line.unit_cost is not None and line.unit_cost < 0:
            raise TransferError("Giá vốn không được âm", "A unit cost cannot be negative")
    tid = new_id()
    if is_postgres(conn):  # numbers for people, one after the other: two senders at once wait for each other
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": NUMBER_LOCK})
    number = int(conn.execute(select(func.coalesce(func.max(Transfer.number), 0))).scalar() or 0) + 1
    now = utcnow()
    conn.execute(
        insert(Transfer),
        [
            {
                "id": tid,
                "number": number,
                "from_store_id": from_store_id,
                "to_store_id": to_store_id,
                "status": "in_transit",
                "note": note[:200],
                "sent_at": now,
                "sent_by": by[:80],
            }
        ],
    )
    rows = [
        {
            "transfer_id": tid,
            "line_no": i,
            "product_id": line.product_id,
            "qty_sent_milli": line.qty_milli,
            "unit_cost": line.unit_cost if line.unit_cost is not None else int(costs[line.product_id] or 0),
            "qty_received_milli": None,
            "qty_written_off_milli": 0,
        }
        for i, line in enumerate(lines, start=1)
    ]
    conn.execute(insert(TransferLine), rows)
    add_moves(
        conn,
        from_store_id,
        [
            StockMoveIn(
                product_id=str(r["product_id"]),
                qty_milli=-int(str(r["qty_sent_milli"])),
                kind="transfer_out",
                reason=label(number),
                unit_cost=int(str(r["unit_cost"])),
            )
            for r in rows
        ],
    )
    return tid


def load(conn: Connection, transfer_id: str, *, lock: bool = False) -> TransferView:
    src = Store.__table__.alias("src")
    dst = Store.__table__.alias("dst")
    t = Transfer
    stmt = (
        select(
            t.id,
            t.number,
            t.from_store_id,
            src.c.code,
            t.to_store_id,
            dst.c.code,
            t.status,
            t.note,
            t.sent_at,
            t.sent_by,
            t.received_at,
            t.received_by,
            t.written_off_by,
        )
        .join(src, src.c.id == t.from_store_id)
        .join(dst, dst.c.id == t.to_store_id)
        .where(t.id == transfer_id[:36])
    )
    if lock:
        stmt = stmt.with_for_update(of=t)
    row = conn.execute(stmt).first()
    if row is None:
        raise TransferError("Không có phiếu chuyển này", "No such transfer", code="not_found")
    lines = tuple(
        LineView(
            int(n),
            str(p),
            str(sku or ""),
            str(name or ""),
            int(q),
            int(c),
            r if r is None else int(r),
            int(w),
        )
        for n, p, sku, name, q, c, r, w in conn.execute(
            select(
                TransferLine.line_no,
                TransferLine.product_id,
                Product.sku,
                Product.name_vi,
                TransferLine.qty_sent_milli,
                TransferLine.unit_cost,
                TransferLine.qty_received_milli,
                TransferLine.qty_written_off_milli,
            )
            .outerjoin(Product, Product.id == TransferLine.product_id)
            .where(TransferLine.transfer_id == row[0])
            .order_by(TransferLine.line_no)
        )
    )
    return TransferView(
        str(row[0]),
        int(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        str(row[5]),
        str(row[6]),
        str(row[7] or ""),
        row[8],
        str(row[9]),
        row[10],
        row[11],
        row[12],
        lines,
    )


def receive(
    conn: Connection,
    transfer_id: str,
    received: Mapping[int, int],
    *,
    by: str,
    receipt_id: str | None = None,
) -> tuple[TransferView, bool]:
    """Record what arrived (``received``: line number → quantity, every line) and write the ``transfer_in`` moves.

    Returns the transfer and whether this call received it (False: the same receipt sent again)."""
    doc = load(conn, transfer_id, lock=True)
    if doc.status == "received":
        held = conn.execute(select(Transfer.receipt_id).where(Transfer.id == doc.id)).scalar()
        if receipt_id is not None and held == receipt_id:
            return doc, False
        raise TransferError(
            f"Phiếu {doc.label} đã được nhận lúc trước — không ghi lại lần nữa",
            f"Transfer {doc.label} was already received — nothing recorded again",
            code="already_received",
        )
    if set(received) != {line.line_no for line in doc.lines}:
        raise TransferError(
            "Cần nhập số lượng nhận cho mọi dòng của phiếu", "Enter the quantity received for every line"
        )
    for line in doc.lines:
        qty = received[line.line_no]
        if qty < 0 or qty > line.qty_sent_milli:
            raise TransferError(
                f"Dòng {line.line_no} ({line.sku}): số nhận phải từ 0 đến số gửi {line.qty_sent_milli / 1000:g}",
                f"Line {line.line_no} ({line.sku}): received must be 0 to the {line.qty_sent_milli / 1000:g} sent",
            )
    for line in doc.lines:
        conn.execute(
            update(TransferLine)
            .where(TransferLine.transfer_id == doc.id, TransferLine.line_no == line.line_no)
            .values(qty_received_milli=received[line.line_no])
        )
    conn.execute(
        update(Transfer)
        .where(Transfer.id == doc.id)
        .values(status="received", received_at=utcnow(), received_by=by[:80], receipt_id=receipt_id)
    )
    add_moves(
        conn,
        doc.to_store_id,
        [
            StockMoveIn(
                product_id=line.product_id,
                qty_milli=received[line.line_no],
                kind="transfer_in",
                reason=doc.label,
                unit_cost=line.unit_cost,
            )
            for line in doc.lines
            if received[line.line_no] > 0
        ],
    )
    return load(conn, doc.id), True


def write_off_shortfall(conn: Connection, transfer_id: str, *, by: str) -> TransferView:
    """Close a received transfer's discrepancies: the missing goods are taken in and written off as ``waste``
    ("transfer shortfall") at the receiving store — its level does not change, the loss is on record with its
    value."""
    doc = load(conn, transfer_id, lock=True)
    if doc.status != "received":
        raise TransferError(
            "Chỉ huỷ phần thiếu sau khi đã nhận phiếu", "Write a shortfall off once the transfer is received"
        )
    short = [line for line in doc.lines if line.discrepancy_milli > 0]
    if not short:
        raise TransferError("Phiếu không có phần thiếu", "The transfer has no shortfall", code="no_shortfall")
    moves: list[StockMoveIn] = []
    for line in short:
        for kind, sign in (("transfer_in", 1), ("waste", -1)):
            moves.append(
                StockMoveIn(
                    product_id=line.product_id,
                    qty_milli=sign * line.discrepancy_milli,
                    kind=kind,  # type: ignore[arg-type]
                    reason=f"{SHORTFALL_REASON} {doc.label}",
                    unit_cost=line.unit_cost,
                )
            )
        conn.execute(
            update(TransferLine)
            .where(TransferLine.transfer_id == doc.id, TransferLine.line_no == line.line_no)
            .values(qty_written_off_milli=TransferLine.qty_written_off_milli + line.discrepancy_milli)
        )
    conn.execute(
        update(Transfer).where(Transfer.id == doc.id).values(written_off_at=utcnow(), written_off_by=by[:80])
    )
    add_moves(conn, doc.to_store_id, moves)
    return load(conn, doc.id)


def in_transit_to(conn: Connection, store_id: str) -> list[TransferView]:
    """The transfers in transit to ``store_id``, oldest first (what its tills show)."""
    ids = conn.execute(
        select(Transfer.id)
        .where(Transfer.to_store_id == store_id, Transfer.status == "in_transit")
        .order_by(Transfer.number)
        .limit(200)
    ).scalars()
    return [load(conn, str(i)) for i in ids]


def load_for_store(conn: Connection, transfer_id: str, store_id: str) -> TransferView:
    """A transfer to ``store_id``; any other is "not found" alike (a till learns nothing of other stores')."""
    doc = load(conn, transfer_id)
    if doc.to_store_id != store_id:
        raise TransferError("Không có phiếu chuyển này", "No such transfer", code="not_found")
    return doc
