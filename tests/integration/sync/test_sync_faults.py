"""Faults between till and server: lost requests, lost answers, cut answers, a server killed mid-batch.

Whatever happens, the server ends up with every sale exactly once, to the đồng.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sync_faultproxy import FaultProxy
from sync_helpers import (
    LiveServer,
    ServerDb,
    assert_server_has_exactly,
    drain,
    free_port,
    outbox_size,
    register,
    wait_for,
)

from pos.backoff import Backoff
from pos.server.db import make_engine
from pos.server.provisioning import add_store, add_terminal
from pos.sync.errors import OfflineError, SyncError
from pos.sync.registration import register_terminal
from pos.sync.rounds import client_for
from pos.sync.status import SyncStatus
from pos.sync.worker import SyncWorker
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]
ROOT = Path(__file__).resolve().parents[3]


def test_faulty_network_loses_and_duplicates_nothing(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    proxy = FaultProxy(server.port, seed=7).start()
    try:
        register(till, server)  # directly: the credential exchange is not what is tested here
        from pos.sync import state

        reg = state.load_registration(till.engine)
        assert reg is not None
        state.save_registration(
            till.engine,
            state.Registration(
                proxy.url, reg.token, reg.terminal_id, reg.terminal_code, reg.store_code, reg.store_name
            ),
            reset_cursor=False,
        )
        queued = outbox_size(till.engine)
        errors: list[SyncError] = []
        with client_for(till.engine, timeout=10) as client:
            report, failures = drain(till.engine, client, batch_size=12, on_error=errors.append)
    finally:
        proxy.stop()
    assert failures > 0 and all(isinstance(e, OfflineError) for e in errors), errors
    for fault in ("drop", "delay", "reset", "truncate"):
        assert proxy.counts[fault] >= 1, proxy.counts
    assert report.all_sent
    assert assert_server_has_exactly(till, server.engine) == queued
    assert server.scalar("SELECT COUNT(*) FROM quarantine") == 0
    # The catalogue came through the same faults, complete.
    n_products = server.scalar("SELECT COUNT(*) FROM products")
    cursor = till.engine.connect().execute(
        text("SELECT value FROM terminal_state WHERE key = 'sync.catalogue_cursor'")
    )
    assert cursor.scalar()
    assert till.engine.connect().execute(text("SELECT COUNT(*) FROM products")).scalar_one() == n_products


class ServerProcess:
    """``ocop-pos server`` in its own process, so it can be killed with SIGKILL and started again."""

    def __init__(self, db: ServerDb, port: int, log: Path) -> None:
        self.db = db
        self.port = port
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "pos.cli",
                    "server",
                    "--database-url",
                    self.db.url,
                    "--port",
                    str(self.port),
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=ROOT,
            )

        def up() -> bool:
            assert self.proc is not None and self.proc.poll() is None, self.log.read_text()[-3000:]
            try:
                return httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(up, timeout=60, step=0.1)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None


@pytest.fixture
def server_process(server_db: ServerDb, tmp_path: Path) -> Iterator[ServerProcess]:
    engine = make_engine(server_db.url)
    from pos.server.db import upgrade

    upgrade(engine)
    add_store(engine, "QN-HL01", "Trung tâm OCOP Hạ Long")
    engine.dispose()
    proc = ServerProcess(server_db, free_port(), tmp_path / "server.log")
    yield proc
    proc.kill()


def test_server_killed_and_restarted_mid_upload(server_process: ServerProcess, make_till: MakeTill) -> None:
    till = make_till("T01")
    server_process.start()
    engine = make_engine(server_process.db.url)
    try:
        code = add_terminal(engine, "QN-HL01", till.code).code
        register_terminal(till.settings, till.engine, f"http://127.0.0.1:{server_process.port}", code)
        queued = outbox_size(till.engine)
        statuses: list[SyncStatus] = []
        worker = SyncWorker(
            till.engine, interval_s=0.2, batch_size=8, on_status=statuses.append, backoff=Backoff(0.05, 0.4)
        )

        def stored() -> int:
            with engine.connect() as c:
                n = int(c.execute(text("SELECT COUNT(*) FROM sales")).scalar_one())
                c.rollback()
            return n

        worker.start()
        try:
            wait_for(lambda: stored() >= 20, timeout=60, step=0.005)
            server_process.kill()  # SIGKILL while batches are going in
            killed_at = stored()
            assert killed_at < queued
            wait_for(lambda: any(not s.online for s in statuses), timeout=30)
            time.sleep(0.3)  # a few failed attempts with backoff
            server_process.start()
            worker.sync_now()
            wait_for(lambda: worker.status.online and worker.status.queued == 0, timeout=90, step=0.05)
        finally:
            worker.stop()
        offline = [s for s in statuses if not s.online and s.last_error_en]
        assert offline and offline[-1].queued > 0
        assert outbox_size(till.engine) == 0
        assert assert_server_has_exactly(till, engine) == queued
    finally:
        engine.dispose()
