"""The terminal database's integrity check (``PRAGMA quick_check``), which can be started ahead of time.

The check reads the whole file: 0.15 s for a 100 000-product catalogue, about 2 s of CPU for a year of sales
(835 MB). The till starts it on a thread before it imports Qt and SQLAlchemy; sqlite3 releases the GIL while it
works, so the check runs beside those imports and :func:`pos.db.open_database` only collects the verdict. Nothing
touches the database before the verdict is in. This module imports nothing heavy on purpose.

**When the till checks** (:func:`check_due`): at every start after a run that did not end cleanly (a crash, a
power cut, a kill — the moments a file gets damaged), and at the first start once the last passed check is a day
old; a restart after a clean stop within that day skips it (the file was last written by this till, through
SQLite's own journal, and closed). A passed check is recorded beside the database (``terminal.sqlite3.checked``);
a failed one, or a restored file, clears the record so the next start checks again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import threading
from pathlib import Path

from pos.errors import DatabaseError


def check_file(path: Path) -> None:
    """Refuse a file that is not a healthy SQLite database, before SQLAlchemy touches it."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"Cơ sở dữ liệu {path} bị hỏng hoặc không phải tệp SQLite ({exc}). Hãy khôi phục từ bản sao lưu.",
            f"Database {path} is corrupt or not an SQLite file ({exc}). Restore it from a backup.",
            code="corrupt",
        ) from exc
    if rows != [("ok",)]:
        detail = "; ".join(str(r[0]) for r in rows[:3])
        raise DatabaseError(
            f"Cơ sở dữ liệu {path} bị hỏng: {detail}. Hãy khôi phục từ bản sao lưu.",
            f"Database {path} is corrupt: {detail}. Restore it from a backup.",
            code="corrupt",
        )


#: How long a passed check vouches for a file the till then closed cleanly.
CHECK_EVERY = dt.timedelta(hours=24)


def record_path(path: Path) -> Path:
    """Where the time of the last passed check of ``path`` is kept (beside it, never in it)."""
    return path.with_name(path.name + ".checked")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def last_passed(path: Path) -> dt.datetime | None:
    """When the last check of ``path`` passed, or None (never, or the record is unreadable)."""
    try:
        doc = json.loads(record_path(path).read_text(encoding="utf-8"))
        return dt.datetime.fromisoformat(doc["passed_at"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record_pass(path: Path, now: dt.datetime | None = None) -> None:
    """Note that the check of ``path`` passed (written whole or not at all; a failure only means checking again)."""
    target = record_path(path)
    temp = target.with_name(target.name + ".tmp")
    try:
        temp.write_text(json.dumps({"passed_at": (now or _now()).isoformat()}), encoding="utf-8")
        os.replace(temp, target)
    except OSError:
        temp.unlink(missing_ok=True)


def forget_pass(path: Path) -> None:
    """The file is not the one that was checked (restored, or found damaged): the next start checks it."""
    record_path(path).unlink(missing_ok=True)


def check_due(path: Path, *, clean_stop: bool, now: dt.datetime | None = None) -> str | None:
    """Why ``path`` must be checked at this start, or None when it may be skipped (see the module's docstring)."""
    if not clean_stop:
        return "the last run did not end cleanly"
    passed = last_passed(path)
    if passed is None:
        return "no passed check on record"
    age = (now or _now()) - passed
    if age >= CHECK_EVERY or age < dt.timedelta(0):  # a clock set back is not trusted
        return "the last passed check is a day old"
    return None


def needs_check(path: Path) -> bool:
    """A new (missing or empty) database has nothing to check yet."""
    return path.exists() and path.stat().st_size > 0


class IntegrityCheck:
    """One check of ``path`` on a background thread. :meth:`verdict` waits for it and raises what it found.

    ``reason`` says why it runs; a check that :func:`check_due` lets off is :attr:`skipped` (no thread at all)."""

    def __init__(self, path: Path, reason: str | None = "always") -> None:
        self.path = path
        self.reason = reason
        self._error: DatabaseError | None = None
        self._thread = threading.Thread(target=self._run, name="db-integrity-check", daemon=True)

    @property
    def skipped(self) -> bool:
        return self.reason is None

    @classmethod
    def start(cls, path: Path, *, clean_stop: bool | None = None) -> IntegrityCheck:
        """Start checking ``path``: always, or — given how the last run ended (``clean_stop``) — when due."""
        check = cls(path, "always" if clean_stop is None else check_due(path, clean_stop=clean_stop))
        if not check.skipped:
            check._thread.start()
        return check

    def _run(self) -> None:
        if not needs_check(self.path):
            return
        try:
            check_file(self.path)
        except DatabaseError as exc:
            self._error = exc
            with contextlib.suppress(
                OSError
            ):  # the verdict stands either way; the till does not open the file
                forget_pass(self.path)
            return
        record_pass(self.path)

    def verdict(self) -> None:
        """Wait for the check; raise its ``DatabaseError`` (code ``corrupt``) if the file is not sound."""
        if self.skipped:
            return
        self._thread.join()
        if self._error is not None:
            raise self._error
