"""Head-office backups (``ocop-pos server backup`` / ``restore``) on SQLite and on PostgreSQL (pg_dump and
pg_restore of the installed PostgreSQL): verified by restoring, consistent while the server keeps taking uploads,
and a restore gives back every table row for row.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from sync_helpers import LiveServer, drain, register

from pos.cli import main
from pos.demo.simulate import simulate
from pos.server.backup import read_side, table_digests
from pos.server.db import make_engine
from pos.sync.errors import SyncError
from pos.sync.rounds import client_for, upload_outbox
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def every_row(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every table, every row, in primary-key order."""
    with engine.connect() as conn:
        insp = inspect(conn)
        out = {}
        for table in sorted(insp.get_table_names()):
            pk = insp.get_pk_constraint(table).get("constrained_columns") or [
                c["name"] for c in insp.get_columns(table)
            ]
            order = ", ".join(f'"{c}"' for c in pk)
            out[table] = [tuple(r) for r in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}'))]
        conn.rollback()
    return out


def test_backup_is_verified_and_restore_gives_back_every_row(
    server: LiveServer, make_till: MakeTill, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    till = make_till("T01")
    register(till, server)
    with client_for(till.engine) as client:
        drain(till.engine, client)
    before = every_row(server.engine)
    assert len(before["sales"]) > 100 and before["chain_anchors"]
    url = server.db.url
    out = tmp_path / "backups"
    assert main(["server", "--database-url", url, "backup", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "verified by restoring it" in said
    [backup] = [p for p in out.iterdir() if not p.name.endswith(".json")]
    assert backup.suffix == (".pgdump" if server.db.dialect == "postgresql" else ".sqlite3")
    side = read_side(backup)
    assert side is not None and side["sales"].rows == len(before["sales"])

    # Head office loses data after the backup: sales deleted, a product renamed, a store added.
    with server.engine.begin() as c:
        c.execute(text("DELETE FROM payments"))
        c.execute(text("DELETE FROM sale_vat"))
        c.execute(text("DELETE FROM sale_lines"))
        c.execute(text("UPDATE products SET name_vi = 'hỏng'"))
        c.execute(text("INSERT INTO stores (id, code, name, address, commune, district, province, tax_code, phone, "
                       "active, created_at) VALUES ('x', 'X', 'X', '', '', '', '', '', '', true, '2026-01-01')"))  # fmt: skip
    server.stop()  # a restore is done with the server stopped
    assert main(["--lang", "en", "server", "--database-url", url, "restore", str(backup)]) == 1
    assert "--force" in capsys.readouterr().err  # a database holding data is not replaced by accident
    assert main(["server", "--database-url", url, "restore", "--force", str(backup)]) == 0
    engine = make_engine(url)
    try:
        assert every_row(engine) == before  # every table, row for row
    finally:
        engine.dispose()


def test_a_backup_taken_while_tills_upload_is_one_consistent_moment(
    server: LiveServer, make_till: MakeTill, tmp_path: Path
) -> None:
    till = make_till("T01", empty=True)
    register(till, server)
    stop = threading.Event()

    def sell() -> None:
        with client_for(till.engine) as client:
            while not stop.is_set():
                simulate(till, 2)
                with contextlib.suppress(SyncError):
                    upload_outbox(till.engine, client, batch_size=3)

    seller = threading.Thread(target=sell, daemon=True)
    seller.start()
    try:
        results = []
        for n in range(3):
            assert (
                main(["server", "--database-url", server.db.url, "backup", "--out", str(tmp_path / str(n))])
                == 0
            )
            results.append(next(p for p in (tmp_path / str(n)).iterdir() if not p.name.endswith(".json")))
    finally:
        stop.set()
        seller.join(30)
    counts = [read_side(p)["sales"].rows for p in results]  # type: ignore[index]
    assert counts == sorted(counts) and counts[-1] > 0  # the server kept taking sales meanwhile
    # Each backup restores into a fresh database to exactly its digests (sales complete with their lines).
    for p in results:
        side = read_side(p)
        assert side is not None
        if server.db.dialect == "sqlite":
            engine = make_engine(f"sqlite:///{p}")
            with engine.connect() as conn:
                assert table_digests(conn) == side
                orphan = conn.execute(
                    text(
                        "SELECT COUNT(*) FROM sales s WHERE NOT EXISTS (SELECT 1 FROM sale_lines l WHERE l.sale_id = s.id)"
                    )
                ).scalar()
                assert orphan == 0
            engine.dispose()


def test_a_damaged_backup_is_refused_and_changes_nothing(server: LiveServer, tmp_path: Path) -> None:
    url = server.db.url
    out = tmp_path / "backups"
    assert main(["server", "--database-url", url, "backup", "--out", str(out)]) == 0
    [backup] = [p for p in out.iterdir() if not p.name.endswith(".json")]
    data = bytearray(backup.read_bytes())
    for i in range(len(data) // 3, len(data) // 3 + 4096):
        data[i] ^= 0x5A
    backup.write_bytes(bytes(data))
    before = every_row(server.engine)
    server.stop()
    assert main(["--lang", "en", "server", "--database-url", url, "restore", "--force", str(backup)]) == 1
    engine = make_engine(url)
    try:
        assert every_row(engine) == before
    finally:
        engine.dispose()
