"""E-invoices relayed by head office, end to end, on SQLite and PostgreSQL.

A till of a store set to relay sells (sales and returns: original and adjusting invoices); its outbox reaches head
office through a link that loses answers after the server committed; head office's relay sends every invoice to
the provider's stand-in through a link that drops, resets and truncates; the till's next syncs (still losing
answers) bring each invoice's state back. The stand-in holds each invoice exactly once; the till, head office and
the provider agree. A rejection comes back with its reason, the manager corrects the buyer at the till, and the
corrected invoice is what head office sends. A till that sends its own invoices tells head office how they went.
The relay worker started with the server app sends without anyone asking.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sync_faultproxy import FaultProxy
from sync_helpers import STORE, LiveServer, ServerDb, drain, register, wait_for

from pos.backoff import Backoff
from pos.demo.simulate import simulate
from pos.einvoice.buyer import Buyer
from pos.einvoice.corrections import correct_buyer
from pos.einvoice.providers.sepay import SePayProvider
from pos.einvoice.queue import counts, invoices, send_round
from pos.einvoice.setup import save_config
from pos.models.values import utcnow
from pos.selling.checkout import SaleContext
from pos.selling.returns import find_sale, make_return
from pos.server.einvoice_relay import Relay, RelayAccount, set_relay
from pos.shop.profile import ShopProfile, save_profile
from pos.staff.directory import create_first_admin
from pos.staff.member import StaffMember
from pos.staff.pins import install_secret
from pos.sync import state
from pos.sync.rounds import client_for, sync_round
from pos.till.terminal import Terminal
from tests.integration.einvoice.helpers import ENROLLED
from tests.integration.einvoice.sepay_standin import ACCOUNT, CLIENT_ID, CLIENT_SECRET, SePayStandIn
from tests.pg import PgServer, create_database, drop_database

MakeTill = Callable[..., Terminal]
PG_MISSING = "PostgreSQL is needed: install Debian's `postgresql` package (./tasks test does)"
_names = iter(range(1, 10_000))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerDb]:
    """As the sync tests' fixture, except that a missing PostgreSQL fails the test instead of skipping it."""
    if request.param == "sqlite":
        path = tmp_path / "server.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield ServerDb("sqlite", f"sqlite:///{path}")
        return
    pg: PgServer | None = request.getfixturevalue("pg_server")
    if pg is None:
        pytest.fail(PG_MISSING)
    template = request.getfixturevalue("pg_template")
    name = f"ocop_relay{next(_names)}"
    url = create_database(pg, name, template=template)
    yield ServerDb("postgresql", url)
    drop_database(pg, name)


@pytest.fixture
def quiet_server(server_db: ServerDb) -> Iterator[LiveServer]:
    """The server without its own relay worker: the tests drive the relay's rounds with a clock of their own."""
    live = LiveServer(server_db, einvoice_relay=0).start()
    yield live
    live.stop()


@pytest.fixture
def standin() -> Iterator[SePayStandIn]:
    s = SePayStandIn().start()
    yield s
    s.stop()


@dataclasses.dataclass
class Shop:
    till: Terminal
    manager: StaffMember


def open_shop(make_till: MakeTill, server: LiveServer, *, send_via: str, url: str | None = None) -> Shop:
    """A new till of the store: its first administrator, the shop's details, registered, enrolled."""
    till = make_till("T01", empty=True)
    secret = install_secret(till.settings.home)
    boss = create_first_admin(till.engine, secret, code="M01", name="Quản lý Hạ Long", pin="9999")
    save_profile(
        till.engine,
        boss,
        ShopProfile(name="Trung tâm OCOP Hạ Long", address="1 Hạ Long, Quảng Ninh", tax_code="0100109106"),
    )
    register(till, server)
    if url is not None:  # the till reaches head office through ``url`` (a faulty link)
        reg = state.load_registration(till.engine)
        assert reg is not None
        state.save_registration(till.engine, dataclasses.replace(reg, server_url=url), reset_cursor=False)
    save_config(till.engine, boss, dataclasses.replace(ENROLLED, send_via=send_via))
    return Shop(till, boss)


def provider_at(url: str) -> Callable[[RelayAccount], SePayProvider]:
    """Head office's adapters, pointed at ``url`` whatever the account says (the stand-in, or a faulty link)."""
    return lambda a: SePayProvider(url, a.client_id, a.client_secret, a.provider_account_id, timeout=2.0)


def relay_account(server: LiveServer, base_url: str = "https://einvoice-api.sepay.vn") -> None:
    set_relay(
        server.engine,
        STORE,
        base_url=base_url,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        provider_account_id=ACCOUNT,
    )


def open_at_head_office(server: LiveServer) -> int:
    return int(server.scalar("SELECT COUNT(*) FROM einvoice_status WHERE state IN ('pending', 'sent')") or 0)


def drain_relay(server: LiveServer, relay: Relay, *, rounds: int = 400) -> None:
    """Relay rounds until nothing is open at head office, the backoff's clock moved instead of slept."""
    clock = [utcnow()]
    for _ in range(rounds):
        if not open_at_head_office(server):
            return
        relay.round(now=lambda: clock[0])
        clock[0] += dt.timedelta(seconds=400)  # past any backoff (at most 300 s) and the wait before a check
    raise AssertionError(f"{open_at_head_office(server)} invoices still open at head office")


def sync_until(till: Terminal, done: Callable[[], bool], *, rounds: int = 200) -> int:
    """Sync rounds (through whatever link the till is registered with) until ``done``; returns failed rounds."""
    failures = 0
    with client_for(till.engine, timeout=10) as client:
        for _ in range(rounds):
            try:
                sync_round(till.engine, client, batch_size=7)
            except Exception:
                failures += 1
                continue
            if done():
                return failures
    raise AssertionError(f"not done after {rounds} sync rounds ({failures} failed)")


def return_one(till: Terminal, receipt_no: int) -> None:
    """A customer brings back one unit of the first line of receipt ``receipt_no``."""
    original = find_sale(till.engine, till.code, receipt_no)
    line = original.lines[0]
    qty = 1000 if line.qty_left_milli >= 1000 else line.qty_left_milli
    make_return(
        till.engine, original, {line.line_id: qty}, SaleContext(till.code), approved_by=None, reason="đổi ý"
    )


def till_invoice_ids(till: Terminal) -> list[str]:
    with till.engine.connect() as conn:
        ids = [
            str(x) for x in conn.execute(text("SELECT sale_id FROM einvoices ORDER BY issued_at")).scalars()
        ]
        conn.rollback()
    return ids


def test_relayed_invoices_reach_the_provider_once_and_their_states_reach_the_till(
    quiet_server: LiveServer, make_till: MakeTill, standin: SePayStandIn
) -> None:
    server = quiet_server
    till_link = FaultProxy(server.port, seed=3, prefix=("reset", "drop", "truncate", "reset")).start()
    provider_link = FaultProxy(standin.port, seed=5).start()
    relay = Relay(server.engine, provider_factory=provider_at(provider_link.url))
    try:
        shop = open_shop(make_till, server, send_via="relay", url=till_link.url)
        till = shop.till
        simulate(till, 30, seed=21)
        return_one(till, 3)
        return_one(till, 17)  # sales and returns: original and adjusting invoices
        made = till_invoice_ids(till)
        kinds = {r.kind for r in invoices(till.engine)}
        assert len(made) == 32 and kinds == {"original", "adjusting"}
        assert counts(till.engine, via="relay")["pending"] == len(made)
        # Nothing is sent from the till: its own queue is empty.
        assert (
            send_round(till.engine, SePayProvider("http://127.0.0.1:9", "x", "y", "z", timeout=1)).moved == 0
        )

        # The sales and their invoices reach head office, answers lost on the way.
        failures = sync_until(till, lambda: server.scalar("SELECT COUNT(*) FROM einvoices") == len(made))
        assert failures > 0 and till_link.counts["reset"] >= 1
        assert server.scalar("SELECT COUNT(*) FROM quarantine") == 0
        assert server.scalar(
            "SELECT COUNT(*) FROM einvoice_status WHERE via = 'relay' AND state = 'pending'"
        ) == len(made)

        # Head office sends them for the store, through drops, resets and cut answers.
        relay_account(server)
        drain_relay(server, relay)
        for fault in ("drop", "reset", "truncate"):
            assert provider_link.counts[fault] >= 1, provider_link.counts
        assert sorted(standin.created) == sorted(made)  # every invoice, each exactly once
        assert list(standin.created) == made  # and in the order the till made them
        assert any(n > 1 for n in standin.offered.values()), "some were offered again — harmlessly"
        assert server.scalar("SELECT COUNT(*) FROM einvoice_status WHERE state = 'accepted'") == len(made)

        # The till's next syncs (still losing answers) bring every state back.
        sync_until(till, lambda: counts(till.engine)["accepted"] == len(made))
        rows = invoices(till.engine)
        assert {r.via for r in rows} == {"relay"} and all(r.provider_ref for r in rows)
        codes = {r.sale_id: r.code for r in rows}
        assert all(f"MCCQT {codes[ref]}" in body["notes"] for ref, body in standin.created.items())
    finally:
        relay.close()
        provider_link.stop()
        till_link.stop()


def test_a_rejected_relayed_invoice_comes_back_with_its_reason_and_goes_again_with_the_buyer_corrected(
    quiet_server: LiveServer, make_till: MakeTill, standin: SePayStandIn
) -> None:
    server = quiet_server
    shop = open_shop(make_till, server, send_via="relay")
    till = shop.till
    simulate(till, 3, seed=4)
    made = till_invoice_ids(till)
    refused = made[1]
    standin.refuse.add(refused)
    relay_account(server)
    relay = Relay(server.engine, provider_factory=provider_at(standin.url))
    try:
        sync_until(till, lambda: server.scalar("SELECT COUNT(*) FROM einvoices") == len(made))
        drain_relay(server, relay)
        assert set(standin.created) == set(made) - {refused}
        sync_until(till, lambda: counts(till.engine)["rejected"] == 1)
        (row,) = invoices(till.engine, states=("rejected",))
        assert row.sale_id == refused and "INVALID_INVOICE_DATA" in row.last_error  # the provider's reason

        # The documented path: the manager corrects the buyer at the till; head office sends the corrected one.
        standin.refuse.clear()
        buyer = Buyer(
            kind="company", name="Công ty TNHH Hạ Long Xanh", tax_code="0100109106", address="18 Bãi Cháy"
        )
        correct_buyer(till.engine, shop.manager, refused, buyer, terminal_code=till.code)
        assert (
            counts(till.engine)["rejected"] == 0
        )  # asked of head office; its state follows at the next sync
        sync_until(till, lambda: server.scalar("SELECT COUNT(*) FROM einvoice_retries") == 1)
        assert server.scalar("SELECT state FROM einvoice_status WHERE sale_id = :s", s=refused) == "pending"
        drain_relay(server, relay)
        assert standin.created[refused]["buyer"]["tax_code"] == "0100109106"
        assert standin.created[refused]["buyer"]["name"] == "Công ty TNHH Hạ Long Xanh"
        sync_until(till, lambda: counts(till.engine)["accepted"] == len(made))
        (fixed,) = [r for r in invoices(till.engine) if r.sale_id == refused]
        assert fixed.corrected and fixed.buyer_tax_code == "0100109106"
        # The invoice as made is untouched: the journal still verifies.
        from pos.ledger.verify import verify_journal

        assert verify_journal(till.engine).ok
    finally:
        relay.close()


def test_a_till_that_sends_its_own_invoices_tells_head_office_how_they_went(
    quiet_server: LiveServer, make_till: MakeTill, standin: SePayStandIn
) -> None:
    server = quiet_server
    link = FaultProxy(server.port, seed=9, prefix=("reset", "truncate")).start()
    try:
        shop = open_shop(make_till, server, send_via="till", url=link.url)
        till = shop.till
        simulate(till, 8, seed=8)
        made = till_invoice_ids(till)
        provider = SePayProvider(standin.url, CLIENT_ID, CLIENT_SECRET, ACCOUNT, timeout=5)
        clock = [utcnow()]
        try:
            for _ in range(50):
                if counts(till.engine)["accepted"] == len(made):
                    break
                send_round(till.engine, provider, backoff=Backoff(0.01, 0.05), now=lambda: clock[0])
                clock[0] += dt.timedelta(seconds=10)
        finally:
            provider.close()
        assert counts(till.engine)["accepted"] == len(made)
        sync_until(
            till,
            lambda: (
                server.scalar("SELECT COUNT(*) FROM einvoice_status WHERE state = 'accepted'") == len(made)
            ),
        )
        with till.engine.connect() as conn:
            assert (
                conn.execute(text("SELECT COUNT(*) FROM einvoice_status WHERE reported = 0")).scalar_one()
                == 0
            )
        assert server.scalar("SELECT COUNT(*) FROM einvoice_status WHERE via = 'till'") == len(made)
        assert set(standin.created) == set(made)
    finally:
        link.stop()


def test_the_relay_worker_started_with_the_server_sends_by_itself(
    server_db: ServerDb, make_till: MakeTill, standin: SePayStandIn
) -> None:
    server = LiveServer(server_db, einvoice_interval_s=1).start()
    try:
        assert server.app.state.einvoice_relay is not None  # started with the app
        relay_account(server, base_url=standin.url)
        shop = open_shop(make_till, server, send_via="relay")
        simulate(shop.till, 4, seed=2)
        made = till_invoice_ids(shop.till)
        with client_for(shop.till.engine) as client:
            drain(shop.till.engine, client)  # the upload wakes the relay
        wait_for(lambda: len(standin.created) == len(made), timeout=60)
        wait_for(lambda: open_at_head_office(server) == 0, timeout=60)
        sync_until(shop.till, lambda: counts(shop.till.engine)["accepted"] == len(made))
    finally:
        server.stop()
    assert server.app.state.einvoice_relay is None  # stopped with the app


def test_relay_needs_the_till_registered(make_till: MakeTill) -> None:
    from pos.einvoice.config import EInvoiceConfigError

    till = make_till("T01", empty=True)
    boss = create_first_admin(
        till.engine, install_secret(till.settings.home), code="M01", name="QL", pin="9999"
    )
    save_profile(till.engine, boss, ShopProfile(name="Cửa hàng", address="Hạ Long", tax_code="0100109106"))
    with pytest.raises(EInvoiceConfigError) as err:
        save_config(till.engine, boss, dataclasses.replace(ENROLLED, send_via="relay"))
    assert "send_via" in err.value.field_messages("en")
    assert save_config(till.engine, boss, ENROLLED).send_via == "till"


def test_head_office_refuses_an_invoice_that_does_not_fit_its_sale(
    quiet_server: LiveServer, make_till: MakeTill
) -> None:
    import json

    server = quiet_server
    shop = open_shop(make_till, server, send_via="relay")
    simulate(shop.till, 2, seed=1)
    with shop.till.engine.begin() as conn:  # a document changed behind the till's back
        oid, payload = conn.execute(text("SELECT id, payload FROM outbox ORDER BY id LIMIT 1")).one()
        doc = json.loads(payload)
        doc["einvoice"]["total"] += 1000
        conn.execute(text("UPDATE outbox SET payload = :p WHERE id = :i"), {"p": json.dumps(doc), "i": oid})
    with client_for(shop.till.engine) as client:
        report = sync_round(shop.till.engine, client)
    (bad,) = report.upload.quarantined
    assert bad.code == "bad_einvoice" and "amounts" in bad.message_en
    assert server.scalar("SELECT COUNT(*) FROM einvoices") == 1


def test_the_exchange_answers_only_the_callers_own_invoices(
    quiet_server: LiveServer, make_till: MakeTill
) -> None:
    server = quiet_server
    shop = open_shop(make_till, server, send_via="relay")
    simulate(shop.till, 2, seed=3)
    made = till_invoice_ids(shop.till)
    with client_for(shop.till.engine) as client:
        drain(shop.till.engine, client)
    other = make_till("T02", empty=True)
    register(other, server)
    reg = state.load_registration(other.engine)
    assert reg is not None
    answer = httpx.post(
        f"{server.url}/api/v1/sync/einvoices",
        headers={"Authorization": f"Bearer {reg.token}"},
        json={"ask": made, "report": [{"sale_id": made[0], "state": "accepted"}]},
    )
    assert answer.status_code == 200 and answer.json() == {"recorded": [], "statuses": []}
    assert server.scalar("SELECT COUNT(*) FROM einvoice_status WHERE state = 'pending'") == len(made)


# --- head office's API and command line ----------------------------------------------------------------------


def _rows(table: dict[str, Any]) -> list[dict[str, Any]]:
    return list(table["rows"])


def test_head_office_reads_the_invoices_retries_one_and_reports_the_month_alike_in_every_format(
    quiet_server: LiveServer, make_till: MakeTill, standin: SePayStandIn, tmp_path: Path
) -> None:
    server = quiet_server
    shop = open_shop(make_till, server, send_via="relay")
    simulate(shop.till, 6, seed=12)
    return_one(shop.till, 2)
    made = till_invoice_ids(shop.till)
    standin.refuse.add(made[0])
    relay_account(server)
    relay = Relay(server.engine, provider_factory=provider_at(standin.url))
    try:
        sync_until(shop.till, lambda: server.scalar("SELECT COUNT(*) FROM einvoices") == len(made))
        drain_relay(server, relay)
    finally:
        relay.close()
    month = f"{dt.date.today():%Y-%m}"
    with server.admin() as api:
        assert httpx.get(f"{server.url}/api/v1/einvoices").status_code == 401
        listed = api.get("/api/v1/einvoices", params={"store": STORE}).json()
        assert len(listed) == len(made) and {r["via"] for r in listed} == {"relay"}
        (rejected,) = api.get("/api/v1/einvoices", params={"state": "rejected"}).json()
        assert rejected["sale_id"] == made[0] and "INVALID_INVOICE_DATA" in rejected["last_error"]
        assert api.get("/api/v1/einvoices", params={"period": "2001-01"}).json() == []
        assert api.get("/api/v1/einvoices", params={"store": "NO-SUCH"}).status_code == 404
        assert api.get("/api/v1/einvoices", params={"period": "2026-13"}).status_code == 422
        # a rejection for the store's account: head office puts it right and offers it again
        standin.refuse.clear()
        assert api.post(f"/api/v1/einvoices/{made[0]}/retry").json()["state"] == "pending"
        assert api.post(f"/api/v1/einvoices/{made[0]}/retry").status_code == 409
        assert api.post("/api/v1/einvoices/nothing-here/retry").status_code == 404
        relay = Relay(server.engine, provider_factory=provider_at(standin.url))
        try:
            drain_relay(server, relay)
        finally:
            relay.close()
        assert sorted(standin.created) == sorted(made)
        # the store's account: the secret is never shown back
        account = api.get(f"/api/v1/stores/{STORE}/einvoice-relay").json()
        assert account["secret_set"] is True and "client_secret" not in account
        kept = {"client_id": CLIENT_ID, "provider_account_id": ACCOUNT}  # no secret: the stored one is kept
        assert api.put(f"/api/v1/stores/{STORE}/einvoice-relay", json=kept).json()["secret_set"]
        incomplete = api.put(f"/api/v1/stores/{STORE}/einvoice-relay", json={"client_id": "x"})
        assert incomplete.status_code == 422 and incomplete.json()["error"]["code"] == "relay_incomplete"
        assert api.put("/api/v1/stores/NO-SUCH/einvoice-relay", json={}).status_code == 404
        # the tax report: one query, three forms, the ledger's sums
        report = api.get("/api/v1/reports/einvoices", params={"period": month, "store": STORE}).json()
        csv_text = api.get(
            "/api/v1/reports/einvoices", params={"period": month, "format": "csv", "lang": "en"}
        ).content.decode("utf-8-sig")
        xlsx = api.get("/api/v1/reports/einvoices", params={"period": month, "format": "xlsx"})
    rates, listing = report["vat_by_rate"], report["einvoices"]
    gross = int(server.scalar("SELECT SUM(total) FROM sales") or 0)
    vat = int(server.scalar("SELECT SUM(vat) FROM sale_vat") or 0)
    assert rates["totals"]["gross"] == gross and rates["totals"]["vat"] == vat
    assert listing["totals"]["total"] == gross  # every sale of this store has its invoice
    assert len(_rows(listing)) == len(made) and {r["state"] for r in _rows(listing)} == {"accepted"}
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Tax-authority code,") and len(lines) == len(made) + 2  # heading, rows, totals
    assert lines[-1].split(",")[-2] == str(gross)
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheets = book.worksheets
    assert len(sheets) == 2 and sheets[1].max_row == 3 + len(made) + 1
    totals_row = [c.value for c in sheets[1][sheets[1].max_row]]
    assert totals_row[-2] == gross


def test_head_office_commands_set_the_account_send_list_and_retry(
    quiet_server: LiveServer,
    make_till: MakeTill,
    standin: SePayStandIn,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pos.cli import main

    server = quiet_server
    shop = open_shop(make_till, server, send_via="relay")
    simulate(shop.till, 3, seed=5)
    made = till_invoice_ids(shop.till)
    sync_until(shop.till, lambda: server.scalar("SELECT COUNT(*) FROM einvoices") == len(made))
    url = ["server", "--database-url", server.db.url]
    assert main([*url, "einvoice-relay", "--store", STORE, "--client-id", CLIENT_ID]) == 1  # no secret
    assert "khoá bí mật" in capsys.readouterr().err  # Vietnamese: the default language
    monkeypatch.setenv("OCOP_POS_PROVIDER_SECRET", CLIENT_SECRET)
    args = ["--client-id", CLIENT_ID, "--provider-account-id", ACCOUNT, "--base-url", standin.url]
    assert main([*url, "einvoice-relay", "--store", STORE, *args]) == 0
    standin.refuse.add(made[2])
    for _ in range(10):  # the first round sends; later ones ask again about those still waiting
        assert main([*url, "einvoice-send", "--once"]) == 0
        if not open_at_head_office(server):
            break
    out = capsys.readouterr()
    assert f"{STORE}\taccepted" in out.out and "INVALID_INVOICE_DATA" in out.err
    assert main([*url, "einvoice-list", "--state", "rejected"]) == 0
    listed = capsys.readouterr().out.strip().splitlines()
    assert len(listed) == 1 and listed[0].split("\t")[5] == "rejected"
    standin.refuse.clear()
    assert main([*url, "einvoice-retry", made[2]]) == 0
    assert main([*url, "einvoice-retry", made[2]]) == 1  # no longer rejected
    assert main([*url, "einvoice-send", "--once"]) == 0
    assert sorted(standin.created) == sorted(made)
