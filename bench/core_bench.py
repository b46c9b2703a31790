"""Benchmarks of the core: scan → priced line, search, durable checkout vs a bare transaction, wedge decoding,
journal verification. Every figure that can be is also given as a ratio to a baseline measured in the same run."""

from __future__ import annotations

import random
import shutil
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

from bench.backlog import SYNC_BACKLOG, build_seconds, sales_home
from bench.stats import percentile, time_ms
from bench.workspace import open_terminal, workspace
from pos.devices.wedge import Scan, WedgeDecoder, replay, simulate_keystrokes
from pos.ledger.verify import verify_journal
from pos.payments.tenders import Tender
from pos.selling.cart import Cart
from pos.selling.checkout import SaleContext, checkout
from pos.settings import load_settings
from pos.sync.outbox import record_outcome
from pos.till.terminal import Terminal


def _codes(t: Terminal, n: int, seed: int) -> list[str]:
    with t.engine.connect() as conn:
        codes = [r[0] for r in conn.exec_driver_sql("SELECT code FROM barcodes")]
    rng = random.Random(seed)
    return [rng.choice(codes) for _ in range(n)]


class ScanToLine:
    """Wedge keystrokes in → Scan → resolve → cart line → totals, one scan at a time (ms), on one terminal."""

    def __init__(self, t: Terminal, scans: int) -> None:
        self.t = t
        self.codes = iter(_codes(t, scans, 1))
        self.decoder = WedgeDecoder()
        self.clock = 0.0
        self.cart = t.new_cart()

    def once(self) -> float:
        events = simulate_keystrokes(next(self.codes), self.clock, 2.0)
        self.clock += 1000.0
        start = time.perf_counter()
        for _, action in replay(self.decoder, events):
            if isinstance(action, Scan):
                self.cart.add(self.t.catalogue.resolve(action.code))
                self.cart.totals()
        elapsed = (time.perf_counter() - start) * 1000
        if len(self.cart.lines) > 30:
            self.cart = self.t.new_cart()
        return elapsed


def scan_to_line(small: Terminal, big: Terminal, scans: int) -> tuple[list[float], list[float]]:
    """Scans on the small and the big catalogue alternated, so a busy neighbour slows both alike (the p99 of a
    sub-millisecond step is otherwise mostly the machine's)."""
    a, b = ScanToLine(small, scans + 50), ScanToLine(big, scans + 50)
    for _ in range(50):  # warm both: pooled connections, statement caches, the pages a lookup touches
        a.once()
        b.once()
    out_small, out_big = [], []
    for _ in range(scans):
        out_small.append(a.once())
        out_big.append(b.once())
    return out_small, out_big


def search(t: Terminal, queries: int) -> list[float]:
    words = [
        "cha muc",
        "ruou ba",
        "tra hoa vang",
        "mien dong",
        "ha long",
        "hon",
        "nuoc mam cai",
        "mat ong",
        "dong trieu",
        "quang yen",
        "gom",
        "van don sa",
        "banh gat",
        "tien yen",
        "co to",
        "bi",
    ]
    rng = random.Random(2)
    return time_ms(lambda: t.catalogue.search(rng.choice(words), 30), queries)


def _carts(t: Terminal, n: int) -> list[Cart]:
    """``n`` carts of 5 scanned lines each, built before any timing starts."""
    codes = _codes(t, 5 * n, 3)
    carts = []
    for i in range(n):
        cart = t.new_cart()
        for code in codes[5 * i : 5 * i + 5]:
            cart.add(t.catalogue.resolve(code))
        carts.append(cart)
    return carts


def checkout_vs_bare(t: Terminal, n: int) -> tuple[list[float], list[float]]:
    """Durable checkouts and bare transactions of the same rows, alternated (checkout, bare, checkout, …) so that
    the machine's load and the disk's fsync latency, which wander over seconds here, weigh on both alike."""
    ctx = SaleContext(t.code, cashier_name="bench")
    carts = _carts(t, n + 5)
    for cart in carts[:5]:  # warm: pool connection, statement caches, the WAL file
        checkout(t.engine, cart, [Tender.cash(cart.totals().total)], ctx)
    bare = SameRowsBare(t)
    co: list[float] = []
    raw: list[float] = []
    try:
        for cart in carts[5:]:
            total = cart.totals().total
            start = time.perf_counter()
            checkout(t.engine, cart, [Tender.cash(total)], ctx)
            co.append((time.perf_counter() - start) * 1000)
            raw.append(bare.once())
    finally:
        bare.close()
    return co, raw


def bare_transaction_times(folder: Path, n: int, rows: int) -> list[float]:
    """The same number of rows inserted in one transaction with the same durability (WAL, synchronous=FULL)."""
    con = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE IF NOT EXISTS t (id TEXT PRIMARY KEY, a INTEGER, b TEXT, c INTEGER, d TEXT)")
    out = []
    for i in range(n):
        values = [(f"{i}-{j}", j, "x" * 40, i, "y" * 20) for j in range(rows)]
        start = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", values)
        con.execute("COMMIT")
        out.append((time.perf_counter() - start) * 1000)
    con.close()
    return out


class SameRowsBare:
    """Baseline: the very rows of the last checkout (fresh ids) inserted into the same database file with plain
    ``sqlite3`` — same tables and indexes, same WAL + synchronous=FULL, one connection kept open like the till's
    pooled one — so the ratio shows the cost of our code, not of the schema or the disk."""

    def __init__(self, t: Terminal) -> None:
        self.con = sqlite3.connect(t.settings.db_path, isolation_level=None)
        self.con.execute("PRAGMA synchronous=FULL")
        self.con.execute("PRAGMA foreign_keys=ON")
        self.con.row_factory = sqlite3.Row
        con = self.con
        self.sale = dict(con.execute("SELECT * FROM sales ORDER BY created_at DESC LIMIT 1").fetchone())
        self.tables = {
            table: [
                dict(r) for r in con.execute(f"SELECT * FROM {table} WHERE sale_id = ?", (self.sale["id"],))
            ]
            for table in ("sale_lines", "sale_vat", "payments", "stock_moves")
        }
        journal = con.execute("SELECT * FROM journal WHERE sale_id = ?", (self.sale["id"],)).fetchone()
        outbox = con.execute("SELECT * FROM outbox WHERE entity_id = ?", (self.sale["id"],)).fetchone()
        self.journal = {k: v for k, v in dict(journal).items() if k != "seq"}
        self.outbox = {k: v for k, v in dict(outbox).items() if k != "id"}
        self.n = 0

    def once(self) -> float:
        """One transaction (ms): counter bump, the sale, its children, journal and outbox rows."""
        self.n += 1
        sid = f"bench-{self.n}-{time.perf_counter_ns()}"
        batches = {
            "sales": [{**self.sale, "id": sid, "receipt_no": 10_000_000 + self.n, "terminal_code": "BENCH"}]
        }
        for table, rows in self.tables.items():
            batches[table] = [
                {**r, "sale_id": sid, **({"id": f"{sid}-{k}"} if "id" in r else {})}
                for k, r in enumerate(rows)
            ]
        batches["journal"] = [{**self.journal, "sale_id": sid}]
        batches["outbox"] = [{**self.outbox, "entity_id": sid}]
        con = self.con
        start = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "UPDATE receipt_counters SET last_no = last_no WHERE terminal_code = ?",
            (self.sale["terminal_code"],),
        )
        for table, rows in batches.items():
            cols = list(rows[0])
            con.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [tuple(r[c] for c in cols) for r in rows],
            )
        con.execute("COMMIT")
        return (time.perf_counter() - start) * 1000

    def close(self) -> None:
        self.con.close()


def rows_per_checkout(t: Terminal) -> int:
    """Rows one 5-line cash checkout writes (counter, sale, 5 lines, VAT rows, payment, 5 moves, journal, outbox)."""
    with t.engine.connect() as conn:
        sale_id = conn.exec_driver_sql("SELECT id FROM sales ORDER BY created_at DESC LIMIT 1").scalar_one()
        n = 1 + 1 + 1 + 1  # counter update, sale, journal, outbox
        for table in ("sale_lines", "sale_vat", "payments", "stock_moves"):
            n += conn.exec_driver_sql(
                f"SELECT COUNT(*) FROM {table} WHERE sale_id = ?", (sale_id,)
            ).scalar_one()
    return int(n)


def wedge_lossless_rate(gap_ms: float = 2.0) -> float:
    """Highest scan rate (scans/s) the decoder separates with nothing lost or merged, 13-digit codes, 2 ms keys."""
    rng = random.Random(4)
    best = 0.0
    for rate in (5, 10, 15, 20, 25, 30, 33, 35, 40, 50):
        codes = [f"893{rng.randrange(10**10):010d}" for _ in range(200)]
        events: list[tuple[str, float]] = []
        for i, code in enumerate(codes):
            events += simulate_keystrokes(code, i * 1000.0 / rate, gap_ms)
        events.sort(key=lambda e: e[1])
        got = [a.code for _, a in replay(WedgeDecoder(), events) if isinstance(a, Scan)]
        if got == codes:
            best = float(rate)
        else:
            break
    return best


def _verify_seconds(t: Terminal, runs: int = 3, *, fast: bool = True) -> tuple[float, int]:
    """Median seconds of ``verify_journal`` over ``runs`` runs, and the entries verified (it must say ok)."""
    times = []
    entries = 0
    for _ in range(runs):
        start = time.perf_counter()
        report = verify_journal(t.engine, fast=fast)
        times.append(time.perf_counter() - start)
        if not report.ok:
            raise RuntimeError(f"the backlog's journal does not verify: {report.first}")
        entries = report.entries
    return statistics.median(times), entries


def _acknowledge_all(t: Terminal) -> None:
    """Empty the outbox the way a sync round does when the server answers that it holds every entry."""
    with t.engine.connect() as conn:
        ids = [str(r[0]) for r in conn.exec_driver_sql("SELECT entity_id FROM outbox")]
        conn.rollback()
    record_outcome(t.engine, ids, [], ids)


def journal_verify(quick: bool) -> dict[str, Any]:
    """``verify_journal`` on a copy of a till holding 100 000 real sales (quick: the 5 000-sale sync backlog),
    opened with the till's own pragmas. The full run grows the 50 000-sale sync backlog on the way to 100 000, so
    the sync section finds it built.

    Verification also checks every sale still waiting in the outbox against the journal, so it is timed twice:
    with every sale unsent (the backlog as simulated — a till that never synced; ``journal_verify_unsent_s_100k``)
    and after the outbox was emptied as a sync round empties it when the server holds everything (a till in
    normal use, where the outbox holds the last minutes' sales; ``journal_verify_s_100k``). Medians of three runs;
    quick runs also time the reference path (all in Python) once, to show what the fast path saves."""
    if quick:
        sales = SYNC_BACKLOG[True]
    else:
        sales_home(SYNC_BACKLOG[False])
        sales = 100_000
    copy = workspace() / "journal-verify"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(sales_home(sales), copy)
    t = Terminal.open(load_settings(copy))
    try:
        unsent, entries = _verify_seconds(t)
        out: dict[str, Any] = {
            "journal_verify_sales": entries,
            "journal_verify_unsent_s_100k": round(unsent * 100_000 / entries, 3),
        }
        if quick:
            reference, _ = _verify_seconds(t, 1, fast=False)
            out["journal_verify_reference_unsent_s_100k"] = round(reference * 100_000 / entries, 3)
        _acknowledge_all(t)
        synced, _ = _verify_seconds(t)
        out["journal_verify_s_100k"] = round(synced * 100_000 / entries, 3)
    finally:
        t.close()
        shutil.rmtree(copy, ignore_errors=True)
    return out


def run(quick: bool) -> dict[str, Any]:
    big = 20_000 if quick else 100_000
    results: dict[str, Any] = {}
    folder = workspace()
    small_t = open_terminal(1_000)
    big_t = open_terminal(big)
    small_scans, big_scans = scan_to_line(small_t, big_t, 400 if quick else 3000)
    p99_small = percentile(small_scans, 99)
    p99_big = percentile(big_scans, 99)
    results["catalogue_products"] = big
    results["scan_to_line_ms_p99"] = round(p99_big, 3)
    results["scan_to_line_growth"] = round(p99_big / p99_small, 3)
    results["scan_to_line_ms_p50"] = round(percentile(big_scans, 50), 3)
    results["scan_to_line_growth_p50"] = round(percentile(big_scans, 50) / percentile(small_scans, 50), 3)
    results["search_ms_p95"] = round(percentile(search(big_t, 200 if quick else 1000), 95), 3)
    n_co = 60 if quick else 400
    co, bare = checkout_vs_bare(big_t, n_co)
    rows = rows_per_checkout(big_t)
    one_table = bare_transaction_times(folder, n_co, rows)
    results["checkout_ms_p50"] = round(percentile(co, 50), 3)
    results["checkout_ms_p99"] = round(percentile(co, 99), 3)
    results["bare_txn_ms_p50"] = round(percentile(bare, 50), 3)
    results["checkout_rows"] = rows
    results["checkout_vs_bare_txn"] = round(percentile(co, 50) / percentile(bare, 50), 3)
    # The same row count into one small table: shows what the schema's extra pages and indexes cost.
    results["one_table_txn_ms_p50"] = round(percentile(one_table, 50), 3)
    results["checkout_vs_one_table_txn"] = round(percentile(co, 50) / percentile(one_table, 50), 3)
    results["wedge_lossless_scans_per_s"] = wedge_lossless_rate()
    small_t.close()
    big_t.close()
    results.update(journal_verify(quick))
    results["backlog_build_s"] = {str(n): s for n, s in build_seconds.items()}
    return results
