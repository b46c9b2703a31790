"""``ocop-pos backup`` and ``ocop-pos restore``: a verified copy of the terminal database now, and putting one back."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pos.backup import BackupFile, backup_folder, backup_now, check_backup, list_backups
from pos.cli.output import add_format_options, emit_rows, error, for_script
from pos.errors import DatabaseError
from pos.restore import RestoreResult, restore_backup, restore_latest
from pos.settings import load_settings


def register(sub: Any) -> None:
    p = sub.add_parser("backup", help="back up the terminal database now (verified copy in backups/)")
    p.add_argument("--list", action="store_true", help="list the backups instead, newest first")
    add_format_options(p)
    p.set_defaults(handler=_backup)
    p = sub.add_parser(
        "restore", help="replace the terminal database by a backup (the current one is kept aside)"
    )
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", type=Path, help="the backup file to restore")
    which.add_argument("--latest", action="store_true", help="the newest good backup of this terminal")
    p.add_argument("--force", action="store_true", help="restore even a backup of another terminal")
    p.set_defaults(handler=_restore)


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1_048_576:.1f} MB"


def _backup(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.list:
        folder = backup_folder(settings.db_path)
        backups = list_backups(folder)
        if for_script(args):
            emit_rows(args, BACKUP_COLUMNS, (_backup_row(b) for b in backups))
            return 0
        if not backups:
            print(f"no backups in {folder}")
        for b in backups:
            try:
                ident = check_backup(b.path)
                state = f"ok, {ident.sales} sales, last receipt {ident.last_receipt}"
            except DatabaseError as exc:
                state = f"UNUSABLE ({exc.code})"
            print(
                f"{b.taken_at:%Y-%m-%d %H:%M:%S}  {b.terminal_code:<8} {b.reason:<28} {_size(b.path):>9}  {state}"
            )
            print(f"    {b.path}")
        return 0
    info = backup_now(settings)
    ident = check_backup(info.path)
    print(
        f"backup ok: {info.path} ({_size(info.path)}, {ident.sales} sales, last receipt {ident.last_receipt})"
    )
    return 0


BACKUP_COLUMNS = ("taken_at", "terminal", "reason", "bytes", "usable", "sales", "last_receipt", "path")


def _backup_row(b: BackupFile) -> dict[str, object]:
    row: dict[str, object] = {"taken_at": b.taken_at, "terminal": b.terminal_code, "reason": b.reason,
                              "bytes": b.path.stat().st_size, "path": str(b.path)}  # fmt: skip
    try:
        ident = check_backup(b.path)
        row.update(usable=True, sales=ident.sales, last_receipt=ident.last_receipt)
    except DatabaseError:
        row.update(usable=False)
    return row


def _report(result: RestoreResult) -> None:
    ident = result.identity
    print(f"restored {result.database} from {result.source}")
    print(f"  terminal {ident.terminal or '?'}, {ident.sales} sales, last receipt {ident.last_receipt}")
    if result.kept_aside is not None:
        print(f"  the previous database is kept as {result.kept_aside}")
    if result.receipts_only_in_aside is None:
        error(
            "  WARNING: the previous database could not be read to tell whether it had receipts newer than this "
            "backup; check the file kept aside (and the server, if they were synced)"
        )
    elif result.receipts_only_in_aside:
        error(
            f"  WARNING: the previous database had {result.receipts_only_in_aside} receipt(s) newer than this backup; "
            "they are only in the file kept aside (and on the server if they were synced)"
        )
    if result.journal_ok:
        print(f"  journal ok: {result.journal_entries} entries")
    else:
        error(f"  WARNING: the restored journal does not verify: {result.journal_problem}")


def _restore(args: argparse.Namespace) -> int:
    settings = load_settings()
    if args.latest:
        result = restore_latest(settings, force=args.force)
    else:
        result = restore_backup(settings, args.file, force=args.force)
    _report(result)
    return 0 if result.journal_ok else 1
