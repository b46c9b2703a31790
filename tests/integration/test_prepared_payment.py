"""Paying with the work prepared when the payment screen opened (``pos.till.prepared``): the cart's pricing and
the next sale's empty cart are made then, and F12 uses them only for the cart exactly as it was priced.

A real demo database; the window tests press real keys into the real till window (``tests/conftest_ui.py``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from pos.ledger.verify import verify_journal
from pos.payments.tenders import Tender
from pos.selling.cart import Discount
from pos.shifts.cash import CashCount
from pos.till.session import TillSession
from pos.till.terminal import Terminal
from tests.conftest_ui import FakeClock, human, press, scan
from ui.qt import Qt

CHA_MUC = "8938390707402"  # Chả mực Hạ Long hộp 500 g, 390.000 ₫
BA_KICH = "8936174404257"  # Rượu ba kích Ba Chẽ chai 500 ml, 240.000 ₫
GAT_GU = "8934656203930"  # Bánh gật gù Tiên Yên túi 500 g, 45.000 ₫


def _session(terminal: Terminal, today: list[dt.date] | None = None) -> TillSession:
    day = today or [dt.date.today()]
    s = TillSession(terminal, lambda: day[0])
    s.sign_in("1111", "C01")
    s.open_shift(CashCount.of({100_000: 5}))
    return s


def _sold(terminal: Terminal, sale_id: str) -> tuple[int, list[tuple[str, int, int]]]:
    with terminal.engine.connect() as conn:
        total = conn.execute(text("SELECT total FROM sales WHERE id = :i"), {"i": sale_id}).scalar_one()
        lines = conn.execute(
            text("SELECT sku, qty_milli, amount FROM sale_lines WHERE sale_id = :i ORDER BY line_no"),
            {"i": sale_id},
        ).all()
    return int(total), [tuple(r) for r in lines]


def test_an_unchanged_cart_pays_with_its_prepared_pricing_and_the_prepared_next_cart(
    demo_terminal: Terminal,
) -> None:
    s = _session(demo_terminal)
    s.add_code(CHA_MUC)
    s.add_code(GAT_GU, 2000)
    s.prepare_payment()
    prepared = s._prepared
    assert prepared is not None and prepared.totals_for(s.cart) == s.cart.totals()
    sale = s.pay([Tender.cash(480_000)])
    assert _sold(demo_terminal, sale.id) == (480_000, [("QN-0038", 1000, 390_000), ("QN-0101", 2000, 90_000)])
    assert s.cart is prepared.next_cart and s.cart.is_empty and s._prepared is None
    assert verify_journal(demo_terminal.engine).ok


def test_a_cart_changed_after_preparing_is_priced_again_and_never_sold_as_prepared(
    demo_terminal: Terminal,
) -> None:
    s = _session(demo_terminal)
    s.add_code(CHA_MUC)
    s.prepare_payment()
    s.add_code(GAT_GU)  # back to the sale: a line added
    s.set_sale_discount(Discount(percent=5))  # and a discount
    prepared = s._prepared
    assert prepared is not None and prepared.totals_for(s.cart) is None
    sale = s.pay([Tender.cash(413_250)])
    assert _sold(demo_terminal, sale.id) == (413_250, [("QN-0038", 1000, 370_500), ("QN-0101", 1000, 42_750)])

    s.add_code(BA_KICH, 2000)
    s.prepare_payment()
    s.set_qty(0, 1000)  # the quantity changed after preparing: one line object replaced
    sale = s.pay([Tender.cash(240_000)])
    assert _sold(demo_terminal, sale.id) == (240_000, [("QN-0012", 1000, 240_000)])
    assert verify_journal(demo_terminal.engine).ok


def test_the_prepared_next_cart_is_dropped_on_another_day_and_after_a_promotions_refresh(
    demo_terminal: Terminal,
) -> None:
    today = [dt.date.today()]
    s = _session(demo_terminal, today)
    s.add_code(CHA_MUC)
    s.prepare_payment()
    prepared = s._prepared
    assert prepared is not None
    today[0] += dt.timedelta(days=1)  # midnight passed on the payment screen
    s.pay([Tender.cash(390_000)])
    assert s.cart is not prepared.next_cart and s.cart.on == today[0]

    s.add_code(CHA_MUC)
    s.prepare_payment()
    s.refresh_promotions()  # a sync brought new promotions: the next cart must hold them
    assert s._prepared is None
    s.pay([Tender.cash(390_000)])
    assert s.cart.is_empty


def _sign_in(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    window.signin.pin.setFocus()
    human(qtbot, window, "1111", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    if window.current == "open_shift":
        window.open_shift.open_shift()
        qtbot.waitUntil(lambda: window.current == "sale" and window.till.idle())
    assert window.current == "sale"


def test_keys_a_line_scanned_after_going_back_from_payment_is_in_the_sale(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    _sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)  # to payment: the cart's pricing prepared
    assert window.current == "payment" and window.till.session._prepared is not None
    press(qtbot, window, Qt.Key.Key_Escape, clock)  # the customer remembers one more thing
    assert window.current == "sale"
    window.sale.search.setFocus()
    scan(qtbot, window, BA_KICH, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)  # exact cash
    assert window.current == "sale" and window.till.session.cart.is_empty
    with window.till.session.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT s.total, l.sku FROM sales s JOIN sale_lines l ON l.sale_id = s.id ORDER BY l.line_no"
            )
        ).all()
    assert [tuple(r) for r in rows] == [(630_000, "QN-0038"), (630_000, "QN-0012")]
    assert verify_journal(window.till.session.engine).ok


def _sales(window) -> int:  # type: ignore[no-untyped-def]
    with window.till.session.engine.connect() as conn:
        return int(conn.execute(text("SELECT COUNT(*) FROM sales")).scalar_one())


def test_keys_f12_twice_in_a_row_pays_once(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from ui.qt import QApplication

    _sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "payment"
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)  # before the first is answered
    clock.advance(200)
    window.wedge.poll()
    qtbot.waitUntil(lambda: window.till.idle() and window.current == "sale", timeout=15_000)
    assert _sales(window) == 1 and window.till.session.cart.is_empty


def test_keys_a_slow_commit_shows_complete_sale_disabled_until_it_is_answered(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from ui.qt import QApplication

    _sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    disk = threading.Event()
    window.till.executor.submit(lambda: disk.wait(30))  # a slow disk: the sale's job waits behind this
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F12)
    assert window.payment.paying and window.payment.complete.isEnabled()  # no restyle in the sale's way
    qtbot.waitUntil(lambda: not window.payment.complete.isEnabled(), timeout=15_000)
    assert _sales(window) == 0
    disk.set()
    qtbot.waitUntil(lambda: window.till.idle() and window.current == "sale", timeout=15_000)
    assert _sales(window) == 1 and not window.payment.paying
