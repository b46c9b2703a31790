"""Labels and receipts point to the product's GS1 Digital Link page on the configured public host, and the till
reads such a URI back offline — to the product and the lot (``pos.digital_link``, issue 17)."""

from __future__ import annotations

import pytest

from pos.digital_link import DEFAULT_PUBLIC_HOST, gtin14, public_host
from pos.errors import ConfigError
from pos.inventory.labels import label_doc, shelf_labels
from pos.payments.tenders import Tender
from pos.receipts.from_sale import receipt_doc
from pos.receipts.layout import render
from pos.selling.checkout import SaleContext, checkout
from pos.till.terminal import Terminal

CTX = SaleContext("T01", cashier_id="c1", cashier_name="Nguyễn Thị Lan")
HOST = "https://ocop.example.vn"


def _gtin_product(t: Terminal) -> tuple[str, str, str]:
    """(id, name, barcode) of the dearest demo OCOP product that has an EAN-13."""
    with t.engine.connect() as conn:
        row = conn.exec_driver_sql(
            "SELECT p.id, p.name_vi, MIN(b.code) FROM products p JOIN barcodes b ON b.product_id = p.id "
            "WHERE p.ocop_stars IS NOT NULL AND length(b.code) = 13 AND NOT p.weighed "
            "GROUP BY p.id, p.name_vi, p.price ORDER BY p.price DESC LIMIT 1"
        ).one()
    return str(row[0]), str(row[1]), str(row[2])


def test_public_host_setting() -> None:
    assert public_host({}) == DEFAULT_PUBLIC_HOST
    assert public_host({"host": HOST + "/"}) == HOST
    for bad in (
        {"host": "ftp://x"},
        {"host": "ocop.vn"},
        {"host": 3},
        {"hots": HOST},
        {"host": HOST + "?a=1"},
    ):
        with pytest.raises(ConfigError):
            public_host(bad)


def test_shelf_label_prints_the_digital_link_and_the_till_reads_it_back(demo_terminal: Terminal) -> None:
    pid, name, code = _gtin_product(demo_terminal)
    [label] = shelf_labels(demo_terminal.engine, [pid], public_host=HOST)
    assert label.link == f"{HOST}/01/{gtin14(code)}"
    doc = label_doc(label, shop_name="OCOP")
    assert doc.label is not None and doc.label.qr == label.link
    plain = label_doc(shelf_labels(demo_terminal.engine, [pid], public_host=HOST)[0], shop_name="OCOP")
    without_qr = render(
        type(doc)(
            kind="label", shop_name="OCOP", lang="vi", label=type(doc.label)(name=name, price=label.price)
        ),
        width_mm=80,
        mode="raster",
    )
    assert len(render(plain, width_mm=80, mode="raster")) > len(without_qr)
    scanned = demo_terminal.catalogue.resolve(label.link)
    assert scanned.product.id == pid and scanned.product.name_vi == name


def test_receipt_qr_is_the_digital_link_of_the_lot_sold(demo_terminal: Terminal) -> None:
    pid, name, code = _gtin_product(demo_terminal)
    cart = demo_terminal.new_cart()
    uri = f"{HOST}/01/{gtin14(code)}/10/L241201"
    cart.add(demo_terminal.catalogue.resolve(uri))  # a customer's label scanned at the counter, offline
    sale = checkout(demo_terminal.engine, cart, [Tender.cash(cart.totals().total)], CTX)
    with demo_terminal.engine.connect() as conn:
        batch = conn.exec_driver_sql("SELECT batch FROM sale_lines WHERE sale_id = ?", (sale.id,)).scalar()
    assert batch == "L241201"
    doc = receipt_doc(demo_terminal.engine, sale.id, trace_qr=True, public_host=HOST)
    assert doc.trace_qr == uri
    assert doc.qr_caption is not None and name in doc.qr_caption
    back = demo_terminal.catalogue.resolve(doc.trace_qr)
    assert back.product.id == pid and back.batch == "L241201"
    # Without a public host the receipt keeps the province's traceability code, as before.
    old = receipt_doc(demo_terminal.engine, sale.id, trace_qr=True)
    assert old.trace_qr is not None and not old.trace_qr.startswith(HOST)
