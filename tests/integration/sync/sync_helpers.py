"""Helpers of the sync tests: a live server, registering tills, draining outboxes, comparing what arrived."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from sqlalchemy import Engine, insert, text

from pos.ids import new_id
from pos.models import Staff
from pos.models.values import utcnow
from pos.server.app import create_app
from pos.server.provisioning import add_admin, add_store, add_terminal
from pos.server.settings import ServerSettings
from pos.settings import load_settings
from pos.staff.member import StaffMember
from pos.sync.client import SyncClient
from pos.sync.errors import SyncError
from pos.sync.registration import register_terminal
from pos.sync.rounds import RoundReport, sync_round
from pos.till.terminal import Terminal

STORE = "QN-HL01"


@dataclass
class ServerDb:
    dialect: str
    url: str


def open_till(home: Path) -> Terminal:
    return Terminal.open(load_settings(home))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """The real app under uvicorn on a thread, on 127.0.0.1."""

    def __init__(self, db: ServerDb, *, tls: tuple[Path, Path] | None = None, **settings: object) -> None:
        """``tls``: (certificate, key) PEM files to serve HTTPS with."""
        self.db = db
        self.tls = tls
        self.settings = ServerSettings(database_url=db.url, **settings)  # type: ignore[arg-type]
        self.app = create_app(self.settings)
        self.engine: Engine = self.app.state.engine
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Accepted sockets inherit this; without it Nagle + delayed ACK add 40 ms to every request.
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock.bind(("127.0.0.1", 0))
        self.port = int(self._sock.getsockname()[1])
        ssl = {"ssl_certfile": str(tls[0]), "ssl_keyfile": str(tls[1])} if tls else {}
        self._server = uvicorn.Server(
            uvicorn.Config(self.app, log_level="warning", timeout_keep_alive=30, **ssl)  # type: ignore[arg-type]
        )
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._sock]}, daemon=True
        )
        add_store(self.engine, STORE, "Trung tâm OCOP Hạ Long", district="Hạ Long")
        self.admin_token = add_admin(self.engine, "test head office")

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(10)
        self.engine.dispose()

    def admin(self) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, headers={"Authorization": f"Bearer {self.admin_token}"}, timeout=30
        )

    def provision(self, terminal_code: str, store: str = STORE) -> str:
        return add_terminal(self.engine, store, terminal_code).code

    def scalar(self, sql: str, **params: object) -> object:
        with self.engine.connect() as c:
            value = c.execute(text(sql), params).scalar()
            c.rollback()
        return value


def manager(till: Terminal) -> StaffMember:
    """A manager on the till (the core operations take the signed-in member; no PIN is needed here)."""
    who = StaffMember(new_id(), "M01", "Phạm Thu Hà", "manager")
    with till.engine.begin() as conn:
        conn.execute(
            insert(Staff),
            [
                {
                    "id": who.id,
                    "code": who.code,
                    "name": who.name,
                    "role": who.role,
                    "pin_hash": "-",
                    "active": True,
                    "failed_attempts": 0,
                    "locked_until": None,
                    "created_at": utcnow(),
                }
            ],
        )
    return who


def register(till: Terminal, server: LiveServer, url: str | None = None) -> None:
    """Provision ``till``'s terminal code at the server and register it (over HTTP, as the command does)."""
    code = server.provision(till.code)
    register_terminal(till.settings, till.engine, url or server.url, code)


def drain(
    engine: Engine,
    client: SyncClient,
    *,
    rounds: int = 200,
    batch_size: int = 50,
    on_error: Callable[[SyncError], None] | None = None,
) -> tuple[RoundReport, int]:
    """Sync rounds until one succeeds with an empty outbox; returns (last report, failed rounds)."""
    failures = 0
    for _ in range(rounds):
        try:
            report = sync_round(engine, client, batch_size=batch_size)
        except SyncError as exc:
            failures += 1
            if on_error is not None:
                on_error(exc)
            continue
        if report.all_sent:
            return report, failures
    raise AssertionError(f"outbox not drained after {rounds} rounds ({failures} failed)")


def _ts(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}.{value.microsecond:06d}"
    return str(value)


_SALE_SUMMARY = (
    "SELECT s.id, s.receipt_no, s.kind, s.total, s.created_at, "
    "(SELECT COUNT(*) FROM sale_lines l WHERE l.sale_id = s.id), "
    "(SELECT COALESCE(SUM(l.amount), 0) FROM sale_lines l WHERE l.sale_id = s.id), "
    "(SELECT COUNT(*) FROM payments p WHERE p.sale_id = s.id), "
    "(SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.sale_id = s.id), "
    "(SELECT COALESCE(SUM(v.vat), 0) FROM sale_vat v WHERE v.sale_id = s.id) "
    "FROM sales s WHERE s.terminal_code = :t"
)


def sale_summaries(engine: Engine, terminal_code: str) -> dict[str, tuple[Any, ...]]:
    with engine.connect() as c:
        rows = c.execute(text(_SALE_SUMMARY), {"t": terminal_code}).all()
        c.rollback()
    return {str(r[0]): (int(r[1]), str(r[2]), int(r[3]), _ts(r[4]), *(int(x) for x in r[5:])) for r in rows}


def assert_server_has_exactly(till: Terminal, server_engine: Engine) -> int:
    """Every sale the till made is on the server once, with the same lines, payments and VAT to the đồng."""
    mine = sale_summaries(till.engine, till.code)
    theirs = sale_summaries(server_engine, till.code)
    missing = set(mine) - set(theirs)
    extra = set(theirs) - set(mine)
    assert not missing, f"{len(missing)} sales lost"
    assert not extra, f"{len(extra)} sales the till never made"
    assert mine == theirs
    with server_engine.connect() as c:
        n = c.execute(
            text("SELECT COUNT(*) FROM sales WHERE terminal_code = :t"), {"t": till.code}
        ).scalar_one()
        total = c.execute(
            text("SELECT COALESCE(SUM(total), 0) FROM sales WHERE terminal_code = :t"), {"t": till.code}
        ).scalar_one()
        c.rollback()
    assert n == len(mine)
    assert total == sum(v[2] for v in mine.values())
    return len(mine)


def outbox_size(engine: Engine) -> int:
    with engine.connect() as c:
        n = c.execute(text("SELECT COUNT(*) FROM outbox")).scalar_one()
        c.rollback()
    return int(n)


def wait_for(predicate: Callable[[], bool], timeout: float = 30.0, step: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(step)
