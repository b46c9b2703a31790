"""Every protected till action: refused for a cashier without approval (nothing written), allowed with a
manager's PIN, and in the audit log with who asked, who approved and why."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.db import write_tx
from pos.errors import PermissionDenied, ReturnError
from pos.money import div_round_half_up
from pos.payments.tenders import Tender
from pos.receipts.from_sale import receipt_doc
from pos.selling.cart import Discount
from pos.selling.checkout import CommittedSale, SaleContext
from pos.selling.returns import find_sale
from pos.shifts.cash import CashCount, ShiftError
from pos.shifts.close import close_shift
from pos.shifts.shift import open_shift, paid_out
from pos.staff.approval import approve
from pos.staff.audit import entries
from pos.staff.auth import authenticate
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission
from pos.staff.policy import load_policy
from pos.sync import state
from pos.till.guarded import (
    approvals_needed,
    guarded_checkout,
    guarded_return,
    open_drawer,
    record_line_void,
    void_sale,
)
from pos.till.terminal import Terminal
from tests.integration.test_store_support import build_template, open_shop

T = "T01"
TABLES = ("sales", "payments", "stock_moves", "cash_movements", "sale_voids", "z_reports")


@dataclass
class Day:
    t: Terminal
    secret: str
    cashier: StaffMember
    manager: StaffMember
    first_sale: CommittedSale

    def approval(self, permission: Permission, pin: str = "9999") -> Approval:
        return approve(
            self.t.engine,
            self.secret,
            pin,
            [permission],
            requested_by=self.cashier,
            reason="quản lý đồng ý / manager agreed",
            terminal_code=T,
        )

    def counts(self) -> dict[str, int]:
        with self.t.engine.connect() as conn:
            return {n: int(conn.execute(text(f"SELECT COUNT(*) FROM {n}")).scalar_one()) for n in TABLES}


def _code(t: Terminal, sku: str) -> str:
    with t.engine.connect() as conn:
        return str(
            conn.execute(
                text(
                    "SELECT MIN(b.code) FROM barcodes b JOIN products p ON p.id = b.product_id "
                    "WHERE p.sku = :s"
                ),
                {"s": sku},
            ).scalar_one()
        )


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("shop"))


@pytest.fixture
def day(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Day]:
    shop = open_shop(template, tmp_path, monkeypatch)
    terminal, secret = shop.t, shop.secret
    cashier = authenticate(terminal.engine, secret, "1111", staff_code="C01")
    manager = authenticate(terminal.engine, secret, "9999", staff_code="M01")
    open_shift(terminal.engine, cashier, T, CashCount.of({100_000: 10}))
    cart = terminal.new_cart()
    cart.add(terminal.catalogue.resolve(_code(terminal, "QN-0007")), 2000)
    sale = guarded_checkout(
        terminal.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(T), cashier
    )
    yield Day(terminal, secret, cashier, manager, sale)
    terminal.close()


def _discount(d: Day, approval: Approval | None) -> None:
    cart = d.t.new_cart()
    cart.add(d.t.catalogue.resolve(_code(d.t, "QN-0008")), 1000)
    cart.set_sale_discount(Discount(percent=30))
    assert approvals_needed(cart, d.cashier, load_policy(d.t.engine)) == {Permission.DISCOUNT_ABOVE_LIMIT}
    guarded_checkout(d.t.engine, cart, [Tender.cash(200_000)], SaleContext(T), d.cashier, approval=approval)


def _price_override(d: Day, approval: Approval | None) -> None:
    cart = d.t.new_cart()
    cart.add(d.t.catalogue.resolve(_code(d.t, "QN-0008")), 1000)
    cart.set_unit_price(0, 120_000)
    assert approvals_needed(cart, d.cashier, load_policy(d.t.engine)) == {Permission.PRICE_OVERRIDE}
    guarded_checkout(d.t.engine, cart, [Tender.cash(120_000)], SaleContext(T), d.cashier, approval=approval)


def _void(d: Day, approval: Approval | None) -> None:
    void_sale(
        d.t.engine,
        T,
        d.first_sale.receipt_no,
        SaleContext(T),
        d.cashier,
        reason="bấm nhầm / keyed wrong",
        approval=approval,
    )


def _refund(d: Day, approval: Approval | None) -> None:
    original = find_sale(d.t.engine, T, d.first_sale.receipt_no)
    guarded_return(
        d.t.engine,
        original,
        {original.lines[0].line_id: 1000},
        SaleContext(T),
        d.cashier,
        reason="hàng lỗi / faulty",
        approval=approval,
    )


def _drawer(d: Day, approval: Approval | None) -> None:
    open_drawer(d.t.engine, d.cashier, T, reason="đổi tiền lẻ / change for a customer", approval=approval)


def _close_unsent(d: Day, approval: Approval | None) -> None:
    close_shift(
        d.t.engine,
        d.cashier,
        T,
        CashCount.of({100_000: 10, 50_000: 5, 20_000: 1}),
        approval=approval,
        close_unsent=True,
    )


def _paid_out(d: Day, approval: Approval | None) -> None:
    paid_out(d.t.engine, d.cashier, T, 30_000, "mua túi nilon / bags", approval=approval)


ACTIONS: dict[str, tuple[Callable[[Day, Approval | None], None], Permission, str]] = {
    "discount above limit": (_discount, Permission.DISCOUNT_ABOVE_LIMIT, "discount"),
    "price override": (_price_override, Permission.PRICE_OVERRIDE, "price_override"),
    "void after payment": (_void, Permission.VOID_AFTER_PAYMENT, "void"),
    "refund": (_refund, Permission.REFUND, "refund"),
    "open drawer without a sale": (_drawer, Permission.OPEN_DRAWER, "drawer_open"),
    "close a shift with unsent sales": (_close_unsent, Permission.CLOSE_SHIFT_UNSENT, "shift_close_unsent"),
    "paid-out": (_paid_out, Permission.PAID_IN_OUT, "paid_out"),
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_refused_without_approval_allowed_with_a_manager_pin_and_logged(day: Day, name: str) -> None:
    act, permission, action = ACTIONS[name]
    before = day.counts()
    audit_before = len(entries(day.t.engine))
    with pytest.raises(PermissionDenied) as refused:
        act(day, None)
    assert refused.value.code == "needs_approval"
    assert refused.value.message("vi") and refused.value.message("en")
    assert day.counts() == before, "a refused action wrote nothing"
    assert len(entries(day.t.engine)) == audit_before

    act(day, day.approval(permission))
    logged = [e for e in entries(day.t.engine) if e.action == action]
    assert logged, f"{action} is in the audit log"
    entry = logged[0]
    assert entry.actor_name == "Nguyễn Thị Lan" and entry.approver_name == "Phạm Thu Hà"
    assert entry.terminal_code == T and entry.shift_id is not None
    assert entry.reason  # why: the action's reason or the approval's


def test_an_approval_authorises_one_action_only(day: Day) -> None:
    approval = day.approval(Permission.OPEN_DRAWER)
    _drawer(day, approval)
    with pytest.raises(PermissionDenied) as again:
        _drawer(day, approval)
    assert again.value.code == "approval_spent"


def test_a_shift_lead_cannot_approve_a_large_discount_and_the_refusal_is_logged(day: Day) -> None:
    with pytest.raises(PermissionDenied) as info:
        day.approval(Permission.DISCOUNT_ABOVE_LIMIT, pin="2222")
    assert info.value.code == "approver_rights"
    failed = entries(day.t.engine, actions=("approval_failed",))
    assert failed[0].approver_name == "Trần Văn Hùng" and failed[0].actor_name == "Nguyễn Thị Lan"
    with pytest.raises(PermissionDenied) as wrong:
        day.approval(Permission.REFUND, pin="8888")
    assert wrong.value.code == "wrong_pin"


def test_the_sellers_own_limits(day: Day) -> None:
    policy = load_policy(day.t.engine)
    cart = day.t.new_cart()
    cart.add(day.t.catalogue.resolve(_code(day.t, "QN-0008")), 1000)
    cart.set_line_discount(0, Discount(percent=policy.discount_limit_pct_cashier))
    assert approvals_needed(cart, day.cashier, policy) == frozenset()  # at the limit is allowed
    cart.set_line_discount(0, Discount(percent=policy.discount_limit_pct_cashier + 1))
    assert approvals_needed(cart, day.cashier, policy) == {Permission.DISCOUNT_ABOVE_LIMIT}
    assert approvals_needed(cart, day.manager, policy) == frozenset()
    sale = guarded_checkout(
        day.t.engine, cart, [Tender.card(cart.totals().total, "X1")], SaleContext(T), day.manager
    )
    with day.t.engine.connect() as conn:
        approved_by, cashier = conn.execute(
            text("SELECT approved_by, cashier_name FROM sales WHERE id = :i"), {"i": sale.id}
        ).one()
    assert approved_by is None and cashier == "Phạm Thu Hà"  # the manager sold on their own rights


def test_sales_need_an_open_shift_and_carry_its_id(day: Day) -> None:
    with day.t.engine.connect() as conn:
        shift_id = conn.execute(text("SELECT shift_id FROM sales")).scalar_one()
        open_id = conn.execute(text("SELECT id FROM shifts WHERE status = 'open'")).scalar_one()
    assert shift_id == open_id
    close_shift(
        day.t.engine, day.manager, T, CashCount.of({100_000: 12, 50_000: 1, 20_000: 1}), close_unsent=True
    )
    cart = day.t.new_cart()
    cart.add(day.t.catalogue.resolve(_code(day.t, "QN-0008")), 1000)
    with pytest.raises(ShiftError) as info:
        guarded_checkout(day.t.engine, cart, [Tender.cash(150_000)], SaleContext(T), day.cashier)
    assert info.value.code == "no_open_shift"


def test_a_void_is_only_for_the_open_shift_and_only_once(day: Day) -> None:
    _void(day, day.approval(Permission.VOID_AFTER_PAYMENT))
    with pytest.raises(ReturnError) as twice:
        _void(day, day.approval(Permission.VOID_AFTER_PAYMENT))
    assert "already" in twice.value.en
    cart = day.t.new_cart()
    cart.add(day.t.catalogue.resolve(_code(day.t, "QN-0008")), 1000)
    sale = guarded_checkout(day.t.engine, cart, [Tender.cash(150_000)], SaleContext(T), day.cashier)
    close_shift(day.t.engine, day.manager, T, CashCount.of({100_000: 11, 50_000: 1}), close_unsent=True)
    open_shift(day.t.engine, day.cashier, T, CashCount.of({100_000: 5}))
    with pytest.raises(ReturnError) as old:
        void_sale(day.t.engine, T, sale.receipt_no, SaleContext(T), day.manager, reason="x")
    assert "return instead" in old.value.en


def test_lines_removed_before_payment_are_logged_for_the_z_report(day: Day) -> None:
    record_line_void(
        day.t.engine,
        day.cashier,
        T,
        sku="QN-0008",
        name="Chè",
        qty_milli=1000,
        amount=150_000,
        reason="khách đổi ý",
    )
    entry = entries(day.t.engine, actions=("line_void",))[0]
    assert entry.amount == 150_000 and entry.shift_id is not None


def test_a_head_office_promotion_needs_no_approval_and_is_not_the_sellers_discount(day: Day) -> None:
    """Only what the seller adds on top of a promotion counts against their limit and is audited as theirs."""
    policy = load_policy(day.t.engine)
    big = policy.discount_limit_pct_cashier + 20
    promo = {"id": "p1", "code": "TET", "name_vi": "Tết", "kind": "percent", "value": big, "scope": "product"}
    with write_tx(day.t.engine) as conn:
        state.put(conn, state.PROMOTION_PREFIX + "p1", json.dumps({**promo, "target": "QN-0008"}))
    cart = day.t.new_cart()
    cart.add(day.t.catalogue.resolve(_code(day.t, "QN-0008")), 1000)
    gross = cart.totals().lines[0].gross
    assert cart.lines[0].applied_promotion is not None
    assert cart.totals().lines[0].line_discount == div_round_half_up(gross * big, 100)
    assert approvals_needed(cart, day.cashier, policy) == frozenset()
    cart.set_sale_discount(Discount(percent=policy.discount_limit_pct_cashier + 1))
    assert approvals_needed(cart, day.cashier, policy) == {Permission.DISCOUNT_ABOVE_LIMIT}
    cart.set_sale_discount(Discount(amount=1_000))
    audit_before = {e.id for e in entries(day.t.engine)}
    sale = guarded_checkout(
        day.t.engine, cart, [Tender.card(cart.totals().total, "X2")], SaleContext(T), day.cashier
    )
    logged = [e for e in entries(day.t.engine) if e.id not in audit_before and e.action == "discount"]
    assert [e.amount for e in logged] == [1_000]  # the seller's own discount only
    with day.t.engine.connect() as conn:
        note, line_discount = conn.execute(
            text(
                "SELECT s.note, l.line_discount FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE s.id = :i"
            ),
            {"i": sale.id},
        ).one()
    assert note == "KM TET (Tết): dòng 1" and line_discount == cart.totals().lines[0].line_discount > 0
    doc = receipt_doc(day.t.engine, sale.id)  # the receipt names the promotion and shows the line's discount
    assert doc.note == note and doc.lines[0].discount == line_discount
