"""The cashier's screen driven through its real widgets: scanner keystrokes, keys, taps; the sale lands in SQLite.

Scans are simulated as a keyboard-wedge scanner types them (a key every 3 ms, then Enter) into whatever has
focus; people type with 150 ms between keys. Time is a fake clock, so nothing depends on the machine's speed.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from pos.barcodes import with_check_digit
from pos.errors import CartError
from pos.payments import vietqr
from pos.receipts.from_sale import receipt_doc
from pos.selling.checkout import receipt_label
from pos.till.approvals import ApprovalNeeded
from tests.conftest_ui import FakeClock, PrintRecorder, human, plug_second_screen, press, scan
from tests.fake_camera import FakeCamera
from ui.dialogs import PriceDialog
from ui.qt import QApplication, Qt, QTimer

CHA_MUC = "8938390707402"  # Chả mực Hạ Long hộp 500 g, 390.000 ₫
BA_KICH = "8936174404257"  # Rượu ba kích Ba Chẽ chai 500 ml, 240.000 ₫
GAT_GU = "8934656203930"  # Bánh gật gù Tiên Yên túi 500 g, 45.000 ₫


def sign_in(qtbot, window, clock: FakeClock, pin: str = "1111") -> None:  # type: ignore[no-untyped-def]
    window.signin.pin.setFocus()
    human(qtbot, window, pin, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"


def db_rows(window, sql: str, **params):  # type: ignore[no-untyped-def]
    with window.till.session.terminal.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_a_whole_sale_by_scanner_keys_and_split_payment(
    qtbot, window, clock: FakeClock, printer: PrintRecorder
) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    sale = window.sale
    assert sale.search.hasFocus()

    # three products scanned with the focus in the search box: nothing lands in the box, Enter adds nothing else
    for code in (CHA_MUC, BA_KICH, GAT_GU):
        scan(qtbot, window, code, clock)
        assert sale.search.text() == ""
    assert [line.product.sku for line in window.till.session.cart.lines] == ["QN-0038", "QN-0012", "QN-0101"]
    assert window.current == "sale"

    # a quantity typed before a scan: "3*" then the scan
    human(qtbot, window, "3*", clock)
    assert sale.search.text() == "3*"
    scan(qtbot, window, GAT_GU, clock)
    assert window.till.session.cart.lines[2].qty_milli == 4000
    assert sale.search.text() == ""

    # change a quantity with the keyboard: select line 1 (Up arrows), "+" adds one
    press(qtbot, window, Qt.Key.Key_Up, clock)
    press(qtbot, window, Qt.Key.Key_Up, clock)
    assert sale.selected_row() == 0
    press(qtbot, window, Qt.Key.Key_Plus, clock)
    assert window.till.session.cart.lines[0].qty_milli == 2000

    # ... and through the Quantity dialog (F3), typing 3 and Enter
    def answer_qty() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        human(qtbot, window, "3", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    QTimer.singleShot(0, answer_qty)
    press(qtbot, window, Qt.Key.Key_F3, clock)
    assert window.till.session.cart.lines[0].qty_milli == 3000
    total = 3 * 390_000 + 240_000 + 4 * 45_000
    assert window.till.session.cart.totals().total == total == 1_590_000

    # park it (F7), serve another customer, recall it (F8, Enter)
    press(qtbot, window, Qt.Key.Key_F7, clock)
    assert window.till.session.cart.is_empty
    scan(qtbot, window, BA_KICH, clock)
    press(qtbot, window, Qt.Key.Key_F7, clock)
    assert [p.total for p in window.till.session.parked_sales()] == [total, 240_000]
    press(qtbot, window, Qt.Key.Key_F8, clock)
    assert window.current == "parked"
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"
    assert window.till.session.cart.totals().total == total
    assert [p.total for p in window.till.session.parked_sales()] == [240_000]

    # pay: part by VietQR transfer, the rest in cash
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "payment"
    pay = window.payment
    press(qtbot, window, Qt.Key.Key_F2, clock)
    pay.transfer_amount.setFocus()
    pay.transfer_amount.selectAll()
    human(qtbot, window, "1000000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert pay.transfer is not None
    decoded = vietqr.parse(pay.transfer.payload)
    assert decoded["amount"] == 1_000_000
    assert decoded["reference"] == receipt_label("T01", 1) == "T01-000001"
    assert decoded["bank_bin"] == "970436" and decoded["account"] == "1019990000"
    assert not pay.qr.pixmap().isNull()
    press(qtbot, window, Qt.Key.Key_F9, clock)  # money received
    assert [t.method for t in pay.tenders] == ["vietqr"]
    assert pay.remaining() == 590_000
    assert pay.cash_edit.hasFocus()
    qtbot.mouseClick(_note(pay, 500_000), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(_note(pay, 100_000), Qt.MouseButton.LeftButton)
    assert pay.change_value.text() == "10.000 ₫"
    assert pay.complete.isEnabled()
    press(qtbot, window, Qt.Key.Key_F12, clock)

    # committed; the screen is ready for the next customer and shows the change
    assert window.current == "sale"
    assert window.till.session.cart.is_empty
    assert "10.000 ₫" in sale.totals.total_value.text()
    rows = db_rows(window, "SELECT id, receipt_no, total, change_due, kind FROM sales")
    assert len(rows) == 1
    sale_id, receipt_no, db_total, change, kind = rows[0]
    assert (receipt_no, db_total, change, kind) == (1, total, 10_000, "sale")
    pays = db_rows(
        window, "SELECT method, amount, reference FROM payments WHERE sale_id = :s ORDER BY seq", s=sale_id
    )
    assert [tuple(p) for p in pays] == [("vietqr", 1_000_000, "T01-000001"), ("cash", 590_000, "")]
    lines = db_rows(
        window, "SELECT sku, qty_milli FROM sale_lines WHERE sale_id = :s ORDER BY line_no", s=sale_id
    )
    assert [tuple(line) for line in lines] == [("QN-0038", 3000), ("QN-0012", 1000), ("QN-0101", 4000)]

    # the receipt went to the print worker, off the GUI thread
    assert printer.done.wait(5)
    assert printer.sale_ids == [sale_id]
    assert printer.threads == ["receipt-printer"]


def _note(pay, amount: int):  # type: ignore[no-untyped-def]
    from ui.qt import QPushButton

    button = pay.findChild(QPushButton, f"note{amount}")
    assert button is not None
    return button


def test_unknown_or_bad_barcode_changes_nothing(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    before = list(window.till.session.cart.lines)
    unknown = with_check_digit("893999999999")
    scan(qtbot, window, unknown, clock)
    assert window.till.session.cart.lines == before
    assert window.sale.notice.kind == "error" and unknown in window.sale.notice.text.text()
    scan(qtbot, window, "8938390707403", clock)  # bad check digit
    assert window.till.session.cart.lines == before
    assert window.sale.notice.kind == "error"
    assert window.sale.search.text() == ""
    assert window.current == "sale"


def test_twenty_scans_a_second_none_dropped_or_merged(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    codes = [CHA_MUC, BA_KICH, GAT_GU, "8936655004518", "8931636903903"] * 4
    for code in codes:  # 13 digits + Enter at 2 ms = 28 ms per scan, then 22 ms until the next: 20 scans/s
        for ch in code:
            qtbot.keyClick(QApplication.focusWidget() or window, ch)
            clock.advance(2)
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Return)
        clock.advance(22)
    window.wedge.poll()
    assert sum(line.qty_milli for line in window.till.session.cart.lines) == 20_000
    assert [line.qty_milli for line in window.till.session.cart.lines] == [4000] * 5
    assert window.sale.search.text() == ""


def test_people_type_into_the_search_box_and_enter_adds_the_first_hit(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    human(qtbot, window, "ruou ba kich", clock)
    assert window.sale.search.text() == "ruou ba kich"
    window.sale.run_search()
    assert window.sale.results_model.products
    assert all("ba kích" in p.name_vi.lower() for p in window.sale.results_model.products[:1])
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert len(window.till.session.cart.lines) == 1
    assert "ba kích" in window.till.session.cart.lines[0].product.name_vi.lower()


def test_a_scan_in_the_cash_field_never_completes_the_sale(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """Enter in the cash field completes a sale; the Enter that ends a scan must not."""
    sign_in(qtbot, window, clock)
    scan(qtbot, window, GAT_GU, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    assert window.current == "payment" and window.payment.cash_edit.hasFocus()
    human(qtbot, window, "50000", clock)
    assert window.payment.complete.isEnabled()
    scan(qtbot, window, CHA_MUC, clock)
    assert window.current == "payment"
    assert window.payment.cash_edit.text() == "50.000"  # dotted as typed
    assert db_rows(window, "SELECT COUNT(*) FROM sales")[0][0] == 0
    press(qtbot, window, Qt.Key.Key_Return, clock)  # a person's Enter does complete it
    assert window.current == "sale"
    assert db_rows(window, "SELECT change_due FROM sales")[0][0] == 5_000


def test_weighed_item_from_a_price_embedded_label(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    scan(qtbot, window, with_check_digit("200001100453"), clock)  # PLU 00011 fresh chả mực, 453 g
    line = window.till.session.cart.lines[0]
    assert line.product.weighed and line.qty_milli == 453
    assert window.till.session.cart.totals().total == 353_340


def test_expired_ocop_and_out_of_stock_warn_gently(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    scan(qtbot, window, "8939807404068", clock)  # Quy Hoa tea: rating from 2022-12-20, expired on 2026-11-29
    assert window.sale.notice.kind == "warn"
    assert "OCOP rating expired" in window.sale.notice.text.text()
    scan(qtbot, window, "8931218707271", clock)  # out of stock: still sold, with a note
    assert len(window.till.session.cart.lines) == 2
    assert "Not in stock" in window.sale.notice.text.text()


@pytest.mark.parametrize("pin, approved", [("1111", False), ("9999", True)])
def test_return_of_one_line_needs_a_manager(
    qtbot, window, clock: FakeClock, pin: str, approved: bool
) -> None:  # type: ignore[no-untyped-def]
    from pos.payments.tenders import Tender

    sign_in(qtbot, window, clock)
    for code in (CHA_MUC, CHA_MUC, BA_KICH):
        scan(qtbot, window, code, clock)
    sold = window.till.session.pay([Tender.cash(1_100_000)])
    stock_before = db_rows(
        window,
        "SELECT SUM(qty_milli) FROM stock_moves m JOIN products p ON p.id = m.product_id WHERE p.sku = 'QN-0038'",
    )[0][0]

    press(qtbot, window, Qt.Key.Key_F10, clock)
    assert window.current == "returns"
    scan(qtbot, window, f"R/T01/{sold.receipt_no}", clock)  # the receipt's barcode
    returns = window.returns
    assert returns.model.sale is not None and returns.model.sale.receipt_no == sold.receipt_no
    scan(qtbot, window, CHA_MUC, clock)  # one box comes back
    assert returns.model.refund_total() == 390_000

    seen: list[str] = []

    def manager() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        human(qtbot, window, pin, clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
        if QApplication.activeModalWidget() is dialog:  # refused: the reason shows, Esc gets out
            seen.append(dialog.error.text())
            press(qtbot, window, Qt.Key.Key_Escape, clock)

    press(qtbot, window, Qt.Key.Key_F12, clock)  # no reason yet: the till asks for one, nothing else happens
    assert returns.reason.hasFocus() and returns.notice.kind == "warn"
    human(qtbot, window, "broken lid", clock)
    QTimer.singleShot(0, manager)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    kinds = db_rows(window, "SELECT kind, total, approved_by FROM sales ORDER BY receipt_no")
    stock_after = db_rows(
        window,
        "SELECT SUM(qty_milli) FROM stock_moves m JOIN products p ON p.id = m.product_id WHERE p.sku = 'QN-0038'",
    )[0][0]
    if approved:
        assert [k[0] for k in kinds] == ["sale", "return"]
        assert kinds[1][1] == -390_000 and kinds[1][2]
        assert stock_after == stock_before + 1000
        pays = db_rows(
            window,
            "SELECT method, amount FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.kind = 'return'",
        )
        assert [tuple(p) for p in pays] == [("cash", -390_000)]
        assert window.current == "sale"
    else:
        assert seen and "tự duyệt" in seen[0]  # a cashier cannot approve their own refund
        assert [k[0] for k in kinds] == ["sale"]
        assert stock_after == stock_before
        assert window.current == "returns"


def test_discount_above_the_cashiers_limit_asks_a_manager_and_is_audited(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    """5 % is the cashier's own (store policy); 30 % asks for a manager's PIN, and the audit log says who."""
    sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)

    def discount(percent: str, pins: list[str]) -> list[str]:
        """F5, type the percentage, Enter; then answer each PIN prompt that comes (collecting its errors)."""
        errors: list[str] = []

        def fill() -> None:
            human(qtbot, window, percent, clock)
            if pins:
                QTimer.singleShot(0, approve)
            press(qtbot, window, Qt.Key.Key_Return, clock)

        def approve() -> None:
            dialog = QApplication.activeModalWidget()
            assert dialog is not None and dialog.windowTitle() in ("Duyệt", "Approval")
            human(qtbot, window, pins.pop(0), clock)
            if pins:
                QTimer.singleShot(0, lambda: errors.append(dialog.error.text()) or approve())
            press(qtbot, window, Qt.Key.Key_Return, clock)

        QTimer.singleShot(0, fill)
        press(qtbot, window, Qt.Key.Key_F5, clock)
        return errors

    assert discount("5", []) == []  # within the limit: no PIN asked
    assert window.till.session.cart.totals().total == 370_500
    errors = discount("30", ["2222", "9999"])  # a shift lead may not give 30 %; the manager may
    assert errors and "Trần Văn Hùng" in errors[0]
    assert window.till.session.cart.totals().total == 273_000
    press(qtbot, window, Qt.Key.Key_F12, clock)
    human(qtbot, window, "273000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)  # no second PIN: the approval covers this cart
    assert window.current == "sale"
    sale = db_rows(window, "SELECT id, total, approved_by FROM sales")
    assert [(r[1]) for r in sale] == [273_000]
    manager_id = db_rows(window, "SELECT id FROM staff WHERE code = 'M01'")[0][0]
    assert sale[0][2] == manager_id
    audit = db_rows(
        window,
        "SELECT action, actor_name, approver_id, amount FROM audit_log WHERE subject_id = :s",
        s=sale[0][0],
    )
    assert [tuple(a) for a in audit] == [("discount", "Nguyễn Thị Lan", manager_id, 117_000)]
    refused = db_rows(window, "SELECT COUNT(*) FROM audit_log WHERE action = 'approval_failed'")[0][0]
    assert refused == 1  # the shift lead's refused approval is on the record too


def test_language_switch_at_runtime(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    window.switch_language("en")
    assert window.sale.pay_button.text() == "Pay"
    assert window.sale.cart_model.data(window.sale.cart_model.index(0, 1)) == "Hạ Long squid cakes, 500 g box"
    window.switch_language("vi")
    assert window.sale.pay_button.text() == "Thanh toán"
    assert window.sale.cart_model.data(window.sale.cart_model.index(0, 1)) == "Chả mực Hạ Long hộp 500 g"
    assert window.sale.totals.total_value.text() == "390.000 ₫"


def test_printer_failure_is_a_message_not_a_lost_sale(
    qtbot, window, clock: FakeClock, printer: PrintRecorder
) -> None:  # type: ignore[no-untyped-def]
    from pos.payments.tenders import Tender

    printer.fail = True
    sign_in(qtbot, window, clock)
    scan(qtbot, window, GAT_GU, clock)
    sold = window.till.session.pay([Tender.cash(45_000)])
    window.sale_completed(sold)
    qtbot.waitUntil(lambda: window.sale.notice.kind == "warn", timeout=5000)
    assert db_rows(window, "SELECT COUNT(*) FROM sales")[0][0] == 1


def test_customer_display_shows_the_transfer_qr_in_the_customers_language(
    qtbot, window, clock: FakeClock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    press(qtbot, window, Qt.Key.Key_F11, clock)  # this customer speaks English
    window.display_control.ask = lambda: (False, False)  # not yet: the status bar's button opens it
    plug_second_screen(window, monkeypatch)
    window.toggle_customer_display()
    display = window.customer_display
    assert display is not None
    assert "Hạ Long squid cakes" in display.lines.text()
    press(qtbot, window, Qt.Key.Key_F12, clock)
    press(qtbot, window, Qt.Key.Key_F2, clock)
    assert display.qr_panel.isVisible()
    assert display.qr_title.text() == "Scan with your banking app to pay"
    assert not display.qr.pixmap().isNull()
    window.toggle_customer_display()
    assert window.customer_display is None


def test_a_webcam_scan_adds_like_a_keyboard_scan(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """The camera worker at its hardware edge: a fake capture gives frames, a stub decoder 'reads' a label."""
    import numpy as np

    from pos.devices.frame_decoder import DecodedCode

    label = DecodedCode(BA_KICH, "EAN13", (0, 0, 10, 10), ((0, 0),), "plain")
    sign_in(qtbot, window, clock)
    window.switch_language("en")
    window.start_camera(
        0,
        {"preview_fps": 30, "cooldown_s": 4.0, "repeat_after_s": 30.0},
        capture_factory=lambda _src: FakeCamera([np.full((120, 160, 3), 200, dtype=np.uint8)]),
        decoder=lambda _frame: [label],
    )
    assert (
        window.camera.worker.deduper.cooldown_s == 4.0 and window.camera.worker.deduper.repeat_after_s == 30.0
    )
    qtbot.waitUntil(lambda: len(window.till.session.cart.lines) == 1, timeout=5000)
    assert (
        window.till.session.cart.lines[0].product.sku == "QN-0012"
        and window.till.session.cart.lines[0].qty_milli == 1000
    )
    qtbot.waitUntil(
        lambda: (
            window.camera_panel.view.pixmap() is not None and not window.camera_panel.view.pixmap().isNull()
        ),
        timeout=5000,
    )
    shown = window.camera_panel.view.pixmap().toImage()
    green = [  # the outline drawn round the code the camera read
        (x, y)
        for x in range(0, shown.width(), 2)
        for y in range(0, shown.height(), 2)
        if (c := shown.pixelColor(x, y)).green() > c.red() + 60
    ]
    assert green
    window.toggle_camera_panel()
    assert not window.camera_panel.isVisible() and window.camera.preview is False
    # with the preview hidden, the status bar still says what the camera is doing
    indicator = window.camera_indicator
    assert indicator is not None and indicator.isVisible()
    qtbot.waitUntil(lambda: indicator.text.text() == "Camera is scanning.", timeout=5000)
    assert indicator.level == "ok"


def test_the_till_stays_responsive_while_the_camera_decodes(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """A decoder that takes 300 ms a frame (a big, blurry frame on a slow till): the GUI thread keeps handling
    events meanwhile. Had decoding run on the GUI thread, a 10 ms timer would fire about once per frame; the bound
    asserted is far below what a free GUI thread manages and far above that."""
    import threading
    import time

    import numpy as np

    calls: list[str] = []

    def slow_decoder(_frame: object) -> list[object]:
        calls.append(threading.current_thread().name)
        time.sleep(0.3)
        return []

    sign_in(qtbot, window, clock)
    ticks: list[int] = []
    timer = QTimer(window)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    window.start_camera(
        0,
        {},
        capture_factory=lambda _src: FakeCamera([np.full((120, 160, 3), 90, dtype=np.uint8)], delay_s=1 / 30),
        decoder=slow_decoder,
    )
    qtbot.waitUntil(lambda: len(calls) >= 4, timeout=20_000)
    timer.stop()
    assert all(name == "camera-decode" for name in calls)
    assert len(ticks) >= 3 * len(calls)
    scan(qtbot, window, GAT_GU, clock)  # and the keyboard scanner still works while the camera is busy
    assert [line.product.sku for line in window.till.session.cart.lines] == ["QN-0101"]


def test_a_gs1_datamatrix_scan_with_fnc1_adds_the_product(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """GS1 data as a 2D scanner types it: bare element strings, FNC1 sent as Ctrl+] between a batch and a weight."""
    sign_in(qtbot, window, clock)
    scan(qtbot, window, "01" + "0" + GAT_GU + "17271231" + "10LO-42\x1d" + "3103000500", clock)
    scan(qtbot, window, "01" + "0" + BA_KICH + "17271231", clock)  # no separator needed
    assert [line.product.sku for line in window.till.session.cart.lines] == ["QN-0101", "QN-0012"]
    assert window.sale.search.text() == ""


def test_a_typed_receipt_number_finds_the_sale(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    from pos.payments.tenders import Tender

    sign_in(qtbot, window, clock)
    scan(qtbot, window, GAT_GU, clock)
    window.till.session.pay([Tender.cash(50_000)])
    press(qtbot, window, Qt.Key.Key_F10, clock)
    human(qtbot, window, "T01-1", clock)
    qtbot.mouseClick(window.returns.find_button, Qt.MouseButton.LeftButton)
    assert window.returns.model.sale is not None and window.returns.model.sale.receipt_no == 1
    press(qtbot, window, Qt.Key.Key_Escape, clock)
    assert window.current == "sale"


def _override_price(qtbot, window, clock: FakeClock, price: str, pin: str | None) -> None:  # type: ignore[no-untyped-def]
    """Shift+F4 on the picked line, type the new unit price, Enter; then a manager's PIN, or Esc (cancelled)."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.windowTitle() in ("Sửa giá bán", "Price override")
        human(qtbot, window, price, clock)
        QTimer.singleShot(0, approve)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    def approve() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None and dialog.windowTitle() in ("Duyệt", "Approval")
        if pin is None:
            press(qtbot, window, Qt.Key.Key_Escape, clock)
            return
        human(qtbot, window, pin, clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)

    QTimer.singleShot(0, fill)
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F4, Qt.KeyboardModifier.ShiftModifier)
    clock.advance(200)
    window.wedge.poll()


def test_price_override_needs_a_manager_and_is_on_the_sale_the_receipt_and_the_audit_log(
    qtbot, window, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, window, clock)
    scan(qtbot, window, GAT_GU, clock)
    scan(qtbot, window, CHA_MUC, clock)
    assert window.sale.selected_row() == 1

    _override_price(qtbot, window, clock, "350000", None)  # the manager is not there: cancelled
    assert [line.unit_price for line in window.till.session.cart.lines] == [45_000, 390_000]
    assert window.till.session.approvals_needed() == frozenset()

    _override_price(qtbot, window, clock, "350.000", "9999")  # the manager approves with their PIN
    assert [line.unit_price for line in window.till.session.cart.lines] == [45_000, 350_000]
    assert window.till.session.cart.totals().total == 395_000
    assert window.sale.cart_model.index(1, window.sale.cart_model.COL_PRICE).data() == "350.000 ₫"

    # The approval covers that price, not a second override the cashier makes alone afterwards.
    window.sale.select_row(0)
    with pytest.raises(ApprovalNeeded):
        window.till.session.set_unit_price(0, 1_000)
    assert window.till.session.cart.lines[0].unit_price == 45_000

    press(qtbot, window, Qt.Key.Key_F12, clock)
    human(qtbot, window, "395000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)  # no second PIN: the approval covers this cart
    assert window.current == "sale"

    manager_id = db_rows(window, "SELECT id FROM staff WHERE code = 'M01'")[0][0]
    sale_id, total, approved_by = db_rows(window, "SELECT id, total, approved_by FROM sales")[0]
    assert (total, approved_by) == (395_000, manager_id)
    lines = db_rows(
        window,
        "SELECT sku, unit_price, amount FROM sale_lines WHERE sale_id = :s ORDER BY line_no",
        s=sale_id,
    )
    assert [(r[1], r[2]) for r in lines] == [(45_000, 45_000), (350_000, 350_000)]
    audit = db_rows(
        window,
        "SELECT action, actor_name, approver_id, amount, detail FROM audit_log WHERE subject_id = :s",
        s=sale_id,
    )
    assert [tuple(a[:4]) for a in audit] == [("price_override", "Nguyễn Thị Lan", manager_id, -40_000)]
    assert '"catalogue_price": 390000' in audit[0][4] and '"sold_at": 350000' in audit[0][4]
    doc = receipt_doc(window.till.session.terminal.engine, sale_id)
    assert [line.unit_price for line in doc.lines] == [45_000, 350_000]


def test_a_cashier_without_approval_changes_no_price(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """A wrong price typed is refused in the dialog; a weighed line with its price on the label keeps it."""
    sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    seen: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PriceDialog)
        dialog.edit.setText("abc")
        dialog.try_accept()
        seen.append(dialog.error.text())
        dialog.edit.setText("0")
        dialog.try_accept()
        seen.append(dialog.error.text())
        dialog.reject()

    QTimer.singleShot(0, fill)
    window.sale.b_price.click()
    assert seen[0] and seen[1] and seen[0] != seen[1]
    assert window.till.session.cart.lines[0].unit_price == 390_000
    scan(qtbot, window, with_check_digit("250011160000"), clock)  # fresh chả mực, 160.000 ₫ on the label
    with pytest.raises(CartError):
        window.till.session.set_unit_price(1, 1_000, None)
    assert window.till.session.cart.totals().total == 390_000 + 160_000
    assert not db_rows(window, "SELECT * FROM audit_log WHERE action = 'price_override'")


def test_quick_keys_sell_unbarcoded_products_at_todays_price(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    """Favourites first, then the products without a barcode; a tap sells what the catalogue says now."""
    sign_in(qtbot, window, clock)
    tiles = {t.product.name_vi: t for t in window.sale.tiles}
    assert len(window.sale.tiles) == 25
    assert window.sale.tiles[0].product.favourite and not window.sale.tiles[-1].product.favourite
    banh_gio = tiles["Bánh gio Móng Cái túi 10 cái"]
    with window.till.session.terminal.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE products SET price = 65000 WHERE id = ?", (banh_gio.product.id,))
    qtbot.mouseClick(banh_gio, Qt.MouseButton.LeftButton)
    line = window.till.session.cart.lines[0]
    assert (line.product.sku, line.unit_price) == (banh_gio.product.sku, 65_000)

    before = list(window.sale.tiles)
    window.go("menu")
    window.go("sale")
    assert window.sale.tiles == before  # the grid is not looked up again after every sale or side screen

    seedlings = tiles["Cây giống ba kích tím (bầu)"]
    with window.till.session.terminal.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE products SET active = 0 WHERE id = ?", (seedlings.product.id,))
    qtbot.mouseClick(seedlings, Qt.MouseButton.LeftButton)
    assert len(window.till.session.cart.lines) == 1  # withdrawn since the grid was made: refused
    assert window.sale.notice.isVisible()
    window.go("menu")
    window.go("sale")  # and its key is gone when the sale screen shows again
    assert "Cây giống ba kích tím (bầu)" not in [t.product.name_vi for t in window.sale.tiles]
    assert len(window.sale.tiles) == 24
    window.go("signin")
    sign_in(qtbot, window, clock)  # a sign-in (or the manager screens) looks the keys up again
    assert window.sale.tiles[0] is not before[0]


def test_scanning_a_promoted_product_shows_the_discounted_line(
    qtbot, window, clock: FakeClock, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A promotion that arrived with a sync round is on the next scan: the line's discount and its name."""
    import json

    from pos.db import write_tx
    from pos.sync import state
    from ui.models import CartModel, SubtitleRole

    sign_in(qtbot, window, clock)
    promo = {
        "id": "p-tet",
        "code": "TET",
        "name_vi": "Khuyến mãi Tết",
        "name_en": "Tet offer",
        "kind": "percent",
        "value": 10,
        "scope": "product",
        "target": "QN-0101",
    }
    with write_tx(window.till.session.engine) as conn:
        state.put(conn, state.PROMOTION_PREFIX + promo["id"], json.dumps(promo))
    window._catalogue_changed(1)  # what the sync worker's signal does after a round brought changes
    scan(qtbot, window, GAT_GU, clock)
    scan(qtbot, window, CHA_MUC, clock)
    model = window.sale.cart_model
    assert (
        model.data(model.index(0, CartModel.COL_DISCOUNT)) == "−4.500 ₫\nKM TET"
    )  # the till speaks Vietnamese
    assert model.data(model.index(0, CartModel.COL_AMOUNT)) == "40.500 ₫"
    assert "Khuyến mãi Tết" in model.data(model.index(0, CartModel.COL_NAME), SubtitleRole)
    assert model.data(model.index(1, CartModel.COL_DISCOUNT)) == ""
    assert not window.sale.table.isColumnHidden(CartModel.COL_DISCOUNT)
    assert window.sale.totals.total_value.text() == "430.500 ₫"
    window.grab().save(str(tmp_path / "promoted-line.png"))


def test_a_chinese_or_korean_customer_picks_their_language_on_the_display_and_gets_the_receipt_in_it(
    qtbot, window, clock: FakeClock, monkeypatch, printer: PrintRecorder
) -> None:  # type: ignore[no-untyped-def]
    from pos.payments.tenders import Tender

    sign_in(qtbot, window, clock)
    scan(qtbot, window, CHA_MUC, clock)
    window.display_control.ask = lambda: (False, False)
    plug_second_screen(window, monkeypatch)
    window.toggle_customer_display()
    display = window.customer_display
    assert display is not None
    assert [b.text() for b in display.language_buttons.values()] == [
        "Tiếng Việt",
        "English",
        "中文",
        "한국어",
    ]
    qtbot.mouseClick(display.language_buttons["zh"], Qt.MouseButton.LeftButton)  # the customer taps 中文
    assert window.till.session.customer_lang == "zh"
    assert display.language_buttons["zh"].isChecked() and not display.language_buttons["vi"].isChecked()
    assert display.total_label.text() == "合计" and display.language_label.text() == "语言:"
    assert window.sale.customer_lang.text().endswith(" ZH")  # the cashier sees it on the sale screen
    press(qtbot, window, Qt.Key.Key_F11, clock)  # the cashier's F11 goes on round the customer's languages
    assert window.till.session.customer_lang == "ko" and display.total_label.text() == "합계"
    sold = window.till.session.pay([Tender.cash(400_000)])
    window.sale_completed(sold)
    assert display.lines.text().count("감사합니다!") == 1 and "거스름돈" in display.lines.text()
    doc = receipt_doc(window.till.session.terminal.engine, sold.id)
    assert doc.lang == "ko" and doc.payments[0].label == "현금"
    window.toggle_customer_display()
