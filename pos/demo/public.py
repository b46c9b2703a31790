"""The demo network's public side: every active product published with a short demo description in each language
its names are in, a demo web site for the companies, and a production date for every lot received (a few days
before it arrived). All of it invented for demonstration, like the prices."""

from __future__ import annotations

import datetime as dt
import zlib

from sqlalchemy import Connection, insert, select, text

from pos.server.models import LotDetail, ProducerLink, ProductPage, utcnow


def _describe(name: str, stars: int | None, producer: str, district: str, lang: str) -> str:
    if not name:
        return ""
    n = stars or 0
    if lang == "vi":
        return f"{name} — sản phẩm OCOP {n} sao của {producer}, {district}, Quảng Ninh. (Mô tả mẫu)"
    if lang == "en":
        return f"{name} — a {n}-star OCOP product of {producer}, {district}, Quảng Ninh. (Demo description)"
    if lang == "zh":
        return f"{name} — 广宁省 {n} 星 OCOP 产品。（示例说明）"
    return f"{name} — 꽝닌성 {n}성 OCOP 제품. (데모 설명)"


def publish_demo(conn: Connection) -> int:
    """Publish the demo catalogue (once); returns how many products were published."""
    if conn.execute(select(ProductPage.product_id).limit(1)).first() is not None:
        return 0
    now = utcnow()
    rows = conn.execute(
        text(
            "SELECT p.id, p.name_vi, p.name_en, p.name_zh, p.name_ko, p.ocop_stars, COALESCE(r.name, ''), "
            "COALESCE(r.district, '') FROM products p LEFT JOIN producers r ON r.id = p.producer_id "
            "WHERE p.active ORDER BY p.sku"
        )
    ).all()
    pages = [
        {
            "product_id": pid,
            "published": True,
            **{
                f"description_{lang}": _describe(str(name or ""), stars, producer, district, lang)
                for lang, name in (("vi", vi), ("en", en), ("zh", zh), ("ko", ko))
            },
            "updated_at": now,
        }
        for pid, vi, en, zh, ko, stars, producer, district in rows
    ]
    if pages:
        conn.execute(insert(ProductPage), pages)
    sites = [
        {"producer_id": pid, "website": f"https://{str(code).lower()}.ocop-demo.vn", "updated_at": now}
        for pid, code in conn.execute(
            text("SELECT id, code FROM producers WHERE kind = 'company' ORDER BY code")
        )
    ]
    if sites:
        conn.execute(insert(ProducerLink), sites)
    lots = []
    for pid, batch, first in conn.execute(
        text(
            "SELECT product_id, batch, MIN(created_at) FROM stock_moves WHERE batch IS NOT NULL "
            "AND kind IN ('receive', 'opening') GROUP BY product_id, batch"
        )
    ):
        arrived = first if isinstance(first, dt.datetime) else dt.datetime.fromisoformat(str(first))
        days = 2 + zlib.crc32(f"{pid}/{batch}".encode()) % 12  # the same every run
        lots.append(
            {"product_id": pid, "lot": batch, "produced_on": arrived.date() - dt.timedelta(days=days)}
        )
    if lots:
        conn.execute(insert(LotDetail), lots)
    return len(pages)
