"""Store prices and scheduled prices (issue 18), on PostgreSQL: T01 and T02 of one store and T03 of another against
one server. A store's own price set at head office reaches both tills of that store and not the other; prices
scheduled for tomorrow (one for the network, one for a store) reach the tills today, and at midnight on each
till's own clock — the server stopped, the tills offline — a scan sells at the new price: the store's own price
beating the network's. Head office's own midnight then patches the network price and leaves the store's alone.

Runs on the real PostgreSQL ``tests/pg.py`` starts: without PostgreSQL it fails, it does not skip.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import httpx
import pytest
import schemathesis
from schemathesis.specs.openapi.checks import response_schema_conformance
from sqlalchemy import text
from sync_helpers import STORE, LiveServer
from test_sync_store_stock import OTHER, centre_of_three, sync

from pos.inventory.prices import apply_due_prices
from pos.server.db import write_tx
from pos.server.office.formats import local_now
from pos.server.office.prices import apply_due, schedule
from pos.sync import state
from pos.sync.errors import SyncError
from pos.sync.price_rules import report_rejected
from pos.sync.rounds import client_for, sync_round
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]

pytestmark = pytest.mark.postgres


def _at_local(day: dt.date, hour: int, minute: int) -> dt.datetime:
    """Naive UTC of a wall-clock time on the till's machine: the till's clock, injected."""
    return dt.datetime.combine(day, dt.time(hour, minute)).astimezone(dt.UTC).replace(tzinfo=None)


def _store_id(live: LiveServer, code: str) -> str:
    return str(live.scalar("SELECT id FROM stores WHERE code = :c", c=code))


def _scan_price(till: Terminal, code: str) -> int:
    """What a scan of ``code`` sells at (the till's own lookup, as the sale screen does it)."""
    return till.catalogue.resolve(code).product.price


def _page_matches_the_schema(server: LiveServer, till: Terminal, product_id: str) -> list[tuple[int, bool]]:
    """The catalogue pages with their rules, as the till gets them, conform to the published OpenAPI schema (the
    prices to come carry RFC 3339 times); returns ``product_id``'s prices to come as (price, store's own)."""
    reg = state.load_registration(till.engine)
    assert reg is not None
    op = schemathesis.openapi.from_dict(httpx.get(server.url + "/openapi.json").json())[
        "/api/v1/sync/catalogue"
    ]
    after, found = "", None
    while True:
        case = op["GET"].Case(query={"after": after, "limit": 1000})
        response = case.call(base_url=server.url, headers={"Authorization": f"Bearer {reg.token}"})
        assert response.status_code == 200
        case.validate_response(response, checks=[response_schema_conformance])
        body = response.json()
        found = found or next((r for r in body["rules"] if r["product_id"] == product_id), None)
        if not body["more"]:
            break
        after = body["cursor"]
    assert found is not None
    return sorted((int(x["price"]), bool(x["store"])) for x in found["scheduled"])


def test_store_prices_and_prices_at_midnight_on_the_tills_clock(
    pg_live: LiveServer, make_till: MakeTill
) -> None:
    server = pg_live
    assert server.db.dialect == "postgresql"
    t1, t2, t3 = centre_of_three(server, make_till)
    with server.engine.connect() as c:
        (a, pa, code_a), (b, pb, code_b) = [
            (str(r[0]), int(r[1]), str(r[2]))
            for r in c.execute(
                text(
                    "SELECT p.id, p.price, MIN(b.code) FROM products p JOIN barcodes b ON b.product_id = p.id "
                    "WHERE p.active AND NOT p.weighed GROUP BY p.id, p.price, p.sku ORDER BY p.sku LIMIT 2"
                )
            )
        ]
        c.rollback()
    home, other = _store_id(server, STORE), _store_id(server, OTHER)
    today = local_now().date()  # head office's day (Vietnam); the tills' clocks are set to the same day below
    tomorrow = today + dt.timedelta(days=1)

    # A store's own price from today: both tills of the store sell at it, the other store at the network price.
    with write_tx(server.engine) as conn:
        schedule(conn, a, pa + 7_000, today, "test", home)
    for t in (t1, t2, t3):
        sync(t)
    assert [_scan_price(t, code_a) for t in (t1, t2, t3)] == [pa + 7_000, pa + 7_000, pa]

    # For tomorrow: the network price of A and B, and the other store's own price of B.
    with write_tx(server.engine) as conn:
        schedule(conn, a, pa - 3_000, tomorrow, "test")
        schedule(conn, b, pb + 2_000, tomorrow, "test")
        schedule(conn, b, pb + 9_000, tomorrow, "test", other)
    noon = _at_local(today, 12, 0)
    for t in (t1, t2, t3):
        with client_for(t.engine) as client:
            sync_round(t.engine, client, clock=lambda: noon)
    assert [_scan_price(t, code_b) for t in (t1, t2, t3)] == [pb, pb, pb]  # not before midnight
    assert _page_matches_the_schema(server, t3, b) == [(pb + 2_000, False), (pb + 9_000, True)]
    assert _page_matches_the_schema(server, t1, b) == [(pb + 2_000, False)]  # never another store's

    # A rule a till holds refused goes to head office with the till's status (an alert on the network page).
    with t2.engine.begin() as conn:
        report_rejected(conn, [{"product_id": "not-here", "reason": "no_product"}], "T02")
    sync(t2)
    assert server.scalar("SELECT rejected_rules FROM terminals WHERE code = 'T02'") == 1
    assert server.scalar("SELECT rejected_rules FROM terminals WHERE code = 'T01'") == 0

    # The server goes away: the tills are offline at midnight.
    server.stop()
    with client_for(t1.engine, timeout=2) as client, pytest.raises(SyncError):
        sync_round(t1.engine, client)
    before = _at_local(today, 23, 59)
    after = _at_local(tomorrow, 0, 1)
    for t in (t1, t2, t3):
        assert apply_due_prices(t.engine, now=before) == []
        apply_due_prices(t.engine, now=after)
    assert [_scan_price(t, code_a) for t in (t1, t2, t3)] == [pa + 7_000, pa + 7_000, pa - 3_000]
    assert [_scan_price(t, code_b) for t in (t1, t2, t3)] == [pb + 2_000, pb + 2_000, pb + 9_000]

    # Head office's own midnight: the network price is patched, the store's own price is its own row.
    with write_tx(server.engine) as conn:
        assert apply_due(conn, tomorrow) == 3
    assert server.scalar("SELECT price FROM products WHERE id = :p", p=a) == pa - 3_000
    assert server.scalar("SELECT price FROM products WHERE id = :p", p=b) == pb + 2_000
    with server.engine.connect() as c:
        stored = {
            (str(r[0]), str(r[1])): int(r[2])
            for r in c.execute(text("SELECT store_id, product_id, price FROM store_prices"))
        }
        c.rollback()
    assert stored == {(home, a): pa + 7_000, (other, b): pb + 9_000}
