"""The till window's screens rendered offscreen to PNG, in Vietnamese and English (``ocop-pos screenshots``), and
the customer display in the customer-only languages too (Chinese, Korean: ``zh-07-customer-display.png``, …).

A throw-away terminal home is seeded with the demo OCOP catalogue (``pos.demo.home``), and the real widgets are driven the way a
cashier would (scans through the scanner filter's handler, taps on note buttons), so the pictures show what a
shop would see — and looking at them is how layout, clipping and missing glyphs get caught.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pos.barcodes import with_check_digit
from pos.demo.home import demo_terminal
from pos.last_run import MARKER_NAME, Run, UncleanStop
from pos.logs import FAULT_LOG_NAME, FaultLog
from pos.till.terminal import Terminal
from pos.vat_refund.forms import RefundShop, save_shop
from pos.vat_refund.rules import Passport
from pos.vat_refund.traveller import traveller_buyer
from ui.languages import CUSTOMER_ONLY, LANGUAGES

if TYPE_CHECKING:
    from ui.printing import TillPrinter
    from ui.qt import QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: A cart of Quảng Ninh OCOP products: boxed chả mực twice, ba kích wine, Quy Hoa tea (rating expired on the
#: demo's reference day), gật gù cakes, a weighed 453 g of fresh chả mực from the scale, a sold-out tea extract.
DEMO_SCANS = (
    "8938390707402",
    "8938390707402",
    "8936174404257",
    "8939807404068",
    "8934656203930",
    with_check_digit("200001100453"),
    "8931218707271",
)
SIZE = (1280, 800)


#: The traveller of the demo sale: on the payment screen's e-invoice line, then prefilled on the refund form.
TRAVELLER = Passport("E12345678", "CHN", "ZHANG WEI", dt.date(2020, 5, 1), dt.date(2030, 4, 30))


def _settle(app: object) -> None:
    """Let layouts, pending signals and deferred deletes run (offscreen there is no event loop of our own)."""
    from ui.qt import QApplication, QEvent

    for _ in range(3):
        QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _wait_for(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    """Process events until ``condition`` holds (the receipt printed, the status bar says so) or time is up."""
    from ui.qt import QApplication

    deadline = time.monotonic() + timeout_s
    while not condition() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def _printer_ready(printing: TillPrinter) -> bool:
    return printing.state.configured and printing.state.level == "ok"


def _enrol_einvoices(terminal: Terminal) -> None:
    """Enrol the demo shop for e-invoices the way its manager would (signed in with the demo PIN, audited)."""
    from pos.demo.einvoices import DEMO_ENROLMENT
    from pos.einvoice.setup import save_config
    from pos.staff.auth import authenticate
    from pos.staff.pins import install_secret

    manager = authenticate(
        terminal.engine, install_secret(terminal.settings.home), "9999", terminal_code=terminal.code
    )
    save_config(terminal.engine, manager, DEMO_ENROLMENT, terminal_code=terminal.code)


def render_till(out: Path, langs: tuple[str, ...] = LANGUAGES, size: tuple[int, int] = SIZE) -> list[Path]:
    """The till window's screens (sign-in to close of shift, and the manager's side inside it)."""
    from pos.receipts.printer_config import PrinterConfig
    from ui.app import build_window, ensure_app
    from ui.dialogs import ReportDialog
    from ui.i18n import set_language
    from ui.manager.printer_settings import PrinterSettingsScreen
    from ui.printing import TillPrinter
    from ui.screens.menu import x_report_title
    from ui.vat_refund_dialog import VatRefundDialog

    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for lang in langs:
        with demo_terminal() as terminal:
            # The demo shop issues e-invoices from the till, as an OCOP centre must: its receipts carry the code and
            # the traveller's refund form has the VAT invoice it needs.
            _enrol_einvoices(terminal)
            # A printer that always answers: receipts go to a file in the throw-away home.
            paper = PrinterConfig(kind="file", path=str(terminal.settings.home / "receipts.bin"))
            printing = TillPrinter(terminal.engine, terminal.settings, config=paper)
            window = build_window(terminal, install_filter=False, printing=printing)
            set_language(lang)
            window.resize(*size)
            window.show()

            def idle(window: MainWindow = window) -> None:
                """Until the till has shown what it was asked (its database executor answered)."""
                _wait_for(lambda: window.till.idle() and not window.screens[window.current].waiting())

            def shot(
                name: str, widget: QWidget | None = None, lang: str = lang, window: MainWindow = window
            ) -> None:
                idle(window)
                _settle(app)
                target = widget if widget is not None else window
                path = out / f"{lang}-{name}.png"
                target.grab().save(str(path))
                written.append(path)

            window.go("signin")
            idle()
            window.signin.choose_code("C01")
            window.signin.pin.setText("11")
            shot("01-signin")
            window.signin.pin.setText("1111")
            window.signin.submit()
            idle()
            window.open_shift.counter.set_counts({100_000: 5, 50_000: 4, 20_000: 5, 10_000: 10})
            shot("09-open-shift")
            window.open_shift.open_shift()
            for code in DEMO_SCANS:
                window.handle_scan(code)
            idle()
            window.sale.select_row(1)
            shot("02-sale")

            window.sale.pay()
            # a Chinese traveller buying for the VAT refund: their passport goes on the sale's e-invoice
            window.till.session.traveller = TRAVELLER
            window.till.session.buyer = traveller_buyer(TRAVELLER)
            window.payment.show_buyer()
            for note in (500_000, 500_000, 500_000, 500_000, 100_000):
                window.payment.add_note(note)
            shot("03-payment-cash")
            window.payment.cash_edit.clear()
            window.payment.choose("vietqr")
            shot("04-payment-vietqr")
            # offscreen there is one screen: the display is shown as it would be on a second one
            window.display_control.open(app.primaryScreen())
            display = window.customer_display
            if display is not None:
                display.resize(1024, 600)
                shot("07-customer-display", display)
                if lang == langs[0]:  # the customer-only languages once: zh-07-…, ko-07-…
                    for customer in CUSTOMER_ONLY:
                        window.set_customer_lang(customer)
                        shot("07-customer-display", display, lang=customer)
                    window.set_customer_lang(lang)
                window.display_control.close()
            window.payment.choose("cash")
            for note in (500_000, 500_000, 500_000, 500_000, 100_000):
                window.payment.add_note(note)
            window.payment.complete_sale()
            idle()
            _wait_for(partial(_printer_ready, printing))
            shot("08-sale-completed")

            # two parked carts: a tour group waiting
            for code in ("8936655004518", "8931636903903", "8931636903903"):
                window.handle_scan(code)
            window.sale.park()
            for code in ("8932904301599", "8939200701399", "8939200701399", "8939200701399"):
                window.handle_scan(code)
            window.sale.park()
            window.handle_scan("8934656203930")
            idle()
            window.go("parked")
            shot("05-parked")

            window.go("sale")
            receipt = f"R/{terminal.code}/1"
            window.go("returns")
            window.returns.load_receipt(receipt)
            idle()
            window.returns.table.selectRow(0)
            window.returns.step(1)
            window.returns.reason.setText("Vỡ nắp hộp" if lang == "vi" else "Broken lid")
            shot("06-returns")

            window.go("menu")
            window.menu.ref.setText(f"{terminal.code}-000001")
            shot("10-till-menu")

            # the manager signs in: X report, the shift's blind count, the printer screen inside the till
            window.sign_out()
            idle()
            window.signin.choose_code("M01")
            window.signin.pin.setText("9999")
            window.signin.submit()
            idle()
            report = window.till.session.x_report()
            dialog = ReportDialog(x_report_title(), report, window)
            dialog.resize(560, dialog.sizeHint().height())
            dialog.show()
            shot("11-x-report", dialog)
            dialog.close()
            dialog.deleteLater()
            # a Chinese traveller's VAT refund form for the first sale (the demo shop enrolled as a refund shop)
            manager = window.till.session.staff
            assert manager is not None
            save_shop(terminal.engine, manager, RefundShop(True, "1234/CT-QNI 01/11/2026"))
            first = window.till.session.sale_id_of(f"{terminal.code}-000001")
            refund = VatRefundDialog(
                window.till, first, f"{terminal.code}-000001", lambda _doc, _ref: None, window
            )
            for field, value in zip(
                ("number", "nationality", "full_name", "issued_on", "expires_on"),
                (TRAVELLER.number, "CHN", "ZHANG WEI", "01/05/2020", "30/04/2030"),
                strict=True,
            ):
                refund.edits[field].setText(value)
            refund.show()
            refund.check()
            shot("16-vat-refund-form", refund)
            refund.close()
            refund.deleteLater()
            window.go("close_shift")
            count = window.close_shift.count
            if count is not None:
                count.set_counts({500_000: 2, 200_000: 3, 100_000: 4, 50_000: 3, 20_000: 6, 10_000: 9})
                count.reason.setText("")
            shot("12-close-shift")
            window.go("manager")
            screen = window.manager.go_section("printer")
            assert isinstance(screen, PrinterSettingsScreen)
            screen.set_field("kind", "network")
            screen.set_field("host", "192.168.1.87")
            screen.set_field("width_mm", 80)
            shot("13-printer-settings")
            window.go("sale")
            for code in ("8938390707402", "8936174404257"):  # a sale under way when the till stops
                window.handle_scan(code)
            idle()
            window.shutdown()
            window.close()
            window.deleteLater()
            _settle(app)

            # The till started again after a crash: the sign-in notice, then the sale brought back.
            window = build_window(
                terminal, install_filter=False, printing=printing, run=_crashed_run(terminal)
            )
            set_language(lang)
            window.resize(*size)
            window.show()
            window.go("signin")
            shot("14-signin-after-a-crash", window=window)
            window.signin.choose_code("C01")
            window.signin.pin.setText("1111")
            window.signin.submit()
            shot("15-sale-restored", window=window)
            _wait_for(window.till.idle)
            window.shutdown()
            window.close()
            window.deleteLater()
            _settle(app)
    return written


def _crashed_run(terminal: Terminal) -> Run:
    """A run of the till whose last run crashed a few minutes ago (what ``pos.last_run`` would have found)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    faults = terminal.settings.log_dir / FAULT_LOG_NAME
    stop = UncleanStop("crash", now - dt.timedelta(hours=3), now - dt.timedelta(minutes=2), faults, 4242)
    return Run(terminal.settings.home / MARKER_NAME, stop, FaultLog(faults, 0))
