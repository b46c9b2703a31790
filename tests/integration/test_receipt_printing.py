"""Real sales printed to a TCP printer on 127.0.0.1: bytes that decode to the receipt, and a dead printer
that never slows a sale down and gets every receipt, in order, once it is back."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos.payments.tenders import Tender
from pos.receipts.decode import decode_cp1258_stream, decode_tcvn3_stream, raster_from_stream
from pos.receipts.from_sale import receipt_doc
from pos.receipts.preview import preview_png
from pos.receipts.printer_config import PrinterConfig
from pos.receipts.queue import drawer_pulse
from pos.receipts.service import ReceiptPrinter
from pos.selling.checkout import CommittedSale, SaleContext, checkout
from pos.till.terminal import Terminal
from tests.fake_printer import FakePrinter

CTX = SaleContext("T01", cashier_name="Nguyễn Thị Lan")


def sell(t: Terminal, query: str = "cha muc", cash: bool = True) -> CommittedSale:
    cart = t.new_cart()
    for p in t.catalogue.search(query, 3):
        if not p.weighed:
            cart.add(t.catalogue.resolve(p.sku))
    total = cart.totals().total
    return checkout(t.engine, cart, [Tender.cash(total) if cash else Tender.card(total, "123456")], CTX)


def printer_for(t: Terminal, fake: FakePrinter, mode: str = "raster") -> ReceiptPrinter:
    config = PrinterConfig.from_dict(
        {
            "kind": "network",
            "host": "127.0.0.1",
            "port": fake.port,
            "mode": mode,
            "width_mm": 80,
            "connect_timeout_s": 0.5,
        }
    )
    return ReceiptPrinter(t.engine, t.settings, config=config, retry_initial_s=0.05, retry_max_s=0.2)


def test_raster_receipt_arrives_and_matches_the_preview(demo_terminal: Terminal) -> None:
    with FakePrinter() as fake:
        rp = printer_for(demo_terminal, fake)
        rp.start()
        sale = sell(demo_terminal)
        rp.print_sale(sale.id)
        assert rp.queue.wait_idle(20)
        rp.stop()
        job = fake.jobs()[0]
        expected = preview_png(receipt_doc(demo_terminal.engine, sale.id), 80, "raster")
        assert raster_from_stream(job).tobytes() == expected.tobytes()
        assert fake.received().endswith(drawer_pulse(0)), "a cash sale opens the drawer after its receipt"


@pytest.mark.parametrize("mode", ["cp1258", "tcvn3"])
def test_text_mode_receipts_decode_to_the_exact_vietnamese_text(demo_terminal: Terminal, mode: str) -> None:
    """What reaches the printer over TCP reads back as the receipt, every name whole and every mark in place."""
    with FakePrinter() as fake:
        rp = printer_for(demo_terminal, fake, mode=mode)
        rp.start()
        sale = sell(demo_terminal, "ruou ba kich", cash=False)
        rp.print_sale(sale.id)
        assert rp.queue.wait_idle(20)
        rp.stop()
        job = fake.jobs()[0]
        text = decode_cp1258_stream(job) if mode == "cp1258" else decode_tcvn3_stream(job)
        body = " ".join(text.split())  # wrapped names read back as one string
        doc = receipt_doc(demo_terminal.engine, sale.id)
        assert doc.lines and "?" not in text
        for line in doc.lines:
            assert line.name in body, line.name
        for words in (doc.shop_name, doc.shop_address, f"MST: {doc.tax_code}", doc.cashier, doc.receipt_no):
            assert words in body, words
        assert drawer_pulse(0) not in fake.received(), "no drawer for a card sale"


def test_dead_printer_never_blocks_sales_and_prints_all_in_order(
    demo_terminal: Terminal, tmp_path: Path
) -> None:
    with FakePrinter() as fake:
        fake.play_dead()
        rp = printer_for(demo_terminal, fake, mode="cp1258")
        rp.start()
        sales = []
        for _ in range(20):
            sale = sell(demo_terminal)
            rp.print_sale(sale.id)
            sales.append(sale)
        assert [s.receipt_no for s in sales] == list(
            range(1, 21)
        )  # all 20 completed while the printer was dead
        assert rp.queue.pending() == 20 and fake.jobs() == []
        fake.come_back()
        assert rp.queue.wait_idle(60)
        rp.stop()
        printed = [decode_cp1258_stream(job) for job in fake.jobs()]
        assert len(printed) == 20
        for sale, text in zip(sales, printed, strict=True):
            assert f"T01-{sale.receipt_no:06d}" in text
