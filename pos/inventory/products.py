"""Adding and editing products: names, unit, price (with the date it takes effect), cost, VAT class, category,
producer, OCOP rating, barcodes, PLU, traceability code.

``check_product`` is the one validation, shared by the edit form and the catalogue import, and returns every
problem at once (field + message in both languages) rather than stopping at the first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, insert, text

from pos.barcodes import gtin_key
from pos.catalogue.indexing import search_text
from pos.db import write_tx
from pos.errors import BarcodeError
from pos.ids import new_id
from pos.inventory.prices import CatalogueEditError, local_date, schedule_price_on
from pos.inventory.terms import ProductTerms, apply_terms_on, check_terms
from pos.ledger.canonical import sql_value
from pos.models import Barcode, Product, ProductPrice
from pos.models.catalogue import OCOP_LEVELS, ocop_expiry
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require


@dataclass(frozen=True, slots=True)
class ProductInput:
    """A product as the edit form or an import row gives it."""

    sku: str
    name_vi: str
    price: int
    vat_class: str
    name_en: str = ""
    unit: str = "cái"
    cost: int = 0
    category_code: str | None = None
    producer_id: str | None = None
    ocop_stars: int | None = None
    ocop_level: str | None = None
    ocop_certificate_no: str | None = None
    ocop_rated_on: dt.date | None = None
    trace_code: str | None = None
    weighed: bool = False
    plu: int | None = None
    favourite: bool = False
    active: bool = True
    barcodes: tuple[str, ...] = field(default_factory=tuple)
    #: The tourists' names (Chinese, Korean); empty shows the Vietnamese name on their receipt and display.
    name_zh: str = ""
    name_ko: str = ""


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with one field."""

    field: str
    vi: str
    en: str

    def message(self, lang: str = "vi") -> str:
        return self.vi if lang.startswith("vi") else self.en


def barcode_key(code: str) -> str:
    """The key a barcode is stored under (``pos.barcodes``): EAN/UPC normalised, other codes as typed.

    Refuses a bad check digit, and 13-digit codes with prefix 20–29 (those are the shop scale's price/weight
    labels; a product sold that way gets a PLU instead).
    """
    raw = code.strip()
    if not raw or len(raw) > 64 or any(ord(c) < 33 for c in raw):
        raise BarcodeError(
            f"Mã vạch không hợp lệ: {code!r}", f"Invalid barcode: {code!r}", code="bad_barcode"
        )
    if raw.isdigit() and len(raw) in (8, 12, 13, 14):
        if len(raw) == 13 and raw[:2] in {str(p) for p in range(20, 30)}:
            raise BarcodeError(
                f"Mã {raw} có đầu 20–29 là mã cân của cửa hàng; hãy dùng PLU",
                f"Code {raw} has prefix 20–29, reserved for in-store scale labels; use a PLU",
                code="in_store_prefix",
            )
        return gtin_key(raw)
    return raw


def check_product(conn: Connection, data: ProductInput, product_id: str | None = None) -> list[Issue]:
    """Every problem with ``data`` (as a new product, or as an edit of ``product_id``)."""
    issues: list[Issue] = []

    def bad(name: str, vi: str, en: str) -> None:
        issues.append(Issue(name, vi, en))

    def taken(sql: str, value: object) -> bool:
        row = conn.execute(text(sql), {"v": value}).first()
        return row is not None and str(row[0]) != product_id

    if not data.sku.strip() or len(data.sku) > 40:
        bad("sku", "Mã hàng (SKU) trống hoặc dài quá 40 ký tự", "SKU is empty or longer than 40 characters")
    elif taken("SELECT id FROM products WHERE sku = :v", data.sku.strip()):
        bad("sku", f"Mã hàng {data.sku} đã có", f"SKU {data.sku} is already used")
    if not data.name_vi.strip() or len(data.name_vi) > 200:
        bad("name_vi", "Tên tiếng Việt trống hoặc quá dài", "Vietnamese name is empty or too long")
    if len(data.name_en) > 200:
        bad("name_en", "Tên tiếng Anh quá dài", "English name is too long")
    if len(data.name_zh) > 200:
        bad("name_zh", "Tên tiếng Trung quá dài", "Chinese name is too long")
    if len(data.name_ko) > 200:
        bad("name_ko", "Tên tiếng Hàn quá dài", "Korean name is too long")
    if not data.unit.strip() or len(data.unit) > 20:
        bad("unit", "Đơn vị tính trống hoặc quá dài", "Unit is empty or too long")
    if not isinstance(data.price, int) or data.price < 0:
        bad("price", "Giá bán phải là số đồng ≥ 0", "Price must be whole đồng ≥ 0")
    if not isinstance(data.cost, int) or data.cost < 0:
        bad("cost", "Giá vốn phải là số đồng ≥ 0", "Cost must be whole đồng ≥ 0")
    if (
        conn.execute(text("SELECT 1 FROM vat_rates WHERE vat_class = :v"), {"v": data.vat_class}).first()
        is None
    ):
        bad("vat_class", f"Không có nhóm thuế {data.vat_class!r}", f"Unknown VAT class {data.vat_class!r}")
    if (
        data.category_code
        and conn.execute(text("SELECT 1 FROM categories WHERE code = :v"), {"v": data.category_code}).first()
        is None
    ):
        bad(
            "category",
            f"Không có nhóm hàng {data.category_code!r}",
            f"Unknown category {data.category_code!r}",
        )
    if (
        data.producer_id
        and conn.execute(text("SELECT 1 FROM producers WHERE id = :v"), {"v": data.producer_id}).first()
        is None
    ):
        bad("producer", "Không có nhà sản xuất này", "Unknown producer")
    if data.ocop_stars is not None and not 1 <= data.ocop_stars <= 5:
        bad("ocop_stars", "Hạng sao OCOP phải từ 1 đến 5", "OCOP stars must be 1 to 5")
    if data.ocop_level is not None and data.ocop_level not in OCOP_LEVELS:
        bad(
            "ocop_level",
            f"Cấp OCOP phải là {' / '.join(OCOP_LEVELS)}",
            f"OCOP level must be {' / '.join(OCOP_LEVELS)}",
        )
    if data.ocop_stars is None and (data.ocop_level or data.ocop_rated_on or data.ocop_certificate_no):
        bad("ocop_stars", "Có chứng nhận OCOP nhưng thiếu số sao", "OCOP certificate given without stars")
    if data.plu is not None:
        if not 1 <= data.plu <= 99_999:
            bad("plu", "PLU phải từ 1 đến 99999", "PLU must be 1 to 99999")
        elif taken("SELECT id FROM products WHERE plu = :v", data.plu):
            bad("plu", f"PLU {data.plu} đã có", f"PLU {data.plu} is already used")
    if data.trace_code and taken("SELECT id FROM products WHERE trace_code = :v", data.trace_code):
        bad(
            "trace_code",
            "Mã truy xuất đã gán cho sản phẩm khác",
            "Traceability code belongs to another product",
        )
    seen: set[str] = set()
    for code in data.barcodes:
        try:
            key = barcode_key(code)
        except BarcodeError as exc:
            bad("barcodes", exc.vi, exc.en)
            continue
        if key in seen:
            bad("barcodes", f"Mã vạch {code} bị lặp", f"Barcode {code} is listed twice")
        seen.add(key)
        if taken("SELECT product_id FROM barcodes WHERE code = :v", key):
            bad(
                "barcodes",
                f"Mã vạch {code} đã thuộc sản phẩm khác",
                f"Barcode {code} belongs to another product",
            )
    return issues


def _raise(issues: list[Issue]) -> None:
    if issues:
        raise CatalogueEditError(
            "; ".join(i.vi for i in issues), "; ".join(i.en for i in issues), code="invalid"
        )


def _columns(data: ProductInput, keys: list[str], now: dt.datetime) -> dict[str, Any]:
    return {
        "sku": data.sku.strip(),
        "name_vi": data.name_vi.strip(),
        "name_en": data.name_en.strip(),
        "name_zh": data.name_zh.strip(),
        "name_ko": data.name_ko.strip(),
        "unit": data.unit.strip(),
        "cost": data.cost,
        "vat_class": data.vat_class,
        "category_code": data.category_code or None,
        "producer_id": data.producer_id or None,
        "ocop_stars": data.ocop_stars,
        "ocop_level": data.ocop_level,
        "ocop_certificate_no": data.ocop_certificate_no or None,
        "ocop_rated_on": data.ocop_rated_on,
        "ocop_expires_on": ocop_expiry(data.ocop_rated_on) if data.ocop_rated_on else None,
        "trace_code": data.trace_code or None,
        "weighed": data.weighed,
        "plu": data.plu,
        "favourite": data.favourite,
        "active": data.active,
        "search_text": search_text(data.name_vi, data.name_en, data.sku, keys),
        "updated_at": now,
    }


def write_product(
    conn: Connection,
    actor: StaffMember | None,
    data: ProductInput,
    product_id: str | None,
    *,
    now: dt.datetime,
    price_from: dt.date | None = None,
    approver: StaffMember | None = None,
    audit: bool = True,
) -> str:
    """Insert or update one product inside the caller's transaction (after ``check_product`` found nothing).

    A changed price goes through the price schedule (at once, or from ``price_from``).
    """
    keys = [barcode_key(c) for c in data.barcodes]
    cols = _columns(data, keys, now)
    if product_id is None:
        product_id = new_id()
        conn.execute(
            insert(Product),
            [{"id": product_id, "price": data.price, "picture": None, "trace_url": None, **cols}],
        )
        conn.execute(
            insert(ProductPrice),
            [
                {
                    "id": new_id(),
                    "product_id": product_id,
                    "valid_from": local_date(now),
                    "price": data.price,
                    "created_at": now,
                    "created_by": actor.id if actor else None,
                    "applied_at": now,
                }
            ],
        )
        action, changes = "product_edit", {"created": True}
    else:
        old = conn.execute(text("SELECT price FROM products WHERE id = :p"), {"p": product_id}).first()
        if old is None:
            raise CatalogueEditError("Không có sản phẩm này", "No such product", code="no_product")
        sets = ", ".join(f"{k} = :{k}" for k in cols)
        conn.execute(
            text(f"UPDATE products SET {sets} WHERE id = :id"),
            {**{k: sql_value(v) for k, v in cols.items()}, "id": product_id},
        )
        conn.execute(text("DELETE FROM barcodes WHERE product_id = :p"), {"p": product_id})
        action, changes = "product_edit", {"created": False}
        if int(old[0]) != data.price:
            schedule_price_on(
                conn, actor, product_id, data.price, price_from or local_date(now), now=now, approver=approver
            )
    if keys:
        conn.execute(insert(Barcode), [{"code": k, "product_id": product_id} for k in keys])
    if audit:
        record(
            conn,
            AuditEvent(action, actor, approver, "product", product_id, detail={"sku": data.sku, **changes}),
            now=now,
        )
    return product_id


def create_product(
    engine: Engine,
    actor: StaffMember,
    data: ProductInput,
    *,
    terms: ProductTerms | None = None,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Add a product (with its consignment and low-stock ``terms`` when given, in the same transaction); raises
    ``CatalogueEditError`` listing every problem. Returns the new id."""
    now = now or utcnow()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_CATALOGUE, approval)
        _raise(check_product(conn, data))
        if terms is not None:
            check_terms(terms)
        product_id = write_product(conn, actor, data, None, now=now, approver=approver)
        if terms is not None:
            apply_terms_on(conn, actor, approver, product_id, terms, now)
    if approval is not None:
        approval.spend()
    return product_id


def update_product(
    engine: Engine,
    actor: StaffMember,
    product_id: str,
    data: ProductInput,
    *,
    price_from: dt.date | None = None,
    terms: ProductTerms | None = None,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Edit a product. A new price applies today, or from ``price_from`` (the old one sells until then). With
    ``terms``, its consignment and low-stock threshold change in the same transaction where they differ."""
    now = now or utcnow()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_CATALOGUE, approval)
        _raise(check_product(conn, data, product_id))
        if terms is not None:
            check_terms(terms)
        write_product(conn, actor, data, product_id, now=now, price_from=price_from, approver=approver)
        if terms is not None:
            apply_terms_on(conn, actor, approver, product_id, terms, now)
    if approval is not None:
        approval.spend()


def _as_dict(data: ProductInput) -> dict[str, Any]:
    return {name: getattr(data, name) for name in ProductInput.__dataclass_fields__}


def load_product(engine: Engine, product_id: str) -> ProductInput:
    """A product as the edit form shows it."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT sku, name_vi, price, vat_class, name_en, unit, cost, category_code, producer_id, ocop_stars, "
                "ocop_level, ocop_certificate_no, ocop_rated_on, trace_code, weighed, plu, favourite, active, "
                "name_zh, name_ko FROM products WHERE id = :p"
            ),
            {"p": product_id},
        ).first()
        codes = [
            str(r[0])
            for r in conn.execute(
                text("SELECT code FROM barcodes WHERE product_id = :p ORDER BY code"), {"p": product_id}
            )
        ]
        conn.rollback()
    if row is None:
        raise CatalogueEditError("Không có sản phẩm này", "No such product", code="no_product")
    rated = row[12]
    return ProductInput(
        sku=str(row[0]),
        name_vi=str(row[1]),
        price=int(row[2]),
        vat_class=str(row[3]),
        name_en=str(row[4] or ""),
        unit=str(row[5]),
        cost=int(row[6] or 0),
        category_code=row[7],
        producer_id=row[8],
        ocop_stars=None if row[9] is None else int(row[9]),
        ocop_level=row[10],
        ocop_certificate_no=row[11],
        ocop_rated_on=dt.date.fromisoformat(str(rated)) if rated else None,
        trace_code=row[13],
        weighed=bool(row[14]),
        plu=None if row[15] is None else int(row[15]),
        favourite=bool(row[16]),
        active=bool(row[17]),
        barcodes=tuple(codes),
        name_zh=str(row[18] or ""),
        name_ko=str(row[19] or ""),
    )


def find_product_id(engine: Engine, sku: str) -> str | None:
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT id FROM products WHERE sku = :s"), {"s": sku}).scalar()
        conn.rollback()
    return None if pid is None else str(pid)
