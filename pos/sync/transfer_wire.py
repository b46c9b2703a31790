"""What a till and head office say about one VietQR transfer the till is showing (``POST /api/v1/sync/transfer``).

The till sends the reference on its QR and the amount; head office answers what its bank notifications say:
``waiting`` (nothing yet), ``confirmed`` (a transfer of exactly that amount holds the reference), ``flagged``
(transfers hold it but for another amount: a person decides), or ``off`` (no notification source is set up, the
cashier confirms by hand). Asking again is harmless: the question is the same row on the server.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from pos.sync.wire import T40, T80, Money

Reference = Annotated[str, StringConstraints(min_length=3, max_length=25, pattern=r"^[0-9A-Za-z .\-/]+$")]
Account = Annotated[str, StringConstraints(max_length=40, pattern=r"^[0-9A-Za-z]*$")]


class TransferQuestion(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    reference: Reference
    amount: Annotated[int, Field(strict=True, gt=0, le=10**13)]
    account_number: Account = ""


class TransferAnswer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    state: Literal["waiting", "confirmed", "flagged", "off"]
    #: What the bank reported: the amount (confirmed: equal to the one asked; flagged: what came instead).
    amount: Money = 0
    #: The bank's time of the transaction (Vietnam local time), when confirmed or flagged.
    bank_time: dt.datetime | None = None
    source: T40 = ""
    transaction_id: T80 = ""
