"""The correction path of a rejected e-invoice at the till: offered again as it is, or with the buyer put right —
same code, time, goods and amounts; the invoice as made stays in the journal; the correction is audited; what is
sent from then on (and what a later return adjusts) names the corrected buyer. Nothing changes when the request is
refused (not rejected, bad details, no right)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from pos.backoff import Backoff
from pos.einvoice.buyer import Buyer
from pos.einvoice.corrections import correct_buyer, retry_rejected
from pos.einvoice.errors import BuyerError, EInvoiceError
from pos.einvoice.providers.sepay import SePayProvider
from pos.einvoice.queue import counts, invoices, send_round, xml_of
from pos.einvoice.xml import check_structure, read_document
from pos.errors import PermissionDenied
from pos.ledger.verify import verify_journal
from pos.models.values import utcnow
from pos.selling.checkout import SaleContext
from pos.selling.returns import find_sale, make_return
from pos.staff.audit import entries
from pos.staff.auth import authenticate
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal
from tests.integration.einvoice.helpers import enrol, manager
from tests.integration.einvoice.sepay_standin import ACCOUNT, CLIENT_ID, CLIENT_SECRET, SePayStandIn
from tests.integration.einvoice.test_einvoice_sending import _sell_many

FIXED = Buyer(
    kind="company", name="Công ty CP Du lịch Vịnh Xanh", tax_code="0100109106", address="5 Bãi Cháy, Hạ Long"
)


@pytest.fixture
def standin() -> Iterator[SePayStandIn]:
    s = SePayStandIn().start()
    yield s
    s.stop()


def _drain(t: Terminal, provider: SePayProvider) -> None:
    clock = [utcnow()]
    for _ in range(100):
        c = counts(t.engine)
        if not c["pending"] and not c["sent"]:
            return
        send_round(t.engine, provider, backoff=Backoff(0.01, 0.05), now=lambda: clock[0])
        clock[0] += dt.timedelta(seconds=10)
    raise AssertionError(counts(t.engine))


def _rejected_sale(t: Terminal, standin: SePayStandIn, provider: SePayProvider) -> str:
    enrol(t)
    ids = _sell_many(t, 3)
    standin.refuse.add(ids[1])
    _drain(t, provider)
    assert [r.sale_id for r in invoices(t.engine, states=("rejected",))] == [ids[1]]
    standin.refuse.clear()
    return ids[1]


def _status(t: Terminal, sale_id: str) -> tuple[object, ...]:
    with t.engine.connect() as conn:
        return tuple(
            conn.execute(
                text(
                    "SELECT state, corrected_xml, corrected_buyer_name FROM einvoice_status WHERE sale_id = :s"
                ),
                {"s": sale_id},
            ).one()
        )


def test_a_corrected_buyer_is_what_is_sent_and_the_invoice_as_made_stays(
    demo_terminal: Terminal, standin: SePayStandIn
) -> None:
    t = demo_terminal
    provider = SePayProvider(standin.url, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=5)
    try:
        sale_id = _rejected_sale(t, standin, provider)
        made = xml_of(t.engine, sale_id)
        correct_buyer(t.engine, manager(t), sale_id, FIXED, terminal_code=t.code)
        sent = xml_of(t.engine, sale_id, as_sent=True)
        assert xml_of(t.engine, sale_id) == made  # as made: in the journal, unchanged
        assert check_structure(sent) == []
        a, b = read_document(made), read_document(sent)
        assert b.buyer["MST"] == "0100109106" and b.buyer["Ten"] == FIXED.name and not a.buyer
        assert (a.total, a.lines, a.series, a.issued_at) == (b.total, b.lines, b.series, b.issued_at)
        code = next(r.code for r in invoices(t.engine) if r.sale_id == sale_id)
        assert f"<MCCQT>{code}</MCCQT>" in sent and sent.count("<MCCQT>") == 1
        assert verify_journal(t.engine).ok
        (audit,) = entries(t.engine, actions=("einvoice_buyer",))
        detail = audit.detail
        assert detail["after"]["tax_code"] == "0100109106" and detail["before"] is None
        assert detail["xml_sha256"] == hashlib.sha256(sent.encode()).hexdigest()
        _drain(t, provider)
    finally:
        provider.close()
    assert standin.created[sale_id]["buyer"]["tax_code"] == "0100109106"
    assert counts(t.engine)["accepted"] == 3
    (row,) = [r for r in invoices(t.engine) if r.sale_id == sale_id]
    assert row.corrected and row.buyer_name == FIXED.name
    # A later return adjusts the invoice for the buyer as corrected.
    original = find_sale(t.engine, row.terminal_code, row.receipt_no)
    line = original.lines[0]
    ret = make_return(t.engine, original, {line.line_id: 1000}, SaleContext(t.code), approved_by=None)
    adjusting = read_document(xml_of(t.engine, ret.id))
    assert adjusting.related_code == row.code and adjusting.buyer["MST"] == "0100109106"


def test_a_rejected_invoice_is_offered_again_as_it_is(demo_terminal: Terminal, standin: SePayStandIn) -> None:
    t = demo_terminal
    provider = SePayProvider(standin.url, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=5)
    try:
        sale_id = _rejected_sale(t, standin, provider)
        retry_rejected(t.engine, manager(t), sale_id, terminal_code=t.code)
        assert _status(t, sale_id) == ("pending", "", "")
        assert [e.subject_id for e in entries(t.engine, actions=("einvoice_retry",))] == [sale_id]
        _drain(t, provider)
    finally:
        provider.close()
    assert counts(t.engine)["accepted"] == 3 and sale_id in standin.created


def test_refused_corrections_change_nothing(demo_terminal: Terminal, standin: SePayStandIn) -> None:
    t = demo_terminal
    provider = SePayProvider(standin.url, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=5)
    try:
        sale_id = _rejected_sale(t, standin, provider)
    finally:
        provider.close()
    before = _status(t, sale_id)
    cashier = authenticate(t.engine, install_secret(t.settings.home), "1111", terminal_code=t.code)
    with pytest.raises(PermissionDenied):
        correct_buyer(t.engine, cashier, sale_id, FIXED)
    with pytest.raises(PermissionDenied):
        retry_rejected(t.engine, cashier, sale_id)
    with pytest.raises(BuyerError) as bad:
        correct_buyer(t.engine, manager(t), sale_id, Buyer(kind="company", name="", tax_code="0100109107"))
    assert set(bad.value.field_messages("en")) == {"tax_code", "name", "address"}
    accepted = invoices(t.engine, states=("accepted",))[0].sale_id
    with pytest.raises(EInvoiceError) as err:
        correct_buyer(t.engine, manager(t), accepted, FIXED)
    assert err.value.code == "einvoice_not_rejected"
    assert _status(t, sale_id) == before
    assert not entries(t.engine, actions=("einvoice_buyer", "einvoice_retry"))
    with t.engine.connect() as conn:  # nothing asked of head office either
        assert (
            conn.execute(text("SELECT COUNT(*) FROM outbox WHERE entity = 'einvoice_retry'")).scalar_one()
            == 0
        )


def test_a_relayed_invoice_is_corrected_through_a_request_to_head_office(demo_terminal: Terminal) -> None:
    """The request travels in the outbox (the wire's ``EInvoiceRetryDoc``), with the corrected document."""
    from pos.sync.wire import EInvoiceRetryDoc

    t = demo_terminal
    enrol(t)
    sale_id = _sell_many(t, 1)[0]
    with t.engine.begin() as conn:  # what head office's answer would have said, as the last sync brought it
        conn.execute(
            text(
                "UPDATE einvoice_status SET via = 'relay', state = 'rejected', last_error = 'x' WHERE sale_id = :s"
            ),
            {"s": sale_id},
        )
    correct_buyer(t.engine, manager(t), sale_id, FIXED, terminal_code=t.code)
    with t.engine.connect() as conn:
        payload = conn.execute(
            text("SELECT payload FROM outbox WHERE entity = 'einvoice_retry'")
        ).scalar_one()
    doc = EInvoiceRetryDoc.model_validate(json.loads(payload))
    assert doc.retry.sale_id == sale_id and doc.retry.buyer_tax_code == "0100109106"
    assert doc.retry.xml == xml_of(t.engine, sale_id, as_sent=True)
    assert _status(t, sale_id)[0] == "pending"
