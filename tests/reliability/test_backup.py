"""Backups and restores of the terminal database: verified copies, daily and before migrations, pruned after
``keep_days``; restores that refuse corrupt or foreign backups, keep the old database aside and are atomic even
when the process is killed half-way; a corrupt database at start names the newest good backup."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from pos.backup import (
    BackupFile,
    BackupSettings,
    CorruptDatabaseError,
    backup_folder,
    backup_now,
    check_backup,
    ensure_daily_backup,
    list_backups,
    take_backup,
)
from pos.cli import main
from pos.db import TERMINAL_HEAD, alembic_config, make_engine, open_database
from pos.demo.simulate import simulate
from pos.errors import ConfigError, DatabaseError
from pos.ledger.verify import verify_journal
from pos.payments.tenders import Tender
from pos.restore import restore_backup, restore_latest
from pos.selling.checkout import SaleContext, checkout
from pos.settings import Settings, load_settings
from pos.till.terminal import Terminal
from tests.evidence import recording

DAY = dt.datetime(2026, 3, 14, 9, 30, 0)


def sales_in(db: Path) -> int:
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT COUNT(*) FROM sales").fetchone()[0])
    finally:
        con.close()


def healthy(path: Path) -> bool:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    except sqlite3.DatabaseError:
        return False
    finally:
        con.close()


def corrupt(path: Path, table: str = "products") -> None:
    """Overwrite the root page of ``table`` (the catalogue, by default), as a failing disk would: the file fails its
    integrity check, while the receipt counters it also holds stay readable, whatever the schema's layout."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = int(con.execute("PRAGMA page_size").fetchone()[0])
        root = int(con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        con.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page_size
    data[start : start + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))


@pytest.fixture
def traded(stocked_terminal: Terminal) -> Terminal:
    simulate(stocked_terminal, 12, seed=4)
    return stocked_terminal


def barcodes(t: Terminal, n: int) -> list[str]:
    with t.engine.connect() as conn:
        codes = [
            str(r[0]) for r in conn.exec_driver_sql("SELECT code FROM barcodes ORDER BY code LIMIT ?", (n,))
        ]
        conn.rollback()
    return codes


def closed(t: Terminal) -> Settings:
    """The till app is closed before a restore (its pooled connections hold the database)."""
    t.engine.dispose()
    return t.settings


def test_backup_is_a_verified_stamped_single_file(traded: Terminal) -> None:
    info = backup_now(traded.settings, now=DAY)
    assert info.path.parent == traded.settings.home / "backups"
    assert info.path.name == "T01-20260314-093000-manual.sqlite3"
    assert info.terminal_code == "T01" and info.taken_at == DAY and info.reason == "manual"
    assert sorted(p.name for p in info.path.parent.iterdir()) == [info.path.name]  # no .partial, no -wal
    assert info.path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal: one self-contained file
    ident = check_backup(info.path)
    assert ident.recorded_terminal == "T01" and ident.store_code == "QN-HL01"
    assert ident.sales == 12 and ident.last_receipt == 12 and ident.schema == TERMINAL_HEAD
    con = sqlite3.connect(info.path)
    assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    con.close()
    again = backup_now(traded.settings, now=DAY)  # same second: a second file, never an overwrite
    assert again.path.name == "T01-20260314-093000-manual-2.sqlite3"


def test_a_damaged_database_gives_no_backup(traded: Terminal) -> None:
    settings = closed(traded)
    con = sqlite3.connect(settings.db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    corrupt(settings.db_path)
    with pytest.raises(DatabaseError) as info:
        backup_now(settings, now=DAY)
    assert info.value.code == "backup_failed" and "damaged" in info.value.en
    assert (
        list(backup_folder(settings.db_path).iterdir()) == []
    )  # no .partial left, no "good" copy of a bad file


def test_backups_taken_while_selling_are_consistent(traded: Terminal) -> None:
    codes = barcodes(traded, 50)
    ctx = SaleContext(traded.code, cashier_name="backup test")
    stop = threading.Event()
    sold: list[int] = []

    def sell() -> None:
        rng = random.Random(5)
        while not stop.is_set():
            cart = traded.new_cart()
            for _ in range(rng.randint(1, 4)):
                cart.add(traded.catalogue.resolve(rng.choice(codes)))
            sold.append(checkout(traded.engine, cart, [Tender.cash(cart.totals().total)], ctx).receipt_no)

    seller = threading.Thread(target=sell)
    seller.start()
    try:
        backups = []
        for i in range(6):
            while len(sold) < 5 * (i + 1):
                assert seller.is_alive(), "the selling thread died"
                time.sleep(0.005)
            backups.append(take_backup(traded.settings.db_path, terminal_code="T01", now=DAY))
    finally:
        stop.set()
        seller.join()
    counts = []
    for b in backups:
        ident = check_backup(b.path)
        engine = make_engine(b.path)
        report = verify_journal(engine)
        engine.dispose()
        assert report.ok, (b.path.name, report.first)
        assert report.entries == ident.sales == ident.last_receipt  # every sale complete, none half-copied
        counts.append(ident.sales)
    assert counts == sorted(counts) and counts[-1] > counts[0] >= 12


def test_daily_backup_once_a_day_pruned_after_keep_days(traded: Terminal) -> None:
    settings = traded.settings
    with settings.config_path.open("a", encoding="utf-8") as f:
        f.write("\n[backup]\nkeep_days = 3\n")
    assert BackupSettings.from_settings(settings) == BackupSettings(keep_days=3, daily=True)
    made = []
    for day in range(10):
        now = DAY + dt.timedelta(days=day)
        first = ensure_daily_backup(settings, now=now)
        assert first is not None and first.reason == "daily" and first.taken_at.date() == now.date()
        assert ensure_daily_backup(settings, now=now + dt.timedelta(hours=8)) is None  # already done today
        made.append(first.path.name)
    kept = [b.path.name for b in list_backups(backup_folder(settings.db_path))]
    # day 9 at 09:30: backups of days 6, 7, 8 and 9 are within 3 days; older ones were deleted
    assert kept == list(reversed(made[6:]))


def test_the_newest_backup_is_kept_however_old(traded: Terminal) -> None:
    old = take_backup(traded.settings.db_path, terminal_code="T01", now=DAY)
    backup_now(traded.settings, now=DAY + dt.timedelta(days=400))  # prunes: the old one goes
    assert not old.path.exists()
    newest = list_backups(backup_folder(traded.settings.db_path))
    assert len(newest) == 1
    backup_now(traded.settings, now=DAY + dt.timedelta(days=900))
    assert [b.taken_at.year for b in list_backups(backup_folder(traded.settings.db_path))] == [2028]


def test_daily_backup_can_be_switched_off_and_bad_settings_are_refused(terminal: Terminal) -> None:
    s = terminal.settings
    s.devices["backup"] = {"daily": False}
    assert ensure_daily_backup(s, now=DAY) is None
    assert not backup_folder(s.db_path).exists()
    for bad in (
        {"keep_days": 0},
        {"keep_days": "30"},
        {"keep_days": True},
        {"daily": "yes"},
        {"keep_day": 5},
    ):
        s.devices["backup"] = bad
        with pytest.raises(ConfigError):
            BackupSettings.from_settings(s)


def test_restore_round_trip_keeps_the_old_database_aside(traded: Terminal) -> None:
    backup = backup_now(traded.settings, now=DAY)
    simulate(traded, 5, seed=9)
    settings = closed(traded)
    db = settings.db_path
    result = restore_backup(settings, backup.path, now=DAY + dt.timedelta(hours=1))
    assert result.kept_aside == db.with_name("terminal.sqlite3.before-restore-20260314-103000")
    assert sales_in(db) == 12 and sales_in(result.kept_aside) == 17
    assert result.receipts_only_in_aside == 5
    assert result.journal_ok and result.journal_entries == 12
    leftovers = sorted(
        p.name for p in db.parent.glob("terminal.sqlite3*") if not p.name.endswith(("-wal", "-shm"))
    )
    assert leftovers == ["terminal.sqlite3", "terminal.sqlite3.before-restore-20260314-103000"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'backup_info'").fetchone() == (0,)
    con.close()
    t = Terminal.open(load_settings(settings.home))  # the till opens it and sells on from receipt 13
    try:
        cart = t.new_cart()
        cart.add(t.catalogue.resolve(barcodes(t, 1)[0]))
        sale = checkout(t.engine, cart, [Tender.cash(cart.totals().total)], SaleContext(t.code))
        assert sale.receipt_no == 13
        assert verify_journal(t.engine).ok
    finally:
        t.close()


def test_restore_onto_a_new_machine(traded: Terminal, tmp_path: Path) -> None:
    """The till's disk was replaced: a fresh home with the same terminal code and a backup from a USB stick."""
    backup = backup_now(traded.settings, now=DAY)
    usb = tmp_path / "usb" / backup.path.name
    usb.parent.mkdir()
    usb.write_bytes(backup.path.read_bytes())
    (tmp_path / "new-home").mkdir()
    fresh = load_settings(tmp_path / "new-home")
    result = restore_backup(fresh, usb)
    assert result.kept_aside is None and result.journal_ok and result.journal_entries == 12
    assert sales_in(fresh.db_path) == 12


def test_restore_refuses_another_terminals_backup_unless_forced(traded: Terminal) -> None:
    backup = backup_now(traded.settings, now=DAY)
    settings = closed(traded)
    settings.terminal.code = "T02"
    with pytest.raises(DatabaseError) as info:
        restore_backup(settings, backup.path)
    assert info.value.code == "other_terminal" and "T01" in info.value.en and "T01" in info.value.vi
    assert not list(settings.home.glob("terminal.sqlite3.before-restore-*"))
    with pytest.raises(DatabaseError) as info:
        restore_latest(settings)  # T02 has no backup of its own
    assert info.value.code == "no_backup"
    result = restore_backup(settings, backup.path, force=True)
    assert result.identity.terminal == "T01" and result.journal_ok


def test_restore_refuses_a_corrupt_backup_and_changes_nothing(traded: Terminal) -> None:
    backup = backup_now(traded.settings, now=DAY)
    corrupt(backup.path)
    settings = closed(traded)
    before = settings.db_path.read_bytes()
    with pytest.raises(DatabaseError) as info:
        restore_backup(settings, backup.path)
    assert info.value.code == "backup_corrupt"
    assert settings.db_path.read_bytes() == before
    assert not list(settings.home.glob("terminal.sqlite3.*"))  # nothing kept aside, no temporary file left
    not_a_db = settings.home / "notes.sqlite3"
    not_a_db.write_bytes(b"hello" * 1000)
    with pytest.raises(DatabaseError) as info:
        restore_backup(settings, not_a_db)
    assert info.value.code == "backup_corrupt"
    with pytest.raises(DatabaseError) as info:
        restore_backup(settings, settings.home / "missing.sqlite3")
    assert info.value.code == "backup_missing"


def test_restore_refuses_while_the_till_has_the_database_open(traded: Terminal) -> None:
    backup = backup_now(traded.settings, now=DAY)
    with traded.engine.connect() as conn:  # the running app holds pooled connections
        conn.exec_driver_sql("SELECT 1").scalar()
        conn.rollback()
        with pytest.raises(DatabaseError) as info:
            restore_backup(traded.settings, backup.path)
    assert info.value.code == "in_use"
    assert sales_in(traded.settings.db_path) == 12


def test_migration_is_preceded_by_a_backup(tmp_path: Path) -> None:
    from alembic import command

    db = tmp_path / "terminal.sqlite3"
    engine = make_engine(db)
    with engine.begin() as conn:
        command.upgrade(alembic_config(connection=conn), "0002")
    engine.dispose()
    (tmp_path / "backups").write_text("a file where the folder should be")  # the backup cannot be written
    with pytest.raises(DatabaseError) as info:
        open_database(db)
    assert info.value.code == "backup_failed"
    con = sqlite3.connect(db)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)  # not migrated
    con.close()
    (tmp_path / "backups").unlink()
    open_database(db).dispose()
    [backup] = list_backups(tmp_path / "backups")
    assert backup.reason == "before-migration-0002" and backup.terminal_code == "unknown"
    assert check_backup(backup.path).schema == "0002"
    open_database(db).dispose()  # already at head: no migration, no new backup
    assert len(list_backups(tmp_path / "backups")) == 1


def corrupt_after_a_good_backup(traded: Terminal, *, damaged_backup_too: bool) -> tuple[BackupFile, Settings]:
    """A good backup, three sales after it (and a damaged newer backup if asked), then the database damaged."""
    good = backup_now(traded.settings, now=DAY)
    simulate(traded, 3, seed=2)
    if damaged_backup_too:
        bad = backup_now(traded.settings, now=DAY + dt.timedelta(hours=2))
        corrupt(bad.path)  # the newest backup is damaged too: it must be skipped
    settings = closed(traded)
    con = sqlite3.connect(settings.db_path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    corrupt(settings.db_path)
    return good, settings


def restored_with_the_damaged_file_aside(settings: Settings) -> Path:
    """The backup's 12 sales are back and verify; the damaged file is kept as it was, for whoever wants to look."""
    engine = open_database(settings.db_path)
    try:
        assert verify_journal(engine).entries == 12
    finally:
        engine.dispose()
    [aside] = settings.home.glob("terminal.sqlite3.before-restore-*")
    assert not healthy(aside)
    return aside


def test_corrupt_database_at_start_offers_the_newest_good_backup(traded: Terminal) -> None:
    good, settings = corrupt_after_a_good_backup(traded, damaged_backup_too=True)
    with pytest.raises(CorruptDatabaseError) as info:
        open_database(settings.db_path)
    err = info.value
    assert isinstance(err, DatabaseError) and err.code == "corrupt"
    assert err.latest_backup == good.path
    assert good.path.name in err.vi and good.path.name in err.en
    assert "ocop-pos restore --latest" in err.en and "ocop-pos restore --latest" in err.vi
    assert main(["--lang", "en", "restore", "--latest"]) == 0
    restored_with_the_damaged_file_aside(settings)


def test_the_till_offers_the_newest_good_backup_and_starts_on_it(traded: Terminal) -> None:
    """What ``ocop-pos run`` does with a corrupt database: the box asks; "Quit" changes nothing; "Restore" puts the
    backup back (the damaged file kept aside) and says which receipts only the damaged file has."""
    from ui.start_failure import offer_restore

    good, settings = corrupt_after_a_good_backup(traded, damaged_backup_too=False)
    with pytest.raises(CorruptDatabaseError) as info:
        open_database(settings.db_path)
    asked: list[str] = []
    told: list[str] = []
    assert offer_restore(info.value, ask=lambda text, _yes, _no: asked.append(text) or False) is False
    assert good.path.name in asked[0] and "kept, not deleted" in asked[0]
    assert not healthy(settings.db_path)  # "Quit": nothing was touched
    assert offer_restore(info.value, ask=lambda *_: True, tell=told.append) is True
    assert f"Restored {good.path.name}" in told[0] and "only in the damaged file: 3." in told[0]
    assert "The sales journal checks out." in told[0]
    aside = restored_with_the_damaged_file_aside(settings)
    assert str(aside) in told[0]
    assert offer_restore(DatabaseError("x", "y", code="newer_schema"), ask=lambda *_: True) is False


def test_corrupt_database_without_backups_says_so(tmp_path: Path) -> None:
    db = tmp_path / "terminal.sqlite3"
    db.write_bytes(b"not a database" * 500)
    with pytest.raises(CorruptDatabaseError) as info:
        open_database(db)
    assert info.value.latest_backup is None
    assert "No backup" in info.value.en and "Không có bản sao lưu" in info.value.vi


def test_cli_backup_list_and_restore(traded: Terminal, capsys: pytest.CaptureFixture[str]) -> None:
    closed(traded)
    assert main(["--lang", "en", "backup"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("backup ok: ") and "12 sales" in out
    path = Path(out.split("backup ok: ")[1].split(" (")[0])
    assert BackupFile.parse(path) is not None and path.exists()
    assert main(["backup", "--list"]) == 0
    assert path.name in capsys.readouterr().out
    assert main(["--lang", "en", "restore", str(path)]) == 0
    out = capsys.readouterr().out
    assert "journal ok: 12 entries" in out and "kept as" in out
    traded.settings.terminal.code = "T09"
    traded.settings.save()
    assert main(["--lang", "en", "restore", str(path)]) == 1
    assert "belongs to terminal T01" in capsys.readouterr().err
    assert main(["--lang", "en", "restore", "--force", str(path)]) == 0


KILLS = 12
SOAK_KILLS = 200


def run_restore_kills(tmp_path: Path, kills: int, seed: int) -> Counter[str]:
    """Restores killed with SIGKILL at random moments; returns where each kill landed, read from what it left:
    ``before_copy`` (killed alive, nothing written yet), ``mid_copy`` (the ``.partial`` copy left behind),
    ``after_swap`` (killed alive with the new file in place: verifying the journal), ``finished`` (too late: the
    child had exited)."""
    home = tmp_path / "home"
    home.mkdir()
    t = Terminal.open(load_settings(home))
    from pos.demo.generate import generate_catalogue

    generate_catalogue(t.engine, 1000, seed=3)  # about a MB, so a restore takes long enough to be interrupted
    simulate(t, 20, seed=1)
    backup = backup_now(t.settings, now=DAY)
    simulate(t, 10, seed=2)
    t.close()
    old, new = sales_in(home / "terminal.sqlite3"), check_backup(backup.path).sales
    assert old > new
    settings = load_settings(home)
    db = home / "terminal.sqlite3"

    def restore_in_child(round_no: int) -> int:
        # A forked child has everything imported already, so a kill lands inside the restore itself.
        pid = os.fork()
        if pid == 0:
            try:
                restore_backup(settings, backup.path, now=DAY + dt.timedelta(minutes=round_no))
            finally:
                os._exit(0)
        return pid

    spans = []  # how long one restore takes on this machine, to spread the kills over it
    for probe in range(3):
        started = time.monotonic()
        os.waitpid(restore_in_child(99_990 + probe), 0)
        spans.append(time.monotonic() - started)
        assert sales_in(db) == new
        os.replace(next(home.glob("terminal.sqlite3.before-restore-*")), db)
    span = sorted(spans)[1]
    rng = random.Random(seed)
    landed: Counter[str] = Counter()
    for round_no in range(kills):
        pid = restore_in_child(round_no)
        time.sleep(rng.uniform(0.0, span * 1.1))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert db.exists(), "a killed restore left no database"
        assert healthy(db)
        count = sales_in(db)
        assert count in (old, new), count
        landed["old" if count == old else "new"] += 1
        partial = any(home.glob("terminal.sqlite3.restore-*"))
        aside = any(home.glob("terminal.sqlite3.before-restore-*"))
        if not os.WIFSIGNALED(status):
            landed["finished"] += 1
            span *= 0.8  # the machine got faster (a busy machine's first restores are slow): aim earlier
        elif partial:
            landed["mid_copy"] += 1
        elif aside:
            landed["after_swap"] += 1
        else:
            landed["before_copy"] += 1
        engine = make_engine(db)
        assert verify_journal(engine).ok
        engine.dispose()
        if count == new:  # put the newer database back for the next round
            [aside_path] = sorted(home.glob("terminal.sqlite3.before-restore-*"))
            os.replace(aside_path, db)
        for extra in home.glob("terminal.sqlite3.*"):
            extra.unlink()
    print(f"killed restores: {dict(landed)}")
    return landed


def check_landed(landed: Counter[str], kills: int) -> None:
    """The kills really struck restores under way: most while one was running, some in the middle of the copy."""
    assert landed["old"] + landed["new"] == kills
    assert landed["mid_copy"] >= 1, landed
    assert landed["finished"] <= kills // 3, landed


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork to kill a restore half-way")
def test_a_killed_restore_leaves_the_old_or_the_new_database(tmp_path: Path) -> None:
    check_landed(run_restore_kills(tmp_path, KILLS, seed=21), KILLS)


@pytest.mark.soak
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork to kill a restore half-way")
def test_killed_restore_soak(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    with recording("restore-kill", request) as figures:
        landed = run_restore_kills(tmp_path, SOAK_KILLS, seed=22)
        figures.update(kills=SOAK_KILLS, landed=dict(landed))
        check_landed(landed, SOAK_KILLS)


def test_a_restore_says_so_when_the_damaged_file_cannot_tell_what_it_held(traded: Terminal) -> None:
    """The receipt counters themselves damaged: the restore cannot count the receipts only the damaged file has, and
    says so instead of reporting none."""
    from ui.start_failure import offer_restore

    backup_now(traded.settings, now=DAY)
    simulate(traded, 3, seed=2)
    settings = closed(traded)
    corrupt(settings.db_path, table="receipt_counters")
    with pytest.raises(CorruptDatabaseError) as info:
        open_database(settings.db_path)
    told: list[str] = []
    assert offer_restore(info.value, ask=lambda *_: True, tell=told.append) is True
    assert "could not be read to tell whether receipts were made after the backup" in told[0]
