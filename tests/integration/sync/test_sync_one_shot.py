"""One-shot requests through a link that loses answers: a lost answer never locks anyone out, a retry never acts
twice.

Registration is the sharp one: the server redeems the one-time code and issues a credential, the link resets just
as it answers, and (before) every retry was told the code was already used. Now the till's registration key, kept
in its database before the first try, makes the retry return the same credential; another till is still refused.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import event, text
from sync_faultproxy import FaultProxy
from sync_helpers import (
    STORE,
    LiveServer,
    assert_server_has_exactly,
    drain,
    free_port,
    manager,
    outbox_size,
)

from pos.db import write_tx
from pos.ids import new_id
from pos.server.errors import ApiError
from pos.server.provisioning import register as register_code
from pos.server.provisioning import revoke_terminal
from pos.server.security import digest
from pos.shifts.cash import CashCount
from pos.shifts.close import close_shift
from pos.shifts.shift import open_shift
from pos.sync import state
from pos.sync.errors import OfflineError, RejectedError
from pos.sync.registration import TRIES, register_terminal
from pos.sync.rounds import client_for, sync_round
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def _no_pause(_s: float) -> None:
    """Retries at once: the proxy's faults, not the clock, are what is tested."""


@pytest.mark.parametrize("seed", [1, 2, 6])
def test_a_till_registers_through_a_link_that_resets_half_the_answers(
    server: LiveServer, make_till: MakeTill, seed: int
) -> None:
    till = make_till("T01")
    code = server.provision("T01")
    # The first two answers are lost after the server committed (the code is redeemed by the first), then half
    # of them at random.
    proxy = FaultProxy(
        server.port, seed=seed, prefix=("reset", "reset"), weights={"pass": 0.5, "reset": 0.5}
    ).start()
    try:
        reg = register_terminal(till.settings, till.engine, proxy.url, code, pause=_no_pause)
    finally:
        proxy.stop()
    assert proxy.counts["reset"] >= 2 and proxy.counts["pass"] == 1
    assert proxy.counts["reset"] + proxy.counts["pass"] <= TRIES
    # The credential the till kept is the one the server holds, and it works.
    assert server.scalar("SELECT token_hash FROM terminals WHERE code = 'T01'") == digest(reg.token)
    state.save_registration(
        till.engine,
        state.Registration(
            server.url, reg.token, reg.terminal_id, reg.terminal_code, reg.store_code, reg.store_name
        ),
        reset_cursor=False,
    )
    with client_for(till.engine) as client:
        report, _ = drain(till.engine, client)
    assert report.all_sent
    assert assert_server_has_exactly(till, server.engine) > 0


def test_a_repeat_gets_the_same_credential_and_another_till_is_refused(
    server: LiveServer, make_till: MakeTill
) -> None:
    till, other = make_till("T01"), make_till("T01")
    code = server.provision("T01")
    first = register_terminal(till.settings, till.engine, server.url, code)
    again = register_terminal(
        till.settings, till.engine, server.url, code
    )  # the till asks again: same answer
    assert again.token == first.token
    with pytest.raises(RejectedError) as refused:  # the same code from another till (another key)
        register_terminal(other.settings, other.engine, server.url, code)
    assert refused.value.status == 403 and refused.value.code == "bad_code"
    assert state.load_registration(other.engine) is None
    with httpx.Client(base_url=server.url) as anon:  # no key at all: refused too
        r = anon.post("/api/v1/register", json={"code": code})
        assert r.status_code == 403 and r.json()["error"]["code"] == "bad_code"
        # A guessed key of the right shape: refused, and the till's credential is untouched.
        r = anon.post("/api/v1/register", json={"code": code, "registration_key": "A" * 43})
        assert r.status_code == 403
    assert server.scalar("SELECT token_hash FROM terminals WHERE code = 'T01'") == digest(first.token)


def test_a_repeat_after_the_code_expired_was_reissued_or_revoked_is_refused(
    server: LiveServer, make_till: MakeTill
) -> None:
    till = make_till("T01")
    code = server.provision("T01")
    reg = register_terminal(till.settings, till.engine, server.url, code)
    with server.engine.begin() as c:  # the code's lifetime is over
        c.execute(
            text("UPDATE terminals SET provision_expires_at = :t"),
            {"t": dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=1)},
        )
    with pytest.raises(RejectedError):
        register_terminal(till.settings, till.engine, server.url, code)
    # A new code redeemed by the same till gives a new credential; the old code stays dead.
    newer = server.provision("T01")
    reg2 = register_terminal(till.settings, till.engine, server.url, newer)
    assert reg2.token != reg.token
    with pytest.raises(RejectedError):
        register_terminal(till.settings, till.engine, server.url, code)
    assert revoke_terminal(server.engine, STORE, "T01")
    with pytest.raises(RejectedError):  # revoked: the repeat no longer works either
        register_terminal(till.settings, till.engine, server.url, newer)


def test_the_registration_key_is_kept_before_the_first_try(make_till: MakeTill) -> None:
    till = make_till("T01")
    dead = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(OfflineError):
        register_terminal(till.settings, till.engine, dead, "AAAA-BBBB-CCCC-DDDD", tries=2, pause=_no_pause)
    key = state.read(till.engine, state.REGISTRATION_KEY)
    assert key and len(key) >= 43
    assert state.registration_key(till.engine) == key  # the next try (even after a restart) sends the same


def _quarantined_entry(server: LiveServer, till: Terminal) -> int:
    bad = new_id()
    with write_tx(till.engine) as c:
        c.execute(
            text(
                "INSERT INTO outbox (entity, entity_id, payload, created_at, attempts, last_error) "
                "VALUES ('sale', :i, :p, '2026-11-29 08:00:00', 0, '')"
            ),
            {"i": bad, "p": json.dumps({"type": "sale", "sale": {"id": bad}})},
        )
    with client_for(till.engine) as client:
        sync_round(till.engine, client)
    qid = server.scalar("SELECT id FROM quarantine WHERE entity_id = :i", i=bad)
    assert isinstance(qid, int)
    return qid


def test_office_actions_repeated_after_a_lost_answer_act_once(
    server: LiveServer, make_till: MakeTill
) -> None:
    till = make_till("T01")
    register_terminal(till.settings, till.engine, server.url, server.provision("T01"))
    qid = _quarantined_entry(server, till)
    product = server.scalar("SELECT id FROM products ORDER BY id LIMIT 1")
    move = {"id": new_id(), "product_id": product, "qty_milli": 12000, "kind": "receive", "reason": "nhập"}
    with server.admin() as admin:
        # Dismissing twice: one resolution, the first note and time kept, the same answer.
        a = admin.post(f"/api/v1/quarantine/{qid}/dismiss", json={"note": "lần một"})
        when = server.scalar("SELECT resolved_at FROM quarantine WHERE id = :i", i=qid)
        b = admin.post(f"/api/v1/quarantine/{qid}/dismiss", json={"note": "lần hai"})
        assert a.status_code == b.status_code == 200 and a.json() == b.json()
        assert (
            server.scalar("SELECT resolved_note FROM quarantine WHERE id = :i", i=qid)
            == "test head office: lần một"
        )
        assert server.scalar("SELECT resolved_at FROM quarantine WHERE id = :i", i=qid) == when
        # A stock move sent with its id, twice: stored once.
        r1 = admin.post(f"/api/v1/stores/{STORE}/stock-moves", json=[move])
        r2 = admin.post(f"/api/v1/stores/{STORE}/stock-moves", json=[move, move])
        assert r1.status_code == r2.status_code == 201
        assert r1.json() == {"recorded": 1, "duplicates": 0}
        assert r2.json() == {"recorded": 2, "duplicates": 2}
        assert server.scalar("SELECT COUNT(*) FROM stock_moves WHERE id = :i", i=move["id"]) == 1
        # A store created twice is one store.
        body = {"code": "QN-CP01", "name": "Cẩm Phả"}
        assert (
            admin.post("/api/v1/stores", json=body).json() == admin.post("/api/v1/stores", json=body).json()
        )
        assert server.scalar("SELECT COUNT(*) FROM stores WHERE code = 'QN-CP01'") == 1
    # Revoking twice: the same state, not an error.
    assert revoke_terminal(server.engine, STORE, "T01") and revoke_terminal(server.engine, STORE, "T01")
    assert server.scalar("SELECT COUNT(*) FROM terminals WHERE code = 'T01' AND active") == 0


def test_shift_close_events_through_lost_answers_are_stored_once(
    server: LiveServer, make_till: MakeTill
) -> None:
    """A shift's open and close travel in the outbox like sales: answers lost after the server committed, the
    events are held once and the till forgets them."""
    till = make_till("T01")
    register_terminal(till.settings, till.engine, server.url, server.provision("T01"))
    boss = manager(till)
    shift = open_shift(till.engine, boss, till.code, CashCount.of({100_000: 5}))
    close_shift(till.engine, boss, till.code, CashCount.of({100_000: 5}))
    proxy = FaultProxy(
        server.port, seed=3, prefix=("reset",) * 4, weights={"pass": 0.5, "reset": 0.5}
    ).start()
    try:
        reg = state.load_registration(till.engine)
        assert reg is not None
        state.save_registration(
            till.engine,
            state.Registration(
                proxy.url, reg.token, reg.terminal_id, reg.terminal_code, reg.store_code, reg.store_name
            ),
            reset_cursor=False,
        )
        with client_for(till.engine, timeout=10) as client:
            report, failures = drain(till.engine, client, batch_size=40)
    finally:
        proxy.stop()
    assert failures >= 4 and report.all_sent and outbox_size(till.engine) == 0
    assert server.scalar("SELECT COUNT(*) FROM shift_events WHERE shift_id = :s", s=shift.id) == 2
    assert (
        server.scalar("SELECT COUNT(*) FROM shift_events WHERE shift_id = :s AND kind = 'close'", s=shift.id)
        == 1
    )
    assert assert_server_has_exactly(till, server.engine) > 0


def test_a_retry_racing_its_first_try_gets_the_same_credential(server: LiveServer) -> None:
    """A till whose first try timed out retries while the server is still answering it. Every try is held back
    between reading the code and redeeming it, so on PostgreSQL all of them read it unredeemed and race for the
    row: the first commits, the others find it redeemed when they get the row — the same key is answered with the
    same credential, another key refused. (On SQLite writers queue for the lock, so they never race.)"""
    code = server.provision("T01")
    mine, theirs = "K" * 43, "Z" * 43
    barrier = threading.Barrier(6)
    answers: list[str] = []

    def hold_back(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("UPDATE TERMINALS SET TOKEN_HASH"):
            time.sleep(1.0)

    def attempt(key: str) -> None:
        barrier.wait()
        if key == theirs:  # the other till a moment later: it still reads the code unredeemed
            time.sleep(0.2)
        try:
            answers.append(f"{key[0]}:{register_code(server.engine, code, registration_key=key).token}")
        except ApiError as exc:
            answers.append(f"{key[0]}:{exc.code}")

    event.listen(server.engine, "before_cursor_execute", hold_back)
    try:
        threads = [threading.Thread(target=attempt, args=(k,)) for k in (mine,) * 5 + (theirs,)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        event.remove(server.engine, "before_cursor_execute", hold_back)
    assert len(answers) == 6
    winner = next(a for a in answers if not a.endswith(":bad_code"))[0]
    loser = "Z" if winner == "K" else "K"
    assert (
        len({a for a in answers if a.startswith(winner)}) == 1
    )  # the winning till: one credential, every try
    assert all(a == f"{loser}:bad_code" for a in answers if a.startswith(loser))
