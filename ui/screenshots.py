"""``ocop-pos screenshots --out DIR``: the till's main screens rendered offscreen to PNG, in Vietnamese and English.

A throw-away terminal home is seeded with the demo OCOP catalogue, and the real widgets are driven the way a
cashier would (scans through the scanner filter's handler, taps on note buttons), so the pictures show what a
shop would see — and looking at them is how layout, clipping and missing glyphs get caught.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pos.barcodes import with_check_digit
from pos.catalogue.demo import seed_demo
from pos.selling.fx_rates import set_fx_rate
from pos.settings import HOME_ENV, load_settings
from pos.staff.pins import install_secret
from pos.terminal import Terminal

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


@contextmanager
def demo_terminal() -> Iterator[Terminal]:
    """A terminal in a temporary home with the demo catalogue, staff and exchange rates."""
    with tempfile.TemporaryDirectory(prefix="ocop-pos-shots-") as tmp:
        old = os.environ.get(HOME_ENV)
        os.environ[HOME_ENV] = tmp
        try:
            settings = load_settings(Path(tmp))
            terminal = Terminal.open(settings)
            seed_demo(terminal.engine, install_secret(settings.home))
            for currency, rate in (("USD", 25_400_000), ("CNY", 3_520_000), ("KRW", 18_350)):
                set_fx_rate(terminal.engine, currency, rate, "demo")
            try:
                yield terminal
            finally:
                terminal.close()
        finally:
            if old is None:
                os.environ.pop(HOME_ENV, None)
            else:
                os.environ[HOME_ENV] = old


def render_all(out: Path, langs: tuple[str, ...] = ("vi", "en"), size: tuple[int, int] = SIZE) -> list[Path]:
    """Render every screen in every language into ``out``; returns the files written."""
    from ui.app import build_window, ensure_app
    from ui.i18n import set_language
    from ui.qt import QApplication

    app = ensure_app()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for lang in langs:
        with demo_terminal() as terminal:
            window = build_window(terminal, install_filter=False)
            set_language(lang)
            window.resize(*size)
            window.show()

            def shot(name: str, widget: object = None, lang: str = lang, window: object = window) -> None:
                for _ in range(3):
                    app.processEvents()
                target = widget if widget is not None else window
                path = out / f"{lang}-{name}.png"
                target.grab().save(str(path))  # type: ignore[attr-defined]
                written.append(path)

            window.go("signin")
            window.signin.pin.setText("11")
            shot("01-signin")
            window.signin.pin.setText("1111")
            window.signin.submit()
            for code in DEMO_SCANS:
                window.handle_scan(code)
            window.sale.select_row(1)
            shot("02-sale")

            window.sale.pay()
            for note in (500_000, 500_000, 500_000, 500_000, 100_000):
                window.payment.add_note(note)
            shot("03-payment-cash")
            window.payment.cash_edit.clear()
            window.payment.choose("vietqr")
            shot("04-payment-vietqr")
            window.toggle_customer_display()
            display = window.customer_display
            if display is not None:
                display.resize(1024, 600)
                shot("07-customer-display", display)
                window.toggle_customer_display()
            window.payment.choose("cash")
            for note in (500_000, 500_000, 500_000, 500_000, 100_000):
                window.payment.add_note(note)
            window.payment.complete_sale()
            shot("08-sale-completed")

            # two parked carts: a tour group waiting
            for code in ("8936655004518", "8931636903903", "8931636903903"):
                window.handle_scan(code)
            window.sale.park()
            for code in ("8932904301599", "8939200701399", "8939200701399", "8939200701399"):
                window.handle_scan(code)
            window.sale.park()
            window.handle_scan("8934656203930")
            window.go("parked")
            shot("05-parked")

            window.go("sale")
            receipt = f"R/{terminal.code}/1"
            window.go("returns")
            window.returns.load_receipt(receipt)
            window.returns.table.selectRow(0)
            window.returns.step(1)
            shot("06-returns")
            window.shutdown()
            window.close()
            window.deleteLater()
            QApplication.processEvents()
    return written
