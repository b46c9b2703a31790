"""The till's protected actions, with the permission check in the core and every one in the audit log.

``guarded_checkout`` (discount above the seller's limit, price override), ``guarded_return`` (refund),
``void_sale`` (void after payment), ``open_drawer`` (no-sale), plus ``record_line_void`` for lines removed
before payment. Closing a shift with unsent sales and paid-in/out are guarded in ``pos.shifts``.

Each takes the signed-in ``actor`` and an optional one-time ``Approval`` (``pos.staff.approval.approve``).
Without the right and without an approval they raise ``PermissionDenied`` (``code == "needs_approval"``)
before anything is written. ``approvals_needed`` tells the GUI up front which approval a cart needs.

Audit entries (and a void's ``sale_voids`` row) are written inside the sale's own checkout transaction through
``checkout(..., also=)``, so they exist exactly when the sale does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from sqlalchemy import Connection, Engine, insert, text

from pos import models
from pos.errors import ReturnError
from pos.models.rows import SaleRow
from pos.models.values import utcnow
from pos.money import format_vnd
from pos.payments.tenders import Tender
from pos.selling.cart import Cart, CartTotals
from pos.selling.checkout import AlsoWrite, CommittedSale, RawWrite, SaleContext, checkout, receipt_label
from pos.selling.fx_rates import check_rate, load_fx_rates
from pos.selling.remote_returns import check_items, current_prices, remote_return, without_original
from pos.selling.returns import ReturnableSale, find_sale, make_return
from pos.shifts.cash import ShiftError
from pos.shifts.shift import (
    SHIFT_COLUMNS,
    ShiftInfo,
    current_shift,
    no_open_shift,
    sales_clause,
    sales_params,
    shift_info,
)
from pos.staff.audit import AuditEvent, log, record
from pos.staff.directory import inactive, refresh
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, has_permission, require, require_all
from pos.staff.policy import OFFICE_LIMITS_KEY, POLICY_KEY, StorePolicy, load_policy, policy_of
from pos.sync import state


@dataclass(frozen=True, slots=True)
class CartReview:
    """What a cart needs before it may be sold by this person."""

    permissions: frozenset[Permission]
    discount_lines: tuple[int, ...]  # indexes of lines discounted beyond the seller's limit
    override_lines: tuple[int, ...]  # indexes of lines sold at a price other than the catalogue's
    max_discount_pct: int  # the largest discount on a line, percent rounded up


def review_cart(
    cart: Cart, actor: StaffMember, policy: StorePolicy, totals: CartTotals | None = None
) -> CartReview:
    """``totals``: ``cart.totals()`` as the caller just computed it (a checkout prices the cart once)."""
    totals = cart.totals() if totals is None else totals
    limit = policy.discount_limit_pct(actor.role)
    unlimited = has_permission(actor, Permission.DISCOUNT_ABOVE_LIMIT)
    over: list[int] = []
    overrides: list[int] = []
    worst = 0
    for i, p in enumerate(totals.lines):
        line = p.line
        if line.fixed_amount is None and line.unit_price != line.product.price:
            overrides.append(i)
        # A head-office promotion is the shop's price, not the seller's discount: only what the seller adds
        # on top of it counts against their limit, as a share of the promoted amount.
        promoted = p.line_discount if line.applied_promotion is not None else 0
        base = p.gross - promoted
        discount = p.line_discount + p.sale_discount - promoted
        if base > 0 and discount > 0:
            worst = max(worst, -(-discount * 100 // base))
            if not unlimited and discount * 100 > limit * base:
                over.append(i)
    needed = set()
    if over:
        needed.add(Permission.DISCOUNT_ABOVE_LIMIT)
    if overrides and not has_permission(actor, Permission.PRICE_OVERRIDE):
        needed.add(Permission.PRICE_OVERRIDE)
    return CartReview(frozenset(needed), tuple(over), tuple(overrides), worst)


def approvals_needed(
    cart: Cart, actor: StaffMember, policy: StorePolicy, totals: CartTotals | None = None
) -> frozenset[Permission]:
    """The permissions ``actor`` lacks to sell ``cart`` as it stands (empty: no approval needed)."""
    return review_cart(cart, actor, policy, totals).permissions


@dataclass(frozen=True, slots=True)
class Seller:
    """What a checkout checks before it writes: the seller as the database knows them now, the store's policy and
    the till's open shift."""

    actor: StaffMember
    policy: StorePolicy
    shift: ShiftInfo | None


_STAFF_NOW = "SELECT id, code, name, role, active FROM staff WHERE id = ?"
_POLICY_NOW = "SELECT value FROM terminal_state WHERE key = ?"
_SHIFT_NOW = (
    f"SELECT {SHIFT_COLUMNS} FROM shifts WHERE terminal_code = ? AND status = 'open' ORDER BY opened_at DESC"
)


def seller(engine: Engine, actor: StaffMember, terminal_code: str) -> Seller:
    """:class:`Seller` in three indexed reads on one pooled connection, straight on the driver.

    The same reads as ``refresh``, ``load_policy`` and ``current_shift`` (an inactive person is refused the
    same way); through SQLAlchemy each took a connection, a BEGIN and a ROLLBACK of its own, which cost more CPU
    than the sale's whole transaction, on every checkout.
    """
    pooled = engine.raw_connection()
    try:
        cur = pooled.cursor()
        try:
            staff = cur.execute(_STAFF_NOW, (actor.id,)).fetchone()
            policy = cur.execute(_POLICY_NOW, (POLICY_KEY,)).fetchone()
            office = cur.execute(_POLICY_NOW, (OFFICE_LIMITS_KEY,)).fetchone()
            shift = cur.execute(_SHIFT_NOW, (terminal_code,)).fetchone()
        finally:
            cur.close()
    finally:
        pooled.close()
    if staff is None or not staff[4]:
        raise inactive()
    return Seller(
        StaffMember(str(staff[0]), str(staff[1]), str(staff[2]), str(staff[3])),
        policy_of(None if policy is None else str(policy[0]), None if office is None else str(office[0])),
        None if shift is None else shift_info(shift),
    )


def _sale_context(
    engine: Engine,
    ctx: SaleContext,
    actor: StaffMember,
    policy: StorePolicy,
    shift: ShiftInfo | Literal[False] | None = False,
) -> SaleContext:
    """``ctx`` with the seller and the till's open shift filled in (checked when the caller gave one);
    ``shift``: the open shift as just read (False: read it now)."""
    if shift is False:
        shift = current_shift(engine, ctx.terminal_code)
    if ctx.shift_id is None:
        if shift is None and policy.require_open_shift:
            raise no_open_shift()
        ctx = replace(ctx, shift_id=shift.id if shift else None)
    elif shift is None or shift.id != ctx.shift_id:
        raise ShiftError(
            "Ca này đã đóng; hãy mở ca mới", "That shift is closed; open a new one", code="shift_closed"
        )
    return replace(ctx, cashier_id=actor.id, cashier_name=actor.name)


def check_fx_tenders(engine: Engine, tenders: Sequence[Tender], now: dt.datetime | None = None) -> None:
    """Foreign cash only at a rate still in force: a head-office rate past its ``valid_until`` is refused, online
    or not (``pos.selling.fx_rates.check_rate``)."""
    foreign = [t for t in tenders if t.method == "fx_cash" and t.currency]
    if not foreign:
        return
    rates = load_fx_rates(engine)
    for t in foreign:
        rate = rates.get(str(t.currency))
        if rate is not None:
            check_rate(rate, str(t.currency), now)


def guarded_checkout(
    engine: Engine,
    cart: Cart,
    tenders: Sequence[Tender],
    ctx: SaleContext,
    actor: StaffMember,
    *,
    approval: Approval | None = None,
    policy: StorePolicy | None = None,
    now: dt.datetime | None = None,
    also: AlsoWrite | None = None,
    also_raw: RawWrite | None = None,
    checked: Seller | None = None,
    totals: CartTotals | None = None,
) -> CommittedSale:
    """``checkout`` after checking the seller's rights over the cart's discounts and prices.

    ``also(conn, sale_row)`` writes in the sale's transaction after the audit entries; ``also_raw(cursor,
    sale_row)`` too, on the driver (the till drops its saved open cart there, so a crash never leaves a paid
    cart to be sold twice). ``checked``: :func:`seller` as the caller just read it (else it is read here);
    ``totals``: ``cart.totals()`` as the caller just computed it — the review, the audit and the sale's rows
    all use this one pricing of the cart (it was priced four times per checkout).
    """
    if checked is None:
        checked = seller(engine, actor, ctx.terminal_code)
    actor = checked.actor
    policy = policy or checked.policy
    require(actor, Permission.SELL)
    check_fx_tenders(engine, tenders, now)
    totals = cart.totals() if totals is None else totals
    review = review_cart(cart, actor, policy, totals)
    approver = require_all(actor, review.permissions, approval)
    ctx = _sale_context(engine, ctx, actor, policy, checked.shift)
    reason = approval.reason if approval is not None and approver is not None else ""
    # Head-office promotions are not the seller's discounts (the sale's note names them).
    promoted = sum(p.line_discount for p in totals.lines if p.line.applied_promotion is not None)
    audited = bool(totals.discount_total - promoted or review.override_lines)

    def audit(conn: Connection, sale_row: SaleRow) -> None:
        # Written inside the checkout transaction: the audit entries exist exactly when the sale does.
        sale_id = sale_row["id"]
        label = receipt_label(sale_row["terminal_code"], sale_row["receipt_no"])
        events = []
        if totals.discount_total - promoted:
            events.append(
                AuditEvent(
                    "discount",
                    actor,
                    approver if review.discount_lines else None,
                    "sale",
                    sale_id,
                    reason,
                    amount=totals.discount_total - promoted,
                    shift_id=ctx.shift_id,
                    terminal_code=ctx.terminal_code,
                    detail={
                        "receipt": label,
                        "max_pct": review.max_discount_pct,
                        "over_limit_lines": len(review.discount_lines),
                    },
                )
            )
        for i in review.override_lines:
            line = totals.lines[i].line
            events.append(
                AuditEvent(
                    "price_override",
                    actor,
                    approver if Permission.PRICE_OVERRIDE in review.permissions else None,
                    "sale",
                    sale_id,
                    reason,
                    amount=line.unit_price - line.product.price,
                    shift_id=ctx.shift_id,
                    terminal_code=ctx.terminal_code,
                    detail={
                        "receipt": label,
                        "sku": line.product.sku,
                        "catalogue_price": line.product.price,
                        "sold_at": line.unit_price,
                        "qty_milli": line.qty_milli,
                    },
                )
            )
        for event in events:
            record(conn, event, now=now)
        if also is not None:
            also(conn, sale_row)

    # Nothing to audit (most sales) and no SQLAlchemy write of the caller's: the transaction stays on the driver.
    sale = checkout(
        engine,
        cart,
        tenders,
        ctx,
        approved_by=approver.id if approver else None,
        now=now,
        also=audit if audited or also is not None else None,
        also_raw=also_raw,
        totals=totals,
    )
    if approval is not None and approver is not None:
        approval.spend()
    return sale


def guarded_return(
    engine: Engine,
    original: ReturnableSale,
    quantities: Mapping[str, int],
    ctx: SaleContext,
    actor: StaffMember,
    *,
    reason: str,
    approval: Approval | None = None,
    policy: StorePolicy | None = None,
    now: dt.datetime | None = None,
) -> CommittedSale:
    """A refund (``make_return``) by someone with ``REFUND`` or on an approval; the reason is required."""
    if not reason.strip():
        raise ReturnError("Cần ghi lý do trả hàng", "A reason for the return is required")
    actor = refresh(engine, actor)
    policy = policy or load_policy(engine)
    approver = require(actor, Permission.REFUND, approval)
    ctx = _sale_context(engine, ctx, actor, policy)

    def audit(conn: Connection, sale_row: SaleRow) -> None:
        # Written inside the return's transaction: the refund and its audit entry exist together or not at all.
        _audit_return(
            conn,
            "refund",
            sale_row,
            actor,
            approver,
            ctx,
            reason,
            original.terminal_code,
            original.receipt_no,
            now,
        )
        # Goods of the sale came back: its VAT refund form (if any) is void, in the same transaction.
        from pos.vat_refund.forms import void_for_return  # the tourist's forms: not loaded to start the till

        void_for_return(conn, original.sale_id, sale_row["id"], reason.strip(), now or utcnow())

    # A registered till asks head office first (another till's receipt must; ``pos.selling.remote_returns``).
    returning = remote_return if original.remote or state.read(engine, state.TOKEN) else make_return
    sale = returning(
        engine,
        original,
        quantities,
        ctx,
        approved_by=(approver or actor).id,
        reason=reason.strip(),
        now=now,
        also=audit,
    )
    if approval is not None:
        approval.spend()
    return sale


def return_without_original(
    engine: Engine,
    terminal_code: str,
    receipt_no: int,
    items: Mapping[str, int],
    ctx: SaleContext,
    actor: StaffMember,
    *,
    reason: str,
    prices: Mapping[str, int] | None = None,
    approval: Approval | None = None,
    policy: StorePolicy | None = None,
    now: dt.datetime | None = None,
) -> CommittedSale:
    """Another till's receipt while head office cannot be reached: a refund a manager approves (``APPROVE`` and
    ``REFUND``), recorded and reconciled with the original once it is found (``pos.selling.remote_returns``).

    ``prices`` (product id → unit price refunded) defaults to today's price; a price above it also needs
    ``PRICE_OVERRIDE``. Nothing is asked or written for an empty return, a quantity or a price not above 0."""
    if not reason.strip():
        raise ReturnError("Cần ghi lý do trả hàng", "A reason for the return is required")
    if terminal_code == ctx.terminal_code:
        label = receipt_label(terminal_code, receipt_no)
        raise ReturnError(
            f"{label} là hoá đơn của chính quầy này: tìm nó để trả hàng (không cần trả không kèm hoá đơn gốc)",
            f"{label} is this till's own receipt: find it to make the return (no return without the original)",
            code="own_receipt",
        )
    if not state.read(engine, state.TOKEN):
        raise ReturnError(
            "Máy này chưa đăng ký với văn phòng: không có hoá đơn của quầy khác để trả",
            "This till is not registered with head office: there is no other till's receipt to return",
            code="not_registered",
        )
    check_items(items, prices)
    actor = refresh(engine, actor)
    policy = policy or load_policy(engine)
    approver = require_all(actor, without_original_permissions(engine, items, prices), approval)
    ctx = _sale_context(engine, ctx, actor, policy)

    def audit(conn: Connection, sale_row: SaleRow) -> None:
        _audit_return(
            conn,
            "return_without_original",
            sale_row,
            actor,
            approver,
            ctx,
            reason,
            terminal_code,
            receipt_no,
            now,
        )

    sale = without_original(
        engine,
        terminal_code,
        receipt_no,
        items,
        ctx,
        approved_by=(approver or actor).id,
        reason=reason.strip(),
        prices=prices,
        now=now,
        also=audit,
    )
    if approval is not None:
        approval.spend()
    return sale


def without_original_permissions(
    engine: Engine, items: Mapping[str, int], prices: Mapping[str, int] | None = None
) -> frozenset[Permission]:
    """What a return without the original needs: a manager's approval (a refund nobody can check until the
    original arrives), and a price override for any line refunded above today's price."""
    above = False
    if prices:
        today = current_prices(engine, items)
        above = any(price > today[pid] for pid, price in prices.items() if pid in today)
    return without_original_needs(above_price=above)


def without_original_needs(*, above_price: bool) -> frozenset[Permission]:
    """The rights behind a return without the original, one rule for the core and the screen's approval words."""
    needed = {Permission.REFUND, Permission.APPROVE, Permission.RETURN_WITHOUT_ORIGINAL}
    if above_price:
        needed.add(Permission.PRICE_OVERRIDE)
    return frozenset(needed)


def void_sale(
    engine: Engine,
    terminal_code: str,
    receipt_no: int,
    ctx: SaleContext,
    actor: StaffMember,
    *,
    reason: str,
    approval: Approval | None = None,
    policy: StorePolicy | None = None,
    now: dt.datetime | None = None,
) -> CommittedSale:
    """Void a paid sale of the open shift: a full reversal, marked as a void (reports tell it from a return).

    Only a sale of the shift still open, with nothing returned yet, can be voided; anything older is a return.
    """
    if not reason.strip():
        raise ReturnError("Cần ghi lý do huỷ hoá đơn", "A reason for the void is required")
    actor = refresh(engine, actor)
    policy = policy or load_policy(engine)
    approver = require(actor, Permission.VOID_AFTER_PAYMENT, approval)
    shift = current_shift(engine, ctx.terminal_code)
    if shift is None:
        raise no_open_shift()
    original = find_sale(engine, terminal_code, receipt_no)
    with engine.connect() as conn:
        in_shift = conn.execute(
            text(f"SELECT 1 FROM sales s WHERE s.id = :id AND {sales_clause()}"),
            {"id": original.sale_id, **sales_params(shift, now or utcnow())},
        ).first()
        conn.rollback()
    label = receipt_label(terminal_code, receipt_no)
    if in_shift is None:
        raise ReturnError(
            f"Hoá đơn {label} không thuộc ca đang mở; hãy làm trả hàng",
            f"Receipt {label} is not from the open shift; make a return instead",
        )
    if any(line.qty_returned_milli for line in original.lines):
        raise ReturnError(
            f"Hoá đơn {label} đã có hàng trả lại; không huỷ được",
            f"Receipt {label} already has returns; it cannot be voided",
        )
    ctx = _sale_context(engine, ctx, actor, policy)
    note = f"Huỷ/Void: {reason.strip()}"

    def mark_void(conn: Connection, sale_row: SaleRow) -> None:
        # In the reversal's own transaction: a void is either fully recorded (reversal, void row, audit) or absent.
        reversal_id = sale_row["id"]
        conn.execute(
            insert(models.SaleVoid),
            [
                {
                    "reversal_sale_id": reversal_id,
                    "original_sale_id": original.sale_id,
                    "voided_by": actor.id,
                    "approved_by": approver.id if approver else None,
                    "reason": reason.strip(),
                    "created_at": now or utcnow(),
                }
            ],
        )
        record(
            conn,
            AuditEvent(
                "void",
                actor,
                approver,
                "sale",
                reversal_id,
                reason.strip(),
                amount=sale_row["total"],
                shift_id=ctx.shift_id,
                terminal_code=ctx.terminal_code,
                detail={
                    "receipt": receipt_label(sale_row["terminal_code"], sale_row["receipt_no"]),
                    "original": label,
                },
            ),
            now=now,
        )
        from pos.vat_refund.forms import void_for_return

        void_for_return(conn, original.sale_id, reversal_id, note, now or utcnow())

    reversal = make_return(
        engine,
        original,
        {line.line_id: line.qty_sold_milli for line in original.lines},
        ctx,
        approved_by=(approver or actor).id,
        reason=note,
        now=now,
        also=mark_void,
    )
    if approval is not None:
        approval.spend()
    return reversal


def open_drawer(
    engine: Engine,
    actor: StaffMember,
    terminal_code: str,
    *,
    reason: str,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Allow opening the cash drawer without a sale (the caller then pulses the drawer); returns the audit id."""
    if not reason.strip():
        raise ShiftError(
            "Cần ghi lý do mở két", "A reason for opening the drawer is required", code="reason_required"
        )
    actor = refresh(engine, actor)
    approver = require(actor, Permission.OPEN_DRAWER, approval)
    shift = current_shift(engine, terminal_code)
    entry = log(
        engine,
        AuditEvent(
            "drawer_open",
            actor,
            approver,
            "drawer",
            terminal_code,
            reason.strip(),
            shift_id=shift.id if shift else None,
            terminal_code=terminal_code,
        ),
        now=now,
    )
    if approval is not None:
        approval.spend()
    return entry


def record_line_void(
    engine: Engine,
    actor: StaffMember,
    terminal_code: str,
    *,
    sku: str,
    name: str,
    qty_milli: int,
    amount: int,
    reason: str = "",
    now: dt.datetime | None = None,
) -> str:
    """Log a line taken off the cart before payment (counted as a void on the Z report)."""
    shift = current_shift(engine, terminal_code)
    return log(
        engine,
        AuditEvent(
            "line_void",
            actor,
            None,
            "product",
            sku,
            reason,
            amount=amount,
            shift_id=shift.id if shift else None,
            terminal_code=terminal_code,
            detail={"name": name, "qty_milli": qty_milli, "amount": format_vnd(amount)},
        ),
        now=now,
    )


def _audit_return(
    conn: Connection,
    kind: str,
    sale_row: SaleRow,
    actor: StaffMember,
    approver: StaffMember | None,
    ctx: SaleContext,
    reason: str,
    original_terminal: str,
    original_no: int,
    now: dt.datetime | None,
) -> None:
    """A return's audit entry (``kind``: a refund, or one made without the original), naming both receipts."""
    record(
        conn,
        AuditEvent(
            kind,
            actor,
            approver,
            "sale",
            sale_row["id"],
            reason.strip(),
            amount=sale_row["total"],
            shift_id=ctx.shift_id,
            terminal_code=ctx.terminal_code,
            detail={
                "receipt": receipt_label(sale_row["terminal_code"], sale_row["receipt_no"]),
                "original": receipt_label(original_terminal, original_no),
            },
        ),
        now=now,
    )
