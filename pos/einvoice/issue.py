"""Issuing the e-invoice of a sale inside its checkout transaction.

``invoice_rows`` is called by ``pos.selling.checkout`` after the sale's rows are built and before they are
written: it reads the store's enrolment on the transaction's own cursor, takes the next sequence number (a
counter bumped in the same transaction, so a failed checkout never burns a code), builds the invoice from those
very rows, renders and checks the XML, and returns the ``einvoices`` and ``einvoice_status`` rows. The journal
hashes the ``einvoices`` row with the sale, so the invoice is covered by the hash chain.

A return or a void of an invoiced sale gets an *adjusting* invoice linked to the original (same buyer,
negative amounts); a return of a sale made before the store enrolled gets none (there is nothing to adjust).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pos.einvoice.buyer import Buyer
from pos.einvoice.code import make_code
from pos.einvoice.config import config_on
from pos.einvoice.errors import EInvoiceError
from pos.models.rows import EInvoiceRow, EInvoiceStatusRow

if TYPE_CHECKING:  # the invoice's content and XML (xml.etree) load with the first invoice, not with the till
    from pos.einvoice.content import Seller

_BUMP = "UPDATE einvoice_counters SET last_no = last_no + 1 WHERE prefix = ? RETURNING last_no"
_NEW = "INSERT INTO einvoice_counters (prefix, last_no) VALUES (?, 1)"
#: Sequence numbers per till block: 10⁹ invoices each.
BLOCK_SIZE = 10**9


def local_time(created_at_utc: dt.datetime) -> dt.datetime:
    """The sale's time as printed (the till's local time, naive)."""
    return created_at_utc.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _next_sequence(cur: sqlite3.Cursor, prefix: str, block: int) -> int:
    row = cur.execute(_BUMP, (prefix,)).fetchone()
    if row is None:
        cur.execute(_NEW, (prefix,))
        n = 1
    else:
        n = int(row[0])
    if n >= BLOCK_SIZE:
        raise EInvoiceError(
            "Đã hết dải số hoá đơn của quầy này — hãy đổi khối số", "This till's invoice range is used up"
        )
    return block * BLOCK_SIZE + n


def _seller(cur: sqlite3.Cursor, store_code: str) -> Seller:
    from pos.einvoice.content import Seller

    row = cur.execute("SELECT name, tax_code, address, phone FROM store_profile WHERE id = 1").fetchone()
    if row is None or not row[0] or not row[1] or not row[2]:
        raise EInvoiceError(
            "Cửa hàng chưa có tên, mã số thuế và địa chỉ — không lập được hoá đơn điện tử (Quản lý → Cửa hàng)",
            "The shop has no name, tax code and address yet — no e-invoice can be made (Manager → Shop)",
            code="einvoice_no_seller",
        )
    return Seller(str(row[0]), str(row[1]), str(row[2]), str(row[3] or ""), store_code)


def buyer_from_xml(document: str) -> Buyer | None:
    """The buyer named on an invoice (an adjusting invoice carries the original's)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(document.encode("utf-8"))
    el = root.find("DLHDon/NDHDon/NMua")
    if el is None or not el.findtext("Ten"):
        return None
    tax = el.findtext("MST") or ""

    def text(tag: str) -> str:
        return (el.findtext(tag) if el is not None else "") or ""

    return Buyer(
        kind="company" if tax and text("DChi") and not text("CCCDan") else "person",
        name=text("Ten"),
        tax_code=tax,
        address=text("DChi"),
        email=text("DCTDTu"),
        id_number=text("CCCDan"),
        phone=text("SDThoai"),
        contact=text("HVTNMHang"),
        passport_no=text("SHChieu"),
    )


def invoice_rows(
    cur: sqlite3.Cursor,
    sale: Mapping[str, Any],
    lines: Sequence[Mapping[str, Any]],
    vat: Sequence[Mapping[str, Any]],
    pays: Sequence[Mapping[str, Any]],
    buyer: Buyer | None,
    *,
    store_code: str = "",
) -> tuple[EInvoiceRow, EInvoiceStatusRow] | None:
    """The ``einvoices`` and ``einvoice_status`` rows of this sale, or None when the store does not issue them."""
    config = config_on(cur)
    if not config.enrolled:
        if buyer is not None:
            raise EInvoiceError(
                "Cửa hàng chưa đăng ký hoá đơn điện tử: không xuất được hoá đơn có thông tin người mua",
                "The store is not enrolled for e-invoices: no invoice with buyer details can be made",
                code="einvoice_not_enrolled",
            )
        return None
    from pos.einvoice.content import Related, build_invoice
    from pos.einvoice.xml import check_structure, render_xml

    related = None
    if sale["kind"] == "return" and sale["original_sale_id"]:
        original = cur.execute(  # the buyer as last put right (a correction after a rejection), else as made
            "SELECT e.code, e.form, e.series, e.issued_at, COALESCE(NULLIF(s.corrected_xml, ''), e.xml) "
            "FROM einvoices e LEFT JOIN einvoice_status s ON s.sale_id = e.sale_id WHERE e.sale_id = ?",
            (sale["original_sale_id"],),
        ).fetchone()
        if original is None:
            return None
        void = str(sale["note"] or "").startswith("Huỷ/Void")
        related = Related(
            code=str(original[0]),
            form=str(original[1]),
            series=str(original[2]),
            issued_on=dt.datetime.fromisoformat(str(original[3])).date(),
            note="Điều chỉnh giảm do huỷ giao dịch" if void else "Điều chỉnh giảm do trả hàng",
        )
        buyer = buyer_from_xml(str(original[4]))
    created = sale["created_at"]
    created = created if isinstance(created, dt.datetime) else dt.datetime.fromisoformat(str(created))
    issued_at = local_time(created)
    sequence = _next_sequence(cur, config.prefix, config.block)
    code = make_code(config.form, issued_at.year, config.prefix, sequence)
    label = f"{sale['terminal_code']}-{int(sale['receipt_no']):06d}"
    invoice = build_invoice(
        code=code,
        form=config.form,
        series=config.series(issued_at.year),
        issued_at=issued_at,
        seller=_seller(cur, store_code),
        buyer=buyer,
        sale=sale,
        lines=lines,
        vat=vat,
        pays=pays,
        provider_tax_code=config.provider_tax_code,
        receipt=label,
        related=related,
    )
    document = render_xml(invoice)
    problems = check_structure(document)
    if problems:
        raise EInvoiceError(
            f"Hoá đơn điện tử không đúng định dạng: {problems[0]}",
            f"The e-invoice does not conform to the format: {problems[0]}",
            code="einvoice_format",
        )
    row: EInvoiceRow = {
        "sale_id": sale["id"],
        "code": code,
        "form": config.form,
        "series": invoice.series,
        "kind": invoice.kind,
        "related_code": related.code if related else "",
        "issued_at": created,
        "buyer_name": buyer.name if buyer else "",
        "buyer_tax_code": buyer.tax_code if buyer else "",
        "total": invoice.total,
        "vat_total": invoice.vat_total,
        "xml": document,
    }
    status: EInvoiceStatusRow = {
        "sale_id": sale["id"],
        "state": "pending",
        "attempts": 0,
        "next_try_at": None,
        "provider_ref": "",
        "last_error": "",
        "sent_at": None,
        "accepted_at": None,
        "corrected_by": "",
        "via": config.send_via,
        "reported": False,
        "corrected_xml": "",
        "corrected_buyer_name": "",
        "corrected_buyer_tax_code": "",
        "updated_at": created,
    }
    return row, status
