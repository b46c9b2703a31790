"""Child process for the crash tests: checkouts in a loop, printing each sale id once its commit returned."""

from __future__ import annotations

import random
import sys

from pos.payments.tenders import Tender
from pos.selling.checkout import SaleContext, checkout
from pos.settings import load_settings
from pos.till.terminal import Terminal


def main() -> None:
    t = Terminal.open(load_settings())
    with t.engine.connect() as conn:
        codes = [r[0] for r in conn.exec_driver_sql("SELECT code FROM barcodes LIMIT 200")]
    rng = random.Random()
    ctx = SaleContext(t.code, cashier_name="crash test")
    print("ready", flush=True)
    while True:
        cart = t.new_cart()
        for _ in range(rng.randint(1, 6)):
            cart.add(t.catalogue.resolve(rng.choice(codes)))
        sale = checkout(t.engine, cart, [Tender.cash(cart.totals().total)], ctx)
        sys.stdout.write(f"{sale.id}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
