"""Fixtures of the sync and server tests: real tills (SQLite files), a real server (uvicorn on 127.0.0.1) on a real
PostgreSQL or SQLite database, a real head-office token.

Built once per session and copied per test: a catalogue, two tills (T01, T02) with a few hundred simulated sales
each, and a migrated server database holding the same catalogue (a file for SQLite, a template database for
PostgreSQL). Every server test runs on both databases.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from sync_helpers import LiveServer, ServerDb, open_till

from pos.demo.generate import generate_catalogue
from pos.demo.simulate import simulate
from pos.server.catalogue import upsert_categories, upsert_producers, upsert_products
from pos.server.db import make_engine, upgrade, write_tx
from pos.server.schemas import CategoryIn, ProducerIn, ProductIn
from pos.settings import load_settings
from pos.till.terminal import Terminal
from tests.pg import PgServer, create_database, drop_database

TEMPLATE_SALES = 150
_db_names = itertools.count(1)


def _fast(engine: Engine) -> None:
    """Template building only: no fsync (the sales are real, their durability is not what is tested)."""

    def off(dbapi_conn: object, _rec: object) -> None:
        dbapi_conn.execute("PRAGMA synchronous=OFF")  # type: ignore[attr-defined]

    event.listen(engine, "connect", off)
    engine.dispose()


@dataclass
class Templates:
    root: Path
    catalogue_home: Path
    tills: dict[str, Path] = field(default_factory=dict)


def _catalogue_rows(engine: Engine) -> tuple[list[CategoryIn], list[ProducerIn], list[ProductIn]]:
    with engine.connect() as c:
        cats = [
            CategoryIn(code=r[0], name_vi=r[1], name_en=r[2])
            for r in c.execute(text("SELECT code, name_vi, name_en FROM categories"))
        ]
        producers = [
            ProducerIn(id=r[0], code=r[1], name=r[2], kind=r[3], district=r[4], commune=r[5])
            for r in c.execute(text("SELECT id, code, name, kind, district, commune FROM producers"))
        ]
        codes: dict[str, list[str]] = {}
        for code, pid in c.execute(text("SELECT code, product_id FROM barcodes")):
            codes.setdefault(pid, []).append(code)
        pcode = {r[0]: r[1] for r in c.execute(text("SELECT id, code FROM producers"))}
        products = [
            ProductIn(
                id=r[0],
                sku=r[1],
                name_vi=r[2],
                name_en=r[3],
                unit=r[4],
                price=r[5],
                cost=r[6],
                vat_class=r[7],
                category_code=r[8],
                producer_code=pcode.get(r[9]),
                ocop_stars=r[10],
                barcodes=codes.get(r[0], []),
            )
            for r in c.execute(
                text(
                    "SELECT id, sku, name_vi, name_en, unit, price, cost, vat_class, category_code, producer_id, "
                    "ocop_stars FROM products"
                )
            )
        ]
        c.rollback()
    return cats, producers, products


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> Templates:
    root = tmp_path_factory.mktemp("sync-templates")
    cat_home = root / "catalogue"
    cat_home.mkdir()
    t = open_till(cat_home)
    _fast(t.engine)
    generate_catalogue(t.engine, 120, seed=11)
    t.close()
    out = Templates(root, cat_home)
    for n, code in enumerate(("T01", "T02"), start=1):
        home = root / code
        shutil.copytree(cat_home, home)
        settings = load_settings(home)
        settings.terminal.code = code
        settings.save()
        till = open_till(home)
        _fast(till.engine)
        simulate(till, TEMPLATE_SALES, seed=100 + n)
        till.close()
        out.tills[code] = home
    return out


def seed_server_catalogue(engine: Engine, catalogue_home: Path) -> None:
    till = open_till(catalogue_home)
    cats, producers, products = _catalogue_rows(till.engine)
    till.close()
    with write_tx(engine) as conn:
        upsert_categories(conn, cats)
        upsert_producers(conn, producers)
        upsert_products(conn, products)


# --- PostgreSQL and the server databases -------------------------------------------------------------


@pytest.fixture(scope="session")
def sqlite_template(templates: Templates) -> Path:
    path = templates.root / "server-template.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    seed_server_catalogue(engine, templates.catalogue_home)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_server: PgServer, templates: Templates) -> str:
    url = create_database(pg_server, "ocop_template")
    engine = make_engine(url)
    upgrade(engine)
    seed_server_catalogue(engine, templates.catalogue_home)
    engine.dispose()
    return "ocop_template"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerDb]:
    """A fresh server database with the template catalogue, on each dialect."""
    if request.param == "sqlite":
        path = tmp_path / "server.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield ServerDb("sqlite", f"sqlite:///{path}")
        return
    pg: PgServer = request.getfixturevalue("pg_server")  # PostgreSQL missing: this fails, it does not skip
    template = request.getfixturevalue("pg_template")
    name = f"ocop_t{next(_db_names)}"
    url = create_database(pg, name, template=template)
    yield ServerDb("postgresql", url)
    drop_database(pg, name)


# --- a running server ---------------------------------------------------------------------------------


@pytest.fixture
def server(server_db: ServerDb) -> Iterator[LiveServer]:
    live = LiveServer(server_db).start()
    yield live
    live.stop()


@pytest.fixture
def pg_live(pg_server: PgServer, pg_template: str) -> Iterator[LiveServer]:
    """The real server on a fresh PostgreSQL database holding the tills' catalogue (the several-tills stories
    run on PostgreSQL only: missing, it fails, it does not skip)."""
    name = f"ocop_live{next(_db_names)}"
    live = LiveServer(ServerDb("postgresql", create_database(pg_server, name, template=pg_template))).start()
    yield live
    live.stop()
    drop_database(pg_server, name)


# --- tills --------------------------------------------------------------------------------------------


@pytest.fixture
def make_till(templates: Templates, tmp_path: Path) -> Iterator[Callable[[str], Terminal]]:
    """``make_till("T01")``: a copy of a template till (catalogue + sales in its outbox)."""
    opened: list[Terminal] = []

    def make(code: str = "T01", *, empty: bool = False) -> Terminal:
        home = tmp_path / f"till-{code}-{len(opened)}"
        shutil.copytree(templates.catalogue_home if empty else templates.tills[code], home)
        if empty:
            s = load_settings(home)
            s.terminal.code = code
            s.save()
        till = open_till(home)
        opened.append(till)
        return till

    yield make
    for t in opened:
        t.close()
