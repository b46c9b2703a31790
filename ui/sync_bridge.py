"""The sync worker (``pos.sync.worker.SyncWorker``, a plain thread) as Qt signals for the status bar.

The worker calls ``on_status`` and ``on_catalogue_changed`` on its own thread; this bridge re-emits them through Qt
signals, which Qt delivers on the GUI thread (the bridge lives there), so widgets are only touched where they may be.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from pos.sync.status import SyncStatus
from pos.sync.worker import SyncWorker
from ui.qt import QObject, Signal


class SyncBridge(QObject):
    status_changed = Signal(object)  # SyncStatus, on the GUI thread
    catalogue_changed = Signal(int)  # how many catalogue rows a round brought
    _status_from_worker = Signal(object)
    _catalogue_from_worker = Signal(int)

    def __init__(
        self,
        engine: Engine,
        *,
        interval_s: float = 30.0,
        parent: QObject | None = None,
        **worker_kwargs: Any,
    ) -> None:
        super().__init__(parent)
        self._status_from_worker.connect(self._on_status)
        self._catalogue_from_worker.connect(self._on_catalogue)
        self.worker = SyncWorker(
            engine,
            interval_s=interval_s,
            on_status=self._status_from_worker.emit,
            on_catalogue_changed=self._catalogue_from_worker.emit,
            **worker_kwargs,
        )
        self.status: SyncStatus = self.worker.status

    def start(self) -> None:
        self.worker.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self.worker.stop(timeout_s)

    def sync_now(self) -> None:
        self.worker.sync_now()

    def sale_committed(self) -> None:
        """A new sale is in the outbox: the queue length changes, and it is sent soon while online."""
        self.worker.notify_outbox_changed()

    def _on_status(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    def _on_catalogue(self, changes: int) -> None:
        self.catalogue_changed.emit(changes)
