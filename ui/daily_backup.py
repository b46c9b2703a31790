"""The day's backup of the terminal database, taken by the running till on a thread of its own.

``pos.backup.ensure_daily_backup`` copies the database (SQLite's online backup: consistent while the till sells,
about a second for a 100 000-product catalogue) unless today's copy exists. The till asks a few seconds after its
window is up, and again after the first sale of each new day, so a till left running past midnight still gets its
copy. A failure (a full disk, a folder it may not write) is logged and shown as a warning at most once an hour;
the next sale tries again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from pos.backup import BackupFile, ensure_daily_backup
from pos.errors import PosError
from pos.settings import Settings
from ui.qt import QObject, QTimer, Signal
from ui.workers import Background

log = logging.getLogger(__name__)

FIRST_CHECK_DELAY_MS = 10_000
WARN_EVERY_S = 3600.0


class DailyBackup(QObject):
    """``start()`` once; ``sale_committed()`` after every sale. Signals arrive on the GUI thread."""

    taken = Signal(str)  # the new backup's path
    failed = Signal(str, str)  # vi, en: worth telling the cashier (at most once an hour)

    def __init__(
        self,
        settings: Settings,
        *,
        first_check_delay_ms: int = FIRST_CHECK_DELAY_MS,
        today: Callable[[], dt.date] = dt.date.today,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.first_check_delay_ms = first_check_delay_ms
        self._today = today
        self._checked_on: dt.date | None = None  # the day a check last succeeded
        self._job: Background | None = None
        self._last_warning = -WARN_EVERY_S
        self.failures = 0  # failed checks since start

    def start(self) -> None:
        QTimer.singleShot(self.first_check_delay_ms, self.check)

    def sale_committed(self) -> None:
        """Cheap: only the first sale of a day (or one after a failure) starts a check."""
        if self._checked_on != self._today():
            self.check()

    @property
    def busy(self) -> bool:
        return self._job is not None and self._job.running

    def check(self) -> None:
        if self.busy:
            return
        day = self._today()
        job = Background(lambda: ensure_daily_backup(self.settings), name="daily-backup", parent=self)
        job.done.connect(lambda result, day=day: self._done(day, result))
        job.failed.connect(self._failed)
        self._job = job.start()

    def _done(self, day: dt.date, result: BackupFile | None) -> None:
        self._checked_on = day
        if result is not None:
            log.info("daily backup taken: %s", result.path)
            self.taken.emit(str(result.path))

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, PosError):
            vi, en = exc.vi, exc.en
        else:
            vi, en = f"{exc.__class__.__name__}: {exc}", f"{exc.__class__.__name__}: {exc}"
        self.failures += 1
        log.warning("daily backup failed: %s", en)
        now = time.monotonic()
        if now - self._last_warning >= WARN_EVERY_S:
            self._last_warning = now
            self.failed.emit(vi, en)
