"""When the till cannot start: say why where the cashier looks, and offer the newest good backup.

A till started from a desktop icon has no console, so the reason goes in a message box, in Vietnamese and in
English (:data:`BOX_LANGUAGES`: the configured language lives in the database that may be what failed); the box's
own words come from the translation files like every other string, through ``tr_in``. A corrupt database comes with the newest good
backup (``pos.backup.CorruptDatabaseError.latest_backup``): the box offers to restore it — the damaged file is kept
aside, never deleted — and the till then starts on the restored copy. With no screen (offscreen, a service) there is
nobody to click, so only the console and the log get the message.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from pos.errors import PosError
from ui.i18n import DEFAULT_LANGUAGE, SOURCE_LANGUAGE, core_words, tr_in
from ui.qt import QT_TR_NOOP

log = logging.getLogger("ocop_pos.startup")

Ask = Callable[[str, str, str], bool]  # (message, yes, no) -> yes?


def headless() -> bool:
    return os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal"))


#: The languages a start-up box speaks, one after the other.
BOX_LANGUAGES = (DEFAULT_LANGUAGE, SOURCE_LANGUAGE)
#: The box's words (``tr_in`` translates them into each of its languages; marked here for pyside6-lupdate).
ASK_RESTORE = QT_TR_NOOP(
    "Restore the backup {file} and start the till? The damaged file is kept, not deleted."
)
RESTORE, QUIT = QT_TR_NOOP("Restore"), QT_TR_NOOP("Quit")
RESTORED = QT_TR_NOOP("Restored {file}. The damaged file is kept as {aside}.")
ONLY_IN_DAMAGED = QT_TR_NOOP("Receipts made after the backup that are only in the damaged file: {n}.")
DAMAGED_UNREADABLE = QT_TR_NOOP(
    "The damaged file could not be read to tell whether receipts were made after the backup: tell the manager."
)
JOURNAL_OK = QT_TR_NOOP("The sales journal checks out.")
JOURNAL_PROBLEM = QT_TR_NOOP("Journal: {problem}")


def _each(words: Callable[[str], str]) -> str:
    """``words(lang)`` in every language of the box, one paragraph each."""
    return "\n\n".join(words(lang) for lang in BOX_LANGUAGES)


def _button(words: str) -> str:
    """A button's ``words`` in every language of the box: "Khôi phục / Restore"."""
    return " / ".join(tr_in(lang, words) for lang in BOX_LANGUAGES)


def _reason(exc: PosError) -> Callable[[str], str]:
    return lambda lang: core_words(exc.vi, exc.en, lang)


def show_start_error(exc: PosError) -> None:
    if headless():
        return
    _message_box(_each(_reason(exc)), "OK", "")


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
    question = _each(
        lambda lang: (
            core_words(exc.vi, exc.en, lang) + "\n\n" + tr_in(lang, ASK_RESTORE).format(file=backup.name)
        )
    )
    if not ask(question, _button(RESTORE), _button(QUIT)):
        return False
    say: Callable[[str], object] = tell or (lambda text: _ask_in_a_box(text, "OK", ""))
    try:
        result = restore_backup(load_settings(), backup)
    except PosError as failed:
        log.error("restoring %s failed: %s", backup, failed.en)
        say(_each(_reason(failed)))
        return False
    log.warning("restored %s; the damaged database is kept as %s", backup, result.kept_aside)

    def restored(lang: str) -> str:
        words = [tr_in(lang, RESTORED).format(file=backup.name, aside=result.kept_aside)]
        if result.receipts_only_in_aside is None:
            words.append(tr_in(lang, DAMAGED_UNREADABLE))
        elif result.receipts_only_in_aside:
            words.append(tr_in(lang, ONLY_IN_DAMAGED).format(n=result.receipts_only_in_aside))
        if result.journal_ok:
            words.append(tr_in(lang, JOURNAL_OK))
        else:
            words.append(tr_in(lang, JOURNAL_PROBLEM).format(problem=result.journal_problem))
        return " ".join(words)

    say(_each(restored))
    return True
