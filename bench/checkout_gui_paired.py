"""``python -m bench.checkout_gui_paired [SALES] [PRODUCTS]``: an experiment, not a contract metric — the checkout
through the window with this branch's changes ("after") and with them undone ("before"), alternated sale by sale
in one window process with the bare transaction of ``checkout_gui_vs_bare_txn`` after each, so the load of a
shared machine weighs on all three alike (separate runs of the metric differ more from run to run than the two
versions do). Timed exactly as ``bench.gui_child.checkout_vs_bare``: F12 with the exact cash → ``sale_completed``.

"Before" undoes, by patching this process only: the payment screen's preparation (``pos.till.prepared``: the
cart priced and the next cart made at F12 instead), the busy look's delay ("Complete sale" disabled before the
sale is submitted) and the quiet clear (the payment screen's summary redone before ``sale_completed``).
Prints one JSON object.
"""

from __future__ import annotations

import gc
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from bench.stats import percentile


def run(home: Path, sales: int) -> dict[str, Any]:
    from bench.core_bench import SameRowsBare
    from bench.gui_child import Till
    from pos.till.session import TillSession
    from ui.qt import QApplication, Qt
    from ui.screens.payment import PaymentScreen

    before = [False]
    prepare = TillSession.prepare_payment

    def prepare_or_not(self: TillSession) -> None:
        if before[0]:
            self._prepared = None
        else:
            prepare(self)

    TillSession.prepare_payment = prepare_or_not  # type: ignore[method-assign]
    complete = PaymentScreen.complete_sale

    def complete_sale(self: PaymentScreen) -> None:
        if before[0] and not self.paying:
            self.complete.setEnabled(False)  # as before: restyled before the sale was submitted
        complete(self)

    PaymentScreen.complete_sale = complete_sale  # type: ignore[method-assign]

    till = Till(home)
    window = till.window
    completed: list[float] = []
    original = window.sale_completed

    def sale_completed(sale: Any) -> None:
        completed.append(time.perf_counter())
        if before[0]:
            window.payment.update_summary()  # as before: the cleared cash field's textChanged
        original(sale)

    window.sale_completed = sale_completed  # type: ignore[method-assign]
    rng = random.Random(9)
    out: dict[str, list[float]] = {"before_ms": [], "after_ms": [], "bare_ms": []}
    bare: SameRowsBare | None = None
    try:
        for i in range(2 * sales + 6):
            before[0] = i % 2 == 0
            window.sale.search.setFocus()
            for code in rng.sample(till.codes, 5):
                till.scan_keys(code)
                till.settle()
            till.key(Qt.Key.Key_F12)
            till.settle()
            assert window.current == "payment", window.current
            window.payment.cash_exact()
            till.settle()
            QApplication.processEvents()
            count = len(completed)
            gc.collect(0)
            start = time.perf_counter()
            till.key(Qt.Key.Key_F12)
            till.wait(lambda c=count: len(completed) > c)  # type: ignore[misc]
            elapsed = (completed[-1] - start) * 1000
            till.settle()
            if i < 6:
                continue
            if bare is None:
                bare = SameRowsBare(till.terminal)
            out["before_ms" if before[0] else "after_ms"].append(elapsed)
            out["bare_ms"].append(bare.once())
    finally:
        if bare is not None:
            bare.close()
        till.close()
    return out


def main(argv: list[str]) -> int:
    from bench.gui_bench import till_home
    from ui.app import ensure_app

    sales = int(argv[0]) if argv else 100
    products = int(argv[1]) if len(argv) > 1 else 100_000
    ensure_app()
    times = run(till_home(products, "gui-checkout-paired"), sales)
    bare = percentile(times["bare_ms"], 50)
    summary = {
        f"{k}_{stat}": round(percentile(times[f"{k}_ms"], q), 2)
        for k in ("before", "after", "bare")
        for stat, q in (("p50", 50), ("p90", 90))
    }
    print(
        json.dumps(
            {
                "sales_each": sales,
                "products": products,
                **summary,
                "before_vs_bare": round(percentile(times["before_ms"], 50) / bare, 3),
                "after_vs_bare": round(percentile(times["after_ms"], 50) / bare, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
