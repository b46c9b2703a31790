"""The e-invoice is defined once, by the wire (``pos.sync.wire``), like the catalogue (docs/sync.md, "Where the
catalogue is defined"): every field an e-invoice document, its state or a till's request carries has a column of
the right kind and size on both sides — in the till's and head office's models and in the databases their
migrations build (SQLite for the till, SQLite and PostgreSQL for head office) — and a column neither side calls its
own is carried by the wire. The invoice's fields are also, in order, what the journal hashes.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import Engine
from test_catalogue_schema import (  # the comparison, and the migrated databases of both sides
    Column,
    Side,
    _props,
    database_side,
    gaps,
    server_engine,
    till_engine,
)

from pos.ledger.canonical import EINVOICE_FIELDS
from pos.models import Base
from pos.server.models import ServerBase
from pos.sync.wire import (
    EInvoiceDoc,
    EInvoiceFields,
    EInvoiceRetryBody,
    EInvoiceStatusDoc,
    EInvoiceStatusFields,
    SaleHeader,
)

__all__ = ["server_engine", "till_engine"]  # fixtures, shared with the catalogue's schema test

Prop = dict[str, Any]
Wire = dict[str, dict[str, tuple[str, Prop]]]

TILL_TABLES = ("einvoices", "einvoice_status")
SERVER_TABLES = (*TILL_TABLES, "einvoice_retries")
TILL_OWN = {
    "einvoice_status": frozenset(
        {
            "next_try_at",
            "corrected_by",
            "reported",
            "corrected_xml",
            "corrected_buyer_name",
            "corrected_buyer_tax_code",
            "updated_at",
        }
    )
}
SERVER_OWN = {
    "einvoices": frozenset({"store_id", "terminal_id"}),
    "einvoice_status": frozenset(
        {
            "store_id",
            "next_try_at",
            "corrected_xml",
            "corrected_buyer_name",
            "corrected_buyer_tax_code",
            "issued_at",
            "updated_at",
        }
    ),
    "einvoice_retries": frozenset({"store_id", "terminal_id", "received_at"}),
}
MODELS = "pos/models/einvoice_columns.py (each side's own in pos/models/einvoice.py, pos/server/models/einvoice.py)"


def _fields(model: type[BaseModel]) -> dict[str, tuple[str, Prop]]:
    return {c: (f"{model.__name__}.{c}", p) for c, p in _props(model).items()}


def wire_tables(till: bool) -> Wire:
    """Table → column → (the field that needs it, its schema), as each side stores what travels."""
    sale_id = ("SaleHeader.id", _props(SaleHeader)["id"])
    via = ("EInvoiceDoc.via", _props(EInvoiceDoc)["via"])
    invoices = {**_fields(EInvoiceFields), "sale_id": sale_id}
    status = {
        **_fields(EInvoiceStatusFields),
        "sale_id": ("EInvoiceStatusDoc.sale_id", _props(EInvoiceStatusDoc)["sale_id"]),
        "via": via,
    }
    if till:
        return {"einvoices": invoices, "einvoice_status": status}
    return {
        "einvoices": {**invoices, "via": via},
        "einvoice_status": status,
        "einvoice_retries": _fields(EInvoiceRetryBody),
    }


def models_side(base: type[Any], till: bool) -> Side:
    tables = {
        t: {c.name: Column(c.type, bool(c.nullable)) for c in base.metadata.tables[t].columns}
        for t in (TILL_TABLES if till else SERVER_TABLES)
    }
    if till:
        return Side("the till's models", MODELS, tables, TILL_OWN, wide_integers=True)
    return Side("head office's models", MODELS, tables, SERVER_OWN, wide_integers=False)


def db_side(engine: Engine, till: bool) -> Side:
    if till:
        return database_side(engine, True, names=TILL_TABLES, own=TILL_OWN)
    return database_side(engine, False, names=SERVER_TABLES, own=SERVER_OWN)


def test_the_invoice_on_the_wire_is_what_the_journal_hashes_in_its_order() -> None:
    assert tuple(EInvoiceFields.model_fields) == EINVOICE_FIELDS


def test_every_field_on_the_wire_has_its_column_in_both_models() -> None:
    assert gaps(wire_tables(till=True), models_side(Base, till=True)) == []
    assert gaps(wire_tables(till=False), models_side(ServerBase, till=False)) == []


def test_every_field_on_the_wire_has_its_column_in_the_tills_database(till_engine: Engine) -> None:
    assert gaps(wire_tables(till=True), db_side(till_engine, till=True)) == []


def test_every_field_on_the_wire_has_its_column_in_head_offices_database(server_engine: Engine) -> None:
    assert gaps(wire_tables(till=False), db_side(server_engine, till=False)) == []


def test_a_field_added_to_the_invoice_alone_is_named_on_both_sides() -> None:
    """What a forgotten column looks like: the check above, on an invoice with one more field."""

    wire = wire_tables(till=False)
    wire["einvoices"]["buyer_phone"] = ("EInvoiceFields.buyer_phone", {"type": "string", "maxLength": 20})
    side = models_side(ServerBase, till=False)
    assert gaps(wire, side) == [
        f"EInvoiceFields.buyer_phone has no column einvoices.buyer_phone in head office's models: add it to {MODELS}"
    ]
