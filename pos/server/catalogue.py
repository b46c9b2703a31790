"""Head-office catalogue edits. Every edit logs the records it touched in ``catalogue_changes``, in its own transaction.

The log row carries the writing transaction's id on PostgreSQL (``pg_current_xact_id()``), which is what lets the
delta feed (``pos.server.changes``) wait for transactions that commit out of order instead of skipping them.
All functions take the caller's connection, inside a write transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, text, update

from pos.barcodes import GtinCode, InternalCode, parse_code
from pos.errors import BarcodeError
from pos.ids import new_id
from pos.server.db import is_postgres, upsert
from pos.server.errors import ApiError, not_found
from pos.server.models import (
    Barcode,
    CatalogueChange,
    Category,
    Producer,
    Product,
    Promotion,
    VatRate,
    utcnow,
)
from pos.server.schemas import CategoryIn, ProducerIn, ProductIn, ProductPatch, PromotionIn
from pos.sync.wire import VatRateDoc

_PRODUCTS: Table = Product.__table__  # type: ignore[assignment]
_BARCODES: Table = Barcode.__table__  # type: ignore[assignment]
_PRODUCERS: Table = Producer.__table__  # type: ignore[assignment]
_CATEGORIES: Table = Category.__table__  # type: ignore[assignment]
_PROMOTIONS: Table = Promotion.__table__  # type: ignore[assignment]
_CHANGES: Table = CatalogueChange.__table__  # type: ignore[assignment]
_CHUNK = 500


def current_tx(conn: Connection) -> int:
    """The id of the writing transaction on PostgreSQL (64-bit, never wraps); 0 on SQLite (writes are serial)."""
    if is_postgres(conn):
        return int(conn.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())
    return 0


def log_changes(conn: Connection, entity: str, keys: Iterable[str]) -> None:
    keys = list(dict.fromkeys(keys))
    if not keys:
        return
    tx = current_tx(conn)
    now = utcnow()
    conn.execute(
        _CHANGES.insert(), [{"tx": tx, "entity": entity, "entity_key": k, "changed_at": now} for k in keys]
    )


def _chunks(items: Sequence[Any], n: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), n):
        yield items[i : i + n]


def barcode_key(raw: str) -> str:
    """The key a till looks a code up by (``pos.barcodes``): GTINs normalised, shop codes as typed."""
    try:
        code = parse_code(raw.strip())
    except BarcodeError as exc:
        raise ApiError(
            422, "bad_barcode", f"Mã vạch {raw!r} sai: {exc.vi}", f"Barcode {raw!r} is invalid: {exc.en}"
        ) from exc
    if isinstance(code, GtinCode | InternalCode):
        return code.key
    raise ApiError(
        422,
        "bad_barcode",
        f"{raw!r} không dùng làm mã sản phẩm được",
        f"{raw!r} cannot be a product barcode (weight/price label, receipt or trace code)",
    )


def upsert_categories(conn: Connection, items: Sequence[CategoryIn]) -> int:
    if not items:
        return 0
    existing = set(
        conn.execute(select(Category.code).where(Category.code.in_([c.code for c in items]))).scalars()
    )
    now = utcnow()
    conn.execute(
        upsert(conn, _CATEGORIES, ["code"], ["name_vi", "name_en", "updated_at"]),
        [{**c.model_dump(), "updated_at": now} for c in items],
    )
    log_changes(conn, "category", (c.code for c in items))
    return len({c.code for c in items} - existing)


def upsert_producers(conn: Connection, items: Sequence[ProducerIn]) -> dict[str, str]:
    """Producers by code; returns code → id."""
    ids: dict[str, str] = {}
    for chunk in _chunks(list(items)):
        ids.update(
            (str(c), str(i))
            for c, i in conn.execute(
                select(Producer.code, Producer.id).where(Producer.code.in_([p.code for p in chunk]))
            )
        )
    rows = []
    now = utcnow()
    for p in items:
        pid = ids.setdefault(p.code, p.id or new_id())
        rows.append({**p.model_dump(exclude={"id"}), "id": pid, "updated_at": now})
    if rows:
        cols = [c for c in rows[0] if c not in ("id", "code")]
        conn.execute(upsert(conn, _PRODUCERS, ["id"], cols), rows)
        log_changes(conn, "producer", (r["id"] for r in rows))
    return ids


def _product_row(p: ProductIn | dict[str, Any], pid: str, producer_id: str | None) -> dict[str, Any]:
    data = p.model_dump(exclude={"id", "producer_code", "barcodes"}) if isinstance(p, ProductIn) else p
    return {**data, "id": pid, "producer_id": producer_id, "updated_at": utcnow()}


def _set_barcodes(conn: Connection, sets: dict[str, list[str]]) -> set[str]:
    """Give each product exactly its codes; returns other products that lost a code to one of these."""
    losers: set[str] = set()
    if not sets:
        return losers
    wanted = {code: pid for pid, codes in sets.items() for code in codes}
    for chunk in _chunks(list(wanted)):
        for code, owner in conn.execute(
            select(Barcode.code, Barcode.product_id).where(Barcode.code.in_(chunk))
        ):
            if str(owner) != wanted[str(code)]:
                losers.add(str(owner))
    for chunk in _chunks(list(sets)):
        conn.execute(delete(Barcode).where(Barcode.product_id.in_(chunk)))
    if wanted:
        conn.execute(
            upsert(conn, _BARCODES, ["code"], ["product_id"]),
            [{"code": c, "product_id": p} for c, p in wanted.items()],
        )
    return losers - set(sets)


def _check_refs(conn: Connection, categories: set[str], vat_classes: set[str]) -> None:
    if categories:
        known = set(conn.execute(select(Category.code).where(Category.code.in_(categories))).scalars())
        if categories - known:
            missing = ", ".join(sorted(categories - known)[:5])
            raise ApiError(
                422, "unknown_category", f"Không có nhóm hàng: {missing}", f"Unknown category: {missing}"
            )
    if vat_classes:
        known = set(
            conn.execute(select(VatRate.vat_class).where(VatRate.vat_class.in_(vat_classes))).scalars()
        )
        if vat_classes - known:
            missing = ", ".join(sorted(vat_classes - known)[:5])
            raise ApiError(
                422, "unknown_vat_class", f"Không có nhóm thuế: {missing}", f"Unknown VAT class: {missing}"
            )


def upsert_products(
    conn: Connection, items: Sequence[ProductIn], *, columns: set[str] | None = None
) -> tuple[list[str], int]:
    """Products by SKU, barcodes included. Returns (ids in order, how many were new).

    New products are created whole. Existing ones are replaced, or, with ``columns``, only those fields change
    (a spreadsheet of SKUs and prices must not wipe the rest); ``barcodes`` is one of the fields.
    """
    if len({p.sku for p in items}) != len(items):
        raise ApiError(422, "duplicate_sku", "SKU bị lặp trong danh sách", "A SKU appears twice")
    _check_refs(conn, {p.category_code for p in items if p.category_code}, {p.vat_class for p in items})
    by_sku: dict[str, str] = {}
    for chunk in _chunks(list(items)):
        by_sku.update(
            (str(s), str(i))
            for s, i in conn.execute(
                select(Product.sku, Product.id).where(Product.sku.in_([p.sku for p in chunk]))
            )
        )
    producer_codes = {p.producer_code for p in items if p.producer_code}
    producers: dict[str, str] = {}
    for chunk in _chunks(list(producer_codes)):
        producers.update(
            (str(c), str(i))
            for c, i in conn.execute(select(Producer.code, Producer.id).where(Producer.code.in_(chunk)))
        )
    if producer_codes - set(producers):
        missing = ", ".join(sorted(producer_codes - set(producers))[:5])
        raise ApiError(
            422, "unknown_producer", f"Không có nhà sản xuất: {missing}", f"Unknown producer: {missing}"
        )
    created = 0
    rows, codes = [], {}
    for p in items:
        pid = by_sku.get(p.sku)
        if pid is None:
            created += 1
            pid = p.id or new_id()
        rows.append(_product_row(p, pid, producers.get(p.producer_code) if p.producer_code else None))
        if columns is None or "barcodes" in columns or p.sku not in by_sku:
            codes[pid] = list(dict.fromkeys(barcode_key(b) for b in p.barcodes))
    cols = (
        [c for c in rows[0] if c != "id" and (columns is None or c in columns or c == "updated_at")]
        if rows
        else []
    )
    for chunk in _chunks(rows):
        conn.execute(upsert(conn, _PRODUCTS, ["id"], cols), list(chunk))
    losers = _set_barcodes(conn, codes)
    log_changes(conn, "product", [*(r["id"] for r in rows), *sorted(losers)])
    return [r["id"] for r in rows], created


def patch_product(conn: Connection, product_id: str, patch: ProductPatch) -> None:
    values = patch.model_dump(exclude_unset=True, exclude={"barcodes"})
    if not conn.execute(select(Product.id).where(Product.id == product_id)).first():
        raise not_found("sản phẩm", "Product")
    _check_refs(
        conn,
        {values["category_code"]} if values.get("category_code") else set(),
        {values["vat_class"]} if values.get("vat_class") else set(),
    )
    losers: set[str] = set()
    if values:
        conn.execute(update(Product).where(Product.id == product_id).values(**values, updated_at=utcnow()))
    if patch.barcodes is not None:
        losers = _set_barcodes(conn, {product_id: [barcode_key(b) for b in patch.barcodes]})
    log_changes(conn, "product", [product_id, *sorted(losers)])


def set_vat_class(conn: Connection, vat_class: str, rates: Sequence[VatRateDoc]) -> None:
    conn.execute(delete(VatRate).where(VatRate.vat_class == vat_class))
    conn.execute(
        insert(VatRate),
        [{"vat_class": vat_class, "valid_from": r.valid_from, "rate_pct": r.rate_pct} for r in rates],
    )
    log_changes(conn, "vat_class", [vat_class])


def upsert_promotion(conn: Connection, item: PromotionIn) -> str:
    pid = conn.execute(select(Promotion.id).where(Promotion.code == item.code)).scalar() or new_id()
    row = {
        **item.model_dump(exclude={"store_codes"}),
        "store_codes": " ".join(item.store_codes),
        "id": pid,
        "updated_at": utcnow(),
    }
    conn.execute(upsert(conn, _PROMOTIONS, ["id"], [c for c in row if c != "id"]), [row])
    log_changes(conn, "promotion", [str(pid)])
    return str(pid)
