"""``python -m ui.manager.screenshots --out DIR``: the manager screens rendered offscreen, in vi and en.

A throw-away demo shop trades for a month (through the real checkout), consigns a producer's goods, opens a
shift, sells, takes a return and a paid-out, scans a stock count; then the real screens are driven the way a
manager would and grabbed to PNG: the blind count, the Z report after closing, the stock count differences,
reports with their charts, a producer settlement, the shop's own details and a producer's card.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

from pos.payments.tenders import Tender
from pos.reports.table import Period
from pos.selling.checkout import SaleContext, checkout
from pos.selling.returns import find_sale
from pos.shifts.cash import CashCount, make_change_count
from pos.shifts.close import x_report
from pos.shifts.shift import open_shift, paid_out
from pos.staff.approval import approve
from pos.staff.auth import authenticate
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission
from pos.staff.pins import install_secret
from pos.till.guarded import guarded_checkout, guarded_return
from pos.till.terminal import Terminal
from ui.screenshots import demo_terminal

SIZE = (1280, 800)
TRADED = ("QN-0005", "QN-0006", "QN-0007", "QN-0008", "QN-0009", "QN-0010", "QN-0011", "QN-0012", "QN-0034",
          "QN-0040", "QN-0079", "QN-0013", "QN-0105")  # fmt: skip
CONSIGNED = {"QN-0007": 1500, "QN-0008": 1500, "QN-0009": 2000, "QN-0010": 2000}


def _codes(t: Terminal) -> dict[str, str]:
    from sqlalchemy import text

    with t.engine.connect() as conn:
        return {
            str(s): str(c)
            for s, c in conn.execute(
                text(
                    "SELECT p.sku, MIN(b.code) FROM products p JOIN barcodes b ON b.product_id = p.id GROUP BY p.sku"
                )
            )
        }


def stage(t: Terminal, today: dt.date) -> tuple[StaffMember, StaffMember, str]:
    """A month of trading and an open shift with sales, a return, a paid-out and a stock count in progress."""
    from pos.inventory.counting import record_count, start_count
    from pos.inventory.producers import ProducerInput, get_producer, list_producers, save_producer
    from pos.inventory.receiving import ReceivingSession, receive_goods
    from pos.inventory.stock import stock_of
    from pos.inventory.terms import set_consignment

    secret = install_secret(t.settings.home)
    cashier = authenticate(t.engine, secret, "1111", staff_code="C01", terminal_code=t.code)
    manager = authenticate(t.engine, secret, "9999", staff_code="M01", terminal_code=t.code)
    codes = _codes(t)
    for sku, bp in CONSIGNED.items():
        product = t.catalogue.by_sku(sku)
        assert product is not None
        set_consignment(
            t.engine,
            manager,
            product.id,
            consigned=True,
            commission_bp=bp,
            valid_from=today - dt.timedelta(days=45),
        )
    p003 = next(p for p in list_producers(t.engine) if p.data.code == "P003")
    fields = {f: getattr(p003.data, f) for f in ProducerInput.__dataclass_fields__}
    fields.update(
        contact_name="Bà Nguyễn Thị Hoa",
        bank_bin="970405",
        bank_account="8000205123456",
        bank_account_name=get_producer(t.engine, p003.id).data.name.upper()[:60],
    )
    save_producer(t.engine, manager, ProducerInput(**fields), p003.id)
    delivery = ReceivingSession(t.catalogue)
    for sku in TRADED:
        delivery.scan(codes[sku], 80_000)
    receive_goods(
        t.engine,
        manager,
        delivery.lines,
        reference="PN-2026-101",
        now=dt.datetime.combine(today - dt.timedelta(days=31), dt.time(2)),
    )
    rng = random.Random(11)
    for back in range(29, 0, -1):
        day = today - dt.timedelta(days=back)
        for _ in range(rng.randint(4, 12) + (6 if day.weekday() >= 5 else 0)):
            cart = t.new_cart()
            cart.on = day
            for _ in range(rng.choice((1, 1, 2, 3))):
                cart.add(t.catalogue.resolve(codes[rng.choice(TRADED)]), rng.choice((1000, 1000, 2000)))
            hour = rng.choice((8, 9, 10, 10, 11, 14, 15, 15, 16, 16, 17, 19, 20))
            when = dt.datetime.combine(day, dt.time(hour, rng.randrange(60))) - dt.timedelta(hours=7)
            due = cart.totals().total
            tender = rng.choice((Tender.cash(due), Tender.card(due, "A"), Tender.vietqr(due, "Q")))
            checkout(t.engine, cart, [tender], SaleContext(t.code, cashier.id, cashier.name), now=when)
    open_shift(t.engine, cashier, t.code, CashCount.of({100_000: 3, 50_000: 3, 20_000: 2, 10_000: 1}))
    sales = []
    for skus in (
        ("QN-0007", "QN-0011"),
        ("QN-0034",),
        ("QN-0008", "QN-0008", "QN-0012"),
        ("QN-0040",),
        ("QN-0005", "QN-0009"),
        ("QN-0079", "QN-0010"),
    ):
        cart = t.new_cart()
        for sku in skus:
            cart.add(t.catalogue.resolve(codes[sku]))
        sales.append(
            guarded_checkout(t.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(t.code), cashier)
        )
    original = find_sale(t.engine, t.code, sales[0].receipt_no)
    ok = approve(t.engine, secret, "2222", [Permission.REFUND], requested_by=cashier, reason="vỡ nắp")
    guarded_return(
        t.engine,
        original,
        {original.lines[0].line_id: 1000},
        SaleContext(t.code),
        cashier,
        reason="vỡ nắp / broken lid",
        approval=ok,
    )
    ok = approve(t.engine, secret, "2222", [Permission.PAID_IN_OUT], requested_by=cashier)
    paid_out(t.engine, cashier, t.code, 40_000, "Mua túi giấy / paper bags", approval=ok)
    count = start_count(t.engine, manager, note="Kệ trà và mật ong")
    # the shelf as counted: most right, a few short (tasting, breakage), one over (a mis-shelved box)
    shelf = {"QN-0005": 0, "QN-0006": -2_000, "QN-0007": 0, "QN-0009": -1_000, "QN-0010": 1_000, "QN-0034": 0,
             "QN-0040": -3_000}  # fmt: skip
    for sku, off in shelf.items():
        product = t.catalogue.by_sku(sku)
        assert product is not None
        record_count(t.engine, manager, count, product.id, max(0, stock_of(t.engine, product.id) + off))
    return cashier, manager, count


def render_manager(out: Path, langs: tuple[str, ...] = ("vi", "en")) -> list[Path]:
    from pos.receipts.printer_config import PrinterConfig
    from ui.app import ensure_app
    from ui.i18n import set_language
    from ui.manager.panel import ManagerPanel
    from ui.manager.printer_settings import PrinterSettingsScreen
    from ui.manager.producers import ProducersScreen
    from ui.manager.products import ProductsScreen
    from ui.manager.receiving import ReceivingScreen
    from ui.manager.reports import ReportsScreen
    from ui.manager.settlement import SettlementScreen
    from ui.manager.shift_close import ShiftCloseScreen
    from ui.manager.shop import ShopScreen
    from ui.manager.stock_count import StockCountScreen
    from ui.printing import TillPrinter
    from ui.qt import QDate, QEvent

    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    today = dt.date.today()
    for lang in langs:
        with demo_terminal() as t:
            _cashier, manager, count = stage(t, today)
            set_language(lang)
            secret = install_secret(t.settings.home)

            def manager_pin(
                permissions: frozenset[Permission],
                who: StaffMember = manager,
                t: Terminal = t,
                secret: str = secret,
            ) -> Approval | None:
                return approve(t.engine, secret, "9999", permissions, requested_by=who)

            # A printer that always answers (a file in the throw-away home): the print buttons are live.
            paper = PrinterConfig(kind="file", path=str(t.settings.home / "receipts.bin"))
            printing = TillPrinter(t.engine, t.settings, config=paper)
            panel = ManagerPanel(t, manager, manager_pin, printing=printing)
            panel.resize(*SIZE)
            panel.show()

            def shot(name: str, lang: str = lang, panel: ManagerPanel = panel) -> None:
                for _ in range(3):
                    app.processEvents()
                path = out / f"{lang}-manager-{name}.png"
                panel.grab().save(str(path))
                written.append(path)

            close = panel.go("shift")
            assert isinstance(close, ShiftCloseScreen)
            expected = x_report(t.engine, manager, t.code).expected_cash
            close.set_counts(make_change_count((expected - 20_000) // 1000 * 1000).as_dict())
            close.reason.setText("Thiếu do trả nhầm tiền thừa")
            close.confirm_unsent = lambda _n: True  # the staged sales were never synced: close anyway
            shot("01-shift-blind-count")
            close.close_shift()
            shot("02-shift-z-report")
            counting = panel.go("count")
            assert isinstance(counting, StockCountScreen)
            counting.count_id = count
            counting.scan_code(_codes(t)["QN-0006"])  # one more box found on the shelf
            counting.refresh()
            shot("03-stock-count")
            reports = panel.go("reports")
            assert isinstance(reports, ReportsScreen)
            reports.select("day", "30d")
            shot("04-report-by-day")
            reports.select("stars", "30d")
            shot("05-report-by-ocop-stars")
            settlement = panel.go("settlement")
            assert isinstance(settlement, SettlementScreen)
            settlement.set_period(Period(today - dt.timedelta(days=29), today))
            settlement.select_producer("P003")
            shot("06-producer-settlement")
            codes = _codes(t)
            receiving = panel.go("receiving")
            assert isinstance(receiving, ReceivingScreen)
            first = t.catalogue.by_sku("QN-0007")
            receiving.producer.setCurrentIndex(
                max(0, receiving.producer.findData(first.producer_id if first else None))
            )
            receiving.reference.setText("PGH-2026-0112")
            for sku, qty, cost, batch, expiry in (
                ("QN-0007", "24", "150000", "L2611", "30/11/2027"),
                ("QN-0008", "12", "95000", "L2611", "31/05/2027"),
                ("QN-0010", "6", "", "", ""),
            ):
                receiving.qty.setText(qty)
                receiving.cost.setText(cost)
                receiving.batch.setText(batch)
                receiving.expiry.setText(expiry)
                receiving.scan_code(codes[sku])
            shot("07-receiving")
            products = panel.go("products")
            assert isinstance(products, ProductsScreen)
            products.search.setText("chả mực hộp 500")
            products.open_row(0)
            products.price.setText("410.000")
            products.price_from.setDate(QDate.currentDate().addDays(14))
            shot("08-products-and-prices")
            consigned = t.catalogue.by_sku("QN-0007")
            assert consigned is not None
            products.open_product(consigned.id)
            products.label_copies.setValue(3)
            products.form_scroll.verticalScrollBar().setValue(
                products.form_scroll.verticalScrollBar().maximum()
            )
            shot("12-product-consignment-and-labels")
            printer = panel.go("printer")
            assert isinstance(printer, PrinterSettingsScreen)
            printer.set_field("kind", "usb")
            printer.set_field("vendor_id", "0x0416")
            printer.set_field("product_id", "0x5011")
            printer.set_field("width_mm", 58)
            printer.set_field("mode", "tcvn3")
            shot("09-printer-settings")
            shop = panel.go("shop")
            assert isinstance(shop, ShopScreen)
            shop.set_field("phone", "0203 3812 345")
            shop.set_field("bank_account_name", "Trung tâm OCOP Quảng Ninh")
            shop.save()
            shot("10-shop")
            producers = panel.go("producers")
            assert isinstance(producers, ProducersScreen)
            producers.search.setText("hai ha")
            producers.select_producer("P003")
            shot("11-producers")
            panel.close()
            printing.stop()
            panel.deleteLater()  # before the demo home goes: a later language switch must not reach it
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lang", action="append", choices=["vi", "en"])
    args = parser.parse_args(argv)
    for path in render_manager(args.out, tuple(args.lang or ("vi", "en"))):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
