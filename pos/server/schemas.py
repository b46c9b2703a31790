"""Request and answer bodies of the head-office API (the till's wire format is ``pos.sync.wire``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from pos.sync.wire import (
    MAX_QTY,
    N20,
    N120,
    N200,
    T20,
    T40,
    T60,
    T120,
    T200,
    T300,
    Barcodes,
    CategoryFields,
    Id,
    OcopLevel,
    Price,
    ProducerFields,
    ProducerKind,
    ProductFields,
    PromotionFields,
    Stars,
    VatRateDoc,
)


def _as_utc(value: dt.datetime) -> dt.datetime:
    """The server stores naive UTC; answers carry the offset, as RFC 3339 ``date-time`` requires."""
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


UtcDateTime = Annotated[dt.datetime, AfterValidator(_as_utc)]


class In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StoreIn(In):
    code: N20
    name: N200
    address: T300 = ""
    commune: T120 = ""
    district: T120 = ""
    province: T120 = "Quảng Ninh"
    tax_code: T20 = ""
    phone: T40 = ""


class TerminalIn(In):
    code: N20
    name: T120 = ""


class CategoryIn(CategoryFields, In):
    name_vi: N120


class ProducerIn(ProducerFields, In):
    """A producer as head office enters it; matched by ``code`` (``id`` only to keep a till's existing ids)."""

    kind: ProducerKind = "cooperative"


class ProductIn(ProductFields, In):
    """A product as head office enters it; matched by ``sku`` (``id`` only to keep a till's existing ids), its
    producer named by code."""

    vat_class: N20 = "reduced"
    producer_code: T40 | None = None


class ProductPatch(In):
    """Change some fields of a product (a new price, a name, withdrawal with ``active: false``); each is bounded as
    in ``ProductFields`` (a test checks)."""

    name_vi: N200 | None = None
    name_en: T200 | None = None
    name_zh: T200 | None = None
    name_ko: T200 | None = None
    unit: T20 | None = None
    price: Price | None = None
    cost: Price | None = None
    vat_class: N20 | None = None
    category_code: T40 | None = None
    ocop_stars: Stars | None = None
    ocop_level: OcopLevel | None = None
    ocop_certificate_no: T60 | None = None
    ocop_rated_on: dt.date | None = None
    ocop_expires_on: dt.date | None = None
    favourite: bool | None = None
    active: bool | None = None
    barcodes: Barcodes | None = None


class VatClassIn(In):
    rates: Annotated[list[VatRateDoc], Field(min_length=1, max_length=50)]


class PromotionIn(PromotionFields, In):
    scope: Literal["all", "product", "category", "producer"] = "all"


class StockMoveIn(In):
    """Goods received or counted at a store, entered at head office.

    ``id`` (the client's own uuid) makes sending the same move again harmless: it is stored once."""

    id: Id | None = None
    product_id: Id
    qty_milli: Annotated[int, Field(strict=True, ge=-MAX_QTY, le=MAX_QTY)]
    kind: Literal["receive", "adjust", "count", "opening", "transfer_in", "transfer_out", "waste"]
    reason: T200 = ""
    unit_cost: Price = 0


class DismissIn(In):
    note: Annotated[str, Field(max_length=1000)] = ""


class IssuedCodeOut(BaseModel):
    store_code: str
    terminal_code: str
    code: str
    expires_at: UtcDateTime


class ImportOut(BaseModel):
    rows: int
    products_created: int
    products_updated: int
    producers_created: int
    categories_created: int


class ReportRowOut(BaseModel):
    key: str
    label: str
    receipts: int
    qty_milli: int
    amount: int


class StockRowOut(BaseModel):
    product_id: str
    sku: str
    name_vi: str
    qty_milli: int


class QuarantineOut(BaseModel):
    id: int
    store_code: str
    terminal_code: str
    entity: str
    entity_id: str
    code: str
    reason_vi: str
    reason_en: str
    first_received_at: UtcDateTime
    last_received_at: UtcDateTime
    times_received: int
    status: str
    doc: str


class AnchorCheckOut(BaseModel):
    """One till's hash-chain anchors as checked by head office (``pos.server.anchors.check_anchors``)."""

    store_code: str
    terminal_code: str
    ok: bool
    anchors: int
    newest_seq: int | None
    rewritten: list[int]
    cut_back: list[list[int]]
    message: str
