"""The till's typed rows and outbox documents (``pos.models.rows``, ``pos.sync.documents``) say what the wire says:
their keys are the fields of ``pos.sync.wire``'s models, which the server validates them with, and a checkout's
rows and documents really have those keys, in the order of the columns they are inserted into."""

from __future__ import annotations

import json
from typing import get_type_hints

import pytest
from pydantic import BaseModel

from pos.ledger.canonical import LINE_FIELDS, PAYMENT_FIELDS, SALE_FIELDS, VAT_FIELDS
from pos.models.rows import SaleLineRow, SalePaymentRow, SaleRow, SaleVatRow, StockMoveRow
from pos.sync import documents, wire


def _keys(typed: type) -> list[str]:
    return list(get_type_hints(typed))


def _fields(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


@pytest.mark.parametrize(
    ("row", "model", "extra"),
    [
        (SaleRow, wire.SaleHeader, []),
        (SaleLineRow, wire.SaleLineDoc, ["sale_id"]),
        (SaleVatRow, wire.SaleVatDoc, ["sale_id"]),
        (SalePaymentRow, wire.PaymentDoc, ["sale_id"]),
        (StockMoveRow, wire.StockMoveBody, ["sale_id"]),
        (documents.MoveFields, wire.StockMoveBody, []),
        (documents.ShiftEventFields, wire.ShiftEventBody, []),
        (documents.SaleDocument, wire.SaleDoc, []),
        (documents.StockMoveDocument, wire.StockMoveDoc, []),
        (documents.ShiftEventDocument, wire.ShiftEventDoc, []),
    ],
)
def test_each_typed_row_has_the_fields_of_its_wire_model(
    row: type, model: type[BaseModel], extra: list[str]
) -> None:
    assert sorted(_keys(row)) == sorted(_fields(model) + extra)


def test_the_journal_hashes_the_rows_in_their_column_order() -> None:
    """The canonical field orders (what the journal hashes) are the rows' own, minus the parent's id."""
    assert tuple(_keys(SaleRow)) == SALE_FIELDS
    assert tuple(k for k in _keys(SaleLineRow) if k != "sale_id") == LINE_FIELDS
    assert tuple(k for k in _keys(SaleVatRow) if k != "sale_id") == VAT_FIELDS
    assert tuple(k for k in _keys(SalePaymentRow) if k != "sale_id") == PAYMENT_FIELDS


def test_a_built_sale_has_exactly_the_typed_keys_and_its_document_passes_the_wire() -> None:
    import datetime as dt

    from pos.catalogue.lookup import ScanResult
    from pos.payments.tenders import Tender, settle
    from pos.selling.cart import Cart
    from pos.selling.checkout import SaleContext, build_rows, sale_payload
    from pos.vat import VatSchedule
    from tests.unit.test_money_vat import product

    cart = Cart(VatSchedule.default(), dt.date(2026, 3, 1))
    cart.add(ScanResult(product("P1", 150_000), "8930000000017"), 2000)
    totals = cart.totals()
    payments, change = settle(totals.total, [Tender.cash(totals.total)])
    rows = build_rows(
        totals, payments, change, SaleContext("T01"), sale_id="s1", receipt_no=1,
        now=dt.datetime(2026, 3, 1, 8, 30), kind="sale", original_sale_id=None, approved_by=None, note="",
    )  # fmt: skip
    assert list(rows.sale) == _keys(SaleRow)
    assert [list(r) for r in rows.lines] == [_keys(SaleLineRow)]
    assert [list(r) for r in rows.vat] == [_keys(SaleVatRow)]
    assert [list(r) for r in rows.payments] == [_keys(SalePaymentRow)]
    assert [list(r) for r in rows.moves] == [_keys(StockMoveRow)]
    _body, doc = sale_payload(rows.sale, rows.lines, rows.vat, rows.payments)
    assert wire.SaleDoc.model_validate(json.loads(doc)).sale.total == totals.total
