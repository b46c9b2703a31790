"""The terminal's log file: ``<home>/logs/ocop-pos.log``, rotated, kept for a few weeks' worth of trouble.

A shop calls for help days after something went wrong; the log is what tells the printer that dropped off at
11:02, the sync that failed all afternoon, or the error a cashier clicked away. The till and the sync loop write
it; one-shot commands print to the terminal instead.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_NAME = "ocop-pos.log"
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"


class _TerminalLog(RotatingFileHandler):
    """Marks the handler this module installed, so setting up again (tests, a second window) replaces it."""


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the process's logging to ``log_dir/ocop-pos.log`` (5 files of 5 MB) and log uncaught exceptions."""
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
    return path


def _log_uncaught(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An error nobody caught (in a Qt slot, say): into the log, and to stderr as before."""
    if not issubclass(kind, KeyboardInterrupt):
        logging.getLogger("ocop_pos").critical("uncaught exception", exc_info=(kind, exc, tb))
    sys.__excepthook__(kind, exc, tb)
