"""``python -m bench.checkout_gui_runs [SALES] [RUNS] [PRODUCTS]``: only ``checkout_gui_vs_bare_txn``
(``bench.gui_bench.checkout_gui``), ``RUNS`` times in a row, for working on the checkout without the whole
contract. Prints one JSON object: each run's figures and the median of each figure over the runs.

``OCOP_BENCH_WORKSPACE`` keeps the catalogue between invocations (``bench/workspace.py``).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

from bench.gui_bench import checkout_gui


def main(argv: list[str]) -> int:
    sales = int(argv[0]) if argv else 200
    runs = int(argv[1]) if len(argv) > 1 else 3
    products = int(argv[2]) if len(argv) > 2 else 100_000
    each: list[dict[str, Any]] = []
    for _ in range(runs):
        start = time.perf_counter()
        out = checkout_gui(sales, products)
        out["run_s"] = round(time.perf_counter() - start, 1)
        each.append(out)
    numeric = [k for k, v in each[0].items() if isinstance(v, int | float)]
    medians = {k: round(statistics.median(r[k] for r in each), 3) for k in numeric}
    print(json.dumps({"sales": sales, "products": products, "runs": each, "median": medians}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
