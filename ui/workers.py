"""Work that must never run on the GUI thread: printing receipts (paper, cables, Wi-Fi printers).

The till is given a ``print_receipt(sale_id)`` function (the lead wires the real receipt builder and print queue;
without one, nothing is printed). :class:`ReceiptPrinter` calls it on its own thread, one sale at a time in the
order they were committed, and reports back through signals, so a slow or missing printer only ever shows as a
message in the status line — the cashier is already serving the next customer.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from pos.errors import PosError
from ui.qt import QObject, Signal

log = logging.getLogger(__name__)

PrintFunction = Callable[[str], None]
_STOP = object()


class ReceiptPrinter(QObject):
    """A print worker thread. ``submit`` returns at once; ``printed``/``failed`` arrive on the GUI thread."""

    printed = Signal(str)  # sale id
    failed = Signal(str, str, str)  # sale id, message vi, message en

    def __init__(self, print_receipt: PrintFunction, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._print = print_receipt
        self._jobs: queue.Queue[object] = queue.Queue()
        self._thread = threading.Thread(target=self._work, name="receipt-printer", daemon=True)
        self._thread.start()

    def submit(self, sale_id: str) -> None:
        self._jobs.put(sale_id)

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
            sale_id = str(job)
            try:
                self._print(sale_id)
            except PosError as exc:
                self.failed.emit(sale_id, exc.vi, exc.en)
            except Exception as exc:  # a printer driver's bug must not kill the worker
                log.exception("printing %s failed", sale_id)
                self.failed.emit(
                    sale_id,
                    f"Lỗi in hoá đơn: {exc.__class__.__name__}",
                    f"Printing failed: {exc.__class__.__name__}",
                )
            else:
                self.printed.emit(sale_id)
