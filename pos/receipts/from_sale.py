"""From a committed sale in the terminal database to the document the printer layout prints.

Pure apart from one read of the database; called only after the checkout has committed (printing never touches
an uncommitted sale). Payments are printed as the customer handed them over: cash shows what was tendered and
the change is printed on its own row, so ``payments − change = total`` on the paper.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Engine, text

from pos.barcodes import receipt_barcode
from pos.catalogue.lookup import localised_name
from pos.digital_link import link_for_barcode
from pos.einvoice.config import lookup_link
from pos.errors import ReturnError
from pos.money import format_vnd
from pos.receipts.document import EInvoiceStub, Lang, PaymentRow, ReceiptDoc, ReceiptLine, VatRow, as_lang
from pos.receipts.wording import has_word, word
from pos.selling.checkout import receipt_label
from pos.selling.fx_rates import format_rate


def qty_text(qty_milli: int, unit: str, lang: str) -> str:
    """``2`` for counted goods; ``0,453 kg`` (vi) / ``0.453 kg`` (en, zh, ko) for weighed ones."""
    sign = "-" if qty_milli < 0 else ""
    q = abs(qty_milli)
    if q % 1000 == 0:
        return f"{sign}{q // 1000}"
    whole, frac = divmod(q, 1000)
    sep = "," if lang == "vi" else "."
    return f"{sign}{whole}{sep}{frac:03d}".rstrip("0") + f" {unit}"


def _payment_rows(rows: list[Any], lang: str, sign: int) -> tuple[PaymentRow, ...]:
    out = []
    for method, amount, tendered, reference, currency, foreign_amount, fx_rate_milli in rows:
        if method == "cash" and tendered == 0 and reference == "change":
            continue  # change given for foreign notes: printed as the change row
        label = word(f"method.{method}", lang) if has_word(f"method.{method}") else method
        shown = tendered if method in ("cash", "fx_cash") and tendered else amount
        if method == "fx_cash":
            label = f"{label} {format_vnd(foreign_amount, symbol=False)} {currency} × {format_rate(fx_rate_milli)}"
        out.append(PaymentRow(label, sign * int(shown), reference or None))
        if method == "fx_cash" and tendered and amount != tendered:
            # The change was rounded to whole notes (pos.payments.tenders): the paper shows by how much, so
            # payments − change = total still holds on it.
            out.append(PaymentRow(word("change_rounding", lang), sign * int(amount - tendered)))
    return tuple(out)


def receipt_doc(
    engine: Engine,
    sale_id: str,
    *,
    is_copy: bool = False,
    lang: str | None = None,
    trace_qr: bool = False,
    public_host: str | None = None,
) -> ReceiptDoc:
    """The printable document of sale ``sale_id`` (a sale or a return).

    ``trace_qr`` (the printer's ``trace_qr`` setting): end the receipt with the traceability QR of the sale's
    dearest OCOP product that has a traceability page (its ``trace_url``; else its traceability code, which the
    province's lookup and this till's scanner both read), captioned with its name and code, so the customer can look
    up where it was made. One QR, not one per product: a tour group's receipt would otherwise run for metres.
    With ``public_host`` (the till's ``[public] host``), a product with a GTIN points to its GS1 Digital Link page
    there instead, with the sold lot when the line has one (``pos.digital_link``); the till's scanner reads that
    URI back to the product and lot offline."""
    with engine.connect() as conn:
        sale = conn.execute(
            text(
                "SELECT terminal_code, receipt_no, kind, original_sale_id, created_at, cashier_name, lang, subtotal, "
                "discount_total, total, change_due, note FROM sales WHERE id = :id"
            ),
            {"id": sale_id},
        ).first()
        if sale is None:
            conn.rollback()
            raise ReturnError("Không tìm thấy hoá đơn", "Receipt not found", code="no_receipt")
        shop = conn.execute(
            text("SELECT name, address, tax_code, footer_vi, footer_en FROM store_profile WHERE id = 1")
        ).first()
        # The tourists' names are the catalogue's (a sale keeps its Vietnamese and English names; a translation
        # is a courtesy that may be improved, and a reprint shows the improved one).
        lines = conn.execute(
            text(
                "SELECT l.name_vi, l.name_en, l.unit, l.qty_milli, l.unit_price, l.line_discount, l.sale_discount, "
                "l.amount, l.ocop_stars, COALESCE(p.name_zh, ''), COALESCE(p.name_ko, '') FROM sale_lines l "
                "LEFT JOIN products p ON p.id = l.product_id WHERE l.sale_id = :id ORDER BY l.line_no"
            ),
            {"id": sale_id},
        ).all()
        vat = conn.execute(
            text("SELECT rate_pct, gross, vat FROM sale_vat WHERE sale_id = :id ORDER BY rate_pct"),
            {"id": sale_id},
        ).all()
        pays = conn.execute(
            text(
                "SELECT method, amount, tendered, reference, currency, foreign_amount, fx_rate_milli "
                "FROM payments WHERE sale_id = :id ORDER BY seq"
            ),
            {"id": sale_id},
        ).all()
        traced = None
        if trace_qr and sale[2] == "sale":
            linked = "OR EXISTS (SELECT 1 FROM barcodes b WHERE b.product_id = p.id) " if public_host else ""
            traced = conn.execute(
                text(
                    "SELECT COALESCE(NULLIF(p.trace_url, ''), p.trace_code), l.name_vi, l.name_en, p.trace_code, "
                    "p.name_zh, p.name_ko, (SELECT MIN(b.code) FROM barcodes b WHERE b.product_id = p.id), l.batch "
                    "FROM sale_lines l JOIN products p ON p.id = l.product_id "
                    f"WHERE l.sale_id = :id AND (COALESCE(NULLIF(p.trace_url, ''), p.trace_code, '') != '' {linked}) "
                    "AND l.ocop_stars IS NOT NULL ORDER BY l.amount DESC, l.line_no LIMIT 1"
                ),
                {"id": sale_id},
            ).first()
        invoice = conn.execute(
            text(
                "SELECT e.code, e.form, e.series, e.related_code, e.buyer_name, e.buyer_tax_code, "
                "COALESCE(c.lookup_url, '') FROM einvoices e LEFT JOIN einvoice_config c ON c.id = 1 "
                "WHERE e.sale_id = :id"
            ),
            {"id": sale_id},
        ).first()
        original = None
        if sale[3]:
            original = conn.execute(
                text("SELECT terminal_code, receipt_no FROM sales WHERE id = :id"), {"id": sale[3]}
            ).first()
        conn.rollback()
    doc_lang = as_lang(lang or str(sale[6]))
    # The paper shows a return's refunds as positive amounts under a "refund" heading; the database keeps them
    # negative so reports are plain sums.
    sign = -1 if sale[2] == "return" else 1
    created = sale[4] if isinstance(sale[4], dt.datetime) else dt.datetime.fromisoformat(str(sale[4]))
    local = created.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    receipt_lines = tuple(
        ReceiptLine(
            name=localised_name(doc_lang, name_vi, name_en, name_zh, name_ko),
            qty_text=qty_text(sign * qty, unit, doc_lang),
            unit_price=unit_price,
            amount=sign * (amount + line_discount + sale_discount),
            stars=stars,
            discount=line_discount,
        )
        for name_vi, name_en, unit, qty, unit_price, line_discount, sale_discount, amount, stars, name_zh, name_ko in lines
    )
    stub = None
    qr, caption = (None, None)
    if traced:
        link = link_for_barcode(traced[6], public_host, lot=traced[7]) if public_host else None
        qr, caption = (link or str(traced[0]), _trace_caption(traced, doc_lang))
    if invoice is not None:
        stub = EInvoiceStub(
            code=str(invoice[0]),
            form=str(invoice[1]),
            series=str(invoice[2]),
            lookup_url=str(invoice[6]),
            adjusts=str(invoice[3]),
            buyer=str(invoice[4]),
            buyer_tax_code=str(invoice[5]),
        )
        if stub.lookup_url:  # the legal lookup wins the receipt's one QR
            qr = lookup_link(stub.lookup_url, str(shop[2]) if shop else "", stub.code)
            caption = word("qr_caption.einvoice", doc_lang)
    footer = ""
    if shop is not None:  # the shop's own words: Vietnamese, or English for every other customer
        footer = str(shop[3] if doc_lang == "vi" else shop[4] or shop[3])
    return ReceiptDoc(
        kind="return" if sale[2] == "return" else "sale",
        shop_name=str(shop[0]) if shop else "OCOP",
        lang=doc_lang,
        shop_address=str(shop[1]) if shop else "",
        tax_code=str(shop[2]) if shop else "",
        terminal=str(sale[0]),
        receipt_no=receipt_label(str(sale[0]), int(sale[1])),
        printed_at=local,
        cashier=str(sale[5]),
        refers_to=receipt_label(str(original[0]), int(original[1])) if original else None,
        note=str(sale[11] or ""),
        lines=receipt_lines,
        subtotal=sign * int(sale[7]),
        discount_total=sign * (int(sale[7]) - int(sale[9])),
        total=sign * int(sale[9]),
        vat=tuple(VatRow(rate, sign * gross, sign * v, sign * (gross - v)) for rate, gross, v in vat),
        payments=_payment_rows(list(pays), doc_lang, sign),
        change=int(sale[10]),
        is_copy=is_copy,
        barcode=receipt_barcode(str(sale[0]), int(sale[1])),
        footer=footer,
        trace_qr=qr,
        qr_caption=caption,
        einvoice=stub,
    )


def _trace_caption(traced: Any, lang: Lang) -> str:
    code = f" ({traced[3]})" if traced[3] else ""
    name = localised_name(lang, str(traced[1]), traced[2] or "", traced[4] or "", traced[5] or "")
    return word("trace_caption", lang, name=name) + code


def sale_id_for(engine: Engine, terminal_code: str, receipt_no: int) -> str:
    with engine.connect() as conn:
        row = conn.execute(
            text("SELECT id FROM sales WHERE terminal_code = :t AND receipt_no = :n"),
            {"t": terminal_code, "n": receipt_no},
        ).first()
        conn.rollback()
    if row is None:
        raise ReturnError(
            f"Không có hoá đơn {receipt_label(terminal_code, receipt_no)}",
            f"No receipt {receipt_label(terminal_code, receipt_no)}",
            code="no_receipt",
        )
    return str(row[0])
