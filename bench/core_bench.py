"""Benchmarks of the core: scan → priced line, search, durable checkout vs a bare transaction, wedge decoding,
journal verification. Every figure that can be is also given as a ratio to a baseline measured in the same run."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path
from typing import Any

from bench.stats import percentile, time_ms
from bench.workspace import open_terminal, workspace
from pos.devices.wedge import Scan, WedgeDecoder, replay, simulate_keystrokes
from pos.ledger.verify import verify_journal
from pos.payments.tenders import Tender
from pos.selling.checkout import SaleContext, checkout
from pos.selling.simulate import simulate
from pos.terminal import Terminal


def _codes(t: Terminal, n: int, seed: int) -> list[str]:
    with t.engine.connect() as conn:
        codes = [r[0] for r in conn.exec_driver_sql("SELECT code FROM barcodes")]
    rng = random.Random(seed)
    return [rng.choice(codes) for _ in range(n)]


def scan_to_line(t: Terminal, scans: int) -> list[float]:
    """Wedge keystrokes in → Scan → resolve → cart line → totals, per scan (ms)."""
    codes = _codes(t, scans, 1)
    decoder = WedgeDecoder()
    out = []
    clock = 0.0
    cart = t.new_cart()
    for code in codes:
        events = simulate_keystrokes(code, clock, 2.0)
        clock += 1000.0
        start = time.perf_counter()
        for _, action in replay(decoder, events):
            if isinstance(action, Scan):
                cart.add(t.catalogue.resolve(action.code))
                cart.totals()
        out.append((time.perf_counter() - start) * 1000)
        if len(cart.lines) > 30:
            cart = t.new_cart()
    return out


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


def checkout_times(t: Terminal, n: int) -> list[float]:
    codes = _codes(t, 5 * n, 3)
    ctx = SaleContext(t.code, cashier_name="bench")
    out = []
    for i in range(n):
        cart = t.new_cart()
        for code in codes[5 * i : 5 * i + 5]:
            cart.add(t.catalogue.resolve(code))
        total = cart.totals().total
        start = time.perf_counter()
        checkout(t.engine, cart, [Tender.cash(total)], ctx)
        out.append((time.perf_counter() - start) * 1000)
    return out


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


def same_rows_bare_times(t: Terminal, n: int) -> list[float]:
    """Baseline: the very rows of the last checkout (fresh ids) inserted into the same database file with plain
    ``sqlite3`` — same tables and indexes, same WAL + synchronous=FULL — so the ratio shows the cost of our code,
    not of the schema."""
    db = t.settings.db_path
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA synchronous=FULL")
    con.row_factory = sqlite3.Row
    sale = dict(con.execute("SELECT * FROM sales ORDER BY created_at DESC LIMIT 1").fetchone())
    tables = {}
    for table in ("sale_lines", "sale_vat", "payments", "stock_moves"):
        tables[table] = [
            dict(r) for r in con.execute(f"SELECT * FROM {table} WHERE sale_id = ?", (sale["id"],))
        ]
    journal = dict(con.execute("SELECT * FROM journal WHERE sale_id = ?", (sale["id"],)).fetchone())
    outbox = dict(con.execute("SELECT * FROM outbox WHERE entity_id = ?", (sale["id"],)).fetchone())
    del journal["seq"], outbox["id"]
    out = []
    for i in range(n):
        sid = f"bench-{i}-{time.perf_counter_ns()}"
        batches = {"sales": [{**sale, "id": sid, "receipt_no": 10_000_000 + i, "terminal_code": "BENCH"}]}
        for table, rows in tables.items():
            batches[table] = [
                {**r, "sale_id": sid, **({"id": f"{sid}-{k}"} if "id" in r else {})}
                for k, r in enumerate(rows)
            ]
        batches["journal"] = [{**journal, "sale_id": sid}]
        batches["outbox"] = [{**outbox, "entity_id": sid}]
        start = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute(
            "UPDATE receipt_counters SET last_no = last_no WHERE terminal_code = ?", (sale["terminal_code"],)
        )
        for table, rows in batches.items():
            cols = list(rows[0])
            con.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [tuple(r[c] for c in cols) for r in rows],
            )
        con.execute("COMMIT")
        out.append((time.perf_counter() - start) * 1000)
    con.close()
    return out


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


def journal_verify_seconds(sales: int, products: int = 2000) -> tuple[float, int]:
    t = open_terminal(products)
    simulate(t, sales, seed=5)
    start = time.perf_counter()
    report = verify_journal(t.engine)
    elapsed = time.perf_counter() - start
    assert report.ok, report.first
    entries = report.entries
    t.close()
    return elapsed, entries


def run(quick: bool) -> dict[str, Any]:
    big = 20_000 if quick else 100_000
    results: dict[str, Any] = {}
    folder = workspace()
    small_t = open_terminal(1_000)
    big_t = open_terminal(big)
    n_scan = 300 if quick else 2000
    scan_warm = scan_to_line(big_t, 50)
    del scan_warm
    p99_small = percentile(scan_to_line(small_t, n_scan), 99)
    p99_big = percentile(scan_to_line(big_t, n_scan), 99)
    results["catalogue_products"] = big
    results["scan_to_line_ms_p99"] = round(p99_big, 3)
    results["scan_to_line_growth"] = round(p99_big / p99_small, 3)
    results["search_ms_p95"] = round(percentile(search(big_t, 200 if quick else 1000), 95), 3)
    n_co = 60 if quick else 400
    co = checkout_times(big_t, n_co)
    rows = rows_per_checkout(big_t)
    bare = same_rows_bare_times(big_t, n_co)
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
    n_sales = 1_000 if quick else 100_000
    seconds, entries = journal_verify_seconds(n_sales)
    results["journal_verify_sales"] = entries
    results["journal_verify_s_100k"] = round(seconds * 100_000 / entries, 3)
    return results
