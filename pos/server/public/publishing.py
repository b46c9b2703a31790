"""Head office decides what is public: publish or withdraw products (with their descriptions), and name a
producer's web site. Each change stamps ``updated_at``, which the feed's cache and ``Last-Modified`` follow."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from pos.digital_link import DigitalLink, LinkError, gtin14
from pos.errors import PosError
from pos.server.db import upsert
from pos.server.models import Barcode, Producer, ProducerLink, Product, ProductPage, utcnow

MAX_DESCRIPTION = 4000


def publish(
    conn: Connection,
    skus: Sequence[str] | None,
    *,
    published: bool = True,
    descriptions: dict[str, str] | None = None,
) -> int:
    """Publish (or withdraw) the products with these SKUs, or every active product when ``skus`` is None; the
    descriptions given (by language) replace the page's. Returns how many pages were written."""
    texts = {k: v.strip() for k, v in (descriptions or {}).items() if v is not None}
    for lang, value in texts.items():
        if lang not in ("vi", "en", "zh", "ko"):
            raise PosError(f"Ngôn ngữ mô tả lạ: {lang}", f"Unknown description language: {lang}")
        if len(value) > MAX_DESCRIPTION:
            raise PosError(
                f"Mô tả dài quá {MAX_DESCRIPTION} ký tự",
                f"A description is longer than {MAX_DESCRIPTION} characters",
            )
    query = select(Product.id, Product.sku)
    query = query.where(Product.active) if skus is None else query.where(Product.sku.in_(list(skus)))
    found = {str(sku): str(pid) for pid, sku in conn.execute(query)}
    missing = sorted(set(skus or ()) - set(found))
    if missing:
        raise PosError(
            f"Không có mã hàng {', '.join(missing)}", f"No SKU {', '.join(missing)}", code="no_product"
        )
    now = utcnow()
    for pid in found.values():
        values = {
            "published": published,
            "updated_at": now,
            **{f"description_{k}": v for k, v in texts.items()},
        }
        conn.execute(
            upsert(conn, ProductPage.__table__, ["product_id"], list(values)).values(  # type: ignore[arg-type]
                product_id=pid,
                **{f"description_{k}": "" for k in ("vi", "en", "zh", "ko") if k not in texts},
                **values,
            )
        )
    return len(found)


def set_website(conn: Connection, producer_code: str, website: str) -> None:
    """A producer's own site (``https://…``), or none with an empty ``website``."""
    website = website.strip()
    if website and (not website.startswith(("https://", "http://")) or len(website) > 300 or " " in website):
        raise PosError("Trang web phải là địa chỉ https://…", "The web site must be an https://… address")
    pid = conn.execute(select(Producer.id).where(Producer.code == producer_code)).scalar()
    if pid is None:
        raise PosError(
            f"Không có nhà sản xuất {producer_code}", f"No producer {producer_code}", code="no_producer"
        )
    conn.execute(
        upsert(conn, ProducerLink.__table__, ["producer_id"], ["website", "updated_at"]).values(  # type: ignore[arg-type]
            producer_id=pid, website=website, updated_at=utcnow()
        )
    )


def page_state(conn: Connection, product_id: str) -> dict[str, Any]:
    """What the office's product page shows of the public page: published or not, the descriptions, and the
    Digital Link path (None when the product has no GTIN)."""
    row = conn.execute(select(ProductPage).where(ProductPage.product_id == product_id)).mappings().first()
    code = conn.execute(select(func.min(Barcode.code)).where(Barcode.product_id == product_id)).scalar()
    try:
        path: str | None = DigitalLink(gtin14(str(code))).path() if code else None
    except LinkError:
        path = None
    out: dict[str, Any] = {"published": bool(row and row["published"]), "path": path}
    for lang in ("vi", "en", "zh", "ko"):
        out[lang] = str(row[f"description_{lang}"]) if row else ""
    return out
