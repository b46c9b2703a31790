"""A committed sale printed: the document adds up, and every mode carries the exact Vietnamese names."""

from __future__ import annotations

import pytest

from pos.payments.tenders import Tender
from pos.receipts.decode import decode_cp1258_stream, decode_tcvn3_stream, raster_from_stream
from pos.receipts.from_sale import qty_text, receipt_doc
from pos.receipts.layout import render
from pos.receipts.preview import preview_png
from pos.selling.checkout import SaleContext, checkout
from pos.selling.returns import find_sale, make_return
from pos.till.terminal import Terminal

CTX = SaleContext("T01", cashier_id="c1", cashier_name="Nguyễn Thị Lan")


def sell(t: Terminal, tenders_for):  # type: ignore[no-untyped-def]
    cart = t.new_cart()
    for p in t.catalogue.search("cha muc", 2) + t.catalogue.search("ruou ba kich", 1):
        if not p.weighed:
            cart.add(t.catalogue.resolve(p.sku))
    return checkout(t.engine, cart, tenders_for(cart.totals().total), CTX)


def test_qty_text() -> None:
    assert qty_text(2000, "hộp", "vi") == "2"
    assert qty_text(453, "kg", "vi") == "0,453 kg"
    assert qty_text(1500, "kg", "en") == "1.5 kg"


@pytest.mark.parametrize("mode", ["tcvn3", "cp1258"])
def test_text_modes_carry_exact_vietnamese(demo_terminal: Terminal, mode: str) -> None:
    sale = sell(demo_terminal, lambda total: [Tender.cash(total + 50_000)])
    doc = receipt_doc(demo_terminal.engine, sale.id)
    assert doc.change == 50_000 and doc.total == sale.total
    data = render(doc, width_mm=80, mode=mode)
    text = decode_tcvn3_stream(data) if mode == "tcvn3" else decode_cp1258_stream(data)
    body = " ".join(text.split())  # wrapped names read back as one string
    for line in doc.lines:
        assert line.name in body, line.name
    assert doc.shop_name in body and doc.cashier in body
    assert "?" not in text


def test_raster_matches_preview_and_copy_banner(demo_terminal: Terminal) -> None:
    sale = sell(demo_terminal, lambda total: [Tender.fx_cash("USD", 100, 25_400_000)])
    doc = receipt_doc(demo_terminal.engine, sale.id, is_copy=True, lang="en")
    assert doc.is_copy and doc.lang == "en"
    image = raster_from_stream(render(doc, width_mm=58, mode="raster"))
    assert image.tobytes() == preview_png(doc, 58, "raster").tobytes()


def test_return_receipt_shows_positive_refunds(demo_terminal: Terminal) -> None:
    sale = sell(demo_terminal, lambda total: [Tender.card(total, "445566")])
    original = find_sale(demo_terminal.engine, "T01", sale.receipt_no)
    ret = make_return(demo_terminal.engine, original, {original.lines[0].line_id: 1000}, CTX, approved_by="m")
    doc = receipt_doc(demo_terminal.engine, ret.id)
    assert doc.kind == "return" and doc.total == -ret.total > 0
    assert doc.refers_to == f"T01-{sale.receipt_no:06d}"
    assert doc.payments[0].reference == "445566"


def test_the_traceability_qr_of_the_dearest_ocop_product_ends_the_receipt_when_asked(
    demo_terminal: Terminal,
) -> None:
    sale = sell(demo_terminal, lambda total: [Tender.cash(total)])
    plain = receipt_doc(demo_terminal.engine, sale.id)
    assert plain.trace_qr is None  # off unless the printer's trace_qr setting says so
    doc = receipt_doc(demo_terminal.engine, sale.id, trace_qr=True)
    with demo_terminal.engine.connect() as conn:
        code, name = conn.exec_driver_sql(
            "SELECT p.trace_code, l.name_vi FROM sale_lines l JOIN products p ON p.id = l.product_id "
            "WHERE l.sale_id = ? AND p.trace_code IS NOT NULL ORDER BY l.amount DESC LIMIT 1",
            (sale.id,),
        ).one()
    assert doc.trace_qr == code and doc.qr_caption == f"Truy xuất nguồn gốc: {name} ({code})"
    assert demo_terminal.catalogue.resolve(doc.trace_qr).product.name_vi == name  # our scanner reads it back
    longer = render(doc, width_mm=80, mode="raster")
    assert len(longer) > len(render(plain, width_mm=80, mode="raster"))
    original = find_sale(demo_terminal.engine, "T01", sale.receipt_no)
    refund = make_return(
        demo_terminal.engine, original, {original.lines[0].line_id: 1000}, CTX, approved_by="m"
    )
    assert receipt_doc(demo_terminal.engine, refund.id, trace_qr=True).trace_qr is None  # only on sales


def test_won_notes_sale_is_kept_and_printed_with_rounded_change(demo_terminal: Terminal) -> None:
    """KRW at 18,35 ₫: the change is rounded to whole 1 000 ₫ and the paper shows the rounding, so it adds up."""
    sale = sell(
        demo_terminal, lambda total: [Tender.fx_cash("KRW", -(-total * 1000 // 18_350) + 333, 18_350)]
    )
    assert sale.change_due % 1000 == 0
    with demo_terminal.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT method, amount, tendered, currency FROM payments WHERE sale_id = ? ORDER BY seq",
            (sale.id,),
        ).all()
    assert sum(r[1] for r in rows) == sale.total
    assert rows[0][3] == "KRW" and rows[-1][:2] == ("cash", -sale.change_due)
    doc = receipt_doc(demo_terminal.engine, sale.id, lang="en")
    fx_label = doc.payments[0].label
    assert "KRW × 18,35" in fx_label, fx_label
    assert rows[0][1] != rows[0][2]  # 333 won more is never a whole number of thousands here
    assert doc.payments[1].label == "Change rounding" and doc.payments[1].amount == rows[0][1] - rows[0][2]
    assert sum(p.amount for p in doc.payments) - doc.change == doc.total
    render(doc, width_mm=58, mode="raster")
