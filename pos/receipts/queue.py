"""The print queue: receipts are kept on disk and printed in order by one worker thread, so a sale never waits.

Design
------
* ``submit`` only inserts the job (opaque ESC/POS bytes + kind, ref, drawer flag) into the queue's own small SQLite
  file (WAL, ``synchronous=FULL``) and returns its id: when it returns, the job survives a crash or power cut, and the
  cashier has not waited for paper, cables or Wi-Fi. It is safe to call from any thread.
* One worker thread (plain ``threading``; the GUI wraps it) prints pending jobs strictly by id (FIFO). For each job it
  opens a fresh connection, asks for real-time status where the link supports it (paper out, cover open: the job
  waits, it is never dropped), writes the bytes, and waits for the printer to confirm (see
  ``PrinterConnection.flush``) before marking the job done. On any failure the job stays first in line, the state
  is reported through ``on_status`` and the worker retries with exponential backoff (``retry_initial_s`` doubling
  up to ``retry_max_s``); ``retry_now()`` skips the wait (a "Retry" button).
* Delivery is at least once, never lost: if the process dies between the printer taking the bytes and the "done"
  mark, the job prints again after restart. If the connection drops mid-job the whole job is sent again, so the
  part printed before the drop appears twice (a torn receipt followed by a whole one, as on any printer).
* A cash-drawer pulse (``ESC p``) that goes with a receipt is sent in the same job, after the receipt. A pulse
  older than ``drawer_max_age_s`` is left out (the receipt still prints), so a drawer never springs open long after
  its sale because the printer came back. While the printer is reachable but cannot print (paper out, cover open),
  the drawer of a recent cash sale is opened at once with the real-time pulse ``DLE DC4``, which printers execute
  even offline, so the cashier can still give change; the receipt waits for paper without a second pulse.
* Done jobs are kept ``keep_days`` for reprinting; a reprint is a new job pointing at the original
  (``reprint_of``) and carries a "REPRINT" banner so it cannot pass for a second original.
* One queue per file: ``start()`` takes an exclusive lock next to the file (POSIX), so two copies of the app can
  never print the same receipts.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from pos.errors import DatabaseError, DeviceError, PosError
from pos.receipts.connections import PrinterConnection
from pos.receipts.printer_status import PrinterStatus

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
REPRINT_BANNER = b"\x1b@\x1ba\x01*** IN LAI / REPRINT ***\n\x1ba\x00"
"""ASCII only (readable in every print mode): ESC @, centre, the words, back to left alignment."""

JobState = Literal["pending", "done", "cancelled", "expired"]

_SCHEMA = f"""
BEGIN;
CREATE TABLE IF NOT EXISTS print_job (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- AUTOINCREMENT: ids are never reused, so FIFO by id holds after purges
    kind TEXT NOT NULL,
    ref TEXT NOT NULL,
    data BLOB NOT NULL,
    open_drawer INTEGER NOT NULL DEFAULT 0,
    reprint_of INTEGER,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'cancelled', 'expired')),
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    printed_at TEXT
);
CREATE INDEX IF NOT EXISTS print_job_by_state ON print_job (state, id);
CREATE INDEX IF NOT EXISTS print_job_by_kind ON print_job (kind, id);
PRAGMA user_version = {SCHEMA_VERSION};
COMMIT;
"""
_COLUMNS = "id, kind, ref, data, open_drawer, reprint_of, state, attempts, last_error, created_at, printed_at"


def drawer_pulse(pin: int = 0) -> bytes:
    """``ESC p m t1 t2``: pulse drawer connector pin 2 (``pin=0``) or pin 5 (``pin=1``), 50 ms on, 500 ms off."""
    _check_pin(pin)
    return bytes([0x1B, 0x70, pin, 0x19, 0xFA])


def realtime_drawer_pulse(pin: int = 0) -> bytes:
    """``DLE DC4 1 m t``: pulse the drawer on arrival, even while the printer is offline; 100 ms on and off."""
    _check_pin(pin)
    return bytes([0x10, 0x14, 0x01, pin, 0x01])


def _check_pin(pin: int) -> None:
    if pin not in (0, 1):
        raise ValueError(f"drawer pin must be 0 (pin 2) or 1 (pin 5), not {pin}")


def failure_words(exc: BaseException) -> tuple[str, str]:
    """The (vi, en) reason a print attempt failed: a ``PosError``'s own words, else "unexpected" with what was raised
    (a bug or an odd driver, logged where it was caught)."""
    if isinstance(exc, PosError):
        return exc.vi, exc.en
    what = f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__
    return f"Lỗi không mong đợi khi in: {what}", f"Unexpected printing error: {what}"


@dataclass(frozen=True)
class QueueState:
    """What the status bar shows. ``online`` is False from a failed attempt until the next job prints."""

    online: bool
    pending: int
    last_error_vi: str | None = None
    last_error_en: str | None = None
    printer_status: PrinterStatus | None = None

    def message(self, lang: str = "vi") -> str | None:
        """The last error in ``lang``, or None when the printer is fine."""
        return self.last_error_vi if lang.startswith("vi") else self.last_error_en


@dataclass(frozen=True)
class PrintJob:
    """One stored job. ``data`` is exactly what was submitted (the drawer pulse is added when sending)."""

    id: int
    kind: str
    ref: str
    data: bytes
    open_drawer: bool
    reprint_of: int | None
    state: JobState
    attempts: int
    last_error: str | None
    created_at: datetime
    printed_at: datetime | None


def _job_from_row(row: tuple[Any, ...]) -> PrintJob:
    job_id, kind, ref, data, drawer, reprint_of, state, attempts, error, created, printed = row
    return PrintJob(
        id=job_id,
        kind=kind,
        ref=ref,
        data=bytes(data),
        open_drawer=bool(drawer),
        reprint_of=reprint_of,
        state=state,
        attempts=attempts,
        last_error=error,
        created_at=datetime.fromisoformat(created),
        printed_at=datetime.fromisoformat(printed) if printed is not None else None,
    )


def _now() -> datetime:
    return datetime.now(UTC)


def _stamp(moment: datetime) -> str:
    """Fixed-width UTC text, so timestamps sort and compare as strings in SQL."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _open_database(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            db.close()
            raise DatabaseError(
                f"Hàng đợi in ({path}) do phiên bản mới hơn của phần mềm tạo ra",
                f"The print queue ({path}) was made by a newer version of the software",
            )
        if version < SCHEMA_VERSION:
            db.executescript(_SCHEMA)
    except (sqlite3.Error, OSError) as exc:
        raise DatabaseError(
            f"Không mở được hàng đợi in ({path}): {exc}",
            f"Cannot open the print queue ({path}): {exc}",
        ) from exc
    return db


class PrintQueue:
    """Persistent FIFO of print jobs with one worker thread; see the module docstring for the guarantees.

    ``on_status`` is called on the worker thread whenever the state changes (a GUI re-emits it as a signal).
    """

    def __init__(
        self,
        db_path: Path,
        connection_factory: Callable[[], PrinterConnection],
        *,
        on_status: Callable[[QueueState], None] | None = None,
        drawer_pin: int = 0,
        keep_days: int = 30,
        retry_initial_s: float = 0.5,
        retry_max_s: float = 10.0,
        drawer_max_age_s: float | None = 120.0,
    ) -> None:
        drawer_pulse(drawer_pin)  # validates the pin now rather than at the first cash sale
        if retry_initial_s <= 0 or retry_max_s < retry_initial_s:
            raise ValueError("need 0 < retry_initial_s <= retry_max_s")
        self._path = Path(db_path)
        self._factory = connection_factory
        self._on_status = on_status
        self._drawer_pin = drawer_pin
        self._keep = timedelta(days=keep_days)
        self._retry_initial = retry_initial_s
        self._retry_max = retry_max_s
        self._drawer_max_age = drawer_max_age_s
        self._db = _open_database(self._path)
        self._db_lock = threading.Lock()
        # Everything below is shared with the worker and guarded by _cond.
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._dirty = False
        self._retry_requested = False
        self._online = True
        self._last_error: tuple[str, str] | None = None
        self._printer_status: PrinterStatus | None = None
        self._last_emitted: QueueState | None = None
        self._lock_fd: int | None = None
        self._next_purge = 0.0

    # -- submitting (any thread) ------------------------------------------------------------------------------
    def submit(self, data: bytes, *, kind: str, ref: str, open_drawer: bool = False) -> int:
        """Store a job durably and return its id; never touches the printer."""
        payload = bytes(data)
        if not kind:
            raise ValueError("a print job needs a kind")
        if not payload and not open_drawer:
            raise ValueError("a print job needs bytes to print or a drawer pulse")
        return self._insert(kind=kind, ref=ref, data=payload, open_drawer=open_drawer, reprint_of=None)

    def kick_drawer(self, *, ref: str = "") -> int:
        """Queue a bare drawer pulse (the "open drawer" button); it waits behind earlier receipts."""
        return self._insert(kind="drawer", ref=ref, data=b"", open_drawer=True, reprint_of=None)

    def reprint(self, job_id: int, *, banner: bytes = REPRINT_BANNER) -> int:
        """Queue the stored bytes of ``job_id`` again, after ``banner``, marked as a reprint and without drawer."""
        job = self.job(job_id)
        if job is not None and job.reprint_of is not None:
            original = self.job(job.reprint_of)
            # Reprinting a reprint: start again from the original, or reuse the copy (already bannered).
            job, banner = (original, banner) if original is not None else (job, b"")
        if job is None or not job.data:
            raise PosError(
                f"Không còn bản lưu của lệnh in #{job_id} để in lại",
                f"Print job #{job_id} is no longer stored for reprinting",
                code="print_job_missing",
            )
        return self._insert(
            kind=job.kind, ref=job.ref, data=bytes(banner) + job.data, open_drawer=False, reprint_of=job.id
        )

    def cancel(self, job_id: int) -> bool:
        """Withdraw a job that has not printed yet; False if it already printed or does not exist."""
        changed = self._execute(
            "UPDATE print_job SET state = 'cancelled' WHERE id = ? AND state = 'pending'", job_id
        )
        self._poke()
        return changed == 1

    def retry_now(self) -> None:
        """Cut the current backoff short (the cashier fixed the printer and pressed "Retry")."""
        with self._cond:
            self._retry_requested = True
            self._cond.notify_all()

    # -- looking (any thread) ---------------------------------------------------------------------------------
    def pending(self) -> int:
        """Jobs not printed yet."""
        with self._db_lock:
            try:
                row = self._db.execute("SELECT COUNT(*) FROM print_job WHERE state = 'pending'").fetchone()
            except sqlite3.Error as exc:
                raise self._storage_error(exc) from exc
        return int(row[0])

    def pending_jobs(self) -> list[PrintJob]:
        """Jobs not printed yet, in printing order."""
        return self._select("WHERE state = 'pending' ORDER BY id")

    def job(self, job_id: int) -> PrintJob | None:
        found = self._select("WHERE id = ?", job_id)
        return found[0] if found else None

    def last_job(self, kind: str = "receipt", *, ref: str | None = None) -> PrintJob | None:
        """The newest original (not a reprint) job of ``kind``, optionally for one ``ref`` (receipt number)."""
        if ref is None:
            found = self._select("WHERE kind = ? AND reprint_of IS NULL ORDER BY id DESC LIMIT 1", kind)
        else:
            found = self._select(
                "WHERE kind = ? AND ref = ? AND reprint_of IS NULL ORDER BY id DESC LIMIT 1", kind, ref
            )
        return found[0] if found else None

    def state(self) -> QueueState:
        with self._cond:
            online, error, status = self._online, self._last_error, self._printer_status
        return QueueState(
            online=online,
            pending=self.pending(),
            last_error_vi=error[0] if error else None,
            last_error_en=error[1] if error else None,
            printer_status=status,
        )

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until nothing is pending; False if ``timeout`` seconds passed first."""
        with self._cond:
            return self._cond.wait_for(lambda: self.pending() == 0, timeout)

    def purge(self, *, now: datetime | None = None) -> int:
        """Forget finished jobs older than ``keep_days``; pending jobs are never purged. Returns how many went."""
        cutoff = _stamp((now or _now()) - self._keep)
        return self._execute("DELETE FROM print_job WHERE state != 'pending' AND created_at < ?", cutoff)

    # -- life cycle -------------------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the worker thread (idempotent)."""
        with self._cond:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stopping = False
        self._acquire_file_lock()
        self._thread = threading.Thread(target=self._run, name="print-queue", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> bool:
        """Ask the worker to finish its current attempt and end; True once the thread has been joined."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                return False  # stuck in printer I/O; the connection timeouts will end it
            self._thread = None
        self._release_file_lock()
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Stop the worker and close the file (left open for a worker still stuck in printer I/O)."""
        if self.stop(timeout):
            with self._db_lock:
                self._db.close()

    def __enter__(self) -> PrintQueue:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- the worker -------------------------------------------------------------------------------------------
    def _run(self) -> None:
        delay = self._retry_initial
        while True:
            with self._cond:
                if self._stopping:
                    return
                self._dirty = False
            try:
                job = self._next_job()
            except DatabaseError as exc:
                log.error("print queue: %s", exc)
                self._report_failure((exc.vi, exc.en), None)
                self._pause(self._retry_max)
                continue
            if job is None:
                self._emit()
                self._purge_now_and_then()
                with self._cond:
                    self._cond.wait_for(lambda: self._stopping or self._dirty, timeout=3600)
                continue
            try:
                failure = self._print(job)
            except DatabaseError as exc:  # the queue file itself failed (disk full...): keep trying, say so
                failure = (exc.vi, exc.en)
            if failure is None:
                delay = self._retry_initial
                with self._cond:
                    self._online, self._last_error = True, None
                self._emit()
                continue
            self._report_failure(failure, job.id)
            self._pause(delay)
            delay = min(delay * 2, self._retry_max)

    def _print(self, job: PrintJob) -> tuple[str, str] | None:
        """One attempt at ``job``: None when printed (and marked done), else the (vi, en) reason it did not."""
        payload = job.data
        if job.open_drawer:
            if self._drawer_is_fresh(job):
                payload += drawer_pulse(self._drawer_pin)
            else:
                log.warning("print job %s: drawer pulse left out, the sale is too old", job.id)
        if not payload:
            self._finish(job.id, "expired")
            return None
        try:
            connection = self._factory()
            try:
                connection.open()
                status = connection.read_status()
                with self._cond:
                    self._printer_status = status
                if status is not None and not status.can_print:
                    self._open_drawer_now(connection)
                    return (
                        f"Đang chờ máy in: {status.summary('vi')}",
                        f"Waiting for the printer: {status.summary('en')}",
                    )
                connection.write(payload)
                connection.flush()
            finally:
                connection.close()
        except DeviceError as exc:
            return (exc.vi, exc.en)
        except DatabaseError:
            raise
        except Exception as exc:  # a bug or an odd driver must not kill the worker and strand the queue
            log.exception("print job %s: unexpected error", job.id)
            return failure_words(exc)
        self._finish(job.id, "done")
        return None

    def _open_drawer_now(self, connection: PrinterConnection) -> None:
        """Paper out must not keep the cash drawer shut: pulse it in real time for recent sales still waiting.

        Their receipts keep waiting, without their own pulse; bare drawer kicks are done.
        """
        pending = self._select("WHERE state = 'pending' AND open_drawer = 1")
        waiting = [job for job in pending if self._drawer_is_fresh(job)]
        if not waiting:
            return
        connection.write(realtime_drawer_pulse(self._drawer_pin))
        connection.flush()
        for job in waiting:
            if job.data:
                self._execute("UPDATE print_job SET open_drawer = 0 WHERE id = ?", job.id)
            else:
                self._finish(job.id, "done")
        log.info("drawer opened in real time for %d waiting job(s)", len(waiting))

    def _drawer_is_fresh(self, job: PrintJob) -> bool:
        if self._drawer_max_age is None:
            return True
        return (_now() - job.created_at).total_seconds() <= self._drawer_max_age

    def _report_failure(self, reason: tuple[str, str], job_id: int | None) -> None:
        log.info("print job %s not printed: %s", job_id, reason[1])
        if job_id is not None:
            with contextlib.suppress(DatabaseError):
                self._execute(
                    "UPDATE print_job SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                    reason[1],
                    job_id,
                )
        with self._cond:
            self._online, self._last_error = False, reason
        self._emit()

    def _pause(self, seconds: float) -> None:
        """Back off for ``seconds``, waking early for stop() or retry_now(), and reporting new submissions."""
        deadline = time.monotonic() + seconds
        while True:
            with self._cond:
                if self._stopping or self._retry_requested:
                    self._retry_requested = False
                    return
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return
                if not self._dirty:
                    self._cond.wait(remaining)
                dirty, self._dirty = self._dirty, False
            if dirty:
                self._emit()

    def _emit(self) -> None:
        """Wake wait_idle() callers and tell ``on_status`` when the state changed."""
        with self._cond:
            self._cond.notify_all()
        try:
            state = self.state()
        except DatabaseError:
            return
        if state == self._last_emitted:
            return
        self._last_emitted = state
        if self._on_status is not None:
            try:
                self._on_status(state)
            except Exception:
                log.exception("print queue: on_status callback failed")

    def _purge_now_and_then(self) -> None:
        """Purge when the worker first goes idle, then at most hourly."""
        if time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + 3600
        try:
            gone = self.purge()
        except DatabaseError as exc:
            log.warning("print queue: purge failed: %s", exc)
            return
        if gone:
            log.info("print queue: purged %d old jobs", gone)

    # -- storage ----------------------------------------------------------------------------------------------
    def _insert(self, *, kind: str, ref: str, data: bytes, open_drawer: bool, reprint_of: int | None) -> int:
        with self._db_lock:
            try:
                cursor = self._db.execute(
                    "INSERT INTO print_job (kind, ref, data, open_drawer, reprint_of, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (kind, ref, data, int(open_drawer), reprint_of, _stamp(_now())),
                )
            except sqlite3.Error as exc:
                raise DatabaseError(
                    f"Không lưu được lệnh in ({self._path}): {exc}",
                    f"Could not store the print job ({self._path}): {exc}",
                ) from exc
        job_id = cursor.lastrowid
        assert job_id is not None
        self._poke()
        return job_id

    def _next_job(self) -> PrintJob | None:
        found = self._select("WHERE state = 'pending' ORDER BY id LIMIT 1")
        return found[0] if found else None

    def _finish(self, job_id: int, state: JobState) -> None:
        # Marked done even if cancelled meanwhile: it did print.
        self._execute(
            "UPDATE print_job SET state = ?, printed_at = ? WHERE id = ?", state, _stamp(_now()), job_id
        )
        with self._cond:
            self._cond.notify_all()

    def _select(self, where: str, *params: object) -> list[PrintJob]:
        with self._db_lock:
            try:
                rows = self._db.execute(f"SELECT {_COLUMNS} FROM print_job {where}", params).fetchall()
            except sqlite3.Error as exc:
                raise self._storage_error(exc) from exc
        return [_job_from_row(tuple(row)) for row in rows]

    def _execute(self, sql: str, *params: object) -> int:
        with self._db_lock:
            try:
                return self._db.execute(sql, params).rowcount
            except sqlite3.Error as exc:
                raise self._storage_error(exc) from exc

    def _storage_error(self, exc: sqlite3.Error) -> DatabaseError:
        return DatabaseError(
            f"Lỗi tệp hàng đợi in ({self._path}): {exc}", f"Print queue file error ({self._path}): {exc}"
        )

    def _poke(self) -> None:
        with self._cond:
            self._dirty = True
            self._cond.notify_all()

    def _acquire_file_lock(self) -> None:
        if os.name != "posix" or self._lock_fd is not None:
            return
        import fcntl

        fd = os.open(f"{self._path}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise DatabaseError(
                f"Hàng đợi in ({self._path}) đang được một chương trình khác dùng",
                f"The print queue ({self._path}) is in use by another program",
            ) from None
        self._lock_fd = fd

    def _release_file_lock(self) -> None:
        fd, self._lock_fd = self._lock_fd, None
        if fd is not None:
            os.close(fd)  # closing the descriptor releases the flock
