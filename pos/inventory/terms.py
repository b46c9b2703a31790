"""Per-product terms a manager sets: consignment (with its commission, dated) and the low-stock threshold.

Consignment terms are dated like prices: a settlement applies to each sale the terms valid on the sale's
business date, so changing a commission rate never rewrites what was owed for past sales.
Commissions are basis points (1 500 = 15 %), so rates such as 12.5 % stay exact integers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import Connection, Engine, text

from pos.db import write_tx
from pos.inventory.prices import CatalogueEditError, local_date
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require


@dataclass(frozen=True, slots=True)
class ProductTerms:
    """What the product editor shows and saves: consigned (and at what commission) and the low-stock threshold."""

    consigned: bool = False
    commission_bp: int = 0
    low_milli: int | None = None  # None: never listed as low


@dataclass(frozen=True, slots=True)
class ConsignmentInfo:
    product_id: str
    valid_from: dt.date
    consigned: bool
    commission_bp: int


def parse_percent_bp(value: str) -> int:
    """``"15"``, ``"12,5"``, ``"12.5%"`` → basis points (1500, 1250, 1250); at most two decimals."""
    raw = value.strip().rstrip("%").strip().replace(",", ".")
    try:
        d = Decimal(raw)
    except InvalidOperation:
        raise CatalogueEditError(
            f"Tỷ lệ không hợp lệ: {value!r}", f"Not a percentage: {value!r}", code="bad_percent"
        ) from None
    bp = d * 100
    if bp != bp.to_integral_value() or not 0 <= bp <= 10_000:
        raise CatalogueEditError(
            f"Tỷ lệ phải từ 0 đến 100, tối đa 2 số lẻ: {value!r}",
            f"A percentage must be 0–100 with at most 2 decimals: {value!r}",
            code="bad_percent",
        )
    return int(bp)


def parse_threshold_milli(value: str) -> int | None:
    """A low-stock threshold as typed, in units (``5``, ``1,5``, ``0.25``) → thousandths; empty → None (no rule)."""
    raw = value.strip().replace(",", ".")
    if not raw:
        return None
    try:
        d = Decimal(raw)
    except InvalidOperation:
        d = Decimal(-1)
    milli = d * 1000
    if not d.is_finite() or milli != milli.to_integral_value() or not 0 <= milli <= 1_000_000_000:
        raise CatalogueEditError(
            f"Ngưỡng tồn thấp phải là số ≥ 0, tối đa 3 số lẻ: {value!r}",
            f"The low-stock threshold must be a number ≥ 0 with at most 3 decimals: {value!r}",
            code="bad_threshold",
        )
    return int(milli)


def format_bp(bp: int) -> str:
    """1500 → ``15``, 1250 → ``12.5`` (for files; screens format per language)."""
    whole, frac = divmod(bp, 100)
    return str(whole) if not frac else f"{whole}.{frac:02d}".rstrip("0")


def set_consignment_on(
    conn: Connection, product_id: str, consigned: bool, commission_bp: int, valid_from: dt.date
) -> None:
    if not 0 <= commission_bp <= 10_000:
        raise CatalogueEditError(
            "Hoa hồng phải từ 0 đến 100%", "Commission must be 0–100 %", code="bad_percent"
        )
    if conn.execute(text("SELECT 1 FROM products WHERE id = :p"), {"p": product_id}).first() is None:
        raise CatalogueEditError("Không có sản phẩm này", "No such product", code="no_product")
    conn.execute(
        text(
            "INSERT INTO consignment_terms (product_id, valid_from, consigned, commission_bp) VALUES (:p, :d, :c, :b) "
            "ON CONFLICT(product_id, valid_from) DO UPDATE SET consigned = :c, commission_bp = :b"
        ),
        {
            "p": product_id,
            "d": valid_from.isoformat(),
            "c": int(consigned),
            "b": commission_bp if consigned else 0,
        },
    )


def set_consignment(
    engine: Engine,
    actor: StaffMember,
    product_id: str,
    *,
    consigned: bool,
    commission_bp: int = 0,
    valid_from: dt.date | None = None,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    """From ``valid_from`` (default today) the product is consigned at ``commission_bp``, or no longer consigned."""
    now = now or utcnow()
    start = valid_from or local_date(now)
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_CATALOGUE, approval)
        _consignment_audited(conn, actor, approver, product_id, consigned, commission_bp, start, now)
    if approval is not None:
        approval.spend()


def _consignment_audited(
    conn: Connection,
    actor: StaffMember,
    approver: StaffMember | None,
    product_id: str,
    consigned: bool,
    commission_bp: int,
    start: dt.date,
    now: dt.datetime,
) -> None:
    set_consignment_on(conn, product_id, consigned, commission_bp, start)
    record(
        conn,
        AuditEvent(
            "consignment",
            actor,
            approver,
            "product",
            product_id,
            detail={"consigned": consigned, "commission_bp": commission_bp, "valid_from": start.isoformat()},
        ),
        now=now,
    )


def consignment_on(conn: Connection, product_id: str, on: dt.date) -> tuple[bool, int]:
    """(consigned, commission_bp) of ``product_id`` on date ``on``; not consigned without terms."""
    row = conn.execute(
        text(
            "SELECT consigned, commission_bp FROM consignment_terms WHERE product_id = :p AND valid_from <= :d "
            "ORDER BY valid_from DESC LIMIT 1"
        ),
        {"p": product_id, "d": on.isoformat()},
    ).first()
    return (False, 0) if row is None else (bool(row[0]), int(row[1]))


def consigned_products(engine: Engine, on: dt.date) -> dict[str, int]:
    """``{product_id: commission_bp}`` of every product consigned on ``on``."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT t.product_id, t.consigned, t.commission_bp FROM consignment_terms t "
                "WHERE t.valid_from = (SELECT MAX(valid_from) FROM consignment_terms u "
                "WHERE u.product_id = t.product_id AND u.valid_from <= :d)"
            ),
            {"d": on.isoformat()},
        ).all()
        conn.rollback()
    return {str(p): int(b) for p, c, b in rows if c}


def consignment_history(engine: Engine, product_id: str) -> list[ConsignmentInfo]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT valid_from, consigned, commission_bp FROM consignment_terms WHERE product_id = :p "
                "ORDER BY valid_from DESC"
            ),
            {"p": product_id},
        ).all()
        conn.rollback()
    return [ConsignmentInfo(product_id, dt.date.fromisoformat(str(d)), bool(c), int(b)) for d, c, b in rows]


def set_low_stock_on(conn: Connection, product_id: str, low_milli: int | None) -> None:
    if low_milli is None:
        conn.execute(text("DELETE FROM stock_rules WHERE product_id = :p"), {"p": product_id})
        return
    if low_milli < 0:
        raise CatalogueEditError(
            "Ngưỡng tồn thấp phải ≥ 0", "The low-stock threshold must be ≥ 0", code="bad_threshold"
        )
    conn.execute(
        text(
            "INSERT INTO stock_rules (product_id, low_milli) VALUES (:p, :q) "
            "ON CONFLICT(product_id) DO UPDATE SET low_milli = :q"
        ),
        {"p": product_id, "q": low_milli},
    )


def set_low_stock(
    engine: Engine,
    actor: StaffMember,
    product_id: str,
    low_milli: int | None,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    """List the product as low when its stock is at or below ``low_milli`` (None: never)."""
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_CATALOGUE, approval)
        _low_stock_audited(conn, actor, approver, product_id, low_milli, now)
    if approval is not None:
        approval.spend()


def _low_stock_audited(
    conn: Connection,
    actor: StaffMember,
    approver: StaffMember | None,
    product_id: str,
    low_milli: int | None,
    now: dt.datetime | None,
) -> None:
    set_low_stock_on(conn, product_id, low_milli)
    record(conn, AuditEvent("stock_rule", actor, approver, "product", product_id, amount=low_milli), now=now)


def low_stock_on(conn: Connection, product_id: str) -> int | None:
    row = conn.execute(
        text("SELECT low_milli FROM stock_rules WHERE product_id = :p"), {"p": product_id}
    ).first()
    return None if row is None else int(row[0])


def product_terms(engine: Engine, product_id: str, on: dt.date | None = None) -> ProductTerms:
    """The product's terms on ``on`` (default today): consignment and low-stock threshold."""
    with engine.connect() as conn:
        consigned, bp = consignment_on(conn, product_id, on or local_date(utcnow()))
        low = low_stock_on(conn, product_id)
        conn.rollback()
    return ProductTerms(consigned, bp if consigned else 0, low)


def check_terms(terms: ProductTerms) -> None:
    """Refuse terms that make no sense, before anything is written."""
    if not 0 <= terms.commission_bp <= 10_000:
        raise CatalogueEditError(
            "Hoa hồng phải từ 0 đến 100%", "Commission must be 0–100 %", code="bad_percent"
        )
    if terms.commission_bp and not terms.consigned:
        raise CatalogueEditError(
            "Có hoa hồng nhưng hàng không ký gửi",
            "A commission is given but the product is not consigned",
            code="commission_not_consigned",
        )
    if terms.low_milli is not None and terms.low_milli < 0:
        raise CatalogueEditError(
            "Ngưỡng tồn thấp phải ≥ 0", "The low-stock threshold must be ≥ 0", code="bad_threshold"
        )


def apply_terms_on(
    conn: Connection,
    actor: StaffMember,
    approver: StaffMember | None,
    product_id: str,
    terms: ProductTerms,
    now: dt.datetime,
) -> None:
    """Inside the product edit's transaction: change what differs from the product's current terms — the
    consignment from today (dated terms: past sales keep theirs), the low-stock rule — each audited as
    ``set_consignment`` and ``set_low_stock`` audit it. Unchanged terms write nothing."""
    check_terms(terms)
    today = local_date(now)
    if consignment_on(conn, product_id, today) != (
        terms.consigned,
        terms.commission_bp if terms.consigned else 0,
    ):
        _consignment_audited(
            conn, actor, approver, product_id, terms.consigned, terms.commission_bp, today, now
        )
    if low_stock_on(conn, product_id) != terms.low_milli:
        _low_stock_audited(conn, actor, approver, product_id, terms.low_milli, now)
