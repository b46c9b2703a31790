"""The outbox's documents, typed without pydantic: what checkout, receiving, counting and the shift write for head
office, one JSON document per outbox entry.

They are the server's ``SaleDoc``, ``StockMoveDoc`` and ``ShiftEventDoc`` (``pos.sync.wire``), which validate them
on arrival; the till's write path builds them as plain dicts and never loads pydantic (it would cost start-up and
every sale). Values are as SQLite stores them (``pos.ledger.canonical.sql_value``: dates and times as ISO text), so
the journal hashes, the outbox carries and the tables hold the very same values.
``tests/unit/test_typed_rows.py`` holds these keys to the wire models' fields.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

#: A value as SQLite stores it and JSON carries it.
Stored = str | int | float | None
#: A row with its values as stored (the ``sale`` of a sale document, each of its lines, VAT rows and payments).
StoredRow = dict[str, Stored]


class SaleDocument(TypedDict):
    """A committed sale or return: ``wire.SaleDoc``. Its rows are checkout's (``pos.models.rows``) as stored, the
    children without their ``sale_id``; a store that issues e-invoices adds the sale's (``EINVOICE_FIELDS`` of
    ``pos.ledger.canonical``) and who sends it (``via``): ``wire.EInvoiceDoc``, kept by head office with the sale."""

    type: Literal["sale"]
    sale: StoredRow
    lines: list[StoredRow]
    vat: list[StoredRow]
    payments: list[StoredRow]
    einvoice: NotRequired[StoredRow]


class MoveFields(TypedDict):
    """``wire.StockMoveBody``: a stock move that is not a sale's (receiving, an adjustment, a count)."""

    id: str
    product_id: str
    qty_milli: int
    kind: str
    reason: str
    batch: str | None
    expiry: str | None
    unit_cost: int
    staff_id: str | None
    created_at: str


class StockMoveDocument(TypedDict):
    """``wire.StockMoveDoc``."""

    type: Literal["stock_move"]
    move: MoveFields


class ShiftEventFields(TypedDict):
    """``wire.ShiftEventBody``: a shift opened, paid in or out, closed (or closed with unsent sales)."""

    id: str
    shift_id: str
    kind: str
    at: str
    staff_id: str | None
    data: dict[str, Any]  # what the event carries (counts, amounts, reasons): free JSON on the wire too


class ShiftEventDocument(TypedDict):
    """``wire.ShiftEventDoc``."""

    type: Literal["shift_event"]
    event: ShiftEventFields


#: Any document the till puts in its outbox.
OutboxDocument = SaleDocument | StockMoveDocument | ShiftEventDocument
