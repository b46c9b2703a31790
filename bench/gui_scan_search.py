"""``python -m bench.gui_scan_search [--scans N] [--keystrokes N] [--products N] [--json PATH]``: only the two
GUI metrics of the cashier's hands — ``scan_to_screen_*`` and ``search_keystroke_*`` (``bench/gui_bench.py``,
the same functions ``python -m bench`` runs) — for comparing one change to the code before it without the
checkout, wedge and sync-stall parts. Keep the catalogues between runs with ``OCOP_BENCH_WORKSPACE``.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from bench.__main__ import _commit, _load_avg
from bench.gui_bench import scan_to_screen, search_keystroke


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gui_scan_search", description=__doc__)
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--keystrokes", type=int, default=600)
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--json", metavar="PATH")
    args = parser.parse_args(argv)
    results: dict[str, object] = {
        "commit": os.environ.get("OCOP_BENCH_COMMIT") or _commit(),
        "started_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_avg_start": _load_avg(),
        "gui_catalogue_products": args.products,
    }
    if args.scans:
        results.update(scan_to_screen(args.scans, args.products))
    if args.keystrokes:
        results.update(search_keystroke(args.keystrokes, args.products))
    results["load_avg_end"] = _load_avg()
    line = json.dumps(results, ensure_ascii=False)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            f.write(line + "\n")
    print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
