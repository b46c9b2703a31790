"""Where a scan's GUI-thread CPU goes, phase by phase, through the real window (a dev tool, not a metric).

The till of ``bench.gui_child`` (the one ``scan_to_screen`` times) scans random codes into 30-line carts; for each
scan it takes the GUI thread's CPU time (``time.thread_time``) over the digits' key events (the wedge filter),
the Enter key (lookup, cart, model, selection, labels) and the paint until the cart shows the line, and the
cart table's own ``paintEvent`` (in the scans, and repainting an unchanged cart). Prints one JSON line of
medians and means in ms. ``ROOT=<tree>`` measures another checkout's code with the same script (to
compare before/after a change).

    python -m bench.scan_phases [--scans 300] [--products 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scans", type=int, default=300)
    parser.add_argument("--products", type=int, default=1000)
    args = parser.parse_args()
    root = os.environ.get("ROOT")
    if root:
        sys.path.insert(0, root)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench import gui_child
    from bench.gui_bench import till_home
    from ui.app import ensure_app
    from ui.cart_table import CartTable
    from ui.qt import Qt

    ensure_app()
    # The cart's own paint, timed inside the scan's paint phase (patched before the window exists: PySide looks
    # a Python override up when the object is made).
    cart_paints: list[float] = []
    paint = CartTable.paintEvent

    def timed_paint(self: CartTable, event: object) -> None:
        t = time.thread_time()
        paint(self, event)  # type: ignore[arg-type]
        cart_paints.append((time.thread_time() - t) * 1000)

    CartTable.paintEvent = timed_paint  # type: ignore[method-assign]
    till = gui_child.Till(till_home(args.products))
    rng = random.Random(3)
    gui_child.scan_to_screen(till, 40, rng)  # warm-up
    cart_paints.clear()
    phases: dict[str, list[float]] = {"digits": [], "enter": [], "paint": [], "total": []}
    for _ in range(args.scans):
        if len(till.window.till.session.cart.lines) >= 30:
            till.new_sale()
        till.window.sale.search.setFocus()
        code = rng.choice(till.codes)
        before = till.painted[0]
        t0 = time.thread_time()
        for ch in code:
            till.key(ch)
        t1 = time.thread_time()
        till.key(Qt.Key.Key_Return)
        t2 = time.thread_time()
        till.until_painted(before)
        t3 = time.thread_time()
        for name, ms in zip(phases, ((t1 - t0), (t2 - t1), (t3 - t2), (t3 - t0)), strict=True):
            phases[name].append(ms * 1000)
        till.settle()
    scan_paints = list(cart_paints)
    cart_paints.clear()
    table = till.window.sale.table
    for _ in range(args.scans):  # the same cart painted again, nothing changed (every row's paint as it is)
        table.viewport().repaint()
    repaints = list(cart_paints)
    till.close()
    out: dict[str, object] = {"root": root or ".", "scans": args.scans, "products": args.products}
    out["load1"] = round(os.getloadavg()[0], 2)
    for name, xs in phases.items():
        out[f"{name}_cpu_ms_p50"] = round(statistics.median(xs), 3)
        out[f"{name}_cpu_ms_mean"] = round(statistics.mean(xs), 3)
    out["cart_paint_cpu_ms_p50"] = round(statistics.median(scan_paints), 3)
    out["cart_paint_cpu_ms_mean"] = round(statistics.mean(scan_paints), 3)
    out["cart_paints_per_scan"] = round(len(scan_paints) / args.scans, 2)
    out["cart_repaint_unchanged_cpu_ms_p50"] = round(statistics.median(repaints), 3)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
