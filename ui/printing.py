"""The till's receipt printer as the GUI sees it: the core print service behind the print worker, and its state.

``pos.receipts.service.ReceiptPrinter`` lays receipts out and feeds the persistent print queue, whose own thread
talks to the printer. :class:`TillPrinter` owns one, and touches it only from the print worker's thread
(``ui.workers.PrintWorker``), in order: rendering a receipt (tens of milliseconds), a reprint, a drawer kick, a
report, a change of printer (stopping a queue that is waiting on a dead printer can take seconds). The GUI thread
only submits and listens. The queue reports its state on its own thread; that is re-emitted through a Qt signal,
so the status bar is updated on the GUI thread.

With ``kind = "none"`` (no printer set up) nothing is queued: a till without a printer must not print a week of
receipts the day one is plugged in. Reprints come from the database, so any receipt can still be printed later.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from pos.errors import ConfigError, PosError
from pos.receipts.connections import not_configured
from pos.receipts.document import ReceiptDoc
from pos.receipts.printer_config import PrinterConfig
from pos.receipts.printer_status import PrinterStatus
from pos.receipts.queue import QueueState
from pos.receipts.service import ReceiptPrinter as CorePrinter
from pos.receipts.service import printer_config
from pos.settings import Settings
from ui.i18n import core_words
from ui.qt import QObject, Signal
from ui.workers import PrintFunction, PrintWorker

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrinterState:
    """What the status bar shows about the receipt printer."""

    configured: bool
    online: bool = True
    pending: int = 0
    error_vi: str = ""
    error_en: str = ""
    status: PrinterStatus | None = None
    where: str = ""

    @property
    def level(self) -> str:
        """``off`` (no printer), ``ok``, ``busy`` (printing), ``warn`` (paper low) or ``error``."""
        if not self.configured:
            return "error" if self.error_en else "off"
        if not self.online:
            return "error"
        if self.status is not None and self.status.paper_near_end:
            return "warn"
        return "busy" if self.pending else "ok"

    def problem(self, lang: str) -> str:
        """Why it does not print, in ``lang`` (the printer's own report first); empty when nothing is wrong."""
        if self.status is not None and self.status.problems():
            return self.status.summary(lang)
        return core_words(self.error_vi, self.error_en, lang)

    @classmethod
    def from_queue(cls, state: QueueState, where: str) -> PrinterState:
        return cls(
            True,
            state.online,
            state.pending,
            state.last_error_vi or "",
            state.last_error_en or "",
            state.printer_status,
            where,
        )


NO_PRINTER = PrinterState(False)


class TillPrinter(QObject):
    """Print receipts, copies, reports and drawer kicks without ever blocking the GUI thread.

    ``print_receipt`` replaces the core for sale receipts (an embedding or a test may print elsewhere); everything
    else still goes to the configured printer.
    """

    status_changed = Signal(object)  # PrinterState
    failed = Signal(str, str, str)  # what ("receipt", "reprint", "drawer", ...), message vi, message en
    done = Signal(str, object)  # what, result
    _queue_state = Signal(object)  # (generation, QueueState | PrinterState) from other threads

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        config: PrinterConfig | None = None,
        print_receipt: PrintFunction | None = None,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 10.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.settings = settings
        self._retry = (retry_initial_s, retry_max_s)
        self._config_error: ConfigError | None = None
        if config is None:
            try:
                config = printer_config(settings)
            except ConfigError as exc:  # a broken [printer] table must not stop the till from selling
                log.warning("printer settings: %s", exc.en)
                self._config_error = exc
                config = PrinterConfig()
        self._config = config
        self._generation = 0
        self._core: CorePrinter | None = None  # touched only on the worker thread
        self.state = (
            PrinterState(False, False, 0, self._config_error.vi, self._config_error.en)
            if self._config_error is not None
            else PrinterState(config.kind != "none", where=config.label)
        )
        self.worker = PrintWorker(print_receipt or self._print_sale_now, self)
        self.worker.failed.connect(self._sale_failed)
        self.worker.job_failed.connect(self._job_failed)
        self.worker.job_done.connect(self._job_done)
        self._queue_state.connect(self._on_queue_state)
        self._started = False

    # --- life cycle (GUI thread) ---------------------------------------------------------------------------
    @property
    def config(self) -> PrinterConfig:
        return self._config

    def start(self) -> None:
        """Open the print queue (its thread starts printing what is waiting from before)."""
        if self._started:
            return
        self._started = True
        config, generation = self._config, self._generation
        self.worker.run("start", lambda: self._open_core(config, generation))

    def reconfigure(self, config: PrinterConfig) -> None:
        """Use ``config`` from now on: the queue is restarted on the new printer; waiting receipts go there."""
        self._config = config
        self._config_error = None
        self._generation += 1
        generation = self._generation
        self.state = PrinterState(config.kind != "none", where=config.label)
        self.status_changed.emit(self.state)
        self._started = True
        self.worker.run("reconfigure", lambda: self._open_core(config, generation))

    def stop(self, timeout_s: float = 5.0) -> None:
        """Stop the queue's thread and the worker (receipts not printed yet wait in the queue file)."""
        self.worker.run("stop", self._close_core)
        self.worker.stop(timeout_s + 1.0)

    # --- jobs (GUI thread; run on the worker) -------------------------------------------------------------
    def print_sale(self, sale_id: str) -> None:
        """The committed sale's receipt (and, for cash, the drawer)."""
        self.worker.submit(sale_id)

    def reprint(self, sale_id: str) -> None:
        """A copy of any receipt, marked as a copy."""
        self.worker.run("reprint", lambda: self._need_core().reprint(sale_id))

    def open_drawer(self, reason: str) -> None:
        """Pulse the drawer (the caller has checked the permission and audited it)."""
        self.worker.run("drawer", lambda: self._need_core().open_drawer(reason))

    def print_document(self, doc: ReceiptDoc, ref: str = "") -> None:
        """An X or Z report, a label: laid out for this printer and queued behind the receipts."""

        def job() -> int:
            core = self._need_core()
            from pos.receipts.layout import render  # on the print worker's thread, not at start-up

            data = render(doc, width_mm=core.config.width_mm, mode=core.config.mode)
            return core.queue.submit(data, kind=doc.kind, ref=ref or doc.kind)

        self.worker.run("document", job)

    def print_test_page(self) -> None:
        self.worker.run("test", lambda: self._need_core().print_test_page())

    def retry_now(self) -> None:
        """Try the printer again at once (the cashier fixed it)."""
        core = self._core
        if core is not None:
            core.queue.retry_now()

    # --- the worker thread ----------------------------------------------------------------------------------
    def _open_core(self, config: PrinterConfig, generation: int) -> None:
        self._close_core()
        if config.kind == "none":
            if self._config_error is None:
                self._queue_state.emit((generation, PrinterState(False)))
            return
        where = config.label

        def on_status(state: QueueState) -> None:  # on the queue's thread
            self._queue_state.emit((generation, PrinterState.from_queue(state, where)))

        core = CorePrinter(
            self.engine,
            self.settings,
            config=config,
            on_status=on_status,
            retry_initial_s=self._retry[0],
            retry_max_s=self._retry[1],
        )
        try:
            core.start()
        except PosError:
            core.queue.close(0.1)
            raise
        self._core = core

    def _close_core(self) -> None:
        core, self._core = self._core, None
        if core is not None:
            core.queue.close()

    def _need_core(self) -> CorePrinter:
        core = self._core
        if core is None:
            raise not_configured()
        return core

    def _print_sale_now(self, sale_id: str) -> object:
        core = self._core
        return None if core is None else core.print_sale(sale_id)

    # --- back on the GUI thread -------------------------------------------------------------------------------
    def _on_queue_state(self, item: Any) -> None:
        generation, state = item
        if generation != self._generation:
            return  # from a queue that was replaced
        self.state = state
        self.status_changed.emit(state)

    def _sale_failed(self, _sale_id: str, vi: str, en: str) -> None:
        self.failed.emit("receipt", vi, en)

    def _job_failed(self, what: str, vi: str, en: str) -> None:
        if what in ("start", "reconfigure"):
            self.state = PrinterState(True, False, self.state.pending, vi, en, where=self._config.label)
            self.status_changed.emit(self.state)
        self.failed.emit(what, vi, en)

    def _job_done(self, what: str, result: object) -> None:
        self.done.emit(what, result)
