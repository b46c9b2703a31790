"""The wire format between a till and the central server, shared by both sides.

One definition keeps them honest: the server validates what it receives with these models, the till parses the
server's answers with them. Every string and number is bounded here, to the sizes of the columns that store it,
so a value that passes validation can always be stored (one poison record never fails a whole batch).

Sales travel as the JSON document ``pos.selling.checkout.sale_payload`` writes into the outbox, unchanged: the till
wraps outbox rows into an ``UploadBatch`` without re-serialising them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

# The wire's limits live in a module without pydantic (the cart needs them at start-up); re-exported here.
from pos.sync.wire_limits import MAX_BATCH as MAX_BATCH
from pos.sync.wire_limits import MAX_EINVOICE_STATUSES as MAX_EINVOICE_STATUSES
from pos.sync.wire_limits import MAX_EINVOICE_XML as MAX_EINVOICE_XML
from pos.sync.wire_limits import MAX_LINES as MAX_LINES
from pos.sync.wire_limits import MAX_MONEY as MAX_MONEY
from pos.sync.wire_limits import MAX_QTY as MAX_QTY

API = "/api/v1"
PROTOCOL = 1


def _storable(value: str) -> str:
    """Reject NUL (PostgreSQL text cannot hold it); lone surrogates never get past the JSON parser."""
    if "\x00" in value:
        raise ValueError("text must not contain NUL characters")
    return value


_SAFE = AfterValidator(_storable)
T3 = Annotated[str, StringConstraints(max_length=3), _SAFE]
T5 = Annotated[str, StringConstraints(max_length=5), _SAFE]
T6 = Annotated[str, StringConstraints(max_length=6), _SAFE]
T20 = Annotated[str, StringConstraints(max_length=20), _SAFE]
T30 = Annotated[str, StringConstraints(max_length=30), _SAFE]
T40 = Annotated[str, StringConstraints(max_length=40), _SAFE]
T60 = Annotated[str, StringConstraints(max_length=60), _SAFE]
T64 = Annotated[str, StringConstraints(max_length=64), _SAFE]
T80 = Annotated[str, StringConstraints(max_length=80), _SAFE]
T120 = Annotated[str, StringConstraints(max_length=120), _SAFE]
T200 = Annotated[str, StringConstraints(max_length=200), _SAFE]
T300 = Annotated[str, StringConstraints(max_length=300), _SAFE]
T400 = Annotated[str, StringConstraints(max_length=400), _SAFE]
N20 = Annotated[str, StringConstraints(min_length=1, max_length=20), _SAFE]
N40 = Annotated[str, StringConstraints(min_length=1, max_length=40), _SAFE]
N64 = Annotated[str, StringConstraints(min_length=1, max_length=64), _SAFE]
N120 = Annotated[str, StringConstraints(min_length=1, max_length=120), _SAFE]
N200 = Annotated[str, StringConstraints(min_length=1, max_length=200), _SAFE]


Id = Annotated[str, StringConstraints(min_length=1, max_length=36, pattern=r"^[0-9A-Za-z_\-]+$")]
Code20 = N20
Money = Annotated[int, Field(strict=True, ge=-MAX_MONEY, le=MAX_MONEY)]
Qty = Annotated[int, Field(strict=True, ge=-MAX_QTY, le=MAX_QTY)]
SmallInt = Annotated[int, Field(strict=True, ge=0, le=2_000_000_000)]
Price = Annotated[int, Field(strict=True, ge=0, le=MAX_MONEY)]
Stars = Annotated[int, Field(strict=True, ge=1, le=5)]
Plu = Annotated[int, Field(strict=True, ge=0, le=99999)]
ProducerKind = Literal["company", "cooperative", "household"]
OcopLevel = Literal["provincial", "national"]
Barcodes = Annotated[list[N64], Field(max_length=50)]


class Doc(BaseModel):
    """Documents from tills: unknown extra fields are ignored so an older server accepts a newer till."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Wire(BaseModel):
    """Server answers and requests the server defines exactly."""

    model_config = ConfigDict(extra="ignore", frozen=True)


# --- sales (till → server) -------------------------------------------------------------------------------


class SaleHeader(Doc):
    id: Id
    terminal_code: Code20
    receipt_no: Annotated[int, Field(strict=True, ge=1, le=2_000_000_000)]
    kind: Literal["sale", "return"]
    original_sale_id: Id | None = None
    created_at: dt.datetime
    business_date: dt.date
    cashier_id: Id | None = None
    cashier_name: T120 = ""
    approved_by: Id | None = None
    shift_id: Id | None = None
    lang: T5 = "vi"
    subtotal: Money
    discount_total: Money
    total: Money
    change_due: Money = 0
    note: T300 = ""


class SaleLineDoc(Doc):
    id: Id
    line_no: Annotated[int, Field(strict=True, ge=1, le=MAX_LINES)]
    product_id: Id | None = None
    sku: T40
    name_vi: T200
    name_en: T200 = ""
    unit: T20 = ""
    code: T64 = ""
    qty_milli: Qty
    unit_price: Money
    line_discount: Money = 0
    sale_discount: Money = 0
    amount: Money
    vat_rate: Annotated[int, Field(strict=True, ge=0, le=100)]
    ocop_stars: Stars | None = None
    batch: T40 | None = None
    expiry: dt.date | None = None
    original_line_id: Id | None = None


class SaleVatDoc(Doc):
    rate_pct: Annotated[int, Field(strict=True, ge=0, le=100)]
    gross: Money
    vat: Money


class PaymentDoc(Doc):
    id: Id
    seq: Annotated[int, Field(strict=True, ge=1, le=100)]
    method: Literal["cash", "vietqr", "card", "fx_cash"]
    amount: Money
    tendered: Money = 0
    currency: T3 = "VND"
    foreign_amount: Money = 0
    fx_rate_milli: Money = 0
    reference: T64 = ""


# --- e-invoices (till ↔ server) ---------------------------------------------------------------------------
#
# An e-invoice is defined once, here: ``EInvoiceFields`` are the columns of ``einvoices`` on both sides
# (``pos.models.einvoice_columns``), in the order the journal hashes them (``pos.ledger.canonical.EINVOICE_FIELDS``);
# ``EInvoiceStatusFields`` the state both sides keep as it travels. ``tests/integration/sync/test_einvoice_schema.py``
# checks both against the till's and head office's models and migrated databases.

InvoiceCode = Annotated[
    str, StringConstraints(max_length=23, pattern=r"^(M[1-6]-[0-9]{2}-[A-Z0-9]{5}-[0-9]{11})?$")
]
Xml = Annotated[str, StringConstraints(max_length=MAX_EINVOICE_XML), _SAFE]
TaxCode = Annotated[str, StringConstraints(max_length=14, pattern=r"^[0-9-]*$")]
EInvoiceState = Literal["pending", "sent", "accepted", "rejected", "corrected"]
SendVia = Literal["till", "relay"]


class EInvoiceFields(BaseModel):
    """The invoice as the till made it in the sale's transaction (covered by its journal)."""

    code: InvoiceCode
    form: Literal["1", "2", "3", "4", "5", "6"]
    series: T6
    kind: Literal["original", "adjusting"]
    related_code: InvoiceCode = ""
    issued_at: dt.datetime
    buyer_name: T400 = ""
    buyer_tax_code: TaxCode = ""
    total: Money
    vat_total: Money
    xml: Xml


class EInvoiceDoc(EInvoiceFields, Doc):
    """A sale's invoice as it travels with the sale; ``via``: who sends it to the tax authority."""

    via: SendVia = "till"


class EInvoiceStatusFields(BaseModel):
    state: EInvoiceState
    attempts: SmallInt = 0
    provider_ref: T80 = ""
    last_error: Annotated[str, StringConstraints(max_length=2000), _SAFE] = ""
    sent_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None


class EInvoiceStatusDoc(EInvoiceStatusFields, Doc):
    """Where one invoice is: told by the till for those it sends, told to the till for those head office relays."""

    sale_id: Id


class EInvoiceExchange(Wire):
    """Once a sync round: the states of invoices the till sent itself that changed (``report``) and the invoices
    head office relays that are not yet accepted (``ask``)."""

    report: Annotated[list[EInvoiceStatusDoc], Field(max_length=MAX_EINVOICE_STATUSES)] = Field(
        default_factory=list
    )
    ask: Annotated[list[Id], Field(max_length=MAX_EINVOICE_STATUSES)] = Field(default_factory=list)


class EInvoiceExchangeResult(Wire):
    """``recorded``: the reported ones head office now holds (the till stops telling them); ``statuses``: the
    relayed ones asked about that head office holds."""

    recorded: list[str] = Field(default_factory=list)
    statuses: list[EInvoiceStatusDoc] = Field(default_factory=list)


class SaleDoc(Doc):
    """One committed sale or return, exactly as the till's checkout recorded it, with its e-invoice if any."""

    type: Literal["sale"]
    sale: SaleHeader
    lines: Annotated[list[SaleLineDoc], Field(min_length=1, max_length=MAX_LINES)]
    vat: Annotated[list[SaleVatDoc], Field(max_length=10)]
    payments: Annotated[list[PaymentDoc], Field(max_length=100)]
    einvoice: EInvoiceDoc | None = None


# --- other till events -----------------------------------------------------------------------------------

STOCK_EVENT_KINDS = ("receive", "adjust", "count", "opening", "transfer_in", "transfer_out", "waste")


class StockMoveBody(Doc):
    id: Id
    product_id: Id
    qty_milli: Qty
    kind: Literal["receive", "adjust", "count", "opening", "transfer_in", "transfer_out", "waste"]
    reason: T200 = ""
    batch: T40 | None = None
    expiry: dt.date | None = None
    unit_cost: Money = 0
    staff_id: Id | None = None
    created_at: dt.datetime


class StockMoveDoc(Doc):
    """A stock change made at the till that is not a sale (sales carry their own lines)."""

    type: Literal["stock_move"]
    move: StockMoveBody


class ShiftEventBody(Doc):
    id: Id
    shift_id: Id
    kind: N20
    at: dt.datetime
    staff_id: Id | None = None
    data: dict[str, Any] = Field(default_factory=dict)


class ShiftEventDoc(Doc):
    """A shift opened, closed, counted or closed with unsent sales by a manager's override."""

    type: Literal["shift_event"]
    event: ShiftEventBody


class EInvoiceRetryBody(Doc):
    """A manager at the till asks head office to offer a rejected invoice it relays again — with the buyer's
    details corrected (``xml``: the document to send from now on) or as it is (``xml`` empty)."""

    id: Id
    sale_id: Id
    xml: Xml = ""
    buyer_name: T400 = ""
    buyer_tax_code: TaxCode = ""
    at: dt.datetime


class EInvoiceRetryDoc(Doc):
    type: Literal["einvoice_retry"]
    retry: EInvoiceRetryBody


#: Outbox ``entity`` → the document model the server validates it with.
ENTITY_DOCS: dict[str, type[Doc]] = {
    "sale": SaleDoc,
    "stock_move": StockMoveDoc,
    "shift_event": ShiftEventDoc,
    "einvoice_retry": EInvoiceRetryDoc,
}


# --- upload envelope -------------------------------------------------------------------------------------


class UploadEntry(Wire):
    id: Id
    entity: N20
    doc: Any


class ChainPoint(Wire):
    """One entry of the till's hash chain (``journal``): its sequence number and hash. The server keeps these
    anchors; a history rewritten on the till no longer matches them (``pos.server.anchors``)."""

    seq: Annotated[int, Field(strict=True, ge=1, le=2**62)]
    hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


#: The hash a till sends for an anchored entry its journal no longer has (cut back): never a real SHA-256.
NO_ENTRY = "0" * 64
Chain = Annotated[list[ChainPoint], Field(max_length=8)]


class UploadBatch(Wire):
    """What the till posts: outbox entries plus its own clock (so head office sees clock skew), and ``chain``:
    its journal's head and its entry at the server's newest anchor (``UploadResult.anchor_seq``)."""

    protocol: int = PROTOCOL
    sent_at: dt.datetime
    entries: Annotated[list[UploadEntry], Field(max_length=MAX_BATCH)]
    chain: Chain = Field(default_factory=list)


class TypedEntry(Wire):
    id: Id
    entity: N20
    doc: Annotated[SaleDoc | StockMoveDoc | ShiftEventDoc | EInvoiceRetryDoc, Field(discriminator="type")]


class TypedBatch(Wire):
    """An upload whose every document is valid: parsed straight from JSON into models (the server's fast path;
    any invalid document sends the server to ``UploadBatch`` and entry-by-entry validation instead)."""

    protocol: int = PROTOCOL
    sent_at: dt.datetime
    entries: Annotated[list[TypedEntry], Field(max_length=MAX_BATCH)]
    chain: Chain = Field(default_factory=list)


class Rejection(Wire):
    """An entry the server put in quarantine instead of accepting it: it stays in the till's outbox."""

    id: str
    code: str
    message_vi: str
    message_en: str


class UploadResult(Wire):
    """``held``: ids the server now holds (new or already there) — only these leave the outbox."""

    held: list[str]
    quarantined: list[Rejection] = Field(default_factory=list)
    received_at: dt.datetime
    #: The newest journal entry of this till the server holds an anchor for: the till sends its own hash of
    #: that entry with its next upload, so a rewrite behind it shows at the server.
    anchor_seq: int | None = None


class AnchorsPage(Wire):
    """A till's anchors as the server holds them (``GET /sync/anchors``), oldest entry first."""

    anchors: list[ChainPoint]


class TillStatus(Wire):
    """How a till is, sent once a sync round (``POST /sync/status``) so head office sees every till's state:
    entries still in its outbox, its version, and its printer's and camera's state as the till last saw them
    (free words such as ``ok``, ``offline``, ``paper_out``; empty if the till has no such device or never said)."""

    unsent: SmallInt = 0
    quarantined: SmallInt = 0
    app_version: T40 = ""
    printer: T40 = ""
    camera: T40 = ""
    #: Head office's price rules this till could not apply and still holds refused (``pos.sync.price_rules``).
    rejected_rules: SmallInt = 0


class StatusAck(Wire):
    received_at: dt.datetime


# --- registration ----------------------------------------------------------------------------------------


class RegisterRequest(Wire):
    code: N64
    hostname: T120 = ""
    app_version: T40 = ""
    #: A random key the till made and stored before its first try: the same key with the same code gets the same
    #: credential again while the code is valid (a lost answer never locks the till out); no other key does.
    registration_key: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{32,100}$")] | None = None


class RegisterResponse(Wire):
    terminal_id: str
    terminal_code: str
    store_code: str
    store_name: str
    token: str
    server_time: dt.datetime
    #: The store's PIN pepper (64 hex digits), kept by the till in ``store.secret`` (``pos.staff.pins``); empty
    #: from an older server (the till then fetches it with ``GET /sync/store-secret``).
    store_secret: Annotated[str, StringConstraints(max_length=64, pattern=r"^[0-9a-f]*$")] = ""


# --- catalogue (server → till) ---------------------------------------------------------------------------
#
# Each catalogue record is defined once, here, as its ``…Fields``: head office enters them (``pos.server.schemas``
# adds only how a spreadsheet or API client names related records) and a till receives them (the ``…Doc`` adds the
# ids head office assigns). Both databases store them in the columns of ``pos.models.catalogue_columns``; the column
# tuples the sync reads and writes (``PRODUCT_COLUMNS`` …) are derived from the documents below, and
# ``tests/integration/sync/test_catalogue_schema.py`` fails, naming the column, when a field has no column on
# either side. Adding a field: docs/sync.md, "Where the catalogue is defined".


class CategoryFields(BaseModel):
    code: N40
    name_vi: T120
    name_en: T120 = ""


class CategoryDoc(CategoryFields, Wire):
    """A product category (nhóm hàng), by its code."""


class ProducerFields(BaseModel):
    """An OCOP entity (company, co-operative, household business) and where it is; ``id`` is head office's."""

    id: Id | None = None
    code: N40
    name: N200
    kind: ProducerKind
    commune: T120 = ""
    district: T120 = ""
    province: T120 = "Quảng Ninh"
    address: T300 = ""
    phone: T40 = ""
    bank_bin: T6 = ""
    bank_account: T30 = ""


class ProducerDoc(ProducerFields, Wire):
    id: Id


class ProductFields(BaseModel):
    """A product; ``id`` is head office's (a till's own id when head office took the product over from a till).

    ``barcodes``: its codes, under the keys a till looks them up by (head office normalises what it is given,
    ``pos.barcodes``); a table of their own on both sides.
    """

    id: Id | None = None
    sku: N40
    name_vi: N200
    name_en: T200 = ""
    #: The name in the tourists' languages (Chinese, Korean), for their receipt and the customer display; empty:
    #: the Vietnamese name is shown (``pos.catalogue.lookup.ProductInfo.name``).
    name_zh: T200 = ""
    name_ko: T200 = ""
    unit: T20 = "cái"
    price: Price
    cost: Price = 0
    vat_class: N20
    category_code: T40 | None = None
    ocop_stars: Stars | None = None
    ocop_level: OcopLevel | None = None
    ocop_certificate_no: T60 | None = None
    ocop_rated_on: dt.date | None = None
    ocop_expires_on: dt.date | None = None
    trace_code: T64 | None = None
    trace_url: T300 | None = None
    weighed: bool = False
    plu: Plu | None = None
    favourite: bool = False
    picture: T300 | None = None
    active: bool = True
    barcodes: Barcodes = Field(default_factory=list)


class ProductDoc(ProductFields, Wire):
    id: Id
    producer_id: Id | None = None


class VatRateDoc(Wire):
    valid_from: dt.date
    rate_pct: Literal[0, 5, 8, 10]


class VatClassDoc(Wire):
    """A VAT class's whole schedule: the till replaces what it had for the class."""

    vat_class: N20
    rates: Annotated[list[VatRateDoc], Field(max_length=50)]


class PromotionFields(BaseModel):
    code: N40
    name_vi: N200
    name_en: T200 = ""
    kind: Literal["percent", "amount"]
    value: Price
    scope: Literal["all", "product", "category", "producer"]
    target: T40 = ""
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    store_codes: Annotated[list[N20], Field(max_length=500)] = Field(default_factory=list)
    active: bool = True


class PromotionDoc(PromotionFields, Wire):
    id: Id


#: The columns of the catalogue tables that the wire carries, in the documents' order: the server reads them into
#: documents (``pos.server.changes``), the till writes them (``pos.sync.catalogue_apply``).
CATEGORY_COLUMNS = tuple(CategoryDoc.model_fields)
PRODUCER_COLUMNS = tuple(ProducerDoc.model_fields)
PRODUCT_COLUMNS = tuple(f for f in ProductDoc.model_fields if f != "barcodes")
#: Head office's only: a till keeps promotions as JSON documents (``pos.sync.state``).
PROMOTION_COLUMNS = tuple(PromotionDoc.model_fields)


class StockLevelDoc(Wire):
    """A product's stock on hand at the store, in thousandths of its unit."""

    product_id: Id
    qty_milli: Annotated[int, Field(strict=True, ge=-(10**15), le=10**15)]


class StoreStockDoc(Wire):
    """The store's stock on head office's books as ``as_of`` (head office's clock): every till's sales and moves
    it holds. A till shows this plus its own moves not sent yet (``pos.sync.store_stock``)."""

    store_code: N20
    as_of: dt.datetime
    levels: list[StockLevelDoc] = Field(default_factory=list)


class ScheduledPriceDoc(Wire):
    """A price head office set for a later day, not yet in force at head office: ``store`` true for the till's
    own store's price, false for the network price. The till puts it in force on its own clock (midnight, or
    ``valid_time``)."""

    id: Id
    valid_from: dt.date
    #: The time of day it starts on ``valid_from``, the shop's clock (None: midnight).
    valid_time: dt.time | None = None
    price: Money  # not ``Price``: a bad row is refused by the till alone and reported, not the whole page
    store: bool = False
    created_at: dt.datetime


class ConsignmentTermDoc(Wire):
    valid_from: dt.date
    consigned: bool
    commission_bp: Annotated[int, Field(strict=True, ge=0, le=10_000)]


class ProductRulesDoc(Wire):
    """Head office's prices and terms of one product for the calling till's store, sent with the product.

    ``store_price``: the store's own price (None: the network price, ``ProductDoc.price``); ``scheduled``: every
    price set for a later day for the network or this store; ``consignment``: the consignment terms by date (empty:
    head office has none, the till keeps its own). Each replaces what the till held for the product."""

    product_id: Id
    store_price: Money | None = None
    scheduled: Annotated[list[ScheduledPriceDoc], Field(max_length=200)] = Field(default_factory=list)
    consignment: Annotated[list[ConsignmentTermDoc], Field(max_length=200)] = Field(default_factory=list)


class ChangesPage(Wire):
    """Catalogue changes after a cursor, as the current state of each changed record.

    ``cursor`` is opaque to the till; it stores it with the applied page in one transaction. ``reset`` says the
    server did not recognise the cursor (a new database) and started from the beginning.
    """

    cursor: str
    more: bool
    reset: bool = False
    categories: list[CategoryDoc] = Field(default_factory=list)
    producers: list[ProducerDoc] = Field(default_factory=list)
    vat_classes: list[VatClassDoc] = Field(default_factory=list)
    products: list[ProductDoc] = Field(default_factory=list)
    promotions: list[PromotionDoc] = Field(default_factory=list)
    #: The store's prices and consignment terms of this page's products; absent from older servers.
    rules: list[ProductRulesDoc] = Field(default_factory=list)
    #: On the last page (``more`` false): the caller's store's stock; absent from older servers.
    stock: StoreStockDoc | None = None

    @property
    def size(self) -> int:
        return (
            len(self.categories)
            + len(self.producers)
            + len(self.vat_classes)
            + len(self.products)
            + len(self.promotions)
        )


class ErrorBody(Wire):
    code: str
    message_vi: str
    message_en: str
    details: list[dict[str, Any]] = Field(default_factory=list)


class ErrorResponse(Wire):
    """Every 4xx/5xx answer of the server has this shape."""

    error: ErrorBody


# --- returns across the tills of a store (``pos.server.returns``, ``pos.sync.remote_returns``) -----------------


class ReturnableLineDoc(Wire):
    """A line of a sale as head office holds it, with what every till of the store has returned of it."""

    line_id: Id
    line_no: Annotated[int, Field(strict=True, ge=1, le=MAX_LINES)]
    product_id: Id | None = None
    sku: T40
    name_vi: T200
    name_en: T200 = ""
    unit: T20 = ""
    qty_milli: Qty
    amount: Money
    unit_price: Money
    vat_rate: Annotated[int, Field(strict=True, ge=0, le=100)]
    ocop_stars: Stars | None = None
    returned_milli: Qty = 0
    refunded: Money = 0


class RefundableDoc(Wire):
    """What a payment method of the sale can still give back (paid minus refunded)."""

    method: N20
    amount: Money
    reference: T120 = ""


class ReturnableSaleDoc(Wire):
    """A sale of the caller's store (``GET /api/v1/sync/sales``), for a return at any of its tills."""

    sale_id: Id
    terminal_code: Code20
    receipt_no: Annotated[int, Field(strict=True, ge=1, le=2_000_000_000)]
    created_at: dt.datetime
    total: Money
    lines: list[ReturnableLineDoc]
    payments: list[RefundableDoc] = Field(default_factory=list)


class ClaimLineDoc(Wire):
    original_line_id: Id
    qty_milli: Annotated[int, Field(strict=True, ge=1, le=MAX_QTY)]
    amount: Annotated[int, Field(strict=True, ge=0, le=MAX_MONEY)]


class ReturnClaimDoc(Wire):
    """``POST /api/v1/sync/returns``: the till asks to refund these lines before it pays anything back.

    ``return_id`` is the id the return sale will carry: a claim sent again (a lost answer) is the same claim."""

    return_id: Id
    original_sale_id: Id
    lines: Annotated[list[ClaimLineDoc], Field(min_length=1, max_length=MAX_LINES)]


class ReturnClaimAnswer(Wire):
    return_id: Id
    accepted: bool


# --- transfers between stores: a receiving till (``pos.server.transfers``, ``pos.sync.transfers_in``) -----------


class TransferLineDoc(Wire):
    line_no: Annotated[int, Field(strict=True, ge=1, le=MAX_LINES)]
    product_id: Id
    qty_sent_milli: Annotated[int, Field(strict=True, ge=1, le=MAX_QTY)]
    unit_cost: Price = 0


class IncomingTransferDoc(Wire):
    """A transfer in transit to the caller's store (read-only at the till: head office decides it)."""

    id: Id
    label: N20
    from_store_code: N20
    sent_at: dt.datetime
    sent_by: T200 = ""
    note: T200 = ""
    lines: list[TransferLineDoc]


class IncomingTransfers(Wire):
    """``GET /api/v1/sync/transfers``: the caller's store's transfers in transit."""

    transfers: list[IncomingTransferDoc] = Field(default_factory=list)


class ReceivedLineDoc(Wire):
    line_no: Annotated[int, Field(strict=True, ge=1, le=MAX_LINES)]
    qty_milli: Annotated[int, Field(strict=True, ge=0, le=MAX_QTY)]


class TransferReceiptDoc(Wire):
    """``POST /api/v1/sync/transfers/{id}/receive``: what arrived, every line. ``receipt_id`` is the till's own:
    the same receipt sent again (a lost answer) is one receipt."""

    receipt_id: Id
    received_by: T200 = ""
    lines: Annotated[list[ReceivedLineDoc], Field(min_length=1, max_length=MAX_LINES)]


class TransferReceiptAnswer(Wire):
    transfer_id: Id
    label: N20
    discrepancy_milli: Annotated[int, Field(strict=True, ge=0, le=MAX_QTY * MAX_LINES)]
    first: bool  # False: this receipt had already been recorded (a resend)
