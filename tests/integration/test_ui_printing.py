"""The till prints: sales made through the real widgets reach a real TCP printer on 127.0.0.1 (tests/fake_printer.py),
decoded back from the bytes; a dead printer shows in the status bar while sales go on, and every receipt arrives
once it is back; copies of the last or any receipt; the drawer; the manager's printer settings screen.

The print queue retries fast here (50–200 ms) so the tests wait for the printer with ``qtbot.waitUntil``, never
for a fixed time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from pos.receipts.decode import decode_cp1258_stream, raster_from_stream
from pos.receipts.from_sale import receipt_doc
from pos.receipts.preview import preview_png
from pos.receipts.printer_config import PrinterConfig
from pos.receipts.queue import drawer_pulse
from pos.receipts.testpage import test_page
from pos.till.terminal import Terminal
from tests.conftest_ui import FakeClock, human, on_dialogs, press, scan, type_into
from tests.fake_printer import FakePrinter
from ui.qt import Qt

GAT_GU = "8934656203930"  # Bánh gật gù Tiên Yên túi 500 g, 45.000 ₫
CHA_MUC = "8938390707402"  # Chả mực Hạ Long hộp 500 g, 390.000 ₫


def jobs(fake: FakePrinter) -> list[bytes]:
    """Jobs the printer received completely (the till closed the connection after them)."""
    return [bytes(c.data) for c in fake.connections() if c.data and c.finished]


def network(fake: FakePrinter, mode: str = "cp1258") -> PrinterConfig:
    return PrinterConfig(kind="network", host="127.0.0.1", port=fake.port, mode=mode, connect_timeout_s=0.5)


@pytest.fixture
def fake() -> Iterator[FakePrinter]:
    with FakePrinter() as printer:
        yield printer


def make_window(qtbot, terminal: Terminal, clock: FakeClock, config: PrinterConfig):  # type: ignore[no-untyped-def]
    from ui.app import build_window, ensure_app
    from ui.printing import TillPrinter

    ensure_app()
    printing = TillPrinter(
        terminal.engine, terminal.settings, config=config, retry_initial_s=0.05, retry_max_s=0.2
    )
    win = build_window(terminal, clock=clock, printing=printing)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.switch_language("en")
    return win


@pytest.fixture
def till(qtbot, ui_terminal: Terminal, clock: FakeClock, fake: FakePrinter):  # type: ignore[no-untyped-def]
    win = make_window(qtbot, ui_terminal, clock, network(fake))
    yield win
    win.shutdown()


def sign_in(qtbot, window, clock: FakeClock, code: str = "C01", pin: str = "1111") -> None:  # type: ignore[no-untyped-def]
    window.signin.choose_code(code)
    human(qtbot, window, pin, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale"


def cash_sale(qtbot, window, clock: FakeClock, code: str = GAT_GU, cash: str = "50000") -> str:  # type: ignore[no-untyped-def]
    """Scan, F12, type the cash, Enter: the sale's id."""
    scan(qtbot, window, code, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    human(qtbot, window, cash, clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale" and window.till.session.cart.is_empty
    with window.till.session.engine.connect() as conn:
        return str(conn.execute(text("SELECT id FROM sales ORDER BY receipt_no DESC LIMIT 1")).scalar_one())


def test_a_cash_sale_prints_its_receipt_and_opens_the_drawer(
    qtbot, ui_terminal: Terminal, clock: FakeClock, fake: FakePrinter
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, ui_terminal, clock, network(fake, mode="raster"))
    try:
        sign_in(qtbot, window, clock)
        sale_id = cash_sale(qtbot, window, clock)
        qtbot.waitUntil(lambda: len(jobs(fake)) == 1 and window.printing.state.pending == 0, timeout=10_000)
        # the bytes are the receipt of this sale, dot for dot, and the drawer pulse follows it
        expected = preview_png(receipt_doc(ui_terminal.engine, sale_id), 80, "raster")
        assert raster_from_stream(jobs(fake)[0]).tobytes() == expected.tobytes()
        assert fake.received().endswith(drawer_pulse(0))
        qtbot.waitUntil(lambda: window.printer_indicator.text.text() == "Printer ready", timeout=5000)
        assert window.printer_indicator.level == "ok"
    finally:
        window.shutdown()


def test_a_dead_printer_shows_in_the_status_bar_and_sales_go_on(
    qtbot, till, clock: FakeClock, fake: FakePrinter
) -> None:  # type: ignore[no-untyped-def]
    fake.play_dead()
    sign_in(qtbot, till, clock)
    ids = [cash_sale(qtbot, till, clock) for _ in range(3)]
    assert len(set(ids)) == 3  # every sale committed while the printer was off
    indicator = till.printer_indicator
    qtbot.waitUntil(
        lambda: indicator.level == "error" and "3 receipts waiting" in indicator.text.text(), timeout=10_000
    )
    assert indicator.text.text().startswith("Printer not printing:")
    assert indicator.retry.isVisible()
    assert jobs(fake) == []
    fake.come_back()
    qtbot.mouseClick(indicator.retry, Qt.MouseButton.LeftButton)  # the cashier fixed it: try now
    qtbot.waitUntil(lambda: len(jobs(fake)) == 3 and indicator.level == "ok", timeout=15_000)
    printed = [decode_cp1258_stream(job) for job in jobs(fake)]
    for number, receipt in enumerate(printed, start=1):
        assert f"T01-{number:06d}" in receipt  # in the order they were sold
    assert indicator.text.text() == "Printer ready"


def test_reprint_the_last_receipt_and_any_receipt_by_scan(
    qtbot, till, clock: FakeClock, fake: FakePrinter
) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, till, clock)
    cash_sale(qtbot, till, clock)
    cash_sale(qtbot, till, clock, CHA_MUC, "400000")
    qtbot.waitUntil(lambda: len(jobs(fake)) == 2, timeout=10_000)
    press(qtbot, till, Qt.Key.Key_F1, clock)
    assert till.current == "menu"
    press(qtbot, till, Qt.Key.Key_F2, clock)  # reprint the last receipt
    qtbot.waitUntil(lambda: len(jobs(fake)) == 3, timeout=10_000)
    copy = decode_cp1258_stream(jobs(fake)[2])
    assert "T01-000002" in copy and "BẢN SAO" in copy
    scan(qtbot, till, "R/T01/1", clock)  # the first customer's receipt, scanned on the menu
    qtbot.waitUntil(lambda: len(jobs(fake)) == 4, timeout=10_000)
    again = decode_cp1258_stream(jobs(fake)[3])
    assert "T01-000001" in again and "BẢN SAO" in again
    assert drawer_pulse(0) not in jobs(fake)[2] + jobs(fake)[3]  # a copy never opens the drawer
    human(qtbot, till, "T01-99", clock)
    press(qtbot, till, Qt.Key.Key_F3, clock)
    assert till.menu.notice.kind == "error" and "No receipt T01-000099" in till.menu.notice.text.text()


def test_open_drawer_without_a_sale_needs_approval_and_is_logged(
    qtbot, till, clock: FakeClock, fake: FakePrinter
) -> None:  # type: ignore[no-untyped-def]
    sign_in(qtbot, till, clock)
    press(qtbot, till, Qt.Key.Key_F1, clock)
    on_dialogs(type_into(qtbot, till, clock, "change for till 2"), type_into(qtbot, till, clock, "9999"))
    press(qtbot, till, Qt.Key.Key_F4, clock)
    qtbot.waitUntil(lambda: drawer_pulse(0) in fake.received(), timeout=10_000)
    with till.till.session.engine.connect() as conn:
        row = conn.execute(
            text("SELECT actor_name, approver_name, reason FROM audit_log WHERE action = 'drawer_open'")
        ).one()
    assert tuple(row) == ("Nguyễn Thị Lan", "Phạm Thu Hà", "change for till 2")


def test_the_manager_sets_up_the_printer_tests_it_and_saves_it(
    qtbot, ui_terminal: Terminal, clock: FakeClock, fake: FakePrinter
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, ui_terminal, clock, PrinterConfig())  # no printer yet
    try:
        assert window.printer_indicator.text.text() == "No receipt printer set up"
        sign_in(qtbot, window, clock, "M01", "9999")
        assert window.header.manager.isVisible()
        qtbot.mouseClick(window.header.manager, Qt.MouseButton.LeftButton)
        assert window.current == "manager"
        screen = window.manager.go_section("printer")
        screen.set_field("kind", "network")
        screen.set_field("host", "127.0.0.1")
        screen.set_field("port", fake.port)
        screen.set_field("width_mm", 58)
        assert screen.preview_pixmap.width() == 384  # the sample receipt on 58 mm paper
        screen.set_field("width_mm", 80)
        assert screen.preview_pixmap.width() == 576
        shorter = screen.preview_pixmap.height()
        screen.set_field("trace_qr", True)  # the sample receipt now ends with a traceability QR
        assert screen.preview_pixmap.height() > shorter

        qtbot.mouseClick(screen.test_button, Qt.MouseButton.LeftButton)  # on a worker thread
        qtbot.waitUntil(lambda: screen.check is not None, timeout=10_000)
        assert screen.check.ok and "Connected to the printer (127.0.0.1" in screen.result.text()

        qtbot.mouseClick(screen.page_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(jobs(fake)) == 1, timeout=10_000)
        pages = test_page(80, lang="en")  # raster, TCVN3 and CP1258, one after the other
        assert jobs(fake)[0] == b"".join(pages.values())
        assert "Sá sùng Vân Đồn" in decode_cp1258_stream(pages["cp1258"])

        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)
        saved = tomllib.loads((ui_terminal.settings.home / "config.toml").read_text(encoding="utf-8"))
        assert saved["printer"]["kind"] == "network" and saved["printer"]["port"] == fake.port
        assert saved["printer"]["trace_qr"] is True
        assert window.printing.config.port == fake.port and window.printing.config.trace_qr
        qtbot.waitUntil(lambda: window.printer_indicator.level == "ok", timeout=10_000)

        # the till now prints on it
        press(qtbot, window, Qt.Key.Key_Escape, clock)
        assert window.current == "sale"
        cash_sale(qtbot, window, clock)
        qtbot.waitUntil(lambda: len(jobs(fake)) == 2, timeout=10_000)
        with ui_terminal.engine.connect() as conn:
            logged = conn.execute(
                text("SELECT COUNT(*) FROM audit_log WHERE action = 'printer_settings'")
            ).scalar()
        assert logged == 1
    finally:
        window.shutdown()


def test_a_printer_that_refuses_the_connection_is_reported_on_the_settings_screen(
    qtbot, ui_terminal: Terminal, clock: FakeClock, fake: FakePrinter
) -> None:  # type: ignore[no-untyped-def]
    window = make_window(qtbot, ui_terminal, clock, PrinterConfig())
    try:
        sign_in(qtbot, window, clock, "M01", "9999")
        window.go("manager")
        screen = window.manager.go_section("printer")
        fake.play_dead()
        screen.set_field("kind", "network")
        screen.set_field("host", "127.0.0.1")
        screen.set_field("port", fake.port)
        qtbot.mouseClick(screen.test_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: screen.check is not None, timeout=10_000)
        assert not screen.check.ok and screen.result.text()
        screen.set_field("host", "")
        qtbot.mouseClick(screen.save_button, Qt.MouseButton.LeftButton)  # the core's validation, shown
        assert screen.message.isVisible() and "host" in screen.message.text()
        assert "printer" not in tomllib.loads(
            (ui_terminal.settings.home / "config.toml").read_text(encoding="utf-8")
        )
    finally:
        window.shutdown()


def test_paper_out_and_cover_open_are_spelt_out_and_the_drawer_still_opens(
    qtbot, till, clock: FakeClock, fake: FakePrinter
) -> None:  # type: ignore[no-untyped-def]
    """The printer answers its real-time status: the cashier reads what to fix, in their language."""
    fake.paper_out()
    sign_in(qtbot, till, clock)
    cash_sale(qtbot, till, clock)
    indicator = till.printer_indicator
    qtbot.waitUntil(lambda: "Out of paper" in indicator.text.text(), timeout=10_000)
    assert indicator.text.text() == "Printer not printing: Out of paper · 1 receipt waiting"
    # change can be given: the drawer opens anyway (a real-time pulse the printer obeys while offline)
    qtbot.waitUntil(lambda: fake.pulses() != [], timeout=10_000)
    fake.cover_open()
    till.switch_language("vi")
    qtbot.waitUntil(lambda: "Nắp máy in đang mở" in indicator.text.text(), timeout=10_000)
    assert indicator.text.text() == "Máy in không in được: Nắp máy in đang mở · 1 hoá đơn chờ in"
    fake.clear_status()
    qtbot.waitUntil(lambda: len(jobs(fake)) == 1 and indicator.level == "ok", timeout=15_000)
    assert indicator.text.text() == "Máy in sẵn sàng"
    assert drawer_pulse(0) not in jobs(fake)[0]  # opened once, in real time; not again with the late receipt


def test_the_manager_prints_shelf_labels_of_a_product(
    qtbot, till, clock: FakeClock, fake: FakePrinter
) -> None:  # type: ignore[no-untyped-def]
    """Products screen: open a product, two labels, "Print shelf label(s)": two label jobs reach the printer, laid
    out on the print worker in the printer's mode (here CP1258: decoded back to the label's Vietnamese text)."""
    from pos.inventory.labels import label_doc, shelf_labels
    from pos.receipts.layout import render
    from pos.shifts.document import shop_header

    sign_in(qtbot, till, clock, "M01", "9999")
    till.go("manager")
    screen = till.manager.go_section("products")
    assert not screen.label_button.isEnabled()  # no product open yet
    till.handle_scan(CHA_MUC)  # a scan opens the product
    assert screen.sku.text() == "QN-0038" and screen.label_button.isEnabled()
    screen.label_copies.setValue(2)
    qtbot.mouseClick(screen.label_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(jobs(fake)) == 2, timeout=10_000)
    texts = [decode_cp1258_stream(job) for job in jobs(fake)]
    assert texts[0] == texts[1]
    assert "Hạ Long squid cakes" in texts[0] and "390.000" in texts[0] and "OCOP 4*" in texts[0]  # in English
    assert "Công" in texts[0]  # the producer's Vietnamese name, as printed by CP1258
    data = shelf_labels(till.till.session.engine, [screen.product_id])[0]
    doc = label_doc(data, shop_name=shop_header(till.till.session.engine).name, lang="en")
    assert jobs(fake)[0] == render(doc, width_mm=80, mode="cp1258")
    assert "2 shelf labels of QN-0038" in screen.status.text()


def test_a_producer_settlement_prints_from_the_manager_screen(
    qtbot, till, clock: FakeClock, fake: FakePrinter
) -> None:  # type: ignore[no-untyped-def]
    """Settlement: the month under way, a consigned product sold today; "Print" sends the statement (a draft,
    marked as one) to the printer through the print worker."""
    import datetime as dt

    from pos.inventory.terms import set_consignment
    from pos.reports.table import Period

    sign_in(qtbot, till, clock, "M01", "9999")
    engine = till.till.session.engine
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT id FROM products WHERE sku = 'QN-0101'")).scalar_one()
    today = dt.date.today()
    set_consignment(
        engine,
        till.till.session.staff,
        pid,
        consigned=True,
        commission_bp=1000,
        valid_from=today - dt.timedelta(days=1),
    )
    cash_sale(qtbot, till, clock)  # one Bánh gật gù Tiên Yên, 45.000 ₫
    qtbot.waitUntil(lambda: len(jobs(fake)) == 1, timeout=10_000)
    till.go("manager")
    screen = till.manager.go_section("settlement")
    screen.set_period(Period(today.replace(day=1), today))
    screen.select_producer("P037")
    assert screen.statement is not None and screen.statement.amount_due == 40_500
    assert screen.print_button.isEnabled() and not screen.issue_button.isEnabled()  # the month is not over
    qtbot.mouseClick(screen.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(jobs(fake)) == 2, timeout=10_000)
    paper = decode_cp1258_stream(jobs(fake)[1])
    assert "CONSIGNMENT SETTLEMENT" in paper and "DRAFT" in paper and "P037" in paper
    assert "40.500" in paper and "Sent to the printer" in screen.status.text()
