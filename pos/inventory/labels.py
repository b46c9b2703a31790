"""Shelf labels: name, price, OCOP stars, origin and barcode, as data and as a printable document.

``price_on`` prints the price a product will have on a later date, so labels for a scheduled price change can
be printed the evening before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Engine, text

from pos.catalogue.due_prices import DuePrice, resolve
from pos.digital_link import DEFAULT_PUBLIC_HOST, link_for_barcode
from pos.receipts.document import ReceiptDoc, ShelfLabel, Symbology


@dataclass(frozen=True, slots=True)
class LabelData:
    product_id: str
    sku: str
    name_vi: str
    name_en: str
    unit: str
    price: int
    stars: int | None
    origin: str
    barcode: str | None
    symbology: str
    #: The product's GS1 Digital Link URI on the public host (None when its code is not a GTIN).
    link: str | None = None

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi


def _symbology(code: str) -> str:
    if code.isdigit() and len(code) == 13:
        return "ean13"
    if code.isdigit() and len(code) == 8:
        return "ean8"
    return "code128"


def shelf_labels(
    engine: Engine,
    product_ids: Iterable[str],
    *,
    price_on: dt.date | None = None,
    public_host: str = DEFAULT_PUBLIC_HOST,
) -> list[LabelData]:
    """Label data for the products, in the order given (unknown ids are skipped). A product with a GTIN gets its
    Digital Link URI on ``public_host`` (``[public] host`` of config.toml), which its label prints as a QR."""
    out = []
    with engine.connect() as conn:
        for pid in product_ids:
            row = conn.execute(
                text(
                    "SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, p.price, p.ocop_stars, "
                    "COALESCE(r.name, ''), COALESCE(r.district, ''), "
                    "(SELECT MIN(b.code) FROM barcodes b WHERE b.product_id = p.id) "
                    "FROM products p LEFT JOIN producers r ON r.id = p.producer_id WHERE p.id = :p"
                ),
                {"p": pid},
            ).first()
            if row is None:
                continue
            price = int(row[5])
            if (
                price_on is not None
            ):  # the price then: today's, with the prices to come by then (a store's own wins)
                own = conn.execute(
                    text("SELECT price FROM store_prices WHERE product_id = :p"), {"p": pid}
                ).scalar()
                pending = [
                    DuePrice(str(o), dt.date.fromisoformat(str(d)), dt.datetime.fromisoformat(str(c)), int(v))
                    for o, d, c, v in conn.execute(
                        text(
                            "SELECT origin, valid_from, created_at, price FROM product_prices "
                            "WHERE product_id = :p AND applied_at IS NULL AND valid_from <= :d"
                        ),
                        {"p": pid, "d": price_on.isoformat()},
                    )
                ]
                price = resolve(price, None if own is None else int(own), pending)[0]
            code = str(row[9]) if row[9] is not None else None
            origin = ", ".join(p for p in (str(row[7]), str(row[8])) if p)
            barcode = code or str(row[1])
            out.append(
                LabelData(
                    str(row[0]),
                    str(row[1]),
                    str(row[2]),
                    str(row[3] or ""),
                    str(row[4]),
                    price,
                    None if row[6] is None else int(row[6]),
                    origin,
                    barcode,
                    _symbology(barcode),
                    link_for_barcode(code, public_host),
                )
            )
        conn.rollback()
    return out


def label_doc(label: LabelData, *, shop_name: str, lang: str = "vi") -> ReceiptDoc:
    """A ``label`` document for the receipt printer (``pos.receipts``)."""
    symbology = cast(
        Symbology, label.symbology if label.symbology in ("ean13", "ean8", "code128") else "code128"
    )
    shelf = ShelfLabel(
        name=label.name(lang),
        price=label.price,
        unit=label.unit,
        stars=label.stars,
        origin=label.origin,
        barcode=label.barcode,
        symbology=symbology,
        qr=label.link,
    )
    return ReceiptDoc(kind="label", shop_name=shop_name, lang="en" if lang == "en" else "vi", label=shelf)
