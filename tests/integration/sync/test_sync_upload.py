"""Uploading the outbox: every sale arrives exactly once, whatever the repetition or concurrency."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func, select, text
from sync_helpers import LiveServer, assert_server_has_exactly, drain, outbox_size, register

from pos.demo.simulate import simulate
from pos.selling import checkout
from pos.server.models import Sale
from pos.sync import outbox
from pos.sync import rounds as rounds_mod
from pos.sync.client import SyncClient
from pos.sync.rounds import client_for, sync_round, upload_outbox
from pos.sync.state import load_registration
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def test_one_round_sends_everything_once(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, server)
    queued = outbox_size(till.engine)
    assert queued > 100
    with client_for(till.engine) as client:
        report = sync_round(till.engine, client, batch_size=40)
    assert report.all_sent
    assert report.upload.sent == report.upload.held == queued
    assert report.upload.batches == -(-queued // 40)
    assert not report.upload.quarantined
    assert assert_server_has_exactly(till, server.engine) == queued
    # The till's clock and the server's receive time are both kept.
    with server.engine.connect() as c:
        row = c.execute(
            select(func.min(Sale.received_at), func.max(Sale.received_at), func.min(Sale.created_at))
        ).one()
    assert (
        row[0] <= row[1]
        and abs((row[1] - dt.datetime.now(dt.UTC).replace(tzinfo=None)).total_seconds()) < 600
    )
    assert row[2] < row[0]
    # A second round has nothing to send and changes nothing.
    with client_for(till.engine) as client:
        again = sync_round(till.engine, client)
    assert again.upload.sent == 0
    assert server.scalar("SELECT COUNT(*) FROM sales") == queued


class ThriceTransport(httpx.HTTPTransport):
    """Sends every upload three times over the real network and returns the last answer."""

    def __init__(self) -> None:
        super().__init__()
        self.uploads = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/sync/upload"):
            return super().handle_request(request)
        body = request.read()
        for _ in range(2):
            super().handle_request(
                httpx.Request(request.method, request.url, headers=request.headers, content=body)
            ).read()
        self.uploads += 3
        return super().handle_request(
            httpx.Request(request.method, request.url, headers=request.headers, content=body)
        )


def test_every_batch_sent_three_times(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, server)
    queued = outbox_size(till.engine)
    reg = load_registration(till.engine)
    assert reg is not None
    transport = ThriceTransport()
    with SyncClient(reg.server_url, reg.token, transport=transport) as client:
        report = sync_round(till.engine, client, batch_size=25)
    assert transport.uploads == 3 * report.upload.batches
    assert report.upload.held == queued
    assert outbox_size(till.engine) == 0
    assert assert_server_has_exactly(till, server.engine) == queued
    lines = till.engine.connect().execute(text("SELECT COUNT(*) FROM sale_lines")).scalar_one()
    assert server.scalar("SELECT COUNT(*) FROM sale_lines") == lines


def test_two_uploaders_at_once_and_two_tills(server: LiveServer, make_till: MakeTill) -> None:
    """Two uploaders race over one till's outbox while a second till uploads too."""
    t1 = make_till("T01")
    t2 = make_till("T02")
    register(t1, server)
    register(t2, server)
    n1, n2 = outbox_size(t1.engine), outbox_size(t2.engine)
    errors: list[BaseException] = []
    start = threading.Barrier(3)

    def upload(till: Terminal, batch: int) -> None:
        try:
            with client_for(till.engine) as client:
                start.wait()
                upload_outbox(till.engine, client, batch_size=batch)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=a) for a in ((t1, 20), (t1, 15), (t2, 30))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    for till in (t1, t2):
        with client_for(till.engine) as client:
            assert sync_round(till.engine, client).all_sent
    assert assert_server_has_exactly(t1, server.engine) == n1
    assert assert_server_has_exactly(t2, server.engine) == n2
    assert server.scalar("SELECT COUNT(*) FROM sales") == n1 + n2
    assert server.scalar("SELECT COUNT(*) FROM quarantine") == 0


@pytest.mark.parametrize("days", [3, -3])
def test_terminal_clock_skewed(
    server: LiveServer, make_till: MakeTill, monkeypatch: pytest.MonkeyPatch, days: int
) -> None:
    till = make_till("T01")
    register(till, server)
    skew = dt.timedelta(days=days)
    real = checkout._utcnow

    def skewed() -> dt.datetime:
        return real() + skew

    monkeypatch.setattr(checkout, "_utcnow", skewed)
    monkeypatch.setattr(rounds_mod, "utcnow", skewed)
    simulate(till, 12, seed=days + 50)
    queued = outbox_size(till.engine)
    with client_for(till.engine) as client:
        report, _ = drain(till.engine, client)
    assert report.upload.held == queued
    assert assert_server_has_exactly(till, server.engine) == queued
    with server.engine.connect() as c:
        newest = c.execute(select(func.max(Sale.created_at), func.max(Sale.received_at))).one()
        recorded_skew = c.execute(text("SELECT clock_skew_s FROM terminals WHERE code = 'T01'")).scalar_one()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert abs((newest[1] - now).total_seconds()) < 600  # the server's own clock
    if days > 0:
        assert newest[0] > now + dt.timedelta(days=2)  # the till's clock, as it was
    assert abs(recorded_skew - skew.total_seconds()) < 600
    # Reports by day follow the till's business dates and still add up to the đồng.
    with server.admin() as admin:
        by_day = admin.get("/api/v1/reports/sales", params={"group": "day"}).json()
    total = till.engine.connect().execute(text("SELECT SUM(total) FROM sales")).scalar_one()
    assert sum(r["amount"] for r in by_day) == total
    days_seen = {r["key"] for r in by_day}
    assert (dt.date.today() + skew).isoformat() in days_seen


def test_outbox_counts_and_unsent_for_shift(make_till: MakeTill) -> None:
    till = make_till("T01")
    counts = outbox.counts(till.engine)
    assert (
        counts.total == outbox_size(till.engine) and counts.quarantined == 0 and counts.fresh == counts.total
    )
    ctx = checkout.SaleContext(till.code, shift_id="shift-1")
    simulate(till, 3, seed=9, ctx=ctx)
    assert outbox.unsent_for_shift(till.engine, "shift-1") >= 3
    assert outbox.unsent_for_shift(till.engine, "shift-2") == 0
