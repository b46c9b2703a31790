"""The store's statement on a till: asked of head office, the only place that holds every till's sales.

A till's own database holds only its own sales, so ``pos.settlement.statement.build_statement`` covers this till
alone (and says so). ``fetch_store_statement`` asks head office (``GET /api/v1/sync/settlement``) for the statement
of every till of the store, naming each till and the newest sale head office holds from it. Offline it raises the
sync client's ``OfflineError``: the caller shows the till's own statement, labelled as covering only this till.
Called from a worker thread (``ui.executor``) or the command line, never from the GUI thread.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from pos.inventory.producers import get_producer
from pos.reports.table import Period
from pos.settlement.statement import SettlementStatement, StatementLine, TillIncluded
from pos.sync.client import SyncClient
from pos.sync.settlement_wire import StoreStatementDoc


def _local(v: dt.datetime | None) -> dt.datetime | None:
    """Head office's naive-UTC instant in this till's local time (naive), as the till shows times."""
    if v is None:
        return None
    aware = v if v.tzinfo is not None else v.replace(tzinfo=dt.UTC)
    return aware.astimezone().replace(tzinfo=None)


def from_doc(engine: Engine, producer_id: str, doc: StoreStatementDoc) -> SettlementStatement:
    """Head office's answer as a statement the till's screens, exports and printer already understand."""
    lines = tuple(
        StatementLine(
            x.product_id,
            x.sku,
            x.name_vi,
            x.unit,
            x.commission_bp,
            x.qty_sold_milli,
            x.qty_returned_milli,
            x.gross_sales,
            x.returns,
        )
        for x in doc.lines
    )
    tills = tuple(
        TillIncluded(t.code, t.store_code, _local(t.last_sale_at), _local(t.last_received_at), t.sales)
        for t in doc.tills
    )
    return SettlementStatement(
        get_producer(engine, producer_id),
        Period(doc.start, doc.end),
        lines,
        tills=tills,
        store_code=doc.store_code,
        as_of=_local(doc.as_of),
    )


def fetch_store_statement(
    engine: Engine, producer_id: str, period: Period, *, client: SyncClient | None = None
) -> SettlementStatement:
    """The producer's statement for this till's whole store, from head office (raises ``SyncError`` offline)."""
    from pos.sync.rounds import client_for

    producer = get_producer(engine, producer_id)
    own = client is None
    c = client if client is not None else client_for(engine, timeout=20.0)
    try:
        doc = c.store_statement(producer.data.code, period.start.isoformat(), period.end.isoformat())
    finally:
        if own:
            c.close()
    return from_doc(engine, producer_id, doc)
