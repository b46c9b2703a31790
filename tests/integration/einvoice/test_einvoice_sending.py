"""Sending e-invoices through the SePay adapter to a local stand-in written from SePay's documentation: in order,
each exactly once through drops, resets and truncated answers (the sync tests' fault proxy), tokens renewed,
refusals kept with their reason and offered again on request."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from sqlalchemy import text

from pos.backoff import Backoff
from pos.einvoice.providers.base import Submission
from pos.einvoice.providers.sepay import SePayProvider, create_body, encode_body, exact_number
from pos.einvoice.queue import counts, invoices, retry, send_round, xml_of
from pos.models.values import utcnow
from pos.payments.tenders import Tender
from pos.selling.checkout import SaleContext, checkout
from pos.till.terminal import Terminal
from tests.integration.einvoice.helpers import enrol
from tests.integration.einvoice.sepay_standin import ACCOUNT, CLIENT_ID, CLIENT_SECRET, SePayStandIn
from tests.integration.sync.sync_faultproxy import FaultProxy


@pytest.fixture
def standin() -> Iterator[SePayStandIn]:
    s = SePayStandIn().start()
    yield s
    s.stop()


def _provider(url: str, *, timeout: float = 5.0) -> SePayProvider:
    return SePayProvider(url, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=timeout)


def _sell_many(t: Terminal, n: int) -> list[str]:
    with t.engine.connect() as conn:
        codes = [r[0] for r in conn.execute(text("SELECT code FROM barcodes ORDER BY code LIMIT 40"))]
    ids = []
    for i in range(n):
        cart = t.new_cart()
        cart.add(t.catalogue.resolve(codes[i % len(codes)]))
        cart.add(t.catalogue.resolve(codes[(i * 7 + 3) % len(codes)]))
        ids.append(checkout(t.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(t.code)).id)
    return ids


def _drain(t: Terminal, provider: SePayProvider, *, rounds: int = 400) -> None:
    """Rounds until nothing is open, with the backoff's clock advanced instead of slept."""
    clock = [utcnow()]
    backoff = Backoff(0.01, 0.05)
    for _ in range(rounds):
        if not counts(t.engine)["pending"] and not counts(t.engine)["sent"]:
            return
        result = send_round(t.engine, provider, backoff=backoff, now=lambda: clock[0])
        clock[0] += dt.timedelta(seconds=10)  # past any backoff and the 5 s wait before asking again
        del result
    raise AssertionError(f"queue not drained: {counts(t.engine)}")


def test_create_body_follows_the_documented_fields(demo_terminal: Terminal) -> None:
    t = demo_terminal
    enrol(t)
    sale_id = _sell_many(t, 1)[0]
    document = xml_of(t.engine, sale_id)
    body = create_body(Submission(sale_id, "M1-26-A1B2C-01000000001", document), ACCOUNT)
    assert (
        body["reference_code"] == sale_id
        and body["template_code"] == "1"
        and body["invoice_series"].startswith("C")
    )
    assert body["payment_method"] == "TM" and body["is_draft"] is False and body["currency"] == "VND"
    assert sum(i["before_tax_amount"] for i in body["items"]) + 0 <= body["total_amount"]
    assert "M1-26-A1B2C-01000000001" in body["notes"]


def test_invoices_reach_the_provider_in_order_and_are_accepted(
    demo_terminal: Terminal, standin: SePayStandIn
) -> None:
    t = demo_terminal
    enrol(t)
    ids = _sell_many(t, 5)
    provider = _provider(standin.url)
    try:
        _drain(t, provider)
    finally:
        provider.close()
    assert list(standin.created) == ids  # in the order they were made
    assert counts(t.engine)["accepted"] == 5
    assert all(row.provider_ref for row in invoices(t.engine, states=("accepted",)))


def test_each_invoice_reaches_the_provider_exactly_once_through_drops_and_resets(
    demo_terminal: Terminal, standin: SePayStandIn
) -> None:
    t = demo_terminal
    enrol(t)
    ids = _sell_many(t, 30)
    proxy = FaultProxy(standin.port, seed=5).start()
    provider = _provider(proxy.url, timeout=2.0)
    try:
        _drain(t, provider)
    finally:
        provider.close()
        proxy.stop()
    assert proxy.counts["reset"] and proxy.counts["drop"] and proxy.counts["truncate"]
    assert sorted(standin.created) == sorted(ids)  # every invoice, and one invoice per sale
    assert len(standin.created) == 30
    assert counts(t.engine)["accepted"] == 30
    resent = [ref for ref, n in standin.offered.items() if n > 1]
    assert resent, "the faults made the adapter resend some invoices — harmlessly"


def test_an_expired_token_is_renewed(demo_terminal: Terminal, standin: SePayStandIn) -> None:
    t = demo_terminal
    enrol(t)
    _sell_many(t, 2)
    provider = _provider(standin.url)
    try:
        send_round(t.engine, provider)
        standin.expire_tokens()
        _drain(t, provider)
    finally:
        provider.close()
    assert counts(t.engine)["accepted"] == 2


def test_an_unreachable_provider_keeps_the_order_and_backs_off(demo_terminal: Terminal) -> None:
    t = demo_terminal
    enrol(t)
    _sell_many(t, 3)
    provider = _provider("http://127.0.0.1:9", timeout=1.0)  # nothing listens there
    try:
        result = send_round(t.engine, provider, backoff=Backoff(2.0, 60.0))
    finally:
        provider.close()
    assert not result.ok and 1.0 <= result.delay_s <= 2.0
    rows = invoices(t.engine, states=("pending",))
    assert len(rows) == 3 and sum(r.attempts for r in rows) == 1  # stopped at the first: order kept
    assert any("unreachable" in r.last_error for r in rows)


def test_a_refused_invoice_is_kept_with_its_reason_and_can_be_offered_again(
    demo_terminal: Terminal, standin: SePayStandIn
) -> None:
    t = demo_terminal
    enrol(t)
    ids = _sell_many(t, 3)
    standin.refuse.add(ids[1])
    provider = _provider(standin.url)
    try:
        _drain(t, provider)
        rejected = invoices(t.engine, states=("rejected",))
        assert [r.sale_id for r in rejected] == [ids[1]] and "INVALID_INVOICE_DATA" in rejected[0].last_error
        assert counts(t.engine)["accepted"] == 2  # the others went on
        standin.refuse.clear()
        assert retry(t.engine, ids[1])
        _drain(t, provider)
    finally:
        provider.close()
    assert counts(t.engine)["accepted"] == 3


def test_a_refused_account_rejects_no_invoice_and_waits(
    demo_terminal: Terminal, standin: SePayStandIn
) -> None:
    """Wrong credentials say nothing about the invoices: the round stops, every invoice stays pending with the
    account named as the problem, and the next try waits for the backoff."""
    t = demo_terminal
    enrol(t)
    _sell_many(t, 3)
    provider = SePayProvider(standin.url, CLIENT_ID, "not-the-secret", ACCOUNT, timeout=5)
    try:
        result = send_round(t.engine, provider, backoff=Backoff(2.0, 60.0))
    finally:
        provider.close()
    assert not result.ok and result.account_refused and result.delay_s > 0
    assert "account refused" in result.unreachable
    assert counts(t.engine)["pending"] == 3 and counts(t.engine)["rejected"] == 0 and not standin.created
    first = invoices(t.engine)[-1]  # the oldest
    assert "account refused" in first.last_error and first.next_try_at is not None


def test_an_invoice_waiting_out_its_backoff_holds_back_the_later_ones(
    demo_terminal: Terminal, standin: SePayStandIn
) -> None:
    """In order, always: while the oldest pending invoice waits, a round offers none of the later ones; one the
    provider already has (sent, its answer awaited) holds nothing back."""
    from pos.einvoice.queue import due

    t = demo_terminal
    enrol(t)
    ids = _sell_many(t, 3)
    now = utcnow()
    later = now + dt.timedelta(seconds=60)
    with t.engine.begin() as conn:
        conn.execute(
            text("UPDATE einvoice_status SET next_try_at = :at WHERE sale_id = :id"),
            {"at": later, "id": ids[0]},
        )
    assert due(t.engine, now) == []
    provider = _provider(standin.url)
    try:
        result = send_round(t.engine, provider, now=lambda: now)
        assert result.moved == 0 and not standin.created
        with t.engine.begin() as conn:
            conn.execute(
                text("UPDATE einvoice_status SET state = 'sent', provider_ref = 'x' WHERE sale_id = :id"),
                {"id": ids[0]},
            )
        assert [item.sale_id for item in due(t.engine, now)] == ids[1:]
        send_round(t.engine, provider, now=lambda: now)
    finally:
        provider.close()
    assert list(standin.created) == ids[1:]


def test_amounts_reach_the_provider_exactly(demo_terminal: Terminal, standin: SePayStandIn) -> None:
    """Quantities and prices go from the XML to the wire as exact decimals: a price no float can hold
    (2^53 + 1 đồng) and a weighed quantity (1.234 kg) arrive digit for digit; garbage is refused, not rounded."""
    assert exact_number("9007199254740993") == 9007199254740993
    assert exact_number("1.234") == Decimal("1.234") and exact_number("2.500") == Decimal("2.5")
    assert exact_number(" 18500 ") == 18500 and exact_number("3.000") == 3
    for bad in ("1e3", "nan", "Infinity", "", "1,5", "0x10"):
        with pytest.raises(ValueError):
            exact_number(bad)
    wire = encode_body({"items": [{"quantity": Decimal("1.234"), "unit_price": 9007199254740993}]})
    assert wire == b'{"items": [{"quantity": 1.234, "unit_price": 9007199254740993}]}'

    t = demo_terminal
    enrol(t)
    sale_id = _sell_many(t, 1)[0]
    document = xml_of(t.engine, sale_id)
    line = re.search(r"<SLuong>[^<]*</SLuong>\s*<DGia>[^<]*</DGia>", document)
    assert line is not None
    document = document.replace(line[0], "<SLuong>1.234</SLuong><DGia>9007199254740993.5</DGia>", 1)
    body = create_body(Submission(sale_id, "M1-26-A1B2C-01000000001", document), ACCOUNT)
    assert body["items"][0]["quantity"] == Decimal("1.234")
    assert body["items"][0]["unit_price"] == Decimal("9007199254740993.5")
    # Through the adapter: the stand-in reads the body with Decimal numbers and keeps every digit.
    provider = _provider(standin.url)
    try:
        provider.submit(Submission(sale_id, "M1-26-A1B2C-01000000001", document))
    finally:
        provider.close()
    sent = standin.created[sale_id]["items"][0]
    assert sent["quantity"] == Decimal("1.234") and sent["unit_price"] == Decimal("9007199254740993.5")
