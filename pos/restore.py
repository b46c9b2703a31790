"""Putting a backup back: the terminal database replaced by a verified copy (``ocop-pos restore``, the start-up box).

A restore refuses a corrupt backup, one of a newer schema, or one from another terminal (unless forced), keeps the
current database aside, and swaps the files with an atomic rename, so a crash half-way leaves either the old
database or the restored one, never a mixture. The restored journal is verified and the result says so.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pos.backup import (
    META_TABLE,
    PARTIAL,
    STAMP_FORMAT,
    BackupIdentity,
    backup_folder,
    check_backup,
    corrupt_backup_error,
    integrity_problem,
    newest_good_backup,
    read_identity,
    sqlite_file,
)
from pos.db import known_revisions, make_engine
from pos.errors import DatabaseError
from pos.files import fsync_dir, fsync_file
from pos.integrity import forget_pass
from pos.ledger.verify import verify_journal
from pos.settings import Settings


@dataclass(frozen=True, slots=True)
class RestoreResult:
    database: Path
    source: Path
    kept_aside: Path | None
    identity: BackupIdentity
    journal_ok: bool
    journal_entries: int
    journal_problem: str
    #: Receipts the replaced database had beyond the backup (they are only in ``kept_aside`` now); None when the
    #: damaged file could not be read to tell.
    receipts_only_in_aside: int | None


# --- restoring --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _exclusive(db: Path) -> Iterator[None]:
    """Hold the current database exclusively (refusing if the till has it open) while the files are swapped.

    Switching it to rollback-journal mode also folds its WAL into the file, so the copy kept aside is complete.
    A database too damaged to lock is swapped as it is (its WAL is kept aside with it).
    """
    if not db.exists():
        yield
        return
    con = sqlite3.connect(db, timeout=2.0, isolation_level=None)
    try:
        try:
            con.execute("PRAGMA journal_mode=DELETE").fetchone()
            con.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise DatabaseError(
                    "Cơ sở dữ liệu đang được dùng (phần mềm bán hàng đang mở?). Hãy đóng nó rồi khôi phục lại.",
                    "The database is in use (is the till app running?). Close it and restore again.",
                    code="in_use",
                ) from exc
        except sqlite3.DatabaseError:
            pass  # damaged beyond locking: it is moved aside as it is
        yield
    finally:
        with contextlib.suppress(sqlite3.Error):
            if con.in_transaction:
                con.execute("ROLLBACK")
        con.close()


def _free_name(path: Path) -> Path:
    candidate, n = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}-{n}")
        n += 1
    return candidate


def _keep_aside(db: Path, aside: Path) -> None:
    try:
        os.link(db, aside)
    except OSError:
        shutil.copy2(db, aside)
        fsync_file(aside)
    wal = db.with_name(db.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:  # only when the database could not be checkpointed
        shutil.copy2(wal, aside.with_name(aside.name + "-wal"))


def _last_receipt(db: Path) -> int | None:
    try:
        with sqlite_file(db, read_only=True) as con:
            return read_identity(con).last_receipt
    except sqlite3.Error:
        return None


def restore_backup(
    settings: Settings, source: Path, *, force: bool = False, now: dt.datetime | None = None
) -> RestoreResult:
    """Replace this terminal's database by the backup ``source``.

    Refuses a corrupt file, a database of a newer schema, and (unless ``force``) a backup of another terminal.
    The current database is kept as ``<name>.before-restore-<timestamp>``.
    """
    db = settings.db_path
    if source.resolve() == db.resolve():
        raise DatabaseError(
            "Không thể khôi phục cơ sở dữ liệu từ chính nó",
            "A database cannot be restored from itself",
            code="restore",
        )
    identity = check_backup(source)
    code = settings.terminal.code
    if identity.schema is not None and identity.schema not in known_revisions():
        raise DatabaseError(
            f"Bản sao lưu {source.name} do phiên bản mới hơn tạo ra (lược đồ {identity.schema}).",
            f"Backup {source.name} was written by a newer version (schema {identity.schema}).",
            code="newer_schema",
        )
    if identity.belongs_to(code) is False and not force:
        theirs = identity.terminal or ", ".join(sorted(identity.sale_terminals))
        raise DatabaseError(
            f"Bản sao lưu {source.name} là của máy {theirs}, không phải máy này ({code}). "
            "Dùng --force nếu thật sự muốn khôi phục.",
            f"Backup {source.name} belongs to terminal {theirs}, not this one ({code}). "
            "Use --force if you really mean it.",
            code="other_terminal",
        )
    db.parent.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime(STAMP_FORMAT)
    temp = db.with_name(f"{db.name}.restore-{stamp}{PARTIAL}")
    temp.unlink(missing_ok=True)  # left by a restore that was interrupted
    aside: Path | None = None
    try:
        with sqlite_file(source, read_only=True) as src, sqlite_file(temp) as dst:
            src.backup(dst)
            dst.execute(f"DROP TABLE IF EXISTS {META_TABLE}")
            dst.execute("PRAGMA journal_mode=DELETE")
            problem = integrity_problem(dst)
        if problem is not None:
            raise corrupt_backup_error(source, problem)
        fsync_file(temp)
        old_last = _last_receipt(db) if db.exists() else None
        with _exclusive(db):
            if db.exists():
                aside = _free_name(db.with_name(f"{db.name}.before-restore-{stamp}"))
                _keep_aside(db, aside)
            # the old file's WAL and index must never be replayed into the new one
            for extra in ("-wal", "-shm"):
                db.with_name(db.name + extra).unlink(missing_ok=True)
            forget_pass(db)  # the restored file was not the one checked: the next start checks it
            os.replace(temp, db)
            fsync_dir(db.parent)
    except (sqlite3.Error, OSError) as exc:  # e.g. no room for the copy: the current database is untouched
        raise DatabaseError(
            f"Không khôi phục được từ {source}: {exc}",
            f"Could not restore from {source}: {exc}",
            code="restore",
        ) from exc
    finally:
        temp.unlink(missing_ok=True)
    engine = make_engine(db)
    try:
        report = verify_journal(engine)
        ok, entries = report.ok, report.entries
        problem_text = "" if report.first is None else report.first.message("en")
    except Exception as exc:  # an old or odd schema: say so, the restore itself is done
        ok, entries, problem_text = False, 0, f"{exc.__class__.__name__}: {exc}"
    finally:
        engine.dispose()
    newer = (
        None if old_last is None and aside is not None else max(0, (old_last or 0) - identity.last_receipt)
    )
    return RestoreResult(db, source, aside, identity, ok, entries, problem_text, newer)


def restore_latest(
    settings: Settings, *, force: bool = False, now: dt.datetime | None = None
) -> RestoreResult:
    """Restore the newest good backup of this terminal (any terminal's with ``force``)."""
    folder = backup_folder(settings.db_path)
    latest = newest_good_backup(folder, None if force else settings.terminal.code)
    if latest is None:
        raise DatabaseError(
            f"Không có bản sao lưu tốt nào của máy {settings.terminal.code} trong {folder}",
            f"No good backup of terminal {settings.terminal.code} in {folder}",
            code="no_backup",
        )
    return restore_backup(settings, latest.path, force=force, now=now)
