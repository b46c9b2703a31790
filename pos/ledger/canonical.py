"""The canonical serialisation of a sale that the journal hashes.

One definition serves both sides: checkout hashes the rows it is about to insert, and verification hashes the rows
it reads back with plain SQL. Values are normalised to the text SQLite stores (dates ``YYYY-MM-DD``, timestamps
``YYYY-MM-DD HH:MM:SS.ffffff``), so both sides produce the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

SALE_FIELDS = (
    "id", "terminal_code", "receipt_no", "kind", "original_sale_id", "created_at", "business_date",
    "cashier_id", "cashier_name", "approved_by", "shift_id", "lang", "subtotal", "discount_total", "total",
    "change_due", "note",
)  # fmt: skip
LINE_FIELDS = (
    "id", "line_no", "product_id", "sku", "name_vi", "name_en", "unit", "code", "qty_milli", "unit_price",
    "line_discount", "sale_discount", "amount", "vat_rate", "ocop_stars", "batch", "expiry", "original_line_id",
)  # fmt: skip
VAT_FIELDS = ("rate_pct", "gross", "vat")
PAYMENT_FIELDS = (
    "id", "seq", "method", "amount", "tendered", "currency", "foreign_amount", "fx_rate_milli", "reference",
)  # fmt: skip
#: The sale's e-invoice (``einvoices``), when the store issues them: hashed with the sale, so an invoice edited,
#: removed or added afterwards breaks the chain. Its sending status is not hashed (it changes).
EINVOICE_FIELDS = (
    "code", "form", "series", "kind", "related_code", "issued_at", "buyer_name", "buyer_tax_code", "total",
    "vat_total", "xml",
)  # fmt: skip


def sql_value(value: Any) -> Any:
    """A Python value as SQLite stores it through SQLAlchemy (what a raw SELECT gives back)."""
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def canonical(
    sale: Sequence[Any],
    lines: Sequence[Sequence[Any]],
    vat: Sequence[Sequence[Any]],
    payments: Sequence[Sequence[Any]],
    einvoice: Sequence[Any] | None = None,
) -> bytes:
    """Bytes of a sale given as value tuples in the ``*_FIELDS`` orders (already SQL-normalised).

    A sale without an e-invoice hashes exactly as before e-invoices existed; one with an invoice has it as a
    fifth element.
    """
    doc: list[Any] = [
        list(sale),
        [list(r) for r in lines],
        [list(r) for r in vat],
        [list(r) for r in payments],
    ]
    if einvoice is not None:
        doc.append(list(einvoice))
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=_foreign).encode("utf-8")


def _foreign(value: Any) -> Any:
    """A value the till never stores (a BLOB written behind its back) still hashes — to something different."""
    if isinstance(value, bytes | bytearray | memoryview):
        return {"blob": bytes(value).hex()}
    raise TypeError(f"unexpected {type(value).__name__} in a sale row")


def chain_hash(prev_hash: str, payload: bytes) -> str:
    """``sha256(prev_hash ‖ payload)`` as hex."""
    return hashlib.sha256(prev_hash.encode("ascii") + payload).hexdigest()


def row_values(row: Mapping[str, Any], fields: Sequence[str]) -> tuple[Any, ...]:
    return tuple(sql_value(row[f]) for f in fields)
