"""E-invoices made at the till: one per sale inside the checkout transaction, in the official code structure, in
the tax authority's XML format, covered by the journal; buyer details; adjusting invoices for returns and voids;
the paper; the tax report; 1 000 simulated sales."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import Counter

import pytest
from sqlalchemy import text

from pos.cli import main
from pos.demo.simulate import simulate
from pos.einvoice.buyer import Buyer
from pos.einvoice.code import parse_code
from pos.einvoice.config import EInvoiceConfig, EInvoiceConfigError, load_config
from pos.einvoice.errors import EInvoiceError
from pos.einvoice.queue import counts, invoice_for, xml_of
from pos.einvoice.report import invoice_list, parse_period, vat_by_rate
from pos.einvoice.setup import save_config
from pos.einvoice.xml import check_structure, read_totals
from pos.errors import PaymentError, PermissionDenied
from pos.ledger.verify import verify_journal
from pos.payments.tenders import Tender
from pos.receipts.from_sale import receipt_doc
from pos.selling.checkout import SaleContext, checkout
from pos.selling.returns import find_sale, make_return
from pos.staff.auth import authenticate
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal
from tests.integration.einvoice.helpers import ENROLLED, enrol, manager

COMPANY = Buyer(
    kind="company",
    name="Công ty TNHH Du lịch Hạ Long Xanh",
    tax_code="0100109106",
    address="18 Hạ Long, Bãi Cháy, Quảng Ninh",
    email="ketoan@halongxanh.vn",
)


def _cart(t: Terminal, skus: tuple[str, ...] = ("QN-0002", "QN-0037")):  # type: ignore[no-untyped-def]
    cart = t.new_cart()
    for sku in skus:
        with t.engine.connect() as conn:
            code = conn.execute(
                text("SELECT b.code FROM barcodes b JOIN products p ON p.id = b.product_id WHERE p.sku = :s"),
                {"s": sku},
            ).scalar_one()
        cart.add(t.catalogue.resolve(code))
    return cart


def _sell(t: Terminal, buyer: Buyer | None = None):  # type: ignore[no-untyped-def]
    cart = _cart(t)
    return checkout(t.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(t.code, buyer=buyer))


def _count(t: Terminal, table: str) -> int:
    with t.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_a_store_not_enrolled_makes_no_invoice_and_prints_a_payment_slip(demo_terminal: Terminal) -> None:
    t = demo_terminal
    sale = _sell(t)
    assert _count(t, "einvoices") == 0
    doc = receipt_doc(t.engine, sale.id)
    assert doc.einvoice is None and doc.title is None  # default title of a sale: PHIẾU THANH TOÁN
    with pytest.raises(EInvoiceError) as err:
        _sell(t, COMPANY)  # a buyer asking for an invoice: refused, nothing written
    assert err.value.code == "einvoice_not_enrolled"
    assert _count(t, "sales") == 1


def test_an_enrolled_store_makes_one_invoice_per_sale_in_the_sale_transaction(
    demo_terminal: Terminal,
) -> None:
    t = demo_terminal
    enrol(t)
    first, second = _sell(t), _sell(t, COMPANY)
    a, b = invoice_for(t.engine, t.code, first.receipt_no), invoice_for(t.engine, t.code, second.receipt_no)
    assert a is not None and b is not None
    assert parse_code(a.code).sequence == 1 * 10**9 + 1 and parse_code(b.code).sequence == 1 * 10**9 + 2
    assert a.code.startswith("M1-") and "-A1B2C-" in a.code and a.state == "pending"
    assert b.buyer_name == COMPANY.name and b.buyer_tax_code == "0100109106"
    document = xml_of(t.engine, second.id)
    assert check_structure(document) == []
    assert "<MST>0100109106</MST>" in document and "<DCTDTu>ketoan@halongxanh.vn</DCTDTu>" in document
    totals = read_totals(document)
    with t.engine.connect() as conn:
        vat = conn.execute(
            text("SELECT SUM(vat) FROM sale_vat WHERE sale_id = :id"), {"id": second.id}
        ).scalar()
    assert totals.total == second.total and totals.vat == vat
    # the outbox document carries the invoice to head office
    with t.engine.connect() as conn:
        payload = json.loads(
            conn.execute(
                text("SELECT payload FROM outbox WHERE entity_id = :id"), {"id": second.id}
            ).scalar_one()
        )
    assert payload["einvoice"]["code"] == b.code
    assert verify_journal(t.engine).ok


def test_a_failed_checkout_burns_no_code(demo_terminal: Terminal) -> None:
    t = demo_terminal
    enrol(t)
    _sell(t)
    with pytest.raises(PaymentError):  # underpaid: refused before anything is written
        checkout(t.engine, _cart(t), [Tender.cash(1)], SaleContext(t.code, buyer=COMPANY))
    third = _sell(t)
    row = invoice_for(t.engine, t.code, third.receipt_no)
    assert row is not None and parse_code(row.code).sequence == 10**9 + 2


def test_the_journal_covers_the_invoice(demo_terminal: Terminal) -> None:
    t = demo_terminal
    enrol(t)
    sale = _sell(t, COMPANY)
    _sell(t)
    path = str(t.settings.db_path)
    con = sqlite3.connect(path)
    con.execute("UPDATE einvoices SET xml = replace(xml, 'Du lịch', 'Du lich') WHERE sale_id = ?", (sale.id,))
    con.commit()
    report = verify_journal(t.engine)
    assert not report.ok and report.first is not None and report.first.receipt_no == sale.receipt_no
    assert not verify_journal(t.engine, fast=False).ok
    con.execute("UPDATE einvoices SET xml = replace(xml, 'Du lich', 'Du lịch') WHERE sale_id = ?", (sale.id,))
    con.commit()
    assert verify_journal(t.engine).ok
    con.execute("DELETE FROM einvoice_status WHERE sale_id = ?", (sale.id,))
    con.execute("DELETE FROM einvoices WHERE sale_id = ?", (sale.id,))
    con.commit()
    con.close()
    assert not verify_journal(t.engine).ok  # an invoice removed is caught too


def test_an_invoice_dropped_from_the_waiting_document_is_caught(demo_terminal: Terminal) -> None:
    """The outbox document must carry the sale's invoice: dropped from the document (and its status row gone, so
    nothing renders the invoice part either), the sale would reach head office without the invoice the journal
    holds. Both paths report it."""
    t = demo_terminal
    enrol(t)
    sale = _sell(t, COMPANY)
    _sell(t)
    con = sqlite3.connect(str(t.settings.db_path))
    doc = json.loads(con.execute("SELECT payload FROM outbox WHERE entity_id = ?", (sale.id,)).fetchone()[0])
    del doc["einvoice"]
    con.execute(
        "UPDATE outbox SET payload = ? WHERE entity_id = ?",
        (json.dumps(doc, ensure_ascii=False, separators=(",", ":")), sale.id),
    )
    con.execute("DELETE FROM einvoice_status WHERE sale_id = ?", (sale.id,))
    con.commit()
    con.close()
    for fast in (True, False):
        report = verify_journal(t.engine, fast=fast)
        assert [(p.receipt_no, p.en) for p in report.problems] == [
            (sale.receipt_no, "the copy waiting for the server (outbox) differs from the journalled sale")
        ], fast


def test_returns_and_voids_make_adjusting_invoices_linked_to_the_original(demo_terminal: Terminal) -> None:
    t = demo_terminal
    enrol(t)
    sale = _sell(t, COMPANY)
    original = invoice_for(t.engine, t.code, sale.receipt_no)
    assert original is not None
    returnable = find_sale(t.engine, t.code, sale.receipt_no)
    line = returnable.lines[0]
    back = make_return(
        t.engine, returnable, {line.line_id: 1000}, SaleContext(t.code), approved_by=None, reason="hỏng"
    )
    adj = invoice_for(t.engine, t.code, back.receipt_no)
    assert adj is not None and adj.kind == "adjusting" and adj.related_code == original.code
    assert adj.total == back.total < 0 and adj.buyer_tax_code == COMPANY.tax_code
    document = xml_of(t.engine, back.id)
    assert check_structure(document) == [] and "<TCHDon>2</TCHDon>" in document and original.code in document
    doc = receipt_doc(t.engine, back.id)
    assert doc.einvoice is not None and doc.einvoice.adjusts == original.code
    assert verify_journal(t.engine).ok


def test_the_receipt_carries_the_code_the_lookup_address_and_its_qr(demo_terminal: Terminal) -> None:
    t = demo_terminal
    enrol(t)
    sale = _sell(t)
    doc = receipt_doc(t.engine, sale.id)
    row = invoice_for(t.engine, t.code, sale.receipt_no)
    assert doc.einvoice is not None and row is not None and doc.einvoice.code == row.code
    assert doc.trace_qr is not None and doc.trace_qr.startswith(
        "https://hoadon.example.vn/tra-cuu?mst=5701234567&ma="
    )
    assert row.code in doc.trace_qr


def test_setup_is_a_managers_change_and_checks_what_it_saves(demo_terminal: Terminal) -> None:
    t = demo_terminal
    cashier = authenticate(t.engine, install_secret(t.settings.home), "1111", terminal_code=t.code)
    with pytest.raises(PermissionDenied):
        save_config(t.engine, cashier, ENROLLED)
    with pytest.raises(EInvoiceConfigError) as err:
        save_config(t.engine, manager(t), dataclasses.replace(ENROLLED, prefix="A1B2", series_suffix="A1"))
    assert {f for f, *_ in err.value.issues} == {"prefix", "series_suffix"}  # type: ignore[attr-defined]
    assert load_config(t.engine) == EInvoiceConfig()


def test_report_vat_by_rate_and_invoice_list(demo_terminal: Terminal, tmp_path) -> None:  # type: ignore[no-untyped-def]
    t = demo_terminal
    enrol(t)
    sales = [_sell(t), _sell(t, COMPANY)]
    day = sales[0].created_at.date()
    period = parse_period(f"{day.year}-{day.month:02d}")
    rates = vat_by_rate(t.engine, period)
    listing = invoice_list(t.engine, period)
    assert rates.totals is not None and rates.totals[3] == sum(s.total for s in sales)
    assert (
        len(listing.rows) == 2
        and listing.totals is not None
        and listing.totals[10] == sum(s.total for s in sales)
    )
    assert parse_period("2026-Q4").start.month == 10 and parse_period("2026-Q4").end.day == 31
    out = tmp_path / "thue.xlsx"
    assert main(["einvoice", "report", f"{day.year}-{day.month:02d}", "--out", str(out)]) == 0
    assert out.stat().st_size > 0


def test_cli_list_show_xml(demo_terminal: Terminal, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    t = demo_terminal
    enrol(t)
    sale = _sell(t)
    row = invoice_for(t.engine, t.code, sale.receipt_no)
    assert row is not None
    assert main(["--lang", "en", "einvoice", "list", "--pending"]) == 0
    assert row.code in capsys.readouterr().out
    assert main(["--lang", "en", "einvoice", "show", str(sale.receipt_no)]) == 0
    shown = capsys.readouterr().out
    assert row.code in shown and "pending" in shown
    out = tmp_path / "inv.xml"
    assert main(["einvoice", "xml", f"{t.code}-{sale.receipt_no:06d}", "--out", str(out)]) == 0
    assert check_structure(out.read_text(encoding="utf-8")) == []


def test_1000_simulated_sales_make_1000_unique_codes_whose_xml_equals_the_ledger(
    demo_terminal: Terminal,
) -> None:
    t = demo_terminal
    enrol(t)
    simulate(t, 1000, seed=11)
    with t.engine.connect() as conn:
        sales = conn.execute(
            text(
                "SELECT s.id, s.kind, s.total, COALESCE(SUM(v.vat), 0) FROM sales s LEFT JOIN sale_vat v ON v.sale_id = s.id GROUP BY s.id"
            )
        ).all()
        invoices = {r[0]: r[1] for r in conn.execute(text("SELECT sale_id, xml FROM einvoices"))}
    plain = [s for s in sales if s[1] == "sale"]
    assert len(plain) >= 1000
    codes = Counter(read_totals(x).code for x in invoices.values())
    assert len(codes) == len(invoices) and max(codes.values()) == 1
    for sale_id, kind, total, vat in sales:
        document = invoices.get(sale_id)
        assert document is not None or kind == "return"
        if document is None:
            continue
        totals = read_totals(document)
        assert (totals.total, totals.vat) == (total, vat), sale_id
        assert check_structure(document) == []
    assert counts(t.engine)["pending"] == len(invoices)
    assert verify_journal(t.engine).ok
