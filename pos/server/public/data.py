"""What the public may read about a product: published fields only, read in one place.

Every query here names its columns: never cost, consignment terms, staff, sales or a store's quantities (a
centre shows as stocking a product or not). A product is public while its ``product_pages`` row is published and
the product is active.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from pos.digital_link import LinkError, gtin14, gtin_keys

#: Lots are what arrived from a producer: stock that moved between centres is not a new lot.
LOT_KINDS = ("receive", "opening")


@dataclass(frozen=True, slots=True)
class Centre:
    code: str
    name: str
    commune: str
    district: str
    province: str
    address: str


@dataclass(frozen=True, slots=True)
class LotReceipt:
    centre: Centre
    qty_milli: int
    received_on: dt.date
    expiry: dt.date | None


@dataclass(frozen=True, slots=True)
class Lot:
    lot: str
    produced_on: dt.date | None
    expiry: dt.date | None
    receipts: tuple[LotReceipt, ...]

    @property
    def qty_milli(self) -> int:
        return sum(r.qty_milli for r in self.receipts)


@dataclass(frozen=True, slots=True)
class PublicProduct:
    id: str
    gtin: str
    sku: str
    names: dict[str, str]
    unit: str
    price: int
    category_code: str
    category: dict[str, str]
    producer: str
    producer_commune: str
    producer_district: str
    producer_province: str
    website: str
    stars: int | None
    level: str | None
    certificate_no: str | None
    rated_on: dt.date | None
    cert_expires_on: dt.date | None
    trace_url: str
    trace_code: str
    descriptions: dict[str, str]
    has_picture: bool = False
    centres: tuple[Centre, ...] = field(default_factory=tuple)
    updated_at: dt.datetime | None = None

    @property
    def in_stock(self) -> bool:
        return bool(self.centres)

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.names["vi"]

    def description(self, lang: str) -> str:
        return self.descriptions.get(lang) or self.descriptions.get("en") or self.descriptions.get("vi", "")

    def category_name(self, lang: str) -> str:
        return self.category.get(lang) or self.category.get("en") or self.category.get("vi", "")

    @property
    def origin(self) -> str:
        return ", ".join(
            p for p in (self.producer_commune, self.producer_district, self.producer_province) if p
        )


_PRODUCT_SQL = (
    "SELECT p.id, p.sku, p.name_vi, p.name_en, p.name_zh, p.name_ko, p.unit, p.price, "
    "COALESCE(p.category_code, ''), COALESCE(c.name_vi, ''), COALESCE(c.name_en, ''), "
    "COALESCE(r.name, ''), COALESCE(r.commune, ''), COALESCE(r.district, ''), COALESCE(r.province, ''), "
    "COALESCE(w.website, ''), p.ocop_stars, p.ocop_level, p.ocop_certificate_no, p.ocop_rated_on, "
    "p.ocop_expires_on, COALESCE(p.trace_url, ''), COALESCE(p.trace_code, ''), "
    "g.description_vi, g.description_en, g.description_zh, g.description_ko, p.updated_at, g.updated_at, "
    "(SELECT MIN(b.code) FROM barcodes b WHERE b.product_id = p.id) "
    "FROM products p JOIN product_pages g ON g.product_id = p.id "
    "LEFT JOIN categories c ON c.code = p.category_code "
    "LEFT JOIN producers r ON r.id = p.producer_id LEFT JOIN producer_links w ON w.producer_id = r.id "
    "WHERE g.published AND p.active"
)


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _stamp(value: object) -> dt.datetime | None:
    if value is None:
        return None
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


def _web(value: object) -> str:
    """A link from the catalogue, kept only when it is an http(s) address (never ``javascript:`` and the like)."""
    text_ = str(value or "").strip()
    return text_ if text_.lower().startswith(("https://", "http://")) and " " not in text_ else ""


def _gtin_of(code: object) -> str:
    """The barcode as a GTIN-14, or '' when the product's code is not a GTIN (an internal code)."""
    try:
        return gtin14(str(code)) if code else ""
    except LinkError:
        return ""


def _product(row: Sequence[Any], gtin: str, centres: tuple[Centre, ...], pictures: set[str]) -> PublicProduct:
    r = tuple(row)
    stamps = [s for s in (_stamp(r[27]), _stamp(r[28])) if s is not None]
    return PublicProduct(
        id=str(r[0]),
        gtin=gtin,
        sku=str(r[1]),
        names={k: str(v or "") for k, v in zip(("vi", "en", "zh", "ko"), r[2:6], strict=True) if v},
        unit=str(r[6]),
        price=int(r[7]),
        category_code=str(r[8]),
        category={"vi": str(r[9]), "en": str(r[10])},
        producer=str(r[11]),
        producer_commune=str(r[12]),
        producer_district=str(r[13]),
        producer_province=str(r[14]),
        website=_web(r[15]),
        stars=None if r[16] is None else int(r[16]),
        level=None if r[17] is None else str(r[17]),
        certificate_no=None if r[18] is None else str(r[18]),
        rated_on=_date(r[19]),
        cert_expires_on=_date(r[20]),
        trace_url=_web(r[21]),
        trace_code=str(r[22]),
        descriptions={k: str(v or "") for k, v in zip(("vi", "en", "zh", "ko"), r[23:27], strict=True) if v},
        has_picture=str(r[0]) in pictures,
        centres=centres,
        updated_at=max(stamps) if stamps else None,
    )


def _centres_with_stock(conn: Connection, product_id: str | None = None) -> dict[str, tuple[Centre, ...]]:
    """Active centres holding some of each product (all products, or one)."""
    where = " AND s.product_id = :p" if product_id else ""
    rows = conn.execute(
        text(
            "SELECT s.product_id, t.code, t.name, t.commune, t.district, t.province, t.address "
            "FROM stock_on_hand s JOIN stores t ON t.id = s.store_id "
            f"WHERE s.qty_milli > 0 AND t.active{where} ORDER BY s.product_id, t.code"
        ),
        {"p": product_id} if product_id else {},
    ).all()
    out: dict[str, list[Centre]] = {}
    for pid, *rest in rows:
        out.setdefault(str(pid), []).append(Centre(*(str(v or "") for v in rest)))
    return {k: tuple(v) for k, v in out.items()}


def product_by_gtin(conn: Connection, gtin: str, pictures: set[str]) -> PublicProduct | None:
    """The published product whose barcode is this GTIN-14 (under any of the catalogue's key forms)."""
    keys = gtin_keys(gtin)
    params = {f"k{i}": k for i, k in enumerate(keys)}
    names = ", ".join(f":k{i}" for i in range(len(keys)))
    row = conn.execute(
        text(
            f"{_PRODUCT_SQL} AND p.id IN (SELECT b.product_id FROM barcodes b WHERE b.code IN ({names})) "
            "ORDER BY p.sku LIMIT 1"
        ),
        params,
    ).first()
    if row is None:
        return None
    centres = _centres_with_stock(conn, str(row[0])).get(str(row[0]), ())
    return _product(row, gtin, centres, pictures)


def published_products(conn: Connection, pictures: set[str]) -> list[PublicProduct]:
    """Every published product that has a GTIN, in SKU order (the feed)."""
    centres = _centres_with_stock(conn)
    out = []
    for row in conn.execute(text(f"{_PRODUCT_SQL} ORDER BY p.sku")).all():
        gtin = _gtin_of(row[29])
        if gtin:
            out.append(_product(row, gtin, centres.get(str(row[0]), ()), pictures))
    return out


def lot_of(conn: Connection, product_id: str, lot: str) -> Lot | None:
    """The batch ``lot`` of a product as the centres received it, or None when no centre has a record of it."""
    kinds = ", ".join(f"'{k}'" for k in LOT_KINDS)
    rows = conn.execute(
        text(
            "SELECT t.code, t.name, t.commune, t.district, t.province, t.address, SUM(m.qty_milli), "
            "MIN(m.created_at), MAX(m.expiry) FROM stock_moves m JOIN stores t ON t.id = m.store_id "
            f"WHERE m.product_id = :p AND m.batch = :lot AND m.kind IN ({kinds}) AND m.qty_milli > 0 "
            "GROUP BY t.code, t.name, t.commune, t.district, t.province, t.address ORDER BY t.code"
        ),
        {"p": product_id, "lot": lot},
    ).all()
    if not rows:
        return None
    produced = conn.execute(
        text("SELECT produced_on FROM lot_details WHERE product_id = :p AND lot = :lot"),
        {"p": product_id, "lot": lot},
    ).scalar()
    receipts = tuple(
        LotReceipt(
            Centre(*(str(v or "") for v in r[:6])),
            int(r[6]),
            _date(r[7]) or dt.date.min,
            _date(r[8]),
        )
        for r in rows
    )
    expiries = [r.expiry for r in receipts if r.expiry is not None]
    return Lot(lot, _date(produced), max(expiries) if expiries else None, receipts)


def catalogue_version(conn: Connection) -> tuple[str, dt.datetime | None]:
    """(a signature of everything the feed shows, the catalogue's last change time): the signature changes when a
    product, its page, its producer or whether any centre stocks it changes; the time is the catalogue's own."""
    row = conn.execute(
        text(
            "SELECT (SELECT MAX(seq) FROM catalogue_changes), (SELECT MAX(updated_at) FROM products), "
            "(SELECT MAX(updated_at) FROM product_pages), (SELECT MAX(updated_at) FROM producer_links), "
            "(SELECT COUNT(*) FROM product_pages WHERE published)"
        )
    ).one()
    stocked = conn.execute(
        text(
            "SELECT DISTINCT s.product_id FROM stock_on_hand s JOIN stores t ON t.id = s.store_id "
            "WHERE s.qty_milli > 0 AND t.active ORDER BY s.product_id"
        )
    ).scalars()
    digest = hashlib.sha256()
    digest.update(repr(tuple(str(v) for v in row)).encode())
    for pid in stocked:
        digest.update(str(pid).encode())
    stamps = [s for s in (_stamp(row[1]), _stamp(row[2]), _stamp(row[3])) if s is not None]
    return digest.hexdigest(), max(stamps) if stamps else None
