"""Start-up: process start → sale screen ready on a 100 000-product catalogue, and resident memory then.

The cashier's PIN check (argon2, deliberately slow) is a person's step, so it is reported apart and left out of
``startup_s``; ``startup_with_signin_s`` includes it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from bench.workspace import catalogue_home
from pos.ids import new_id
from pos.settings import load_settings
from pos.staff.pins import hash_pin, install_secret
from pos.terminal import Terminal

ROOT = Path(__file__).resolve().parent.parent
PIN = "4826"


def _ensure_cashier(home: Path) -> None:
    t = Terminal.open(load_settings(home))
    try:
        with t.engine.begin() as conn:
            if conn.execute(text("SELECT 1 FROM staff WHERE code = 'BENCH'")).first() is None:
                conn.execute(
                    text(
                        "INSERT INTO staff (id, code, name, role, pin_hash, active, failed_attempts, created_at) "
                        "VALUES (:id, 'BENCH', 'Bench Cashier', 'cashier', :h, 1, 0, CURRENT_TIMESTAMP)"
                    ),
                    {"id": new_id(), "h": hash_pin(PIN, install_secret(home))},
                )
    finally:
        t.close()


def run(quick: bool) -> dict[str, Any]:
    home = catalogue_home(20_000 if quick else 100_000)
    _ensure_cashier(home)
    env = {**os.environ, "OCOP_POS_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    starts, with_pin, rss = [], [], []
    for _ in range(2 if quick else 5):
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, "-m", "bench.startup_child", PIN],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.split()
        _signin_ready, ready, pin_s, rss_mb = map(float, out[-4:])
        with_pin.append(ready - t0)
        starts.append(ready - t0 - pin_s)
        rss.append(rss_mb)
    return {
        "startup_s": round(statistics.median(starts), 3),
        "startup_with_signin_s": round(statistics.median(with_pin), 3),
        "rss_mb": round(statistics.median(rss), 1),
        "startup_catalogue_products": 20_000 if quick else 100_000,
    }
