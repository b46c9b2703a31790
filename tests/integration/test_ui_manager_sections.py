"""The manager's sections added inside the till: receiving a delivery by scanning and products/prices edited on
screen, through the real widgets and the core's rules (rights, ledger, price dates, audit)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from pos.inventory.prices import price_history
from pos.inventory.stock import stock_of
from tests.conftest_ui import FakeClock, human, on_dialogs, press, scan, type_into
from ui.qt import QDate, Qt

CHA_MUC = "8938390707402"  # QN-0038, Chả mực Hạ Long hộp 500 g, 390.000 ₫
GAT_GU = "8934656203930"  # QN-0101


def manager_signed_in(qtbot, window, clock: FakeClock, code: str = "M01", pin: str = "9999") -> None:  # type: ignore[no-untyped-def]
    window.signin.choose_code(code)
    human(qtbot, window, pin, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    window.switch_language("en")


def test_receiving_a_delivery_by_scanning(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    manager_signed_in(qtbot, window, clock)
    window.go("manager")
    screen = window.manager.go_section("receiving")
    product = window.till.session.terminal.catalogue.resolve(CHA_MUC).product
    before = stock_of(window.till.session.engine, product.id)
    screen.qty.setText("12")
    screen.cost.setText("250.000")
    screen.batch.setText("L2611")
    screen.expiry.setText("30/11/2027")
    scan(qtbot, window, CHA_MUC, clock)  # the scanner's code goes to the receiving section
    scan(qtbot, window, CHA_MUC, clock)  # the same carton again: one line, 24
    screen.qty.setText("5")
    screen.cost.clear()
    screen.batch.clear()
    screen.expiry.setText("31/02/2027")  # no such day
    scan(qtbot, window, GAT_GU, clock)
    assert screen.message.text() and len(screen.session.lines) == 1  # refused with the reason, nothing added
    screen.expiry.clear()
    scan(qtbot, window, GAT_GU, clock)
    assert [(x.sku, x.qty_milli, x.unit_cost, x.batch) for x in screen.session.lines] == [
        ("QN-0038", 24_000, 250_000, "L2611"),
        ("QN-0101", 5_000, window.till.session.terminal.catalogue.resolve(GAT_GU).product.cost, None),
    ]
    screen.reference.setText("PGH-77")
    qtbot.mouseClick(screen.post_button, Qt.MouseButton.LeftButton)
    assert screen.posted is not None and not screen.session.lines
    assert stock_of(window.till.session.engine, product.id) == before + 24_000
    with window.till.session.engine.connect() as conn:
        audit = conn.execute(text("SELECT actor_name, amount FROM audit_log WHERE action = 'receive'")).all()
    assert [tuple(a) for a in audit] == [("Phạm Thu Hà", screen.posted.total_cost)]


def test_prices_from_a_date_new_products_and_a_shift_lead_needs_approval(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    """Prices: one from a later date leaves today's price alone; today's applies at once; both audited."""
    manager_signed_in(qtbot, window, clock)
    window.go("manager")
    screen = window.manager.go_section("products")
    scan(qtbot, window, CHA_MUC, clock)  # opens the product
    assert screen.sku.text() == "QN-0038" and screen.sku.isReadOnly()
    pid = screen.product_id
    assert pid is not None
    later = dt.date.today() + dt.timedelta(days=14)
    screen.price.setText("410.000")
    screen.price_from.setDate(QDate(later.year, later.month, later.day))
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.message.isHidden()
    assert window.till.session.terminal.catalogue.by_id(pid).price == 390_000  # still today's price
    upcoming = [e for e in price_history(window.till.session.engine, pid) if not e.applied]
    assert [(e.valid_from, e.price) for e in upcoming] == [(later, 410_000)]

    screen.name_en.setText("Hạ Long squid cakes, 500 g gift box")
    screen.price.setText("395.000")
    screen.price_from.setDate(QDate.currentDate())
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    product = window.till.session.terminal.catalogue.by_id(pid)
    assert product.price == 395_000 and product.name_en == "Hạ Long squid cakes, 500 g gift box"

    # a new product with a bad barcode: every problem is named, nothing is created
    qtbot.mouseClick(screen.new_button, Qt.MouseButton.LeftButton)
    screen.sku.setText("QN-9001")
    screen.name_vi.setText("Trà hoa vàng túi lọc")
    screen.price.setText("85.000")
    screen.barcodes.setText("8938390707403")  # wrong check digit
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.product_id is None and screen.message.text()
    screen.barcodes.clear()
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert (
        screen.product_id is not None and window.till.session.terminal.catalogue.by_sku("QN-9001") is not None
    )

    # the shift lead may post deliveries but not edit prices: the core asks for a manager's PIN
    window.sign_out()
    manager_signed_in(qtbot, window, clock, "S01", "2222")
    assert not window.till.session.may_manage
    from ui.manager.products import ProductsScreen

    lead_screen = ProductsScreen(
        window.till.session.terminal, window.till.session.staff, window.approval_asker("approve")
    )
    qtbot.addWidget(lead_screen)
    lead_screen.open_product(pid)
    lead_screen.price.setText("399.000")
    on_dialogs(type_into(qtbot, window, clock, "9999"))
    assert lead_screen.save() == pid
    assert window.till.session.terminal.catalogue.by_id(pid).price == 399_000
    with window.till.session.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT actor_name, approver_name FROM audit_log WHERE action = 'price_change' ORDER BY seq")
        ).all()
    assert [tuple(r) for r in rows][-1] == ("Trần Văn Hùng", "Phạm Thu Hà")


def test_a_manager_can_look_at_the_shop_before_opening_a_shift(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from pos.shifts.cash import CashCount
    from pos.shifts.close import close_shift
    from pos.staff.auth import authenticate

    engine = window.till.session.engine
    boss = authenticate(engine, window.till.session.secret, "9999", staff_code="M01")
    close_shift(engine, boss, "T01", CashCount.of({100_000: 5, 50_000: 4, 10_000: 10}))
    manager_signed_in(qtbot, window, clock)
    assert window.current == "open_shift"
    assert window.header.manager.isVisible() and not window.header.menu.isVisible()
    qtbot.mouseClick(window.header.manager, Qt.MouseButton.LeftButton)
    assert window.current == "manager"
    reports = window.manager.go_section("reports")
    assert reports.table is not None
    press(qtbot, window, Qt.Key.Key_Escape, clock)
    assert window.current == "open_shift"  # back to the till: the shift is still to be opened


def test_consignment_and_low_stock_in_the_product_editor(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """Consigned yes/no, the shop's commission and the low-stock threshold are edited with the product, saved in
    its transaction and audited; a bad number changes nothing; a shift lead's edit needs one manager PIN."""
    from pos.inventory.alerts import low_stock
    from pos.inventory.terms import ProductTerms, product_terms
    from ui.manager.products import ProductsScreen

    def audit(action: str) -> list[tuple[object, ...]]:
        with window.till.session.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT actor_name, approver_name, amount, detail FROM audit_log "
                    "WHERE action = :a AND subject_id = :p ORDER BY seq"
                ),
                {"a": action, "p": pid},
            ).all()
        return [tuple(r) for r in rows]

    manager_signed_in(qtbot, window, clock)
    window.go("manager")
    screen = window.manager.go_section("products")
    scan(qtbot, window, GAT_GU, clock)
    pid = screen.product_id
    assert pid is not None
    assert product_terms(window.till.session.engine, pid) == ProductTerms()
    assert (
        not screen.consigned.isChecked() and not screen.commission.isEnabled() and not screen.low_stock.text()
    )

    screen.consigned.click()  # the form scrolls: the box may be out of view
    assert screen.commission.isEnabled()
    stock = window.till.session.terminal.catalogue.by_id(pid).stock_milli
    for commission, low, error in (
        ("150", "5", "0–100"),
        ("12,5", "abc", "low-stock threshold"),
        ("x", "", "percentage"),
    ):
        screen.name_en.setText("Tiên Yên rice crackers (renamed)")
        screen.commission.setText(commission)
        screen.low_stock.setText(low)
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
        assert error in screen.message.text() and not screen.message.isHidden()
        assert (
            product_terms(window.till.session.engine, pid) == ProductTerms()
        )  # nothing saved, not even the name
        assert window.till.session.terminal.catalogue.by_id(pid).name_en != "Tiên Yên rice crackers (renamed)"

    screen.commission.setText("12,5")
    screen.low_stock.setText(str(stock // 1000 + 1))
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.message.isHidden()
    assert product_terms(window.till.session.engine, pid) == ProductTerms(
        True, 1250, stock + 1000 - stock % 1000
    )
    assert window.till.session.terminal.catalogue.by_id(pid).name_en == "Tiên Yên rice crackers (renamed)"
    assert pid in [s.product_id for s in low_stock(window.till.session.engine)]
    assert [(a[0], a[1]) for a in audit("consignment")] == [("Phạm Thu Hà", "")]
    assert '"commission_bp": 1250' in str(audit("consignment")[0][3])
    assert [(a[0], a[2]) for a in audit("stock_rule")] == [("Phạm Thu Hà", stock + 1000 - stock % 1000)]
    screen.open_product(pid)  # shown back as saved
    assert screen.consigned.isChecked() and screen.commission.text() == "12.5" and screen.low_stock.text()

    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)  # nothing changed: nothing more audited
    assert len(audit("consignment")) == 1 and len(audit("stock_rule")) == 1

    # a shift lead: one manager PIN covers the whole edit, and the audit says who approved
    window.sign_out()
    manager_signed_in(qtbot, window, clock, "S01", "2222")
    lead_screen = ProductsScreen(
        window.till.session.terminal, window.till.session.staff, window.approval_asker("approve")
    )
    qtbot.addWidget(lead_screen)
    lead_screen.open_product(pid)
    lead_screen.consigned.setChecked(False)
    lead_screen.low_stock.clear()
    on_dialogs(type_into(qtbot, window, clock, "9999"))
    assert lead_screen.save() == pid
    assert product_terms(window.till.session.engine, pid) == ProductTerms()
    assert [(a[0], a[1]) for a in audit("consignment")][-1] == ("Trần Văn Hùng", "Phạm Thu Hà")
    assert [(a[0], a[1], a[2]) for a in audit("stock_rule")][-1] == ("Trần Văn Hùng", "Phạm Thu Hà", None)


def test_the_product_editor_keeps_chinese_and_korean_names(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    manager_signed_in(qtbot, window, clock)
    window.go("manager")
    screen = window.manager.go_section("products")
    scan(qtbot, window, CHA_MUC, clock)
    assert screen.name_zh.text() == "下龙鱿鱼饼 500克盒装"  # the demo catalogue's
    screen.name_zh.setText("下龙鱿鱼饼（礼盒）")
    screen.name_ko.setText("")
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert screen.message.isHidden()
    pid = screen.product_id
    product = window.till.session.terminal.catalogue.by_id(pid)
    assert product.name("zh") == "下龙鱿鱼饼（礼盒）" and product.name("ko") == product.name_vi
    screen.name_ko.setText("하" * 201)
    qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
    assert "Korean name is too long" in screen.message.text()
    assert window.till.session.terminal.catalogue.by_id(pid).name("ko") == product.name_vi  # nothing changed
