"""Head office sets the rules; tills follow at their next sync (issue 18, item 4), on PostgreSQL: T01 and T02 of
one store and T03 of another against one server — a cashier added at head office signs in on both tills of the
store (through the till's own sign-in) and not on the other store's; deactivated, they no longer can; an exchange
rate set at head office is what a till takes foreign cash at, and once past its ``valid_until`` a till that cannot
reach head office refuses it; a discount limit lowered at head office holds at the till; a document a till cannot
apply changes nothing there and is reported back.

Runs on the real PostgreSQL ``tests/pg.py`` starts: without PostgreSQL it fails, it does not skip.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import select, text
from sync_helpers import STORE, LiveServer, register
from test_sync_store_stock import OTHER, own_opening, sync

from pos.errors import PaymentError, PermissionDenied
from pos.payments.tenders import Tender
from pos.selling.cart import Discount
from pos.selling.checkout import SaleContext
from pos.server.db import write_tx
from pos.server.models import Store
from pos.server.models.rules import NETWORK
from pos.server.provisioning import add_store
from pos.server.rules import deactivate_staff, set_discount_limit, set_fx_rate, set_staff
from pos.shifts.cash import CashCount
from pos.shifts.shift import open_shift
from pos.staff.directory import create_first_admin
from pos.staff.member import StaffMember
from pos.staff.pins import install_secret, read_store_secret, store_secret_path
from pos.sync import state
from pos.sync.client import SyncClient
from pos.sync.errors import SyncError
from pos.sync.registration import register_terminal
from pos.sync.rules_apply import pull_rules
from pos.sync.rules_wire import RuleProblem, RulesAckIn
from pos.till.approvals import ApprovalNeeded
from pos.till.guarded import guarded_checkout
from pos.till.session import TillSession
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]

pytestmark = pytest.mark.postgres


def store_id(server: LiveServer, code: str) -> str:
    with server.engine.connect() as c:
        sid = c.execute(select(Store.id).where(Store.code == code)).scalar_one()
        c.rollback()
    return str(sid)


def a_product(till: Terminal) -> str:
    with till.engine.connect() as c:
        sku = c.execute(
            text("SELECT sku FROM products WHERE active = 1 AND weighed = 0 AND price >= 50000 ORDER BY sku")
        ).scalar()
        c.rollback()
    assert sku
    return str(sku)


def signs_in(till: Terminal, pin: str, code: str) -> bool:
    session = TillSession(till)
    try:
        session.sign_in(pin, code)
    except PermissionDenied:
        return False
    return session.staff is not None and session.staff.code == code


def test_head_office_sets_the_rules(pg_live: LiveServer, make_till: MakeTill) -> None:
    server = pg_live
    assert server.db.dialect == "postgresql"
    t1 = make_till("T01")
    t2 = make_till("T02", empty=True)
    own_opening(t2, keep=False)
    add_store(server.engine, OTHER, "Trung tâm OCOP Móng Cái", district="Móng Cái")
    t3 = make_till("T03", empty=True)
    own_opening(t3, keep=True)
    register_terminal(t1.settings, t1.engine, server.url, server.provision("T01"), send_stock=True)
    register(t2, server)
    register_terminal(t3.settings, t3.engine, server.url, server.provision("T03", store=OTHER))
    home = store_id(server, STORE)
    for t in (t1, t2):  # each till's own manager, added at the till (install pepper)
        create_first_admin(
            t.engine, install_secret(t.settings.home), code="M01", name="Phạm Thu Hà", pin="9999"
        )

    # The store's pepper came with registration: one for both tills of the store, another for the other store,
    # kept beside each database (0600), never in it.
    peppers = [read_store_secret(t.engine) for t in (t1, t2, t3)]
    assert peppers[0] and peppers[0] == peppers[1] != peppers[2]
    path = store_secret_path(t1.engine)
    assert path is not None and path.stat().st_mode & 0o777 == 0o600
    with t1.engine.connect() as c:
        assert (
            c.execute(
                text("SELECT COUNT(*) FROM terminal_state WHERE value = :p"), {"p": peppers[0]}
            ).scalar()
            == 0
        )
        c.rollback()

    # Head office adds a cashier to the store and sets its rules.
    until = dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1)
    with write_tx(server.engine) as conn:
        lan, created = set_staff(
            conn, home, code="HO01", name="Trần Thị Lan", role="cashier", pin="482913", by="t"
        )
        set_fx_rate(conn, NETWORK, "USD", 25_400_000, valid_until=until, by="t")
        set_fx_rate(conn, home, "USD", 25_500_000, valid_until=until, by="t")  # the store's own wins
    assert created
    assert "482913" not in str(server.scalar("SELECT pin_hash FROM store_staff WHERE id = :i", i=lan))
    path.unlink()  # as for a till registered before head office handed peppers over: fetched at its sync
    for t in (t1, t2, t3):
        sync(t)
    assert read_store_secret(t1.engine) == peppers[0]

    assert signs_in(t1, "482913", "HO01") and signs_in(t2, "482913", "HO01")
    assert not signs_in(t3, "482913", "HO01")  # another store's till has no such person
    assert not signs_in(t2, "000000", "HO01")
    assert TillSession(t1).sign_in("482913").code == "HO01"  # the PIN alone, too

    # The head-office rate is what foreign cash is taken at; the other store gets the network's.
    session = TillSession(t2)
    cashier = session.sign_in("482913", "HO01")
    open_shift(t2.engine, cashier, t2.code, CashCount.of({100_000: 5}))
    usd = session.fx_rates()["USD"]
    assert (usd.rate_milli, usd.source) == (25_500_000, "office")
    assert TillSession(t3).fx_rates()["USD"].rate_milli == 25_400_000
    session.add_code(a_product(t2))
    units = -(-session.cart.totals().total * 1000 // usd.rate_milli)
    sale = session.pay([Tender.fx_cash("USD", units, usd.rate_milli)])
    with t2.engine.connect() as c:
        rate = c.execute(
            text("SELECT fx_rate_milli FROM payments WHERE sale_id = :s"), {"s": sale.id}
        ).scalar()
        c.rollback()
    assert rate == 25_500_000

    # A discount limit lowered at head office holds at the till after its sync (5 % was the till's own).
    session.add_code(a_product(t2))
    session.set_line_discount(0, Discount(percent=4))
    with write_tx(server.engine) as conn:
        set_discount_limit(conn, home, "cashier", 2, by="t")
    sync(t2)
    assert session.policy().discount_limit_pct_cashier == 2
    with pytest.raises(ApprovalNeeded):
        session.set_line_discount(0, Discount(percent=3))
    assert TillSession(t3).policy().discount_limit_pct_cashier == 5  # the other store keeps its own
    session.clear()

    # Deactivated at head office: out on both tills after their sync.
    with write_tx(server.engine) as conn:
        deactivate_staff(conn, home, "HO01", by="t")
    sync(t1)
    sync(t2)
    assert not signs_in(t1, "482913", "HO01") and not signs_in(t2, "482913", "HO01")

    # A person head office gives a code a till's own staff member holds: the till's own stays; nothing of that
    # document is applied (not even the new rate), and the till says why.
    with t1.engine.connect() as c:
        local_code = str(
            c.execute(text("SELECT code FROM staff WHERE origin = 'local' ORDER BY code")).scalar()
        )
        c.rollback()
    with write_tx(server.engine) as conn:
        set_staff(conn, home, code=local_code, name="Người trùng mã", role="cashier", pin="771155", by="t")
        set_fx_rate(conn, home, "KRW", 18_350, valid_until=None, by="t")
    held = state.read(t1.engine, "rules.version")
    sync(t1)
    assert state.read(t1.engine, "rules.version") == held
    assert "KRW" not in TillSession(t1).fx_rates()
    ack = server.scalar(
        "SELECT problems FROM rules_acks a JOIN terminals t ON t.id = a.terminal_id WHERE t.code = 'T01'"
    )
    problems = json.loads(str(ack))
    assert [(p["kind"], p["key"], p["code"]) for p in problems] == [
        ("staff", local_code, "local_staff_clash")
    ]
    with write_tx(server.engine) as conn:  # head office withdraws that one and gives the person another code
        deactivate_staff(conn, home, local_code, by="t")
        set_staff(conn, home, code="HO02", name="Người trùng mã", role="cashier", pin="771155", by="t")
    sync(t1)
    assert "KRW" in TillSession(t1).fx_rates() and signs_in(t1, "771155", "HO02")
    assert signs_in(t1, "9999", "M01")  # the till's own manager, untouched throughout

    # An exchange rate past its valid_until on a till that cannot reach head office: that currency is refused
    # (the head-office cashier is inactive now: a till-local person sells).
    server.stop()
    with SyncClient(server.url, "x", timeout=2) as dead, pytest.raises(SyncError):
        pull_rules(t2.engine, dead)
    with t2.engine.connect() as c:
        row = c.execute(
            text("SELECT id, code, name, role FROM staff WHERE origin = 'local' AND active = 1 ORDER BY code")
        ).first()
        c.rollback()
    assert row is not None
    seller = StaffMember(str(row[0]), str(row[1]), str(row[2]), str(row[3]))
    session = TillSession(t2)
    session.staff = seller
    session.add_code(a_product(t2))
    later = until + dt.timedelta(minutes=1)
    with pytest.raises(PaymentError) as refused:
        guarded_checkout(
            t2.engine,
            session.cart,
            [Tender.fx_cash("USD", 1000, 25_500_000)],
            SaleContext(t2.code),
            seller,
            now=later,
        )
    assert refused.value.code == "fx_rate_expired"
    assert "hết hạn" in refused.value.vi and "expired" in refused.value.en


def test_the_rules_routes_answer_as_documented(pg_live: LiveServer, make_till: MakeTill) -> None:
    """``since`` at the current version: ``changed`` false; an ack is stored; no credential: 401."""
    server = pg_live
    t1 = make_till("T01", empty=True)
    register(t1, server)
    with write_tx(server.engine) as conn:
        set_discount_limit(conn, NETWORK, "shift_lead", 8, by="t")
    with SyncClient(server.url, state.load_registration(t1.engine).token) as client:  # type: ignore[union-attr]
        first = client.rules(0)
        assert first.changed and first.version > 0
        assert [(x.role, x.limit_pct) for x in first.discount_limits] == [("shift_lead", 8)]
        again = client.rules(first.version)
        assert not again.changed and again.version == first.version and not again.discount_limits
        problem = RuleProblem(kind="fx_rate", key="USD", code="bad_rate")
        client.ack_rules(RulesAckIn(version=first.version, applied=False, held_version=0, problems=[problem]))
        assert client.store_secret().secret == read_store_secret(t1.engine)
    assert server.scalar("SELECT applied_version FROM rules_acks") == 0
    assert httpx.get(f"{server.url}/api/v1/sync/rules").status_code == 401
    assert (
        httpx.get(
            f"{server.url}/api/v1/sync/rules",
            params={"since": -1},
            headers={"Authorization": f"Bearer {state.load_registration(t1.engine).token}"},
        ).status_code
        == 422
    )  # type: ignore[union-attr]
