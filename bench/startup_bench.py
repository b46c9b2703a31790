"""Start-up: process start → sale screen ready on a 100 000-product catalogue, and resident memory then.

The cashier's PIN check (argon2, deliberately slow) is a person's step, so it is reported apart and left out of
``startup_s``; ``startup_with_signin_s`` includes it.
"""

from __future__ import annotations

import json
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
from pos.till.terminal import Terminal

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


def _start_once(env: dict[str, str]) -> dict[str, Any]:
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.startup_child", PIN],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"the app did not start (exit {proc.returncode}): {proc.stderr.strip()[-1500:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    marks: dict[str, float] = out["marks"]
    steps, before = {}, t0
    for name, at in marks.items():  # in the order the child reached them
        steps[name] = at - before
        before = at
    steps["sale_screen"] -= out["pin_s"]  # the cashier's PIN check (argon2) is a person's step
    return {
        "ready": marks["sale_screen"] - t0 - out["pin_s"],
        "with_pin": marks["sale_screen"] - t0,
        "rss": out["rss_mb"],
        "steps": steps,
    }


def _compile_bytecode() -> None:
    """Byte-compile the till's own modules, as installing a wheel does. An editable install leaves that to the
    first start, and where ``PYTHONDONTWRITEBYTECODE`` is set (this machine) every start would compile ~150
    modules again: 0.1–0.15 s that no shop pays."""
    import compileall

    for package in ("pos", "ui"):
        compileall.compile_dir(ROOT / package, quiet=2)


def run(quick: bool) -> dict[str, Any]:
    products = 20_000 if quick else 100_000
    home = catalogue_home(products)
    _ensure_cashier(home)
    _compile_bytecode()
    env = {**os.environ, "OCOP_POS_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    runs = [_start_once(env) for _ in range(2 if quick else 5)]
    steps = {name: round(statistics.median(r["steps"][name] for r in runs), 3) for name in runs[0]["steps"]}
    return {
        "startup_s": round(statistics.median(r["ready"] for r in runs), 3),
        "startup_with_signin_s": round(statistics.median(r["with_pin"] for r in runs), 3),
        "rss_mb": round(statistics.median(r["rss"] for r in runs), 1),
        "startup_catalogue_products": products,
        # Median seconds of each step, as the till logs them: process start → interpreter up, the command line
        # parsed, the integrity check started (it runs beside the imports), imports of Qt and the till, the Qt
        # application, the database open (the check's verdict, migrations), the window shown and painted, the
        # sale screen after sign-in (the PIN hash left out).
        "startup_steps_s": steps,
    }
