"""Reading the stock ledger: levels per product, a product's moves, and moves summed by kind.

On a till registered with head office the level is the store's: head office's figure as of the last sync plus
this till's moves not sent yet (``pos.sync.store_stock``); ``stock_as_of`` says when. Stock moves are signed
quantities in thousandths: a sale is negative, a return, a receipt or a found item
positive, an adjustment or a count difference either way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from pos.ledger.canonical import sql_value
from pos.money import div_round_half_up
from pos.sync import store_stock

MOVE_LABELS = {
    "opening": ("Tồn đầu kỳ", "Opening stock"),
    "sale": ("Bán", "Sale"),
    "return": ("Khách trả", "Customer return"),
    "receive": ("Nhập hàng", "Received"),
    "adjust": ("Điều chỉnh", "Adjustment"),
    "count": ("Kiểm kê", "Stock count"),
}


@dataclass(frozen=True, slots=True)
class StockLevel:
    product_id: str
    sku: str
    name_vi: str
    name_en: str
    unit: str
    qty_milli: int
    price: int
    cost: int
    low_milli: int | None
    category_code: str | None
    producer_id: str | None
    active: bool

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_vi

    @property
    def is_low(self) -> bool:
        return self.low_milli is not None and self.qty_milli <= self.low_milli

    @property
    def value_at_cost(self) -> int:
        """Stock × cost in đồng, zero for a negative level (nothing there to value)."""
        return div_round_half_up(max(self.qty_milli, 0) * self.cost, 1000)


@dataclass(frozen=True, slots=True)
class MoveRow:
    id: str
    created_at: dt.datetime
    kind: str
    qty_milli: int
    reason: str
    batch: str | None
    expiry: dt.date | None
    unit_cost: int
    staff_id: str | None
    sale_id: str | None


def _level_sql(conn: Connection) -> str:
    """Levels as the till shows them: the store's (head office's figure + unsent moves) once it has one."""
    return (
        f"SELECT p.id, p.sku, p.name_vi, p.name_en, p.unit, {store_stock.qty_sql(conn)}, "
        "p.price, p.cost, r.low_milli, p.category_code, p.producer_id, p.active "
        "FROM products p LEFT JOIN stock_rules r ON r.product_id = p.id"
    )


def _level(r: Any) -> StockLevel:
    return StockLevel(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        str(r[3] or ""),
        str(r[4]),
        int(r[5]),
        int(r[6]),
        int(r[7] or 0),
        None if r[8] is None else int(r[8]),
        r[9],
        r[10],
        bool(r[11]),
    )


def levels_on(
    conn: Connection, product_ids: Iterable[str] | None = None, *, include_inactive: bool = False
) -> list[StockLevel]:
    where = [] if include_inactive else ["p.active = 1"]
    params: dict[str, Any] = {}
    if product_ids is not None:
        ids = list(product_ids)
        if not ids:
            return []
        names = []
        for i, pid in enumerate(ids):
            params[f"p{i}"] = pid
            names.append(f":p{i}")
        where.append(f"p.id IN ({', '.join(names)})")
    sql = _level_sql(conn) + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY p.sku"
    return [_level(r) for r in conn.execute(text(sql), params).all()]


def stock_levels(
    engine: Engine, product_ids: Iterable[str] | None = None, *, include_inactive: bool = False
) -> list[StockLevel]:
    """Stock of every (active) product, or of ``product_ids``, ordered by SKU."""
    with engine.connect() as conn:
        rows = levels_on(conn, product_ids, include_inactive=include_inactive)
        conn.rollback()
    return rows


def stock_on(conn: Connection, product_id: str) -> int:
    """A product's level as the till shows it (the store's, once head office sent one)."""
    return int(
        conn.execute(
            text(f"SELECT {store_stock.qty_sql(conn)} FROM products p WHERE p.id = :p"), {"p": product_id}
        ).scalar()
        or 0
    )


def stock_as_of(engine: Engine) -> dt.datetime | None:
    """When head office counted the store's stock the levels show (UTC); None: this till's own moves only."""
    with engine.connect() as conn:
        value = store_stock.as_of(conn)
        conn.rollback()
    return value


def stock_of(engine: Engine, product_id: str) -> int:
    with engine.connect() as conn:
        qty = stock_on(conn, product_id)
        conn.rollback()
    return qty


def stock_map(engine: Engine) -> dict[str, int]:
    """Every product's level (including inactive ones), by product id."""
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT p.id, {store_stock.qty_sql(conn)} FROM products p")).all()
        conn.rollback()
    return {str(pid): int(q) for pid, q in rows}


def _d(value: Any) -> dt.date | None:
    if value is None:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def movements(engine: Engine, product_id: str, *, limit: int = 200) -> list[MoveRow]:
    """A product's moves, newest first (the stock card)."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, created_at, kind, qty_milli, reason, batch, expiry, unit_cost, staff_id, sale_id "
                "FROM stock_moves WHERE product_id = :p ORDER BY created_at DESC, id DESC LIMIT :n"
            ),
            {"p": product_id, "n": limit},
        ).all()
        conn.rollback()
    return [
        MoveRow(
            str(r[0]),
            r[1] if isinstance(r[1], dt.datetime) else dt.datetime.fromisoformat(str(r[1])),
            str(r[2]),
            int(r[3]),
            str(r[4] or ""),
            r[5],
            _d(r[6]),
            int(r[7] or 0),
            r[8],
            r[9],
        )
        for r in rows
    ]


def moves_by_kind(
    engine: Engine, *, since: dt.datetime | None = None, until: dt.datetime | None = None
) -> dict[str, dict[str, int]]:
    """``{product_id: {kind: qty_milli}}`` over moves created in ``[since, until)`` (UTC)."""
    where = ["1 = 1"]
    params: dict[str, Any] = {}
    if since is not None:
        where.append("created_at >= :since")
        params["since"] = sql_value(since)
    if until is not None:
        where.append("created_at < :until")
        params["until"] = sql_value(until)
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                f"SELECT product_id, kind, SUM(qty_milli) FROM stock_moves WHERE {' AND '.join(where)} "
                "GROUP BY product_id, kind"
            ),
            params,
        ).all()
        conn.rollback()
    out: dict[str, dict[str, int]] = {}
    for pid, kind, qty in rows:
        out.setdefault(str(pid), {})[str(kind)] = int(qty)
    return out
