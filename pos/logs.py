"""The terminal's log files: ``<home>/logs/ocop-pos.log`` (rotated, kept for a few weeks' worth of trouble) and
``<home>/logs/faults.log`` (what Python's fault handler writes when the process dies hard).

A shop calls for help days after something went wrong; the log is what tells the printer that dropped off at
11:02, the sync that failed all afternoon, or the error a cashier clicked away. The till and the sync loop write
it; one-shot commands print to the terminal instead.

A crash in native code (Qt, a driver, SQLite) or an abort kills the process before ``logging`` can say anything,
so the till also enables :mod:`faulthandler` into ``faults.log``: on SIGSEGV, SIGFPE, SIGABRT, SIGBUS and SIGILL it
writes the Python traceback of every thread straight to the file descriptor, with no allocation and no lock. That
file is opened at start and kept open for the life of the process (the handler cannot open a file while the
process is dying). Each run first writes a header line and remembers where the file ended: anything after that
point is a dump of this run (``pos.last_run`` reads it at the next start).
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import logging
import os
import sys
import threading
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TextIO

LOG_NAME = "ocop-pos.log"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"
FAULT_LOG_NAME = "faults.log"
#: Above this size the fault log is moved to ``faults.log.1`` at start (one older file kept).
FAULT_LOG_MAX_BYTES = 1024 * 1024

#: The file faulthandler writes to: open for the life of the process (faulthandler keeps only its descriptor).
_fault_file: TextIO | None = None


class _TerminalLog(RotatingFileHandler):
    """Marks the handler this module installed, so setting up again (tests, a second window) replaces it."""


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the process's logging to ``log_dir/ocop-pos.log`` (5 files of 5 MB) and log uncaught exceptions,
    of the main thread and of every other thread."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_NAME
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _TerminalLog)]:
        root.removeHandler(old)
        old.close()
    handler = _TerminalLog(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    sys.excepthook = _log_uncaught
    threading.excepthook = _log_uncaught_in_thread
    return path


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An error nobody caught (in a Qt slot, say): into the log, and to stderr as before."""
    if not issubclass(kind, KeyboardInterrupt):
        logging.getLogger("ocop_pos").critical("uncaught exception", exc_info=(kind, exc, tb))
    sys.__excepthook__(kind, exc, tb)


def _log_uncaught_in_thread(args: threading.ExceptHookArgs) -> None:
    """A worker thread that died of an error (printer, sync, camera): into the log with the thread's name."""
    if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
        name = args.thread.name if args.thread is not None else "?"
        logging.getLogger("ocop_pos").critical(
            "uncaught exception in thread %s",
            name,
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
    threading.__excepthook__(args)


@dataclass(frozen=True, slots=True)
class FaultLog:
    """Where this run's fault dumps go: ``path``, from byte ``offset`` on (what is before is older runs')."""

    path: Path
    offset: int


def enable_fault_log(log_dir: Path, now: dt.datetime | None = None) -> FaultLog:
    """Enable :mod:`faulthandler` (all threads) into ``log_dir/faults.log``, kept open for the process's life.

    Calling it again (a restart inside the process, tests) moves the handler to the new file and closes the old.
    """
    global _fault_file
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / FAULT_LOG_NAME
    if path.exists() and path.stat().st_size > FAULT_LOG_MAX_BYTES:
        path.replace(path.with_name(FAULT_LOG_NAME + ".1"))
    stream = open(path, "a", encoding="utf-8")  # noqa: SIM115 - it must outlive this function: see _fault_file
    started = (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    stream.write(f"--- ocop-pos pid {os.getpid()} started {started} ---\n")
    stream.flush()
    offset = os.fstat(stream.fileno()).st_size
    faulthandler.enable(file=stream, all_threads=True)
    old, _fault_file = _fault_file, stream
    if old is not None:
        old.close()
    return FaultLog(path, offset)
