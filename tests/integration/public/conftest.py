"""The public pages' fixtures: the demo network (``seed_network``, which also publishes the demo catalogue) on
SQLite and on a real PostgreSQL, served by the real app under uvicorn on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine, text

from pos.demo.network import SeedPlan, seed_network
from pos.server.app import create_app
from pos.server.db import make_engine, upgrade
from pos.server.settings import ServerSettings
from tests.pg import PgServer, create_database

PLAN = SeedPlan(stores=4, tills=4, days=14, seed=11, sales_per_till_day=6)


@dataclass
class Public:
    dialect: str
    engine: Engine
    base: str
    files: Path

    def client(self, **headers: str) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=60, headers=headers)

    def rows(self, sql: str, **params: object) -> list[tuple[object, ...]]:
        with self.engine.connect() as c:
            out = [tuple(r) for r in c.execute(text(sql), params)]
            c.rollback()
        return out


def serve(app: object) -> tuple[uvicorn.Server, threading.Thread, str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.02)
    return server, thread, f"http://127.0.0.1:{sock.getsockname()[1]}"


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def public(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Public]:
    root: Path = tmp_path_factory.mktemp(f"public-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{root / 'server.sqlite3'}"
    else:
        pg: PgServer = request.getfixturevalue("pg_server")  # PostgreSQL missing: fails, never skips
        url = create_database(pg, "public_tests")
    engine = make_engine(url)
    upgrade(engine)
    seed_network(engine, PLAN)
    settings = ServerSettings(
        database_url=url, files_dir=str(root / "files"), public_rate_per_minute=6000, public_burst=6000
    )
    server, thread, base = serve(create_app(settings, engine=engine, migrate=False))
    yield Public(request.param, engine, base, root / "files")
    server.should_exit = True
    thread.join(10)
    engine.dispose()
