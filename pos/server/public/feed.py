"""The product feed for e-commerce platforms and search engines: CSV, JSON and a Google-Merchant-style RSS 2.0
(``g:`` namespace, http://base.google.com/ns/1.0). Published products with a GTIN only; prices are the
catalogue's VAT-inclusive đồng written ``NNN VND``; availability is ``in_stock`` while a centre holds some.

A rendered feed is kept per (format, base URL) with the catalogue's signature (``data.catalogue_version``) and
served again until that changes: platforms poll, and most polls end in 304 from the ``ETag`` (a hash of the body)
or ``Last-Modified`` (the catalogue's change time).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from email.utils import format_datetime

from sqlalchemy import Connection

from pos.digital_link import DigitalLink
from pos.server.public.data import PublicProduct, catalogue_version, published_products

G = "http://base.google.com/ns/1.0"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xml": "application/rss+xml; charset=utf-8",
}
COLUMNS = (
    "id",
    "gtin",
    "title",
    "title_en",
    "description",
    "brand",
    "producer_locality",
    "price",
    "availability",
    "image_link",
    "link",
    "ocop_stars",
    "ocop_rating_year",
    "ocop_certificate",
    "product_type",
    "google_product_category",
    "condition",
    "unit",
)


def _row(p: PublicProduct, base: str) -> dict[str, str | int]:
    return {
        "id": p.sku,
        "gtin": p.gtin,
        "title": p.name("vi"),
        "title_en": p.names.get("en", ""),
        "description": p.description("vi") or p.name("vi"),
        "brand": p.producer,
        "producer_locality": p.origin,
        "price": f"{p.price} VND",
        "availability": "in_stock" if p.in_stock else "out_of_stock",
        "image_link": f"{base}/public/pictures/{p.gtin}",
        "link": base + DigitalLink(p.gtin).path(),
        "ocop_stars": p.stars or 0,
        "ocop_rating_year": p.rated_on.year if p.rated_on else "",
        "ocop_certificate": p.certificate_no or "",
        "product_type": p.category_name("vi"),
        # Google's taxonomy id for "Food, Beverages & Tobacco" (412) or "Arts & Entertainment > Hobbies & Creative
        # Arts > Arts & Crafts" (505372): the two kinds of goods the centres sell.
        "google_product_category": 505372 if p.category_code == "crafts" else 412,
        "condition": "new",
        "unit": p.unit,
    }


def as_csv(products: list[PublicProduct], base: str) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for p in products:
        writer.writerow({k: _csv_safe(v) for k, v in _row(p, base).items()})
    return ("\ufeff" + out.getvalue()).encode()  # BOM: spreadsheets open the Vietnamese right


def _csv_safe(value: str | int) -> str | int:
    """A cell a spreadsheet would take for a formula is quoted with an apostrophe (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def as_json(products: list[PublicProduct], base: str, updated: dt.datetime | None) -> bytes:
    doc = {
        "updated": updated.replace(tzinfo=dt.UTC).isoformat() if updated else None,
        "count": len(products),
        "currency": "VND",
        "products": [_row(p, base) for p in products],
    }
    return json.dumps(doc, ensure_ascii=False, indent=1).encode()


def as_xml(products: list[PublicProduct], base: str, updated: dt.datetime | None) -> bytes:
    ET.register_namespace("g", G)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = "OCOP Quảng Ninh"
    ET.SubElement(channel, "link").text = base + "/feed/products.xml"
    ET.SubElement(channel, "description").text = "Sản phẩm OCOP Quảng Ninh / Quảng Ninh OCOP products"
    if updated:
        ET.SubElement(channel, "lastBuildDate").text = format_datetime(
            updated.replace(tzinfo=dt.UTC), usegmt=True
        )
    for p in products:
        row = _row(p, base)
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = str(row["title"])
        ET.SubElement(item, "link").text = str(row["link"])
        ET.SubElement(item, "description").text = str(row["description"])
        for key in (
            "id",
            "gtin",
            "brand",
            "price",
            "availability",
            "image_link",
            "condition",
            "product_type",
            "google_product_category",
        ):
            ET.SubElement(item, f"{{{G}}}{key}").text = str(row[key])
        for name, value in (
            ("OCOP stars", row["ocop_stars"]),
            ("OCOP rating year", row["ocop_rating_year"]),
            ("Producer locality", row["producer_locality"]),
        ):
            detail = ET.SubElement(item, f"{{{G}}}product_detail")
            ET.SubElement(detail, f"{{{G}}}attribute_name").text = name
            ET.SubElement(detail, f"{{{G}}}attribute_value").text = str(value)
    body: bytes = ET.tostring(rss, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


@dataclass(frozen=True, slots=True)
class Rendered:
    body: bytes
    etag: str
    last_modified: dt.datetime | None
    media_type: str


class FeedCache:
    """Rendered feeds by (format, base), each valid while the catalogue's signature is the one it was made with."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple[str, str], tuple[str, Rendered]] = {}
        self.renders = 0  # how many times a feed was built (the tests read it)

    def get(self, conn: Connection, fmt: str, base: str, pictures: set[str]) -> Rendered:
        signature, updated = catalogue_version(conn)
        signature += "|" + ",".join(sorted(pictures))
        with self._lock:
            kept = self._kept.get((fmt, base))
        if kept is not None and kept[0] == signature:
            return kept[1]
        products = published_products(conn, pictures)
        if fmt == "csv":
            body = as_csv(products, base)
        elif fmt == "json":
            body = as_json(products, base, updated)
        else:
            body = as_xml(products, base, updated)
        rendered = Rendered(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"', updated, FORMATS[fmt])
        with self._lock:
            self.renders += 1
            if len(self._kept) > 32:  # bases come from Host headers: never an unbounded dict
                self._kept.clear()
            self._kept[(fmt, base)] = (signature, rendered)
        return rendered
