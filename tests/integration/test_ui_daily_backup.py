"""The running till takes the day's backup on its own thread: soon after start, and again on a new day's first sale;
a failure is a warning on screen, never a stop."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pos.backup import backup_folder, check_backup, list_backups
from pos.till.terminal import Terminal
from tests.conftest_ui import FakeClock, PrintRecorder, human, press, scan
from ui.qt import Qt

GAT_GU = "8934656203930"  # Bánh gật gù Tiên Yên túi 500 g, 45.000 ₫


def make_window(qtbot, terminal: Terminal, clock: FakeClock, backup):  # type: ignore[no-untyped-def]
    from ui.app import build_window, ensure_app

    ensure_app()
    win = build_window(terminal, PrintRecorder(), clock=clock, backup=backup)
    qtbot.addWidget(win)
    win.resize(1024, 768)
    win.show()
    qtbot.waitExposed(win)
    return win


def cash_sale(qtbot, window, clock: FakeClock) -> None:  # type: ignore[no-untyped-def]
    scan(qtbot, window, GAT_GU, clock)
    press(qtbot, window, Qt.Key.Key_F12, clock)
    human(qtbot, window, "50000", clock)
    press(qtbot, window, Qt.Key.Key_Return, clock)
    assert window.current == "sale" and window.till.session.cart.is_empty


def test_the_days_backup_is_taken_once_then_again_on_a_new_day(
    qtbot, ui_terminal: Terminal, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    from ui.daily_backup import DailyBackup

    day = [dt.date.today()]
    backup = DailyBackup(ui_terminal.settings, first_check_delay_ms=0, today=lambda: day[0])
    taken: list[str] = []
    backup.taken.connect(taken.append)
    window = make_window(qtbot, ui_terminal, clock, backup)
    try:
        qtbot.waitUntil(lambda: len(taken) == 1, timeout=20_000)
        path = Path(taken[0])
        assert path.parent == backup_folder(ui_terminal.settings.db_path) and "daily" in path.name
        assert check_backup(path).terminal == ui_terminal.code  # a complete, verified copy of this till
        window.signin.pin.setFocus()
        human(qtbot, window, "1111", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
        cash_sale(qtbot, window, clock)
        assert not backup.busy  # the same day: a sale starts no check
        day[0] += dt.timedelta(days=1)  # past midnight: the first sale asks again
        cash_sale(qtbot, window, clock)
        qtbot.waitUntil(lambda: backup._checked_on == day[0], timeout=20_000)
        # the file names carry the machine's real date: today's copy exists, so nothing new was taken
        assert len(list_backups(backup_folder(ui_terminal.settings.db_path))) == 1
    finally:
        window.shutdown()


def test_a_backup_that_cannot_be_written_is_a_warning_and_selling_goes_on(
    qtbot, ui_terminal: Terminal, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    from ui.daily_backup import DailyBackup

    folder = backup_folder(ui_terminal.settings.db_path)
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    folder.rmdir()
    folder.write_text("a file where the backups folder should be")  # the copy cannot be written
    backup = DailyBackup(ui_terminal.settings, first_check_delay_ms=3_600_000)  # checks made below
    failures: list[str] = []
    backup.failed.connect(lambda _vi, en: failures.append(en))
    window = make_window(qtbot, ui_terminal, clock, backup)
    try:
        window.switch_language("en")
        window.signin.pin.setFocus()
        human(qtbot, window, "1111", clock)
        press(qtbot, window, Qt.Key.Key_Return, clock)
        backup.check()
        qtbot.waitUntil(lambda: len(failures) == 1, timeout=20_000)
        assert window.sale.notice.kind == "warn"
        shown = window.sale.notice.text.text()
        assert "Today's backup of the till failed:" in shown and "tell the manager" in shown
        cash_sale(qtbot, window, clock)  # the sale goes through; its check fails again...
        qtbot.waitUntil(lambda: backup.failures == 2, timeout=20_000)
        qtbot.wait(50)
        assert len(failures) == 1  # ...quietly: a warning at most once an hour, not at every sale
        assert backup._checked_on is None
    finally:
        window.shutdown()
