"""A store's producer statement as head office sends it to a till of the store (``GET /api/v1/sync/settlement``).

Head office is the only place that holds every till's sales, so the store's statement is built there
(``pos.server.settlement``); the till shows and prints it. ``tills`` names every till counted and the newest sale
head office holds from each, so a till whose sales have not arrived yet shows on the statement.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from pos.sync.wire import N20, N40, T20, T40, T200, Id, Money, Qty, SmallInt


class StatementLineDoc(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    product_id: Id
    sku: T40
    name_vi: T200
    unit: T20
    commission_bp: Annotated[int, Field(strict=True, ge=0, le=10_000)]
    qty_sold_milli: Qty
    qty_returned_milli: Qty
    gross_sales: Money
    returns: Money


class TillCoverageDoc(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    store_code: N20
    code: N20
    #: The till's clock when it rang the newest sale head office holds from it (None: nothing received yet).
    last_sale_at: dt.datetime | None = None
    #: When head office received it.
    last_received_at: dt.datetime | None = None
    sales: SmallInt = 0


class StoreStatementDoc(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    store_code: N20
    store_name: T200 = ""
    producer_code: N40
    start: dt.date
    end: dt.date
    #: Head office's clock when it built the statement.
    as_of: dt.datetime
    lines: list[StatementLineDoc] = Field(default_factory=list)
    tills: list[TillCoverageDoc] = Field(default_factory=list)
