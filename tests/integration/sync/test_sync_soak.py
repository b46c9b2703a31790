"""Selling and syncing under random faults: the server ends up holding exactly the till's sales, to the đồng.

The till sells in bursts of random size and runs a sync round after each burst, through the fault proxy (dropped
requests, delays, answers reset after the server committed, answers cut short) and through a transport that
delivers some uploads twice and replays old batches the till already saw answered. Then it drains its outbox
through the same faults. 300 sales by default; 10 000 with ``--soak`` (``pytest … --soak -m soak -s`` prints the
figures).
"""

from __future__ import annotations

import random
import time
from collections import Counter, deque
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import Engine, event, text
from sync_faultproxy import FaultProxy
from sync_helpers import LiveServer, assert_server_has_exactly, drain, outbox_size, register

from pos.demo.simulate import simulate
from pos.sync import state
from pos.sync.client import SyncClient
from pos.sync.errors import SyncError
from pos.sync.rounds import sync_round
from pos.till.terminal import Terminal
from tests.evidence import postgres_version, recording

MakeTill = Callable[..., Terminal]
WEIGHTS = {"pass": 0.55, "drop": 0.1, "delay": 0.1, "reset": 0.125, "truncate": 0.125}


class RedeliveringTransport(httpx.HTTPTransport):
    """Delivers some uploads twice (the copy first, its answer thrown away) and replays some old batches.

    A copy that the proxy breaks is simply lost, as a duplicate on a real network may be.
    """

    def __init__(self, rng: random.Random, *, twice: float = 0.15, replay: float = 0.05) -> None:
        super().__init__()
        self.rng = rng
        self.twice = twice
        self.replay = replay
        self.history: deque[httpx.Request] = deque(maxlen=20)
        self.counts: Counter[str] = Counter()

    def _extra(self, request: httpx.Request, kind: str) -> None:
        copy = httpx.Request(request.method, request.url, headers=request.headers, content=request.content)
        self.counts[kind] += 1
        try:
            super().handle_request(copy).read()
        except httpx.HTTPError:
            self.counts[f"{kind}_lost"] += 1

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not request.url.path.endswith("/sync/upload"):
            return super().handle_request(request)
        request.read()
        roll = self.rng.random()
        if roll < self.twice:
            self._extra(request, "duplicate")
        elif roll < self.twice + self.replay and self.history:
            self._extra(self.rng.choice(list(self.history)), "replay")
        self.history.append(request)
        return super().handle_request(request)


def _no_fsync(engine: Engine) -> None:
    """The sales are real; their durability on power loss is not what is tested here (``test_crash.py`` is)."""

    def off(dbapi_conn: object, _rec: object) -> None:
        dbapi_conn.execute("PRAGMA synchronous=OFF")  # type: ignore[attr-defined]

    event.listen(engine, "connect", off)
    engine.dispose()


def _sell_and_sync_under_faults(
    server: LiveServer, till: Terminal, n_sales: int, seed: int
) -> dict[str, object]:
    started = time.monotonic()
    rng = random.Random(seed)
    _no_fsync(till.engine)
    proxy = FaultProxy(server.port, seed=seed, weights=WEIGHTS, delay_s=0.05).start()
    failed_rounds = 0
    try:
        register(till, server)
        reg = state.load_registration(till.engine)
        assert reg is not None
        state.save_registration(
            till.engine,
            state.Registration(
                proxy.url, reg.token, reg.terminal_id, reg.terminal_code, reg.store_code, reg.store_name
            ),
            reset_cursor=False,
        )
        transport = RedeliveringTransport(rng)
        largest_burst = 10  # a sync round after every few sales: many requests, many faults
        made = 0
        with SyncClient(proxy.url, reg.token, timeout=10, transport=transport) as client:
            while made < n_sales:
                burst = min(n_sales - made, rng.randint(1, largest_burst))
                simulate(till, burst, seed=rng.randrange(1 << 30))
                made += burst
                try:
                    sync_round(till.engine, client, batch_size=rng.choice((7, 25, 50, 200)))
                except SyncError:
                    failed_rounds += 1
            report, failures = drain(till.engine, client, rounds=2000, batch_size=100)
            failed_rounds += failures
    finally:
        proxy.stop()
    assert report.all_sent and outbox_size(till.engine) == 0
    held = assert_server_has_exactly(till, server.engine)  # ids, count, lines, payments, VAT and totals equal
    with server.engine.connect() as c:
        n, distinct, total = c.execute(
            text("SELECT COUNT(*), COUNT(DISTINCT id), COALESCE(SUM(total), 0) FROM sales")
        ).one()
        lines = c.execute(text("SELECT COUNT(*) FROM sale_lines")).scalar_one()
        c.rollback()
    with till.engine.connect() as c:
        mine_lines, mine_total = c.execute(
            text("SELECT (SELECT COUNT(*) FROM sale_lines), (SELECT COALESCE(SUM(total), 0) FROM sales)")
        ).one()
        c.rollback()
    assert n == distinct == held and lines == mine_lines and total == mine_total
    assert server.scalar("SELECT COUNT(*) FROM quarantine") == 0
    for fault in ("drop", "delay", "reset", "truncate"):
        assert proxy.counts[fault] >= 1, proxy.counts
    assert transport.counts["duplicate"] >= 1, transport.counts
    with till.engine.connect() as c:
        returns = c.execute(text("SELECT COUNT(*) FROM sales WHERE kind = 'return'")).scalar_one()
        c.rollback()
    figures = {
        "database": server.db.dialect,
        "sales": held,
        "returns": int(returns),
        "lines": int(lines),
        "compared": "ids, counts, lines, payments, VAT and totals per sale, to the đồng",
        "sales_made": n_sales,
        "total_dong": int(total),
        "requests_by_fault": dict(proxy.counts),
        "redeliveries": dict(transport.counts),
        "failed_rounds": failed_rounds,
        "seconds": round(time.monotonic() - started, 1),
    }
    print(f"\nsync soak figures: {figures}")
    return figures


def test_sales_arrive_exactly_once_under_random_faults(server: LiveServer, make_till: MakeTill) -> None:
    _sell_and_sync_under_faults(server, make_till("T01", empty=True), 300, seed=2026)


@pytest.mark.soak
def test_sync_soak_10000_sales_under_random_faults(
    server: LiveServer, make_till: MakeTill, request: pytest.FixtureRequest
) -> None:
    dialect = server.db.dialect
    extra = {"postgresql": postgres_version()} if dialect == "postgresql" else {}
    with recording(f"sync-soak-{dialect}", request, **extra) as figures:
        figures.update(_sell_and_sync_under_faults(server, make_till("T01", empty=True), 10_000, seed=9))
