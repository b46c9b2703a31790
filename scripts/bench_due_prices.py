"""What head office's scheduled prices cost a till (docs/sync.md, "Store prices and scheduled prices").

``python scripts/bench_due_prices.py [N]``: a till of N synthetic products (default 5000) in a temporary home.
Prints one JSON object: the scan lookup's median before and after every product has a store price and a price to
come (the scan reads ``products.price`` only, so they should match), the due-price applier with nothing due (what
each catalogue page and each timer tick pays), and at the till's midnight with every product due (one
transaction).
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from pos.catalogue.due_prices import apply_due_on
from pos.db import write_tx
from pos.demo.generate import generate_catalogue
from pos.settings import load_settings
from pos.till.terminal import Terminal


def _scan_ms(t: Terminal, keys: list[str], rounds: int = 3) -> float:
    times = []
    for _ in range(rounds):
        for k in keys:
            t0 = time.perf_counter()
            t.catalogue.by_barcode_key(k)
            times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 4)


def _ms(fn: object) -> float:
    t0 = time.perf_counter()
    fn()  # type: ignore[operator]
    return round((time.perf_counter() - t0) * 1000, 2)


def main(n: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as home:
        t = Terminal.open(load_settings(Path(home)))
        try:
            generate_catalogue(t.engine, n, seed=3)
            with t.engine.connect() as c:
                rows = c.execute(
                    text(
                        "SELECT b.code, p.id, p.price FROM barcodes b JOIN products p ON p.id = b.product_id"
                    )
                ).all()
                c.rollback()
            keys = [str(r[0]) for r in rows[:2000]]
            before = _scan_ms(t, keys)
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            tomorrow = (now + dt.timedelta(days=1)).date().isoformat()
            with write_tx(t.engine) as conn:
                conn.execute(
                    text("INSERT INTO store_prices (product_id, price, updated_at) VALUES (:p, :v, :at)"),
                    [
                        {"p": str(r[1]), "v": int(r[2]) + 1000, "at": now.isoformat(" ")}
                        for r in rows[: n // 2]
                    ],
                )
                conn.execute(
                    text(
                        "INSERT INTO product_prices (id, product_id, valid_from, price, created_at, origin) "
                        "VALUES (:i, :p, :d, :v, :c, :o)"
                    ),
                    [
                        {"i": f"s{i}", "p": str(r[1]), "d": tomorrow, "v": int(r[2]) + 2000,
                         "c": now.isoformat(" "), "o": "store" if i % 2 else "network"}
                        for i, r in enumerate(rows)
                    ],
                )  # fmt: skip
            after = _scan_ms(t, keys)

            def idle() -> None:
                with write_tx(t.engine) as conn:
                    apply_due_on(conn, now)

            def midnight() -> None:
                with write_tx(t.engine) as conn:
                    apply_due_on(conn, now + dt.timedelta(days=1, hours=1))

            idle_ms = statistics.median(_ms(idle) for _ in range(20))
            midnight_ms = _ms(midnight)
        finally:
            t.close()
    return {
        "products": n,
        "scan_lookup_ms_median_before": before,
        "scan_lookup_ms_median_with_rules": after,
        "apply_due_nothing_due_ms_median": idle_ms,
        "apply_due_all_due_ms": midnight_ms,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)))
