"""A till that sold on its own joins head office: its products keep one identity and its stock stays (issue 18).

The shop's story, through the real commands: the demo till sells alone, its catalogue goes to head office as a
file (``ocop-pos products export`` → ``ocop-pos server import-catalogue``), head office gives every product its own
id; the till registers and syncs. Before the fix every product came back as a new row and the till's own was
renamed ``SKU~…`` and withdrawn with its stock moves: ``stock levels`` showed 0 everywhere.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sync_helpers import STORE, LiveServer, ServerDb, drain, open_till, register

from pos.cli import main
from pos.demo.simulate import simulate
from pos.inventory.products import ProductInput, create_product
from pos.inventory.stock import stock_levels
from pos.server.catalogue import upsert_products
from pos.server.db import write_tx
from pos.server.schemas import ProductIn
from pos.server.stock import stock_levels as server_stock_levels
from pos.settings import HOME_ENV
from pos.staff.audit import entries
from pos.staff.member import StaffMember
from pos.sync.rounds import client_for, sync_round
from pos.till.terminal import Terminal
from tests.pg import PgServer, create_database, drop_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LiveServer]:
    """A real server on a new database: head office starts with no catalogue."""
    if request.param == "sqlite":
        db = ServerDb("sqlite", f"sqlite:///{tmp_path / 'server.sqlite3'}")
        name = ""
    else:
        pg: PgServer = request.getfixturevalue(
            "pg_server"
        )  # PostgreSQL missing: this fails, it does not skip
        name = f"ocop_join_{tmp_path.name[-12:].lower().replace('-', '_')}"
        db = ServerDb("postgresql", create_database(pg, name))
    live = LiveServer(db).start()
    yield live
    live.stop()
    if name:
        drop_database(request.getfixturevalue("pg_server"), name)


def _levels(till: Terminal) -> dict[str, int]:
    return {r.sku: r.qty_milli for r in stock_levels(till.engine)}


def test_a_till_that_sold_alone_keeps_its_stock_when_it_joins_head_office(
    empty_server: LiveServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home = tmp_path / "till"
    monkeypatch.setenv(HOME_ENV, str(home))
    assert main(["catalog", "seed-demo"]) == 0
    till = open_till(home)
    try:
        simulate(till, 25, seed=18)  # it sells alone for a while
        with till.engine.connect() as c:
            sid, scode, sname = c.execute(
                text("SELECT id, code, name FROM staff WHERE role = 'manager'")
            ).one()
            c.rollback()
        boss = StaffMember(str(sid), str(scode), str(sname), "manager")
        own = create_product(
            till.engine, boss, ProductInput("LOCAL-1", "Bánh gai làm tại quầy", 30000, "reduced")
        )
        before = _levels(till)
        assert before["QN-0001"] > 0
        sheet = tmp_path / "catalogue.csv"
        assert main(["products", "export", str(sheet)]) == 0
        rows = list(csv.DictReader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
        # Head office keeps a different SKU for one product (same GTIN), and never hears of the till's own one.
        by_gtin = next(r for r in rows if r["sku"] == "QN-0002")
        by_gtin["sku"] = "HO-0002"
        rows = [r for r in rows if r["sku"] != "LOCAL-1"]
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        sheet.write_text(out.getvalue(), encoding="utf-8")
        url = empty_server.db.url
        assert main(["server", "--database-url", url, "import-catalogue", str(sheet)]) == 0
        capsys.readouterr()

        assert (
            main(["register", "--server", empty_server.url, "--code", empty_server.provision(till.code)]) == 0
        )
        with client_for(till.engine) as client:
            first = sync_round(till.engine, client)
            drain(till.engine, client)

        assert len(first.adopted) == len(rows)
        assert {a.matched_on for a in first.adopted if a.sku in {"QN-0002", "HO-0002"}} == {"gtin"}
        assert first.unmatched == ["LOCAL-1"]
        after = _levels(till)
        before["HO-0002"] = before.pop("QN-0002")
        assert after == before  # stock levels unchanged, product by product
        with till.engine.connect() as c:
            assert (
                c.execute(text("SELECT COUNT(*) FROM products WHERE sku LIKE '%~%' OR active = 0")).scalar()
                == 0
            )
            till_ids = {str(r[0]): str(r[1]) for r in c.execute(text("SELECT sku, id FROM products"))}
            assert c.execute(text("PRAGMA foreign_key_check")).all() == []
            c.rollback()
        with empty_server.engine.connect() as c:
            server_ids = {str(r[0]): str(r[1]) for r in c.execute(text("SELECT sku, id FROM products"))}
            store_id = c.execute(text("SELECT id FROM stores WHERE code = :s"), {"s": STORE}).scalar_one()
            server_levels = {r.sku: r.qty_milli for r in server_stock_levels(c, str(store_id))}
            lost = c.execute(
                text("SELECT COUNT(*) FROM sale_lines WHERE product_id NOT IN (SELECT id FROM products)")
            ).scalar()
            c.rollback()
        # One identity: every product head office has carries its id on the till.
        assert {s: i for s, i in till_ids.items() if s != "LOCAL-1"} == server_ids
        assert till_ids["LOCAL-1"] == own
        # What the till sold of head office's products arrived under head office's ids; its opening stock too,
        # so the store's stock at head office is the till's, product by product.
        local_sold = (
            till.engine.connect()
            .execute(text("SELECT COUNT(*) FROM sale_lines WHERE product_id = :p"), {"p": own})
            .scalar()
        )
        assert lost == local_sold == 0
        assert {s: q for s, q in server_levels.items() if q} == {s: q for s, q in after.items() if q}
        # The manager sees what happened: one audit entry per adopted product, and the unmatched list.
        actions = [e.action for e in entries(till.engine)]
        assert actions.count("product_identity") == len(rows)
        assert actions.count("catalogue_unmatched") == 1
        # The command says it too.
        assert main(["--lang", "en", "sync", "--once"]) == 0
        assert "1 of this till's products are not in head office's catalogue" in capsys.readouterr().out
        assert main(["--lang", "en", "stock", "levels"]) == 0
        assert "The store's stock as of " in capsys.readouterr().out  # the store's, as head office counted it
    finally:
        till.close()


def test_a_product_head_office_sent_is_never_matched_away(
    empty_server: LiveServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Head office's own products keep their ids: a SKU moved from one of them to another renames, never merges."""
    home = tmp_path / "till"
    monkeypatch.setenv(HOME_ENV, str(home))
    assert main(["db", "upgrade"]) == 0
    till = open_till(home)
    try:
        with write_tx(empty_server.engine) as conn:
            upsert_products(conn, [ProductIn(sku="A-1", name_vi="Mực một nắng", price=100000)])
        register(till, empty_server)
        with client_for(till.engine) as client:
            drain(till.engine, client)
        first_id = till_id(till, "A-1")
        with write_tx(empty_server.engine) as conn:
            upsert_products(
                conn, [ProductIn(id=first_id, sku="A-1-OLD", name_vi="Mực một nắng", price=100000)]
            )
            upsert_products(conn, [ProductIn(sku="A-1", name_vi="Chả mực", price=200000)])
        with client_for(till.engine) as client:
            report = sync_round(till.engine, client)
        assert report.adopted == []
        assert till_id(till, "A-1-OLD") == first_id
        assert till_id(till, "A-1") != first_id
    finally:
        till.close()


def till_id(till: Terminal, sku: str) -> str:
    with till.engine.connect() as c:
        value = c.execute(text("SELECT id FROM products WHERE sku = :s"), {"s": sku}).scalar_one()
        c.rollback()
    return str(value)
