"""Start-up of a till as a shop runs it: registered with head office, a receipt printer configured, 100 000
products and a year of sales (100 000; quick: 20 000 products and the 5 000-sale backlog) — process start → the
sale screen ready (``startup_s``, target 1.5 s) — and the till's resident memory after the cashier's day:
1 000 sales (quick: 100) rung up through the window, scanned and paid with key events, receipts printed
(``rss_mb_after_1000_sales``, target 250 MB).

``startup_s`` is a restart after a clean stop, the start a shop makes most; the start that also runs the database's
full integrity check (the first of the day, or after a crash: ``pos.integrity.check_due``) is reported beside it as
``startup_checked_s``, not judged.

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

from bench.backlog import SYNC_BACKLOG, sales_home
from bench.workspace import workspace
from pos.demo.generate import generate_catalogue
from pos.ids import new_id
from pos.integrity import forget_pass
from pos.settings import load_settings
from pos.staff.pins import hash_pin, install_secret
from pos.till.terminal import Terminal

ROOT = Path(__file__).resolve().parent.parent
PIN = "4826"


def ensure_cashier(home: Path) -> None:
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


def shop_home(quick: bool) -> Path:
    """A copy of the year's sales with the catalogue grown to its size, registered with a server (run for the
    registration, then stopped: the till starts offline, as at a shop's opening before the network is up), a
    receipt printer writing to a file, and the benchmark's cashier."""
    import shutil

    from bench.sync_bench import STORE, ServerProcess
    from pos.server.db import make_engine, upgrade
    from pos.server.provisioning import add_store, add_terminal
    from pos.sync.registration import register_terminal

    products = 20_000 if quick else 100_000
    sales = SYNC_BACKLOG[True] if quick else 100_000
    home = workspace() / f"shop-{products}-{sales}"
    if home.exists():
        return home
    partial = home.with_name(home.name + ".building")
    shutil.rmtree(partial, ignore_errors=True)
    shutil.copytree(sales_home(sales), partial)
    settings = load_settings(partial)
    t = Terminal.open(settings)
    try:
        have = t.catalogue.count()
        if have < products:
            generate_catalogue(t.engine, products - have, seed=products)
        server_dir = partial / "server"
        server_dir.mkdir()
        db_url = f"sqlite:///{server_dir / 'server.sqlite3'}"
        engine = make_engine(db_url)
        upgrade(engine)
        add_store(engine, STORE, "Trung tâm OCOP Hạ Long", district="Hạ Long")
        server = ServerProcess(db_url, server_dir / "server.log").start()
        try:
            register_terminal(settings, t.engine, server.url, add_terminal(engine, STORE, t.code).code)
        finally:
            server.stop()
            engine.dispose()
    finally:
        t.close()
    settings = load_settings(partial)
    settings.devices["printer"] = {"kind": "file", "path": str(partial / "printer.bin"), "width_mm": 80}
    settings.save()
    ensure_cashier(partial)
    partial.rename(home)
    return home


def _start_once(env: dict[str, str], sales: int = 0) -> dict[str, Any]:
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.startup_child", PIN, str(sales)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
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
        "rss_after": out.get("rss_mb_after_sales"),
        "sold": out.get("sold", 0),
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
    home = shop_home(quick)
    _compile_bytecode()
    env = {**os.environ, "OCOP_POS_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    # The start that runs the full integrity check (after a crash, or the first of the day: pos.integrity), then
    # the restarts after a clean stop that the check's record lets off.
    forget_pass(load_settings(home).db_path)
    checked = _start_once(env)
    runs = [_start_once(env) for _ in range(2 if quick else 5)]
    steps = {name: round(statistics.median(r["steps"][name] for r in runs), 3) for name in runs[0]["steps"]}
    day = _start_once(env, 100 if quick else 1000)  # a day's sales after the start, in the same window
    return {
        "startup_s": round(statistics.median(r["ready"] for r in runs), 3),
        "startup_with_signin_s": round(statistics.median(r["with_pin"] for r in runs), 3),
        "startup_checked_s": round(checked["ready"], 3),
        "startup_checked_steps_s": {name: round(v, 3) for name, v in checked["steps"].items()},
        "rss_mb": round(statistics.median(r["rss"] for r in runs), 1),
        "rss_mb_after_1000_sales": round(day["rss_after"], 1),
        "rss_sales_rung_up": day["sold"],
        "startup_catalogue_products": products,
        "startup_sales_on_till": SYNC_BACKLOG[True] if quick else 100_000,
        "startup_till": "registered with a server, a file printer configured, the cashier signed in",
        # Median seconds of each step, as the till logs them: process start → interpreter up, the command line
        # parsed, the integrity check started (it runs beside the imports), imports of Qt and the till, the Qt
        # application, the database open (the check's verdict, migrations), the window shown and painted, the
        # sale screen after sign-in (the PIN hash left out).
        "startup_steps_s": steps,
    }
