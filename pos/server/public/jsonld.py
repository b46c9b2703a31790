"""A product as schema.org ``Product`` in JSON-LD (https://schema.org/Product), for machines and for the page.

Price is VAT-inclusive integer đồng with ``priceCurrency`` VND; availability is InStock while any centre holds
some. OCOP facts have no schema.org property of their own, so they are ``additionalProperty`` values
(``PropertyValue``); a lot adds ``productionDate`` (a Product property) and its expiry as another value.
"""

from __future__ import annotations

import json
from typing import Any

from pos.digital_link import DigitalLink
from pos.server.public.data import Lot, PublicProduct

SCHEMA = "https://schema.org"
IN_STOCK = "https://schema.org/InStock"
OUT_OF_STOCK = "https://schema.org/OutOfStock"


def _prop(name: str, value: Any, property_id: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "PropertyValue", "name": name, "value": value}
    if property_id:
        out["propertyID"] = property_id
    return out


def _place(name: str, commune: str, district: str, province: str, street: str = "") -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "VN"}
    if street:
        address["streetAddress"] = street
    locality = ", ".join(p for p in (commune, district) if p)
    if locality:
        address["addressLocality"] = locality
    if province:
        address["addressRegion"] = province
    return {"name": name, "address": address}


def product_jsonld(
    p: PublicProduct, link: DigitalLink, *, base: str, lang: str, lot: Lot | None = None
) -> dict[str, Any]:
    uri = base + link.path()
    page = base + DigitalLink(p.gtin).path()
    producer = {
        "@type": "Organization",
        **_place(p.producer, p.producer_commune, p.producer_district, p.producer_province),
    }
    if p.website:
        producer["url"] = p.website
    doc: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Product",
        "@id": uri,
        "url": page,
        "inLanguage": lang,
        "name": p.name(lang),
        "gtin": p.gtin,
        "sku": p.sku,
        "image": [f"{base}/public/pictures/{p.gtin}"],
        "description": p.description(lang) or p.name(lang),
        "brand": {"@type": "Brand", "name": p.producer or p.name("vi")},
        "manufacturer": producer,
        "countryOfOrigin": {"@type": "Country", "name": "VN"},
        "offers": {
            "@type": "Offer",
            "url": page,
            "price": p.price,
            "priceCurrency": "VND",
            "availability": IN_STOCK if p.in_stock else OUT_OF_STOCK,
            "itemCondition": "https://schema.org/NewCondition",
            "availableAtOrFrom": [
                {"@type": "Place", **_place(c.name, c.commune, c.district, c.province, c.address)}
                for c in p.centres
            ],
        },
    }
    if p.category_name(lang):
        doc["category"] = p.category_name(lang)
    if p.gtin.startswith("0"):
        doc["gtin13"] = p.gtin[1:]
    props = []
    if p.stars is not None:
        props.append(_prop("OCOP stars", p.stars, "ocop:stars"))
    if p.rated_on is not None:
        props.append(_prop("OCOP rating year", p.rated_on.year, "ocop:ratingYear"))
    if p.level:
        props.append(_prop("OCOP level", p.level, "ocop:level"))
    if p.certificate_no:
        props.append(_prop("OCOP certificate number", p.certificate_no, "ocop:certificateNumber"))
    if p.cert_expires_on is not None:
        props.append(
            _prop("OCOP certificate expiry", p.cert_expires_on.isoformat(), "ocop:certificateExpiry")
        )
    if lot is not None:
        props.append(_prop("Batch/lot", lot.lot, "gs1:hasBatchLotNumber"))
        if lot.expiry is not None:
            props.append(_prop("Expiry date", lot.expiry.isoformat(), "gs1:expirationDate"))
        if lot.produced_on is not None:
            doc["productionDate"] = lot.produced_on.isoformat()
    if props:
        doc["additionalProperty"] = props
    return doc


def dumps(doc: dict[str, Any]) -> str:
    """JSON text safe inside an HTML ``<script>`` element too (no ``<``, ``>`` or ``&`` left as such)."""
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
