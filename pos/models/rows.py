"""The rows the till inserts straight through the SQLite driver, typed: a sale (``sales``, ``sale_lines``,
``sale_vat``, ``payments``), its e-invoice (``einvoices``, ``einvoice_status``) and a stock move (``stock_moves``).

Checkout builds these rows (``pos.selling.checkout.build_rows``) and hands them to ``executemany`` as they are,
its measured fast path; receiving, adjusting and counting stock insert their moves the same way. A ``TypedDict``
types them at no cost: at run time each row is still the plain ``dict`` the driver takes, and its keys, in the order
written here, are the columns of the INSERT. The same rows travel to head office inside the outbox documents
(``pos.sync.documents``), so their keys are the fields of ``pos.sync.wire``'s ``SaleHeader``, ``SaleLineDoc``,
``SaleVatDoc``, ``PaymentDoc`` and ``StockMoveBody`` (plus the ``sale_id`` a child row carries in the table):
``tests/unit/test_typed_rows.py`` holds them to it.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict


class SaleRow(TypedDict):
    """A row of ``sales``: one committed sale or return."""

    id: str
    terminal_code: str
    receipt_no: int
    kind: str
    original_sale_id: str | None
    created_at: dt.datetime
    business_date: dt.date
    cashier_id: str | None
    cashier_name: str
    approved_by: str | None
    shift_id: str | None
    lang: str
    subtotal: int
    discount_total: int
    total: int
    change_due: int
    note: str


class SaleLineRow(TypedDict):
    """A row of ``sale_lines``: what was sold, at what price and VAT, as it was at the time."""

    id: str
    sale_id: str
    line_no: int
    product_id: str | None
    sku: str
    name_vi: str
    name_en: str
    unit: str
    code: str
    qty_milli: int
    unit_price: int
    line_discount: int
    sale_discount: int
    amount: int
    vat_rate: int
    ocop_stars: int | None
    batch: str | None
    expiry: dt.date | None
    original_line_id: str | None


class SaleVatRow(TypedDict):
    """A row of ``sale_vat``: one VAT rate's share of a sale."""

    sale_id: str
    rate_pct: int
    gross: int
    vat: int


class SalePaymentRow(TypedDict):
    """A row of ``payments``: one tender of a sale (``pos.payments.tenders.PaymentRow`` as stored)."""

    id: str
    sale_id: str
    seq: int
    method: str
    amount: int
    tendered: int
    currency: str
    foreign_amount: int
    fx_rate_milli: int
    reference: str


class StockMoveRow(TypedDict):
    """A row of ``stock_moves``: a sale's line leaving the shelf, or a delivery, adjustment or count."""

    id: str
    product_id: str
    qty_milli: int
    kind: str
    sale_id: str | None
    reason: str
    batch: str | None
    expiry: dt.date | None
    unit_cost: int
    staff_id: str | None
    created_at: dt.datetime


class EInvoiceRow(TypedDict):
    """A row of ``einvoices``: the sale's e-invoice, written with it (``pos.einvoice.issue.invoice_rows``)."""

    sale_id: str
    code: str
    form: str
    series: str
    kind: str
    related_code: str
    issued_at: dt.datetime
    buyer_name: str
    buyer_tax_code: str
    total: int
    vat_total: int
    xml: str


class EInvoiceStatusRow(TypedDict):
    """A row of ``einvoice_status``: where the invoice is on its way to the tax authority (starts ``pending``)."""

    sale_id: str
    state: str
    attempts: int
    next_try_at: dt.datetime | None
    provider_ref: str
    last_error: str
    sent_at: dt.datetime | None
    accepted_at: dt.datetime | None
    corrected_by: str
    via: str  # who sends it: "till" or "relay" (head office)
    reported: bool  # head office knows its current state
    corrected_xml: str  # the document as sent after a manager corrected the buyer ("" if not)
    corrected_buyer_name: str
    corrected_buyer_tax_code: str
    updated_at: dt.datetime | None
