"""The issue's acceptance run, as a new shop would do it: seed, simulate, verify, tamper with sqlite3, verify."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pos.barcodes import with_check_digit


def ocop(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OCOP_POS_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pos.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_seed_simulate_verify_then_tamper(tmp_path: Path) -> None:
    home = tmp_path / "home"
    seeded = ocop(home, "catalog", "seed-demo")
    assert seeded.returncode == 0, seeded.stderr
    assert "products" in seeded.stdout
    sim = ocop(home, "simulate", "--sales", "200", "--seed", "1")
    assert sim.returncode == 0, sim.stderr
    assert sim.stdout.startswith("200 sales")
    ok = ocop(home, "journal", "verify")
    assert ok.returncode == 0, ok.stderr
    db = home / "terminal.sqlite3"
    if shutil.which("sqlite3"):
        subprocess.run(
            ["sqlite3", str(db), "UPDATE payments SET amount = amount + 1000 WHERE rowid = 42"], check=True
        )
    else:  # pragma: no cover - the README's test command installs sqlite3
        con = sqlite3.connect(db)
        con.execute("UPDATE payments SET amount = amount + 1000 WHERE rowid = 42")
        con.commit()
        con.close()
    bad = ocop(home, "journal", "verify")
    assert bad.returncode == 1
    assert "BROKEN at receipt T01-" in bad.stderr


def test_search_and_lookup_commands(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert ocop(home, "catalog", "seed-demo").returncode == 0
    found = ocop(home, "catalog", "search", "ruou", "ba", "kich")
    assert found.returncode == 0 and "Rượu ba kích" in found.stdout
    unknown = ocop(home, "--lang", "en", "catalog", "lookup", with_check_digit("893000000000"))
    assert unknown.returncode == 1 and "No product" in unknown.stderr
    bad = ocop(home, "catalog", "lookup", "8934588012229")
    assert bad.returncode == 1 and "kiểm tra" in bad.stderr
    vietnamese = ocop(home, "--lang", "en", "catalog", "lookup", "8936174404257")  # Ba Chẽ morinda liquor
    assert vietnamese.returncode == 0 and "QN-0012" in vietnamese.stdout
    assert vietnamese.stdout.rstrip().endswith("GS1 Vietnam (893)")
    by_sku = ocop(home, "catalog", "lookup", "QN-0012")
    assert by_sku.returncode == 0 and "893" not in by_sku.stdout


@pytest.mark.parametrize("args", [["info"], ["db", "upgrade"]])
def test_info_commands(tmp_path: Path, args: list[str]) -> None:
    res = ocop(tmp_path / "home", *args)
    assert res.returncode == 0, res.stderr


def test_the_till_refuses_a_corrupt_database_with_a_message_and_a_log_line(tmp_path: Path) -> None:
    """``ocop-pos run`` on a damaged file: exit 1, the reason (with where the backups are) on the console and in
    the shop's log file; nothing hangs waiting for a click when there is no screen."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "terminal.sqlite3").write_bytes(b"not a database, whatever the name says" * 300)
    env = {**os.environ, "OCOP_POS_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-m", "pos.cli", "--lang", "en", "run"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1
    assert "is corrupt or not an SQLite file" in run.stderr and "No backup was found" in run.stderr
    log = (home / "logs" / "ocop-pos.log").read_text(encoding="utf-8")
    assert "integrity check started" in log and "the till could not start: Database" in log
