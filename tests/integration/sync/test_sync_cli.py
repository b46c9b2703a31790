"""The command line: ``ocop-pos server …`` administration, ``ocop-pos register`` and ``ocop-pos sync --once``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text
from sync_helpers import STORE, LiveServer, assert_server_has_exactly, free_port, outbox_size

from pos.cli import main
from pos.demo.simulate import simulate
from pos.server.db import make_engine
from pos.settings import HOME_ENV, load_settings
from pos.sync import state
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def test_server_admin_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'srv.sqlite3'}"
    assert main(["server", "--database-url", url, "migrate"]) == 0
    assert (
        main(
            [
                "server",
                "--database-url",
                url,
                "add-store",
                "--code",
                "QN-MC01",
                "--name",
                "OCOP Móng Cái",
                "--district",
                "Móng Cái",
            ]
        )
        == 0
    )
    assert main(["server", "--database-url", url, "add-terminal", "--store", "QN-MC01", "--code", "T01"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"code \(valid until .*\): [0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", out), out
    assert main(["server", "--database-url", url, "add-terminal", "--store", "NOPE", "--code", "T01"]) == 1
    assert "NOPE" in capsys.readouterr().err
    assert main(["server", "--database-url", url, "add-admin", "--name", "Văn phòng"]) == 0
    assert "ocopa_" in capsys.readouterr().out
    sheet = tmp_path / "catalogue.csv"
    sheet.write_text(
        "sku,name_vi,price,barcodes\nMC-1,Trà hoa vàng Ba Chẽ,250000,8930000000033\n", encoding="utf-8"
    )
    assert main(["server", "--database-url", url, "import-catalogue", str(sheet)]) == 0
    assert "1 products (1 new" in capsys.readouterr().out
    sheet.write_text("sku,name_vi,price\nMC-2,Bad,not-a-price\n", encoding="utf-8")
    assert main(["--lang", "en", "server", "--database-url", url, "import-catalogue", str(sheet)]) == 1
    assert "row 2" in capsys.readouterr().err
    engine = make_engine(url)
    with engine.connect() as c:
        assert c.execute(text("SELECT name FROM stores")).scalar() == "OCOP Móng Cái"
        assert c.execute(text("SELECT COUNT(*) FROM products")).scalar() == 1
    engine.dispose()


def test_register_and_sync_once_exit_codes(
    server: LiveServer,
    make_till: MakeTill,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    till = make_till("T01")
    home = till.settings.home
    monkeypatch.setenv(HOME_ENV, str(home))
    queued = outbox_size(till.engine)
    assert main(["sync", "--once"]) == 1  # not registered yet
    assert "register" in capsys.readouterr().err  # the reason on stderr
    code = server.provision("T05")  # head office calls this till T05 (its sales are T01: refused)
    assert main(["--lang", "en", "register", "--server", server.url, "--code", code]) == 1
    assert "unsent sales carry another code" in capsys.readouterr().err
    code = server.provision("T01")
    assert main(["register", "--server", server.url, "--code", code]) == 0
    assert "terminal T01 of store QN-HL01" in capsys.readouterr().out
    sales = queued
    queued = outbox_size(
        till.engine
    )  # registering queued the till's opening stock for head office (issue 18)
    assert queued > sales
    assert load_settings(home).sync.server_url == server.url
    # The server goes away: one round fails, nothing is lost, exit 1.
    reg = state.load_registration(till.engine)
    assert reg is not None
    dead = f"http://127.0.0.1:{free_port()}"
    state.save_registration(
        till.engine,
        state.Registration(
            dead, reg.token, reg.terminal_id, reg.terminal_code, reg.store_code, reg.store_name
        ),
        reset_cursor=False,
    )
    assert main(["--lang", "en", "sync", "--once"]) == 1
    assert f"Waiting to send: {queued}" in capsys.readouterr().out
    state.save_registration(till.engine, reg, reset_cursor=False)
    assert main(["--lang", "en", "sync", "--once", "--batch", "60"]) == 0
    out = capsys.readouterr().out
    assert f"Sent {queued} entries in {-(-queued // 60)} batches: {queued} held" in out
    assert "Waiting to send: 0" in out
    assert main(["sync", "--status"]) == 0
    assert server.scalar("SELECT COUNT(*) FROM sales") == sales


def _server_state(server: LiveServer) -> list[object]:
    """What a refused request must not change: every row count, and the terminals as stored."""
    with server.engine.connect() as c:
        counts = [
            c.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one()
            for t in ("sales", "sale_lines", "payments", "stock_moves", "shift_events", "quarantine")
        ]
        terminals = c.execute(
            text(
                "SELECT id, code, token_hash, provision_hash, active, last_seen_at, clock_skew_s FROM terminals "
                "ORDER BY id"
            )
        ).all()
        c.rollback()
    return [*counts, [tuple(r) for r in terminals]]


def test_a_revoked_terminal_is_refused_and_changes_nothing(
    server: LiveServer,
    make_till: MakeTill,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    till = make_till("T01")
    monkeypatch.setenv(HOME_ENV, str(till.settings.home))
    admin = ["--lang", "en", "server", "--database-url", server.db.url]
    assert main(["register", "--server", server.url, "--code", server.provision("T01")]) == 0
    assert main(["sync", "--once"]) == 0
    held = server.scalar("SELECT COUNT(*) FROM sales")
    simulate(till, 4, seed=5)  # sold after the last sync: waiting in the outbox
    waiting = outbox_size(till.engine)
    capsys.readouterr()

    assert main([*admin, "revoke-terminal", "--store", STORE, "--code", "T01"]) == 0
    assert "Terminal T01 of store QN-HL01 revoked" in capsys.readouterr().out
    before = _server_state(server)
    assert main(["--lang", "en", "sync", "--once"]) == 1
    said = capsys.readouterr()
    assert "Unknown or revoked terminal credential" in said.err  # what went wrong, on stderr
    assert "Ask head office for a new registration code" in said.err
    assert f"Waiting to send: {waiting}" in said.out  # the queue's state, on stdout
    assert _server_state(server) == before  # nothing stored, not even the terminal's last contact
    assert server.scalar("SELECT COUNT(*) FROM sales") == held and outbox_size(till.engine) == waiting
    assert main([*admin, "revoke-terminal", "--store", STORE, "--code", "T09"]) == 1
    assert "No terminal T09 in store QN-HL01" in capsys.readouterr().err
    assert main([*admin, "revoke-terminal", "--store", "NOPE", "--code", "T01"]) == 1
    assert _server_state(server) == before

    # Head office issues a new code: the till registers again and sends what waited, once.
    assert main(["register", "--server", server.url, "--code", server.provision("T01")]) == 0
    assert main(["sync", "--once"]) == 0
    assert outbox_size(till.engine) == 0
    assert assert_server_has_exactly(till, server.engine) == held + waiting
