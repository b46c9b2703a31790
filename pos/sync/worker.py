"""The sync worker: rounds on a plain thread, never the GUI's, with backoff while the server cannot be reached.

The GUI wraps it (Qt signals) and gets ``on_status(SyncStatus)`` after every change of state and
``on_catalogue_changed(n)`` when a round brought catalogue changes (reload VAT rates, refresh favourites). Callbacks
run on the worker thread. ``sync_now()`` forces a round at once (the "Sync now" button); ``notify_outbox_changed()``
after a sale refreshes the queue length and, while online, sends the sale within a few seconds.
``first_round_delay_s`` holds the first round back: the till starts it a few seconds after its window is up, so
loading the HTTP client (~0.5 s of imports, on this thread but holding the GIL) does not slow the start.

Nothing the worker needs is kept only in memory: the outbox, the cursor and the credential are in the database, so
a restart (of the till or of the server) just continues.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from pos.backoff import Backoff
from pos.db import write_tx
from pos.sync import outbox, state
from pos.sync.errors import NotRegistered, RejectedError, SyncError
from pos.sync.sizes import DEFAULT_BATCH, DEFAULT_PAGE
from pos.sync.status import SyncStatus

if TYPE_CHECKING:  # the HTTP client and the rounds (httpx, pydantic: ~0.5 s) load with the first round, not
    # when the GUI builds its status bar
    from pos.sync.client import SyncClient
    from pos.sync.rounds import RoundReport

log = logging.getLogger("pos.sync")
ClientFactory = Callable[[state.Registration], "SyncClient"]


def _default_client(reg: state.Registration) -> SyncClient:
    from pos.sync.client import SyncClient

    return SyncClient(reg.server_url, reg.token)


class SyncWorker:
    def __init__(
        self,
        engine: Engine,
        *,
        interval_s: float = 30.0,
        batch_size: int = DEFAULT_BATCH,
        page_size: int = DEFAULT_PAGE,
        on_status: Callable[[SyncStatus], None] | None = None,
        on_catalogue_changed: Callable[[int], None] | None = None,
        client_factory: ClientFactory | None = None,
        backoff: Backoff | None = None,
        nudge_gap_s: float = 3.0,
        first_round_delay_s: float = 0.0,
    ) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.batch_size = batch_size
        self.page_size = page_size
        self.on_status = on_status
        self.on_catalogue_changed = on_catalogue_changed
        self.nudge_gap_s = nudge_gap_s
        self.first_round_delay_s = first_round_delay_s
        self._client_factory = client_factory or _default_client
        self._backoff = backoff or Backoff()
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._now = False
        self._nudged = False
        self._thread: threading.Thread | None = None
        self._client: SyncClient | None = None
        self._client_key: tuple[str, str] | None = None
        self._last_round_end = 0.0
        self._status = SyncStatus(online=False, queued=0, last_success_at=state.last_success(engine))

    # --- control (any thread) ---------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="ocop-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to finish (between batches) and wait for it."""
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._client is not None:
            self._client.close()
            self._client = None

    def sync_now(self) -> None:
        with self._cond:
            self._now = True
            self._cond.notify_all()

    def notify_outbox_changed(self) -> None:
        """A sale was committed: the worker refreshes the queue length and, while online, sends it soon."""
        with self._cond:
            self._nudged = True
            self._cond.notify_all()

    @property
    def status(self) -> SyncStatus:
        return self._status

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- the round --------------------------------------------------------------------------------------
    def _client_for(self, reg: state.Registration) -> SyncClient:
        key = (reg.server_url, reg.token)
        if self._client is None or self._client_key != key:
            if self._client is not None:
                self._client.close()
            self._client = self._client_factory(reg)
            self._client_key = key
        return self._client

    def run_once(self) -> RoundReport:
        """One round on the calling thread; raises ``SyncError`` like ``sync_round``."""
        reg = state.load_registration(self.engine)
        if reg is None:  # a till that was never registered has no use for the HTTP client: not even imported
            raise NotRegistered()
        from pos.sync.rounds import sync_round

        report = sync_round(
            self.engine,
            self._client_for(reg),
            batch_size=self.batch_size,
            page_size=self.page_size,
            stop=self._stop,
        )
        if report.catalogue_changes and self.on_catalogue_changed is not None:
            self.on_catalogue_changed(report.catalogue_changes)
        return report

    def _attempt(self) -> float:
        """Run a round, publish the outcome, return the delay before the next one."""
        self._emit(syncing=True)
        try:
            report = self.run_once()
        except SyncError as exc:
            return self._failed(
                exc, online=isinstance(exc, RejectedError), registered=not isinstance(exc, NotRegistered)
            )
        except Exception as exc:  # never let the thread die: a locked database, a bug — log, back off, retry
            log.exception("sync round failed")
            err = SyncError(
                f"Lỗi đồng bộ: {exc.__class__.__name__}", f"Sync failed: {exc.__class__.__name__}: {exc}"
            )
            return self._failed(err, online=False, registered=True)
        self._backoff.reset()
        self._last_round_end = time.monotonic()
        self._status = SyncStatus(
            online=True,
            queued=report.left.total,
            last_success_at=report.finished_at,
            quarantined=report.left.quarantined,
        )
        self._publish()
        return self.interval_s

    def _failed(self, exc: SyncError, *, online: bool, registered: bool) -> float:
        delay = self._backoff.next_delay()
        if not exc.retryable:
            delay = max(delay, self._backoff.cap_s)
        self._last_round_end = time.monotonic()
        try:
            with write_tx(self.engine) as conn:
                state.put(conn, state.LAST_ERROR, f"{exc.en} / {exc.vi}"[:2000])
            counts = outbox.counts(self.engine)
        except Exception:  # the database itself is the problem; still report
            counts = outbox.OutboxCounts(self._status.queued, self._status.quarantined)
        log.warning("sync: %s (next try in %.0f s)", exc.en, delay)
        self._status = SyncStatus(
            online=online,
            queued=counts.total,
            last_success_at=self._status.last_success_at,
            last_error_vi=exc.vi,
            last_error_en=exc.en,
            quarantined=counts.quarantined,
            registered=registered,
            syncing=False,
            next_attempt_in_s=delay,
        )
        self._publish()
        return delay

    def _emit(self, *, syncing: bool = False, queued_only: bool = False) -> None:
        try:
            counts = outbox.counts(self.engine)
        except Exception:
            return
        s = self._status
        self._status = dataclasses.replace(
            s,
            queued=counts.total,
            quarantined=counts.quarantined,
            syncing=syncing if not queued_only else s.syncing,
        )
        self._publish()

    def _publish(self) -> None:
        if self.on_status is not None:
            try:
                self.on_status(self._status)
            except Exception:
                log.exception("on_status callback failed")

    def _run(self) -> None:
        self._emit()
        if self.first_round_delay_s > 0:  # ``sync_now()`` (or a sale) still starts it at once
            self._wait(self.first_round_delay_s)
        while not self._stop.is_set():
            with self._cond:
                self._now = False
                self._nudged = False
            delay = self._attempt()
            self._wait(delay)

    def _wait(self, delay: float) -> None:
        """Sleep until the next round is due, ``sync_now()`` or ``stop()``; a nudge brings the round forward."""
        deadline = time.monotonic() + delay
        while True:
            with self._cond:
                if self._stop.is_set() or self._now:
                    return
                nudged, self._nudged = self._nudged, False
            if nudged:
                self._emit(queued_only=True)  # on this thread, like every callback
                if self._status.online:
                    deadline = min(deadline, self._last_round_end + self.nudge_gap_s)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            with self._cond:
                if not (self._stop.is_set() or self._now or self._nudged):
                    self._cond.wait(remaining)
