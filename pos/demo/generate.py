"""Synthetic catalogues of any size (benchmarks, load tests): plausible Vietnamese names, valid EAN-13 codes.

Generated SKUs start with ``GEN-`` and codes with ``8939``, so they never collide with the demo catalogue.
"""

from __future__ import annotations

import random

from sqlalchemy import Engine, insert, text

from pos.barcodes import with_check_digit
from pos.catalogue.indexing import search_text
from pos.db import write_tx
from pos.ids import new_id
from pos.models import Barcode, Category, Producer, Product, StockMove
from pos.models.values import utcnow

_KINDS = [
    ("Chả mực", "Squid cake", "hộp"),
    ("Rượu ba kích", "Morinda wine", "chai"),
    ("Trà hoa vàng", "Golden camellia tea", "hộp"),
    ("Miến dong", "Arrowroot noodles", "gói"),
    ("Sá sùng khô", "Dried peanut worm", "hộp"),
    ("Nước mắm", "Fish sauce", "chai"),
    ("Mật ong", "Honey", "chai"),
    ("Bánh gật gù", "Gat gu rice cake", "gói"),
    ("Hàu sữa", "Milk oyster", "túi"),
    ("Gà đồi", "Hill chicken", "con"),
    ("Quế", "Cinnamon", "gói"),
    ("Dầu sả", "Lemongrass oil", "lọ"),
    ("Gốm", "Ceramic", "cái"),
    ("Chè", "Tea", "gói"),
    ("Tinh dầu quế", "Cinnamon oil", "lọ"),
    ("Nấm", "Mushroom", "gói"),
]
_PLACES = [
    "Hạ Long",
    "Cẩm Phả",
    "Uông Bí",
    "Móng Cái",
    "Vân Đồn",
    "Tiên Yên",
    "Bình Liêu",
    "Ba Chẽ",
    "Đầm Hà",
    "Hải Hà",
    "Cô Tô",
    "Quảng Yên",
    "Đông Triều",
    "Quan Lạn",
    "Trà Cổ",
    "Yên Tử",
]
_STYLES = [
    ("đặc biệt", "special"),
    ("truyền thống", "traditional"),
    ("cao cấp", "premium"),
    ("", ""),
    ("loại 1", "grade 1"),
]
_SIZES = ["250g", "500g", "1kg", "330ml", "500ml", "700ml", "hộp quà", "100g", "200g"]


def generate_catalogue(engine: Engine, n: int, *, seed: int = 1, batch: int = 5000) -> int:
    """Insert ``n`` synthetic products (with a barcode, producer, stock) and return how many were made."""
    rng = random.Random(seed)
    now = utcnow()
    with engine.connect() as conn:
        start = int(conn.execute(text("SELECT COUNT(*) FROM products WHERE sku LIKE 'GEN-%'")).scalar_one())
        conn.rollback()
    producer_ids = [new_id() for _ in range(200)]
    with write_tx(engine) as conn:
        if not conn.execute(text("SELECT 1 FROM categories WHERE code = 'gen'")).first():
            conn.execute(
                insert(Category), [{"code": "gen", "name_vi": "Hàng tổng hợp", "name_en": "General goods"}]
            )
        existing = (
            conn.execute(text("SELECT id FROM producers WHERE code LIKE 'GEN-P%' ORDER BY code"))
            .scalars()
            .all()
        )
        if existing:
            producer_ids = [str(x) for x in existing]
        else:
            conn.execute(
                insert(Producer),
                [
                    {
                        "id": pid,
                        "code": f"GEN-P{i:03d}",
                        "name": f"HTX {_PLACES[i % len(_PLACES)]} số {i}",
                        "kind": ("company", "cooperative", "household")[i % 3],
                        "commune": "",
                        "district": _PLACES[i % len(_PLACES)],
                        "province": "Quảng Ninh",
                        "address": "",
                        "phone": "",
                        "bank_bin": "",
                        "bank_account": "",
                        "updated_at": now,
                    }
                    for i, pid in enumerate(producer_ids)
                ],
            )
    made = 0
    while made < n:
        products, codes, moves = [], [], []
        for i in range(start + made, start + min(n, made + batch)):
            kind_vi, kind_en, unit = rng.choice(_KINDS)
            place = rng.choice(_PLACES)
            style_vi, style_en = rng.choice(_STYLES)
            size = rng.choice(_SIZES)
            name_vi = " ".join(x for x in (kind_vi, place, style_vi, size) if x)
            name_en = " ".join(x for x in (place, style_en, kind_en.lower(), size) if x)
            sku = f"GEN-{i:07d}"
            code = with_check_digit(f"8939{i:08d}")
            pid = new_id()
            price = rng.randrange(20, 900) * 1000
            stars = rng.choice((3, 3, 3, 4, 4, 5, None))
            products.append(
                {
                    "id": pid,
                    "sku": sku,
                    "name_vi": name_vi,
                    "name_en": name_en,
                    "unit": unit,
                    "price": price,
                    "cost": price * rng.randrange(50, 80) // 100,
                    "vat_class": rng.choice(("reduced", "vat5", "std10")),
                    "category_code": "gen",
                    "producer_id": rng.choice(producer_ids),
                    "ocop_stars": stars,
                    "ocop_level": None if stars is None else ("national" if stars == 5 else "provincial"),
                    "ocop_certificate_no": None,
                    "ocop_rated_on": None,
                    "ocop_expires_on": None,
                    "trace_code": None,
                    "trace_url": None,
                    "weighed": False,
                    "plu": None,
                    "favourite": False,
                    "picture": None,
                    "active": True,
                    "search_text": search_text(name_vi, name_en, sku, [code]),
                    "updated_at": now,
                }
            )
            codes.append({"code": code, "product_id": pid})
            moves.append(
                {
                    "id": new_id(),
                    "product_id": pid,
                    "qty_milli": rng.randrange(0, 200) * 1000,
                    "kind": "opening",
                    "sale_id": None,
                    "reason": "generated",
                    "batch": None,
                    "expiry": None,
                    "unit_cost": 0,
                    "staff_id": None,
                    "created_at": now,
                }
            )
        with write_tx(engine) as conn:
            conn.execute(insert(Product), products)
            conn.execute(insert(Barcode), codes)
            conn.execute(insert(StockMove), moves)
        made += len(products)
    return made
