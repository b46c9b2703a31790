"""Work that must never run on the GUI thread: printing (paper, cables, Wi-Fi printers) and device checks.

:class:`PrintWorker` is the till's print worker: one thread, jobs run one at a time in the order they were
submitted (a receipt, a reprint, a drawer kick, a change of printer), and results come back through signals, so
a slow or missing printer only ever shows as a message — the cashier is already serving the next customer.
``submit(sale_id)`` calls the given ``print_receipt(sale_id)``; ``run(label, fn)`` runs any other printer job.

:class:`Background` runs one slow call (a connection test) on a throw-away thread and hands the result back on
the GUI thread.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pos.errors import PosError
from pos.receipts.queue import failure_words
from ui.qt import QObject, Signal

log = logging.getLogger(__name__)

PrintFunction = Callable[[str], object]
_STOP = object()


@dataclass(frozen=True)
class _Job:
    label: str
    fn: Callable[[], object]
    sale_id: str = ""


class PrintWorker(QObject):
    """The print worker thread. ``submit``/``run`` return at once; the signals arrive on the GUI thread."""

    printed = Signal(str)  # sale id
    failed = Signal(str, str, str)  # sale id, message vi, message en
    job_done = Signal(str, object)  # label, result
    job_failed = Signal(str, str, str)  # label, message vi, message en

    def __init__(self, print_receipt: PrintFunction | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._print = print_receipt
        self._jobs: queue.Queue[object] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="receipt-printer", daemon=True)
        self._thread.start()

    def submit(self, sale_id: str) -> None:
        """Print a committed sale's receipt with the injected ``print_receipt``."""
        if self._print is None:
            raise RuntimeError("this worker has no print_receipt function")
        fn = self._print
        self._jobs.put(_Job("receipt", lambda: fn(sale_id), sale_id))

    def run(self, label: str, fn: Callable[[], object]) -> None:
        """Run ``fn`` on the worker thread after everything queued before it."""
        self._jobs.put(_Job(label, fn))

    def stop(self, timeout_s: float = 5.0) -> None:
        """Finish what is queued (up to ``timeout_s``) and end the thread."""
        self._jobs.put(_STOP)
        self._thread.join(timeout_s)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is _STOP:
                return
            assert isinstance(job, _Job)
            try:
                result = job.fn()
            except Exception as exc:  # a printer driver's bug must not kill the worker
                if not isinstance(exc, PosError):
                    log.exception("print job %s failed", job.label)
                vi, en = failure_words(exc)
                if job.sale_id:
                    self.failed.emit(job.sale_id, vi, en)
                else:
                    self.job_failed.emit(job.label, vi, en)
                continue
            if job.sale_id:
                self.printed.emit(job.sale_id)
            else:
                self.job_done.emit(job.label, result)


class Background(QObject):
    """One call on its own thread; ``done(result)`` or ``failed(exception)`` arrives on the GUI thread.

    Keep a reference until a signal arrives (the owner usually stores it as an attribute).
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self, fn: Callable[[], Any], name: str = "background", parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)

    def start(self) -> Background:
        self._thread.start()
        return self

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _work(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            log.info("background call failed: %s", exc)
            self.failed.emit(exc)
            return
        self.done.emit(result)
