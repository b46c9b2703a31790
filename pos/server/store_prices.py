"""What a till is sent with each product: its store's own price, the prices still to come for the network or its
store, and the product's consignment terms (``ProductRulesDoc``).

The catalogue feed itself is the same for every till (``pos.server.changes``); these rows are per store, so the
route adds them for the caller's store to every page. Three queries per page, whatever its size.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, or_, select

from pos.server.models import ConsignmentTerm, ScheduledPrice, StorePrice
from pos.sync.wire import ConsignmentTermDoc, ProductRulesDoc, ScheduledPriceDoc


def rules_for(conn: Connection, store_id: str, product_ids: list[str]) -> list[ProductRulesDoc]:
    """One ``ProductRulesDoc`` per product in ``product_ids`` (in that order), for the till's store."""
    if not product_ids:
        return []
    own = {
        str(pid): int(price)
        for pid, price in conn.execute(
            select(StorePrice.product_id, StorePrice.price).where(
                StorePrice.store_id == store_id, StorePrice.product_id.in_(product_ids)
            )
        )
    }
    s = ScheduledPrice
    scheduled: dict[str, list[ScheduledPriceDoc]] = {}
    for sid, pid, store, valid_from, at, price, created in conn.execute(
        select(s.id, s.product_id, s.store_id, s.valid_from, s.valid_time, s.price, s.created_at)
        .where(
            s.product_id.in_(product_ids),
            s.applied_at.is_(None),
            or_(s.store_id.is_(None), s.store_id == store_id),
        )
        .order_by(s.product_id, s.valid_from, s.created_at)
    ):
        scheduled.setdefault(str(pid), []).append(
            ScheduledPriceDoc(
                id=str(sid),
                valid_from=valid_from,
                valid_time=at,
                price=int(price),
                store=store is not None,
                created_at=created.replace(tzinfo=dt.UTC),  # head office's naive UTC, as RFC 3339
            )
        )
    terms: dict[str, list[ConsignmentTermDoc]] = {}
    t = ConsignmentTerm
    for pid, valid_from, consigned, bp in conn.execute(
        select(t.product_id, t.valid_from, t.consigned, t.commission_bp)
        .where(t.product_id.in_(product_ids))
        .order_by(t.product_id, t.valid_from)
    ):
        terms.setdefault(str(pid), []).append(
            ConsignmentTermDoc(valid_from=valid_from, consigned=bool(consigned), commission_bp=int(bp))
        )
    return [
        ProductRulesDoc(
            product_id=pid,
            store_price=own.get(pid),
            scheduled=scheduled.get(pid, [])[-200:],
            consignment=terms.get(pid, [])[-200:],
        )
        for pid in product_ids
    ]
