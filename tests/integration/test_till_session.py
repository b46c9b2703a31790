"""The till's use cases without a window: ``pos.till.session.TillSession`` over a real demo database.

The GUI calls these same methods (``ui/till.py`` only relays the changes as signals), so what is checked here is
what the cashier gets: a scan becomes a line with its warnings, discounts and prices above a person's limit need a
manager's approval that then covers the cart, every refusal leaves the cart as it was, and each use case reports
what it changed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pos.errors import CartError, PaymentError, PermissionDenied, PosError
from pos.payments.tenders import Tender
from pos.selling.cart import Discount
from pos.shifts.cash import CashCount
from pos.staff.permissions import Permission
from pos.till.approvals import ApprovalNeeded
from pos.till.scan import OCOP_EXPIRED, OUT_OF_STOCK, split_qty_prefix
from pos.till.session import Change, TillSession
from pos.till.terminal import Terminal

CHA_MUC = "8938390707402"  # Chả mực Hạ Long hộp 500 g, 390.000 ₫
GAT_GU = "8934656203930"  # Bánh gật gù Tiên Yên túi 500 g, 45.000 ₫
QUY_HOA_TEA = "8939807404068"  # its OCOP rating expired on 2026-11-29
SOLD_OUT = "8931218707271"


@pytest.fixture
def changes() -> list[Change]:
    return []


@pytest.fixture
def session(demo_terminal: Terminal, changes: list[Change]) -> TillSession:
    """The cashier signed in, a shift open with a counted float."""
    s = TillSession(demo_terminal, on_change=changes.append)
    s.sign_in("1111", "C01")
    s.open_shift(CashCount.of({100_000: 5}))
    changes.clear()
    return s


def test_a_scan_becomes_a_line_with_the_warnings_the_screen_shows(
    session: TillSession, changes: list[Change]
) -> None:
    added = session.add_code(CHA_MUC)
    assert (added.index, added.product.sku, added.warnings) == (0, "QN-0038", ())
    assert session.add_code(CHA_MUC, 2000).index == 0  # the same product goes onto its line
    assert session.cart.lines[0].qty_milli == 3000
    assert OCOP_EXPIRED in session.add_code(QUY_HOA_TEA).warnings
    assert OUT_OF_STOCK in session.add_code(SOLD_OUT).warnings
    assert changes == [Change.CART] * 4

    before = list(session.cart.lines)
    with pytest.raises(PosError):
        session.add_code("8930000000000")  # no such product
    assert session.cart.lines == before and changes == [Change.CART] * 4
    assert split_qty_prefix("2,5*chả") == (2500, "chả")


def test_a_discount_above_the_limit_needs_an_approval_that_then_covers_the_cart(
    session: TillSession,
) -> None:
    session.add_code(CHA_MUC)
    session.set_sale_discount(Discount(percent=5))  # within a cashier's 5 %
    with pytest.raises(ApprovalNeeded) as refused:
        session.set_sale_discount(Discount(percent=30))
    assert session.cart.sale_discount == Discount(percent=5)  # unchanged
    manager = session.approve("9999", refused.value.permissions)
    session.set_sale_discount(Discount(percent=30), manager)
    assert session.approvals_needed() == frozenset()  # the approval covers the cart as it is
    with pytest.raises(ApprovalNeeded):
        session.set_sale_discount(Discount(percent=40))  # deeper than what was approved
    assert session.cart.sale_discount == Discount(percent=30)

    sale = session.pay([Tender.cash(273_000)])  # no second PIN at payment
    with session.engine.connect() as conn:
        approved_by = conn.execute(
            text("SELECT approved_by FROM sales WHERE id = :i"), {"i": sale.id}
        ).scalar()
        manager_id = conn.execute(text("SELECT id FROM staff WHERE code = 'M01'")).scalar()
    assert approved_by == manager_id
    assert session.last_sale == sale and session.cart.is_empty and session.cart_approval is None


def test_an_approval_that_does_not_fit_changes_nothing(session: TillSession) -> None:
    session.add_code(CHA_MUC)
    spent = session.approve("9999", [Permission.DISCOUNT_ABOVE_LIMIT])
    spent.spend()
    with pytest.raises(PermissionDenied) as refused:
        session.set_sale_discount(Discount(percent=30), spent)
    assert refused.value.code == "approval_spent"
    assert session.cart.sale_discount == Discount()  # the discount was taken back


def test_a_quick_key_sells_the_product_as_it_is_now_and_refuses_a_withdrawn_one(session: TillSession) -> None:
    product = session.quick_keys(30)[0]
    assert session.product_now(product).id == product.id
    with session.engine.begin() as conn:
        conn.execute(text("UPDATE products SET active = 0 WHERE id = :i"), {"i": product.id})
    with pytest.raises(CartError) as refused:
        session.product_now(product)
    assert refused.value.code == "withdrawn" and product.name_vi in refused.value.vi


def test_exchange_rates_need_the_managers_right_or_pin(session: TillSession) -> None:
    with pytest.raises(PermissionDenied) as refused:
        session.set_fx_rate("USD 25.400")
    assert refused.value.code == "needs_approval" and "USD" not in session.fx_rates()
    with pytest.raises(PaymentError):
        session.set_fx_rate("25.400")  # no currency
    approval = session.approve("9999", [Permission.EDIT_CATALOGUE])
    assert session.set_fx_rate("usd 25.400", approval) == "USD"
    rate = session.fx_rates()["USD"]
    with session.engine.connect() as conn:
        manager_id = conn.execute(text("SELECT id FROM staff WHERE code = 'M01'")).scalar()
    assert (rate.rate_milli, rate.set_by, approval.spent) == (25_400_000, manager_id, True)


def test_parking_recalling_and_paying_report_what_they_changed(
    session: TillSession, changes: list[Change]
) -> None:
    gat_gu = session.add_code(GAT_GU).product.name_vi
    first = session.park()
    assert session.cart.is_empty and session.parked_count == 1
    session.add_code(CHA_MUC)
    changes.clear()
    swapped = session.recall(first.id)  # the open cart is parked in its place
    assert swapped is not None and [line.product.name_vi for line in session.cart.lines] == [gat_gu]
    assert changes == [Change.CART, Change.PARKED]
    assert session.next_receipt_label() == "T01-000001"
    changes.clear()
    sale = session.pay([Tender.cash(45_000)])
    assert sale.receipt_label == "T01-000001"
    assert changes == [Change.CUSTOMER_LANG, Change.CART, Change.SALE]
    assert session.find_receipt("1").sale_id == sale.id == session.last_receipt_id()


def test_the_open_cart_is_on_disk_at_every_change_and_comes_back_with_a_new_session(
    session: TillSession, demo_terminal: Terminal
) -> None:
    session.add_code(CHA_MUC)
    session.add_code(GAT_GU, 2000)
    session.set_customer_lang("en")
    again = TillSession(demo_terminal)  # the till started again after a crash
    assert again.restored is not None and again.restored.started_by == "Nguyễn Thị Lan"
    assert again.cart.lines == session.cart.lines and again.customer_lang == "en"
    session.pay([Tender.cash(session.cart.totals().total)])  # paid: the saved cart goes with the sale
    assert TillSession(demo_terminal).restored is None


def test_a_checkout_leaves_no_open_cart_and_queues_no_save_for_the_empty_cart(
    demo_terminal: Terminal,
) -> None:
    """The paid cart leaves the disk in the sale's transaction; the empty cart after it costs the database
    thread nothing (no job runs while the sale's result goes back to the screen)."""
    jobs: list[object] = []

    def background(fn: object) -> None:
        jobs.append(fn)
        fn()  # type: ignore[operator]

    s = TillSession(demo_terminal, background=background)
    s.sign_in("1111", "C01")
    s.open_shift(CashCount.of({100_000: 5}))
    s.add_code(CHA_MUC)
    s.add_code(GAT_GU)
    assert TillSession(demo_terminal).restored is not None  # the open cart is on disk
    queued = len(jobs)
    sale = s.pay([Tender.cash(s.cart.totals().total)])
    assert len(jobs) == queued and s.cart.is_empty and sale.total == 435_000
    assert TillSession(demo_terminal).restored is None
    s.add_code(GAT_GU)  # the next customer's cart is saved as before
    assert len(jobs) == queued + 1 and TillSession(demo_terminal).restored is not None
