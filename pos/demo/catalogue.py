"""Loading the demo Quảng Ninh OCOP catalogue (``resources/demo/catalogue.json``) into a terminal database.

Also creates the demo shop profile, opening stock and demo staff, so ``ocop-pos run`` can sell at once.
Demo staff: cashier ``Nguyễn Thị Lan`` PIN 1111, shift lead ``Trần Văn Hùng`` PIN 2222, manager
``Phạm Thu Hà`` PIN 9999, admin PIN 0000 — printed by the command so nobody has to guess.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, text

from pos.barcodes import gtin_key
from pos.catalogue.indexing import search_text
from pos.db import write_tx
from pos.errors import ConfigError
from pos.ids import new_id
from pos.models import Barcode, Category, Producer, Product, Staff, StockMove, StoreProfile
from pos.models.catalogue import ocop_expiry
from pos.models.values import utcnow
from pos.staff.pins import hash_pin

DEMO_FILE = Path(__file__).resolve().parent.parent.parent / "resources" / "demo" / "catalogue.json"
DEMO_STAFF = (
    ("C01", "Nguyễn Thị Lan", "cashier", "1111"),
    ("S01", "Trần Văn Hùng", "shift_lead", "2222"),
    ("M01", "Phạm Thu Hà", "manager", "9999"),
    ("A01", "Quản trị hệ thống", "admin", "0000"),
)


def load_demo_file(path: Path = DEMO_FILE) -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(
            f"Không đọc được danh mục mẫu {path}: {exc}", f"Cannot read demo catalogue {path}: {exc}"
        ) from exc
    return data


def is_empty(engine: Engine) -> bool:
    with engine.connect() as conn:
        n = conn.execute(text("SELECT COUNT(*) FROM products")).scalar_one()
        conn.rollback()
    return int(n) == 0


def seed_demo(engine: Engine, secret: str, path: Path = DEMO_FILE) -> dict[str, int]:
    """Load the demo catalogue into an empty database (one transaction). Returns counts."""
    data = load_demo_file(path)
    if not is_empty(engine):
        raise ConfigError(
            "Cơ sở dữ liệu đã có danh mục; không nạp dữ liệu mẫu đè lên",
            "The database already has a catalogue; the demo data is not loaded over it",
        )
    now = utcnow()
    shop = data["shop"]
    producers = {}
    producer_rows = []
    for p in data["producers"]:
        pid = new_id()
        producers[p["code"]] = pid
        producer_rows.append(
            {
                "id": pid,
                "code": p["code"],
                "name": p["name"],
                "kind": p["kind"],
                "commune": p.get("commune", ""),
                "district": p.get("district", ""),
                "province": "Quảng Ninh",
                "address": p.get("address", ""),
                "phone": p.get("phone", ""),
                "bank_bin": p.get("bank_bin", ""),
                "bank_account": p.get("bank_account", ""),
                "updated_at": now,
            }
        )
    product_rows: list[dict[str, Any]] = []
    barcode_rows: list[dict[str, Any]] = []
    move_rows: list[dict[str, Any]] = []
    for item in data["products"]:
        pid = new_id()
        codes = [gtin_key(c) for c in item.get("barcodes", [])]
        ocop = item.get("ocop") or {}
        rated_on = dt.date.fromisoformat(ocop["rated_on"]) if ocop.get("rated_on") else None
        product_rows.append(
            {
                "id": pid,
                "sku": item["sku"],
                "name_vi": item["name_vi"],
                "name_en": item.get("name_en", ""),
                "name_zh": item.get("name_zh", ""),
                "name_ko": item.get("name_ko", ""),
                "unit": item["unit"],
                "price": int(item["price"]),
                "cost": int(item.get("cost", 0)),
                "vat_class": item["vat_class"],
                "category_code": item.get("category"),
                "producer_id": producers.get(item.get("producer", "")),
                "ocop_stars": ocop.get("stars"),
                "ocop_level": ocop.get("level"),
                "ocop_certificate_no": ocop.get("certificate_no"),
                "ocop_rated_on": rated_on,
                "ocop_expires_on": ocop_expiry(rated_on) if rated_on else None,
                "trace_code": item.get("traceability_code"),
                "trace_url": None,
                "weighed": bool(item.get("weighed")),
                "plu": int(item["plu"]) if item.get("plu") else None,
                "favourite": bool(item.get("favourite")),
                "picture": item.get("picture"),
                "active": True,
                "search_text": search_text(item["name_vi"], item.get("name_en", ""), item["sku"], codes),
                "updated_at": now,
            }
        )
        barcode_rows.extend({"code": c, "product_id": pid} for c in codes)
        stock = int(item.get("stock", 0))
        if stock:
            move_rows.append(
                {
                    "id": new_id(),
                    "product_id": pid,
                    "qty_milli": stock * 1000,
                    "kind": "opening",
                    "sale_id": None,
                    "reason": "demo opening stock",
                    "batch": None,
                    "expiry": None,
                    "unit_cost": int(item.get("cost", 0)),
                    "staff_id": None,
                    "created_at": now,
                }
            )
    staff_rows = [
        {
            "id": new_id(),
            "code": code,
            "name": name,
            "role": role,
            "pin_hash": hash_pin(pin, secret),
            "active": True,
            "failed_attempts": 0,
            "locked_until": None,
            "created_at": now,
        }
        for code, name, role, pin in DEMO_STAFF
    ]
    with write_tx(engine) as conn:
        conn.execute(
            insert(StoreProfile),
            [
                {
                    "id": 1,
                    "name": shop["name"],
                    "address": shop.get("address", ""),
                    "tax_code": shop.get("tax_code", ""),
                    "phone": shop.get("phone", ""),
                    "footer_vi": shop.get("footer_vi", ""),
                    "footer_en": shop.get("footer_en", ""),
                    "bank_bin": shop.get("bank_bin", ""),
                    "bank_account": shop.get("bank_account", ""),
                    "bank_account_name": shop.get("bank_account_name", ""),
                }
            ],
        )
        conn.execute(
            insert(Category),
            [
                {"code": c["code"], "name_vi": c["name_vi"], "name_en": c["name_en"]}
                for c in data["categories"]
            ],
        )
        conn.execute(insert(Producer), producer_rows)
        conn.execute(insert(Product), product_rows)
        if barcode_rows:
            conn.execute(insert(Barcode), barcode_rows)
        if move_rows:
            conn.execute(insert(StockMove), move_rows)
        existing = {r[0] for r in conn.execute(text("SELECT code FROM staff"))}
        new_staff = [s for s in staff_rows if s["code"] not in existing]
        if new_staff:
            conn.execute(insert(Staff), new_staff)
    return {
        "products": len(product_rows),
        "producers": len(producer_rows),
        "barcodes": len(barcode_rows),
        "staff": len(staff_rows),
    }
