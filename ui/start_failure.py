"""When the till cannot start: say why where the cashier looks, and offer the newest good backup.

A till started from a desktop icon has no console, so the reason goes in a message box, in both languages (the
configured language lives in the database that may be what failed). A corrupt database comes with the newest good
backup (``pos.backup.CorruptDatabaseError.latest_backup``): the box offers to restore it — the damaged file is kept
aside, never deleted — and the till then starts on the restored copy. With no screen (offscreen, a service) there is
nobody to click, so only the console and the log get the message.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from pos.errors import PosError

log = logging.getLogger("ocop_pos.startup")

Ask = Callable[[str, str, str], bool]  # (message, yes, no) -> yes?


def headless() -> bool:
    return os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal"))


def _both(vi: str, en: str) -> str:
    return f"{vi}\n\n{en}"


def show_start_error(exc: PosError) -> None:
    if headless():
        return
    _message_box(_both(exc.vi, exc.en), "OK", "")


def _message_box(text: str, yes: str, no: str) -> bool:
    """A modal box with one or two buttons; True when the first was chosen."""
    from ui.app import ensure_app
    from ui.modal import run_message_box
    from ui.qt import QMessageBox

    ensure_app()
    box = QMessageBox(QMessageBox.Icon.Critical, "OCOP POS", text)
    first = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    if no:
        box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    return run_message_box(box) is first


def _ask_in_a_box(text: str, yes: str, no: str) -> bool:
    return not headless() and _message_box(text, yes, no)


def offer_restore(exc: PosError, ask: Ask = _ask_in_a_box, tell: Callable[[str], None] | None = None) -> bool:
    """For a corrupt database with a good backup: ask, restore, and say what the restore means. True when the
    database was restored (start again); False when there was nothing to offer, the answer was no, or the restore
    failed (its reason is told)."""
    from pos.backup import CorruptDatabaseError
    from pos.restore import restore_backup
    from pos.settings import load_settings

    if not isinstance(exc, CorruptDatabaseError) or exc.latest_backup is None:
        return False
    backup = exc.latest_backup
    question = _both(
        f"{exc.vi}\n\nKhôi phục bản sao lưu {backup.name} và mở máy bán hàng? "
        "Tệp bị hỏng được giữ lại, không bị xoá.",
        f"{exc.en}\n\nRestore the backup {backup.name} and start the till? "
        "The damaged file is kept, not deleted.",
    )
    if not ask(question, "Khôi phục / Restore", "Thoát / Quit"):
        return False
    tell = tell or (lambda text: _ask_in_a_box(text, "OK", ""))
    try:
        result = restore_backup(load_settings(), backup)
    except PosError as failed:
        log.error("restoring %s failed: %s", backup, failed.en)
        tell(_both(failed.vi, failed.en))
        return False
    log.warning("restored %s; the damaged database is kept as %s", backup, result.kept_aside)
    lost_vi = lost_en = ""
    if result.receipts_only_in_aside is None:
        lost_vi = " Không đọc được tệp bị hỏng để biết có hoá đơn nào sau bản sao lưu không: hãy báo quản lý."
        lost_en = " The damaged file could not be read to tell whether receipts were made after the backup: tell the manager."
    elif result.receipts_only_in_aside:
        n = result.receipts_only_in_aside
        lost_vi = f" {n} hoá đơn sau bản sao lưu chỉ còn trong tệp bị hỏng."
        lost_en = f" {n} receipts made after the backup are only in the damaged file."
    check_vi = "Nhật ký bán hàng hợp lệ." if result.journal_ok else f"Nhật ký: {result.journal_problem}"
    check_en = "The sales journal checks out." if result.journal_ok else f"Journal: {result.journal_problem}"
    tell(
        _both(
            f"Đã khôi phục {backup.name}. Tệp bị hỏng được giữ ở {result.kept_aside}.{lost_vi} {check_vi}",
            f"Restored {backup.name}. The damaged file is kept as {result.kept_aside}.{lost_en} {check_en}",
        )
    )
    return True
