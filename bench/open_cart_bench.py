"""What saving the open cart after every change (``pos.selling.open_cart``) adds to a scan.

Carts are built one scan at a time up to 30 lines (then a new sale starts), on a terminal database in the
benchmark's scratch folder (a real file with the till's pragmas: WAL, ``synchronous=FULL``). For every scan:
the scan itself (resolve the code, add the line, price the cart), building the saved document (encode + JSON +
deflate),
and writing it (one ``BEGIN IMMEDIATE`` … ``COMMIT``, which syncs the WAL to disk). A bare one-row write
transaction is timed alternately as the baseline: what any durable write costs on this disk.

    .venv/bin/python -m bench.open_cart_bench [--quick] [--out docs/evidence/open-cart-save.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.stats import percentile
from bench.workspace import open_terminal
from pos.db import write_tx
from pos.selling.open_cart import OpenCart

PRODUCTS = 1_000
MAX_LINES = 30


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def _summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(samples, 50), 3),
        "p95": round(percentile(samples, 95), 3),
        "p99": round(percentile(samples, 99), 3),
    }


def run(quick: bool = False) -> dict[str, Any]:
    scans = 300 if quick else 3000
    t = open_terminal(PRODUCTS)
    try:
        with t.engine.connect() as conn:
            codes = [str(r[0]) for r in conn.execute(text("SELECT code FROM barcodes"))]
            conn.rollback()
        rng = random.Random(5)
        store = OpenCart(t.engine)
        cart = t.new_cart()
        scan_ms: list[float] = []
        document_ms: list[float] = []
        write_ms: list[float] = []
        bare_ms: list[float] = []
        sizes: dict[int, int] = {}
        by_lines: dict[str, list[float]] = {"1-10": [], "11-20": [], "21-30": []}
        for i in range(scans):
            if len(cart.lines) >= MAX_LINES:
                cart = t.new_cart()
            start = time.perf_counter()
            cart.add(t.catalogue.resolve(rng.choice(codes)))
            cart.totals()
            scan_ms.append(_ms(start))
            start = time.perf_counter()
            doc = store.document(cart, cashier_name="Nguyễn Thị Lan", cashier_id="bench", customer_lang="vi")
            document_ms.append(_ms(start))
            start = time.perf_counter()
            assert store.write(doc)
            write_ms.append(_ms(start))
            by_lines[("1-10", "11-20", "21-30")[min(2, (len(cart.lines) - 1) // 10)]].append(write_ms[-1])
            if doc is not None:
                sizes[len(cart.lines)] = len(doc)  # bytes stored (deflated JSON)
            start = (
                time.perf_counter()
            )  # the baseline: the smallest durable write, same database, same pragmas
            with write_tx(t.engine) as conn:
                conn.execute(
                    text(
                        "INSERT INTO terminal_state (key, value) VALUES ('bench.bare', :v) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                    ),
                    {"v": str(i)},
                )
            bare_ms.append(_ms(start))
        store.write(None)
    finally:
        t.close()
    save_ms = [d + w for d, w in zip(document_ms, write_ms, strict=True)]
    return {
        "open_cart_scans": scans,
        "open_cart_scan_ms": _summary(scan_ms),
        "open_cart_document_ms": _summary(document_ms),
        "open_cart_write_ms": _summary(write_ms),
        "open_cart_bare_write_ms": _summary(bare_ms),
        "open_cart_save_ms": _summary(save_ms),
        "open_cart_save_ms_p50": round(percentile(save_ms, 50), 3),
        "open_cart_save_ms_p99": round(percentile(save_ms, 99), 3),
        "open_cart_write_vs_bare_p50": round(percentile(write_ms, 50) / percentile(bare_ms, 50), 3),
        "open_cart_write_ms_by_lines": {k: _summary(v) for k, v in by_lines.items()},
        "open_cart_document_bytes": {str(n): sizes[n] for n in (1, 10, MAX_LINES) if n in sizes},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.open_cart_bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="300 scans instead of 3 000")
    parser.add_argument("--out", type=Path, help="also write the JSON report to this file")
    args = parser.parse_args(argv)
    report: dict[str, Any] = {
        "what": "the open cart saved after every scan (pos.selling.open_cart)",
        "command": "python -m bench.open_cart_bench" + (" --quick" if args.quick else ""),
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.system()}",
        "cores": os.cpu_count(),
        "sqlite": sqlite3.sqlite_version,
        "load_avg_start": [round(x, 2) for x in os.getloadavg()],
    }
    report.update(run(args.quick))
    report["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    body = json.dumps(report, ensure_ascii=False, indent=2)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(body + "\n", encoding="utf-8")
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
