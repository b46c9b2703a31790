"""A producer's settlement at the level of a store or of the whole network: head office is the only place that holds
every till's sales, so a store's statement (every till of the store) and the network's (every store, with each
store's subtotal) are built here, from the roll-ups (fold the queue first: ``rollups.catch_up``).

The arithmetic is the till's (``pos.settlement.statement``): per product and commission rate, commission on the net
amount rounded half up. A line counts under the consignment terms valid on its business day (a return under the
terms of its own day). Each statement says which tills it counts and the last sale head office received from each,
so a till whose sales have not arrived yet is visible on the statement.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from pos.reports.table import Period
from pos.server.errors import bad_request, not_found
from pos.server.models import ConsignmentTerm, LineRollup, Producer, Product, Sale, Store, Terminal, utcnow
from pos.server.office.queries import in_stores, month_end
from pos.server.provisioning import TerminalIdentity
from pos.settlement.statement import StatementLine
from pos.sync.settlement_wire import StatementLineDoc, StoreStatementDoc, TillCoverageDoc

Terms = dict[str, list[tuple[dt.date, bool, int]]]


@dataclass(frozen=True, slots=True)
class TillCoverage:
    """One till counted on a statement: its store, and the last sale head office holds from it (None: none yet)."""

    store_code: str
    code: str
    last_sale_at: dt.datetime | None  # the till's clock when it rang the newest sale head office holds
    last_received_at: dt.datetime | None  # when head office received that sale's batch
    sales: int  # its sales and returns in the period (all goods)


@dataclass(frozen=True, slots=True)
class StoreLines:
    store_id: str
    store_code: str
    store_name: str
    lines: tuple[StatementLine, ...]

    @property
    def net(self) -> int:
        return sum(x.net for x in self.lines)

    @property
    def commission(self) -> int:
        return sum(x.commission for x in self.lines)

    @property
    def amount_due(self) -> int:
        return sum(x.amount_due for x in self.lines)


def _day(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def terms_of(conn: Connection, product_ids: Sequence[str]) -> Terms:
    out: Terms = defaultdict(list)
    if not product_ids:
        return out
    t = ConsignmentTerm
    for pid, valid_from, consigned, bp in conn.execute(
        select(t.product_id, t.valid_from, t.consigned, t.commission_bp)
        .where(t.product_id.in_(list(product_ids)))
        .order_by(t.valid_from)
    ):
        out[str(pid)].append((_day(valid_from), bool(consigned), int(bp)))
    return out


def terms_on(terms: list[tuple[dt.date, bool, int]], day: dt.date) -> tuple[bool, int]:
    current = (False, 0)
    for valid_from, consigned, bp in terms:
        if valid_from <= day:
            current = (consigned, bp)
    return current


def whole_month(period: Period) -> bool:
    return period.start.day == 1 and period.end == month_end(period.start)


def rollup_rows(
    conn: Connection, period: Period, producer_id: str | None, store_ids: Sequence[str] | None
) -> list[Any]:
    """(store, producer, product, sku, name, unit, day, qty sold, qty returned, sales, returns) rows of the period.

    A whole month reads a product's month row unless its terms change during the month (then its days); any other
    period reads day rows (a month of thirty centres stays a few thousand rows)."""
    r = LineRollup
    d0, d1 = period.start, period.end
    cols = (
        r.store_id,
        Product.producer_id,
        r.product_id,
        Product.sku,
        Product.name_vi,
        Product.unit,
        r.day,
        func.sum(r.qty_sold),
        func.sum(r.qty_returned),
        func.sum(r.sales),
        func.sum(r.returns),
    )
    group = (r.store_id, Product.producer_id, r.product_id, Product.sku, Product.name_vi, Product.unit, r.day)
    base = [Product.producer_id.is_not(None), in_stores(r.store_id, store_ids)]
    if producer_id is not None:
        base.append(Product.producer_id == producer_id)
    daily = (
        select(*cols)
        .join(Product, Product.id == r.product_id)
        .where(r.grain == "d", r.day >= d0, r.day <= d1)
    )
    if not whole_month(period):
        return list(conn.execute(daily.where(*base).group_by(*group)).all())
    changing = sorted(
        str(x)
        for x in conn.execute(
            select(ConsignmentTerm.product_id).where(
                ConsignmentTerm.valid_from > d0, ConsignmentTerm.valid_from <= d1
            )
        ).scalars()
    )
    monthly = (
        select(*cols).join(Product, Product.id == r.product_id).where(r.grain == "m", r.day == d0, *base)
    )
    if changing:
        monthly = monthly.where(r.product_id.not_in(changing))
    raw = list(conn.execute(monthly.group_by(*group)).all())
    if changing:
        raw += conn.execute(daily.where(r.product_id.in_(changing), *base).group_by(*group)).all()
    return raw


def statement_lines(
    conn: Connection,
    period: Period,
    producer_id: str | None,
    store_ids: Sequence[str] | None,
    *,
    by_store: bool,
) -> tuple[dict[tuple[str, str], list[StatementLine]], dict[str, int]]:
    """Statement lines keyed by (store id or '' when not ``by_store``, producer id) for consigned goods, and each
    producer's net sales of all its goods."""
    raw = rollup_rows(conn, period, producer_id, store_ids)
    terms = terms_of(conn, sorted({str(x[2]) for x in raw}))
    groups: dict[tuple[str, str, str, int], list[Any]] = {}
    net_all: dict[str, int] = defaultdict(int)
    for store_id, prod_id, pid, sku, name, unit, day, qs, qr, sales, returns in raw:
        net_all[str(prod_id)] += int(sales) + int(returns)
        consigned, bp = terms_on(terms.get(str(pid), []), _day(day))
        if not consigned:
            continue
        key = (str(store_id) if by_store else "", str(prod_id), str(pid), bp)
        g = groups.setdefault(key, [str(sku), str(name), str(unit), 0, 0, 0, 0])
        g[3] += int(qs)
        g[4] += int(qr)
        g[5] += int(sales)
        g[6] += int(returns)
    out: dict[tuple[str, str], list[StatementLine]] = defaultdict(list)
    for (sid, prod_id, pid, bp), g in sorted(groups.items(), key=lambda kv: (kv[1][0], kv[0][3])):
        out[(sid, prod_id)].append(StatementLine(pid, g[0], g[1], g[2], bp, g[3], g[4], g[5], g[6]))
    return out, net_all


def merge_lines(parts: Sequence[Sequence[StatementLine]]) -> tuple[StatementLine, ...]:
    """Several stores' lines of one producer as one statement (same product and rate added up)."""
    acc: dict[tuple[str, int], list[Any]] = {}
    for lines in parts:
        for x in lines:
            g = acc.setdefault((x.product_id, x.commission_bp), [x.sku, x.name_vi, x.unit, 0, 0, 0, 0])
            g[3] += x.qty_sold_milli
            g[4] += x.qty_returned_milli
            g[5] += x.gross_sales
            g[6] += x.returns
    return tuple(
        StatementLine(pid, g[0], g[1], g[2], bp, g[3], g[4], g[5], g[6])
        for (pid, bp), g in sorted(acc.items(), key=lambda kv: (kv[1][0], kv[0][1]))
    )


def by_store(
    conn: Connection, period: Period, producer_id: str, store_ids: Sequence[str] | None
) -> list[StoreLines]:
    """The producer's lines per store (stores with consigned sales only), in store code order."""
    lines, _ = statement_lines(conn, period, producer_id, store_ids, by_store=True)
    stores = {
        str(i): (str(c), str(n))
        for i, c, n in conn.execute(
            select(Store.id, Store.code, Store.name).where(in_stores(Store.id, store_ids))
        ).all()
    }
    out = [
        StoreLines(sid, *stores.get(sid, (sid[:8], "")), tuple(ls)) for (sid, _pid), ls in lines.items() if ls
    ]
    return sorted(out, key=lambda s: s.store_code)


def coverage(conn: Connection, period: Period, store_ids: Sequence[str] | None) -> list[TillCoverage]:
    """Every till of the stores (registered or not), with the newest sale head office holds from each: its highest
    receipt number, found on the (terminal, receipt) unique index, so a year of sales is not read for it."""
    newest = (
        select(func.max(Sale.receipt_no))
        .where(Sale.terminal_id == Terminal.id)
        .correlate(Terminal)
        .scalar_subquery()
    )
    tills = conn.execute(
        select(Terminal.id, Terminal.code, Store.code, newest)
        .join(Store, Store.id == Terminal.store_id)
        .where(in_stores(Terminal.store_id, store_ids))
        .order_by(Store.code, Terminal.code)
    ).all()
    last: dict[str, tuple[Any, Any]] = {}
    for tid, _code, _store, receipt_no in tills:
        if receipt_no is not None:
            row = conn.execute(
                select(Sale.created_at, Sale.received_at).where(
                    Sale.terminal_id == tid, Sale.receipt_no == receipt_no
                )
            ).first()
            if row is not None:
                last[str(tid)] = (row[0], row[1])
    counts = {
        str(t): int(n)
        for t, n in conn.execute(
            select(Sale.terminal_id, func.count())
            .where(
                in_stores(Sale.store_id, store_ids),
                Sale.business_date >= period.start,
                Sale.business_date <= period.end,
            )
            .group_by(Sale.terminal_id)
        ).all()
    }

    def stamp(v: Any) -> dt.datetime | None:
        if v is None:
            return None
        return v if isinstance(v, dt.datetime) else dt.datetime.fromisoformat(str(v))

    return [
        TillCoverage(
            str(store_code),
            str(code),
            stamp(last.get(str(tid), (None, None))[0]),
            stamp(last.get(str(tid), (None, None))[1]),
            counts.get(str(tid), 0),
        )
        for tid, code, store_code, _no in tills
    ]


def store_statement(
    conn: Connection, who: TerminalIdentity, producer_code: str, start: dt.date, end: dt.date
) -> StoreStatementDoc:
    """The producer's statement for the calling till's store, as the till shows and prints it."""
    if end < start or (end - start).days > 366:
        raise bad_request("period", "Kỳ quyết toán không hợp lệ", "The settlement period is not valid")
    producer_id = conn.execute(select(Producer.id).where(Producer.code == producer_code)).scalar()
    if producer_id is None:
        raise not_found(f"nhà sản xuất {producer_code}", f"Producer {producer_code}")
    period = Period(start, end)
    stores = by_store(conn, period, str(producer_id), [who.store_id])
    store_name = conn.execute(select(Store.name).where(Store.id == who.store_id)).scalar() or ""
    return StoreStatementDoc(
        store_code=who.store_code,
        store_name=str(store_name)[:200],
        producer_code=producer_code,
        start=start,
        end=end,
        as_of=utcnow().replace(tzinfo=dt.UTC),
        lines=[
            StatementLineDoc(
                product_id=x.product_id,
                sku=x.sku,
                name_vi=x.name_vi,
                unit=x.unit,
                commission_bp=x.commission_bp,
                qty_sold_milli=x.qty_sold_milli,
                qty_returned_milli=x.qty_returned_milli,
                gross_sales=x.gross_sales,
                returns=x.returns,
            )
            for x in merge_lines([s.lines for s in stores])
        ],
        tills=[
            TillCoverageDoc(
                store_code=t.store_code,
                code=t.code,
                last_sale_at=t.last_sale_at,
                last_received_at=t.last_received_at,
                sales=t.sales,
            )
            for t in coverage(conn, period, [who.store_id])
        ],
    )
