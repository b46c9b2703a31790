"""A journal an insider cannot rewrite: the server keeps anchors of each till's hash chain.

The insider here has the till's SQLite file and the source code: they edit a sale that was already uploaded and
recompute every hash after it, so the till's own ``journal verify`` passes. The anchors the server kept do not
match any more: ``journal verify --against-server`` names the entry, and once the till uploads again head office's
check (``ocop-pos server verify-anchors``, ``GET /api/v1/anchors/check``) names the till.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest
from sync_helpers import LiveServer, drain, register

from pos.cli import main
from pos.demo.simulate import simulate
from pos.ledger.canonical import chain_hash
from pos.ledger.verify import _sale_body, verify_journal
from pos.models.ledger import GENESIS_HASH
from pos.server.anchors import check_anchors
from pos.settings import HOME_ENV
from pos.sync.anchors import verify_against_server
from pos.sync.rounds import client_for, sync_round
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def _sync(till: Terminal) -> None:
    with client_for(till.engine) as client:
        report, _ = drain(till.engine, client)
    assert report.all_sent


def _rewrite(till: Terminal, seq: int, sql: str) -> None:
    """What the insider does: edit, then recompute the chain from the edited entry on (foreign keys off)."""
    till.engine.dispose()
    con = sqlite3.connect(till.settings.db_path, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute(sql)
        prev = con.execute(
            "SELECT hash FROM journal WHERE seq < ? ORDER BY seq DESC LIMIT 1", (seq,)
        ).fetchone()
        prev_hash = prev[0] if prev else GENESIS_HASH
        for s, sale_id in con.execute(
            "SELECT seq, sale_id FROM journal WHERE seq >= ? ORDER BY seq", (seq,)
        ).fetchall():
            body = _sale_body(con.cursor(), sale_id)
            assert body is not None
            new = chain_hash(prev_hash, body)
            con.execute("UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?", (prev_hash, new, s))
            prev_hash = new
        con.execute("COMMIT")
    finally:
        con.close()


def _server_check(server: LiveServer) -> list[str]:
    with server.engine.connect() as conn:
        reports = check_anchors(conn)
        conn.rollback()
    return [r.message() for r in reports if not r.ok]


def test_a_clean_till_matches_its_anchors(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, server)
    _sync(till)
    simulate(till, 5, seed=4)
    _sync(till)
    with client_for(till.engine) as client:
        anchors, problems = verify_against_server(till.engine, client)
    assert anchors >= 2 and problems == []
    assert _server_check(server) == []
    with server.admin() as admin:
        [row] = admin.get("/api/v1/anchors/check").json()
    assert (
        row["ok"]
        and row["terminal_code"] == "T01"
        and row["newest_seq"] == verify_journal(till.engine).entries
    )


def test_a_recomputed_chain_is_caught_against_the_server(
    server: LiveServer,
    make_till: MakeTill,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    till = make_till("T01")
    register(till, server)
    _sync(till)  # every sale uploaded: the server anchored the head
    entries = verify_journal(till.engine).entries
    target = entries // 2
    _rewrite(
        till,
        target,
        f"UPDATE sales SET note = 'đã sửa' WHERE id = (SELECT sale_id FROM journal WHERE seq = {target})",
    )
    assert verify_journal(till.engine).ok  # the till's own check is fooled: the chain was recomputed
    with client_for(till.engine) as client:
        _anchors, problems = verify_against_server(till.engine, client)
    assert problems and problems[0].seq == entries and "rewritten" in problems[0].en
    monkeypatch.setenv(HOME_ENV, str(till.settings.home))
    assert main(["--lang", "en", "journal", "verify", "--against-server"]) == 1
    assert f"against the server at entry #{entries}" in capsys.readouterr().err
    # The next upload carries the till's (new) hash of the anchored entry: head office sees it too.
    simulate(till, 3, seed=8)
    _sync(till)
    flagged = _server_check(server)
    assert flagged and f"history rewritten at entry {entries}" in flagged[0]
    with server.admin() as admin:
        [row] = admin.get("/api/v1/anchors/check").json()
    assert not row["ok"] and row["rewritten"] == [entries]
    assert main(["server", "--database-url", server.db.url, "verify-anchors"]) == 1
    assert "history rewritten" in capsys.readouterr().err


def test_a_journal_cut_back_is_caught(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, server)
    _sync(till)
    entries = verify_journal(till.engine).entries
    # The newest three sales removed with their journal entries and every trace, the counter set back.
    till.engine.dispose()
    con = sqlite3.connect(till.settings.db_path, isolation_level=None)
    con.execute("PRAGMA foreign_keys=OFF")
    doomed = [r[0] for r in con.execute("SELECT sale_id FROM journal ORDER BY seq DESC LIMIT 3")]
    for table, key in (("sale_lines", "sale_id"), ("sale_vat", "sale_id"), ("payments", "sale_id"),
                       ("stock_moves", "sale_id"), ("journal", "sale_id"), ("sales", "id")):  # fmt: skip
        con.executemany(f"DELETE FROM {table} WHERE {key} = ?", [(d,) for d in doomed])
    con.execute("UPDATE receipt_counters SET last_no = last_no - 3")
    con.close()
    assert verify_journal(till.engine).ok
    with client_for(till.engine) as client:
        _anchors, problems = verify_against_server(till.engine, client)
    assert problems and problems[0].seq == entries and "cut back" in problems[0].en
    simulate(till, 1, seed=5)  # its receipt number was already used by a removed sale: quarantined, but the
    with client_for(till.engine) as client:  # upload still carries the (lower) head
        sync_round(till.engine, client)
    flagged = _server_check(server)
    assert flagged and "journal cut back" in flagged[0]
