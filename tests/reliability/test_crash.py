"""SIGKILL at random moments during checkouts: every sale reported as committed is there and complete,
no partial sale exists, the database is intact and the journal verifies."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos.demo.generate import generate_catalogue
from pos.ledger.verify import verify_journal
from pos.settings import load_settings
from pos.till.terminal import Terminal
from tests.evidence import recording

ROOT = Path(__file__).resolve().parents[2]
SOAK_KILLS = 1000


def check_database(db: Path, reported: set[str]) -> int:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        sales = {r[0]: r[1] for r in con.execute("SELECT id, total FROM sales")}
        missing = reported - set(sales)
        assert not missing, f"sales reported committed but lost: {sorted(missing)[:3]}"
        for sale_id, total in sales.items():
            lines, amount = con.execute(
                "SELECT COUNT(*), COALESCE(SUM(amount), 0) FROM sale_lines WHERE sale_id = ?", (sale_id,)
            ).fetchone()
            paid = con.execute(
                "SELECT COALESCE(SUM(amount), 0) FROM payments WHERE sale_id = ?", (sale_id,)
            ).fetchone()[0]
            moves = con.execute("SELECT COUNT(*) FROM stock_moves WHERE sale_id = ?", (sale_id,)).fetchone()[
                0
            ]
            journal = con.execute("SELECT COUNT(*) FROM journal WHERE sale_id = ?", (sale_id,)).fetchone()[0]
            outbox = con.execute("SELECT COUNT(*) FROM outbox WHERE entity_id = ?", (sale_id,)).fetchone()[0]
            assert (
                lines > 0 and amount == total == paid and moves == lines and journal == 1 and outbox == 1
            ), sale_id
        return len(sales)
    finally:
        con.close()


def run_kills(tmp_path: Path, kills: int, seed: int) -> tuple[int, int, int]:
    """Returns (kills, sales reported committed, sales in the database at the end)."""
    home = tmp_path / "home"
    home.mkdir()
    t = Terminal.open(load_settings(home))
    generate_catalogue(t.engine, 200, seed=1)
    t.close()
    env = {**os.environ, "OCOP_POS_HOME": str(home), "PYTHONPATH": str(ROOT)}
    rng = random.Random(seed)
    reported: set[str] = set()
    stored = 0
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.crash_child"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate()
        reported.update(line for line in out.split() if len(line) == 36)
        stored = check_database(home / "terminal.sqlite3", reported)
    t = Terminal.open(load_settings(home))
    report = verify_journal(t.engine)
    t.close()
    assert report.ok, report.first
    return kills, len(reported), stored


def test_sigkill_during_checkouts_loses_nothing(tmp_path: Path) -> None:
    _kills, sales, _stored = run_kills(tmp_path, 12, seed=11)
    assert sales > 0


@pytest.mark.soak
def test_sigkill_soak(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    with recording("sigkill", request) as figures:
        kills, reported, stored = run_kills(tmp_path, SOAK_KILLS, seed=12)
        # Sales the child printed before it was killed, and those in the file after the last kill (a sale
        # committed but not yet printed when the kill struck is there too, never the reverse).
        figures.update(
            kills=kills, sales_reported_committed=reported, sales_in_database=stored, checks_after_kills=kills
        )
        assert stored >= reported > 0
