"""The till's receipt printer: from a committed sale id to a queued job, with the shop's printer settings.

``ReceiptPrinter.print_sale`` is what the GUI's print worker calls after a checkout has committed; it reads the
sale, lays the receipt out in the configured mode and width, and hands the bytes to the persistent
``PrintQueue`` (which never blocks: the printer may be off for hours). Cash sales open the drawer.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, text

from pos.digital_link import public_host
from pos.errors import DeviceError
from pos.receipts.connections import make_connection
from pos.receipts.from_sale import receipt_doc
from pos.receipts.printer_config import PrinterConfig
from pos.receipts.queue import PrintQueue, QueueState
from pos.settings import Settings

QUEUE_FILE = "print-queue.sqlite3"


def printer_config(settings: Settings) -> PrinterConfig:
    """The ``[printer]`` table of config.toml; no table means no printer (receipts wait in the queue)."""
    table = settings.device("printer") or {"kind": "none"}
    return PrinterConfig.from_dict(table)


def print_now(config: PrinterConfig, data: bytes) -> str:
    """Send ``data`` to the printer at once, outside the till's queue (the command line: shelf labels), and wait
    for it to take them. Raises ``DeviceError`` (nothing printed) when there is no printer, it cannot be reached,
    or it says it cannot print (paper out, cover open). Returns where it printed, for the message."""
    connection = make_connection(config)
    with connection:
        status = connection.read_status()
        if status is not None and not status.can_print:
            raise DeviceError(
                f"Máy in ({connection.label}) không in được: {status.summary('vi')}",
                f"The printer ({connection.label}) cannot print: {status.summary('en')}",
                code="printer_not_ready",
            )
        connection.write(data)
        connection.flush()
    return connection.label


class ReceiptPrinter:
    """Builds receipt bytes and feeds the print queue. Thread-safe; start() once, stop() at exit."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        on_status: Callable[[QueueState], None] | None = None,
        config: PrinterConfig | None = None,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 10.0,
    ) -> None:
        self.engine = engine
        self.config = config or printer_config(settings)
        #: Where the receipt's traceability QR points: the product's GS1 Digital Link page on head office's host.
        self.public_host = public_host(settings.device("public"))
        cfg = self.config
        self.queue = PrintQueue(
            settings.home / QUEUE_FILE,
            lambda: make_connection(cfg),
            on_status=on_status,
            drawer_pin=cfg.drawer_pin,
            retry_initial_s=retry_initial_s,
            retry_max_s=retry_max_s,
        )

    def start(self) -> None:
        self.queue.start()

    def stop(self, timeout: float = 5.0) -> bool:
        return self.queue.stop(timeout)

    def receipt_bytes(self, sale_id: str, *, is_copy: bool = False) -> bytes:
        doc = receipt_doc(
            self.engine, sale_id, is_copy=is_copy, trace_qr=self.config.trace_qr, public_host=self.public_host
        )
        from pos.receipts.layout import render  # the layout (fonts, numpy, escpos) loads on the first print

        return render(doc, width_mm=self.config.width_mm, mode=self.config.mode)

    def _paid_cash(self, sale_id: str) -> bool:
        with self.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT 1 FROM payments WHERE sale_id = :s AND method IN ('cash', 'fx_cash') AND amount > 0"
                ),
                {"s": sale_id},
            ).first()
            conn.rollback()
        return row is not None

    def print_sale(self, sale_id: str) -> int:
        """Queue the receipt of a committed sale (and the drawer kick for cash); returns the job id."""
        data = self.receipt_bytes(sale_id)
        return self.queue.submit(data, kind="receipt", ref=sale_id, open_drawer=self._paid_cash(sale_id))

    def reprint(self, sale_id: str) -> int:
        """A copy of any receipt, marked as a copy on the paper."""
        return self.queue.submit(self.receipt_bytes(sale_id, is_copy=True), kind="receipt", ref=sale_id)

    def open_drawer(self, reason: str = "") -> None:
        """An authorised "open drawer" (the caller checks the permission)."""
        self.queue.kick_drawer(ref=reason)

    def print_test_page(self) -> int:
        """The Vietnamese pangram in every mode, one after the other, so the shop can pick the mode that prints right."""
        from pos.receipts.testpage import test_page

        pages = test_page(self.config.width_mm)
        return self.queue.submit(b"".join(pages.values()), kind="test", ref="test-page")
