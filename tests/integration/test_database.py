"""Opening the database: Alembic builds it, a newer schema is refused, corruption is detected."""

from __future__ import annotations

import ast
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from pos.db import TERMINAL_HEAD, alembic_config, open_database
from pos.errors import DatabaseError
from pos.integrity import CHECK_EVERY, IntegrityCheck, check_due, forget_pass, last_passed, record_pass

ROOT = Path(__file__).resolve().parents[2]


def test_head_constant_matches_alembic() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == TERMINAL_HEAD


def test_fresh_database_is_built_by_alembic(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "t.sqlite3")
    with engine.connect() as conn:
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
        fks = conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one()
        rates = conn.exec_driver_sql("SELECT COUNT(*) FROM vat_rates").scalar_one()
    assert version == TERMINAL_HEAD and fks == 1 and rates >= 4
    engine.dispose()
    open_database(tmp_path / "t.sqlite3").dispose()  # opening again is a no-op


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    open_database(path).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert info.value.code == "newer_schema"
    assert "newer" in info.value.en and "mới hơn" in info.value.vi


def test_corrupt_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert info.value.code == "corrupt"


def _fill(path: Path) -> None:
    """A database with enough pages that damage in its middle hits table data."""
    engine = open_database(path)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE filler (x TEXT)")
        for i in range(400):
            conn.exec_driver_sql("INSERT INTO filler VALUES (?)", (f"row {i} " * 40,))
    engine.dispose()


def _damage(path: Path) -> None:
    """Overwrite 8 KiB in the middle of a checkpointed database: pages a quick_check must flag."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(path.read_bytes())
    for offset in range(len(data) // 2, len(data) // 2 + 8192):
        data[offset] = 0xFF
    path.write_bytes(bytes(data))


def test_damaged_pages_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    _fill(path)
    _damage(path)
    with pytest.raises(DatabaseError):
        open_database(path)


def test_a_check_started_ahead_gives_the_same_verdict(tmp_path: Path) -> None:
    """The till starts the check before its imports; opening collects the verdict and refuses a damaged file."""
    path = tmp_path / "t.sqlite3"
    fresh = IntegrityCheck.start(path)  # nothing there yet: nothing to check, a new database is made
    open_database(path, integrity=fresh).dispose()
    _fill(path)
    sound = IntegrityCheck.start(path)
    open_database(path, integrity=sound).dispose()
    sound.verdict()  # asking again is free and gives the same answer
    _damage(path)
    damaged = IntegrityCheck.start(path)
    with pytest.raises(DatabaseError) as info:
        open_database(path, integrity=damaged)
    assert info.value.code == "corrupt" and "backup" in info.value.en


def test_the_full_check_runs_after_a_crash_or_once_a_day_and_a_clean_restart_skips_it(tmp_path: Path) -> None:
    """A year of sales makes the check ~2 s of a start: a restart after a clean stop within a day of a passed check
    skips it; a crash, a day gone by, a damaged file or a restored one make the next start check again."""
    path = tmp_path / "t.sqlite3"
    _fill(path)
    first = IntegrityCheck.start(path, clean_stop=True)
    assert first.reason == "no passed check on record"
    first.verdict()
    passed = last_passed(path)
    assert passed is not None  # recorded beside the database, not in it
    restart = IntegrityCheck.start(path, clean_stop=True)
    assert restart.skipped
    open_database(path, integrity=restart).dispose()
    crashed = IntegrityCheck.start(path, clean_stop=False)
    assert crashed.reason == "the last run did not end cleanly"
    crashed.verdict()  # its thread records its pass: wait for it before the file is damaged below
    passed = last_passed(path)
    assert passed is not None
    later = passed + CHECK_EVERY
    assert check_due(path, clean_stop=True, now=later) == "the last passed check is a day old"
    assert check_due(path, clean_stop=True, now=passed - dt.timedelta(hours=1)) is not None  # clock set back
    always = IntegrityCheck.start(path)
    assert always.reason == "always"  # callers that do not say how the last run ended
    always.verdict()
    _damage(path)
    after_crash = IntegrityCheck.start(path, clean_stop=False)
    with pytest.raises(DatabaseError):
        open_database(path, integrity=after_crash)
    assert last_passed(path) is None  # a failed check clears the record: the next start checks again
    record_pass(path)
    forget_pass(path)  # what a restore does before it puts the backup in place
    assert IntegrityCheck.start(path, clean_stop=True).reason == "no passed check on record"


def test_core_never_imports_qt_or_ui() -> None:
    offenders = []
    for path in (ROOT / "pos").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "shiboken6", "ui"):
                    offenders.append(f"{path.relative_to(ROOT)}: {name}")
    assert offenders == []
