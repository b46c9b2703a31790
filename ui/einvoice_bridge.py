"""The till's e-invoice sender (``pos.einvoice.worker.EInvoiceWorker``, a plain thread) as a Qt signal for the status
bar, like the sync bridge: the worker reports on its own thread, the bridge re-emits on the GUI thread."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from pos.einvoice.worker import EInvoiceWorker, ProviderFactory, SenderStatus
from ui.qt import QObject, Signal


class EInvoiceBridge(QObject):
    status_changed = Signal(object)  # SenderStatus, on the GUI thread
    _from_worker = Signal(object)

    def __init__(
        self,
        engine: Engine,
        provider_factory: ProviderFactory,
        *,
        interval_s: float = 30.0,
        parent: QObject | None = None,
        **worker_kwargs: Any,
    ) -> None:
        super().__init__(parent)
        self._from_worker.connect(self._on_status)
        self.worker = EInvoiceWorker(
            engine, provider_factory, interval_s=interval_s, on_status=self._from_worker.emit, **worker_kwargs
        )
        self.status: SenderStatus = self.worker.status

    def start(self) -> None:
        self.worker.start()

    def stop(self, timeout_s: float = 5.0) -> None:
        self.worker.stop(timeout_s)

    def send_now(self) -> None:
        self.worker.send_now()

    def sale_committed(self) -> None:
        """A sale (maybe with an invoice) was committed: it is sent within seconds."""
        self.worker.nudge()

    def refresh(self) -> None:
        """States may have changed elsewhere (a sync brought head office's, a manager retried one): look again."""
        self.worker.send_now()

    def _on_status(self, status: SenderStatus) -> None:
        self.status = status
        self.status_changed.emit(status)
