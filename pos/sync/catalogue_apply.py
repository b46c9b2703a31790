"""Applying a page of catalogue changes to the till's own tables, in the caller's write transaction.

The till's lookups read the database on every scan, so a new price is on the very next scan after the commit; carts
already open hold ``ProductInfo`` snapshots and keep their prices. The server is authoritative: a local product
that holds a SKU, trace code or PLU the server gives to another product is renamed and withdrawn (its past sales
still point at it), and barcodes follow the server — unless it is one the till made itself and head office has it
too (same SKU or GTIN): then it takes head office's id, with its stock and history (``pos.sync.identity``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, text

from pos.catalogue.indexing import search_text
from pos.models.values import utcnow
from pos.sync import identity, price_rules, state
from pos.sync.wire import CATEGORY_COLUMNS, PRODUCER_COLUMNS, PRODUCT_COLUMNS, ChangesPage, ProductDoc

#: What the till writes: the wire's columns, plus what only the till keeps.
_PRODUCT_COLS = (*PRODUCT_COLUMNS, "search_text", "updated_at")
_PRODUCER_COLS = (*PRODUCER_COLUMNS, "updated_at")


#: Columns head office may leave empty without clearing what the till set itself (a picture taken in the shop).
_KEEP_LOCAL_WHEN_EMPTY = frozenset({"picture"})


def _upsert_sql(table: str, cols: tuple[str, ...], key: str) -> str:
    names = ", ".join(cols)
    values = ", ".join(f":{c}" for c in cols)
    sets = ", ".join(
        f"{c} = COALESCE(NULLIF(excluded.{c}, ''), {table}.{c})"
        if c in _KEEP_LOCAL_WHEN_EMPTY
        else f"{c} = excluded.{c}"
        for c in cols
        if c != key
    )
    return f"INSERT INTO {table} ({names}) VALUES ({values}) ON CONFLICT ({key}) DO UPDATE SET {sets}"


def _existing(conn: Connection, table: str, column: str, values: set[str]) -> set[str]:
    if not values:
        return set()
    found: set[str] = set()
    items = sorted(values)
    for i in range(0, len(items), 500):
        chunk = items[i : i + 500]
        marks = ", ".join(f":v{n}" for n in range(len(chunk)))
        rows = conn.execute(
            text(f"SELECT {column} FROM {table} WHERE {column} IN ({marks})"),
            {f"v{n}": v for n, v in enumerate(chunk)},
        )
        found.update(str(r[0]) for r in rows)
    return found


def _product_row(p: ProductDoc, now: str, producers: set[str], categories: set[str]) -> dict[str, Any]:
    row = p.model_dump(mode="json", exclude={"barcodes"})  # dates as ISO text, as the till stores them
    row["producer_id"] = p.producer_id if p.producer_id in producers else None
    row["category_code"] = p.category_code if p.category_code in categories else None
    row["search_text"] = search_text(p.name_vi, p.name_en, p.sku, p.barcodes)
    row["updated_at"] = now
    return row


def apply_page(
    conn: Connection,
    page: ChangesPage,
    now: str,
    adoptions: list[identity.Adoption] | None = None,
    *,
    at: dt.datetime | None = None,
    rejected: list[dict[str, str]] | None = None,
) -> int:
    """Write every record of ``page``; returns how many records were applied.

    The till's own products that head office sends under another id (same SKU or GTIN) take that id first
    (``pos.sync.identity``); they are appended to ``adoptions``. The products' prices and terms for this store
    (``page.rules``) follow, and every price due on the till's clock ``at`` (naive UTC; default now) is put in
    force (``pos.sync.price_rules``); the rules the till refuses are appended to ``rejected``.
    """
    if page.categories:
        conn.execute(
            text(_upsert_sql("categories", CATEGORY_COLUMNS, "code")),
            [c.model_dump() for c in page.categories],
        )
    if page.producers:
        rows = [{**p.model_dump(), "updated_at": now} for p in page.producers]
        conn.execute(
            text(
                "UPDATE producers SET code = code || '~' || substr(id, 1, 8) WHERE code = :code AND id != :id"
            ),
            [{"code": r["code"], "id": r["id"]} for r in rows],
        )
        conn.execute(text(_upsert_sql("producers", _PRODUCER_COLS, "id")), rows)
    for v in page.vat_classes:
        conn.execute(text("DELETE FROM vat_rates WHERE vat_class = :c"), {"c": v.vat_class})
        if v.rates:
            conn.execute(
                text("INSERT INTO vat_rates (vat_class, valid_from, rate_pct) VALUES (:c, :d, :r)"),
                [{"c": v.vat_class, "d": r.valid_from.isoformat(), "r": r.rate_pct} for r in v.rates],
            )
    if page.products:
        done = identity.adopt(conn, page.products, state.get(conn, state.TERMINAL_CODE) or "")
        if adoptions is not None:
            adoptions.extend(done)
        _apply_products(conn, page.products, now)
        identity.remember_ids(conn, page.products)
    for promo in page.promotions:
        state.put(conn, state.PROMOTION_PREFIX + promo.id, promo.model_dump_json())
    if page.products or page.rules:
        refused = price_rules.apply_rules(conn, page.rules, [p.id for p in page.products], at or utcnow())
        if rejected is not None:
            rejected.extend(refused)
    return page.size


def _apply_products(conn: Connection, products: list[ProductDoc], now: str) -> None:
    producers = _existing(conn, "producers", "id", {p.producer_id for p in products if p.producer_id})
    categories = _existing(conn, "categories", "code", {p.category_code for p in products if p.category_code})
    rows = [_product_row(p, now, producers, categories) for p in products]
    conn.execute(
        text(
            "UPDATE products SET sku = sku || '~' || substr(id, 1, 8), active = 0 "
            "WHERE sku = :sku AND id != :id"
        ),
        [{"sku": r["sku"], "id": r["id"]} for r in rows],
    )
    traced = [{"t": r["trace_code"], "id": r["id"]} for r in rows if r["trace_code"]]
    if traced:
        conn.execute(
            text("UPDATE products SET trace_code = NULL WHERE trace_code = :t AND id != :id"), traced
        )
    plus = [{"p": r["plu"], "id": r["id"]} for r in rows if r["plu"] is not None]
    if plus:
        conn.execute(text("UPDATE products SET plu = NULL WHERE plu = :p AND id != :id"), plus)
    conn.execute(text(_upsert_sql("products", _PRODUCT_COLS, "id")), rows)
    conn.execute(text("DELETE FROM barcodes WHERE product_id = :id"), [{"id": p.id} for p in products])
    codes = [{"code": c, "product_id": p.id} for p in products for c in p.barcodes]
    if codes:
        conn.execute(text(_upsert_sql("barcodes", ("code", "product_id"), "code")), codes)
