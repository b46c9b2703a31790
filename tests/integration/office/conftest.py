"""Fixtures of the office tests: a small seeded network (``seed_network``) on SQLite and on a real PostgreSQL,
served by the real app under uvicorn on 127.0.0.1, with an account of each role.

Seeded once per database for the session: the tests that change something change only what they create.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from office_helpers import Office, seed

from pos.server.app import create_app
from pos.server.settings import ServerSettings
from tests.pg import PgServer, create_database


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def office(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    root: Path = tmp_path_factory.mktemp(f"office-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{root / 'server.sqlite3'}"
    else:
        pg: PgServer = request.getfixturevalue("pg_server")  # PostgreSQL missing: fails, never skips
        url = create_database(pg, "office_tests")
    engine = seed(url)
    app = create_app(
        ServerSettings(database_url=url, files_dir=str(root / "files")), engine=engine, migrate=False
    )
    sock = socket.socket()
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "server did not start"
        time.sleep(0.02)
    yield Office(request.param, url, engine, f"http://127.0.0.1:{sock.getsockname()[1]}")
    server.should_exit = True
    thread.join(10)
    engine.dispose()
