"""A scripted day at the shop, end to end through the real core: the Z report is checked to the đồng against the
sales made in the test, and every product's stock against before + receipts − sales + returns + adjustments."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.errors import PermissionDenied
from pos.inventory.adjustments import adjust_stock
from pos.inventory.receiving import ReceivingSession, receive_goods
from pos.inventory.stock import stock_map
from pos.ledger.verify import verify_journal
from pos.payments.tenders import Tender
from pos.selling.cart import Discount
from pos.selling.checkout import SaleContext
from pos.selling.returns import find_sale
from pos.shifts.cash import CashCount, ShiftError
from pos.shifts.close import close_shift, load_z_report, x_report
from pos.shifts.shift import open_shift, paid_out
from pos.staff.approval import approve
from pos.staff.audit import entries, verify_audit
from pos.staff.auth import authenticate
from pos.staff.permissions import Permission
from pos.till.guarded import guarded_checkout, guarded_return, void_sale
from pos.till.terminal import Terminal
from pos.vat import breakdown
from tests.integration.test_store_support import Shop, build_template, open_shop

T = "T01"


@pytest.fixture
def shop(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Shop]:
    s = open_shop(build_template(tmp_path_factory.mktemp("shop")), tmp_path, monkeypatch)
    yield s
    s.t.close()


def skus(t: Terminal) -> dict[str, str]:
    with t.engine.connect() as conn:
        return {
            str(s): str(b)
            for s, b in conn.execute(
                text(
                    "SELECT p.sku, MIN(b.code) FROM products p JOIN barcodes b ON b.product_id = p.id GROUP BY p.sku"
                )
            )
        }


def test_a_scripted_day_balances_to_the_dong(shop: Shop) -> None:
    t, secret = shop.t, shop.secret
    cashier = authenticate(t.engine, secret, "1111", terminal_code=T)
    code = skus(t)
    stock_before = stock_map(t.engine)
    expected_stock_change: dict[str, int] = defaultdict(
        int
    )  # product id → qty_milli, from the test's own record

    float_count = CashCount.of({100_000: 5, 50_000: 4, 10_000: 10})  # 800 000 ₫
    shift = open_shift(t.engine, cashier, T, float_count)
    assert shift.opening_float == 800_000

    ctx = SaleContext(T)
    sales: list[
        tuple[int, dict[str, int], int, list[tuple[int, int]]]
    ] = []  # total, methods, discount, vat pairs
    cash_in_drawer = 800_000

    def sell(
        items: list[tuple[str, int]],
        tenders_for: object,
        discount: Discount | None = None,
        approval: object = None,
    ) -> object:
        nonlocal cash_in_drawer
        cart = t.new_cart()
        for sku, qty in items:
            cart.add(t.catalogue.resolve(code[sku]), qty)
        if discount is not None:
            cart.set_sale_discount(discount)
        totals = cart.totals()
        tenders = tenders_for(totals.total)  # type: ignore[operator]
        sale = guarded_checkout(t.engine, cart, tenders, ctx, cashier, approval=approval)  # type: ignore[arg-type]
        methods: dict[str, int] = defaultdict(int)
        for tender in tenders:
            methods[tender.method] += tender.amount
        change = sum(x.amount for x in tenders) - totals.total
        if change:
            cash_in_drawer -= change
            methods["cash"] -= change
        cash_in_drawer += sum(x.amount for x in tenders if x.method == "cash")
        sales.append(
            (
                totals.total,
                dict(methods),
                totals.discount_total,
                [(p.vat_rate, p.amount) for p in totals.lines],
            )
        )
        for p in totals.lines:
            expected_stock_change[p.line.product.id] -= p.line.qty_milli
        return sale

    # 1. cash with change; 2. VietQR; 3. card + cash split; 4. a 5 % discount (within a cashier's limit)
    s1 = sell([("QN-0007", 2000), ("QN-0011", 1000)], lambda due: [Tender.cash(due + 30_000)])
    sell([("QN-0005", 1000)], lambda due: [Tender.vietqr(due, "T01-000002")])
    sell(
        [("QN-0008", 3000), ("QN-0012", 1000)],
        lambda due: [Tender.card(200_000, "A1"), Tender.cash(due - 200_000)],
    )
    sell([("QN-0009", 2000)], lambda due: [Tender.card(due, "A2")], Discount(percent=5))

    # 5. a 20 % discount: refused for the cashier, sold with the manager's PIN
    cart = t.new_cart()
    cart.add(t.catalogue.resolve(code["QN-0006"]), 1000)
    cart.set_sale_discount(Discount(percent=20))
    with pytest.raises(PermissionDenied) as refused:
        guarded_checkout(t.engine, cart, [Tender.cash(10_000_000)], ctx, cashier)
    assert refused.value.code == "needs_approval"
    ok = approve(
        t.engine,
        secret,
        "9999",
        [Permission.DISCOUNT_ABOVE_LIMIT],
        requested_by=cashier,
        reason="khách quen / regular customer",
    )
    sell([("QN-0006", 1000)], lambda due: [Tender.cash(due)], Discount(percent=20), approval=ok)

    # 6. foreign cash only: the change comes out of the đồng drawer
    sell([("QN-0010", 1000)], lambda due: [Tender.fx_cash("USD", 5, 25_400_000)])

    # A return of one unit of sale 1 (refund needs REFUND: the cashier gets the shift lead's PIN)
    original = find_sale(t.engine, T, s1.receipt_no)  # type: ignore[attr-defined]
    line = next(x for x in original.lines if x.sku == "QN-0007")
    lead_ok = approve(t.engine, secret, "2222", [Permission.REFUND], requested_by=cashier, reason="hàng lỗi")
    ret = guarded_return(
        t.engine, original, {line.line_id: 1000}, ctx, cashier, reason="vỡ nắp / broken lid", approval=lead_ok
    )
    refund = -ret.total
    assert refund == line.amount // 2 or refund == (line.amount + 1) // 2
    cash_in_drawer -= refund  # sale 1 was paid in cash
    expected_stock_change[line.product_id] += 1000

    # A void of sale 2 right after payment (the manager approves)
    s_void = sales[1]
    void_ok = approve(
        t.engine, secret, "9999", [Permission.VOID_AFTER_PAYMENT], requested_by=cashier, reason="khách đổi ý"
    )
    void = void_sale(t.engine, T, 2, ctx, cashier, reason="khách đổi ý / changed mind", approval=void_ok)
    assert void.total == -s_void[0]
    for sku_, qty in [("QN-0005", 1000)]:
        expected_stock_change[t.catalogue.resolve(code[sku_]).product.id] += qty

    # Paid-out for a delivery tip, approved by the shift lead
    out_ok = approve(t.engine, secret, "2222", [Permission.PAID_IN_OUT], requested_by=cashier)
    paid_out(t.engine, cashier, T, 50_000, "tiền xăng giao hàng / delivery fuel", approval=out_ok)
    cash_in_drawer -= 50_000

    # Receiving (the manager, directly) and an adjustment (tasting samples)
    manager = authenticate(t.engine, secret, "9999", terminal_code=T)
    session = ReceivingSession(t.catalogue)
    session.scan(code["QN-0007"], 12_000, unit_cost=90_000, batch="L2611", expiry=dt.date(2027, 6, 30))
    session.scan(code["QN-0011"], 6_000)
    receive_goods(t.engine, manager, session.lines, reference="PN-001")
    for ln in session.lines:
        expected_stock_change[ln.product_id] += ln.qty_milli
    sample_id = t.catalogue.resolve(code["QN-0009"]).product.id
    adjust_stock(t.engine, manager, sample_id, -2000, "samples", note="khách du lịch nếm thử")
    expected_stock_change[sample_id] -= 2000

    # The X report mid-shift is refused to the cashier (the blind count stays blind) and resets nothing
    with pytest.raises(PermissionDenied):
        x_report(t.engine, cashier, T)
    x = x_report(t.engine, manager, T)

    # Close with a short count: 20 000 ₫ missing. Sales are unsent → the cashier needs approval.
    counted_total = cash_in_drawer - 20_000
    counted = _count_for(counted_total)
    with pytest.raises(ShiftError) as unsent:
        close_shift(t.engine, cashier, T, counted)
    assert unsent.value.code == "unsent_sales"
    with pytest.raises(PermissionDenied) as needs:
        close_shift(t.engine, cashier, T, counted, close_unsent=True)
    assert needs.value.code == "needs_approval"
    close_ok = approve(t.engine, secret, "9999", [Permission.CLOSE_SHIFT_UNSENT], requested_by=cashier)
    z = close_shift(t.engine, cashier, T, counted, approval=close_ok, close_unsent=True)

    # --- The Z report against the test's own figures --------------------------------------------------------
    sales_total = sum(s[0] for s in sales)
    assert z.kind == "Z" and z.z_no == 1
    assert z.sales_count == len(sales) == 6
    assert z.sales_total == sales_total
    assert z.discounts_total == sum(s[2] for s in sales) > 0
    assert z.discounts_count == 2
    assert z.gross_before_discounts == sales_total + z.discounts_total
    assert (z.returns_count, z.returns_total) == (1, -refund)
    assert (z.voids_count, z.voids_total) == (1, -s_void[0])
    assert z.net_total == sales_total - refund - s_void[0]
    methods: dict[str, int] = defaultdict(int)
    for _total, by, _d, _v in sales:
        for m, a in by.items():
            methods[m] += a
    methods["cash"] -= refund
    methods["vietqr"] -= s_void[0]
    assert {m.method: m.amount for m in z.by_method} == dict(methods)
    assert sum(m.amount for m in z.by_method) == z.net_total
    per_sale_vat = [breakdown(s[3]) for s in sales]
    vat_expected: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for rows in per_sale_vat:
        for r in rows:
            vat_expected[r.rate_pct][0] += r.gross
            vat_expected[r.rate_pct][1] += r.vat
    with t.engine.connect() as conn:  # the return and the void carry their own VAT rows (negative)
        for rate, gross, vat in conn.execute(
            text(
                "SELECT v.rate_pct, v.gross, v.vat FROM sale_vat v JOIN sales s ON s.id = v.sale_id "
                "WHERE s.kind = 'return'"
            )
        ):
            vat_expected[rate][0] += gross
            vat_expected[rate][1] += vat
    assert {v.rate_pct: [v.gross, v.vat] for v in z.vat} == dict(vat_expected)
    assert sum(v.gross for v in z.vat) == z.net_total
    assert z.foreign_cash[0].currency == "USD" and z.foreign_cash[0].foreign_amount == 5
    assert z.opening_float == 800_000 and z.paid_out == 50_000 and z.paid_in == 0
    assert z.expected_cash == cash_in_drawer
    assert z.counted_cash == counted_total and z.over_short == -20_000
    assert x.kind == "X" and x.sales_total == z.sales_total and x.z_no is None

    # Stored, numbered, reloadable; the shift is closed
    assert load_z_report(t.engine, T, 1) == z
    with t.engine.connect() as conn:
        status, exp, cnt = conn.execute(text("SELECT status, expected_cash, counted_cash FROM shifts")).one()
        shift_ids = {r[0] for r in conn.execute(text("SELECT DISTINCT shift_id FROM sales"))}
    assert (status, exp, cnt) == ("closed", cash_in_drawer, counted_total)
    assert shift_ids == {shift.id}

    # --- Stock: after = before + receipts − sales + returns + adjustments, for every product -------------------
    after = stock_map(t.engine)
    for pid, qty in after.items():
        assert qty == stock_before.get(pid, 0) + expected_stock_change.get(pid, 0), pid

    # --- The audit log holds every protected action, with who asked and who approved --------------------------
    log = entries(t.engine)
    by_action = defaultdict(list)
    for e in log:
        by_action[e.action].append(e)
    assert by_action["discount"][0].approver_name == "Phạm Thu Hà" or any(
        e.approver_name == "Phạm Thu Hà" for e in by_action["discount"]
    )
    assert by_action["refund"][0].approver_name == "Trần Văn Hùng" and by_action["refund"][0].reason
    assert by_action["void"][0].approver_name == "Phạm Thu Hà"
    assert by_action["paid_out"][0].amount == -50_000
    assert by_action["shift_close"][0].amount == -20_000 and by_action["shift_close"][0].approver_name
    assert {"sign_in", "shift_open", "receive", "adjust", "x_report"} <= set(by_action)
    assert verify_audit(t.engine).ok
    assert verify_journal(t.engine).ok  # voids and returns went through the journaled checkout


def _count_for(amount: int) -> CashCount:
    notes = {}
    left = amount
    for note in (500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000):
        notes[note], left = divmod(left, note)
    assert left == 0, "the till in this test holds whole thousands"
    return CashCount.of(notes)
