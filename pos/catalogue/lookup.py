"""Resolving codes and searches to products, fast enough for a 100 000-product catalogue.

``Catalogue`` answers from the database on every call (no stale in-memory copy): a price changed by a sync round
applies from the next scan. What it returns is an immutable ``ProductInfo`` snapshot, so a cart already open keeps
the prices it was built with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Engine, text

from pos.barcodes import (
    DEFAULT_IN_STORE,
    Gs1Code,
    GtinCode,
    InStoreCode,
    InStoreLayout,
    InternalCode,
    ReceiptCode,
    ScannedCode,
    TraceCode,
    parse_code,
)
from pos.db import driver_rows
from pos.errors import UnknownCodeError
from pos.text import fold, tokens


@dataclass(frozen=True, slots=True)
class ProductInfo:
    """A product as the cart needs it, frozen at the moment it was looked up.

    The fields are read in this order, under these names, from ``products`` (``_PRODUCT_COLUMNS``).
    """

    id: str
    sku: str
    name_vi: str
    name_en: str
    unit: str
    price: int
    cost: int
    vat_class: str
    ocop_stars: int | None
    ocop_level: str | None
    ocop_expires_on: dt.date | None
    weighed: bool
    plu: int | None
    trace_code: str | None
    category_code: str | None
    producer_id: str | None
    picture: str | None
    favourite: bool
    stock_milli: int
    #: The tourists' names (empty: not translated, the Vietnamese name is shown).
    name_zh: str = ""
    name_ko: str = ""

    def name(self, lang: str) -> str:
        """The name a customer served in ``lang`` reads; the Vietnamese one where the catalogue has no other."""
        return localised_name(lang, self.name_vi, self.name_en, self.name_zh, self.name_ko)

    def ocop_expired(self, on: dt.date) -> bool:
        return self.ocop_expires_on is not None and on > self.ocop_expires_on

    @property
    def out_of_stock(self) -> bool:
        return self.stock_milli <= 0


#: The SELECT list of a ``ProductInfo``, its fields in order: columns of ``products`` (each one the sync carries, a
#: test checks), then the stock, the sum of the product's moves.
_STOCK = "COALESCE((SELECT SUM(m.qty_milli) FROM stock_moves m WHERE m.product_id = p.id), 0)"
_PRODUCT_COLUMNS = ", ".join(
    _STOCK if f.name == "stock_milli" else f"p.{f.name}" for f in fields(ProductInfo)
)


def localised_name(lang: str, name_vi: str, name_en: str = "", name_zh: str = "", name_ko: str = "") -> str:
    """A product's name in ``lang`` (vi, en, zh, ko), falling back to the Vietnamese name."""
    other = {"en": name_en, "zh": name_zh, "ko": name_ko}.get(lang, "")
    return other or name_vi


@dataclass(frozen=True, slots=True)
class ScanResult:
    """A resolved code: the product, plus what the code itself says (weight, price, batch, expiry)."""

    product: ProductInfo
    code: str
    qty_milli: int | None = None
    amount: int | None = None
    batch: str | None = None
    expiry: dt.date | None = None


def _row_to_info(row: Sequence[object]) -> ProductInfo:
    """A row of ``_PRODUCT_COLUMNS`` (field ``i`` of ``ProductInfo`` at ``row[i]``) as a ``ProductInfo``."""
    expires = row[10]
    return ProductInfo(
        id=str(row[0]),
        sku=str(row[1]),
        name_vi=str(row[2]),
        name_en=str(row[3] or ""),
        unit=str(row[4]),
        price=int(row[5]),  # type: ignore[call-overload]
        cost=int(row[6] or 0),  # type: ignore[call-overload]
        vat_class=str(row[7]),
        ocop_stars=None if row[8] is None else int(row[8]),  # type: ignore[call-overload]
        ocop_level=None if row[9] is None else str(row[9]),
        ocop_expires_on=dt.date.fromisoformat(str(expires)) if expires else None,
        weighed=bool(row[11]),
        plu=None if row[12] is None else int(row[12]),  # type: ignore[call-overload]
        trace_code=None if row[13] is None else str(row[13]),
        category_code=None if row[14] is None else str(row[14]),
        producer_id=None if row[15] is None else str(row[15]),
        picture=None if row[16] is None else str(row[16]),
        favourite=bool(row[17]),
        stock_milli=int(row[18]),  # type: ignore[call-overload]
        name_zh=str(row[19] or ""),
        name_ko=str(row[20] or ""),
    )


#: Most matches of one kind of match that are looked at (see ``Catalogue.search``). Each costs a product row read
#: (a few microseconds, most of it the page from the file): 250 keep the slowest kind of a keystroke's search
#: near 5 ms on 100 000 products; at 2 000 it was four times that, for answers no better by ``match_rank``.
RANK_AT_MOST = 250


def ranked_sql(words: Sequence[str]) -> str:
    """One kind of match's ``:n`` best products among its first ``:k`` matches (``:q`` the FTS query), best first.

    Best by ``match_rank`` worked out in SQL from the indexed text (``products.search_text`` starts with the
    folded Vietnamese name: ``pos.catalogue.indexing``), then the shorter Vietnamese name, then the older
    product. No bm25: it reads the position lists of every match and, for its word weights, every row of a
    prefix's index (72 000 for ``c*`` on 100 000 products) — most of a keystroke's search — and on a product
    name it says little more than "short names first". The rank works on row ids and two columns of the
    candidates; the product columns (and the stock sum) are read for the ``:n`` kept only. The first word's
    pattern is ``:s0`` (``w*``) and ``:s1`` (``w *``); word ``i`` whole is ``:wi`` (``* w *``), all LIKE
    patterns of folded words (``[0-9a-z]`` only: no wildcard in them).
    """
    whole = " + ".join(f"(' ' || p.search_text || ' ' LIKE :w{i})" for i in range(len(words)))
    score = f"2 * ({whole}) + (p.search_text LIKE :s0) + (p.search_text || ' ' LIKE :s1)"
    return (
        f"SELECT {_PRODUCT_COLUMNS} FROM (SELECT p.rowid AS r, {score} AS s, length(p.name_vi) AS l FROM "
        "(SELECT rowid FROM product_search WHERE product_search MATCH :q LIMIT :k) m "
        "JOIN products p ON p.rowid = m.rowid WHERE p.active = 1 ORDER BY s DESC, l, r LIMIT :n) t "
        "JOIN products p ON p.rowid = t.r ORDER BY t.s DESC, t.l, t.r"
    )


def ranked_params(words: Sequence[str], match: str, limit: int) -> dict[str, object]:
    """The parameters of ``ranked_sql(words)`` for the FTS query ``match``."""
    params: dict[str, object] = {f"w{i}": f"% {w} %" for i, w in enumerate(words)}
    params.update(q=match, k=RANK_AT_MOST, n=limit, s0=f"{words[0]}%", s1=f"{words[0]} %")
    return params


def match_rank(words: Sequence[str], name_vi: str, name_en: str) -> int:
    """How well a product's names answer the folded query ``words``: higher is better.

    bm25 alone ranks *Mực khô Trà Cổ* (a short name, "tra" a rare word in it) above the teas for ``tra``; a cashier
    typing "tra" means the teas. So: 2 points per query word that is a whole word of either name (``tra`` =
    *Trà*, not *Tranh*), 1 when the Vietnamese name starts with the first word (as a prefix), 1 more when that
    first word is whole. Only the Vietnamese name's start counts: English names mostly start with a place
    (*Trà Cổ dried squid*, *Yên Tử green tea*), which says nothing of what the product is. The shorter name breaks
    ties (``ranked_sql``): the more of a name the words typed cover, the closer the match.
    """
    if not words:
        return 0
    vi = fold(name_vi).split()
    names = [n for n in (vi, fold(name_en).split()) if n]
    whole = sum(1 for w in words if any(w in n for n in names))
    first = words[0]
    starts = bool(vi) and vi[0].startswith(first)
    starts_whole = bool(vi) and vi[0] == first
    return 2 * whole + int(starts) + int(starts_whole)


_SEARCH_POOL: ThreadPoolExecutor | None = None


def _search_pool() -> ThreadPoolExecutor:
    """The helper thread a search ranks its second prefix query on (made at the first search)."""
    global _SEARCH_POOL
    if _SEARCH_POOL is None:
        _SEARCH_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="catalogue-search")
    return _SEARCH_POOL


def _unknown(code: str) -> UnknownCodeError:
    return UnknownCodeError(
        f"Không tìm thấy sản phẩm có mã {code}", f"No product with code {code}", code="unknown_code"
    )


class Catalogue:
    """Read access to the catalogue for selling."""

    def __init__(self, engine: Engine, in_store: Mapping[str, InStoreLayout] = DEFAULT_IN_STORE) -> None:
        self.engine = engine
        self.in_store = in_store

    def _rows(self, sql: str, params: Mapping[str, object]) -> list[tuple[Any, ...]]:
        """A lookup is on the scan path of every item: straight on the driver (``pos.db.driver_rows``)."""
        return driver_rows(self.engine, sql, params)

    def _one(self, where: str, params: Mapping[str, object]) -> ProductInfo | None:
        sql = f"SELECT {_PRODUCT_COLUMNS} FROM products p WHERE p.active = 1 AND {where} LIMIT 1"
        rows = self._rows(sql, params)
        return _row_to_info(rows[0]) if rows else None

    def by_id(self, product_id: str) -> ProductInfo | None:
        return self._one("p.id = :v", {"v": product_id})

    def by_sku(self, sku: str) -> ProductInfo | None:
        return self._one("p.sku = :v", {"v": sku})

    def by_barcode_key(self, key: str) -> ProductInfo | None:
        return self._one("p.id = (SELECT b.product_id FROM barcodes b WHERE b.code = :v)", {"v": key})

    def resolve(self, raw: str) -> ScanResult:
        """Turn a scanned/typed code into a product. Raises ``BarcodeError`` or ``UnknownCodeError``."""
        return self.resolve_parsed(parse_code(raw, self.in_store))

    def resolve_parsed(self, code: ScannedCode) -> ScanResult:
        if isinstance(code, GtinCode):
            info = self.by_barcode_key(code.key)
            if info is None:
                raise _unknown(code.raw)
            return ScanResult(info, code.raw)
        if isinstance(code, InStoreCode):
            info = self._one("p.plu = :v", {"v": code.item})
            if info is None:
                raise _unknown(code.raw)
            if code.weight_g is not None:
                return ScanResult(info, code.raw, qty_milli=code.weight_g)
            return ScanResult(info, code.raw, amount=code.price)
        if isinstance(code, Gs1Code):
            info = self.by_barcode_key(code.gtin.key) if code.gtin else None
            if info is None:
                raise _unknown(code.gtin.raw if code.gtin else code.raw)
            return ScanResult(
                info,
                code.raw,
                qty_milli=code.net_weight_g if info.weighed else None,
                batch=code.batch,
                expiry=code.expiry,
            )
        if isinstance(code, TraceCode):
            for candidate in code.candidates:
                info = self._one("(p.trace_code = :v OR p.trace_url = :v)", {"v": candidate})
                if info is not None:
                    return ScanResult(info, code.raw)
            raise _unknown(code.raw)
        if isinstance(code, InternalCode):
            info = self.by_barcode_key(code.key) or self._one("p.trace_code = :v", {"v": code.key})
            info = info or self.by_sku(code.key)
            if info is None:
                raise _unknown(code.raw)
            return ScanResult(info, code.raw)
        if isinstance(code, ReceiptCode):
            raise UnknownCodeError(
                f"Đây là mã hoá đơn {code.terminal}-{code.number}; dùng chức năng Trả hàng",
                f"This is receipt {code.terminal}-{code.number}; use Returns",
                code="receipt_code",
            )
        raise _unknown(str(code))

    def search(self, query: str, limit: int = 30) -> list[ProductInfo]:
        """Products whose names (vi or en), SKU or barcodes contain every word of ``query`` as a word prefix,
        whole-word and name-start matches first (``match_rank``), then the shorter name.

        ``cha muc`` finds ``Chả mực``; ``ruou ba kich`` finds ``Rượu ba kích``; ``tra`` lists the teas (*Trà …*)
        before *Mực khô Trà Cổ* and *Tranh than đá*. Four small ranked queries fill the pool that is re-ranked
        — every word whole with the name starting with the first, every word whole, the name starting with the
        first word as a prefix, every word a prefix — ``limit`` of each, so the best of every kind is in it.
        Each kind keeps its ``limit`` best by ``match_rank`` (worked out in SQL: ``ranked_sql``) among its first
        ``RANK_AT_MOST`` matches: two letters typed on a 100 000-product catalogue match tens of thousands, and
        looking at every one would cost a keystroke's budget; one more letter narrows it.
        """
        words = tokens(query)
        if not words:
            return []
        prefix = " ".join(f'"{w}"*' for w in words)
        whole = " ".join(f'"{w}"' for w in words)
        # id -> (match_rank, order of first appearance, product)
        pool: dict[str, tuple[int, int, ProductInfo]] = {}
        best = 2 * len(words) + 2  # match_rank's highest: every word whole, the name starting with the first
        at_best = 0

        def add(rows: list[tuple[Any, ...]]) -> None:
            nonlocal at_best
            for row in rows:
                info = _row_to_info(row)
                if info.id not in pool:
                    rank = match_rank(words, info.name_vi, info.name_en)
                    pool[info.id] = (rank, len(pool), info)
                    at_best += rank == best

        # The whole-word kinds first (the best; few matches, so quick); the two prefix kinds — while a word is
        # being typed, nearly all of a search's time — side by side, the second on a helper thread (SQLite lets
        # go of the GIL while it ranks). Once ``limit`` products rank as high as any can, a later kind cannot
        # change the answer and is not ranked (or, already ranked, not used).
        for match in (f"^{whole}", whole):
            if at_best < limit:
                add(self._ranked(words, match, limit))
        if at_best < limit:
            anywhere = _search_pool().submit(self._ranked, words, prefix, limit)
            try:
                add(self._ranked(words, f"^{prefix}", limit))
            finally:
                rows = anywhere.result()
            if at_best < limit:
                add(rows)
        # Ties keep the order the pool was filled in: the better kind of match first, then the shorter name.
        ranked = sorted(pool.values(), key=lambda item: (-item[0], item[1]))
        return [info for _rank, _order, info in ranked[:limit]]

    def _ranked(self, words: Sequence[str], match: str, limit: int) -> list[tuple[Any, ...]]:
        """The ``limit`` best matches of one FTS query (``ranked_sql``), among its first ``RANK_AT_MOST`` matches."""
        return self._rows(ranked_sql(words), ranked_params(words, match, limit))

    def favourites(self, limit: int = 48) -> list[ProductInfo]:
        sql = f"SELECT {_PRODUCT_COLUMNS} FROM products p WHERE p.active = 1 AND p.favourite = 1 ORDER BY p.sku LIMIT :n"
        return [_row_to_info(r) for r in self._rows(sql, {"n": limit})]

    def unbarcoded(self, limit: int = 30) -> list[ProductInfo]:
        """Active products with no barcode at all, favourites left out: loose and fresh goods, gift bags, postcards,
        a tasting cup. The most sold first (lines on this till's sales), then by name, so when a shop has more
        than ``limit`` of them the ones it really sells get the keys (favourites choose the rest).

        Looks at every product (about 80 ms for 100 000): the sale screen asks at sign-in and when the
        catalogue changed, not for every sale.
        """
        sql = (
            f"SELECT {_PRODUCT_COLUMNS} FROM products p "
            "WHERE p.active = 1 AND p.favourite = 0 AND p.id NOT IN (SELECT product_id FROM barcodes) "
            "ORDER BY (SELECT COUNT(*) FROM sale_lines l WHERE l.product_id = p.id) DESC, p.name_vi, p.sku "
            "LIMIT :n"
        )
        return [_row_to_info(r) for r in self._rows(sql, {"n": limit})]

    def quick_keys(self, limit: int = 30) -> list[ProductInfo]:
        """The sale screen's quick keys: the shop's favourites (by SKU), then products that cannot be scanned
        (``unbarcoded``), ``limit`` keys in all. Favourites win when there are more than ``limit`` of them."""
        keys = self.favourites(limit)
        if len(keys) < limit:
            keys += self.unbarcoded(limit - len(keys))
        return keys

    def count(self) -> int:
        with self.engine.connect() as conn:
            n = conn.execute(text("SELECT COUNT(*) FROM products WHERE active = 1")).scalar_one()
            conn.rollback()
        return int(n)
