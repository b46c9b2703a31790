"""``python -m ui.screenshots.manager --out DIR``: the manager screens rendered offscreen, in vi and en.

A throw-away demo shop trades for a month (``pos.demo.month``) (through the real checkout), consigns a producer's goods, opens a
shift, sells, takes a return and a paid-out, scans a stock count; then the real screens are driven the way a
manager would and grabbed to PNG: the blind count, the Z report after closing, the stock count differences,
reports with their charts, a producer settlement, the shop's own details and a producer's card.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pos.demo.home import demo_terminal
from pos.demo.month import codes_by_sku, stage_month
from pos.reports.table import Period
from pos.shifts.cash import make_change_count
from pos.shifts.close import x_report
from pos.staff.approval import approve
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal
from ui.languages import LANGUAGES
from ui.screenshots.till import SIZE

if TYPE_CHECKING:
    from ui.qt import QWidget


def render_manager(
    out: Path, langs: tuple[str, ...] = LANGUAGES, *, on_shot: Callable[[str, QWidget], None] | None = None
) -> list[Path]:
    """Stage the demo shop and grab each manager section to ``out``; ``on_shot(name, panel)`` is called at each
    picture, with the panel as grabbed (a test reads every text it shows)."""
    from pos.demo.einvoices import stage_einvoices
    from pos.receipts.printer_config import PrinterConfig
    from ui.app import ensure_app
    from ui.i18n import set_language
    from ui.manager.einvoices import EInvoicesScreen
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
            _cashier, manager, count = stage_month(t, today)
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
                if on_shot is not None:
                    on_shot(name, panel)

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
            counting.scan_code(codes_by_sku(t)["QN-0006"])  # one more box found on the shelf
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
            codes = codes_by_sku(t)
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
            sold = stage_einvoices(
                t, manager
            )  # enrolled now: a few invoices, accepted, one refused, two waiting
            einvoices = panel.go("einvoices")
            assert isinstance(einvoices, EInvoicesScreen)
            einvoices.select("all")
            einvoices.choose(sold[2])
            shot("13-einvoices")
            panel.close()
            printing.stop()
            panel.deleteLater()  # before the demo home goes: a later language switch must not reach it
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--lang", action="append", choices=LANGUAGES)
    args = parser.parse_args(argv)
    for path in render_manager(args.out, tuple(args.lang or LANGUAGES)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
