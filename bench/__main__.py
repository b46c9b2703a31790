"""``python -m bench [--quick]``: run the performance contract, print a table, then one JSON object last.

Sections that cannot run here (a missing optional part) report their keys as null with the reason under
``"errors"``, so the JSON always has every key.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from bench import core_bench, device_bench

TARGETS: dict[str, tuple[str, float | None]] = {
    "scan_to_line_ms_p99": ("<=", 10),
    "scan_to_line_growth": ("<=", 1.3),
    "search_ms_p95": ("<=", 20),
    "checkout_ms_p99": ("", None),
    "checkout_vs_bare_txn": ("<=", 2.0),
    "wedge_lossless_scans_per_s": (">=", 20),
    "receipt_ms_raster": ("<=", 150),
    "receipt_ms_text": ("<=", 20),
    "camera_ms_per_frame": ("", None),
    "camera_vs_raw_pyzbar": ("<=", 1.3),
    "sync_upload_sales_per_s": (">=", 1000),
    "server_ingest_sales_per_s": (">=", 2000),
    "server_ingest_vs_raw_insert": (">=", 0.5),
    "journal_verify_s_100k": ("<=", 5),
    "open_cart_save_ms_p99": ("", None),
    "open_cart_write_vs_bare_p50": ("<=", 1.5),
    "startup_s": ("<=", 1.5),
    "rss_mb": ("<=", 250),
}

SECTIONS: list[tuple[str, list[str], str]] = [
    (
        "core",
        [
            "scan_to_line_ms_p99",
            "scan_to_line_growth",
            "search_ms_p95",
            "checkout_ms_p99",
            "checkout_vs_bare_txn",
            "wedge_lossless_scans_per_s",
            "journal_verify_s_100k",
        ],
        "bench.core_bench:run",
    ),
    ("receipts", ["receipt_ms_raster", "receipt_ms_text"], "bench.device_bench:receipts"),
    ("camera", ["camera_ms_per_frame", "camera_vs_raw_pyzbar"], "bench.device_bench:camera"),
    (
        "sync",
        ["sync_upload_sales_per_s", "server_ingest_sales_per_s", "server_ingest_vs_raw_insert"],
        "bench.sync_bench:run",
    ),
    ("open_cart", ["open_cart_save_ms_p99", "open_cart_write_vs_bare_p50"], "bench.open_cart_bench:run"),
    ("startup", ["startup_s", "rss_mb"], "bench.startup_bench:run"),
]


def _load(spec: str) -> Callable[[bool], dict[str, Any]]:
    import importlib

    module, _, name = spec.partition(":")
    fn: Callable[[bool], dict[str, Any]] = getattr(importlib.import_module(module), name)
    return fn


def _load_avg() -> list[float] | None:
    """1, 5 and 15-minute load averages: the machine is shared, so every run says how busy it was."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def verdict(key: str, value: Any) -> str:
    op, target = TARGETS.get(key, ("", None))
    if target is None or value is None:
        return ""
    ok = value <= target if op == "<=" else value >= target
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute (CI)")
    parser.add_argument(
        "--only", nargs="*", help="run only these sections: core receipts camera sync open_cart startup"
    )
    args = parser.parse_args(argv)
    assert core_bench and device_bench
    results: dict[str, Any] = {
        "mode": "quick" if args.quick else "full",
        "python": platform.python_version(),
        "machine": f"{platform.machine()} {platform.system()}",
        "cores": os.cpu_count(),
        "sqlite": sqlite3.sqlite_version,
        "load_avg_start": _load_avg(),
    }
    started = time.perf_counter()
    errors: dict[str, str] = {}
    for name, keys, spec in SECTIONS:
        if args.only and name not in args.only:
            continue
        start = time.perf_counter()
        try:
            results.update(_load(spec)(args.quick))
        except Exception as exc:  # a section that can't run must not hide the others
            errors[name] = f"{exc.__class__.__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
            for key in keys:
                results.setdefault(key, None)
        results[f"{name}_section_s"] = round(time.perf_counter() - start, 1)
    for key in TARGETS:
        results.setdefault(key, None)
    results["load_avg_end"] = _load_avg()
    results["total_s"] = round(time.perf_counter() - started, 1)
    if errors:
        results["errors"] = errors
    print(f"{'key':32} {'value':>12}  target")
    for key, (op, target) in TARGETS.items():
        value = results.get(key)
        shown = "—" if value is None else f"{value}"
        goal = f"{op} {target}" if target is not None else ""
        print(f"{key:32} {shown:>12}  {goal:8} {verdict(key, value)}")
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
