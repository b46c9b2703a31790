"""The catalogue delta feed: every change after a till's cursor, never skipping one that committed out of order.

Sequence numbers alone are not enough on PostgreSQL: transaction A may take seq 10, transaction B seq 11, B commits,
a till reads up to 11, then A commits 10 — a plain "seq > cursor" reader never sees it. So every change-log row
also carries its transaction id (xid8, ``tx``) and the feed only hands out rows of transactions below the *safe
horizon* ``pg_snapshot_xmin(pg_current_snapshot())``: every transaction below it has ended, so no row below it can
still appear. Rows are read in ``(tx, seq)`` order and the cursor is the last ``(tx, seq)`` delivered. A long
transaction only delays the feed; it never loses a change.

On SQLite writers are serialised (one write transaction at a time, ``BEGIN IMMEDIATE``), so ``seq`` order is commit
order; ``tx`` is 0 there and the horizon is unbounded.

The cursor also names the database's epoch: a cursor from another database (a restored or replaced server) is not
trusted and the till is sent everything again (``reset``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, text, tuple_

from pos.server.db import epoch, is_postgres
from pos.server.models import Barcode, CatalogueChange, Category, Producer, Product, Promotion, VatRate
from pos.server.models.base import ServerBase
from pos.sync.wire import (
    CATEGORY_COLUMNS,
    PRODUCER_COLUMNS,
    PRODUCT_COLUMNS,
    PROMOTION_COLUMNS,
    CategoryDoc,
    ChangesPage,
    ProducerDoc,
    ProductDoc,
    PromotionDoc,
    VatClassDoc,
    VatRateDoc,
)

_UNBOUNDED = 2**62


@dataclass(frozen=True)
class Cursor:
    epoch: str
    tx: int
    seq: int

    def encode(self) -> str:
        return f"{self.epoch}.{self.tx}.{self.seq}"


def parse_cursor(raw: str, current_epoch: str) -> tuple[Cursor, bool]:
    """(cursor, reset): an empty, malformed or foreign cursor starts from the beginning."""
    parts = raw.split(".") if raw else []
    if len(parts) == 3 and parts[0] == current_epoch and parts[1].isdigit() and parts[2].isdigit():
        return Cursor(current_epoch, int(parts[1]), int(parts[2])), False
    return Cursor(current_epoch, -1, 0), bool(raw)


def safe_horizon(conn: Connection) -> int:
    """Change rows with ``tx`` below this are final: their transactions have all ended."""
    if is_postgres(conn):
        return int(
            conn.execute(text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar_one()
        )
    return _UNBOUNDED


def changes_page(conn: Connection, after: str, limit: int) -> ChangesPage:
    """The current state of the records changed after ``after`` (at most ``limit`` change-log rows)."""
    cursor, reset = parse_cursor(after, epoch(conn))
    horizon = safe_horizon(conn)
    c = CatalogueChange
    rows = conn.execute(
        select(c.tx, c.seq, c.entity, c.entity_key)
        .where(tuple_(c.tx, c.seq) > tuple_(cursor.tx, cursor.seq), c.tx < horizon)
        .order_by(c.tx, c.seq)
        .limit(limit + 1)
    ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    if rows:
        cursor = Cursor(cursor.epoch, int(rows[-1][0]), int(rows[-1][1]))
    keys: dict[str, list[str]] = {}
    for r in rows:
        keys.setdefault(str(r[2]), []).append(str(r[3]))
    page = _load(conn, {k: list(dict.fromkeys(v)) for k, v in keys.items()})
    return ChangesPage(cursor=cursor.encode(), more=more, reset=reset, **page)  # type: ignore[arg-type]


def _load(conn: Connection, keys: dict[str, list[str]]) -> dict[str, list]:  # type: ignore[type-arg]
    products = load_products(conn, keys.get("product", []))
    # A till's catalogue has foreign keys: send the producers and categories these products point at too.
    producer_ids = list(
        dict.fromkeys([*keys.get("producer", []), *(p.producer_id for p in products if p.producer_id)])
    )
    category_codes = list(
        dict.fromkeys([*keys.get("category", []), *(p.category_code for p in products if p.category_code)])
    )
    return {
        "categories": _categories(conn, category_codes),
        "producers": _producers(conn, producer_ids),
        "vat_classes": _vat_classes(conn, keys.get("vat_class", [])),
        "products": products,
        "promotions": _promotions(conn, keys.get("promotion", [])),
    }


def _current(
    conn: Connection, model: type[ServerBase], columns: tuple[str, ...], key: str, keys: list[str]
) -> list[dict[str, Any]]:
    """The wire's ``columns`` of the rows of ``model`` whose ``key`` is in ``keys``, in key order."""
    if not keys:
        return []
    by = getattr(model, key)
    rows = conn.execute(select(*(getattr(model, c) for c in columns)).where(by.in_(keys)).order_by(by))
    return [dict(zip(columns, r, strict=True)) for r in rows]


def _categories(conn: Connection, codes: list[str]) -> list[CategoryDoc]:
    return [CategoryDoc(**r) for r in _current(conn, Category, CATEGORY_COLUMNS, "code", codes)]


def _producers(conn: Connection, ids: list[str]) -> list[ProducerDoc]:
    return [ProducerDoc(**r) for r in _current(conn, Producer, PRODUCER_COLUMNS, "id", ids)]


def load_products(conn: Connection, ids: list[str]) -> list[ProductDoc]:
    rows = _current(conn, Product, PRODUCT_COLUMNS, "id", ids)
    if not rows:
        return []
    codes: dict[str, list[str]] = {}
    for code, pid in conn.execute(
        select(Barcode.code, Barcode.product_id).where(Barcode.product_id.in_(ids)).order_by(Barcode.code)
    ):
        codes.setdefault(str(pid), []).append(str(code))
    return [ProductDoc(**r, barcodes=codes.get(str(r["id"]), [])) for r in rows]


def _vat_classes(conn: Connection, classes: list[str]) -> list[VatClassDoc]:
    if not classes:
        return []
    rates: dict[str, list[VatRateDoc]] = {c: [] for c in classes}
    rows = conn.execute(
        select(VatRate.vat_class, VatRate.valid_from, VatRate.rate_pct)
        .where(VatRate.vat_class.in_(classes))
        .order_by(VatRate.vat_class, VatRate.valid_from)
    )
    for c, d, r in rows:
        rates[str(c)].append(VatRateDoc.model_validate({"valid_from": d, "rate_pct": r}))
    return [VatClassDoc(vat_class=c, rates=v) for c, v in rates.items()]


def _promotions(conn: Connection, ids: list[str]) -> list[PromotionDoc]:
    out = []
    for data in _current(conn, Promotion, PROMOTION_COLUMNS, "id", ids):
        data["store_codes"] = [s for s in str(data["store_codes"] or "").split() if s]
        out.append(PromotionDoc(**data))
    return out
