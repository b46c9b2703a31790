"""Backups of the terminal database: taking, checking, listing and pruning verified copies.

A backup is a copy made with SQLite's online backup API (consistent even while the till is selling), written as a
``.partial`` file, stamped with the terminal it came from (a small ``backup_info`` table inside the copy), checked
with ``PRAGMA integrity_check``, flushed to disk and only then renamed to its final name
``<terminal>-<YYYYMMDD>-<HHMMSS>-<reason>.sqlite3`` in the ``backups`` folder next to the database. So a file with a
final name is always a complete, verified copy.

The till takes one backup a day (``ensure_daily_backup``, called by ``ui/daily_backup.py`` soon after start and
after a new day's first sale) and one before every
schema migration (``pos.db.open_database``); old ones are pruned after ``[backup] keep_days``. Putting one back
is ``pos.restore``. This module knows files and SQLite only, not the schema or the journal, so the database
layer (``pos.db``) can call it while it opens a database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos.errors import ConfigError, DatabaseError
from pos.files import fsync_dir, fsync_file
from pos.settings import Settings

FOLDER_NAME = "backups"
SUFFIX = ".sqlite3"
PARTIAL = ".partial"
#: The table a backup carries about itself; dropped again when it is restored.
META_TABLE = "backup_info"
_NAME = re.compile(
    r"^(?P<code>[A-Za-z0-9_]+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z0-9][a-z0-9-]*)"
    + re.escape(SUFFIX)
    + "$"
)
STAMP_FORMAT = "%Y%m%d-%H%M%S"
#: Leftovers of an interrupted backup are removed once they are this old (a younger one may still be writing).
_STALE_PARTIAL = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class BackupSettings:
    """The ``[backup]`` section of ``config.toml``."""

    keep_days: int = 30
    daily: bool = True

    @classmethod
    def from_settings(cls, settings: Settings) -> BackupSettings:
        raw = settings.device("backup") or _raw_section(settings)
        unknown = sorted(set(raw) - {"keep_days", "daily"})
        if unknown:
            raise ConfigError(
                f"[backup] có khoá không hợp lệ: {', '.join(unknown)}",
                f"[backup] has unknown keys: {', '.join(unknown)}",
            )
        default = cls()
        keep_days = raw.get("keep_days", default.keep_days)
        daily = raw.get("daily", default.daily)
        if type(keep_days) is not int or keep_days < 1:
            raise ConfigError(
                "[backup] keep_days phải là số ngày nguyên ≥ 1",
                "[backup] keep_days must be a whole number ≥ 1",
            )
        if type(daily) is not bool:
            raise ConfigError("[backup] daily phải là true/false", "[backup] daily must be true or false")
        return cls(keep_days=keep_days, daily=daily)


def _raw_section(settings: Settings) -> dict[str, Any]:
    # ``Settings`` keeps only the device sections it knows; until ``backup`` is one of them, read it here.
    try:
        data = tomllib.loads(settings.config_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
        return {}
    section = data.get("backup", {})
    return dict(section) if isinstance(section, dict) else {}


@dataclass(frozen=True, slots=True)
class BackupFile:
    """A finished backup, as its name describes it."""

    path: Path
    terminal_code: str
    taken_at: dt.datetime  # local time, to the second
    reason: str

    @classmethod
    def parse(cls, path: Path) -> BackupFile | None:
        m = _NAME.match(path.name)
        if m is None:
            return None
        try:
            taken = dt.datetime.strptime(m["stamp"], STAMP_FORMAT)
        except ValueError:
            return None
        return cls(path, m["code"], taken, m["reason"])


@dataclass(frozen=True, slots=True)
class BackupIdentity:
    """What a database file says about itself: whose it is, how old its schema is, how many sales it holds."""

    recorded_terminal: str | None  # stamped in ``backup_info`` when the backup was taken
    store_code: str
    sale_terminals: frozenset[str]  # terminal codes found in receipt counters and sales
    schema: str | None
    sales: int
    last_receipt: int

    @property
    def terminal(self) -> str | None:
        if self.recorded_terminal:
            return self.recorded_terminal
        if len(self.sale_terminals) == 1:
            return next(iter(self.sale_terminals))
        return None

    def belongs_to(self, terminal_code: str) -> bool | None:
        """True / False, or None when the file holds no sales and no stamp (nothing to tell, nothing to clash)."""
        if self.recorded_terminal:
            return self.recorded_terminal == terminal_code
        if not self.sale_terminals:
            return None
        return self.sale_terminals == {terminal_code}


class CorruptDatabaseError(DatabaseError):
    """The terminal database is damaged; ``latest_backup`` is the newest good backup to offer, if any."""

    code = "corrupt"

    def __init__(self, vi: str, en: str, *, latest_backup: Path | None = None) -> None:
        super().__init__(vi, en, code="corrupt")
        self.latest_backup = latest_backup


# --- files and connections -------------------------------------------------------------------------------


def backup_folder(db_path: Path) -> Path:
    """Where the backups of ``db_path`` live: ``backups/`` next to it (``<home>/backups`` by default)."""
    return db_path.parent / FOLDER_NAME


def _safe_code(terminal_code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", terminal_code) or "unknown"


def _safe_reason(reason: str) -> str:
    cleaned = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-")
    return cleaned or "manual"


@contextlib.contextmanager
def sqlite_file(
    path: Path, *, read_only: bool = False, timeout: float = 10.0
) -> Iterator[sqlite3.Connection]:
    if read_only:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)
    else:
        con = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        yield con
    finally:
        con.close()


def integrity_problem(con: sqlite3.Connection) -> str | None:
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    if rows == [("ok",)]:
        return None
    return "; ".join(str(r[0]) for r in rows[:3])


def _tables(con: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def read_identity(con: sqlite3.Connection) -> BackupIdentity:
    tables = _tables(con)
    meta: dict[str, str] = {}
    if META_TABLE in tables:
        meta = {str(k): str(v) for k, v in con.execute(f"SELECT key, value FROM {META_TABLE}")}
    schema = None
    if "alembic_version" in tables:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        schema = None if row is None else str(row[0])
    terminals: set[str] = set()
    sales = last = 0
    if "receipt_counters" in tables:
        for code, last_no in con.execute("SELECT terminal_code, last_no FROM receipt_counters"):
            terminals.add(str(code))
            last = max(last, int(last_no))
    if "sales" in tables:
        terminals.update(str(r[0]) for r in con.execute("SELECT DISTINCT terminal_code FROM sales"))
        sales = int(con.execute("SELECT COUNT(*) FROM sales").fetchone()[0])
    return BackupIdentity(
        recorded_terminal=meta.get("terminal_code") or None,
        store_code=meta.get("store_code", ""),
        sale_terminals=frozenset(terminals),
        schema=schema,
        sales=sales,
        last_receipt=last,
    )


def corrupt_backup_error(path: Path, detail: str) -> DatabaseError:
    return DatabaseError(
        f"Bản sao lưu {path} bị hỏng ({detail}); không dùng được.",
        f"Backup {path} is corrupt ({detail}); it cannot be used.",
        code="backup_corrupt",
    )


def check_backup(path: Path) -> BackupIdentity:
    """Integrity-check a backup (or any terminal database file) and say whose it is; raise if it is unusable."""
    if not path.is_file():
        raise DatabaseError(
            f"Không tìm thấy tệp sao lưu {path}", f"Backup file {path} not found", code="backup_missing"
        )
    try:
        with sqlite_file(path, read_only=True) as con:
            problem = integrity_problem(con)
            if problem is not None:
                raise corrupt_backup_error(path, problem)
            identity = read_identity(con)
            is_terminal_db = {"sales", "journal", "receipt_counters"} <= _tables(con)
    except sqlite3.DatabaseError as exc:
        raise corrupt_backup_error(path, str(exc)) from exc
    if not is_terminal_db:
        raise DatabaseError(
            f"{path} không phải cơ sở dữ liệu của máy bán hàng OCOP POS",
            f"{path} is not an OCOP POS terminal database",
            code="not_terminal_db",
        )
    return identity


# --- taking backups ---------------------------------------------------------------------------------------


def _target_name(folder: Path, code: str, taken: dt.datetime, reason: str) -> Path:
    base = f"{_safe_code(code)}-{taken.strftime(STAMP_FORMAT)}-{_safe_reason(reason)}"
    path = folder / f"{base}{SUFFIX}"
    n = 2
    while path.exists() or path.with_name(path.name + PARTIAL).exists():
        path = folder / f"{base}-{n}{SUFFIX}"
        n += 1
    return path


def take_backup(
    db_path: Path,
    *,
    terminal_code: str | None = None,
    store_code: str = "",
    reason: str = "manual",
    folder: Path | None = None,
    now: dt.datetime | None = None,
) -> BackupFile:
    """Copy ``db_path`` with the online backup API into a verified backup file and return it.

    ``terminal_code`` is stamped into the copy; when it is not known (a backup before a migration), the terminal is
    read from the database's own receipt counters. A copy that fails its integrity check is deleted and refused.
    """
    if not db_path.is_file() or db_path.stat().st_size == 0:
        raise DatabaseError(
            f"Chưa có cơ sở dữ liệu để sao lưu ({db_path})",
            f"There is no database to back up yet ({db_path})",
            code="no_database",
        )
    folder = folder or backup_folder(db_path)
    taken = (now or dt.datetime.now()).replace(microsecond=0)
    partial: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with sqlite_file(db_path, read_only=True) as src:
            code = terminal_code or read_identity(src).terminal or "unknown"
            target = _target_name(folder, code, taken, reason)
            partial = target.with_name(target.name + PARTIAL)
            with sqlite_file(partial) as dst:
                src.backup(dst)  # all pages in one step: one consistent snapshot, even mid-sale
                dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
                stamp = {
                    "terminal_code": terminal_code or "",
                    "store_code": store_code,
                    "taken_at": taken.astimezone().isoformat(),
                    "reason": reason,
                    "source": str(db_path),
                }
                dst.execute("BEGIN")
                dst.execute(f"DROP TABLE IF EXISTS {META_TABLE}")
                dst.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                dst.executemany(f"INSERT INTO {META_TABLE} VALUES (?, ?)", sorted(stamp.items()))
                dst.execute("COMMIT")
                problem = integrity_problem(dst)
            if problem is not None:  # the copy is page for page the database: the database itself is damaged
                raise DatabaseError(
                    f"Bản sao của {db_path} không qua được kiểm tra toàn vẹn ({problem}); cơ sở dữ liệu có thể "
                    "đã bị hỏng. Không giữ bản sao lưu này.",
                    f"The copy of {db_path} fails its integrity check ({problem}); the database itself may be "
                    "damaged. No backup was kept.",
                    code="backup_failed",
                )
        fsync_file(partial)
        os.replace(partial, target)
        fsync_dir(folder)
    except (sqlite3.Error, OSError) as exc:  # e.g. the disk is full or the folder is read-only
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise DatabaseError(
            f"Không sao lưu được cơ sở dữ liệu {db_path}: {exc}",
            f"Could not back up the database {db_path}: {exc}",
            code="backup_failed",
        ) from exc
    except DatabaseError:
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise
    info = BackupFile.parse(target)
    assert info is not None, target
    return info


def list_backups(folder: Path) -> list[BackupFile]:
    """Every finished backup in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = [b for p in folder.iterdir() if p.is_file() and (b := BackupFile.parse(p)) is not None]
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def newest_good_backup(folder: Path, terminal_code: str | None = None) -> BackupFile | None:
    """The newest backup that passes its integrity check (and, given ``terminal_code``, is not another till's)."""
    for backup in list_backups(folder):
        try:
            identity = check_backup(backup.path)
        except DatabaseError:
            continue
        if terminal_code is None or identity.belongs_to(terminal_code) is not False:
            return backup
    return None


def prune_backups(folder: Path, keep_days: int, *, now: dt.datetime | None = None) -> list[Path]:
    """Delete backups older than ``keep_days``, always keeping each terminal's newest; return what was deleted."""
    now = now or dt.datetime.now()
    cutoff = now - dt.timedelta(days=keep_days)
    removed: list[Path] = []
    newest_seen: set[str] = set()
    for backup in list_backups(folder):
        if backup.terminal_code not in newest_seen:
            newest_seen.add(backup.terminal_code)
            continue
        if backup.taken_at < cutoff:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    if folder.is_dir():
        for leftover in folder.glob(f"*{SUFFIX}{PARTIAL}"):
            age = now - dt.datetime.fromtimestamp(leftover.stat().st_mtime)
            if age > _STALE_PARTIAL:
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    return removed


def backup_now(settings: Settings, *, reason: str = "manual", now: dt.datetime | None = None) -> BackupFile:
    """``ocop-pos backup``: a backup of this terminal's database now, then pruning of old ones."""
    config = BackupSettings.from_settings(settings)
    info = take_backup(
        settings.db_path,
        terminal_code=settings.terminal.code,
        store_code=settings.terminal.store_code,
        reason=reason,
        now=now,
    )
    prune_backups(info.path.parent, config.keep_days, now=now)
    return info


def ensure_daily_backup(settings: Settings, *, now: dt.datetime | None = None) -> BackupFile | None:
    """Take today's backup unless one exists; cheap to call at start and after every sale.

    Returns the new backup, or None when there was nothing to do (already done today, disabled, no database).
    """
    config = BackupSettings.from_settings(settings)
    if not config.daily:
        return None
    db = settings.db_path
    if not db.is_file() or db.stat().st_size == 0:
        return None
    now = now or dt.datetime.now()
    code = _safe_code(settings.terminal.code)
    folder = backup_folder(db)
    if any(b.terminal_code == code and b.taken_at.date() == now.date() for b in list_backups(folder)):
        return None
    info = backup_now(settings, reason="daily", now=now)
    return info


def backup_before_migration(db_path: Path, revision: str) -> BackupFile:
    """The copy ``open_database`` keeps of a database as it was before migrating it from ``revision``."""
    return take_backup(db_path, reason=f"before-migration-{revision}")


def corrupt_database_error(db_path: Path, cause: DatabaseError) -> CorruptDatabaseError:
    """``cause`` (a corrupt database at start) restated with the newest good backup to restore."""
    folder = backup_folder(db_path)
    latest = newest_good_backup(folder)
    if latest is None:
        return CorruptDatabaseError(
            f"{cause.vi} Không có bản sao lưu nào trong {folder}.",
            f"{cause.en} No backup was found in {folder}.",
        )
    when = latest.taken_at.strftime("%d/%m/%Y %H:%M")
    return CorruptDatabaseError(
        f"{cause.vi} Bản sao lưu tốt mới nhất: {latest.path.name} ({when}). "
        "Khôi phục bằng lệnh: ocop-pos restore --latest",
        f"{cause.en} The newest good backup is {latest.path.name} ({when}). "
        "Restore it with: ocop-pos restore --latest",
        latest_backup=latest.path,
    )
