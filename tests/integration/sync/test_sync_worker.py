"""The sync worker on its thread: status for the status bar, backoff while offline, "Sync now", new sales nudging."""

from __future__ import annotations

import random
import subprocess
import sys
import threading
from collections.abc import Callable

from sync_helpers import LiveServer, free_port, outbox_size, register, wait_for

from pos.backoff import Backoff
from pos.demo.simulate import simulate
from pos.sync import state
from pos.sync.status import SyncStatus
from pos.sync.worker import SyncWorker
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def test_backoff_grows_exponentially_with_jitter_up_to_a_cap() -> None:
    b = Backoff(2.0, 60.0, rng=random.Random(4))
    delays = [b.next_delay() for _ in range(10)]
    steps = [min(60.0, 2.0 * 2**n) for n in range(10)]
    for d, step in zip(delays, steps, strict=True):
        assert step / 2 <= d <= step
    assert len({round(d, 6) for d in delays}) == len(delays)  # jittered, not a fixed schedule
    assert max(delays) <= 60.0 and delays[-1] >= 30.0
    other = Backoff(2.0, 60.0, rng=random.Random(5))
    assert [other.next_delay() for _ in range(3)] != delays[:3]  # two tills do not retry in step
    b.reset()
    assert b.failures == 0 and b.next_delay() <= 2.0


def test_worker_reports_offline_then_catches_up(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    statuses: list[SyncStatus] = []
    changed: list[int] = []
    lock = threading.Lock()

    def on_status(s: SyncStatus) -> None:
        with lock:
            statuses.append(s)

    def new_worker() -> SyncWorker:
        return SyncWorker(
            till.engine,
            interval_s=30,
            batch_size=50,
            on_status=on_status,
            on_catalogue_changed=changed.append,
            backoff=Backoff(0.05, 0.2),
            nudge_gap_s=0.05,
        )

    worker = new_worker()
    worker.start()
    try:
        wait_for(lambda: any(not s.registered for s in statuses))
        assert "register" in worker.status.last_error_en
        # Registered, but head office unreachable. The worker retries every 0.05–0.2 s, so it is stopped while the
        # till registers and its address is swapped for a dead one: a retry in between would reach the server.
        worker.stop()
        register(till, server)
        reg = state.load_registration(till.engine)
        assert reg is not None
        dead = state.Registration(
            f"http://127.0.0.1:{free_port()}",
            reg.token,
            reg.terminal_id,
            reg.terminal_code,
            reg.store_code,
            reg.store_name,
        )
        state.save_registration(till.engine, dead, reset_cursor=False)
        worker = new_worker()
        worker.start()
        wait_for(
            lambda: (
                worker.status.registered
                and not worker.status.online
                and worker.status.last_error_vi != ""
                and "reach" in worker.status.last_error_en
            )
        )
        queued = outbox_size(till.engine)
        assert worker.status.queued == queued and worker.status.last_success_at is None
        assert worker.status.next_attempt_in_s is not None
        state.save_registration(till.engine, reg, reset_cursor=False)  # the network is back
        worker.sync_now()
        wait_for(lambda: worker.status.online and worker.status.queued == 0, timeout=60)
        assert worker.status.last_success_at is not None and worker.status.last_error_en == ""
        assert changed and changed[0] > 0  # the first pull brought the server's catalogue and VAT
        assert server.scalar("SELECT COUNT(*) FROM sales") == queued
        # A new sale, and the GUI says so: it goes up without waiting for the 30 s interval.
        simulate(till, 1, seed=1)
        worker.notify_outbox_changed()
        wait_for(lambda: server.scalar("SELECT COUNT(*) FROM sales") >= queued + 1, timeout=30)
        wait_for(lambda: worker.status.queued == 0 and worker.status.online)
        assert any(s.syncing for s in statuses)
    finally:
        worker.stop()
    assert not worker.running


def test_the_first_round_waits_for_its_delay_unless_asked_and_an_unregistered_till_loads_no_http(
    make_till: MakeTill,
) -> None:
    """The till holds its first round back a few seconds after start; "Sync now" does not wait. A till that was
    never registered does not import the HTTP client at all (a subprocess, so the test's own imports don't count)."""
    till = make_till("T01")
    statuses: list[SyncStatus] = []
    worker = SyncWorker(till.engine, interval_s=30, on_status=statuses.append, first_round_delay_s=3600)
    worker.start()
    try:
        wait_for(lambda: len(statuses) >= 1)  # the queue length is shown at once...
        assert all(not s.syncing for s in statuses) and worker.status.registered  # ...no round yet
        worker.sync_now()
        wait_for(lambda: not worker.status.registered)  # the round ran: "register this till first"
    finally:
        worker.stop()
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pos.settings import load_settings\n"
        "from pos.db import open_database\n"
        "from pos.sync.worker import SyncWorker\n"
        "from pos.sync.errors import NotRegistered\n"
        f"engine = open_database(load_settings(Path({str(till.settings.home)!r})).db_path)\n"
        "try:\n"
        "    SyncWorker(engine).run_once()\n"
        "except NotRegistered:\n"
        "    print(sorted(m for m in ('httpx', 'pydantic', 'pos.sync.client') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]"
