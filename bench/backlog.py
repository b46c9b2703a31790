"""Tills holding many real sales (a journal to verify, an outbox to upload), built once per benchmark run.

The sales are made by the real code path — ``pos.demo.simulate.simulate`` → ``checkout`` — on a 2 000-product
catalogue. Only while the backlog is being *built* does the engine run with ``PRAGMA synchronous=OFF``: every
checkout would otherwise wait for an fsync (1–4 ms here), and building 100 000 sales would take that much longer
for nothing the benchmark measures — the rows, journal hashes and outbox documents written are the same bytes
either way. Everything measured afterwards opens the database with the till's own pragmas (``synchronous=FULL``).

A larger backlog is grown from the largest smaller one already built in the run (copied, then more sales), so the
50 000-sale sync backlog and the 100 000-sale journal cost 100 000 simulated sales together, not 150 000.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.workspace import catalogue_home, workspace
from pos.demo.simulate import simulate
from pos.settings import load_settings
from pos.till.terminal import Terminal

#: Sales in the backlog the sync section uploads (quick mode: a tenth); the journal is verified on 100 000
#: (quick: on this same backlog).
SYNC_BACKLOG = {True: 5_000, False: 50_000}
#: Catalogue the simulated sales are drawn from.
BACKLOG_PRODUCTS = 2_000
#: Seconds spent building backlogs in this run (reported, so a slow run is explained).
build_seconds: dict[int, float] = {}


def _no_fsync(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA synchronous=OFF")


def _sales_in(home: Path) -> int:
    con = sqlite3.connect(load_settings(home).db_path)
    try:
        return int(con.execute("SELECT COUNT(*) FROM sales WHERE kind = 'sale'").fetchone()[0])
    finally:
        con.close()


def _grow(home: Path, sales: int, seed: int) -> None:
    """Add ``sales`` simulated sales (plus the returns simulate makes) to the till at ``home``, without fsync."""
    t = Terminal.open(load_settings(home))
    try:
        event.listen(t.engine, "connect", _no_fsync)
        t.engine.dispose()  # reconnect with the listener
        step = 5_000
        for done in range(0, sales, step):
            simulate(t, min(step, sales - done), seed=seed + done)
    finally:
        t.close()


def sales_home(sales: int) -> Path:
    """A till home whose journal and outbox hold ``sales`` sales (and ~1/30 as many returns), built on first use."""
    home = workspace() / f"sales-{sales}"
    if home.exists():
        return home
    start = time.perf_counter()
    smaller = sorted(
        (int(p.name.split("-")[1]) for p in workspace().glob("sales-*") if p.is_dir()),
        reverse=True,
    )
    base = next((n for n in smaller if n < sales), 0)
    partial = home.with_name(home.name + ".building")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(workspace() / f"sales-{base}" if base else catalogue_home(BACKLOG_PRODUCTS), partial)
    _grow(partial, sales - base, seed=base + 7)
    partial.rename(home)
    build_seconds[sales] = round(time.perf_counter() - start, 1)
    assert _sales_in(home) == sales
    return home
