"""The web office at a province's scale: ``office_page_ms_p95``.

A throw-away PostgreSQL (``tests/pg.py``) gets the demo network of ``ocop-pos server seed-demo`` — 30 centres, 60
tills, 365 days (about three million sales) in the full run; 8 centres, 16 tills, 60 days with ``--quick`` — loaded
by COPY. ``ocop-pos server --workers 2`` serves it in its own processes; an admin signs in through the sign-in form
and every office page is fetched over real HTTP on 127.0.0.1 (the default filters, and the reports over the whole
year for every grouping), ``ROUNDS`` times each, after one warm-up pass. The figure is the 95th percentile of the
wall time of those requests, from the request sent to the last byte of the answer; per-page p95s are reported too.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from bench.stats import percentile
from bench.workspace import workspace

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = {True: 3, False: 5}
PLANS = {True: {"stores": 8, "tills": 16, "days": 60}, False: {"stores": 30, "tills": 60, "days": 365}}
PASSWORD = "bench password 2026"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pages(client: httpx.Client, today: dt.date, days: int) -> list[str]:
    year = f"date_from={today - dt.timedelta(days=days - 1)}&date_to={today}"
    out = [
        "/office/",
        "/office/reports",
        "/office/shifts",
        "/office/shifts?only=1",
        "/office/stock",
        "/office/stock?view=low",
        "/office/stock?view=expiry",
        "/office/stock?view=valuation",
        "/office/settlement",
        "/office/catalogue",
        "/office/catalogue/producers",
        "/office/catalogue/promotions",
        "/office/centres",
        "/office/centres/QN-HL01",
        "/office/quarantine",
        "/office/people",
        "/office/audit",
        "/office/catalogue/products/QN-0001",
        "/office/stock/moves?store=QN-HL01&q=QN-0001",
    ]
    for group in (
        "day",
        "week",
        "month",
        "store",
        "star",
        "producer",
        "locality",
        "category",
        "product",
        "method",
        "cashier",
        "vat",
    ):
        out.append(f"/office/reports?{year}&group={group}")
    html = client.get("/office/settlement").text
    statement = re.search(r'href="(/office/settlement/[^"]+)"', html)
    if statement:
        out.append(statement.group(1).replace("&amp;", "&"))
    shift = re.search(r'href="(/office/shifts/[^"]+)"', client.get("/office/shifts").text)
    if shift:
        out.append(shift.group(1))
    return out


def run(quick: bool) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from pos.demo.network import SeedPlan, seed_network
    from pos.server.db import make_engine, upgrade, write_tx
    from pos.server.office.users import add_user
    from tests.pg import create_database, start_postgres

    pg = start_postgres()
    if pg is None:
        return {"office_page_ms_p95": None, "office_note": "PostgreSQL is not installed"}
    try:
        url = create_database(pg, "office_bench")
        engine = make_engine(url)
        upgrade(engine)
        plan = SeedPlan(**PLANS[quick])  # type: ignore[arg-type]
        report = seed_network(
            engine, plan, progress=lambda m: print(f"office:{m}", file=sys.stderr, flush=True)
        )
        with write_tx(engine) as conn:
            add_user(conn, "bench", "admin", PASSWORD)
        engine.dispose()
        return {
            **measure(url, plan.days, ROUNDS[quick]),
            "office_seed_sales": report.sales,
            "office_seed_lines": report.lines,
            "office_seed_stores": report.stores,
            "office_seed_tills": report.tills,
            "office_seed_days": plan.days,
            "office_seed_s": round(report.seconds, 1),
        }
    finally:
        pg.stop()


def measure(url: str, days: int, rounds: int) -> dict[str, Any]:
    """Serve ``url`` with ``ocop-pos server --workers 2``, sign ``bench`` in and time every page over HTTP."""
    from pos.server.office.formats import local_now

    port = _free_port()
    log = workspace() / "office-server.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OCOP_POS_HOME": str(workspace())}
    cmd = [
        sys.executable,
        "-m",
        "pos.cli",
        "server",
        "--database-url",
        url,
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    try:
        client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120)
        deadline = time.monotonic() + 120
        while True:
            try:
                if client.get("/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"office server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)
        form = client.get("/office/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        r = client.post("/office/login", data={"username": "bench", "password": PASSWORD, "csrf": token})
        if r.status_code != 303:
            raise RuntimeError(f"sign-in failed: {r.status_code}")
        paths = pages(client, local_now().date(), days)
        for path in paths:  # warm-up: connections, plans, caches
            status = client.get(path).status_code
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
        times: dict[str, list[float]] = {p: [] for p in paths}
        for _ in range(rounds):
            for path in paths:
                start = time.perf_counter()
                resp = client.get(path)
                _ = resp.content
                times[path].append((time.perf_counter() - start) * 1000)
                if resp.status_code != 200:
                    raise RuntimeError(f"{path} answered {resp.status_code}")
        every = [t for ts in times.values() for t in ts]
        per_page = {p: round(percentile(ts, 95), 1) for p, ts in times.items()}
        slowest = sorted(per_page.items(), key=lambda kv: -kv[1])[:5]
        return {
            "office_page_ms_p95": round(percentile(every, 95), 1),
            "office_page_ms_p50": round(percentile(every, 50), 1),
            "office_page_ms_max": round(max(every), 1),
            "office_worst_page_ms_p95": slowest[0][1],
            "office_pages": len(paths),
            "office_requests": len(every),
            "office_slowest_pages_ms_p95": dict(slowest),
            "office_level": "real HTTP, signed in, ocop-pos server --workers 2 on PostgreSQL",
        }
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
