"""Sixty tills uploading at once into ``ocop-pos server --workers 2`` on PostgreSQL: no error, no sale stored twice,
and the roll-ups the office reads still equal the raw sums (every batch is also sent a second time, from another
thread, while the first copy may still be in flight)."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from test_office_rollups_helpers import assert_rollups_equal_raw

from pos.server.db import make_engine, upgrade
from pos.server.provisioning import add_store, add_terminal, register
from pos.vat import vat_of_gross
from tests.pg import PgServer, create_database

ROOT = Path(__file__).resolve().parents[3]
TILLS, STORES, BATCHES, PER_BATCH = 60, 10, 3, 20


def _sale(terminal: str, no: int, day: dt.date) -> dict[str, object]:
    sid = str(uuid.uuid4())
    price = 25_000 + 1000 * (no % 17)
    qty = 1 + no % 3
    amount = price * qty
    at = dt.datetime.combine(day, dt.time(3, 0)) + dt.timedelta(seconds=no)
    return {
        "type": "sale",
        "sale": {
            "id": sid,
            "terminal_code": terminal,
            "receipt_no": no,
            "kind": "sale",
            "created_at": at.isoformat(),
            "business_date": day.isoformat(),
            "cashier_id": f"c-{terminal}",
            "cashier_name": f"Thu ngân {terminal}",
            "subtotal": amount,
            "discount_total": 0,
            "total": amount,
        },
        "lines": [
            {
                "id": str(uuid.uuid4()),
                "line_no": 1,
                "product_id": f"p{no % 9}",
                "sku": f"SKU-{no % 9}",
                "name_vi": "Hàng thử",
                "qty_milli": qty * 1000,
                "unit_price": price,
                "amount": amount,
                "vat_rate": 8,
                "ocop_stars": 4,
            }
        ],
        "vat": [{"rate_pct": 8, "gross": amount, "vat": vat_of_gross(amount, 8)}],
        "payments": [
            {"id": str(uuid.uuid4()), "seq": 1, "method": "cash" if no % 2 else "vietqr", "amount": amount}
        ],
    }


@pytest.mark.postgres
def test_sixty_tills_at_once_into_two_workers(pg_server: PgServer, tmp_path: Path) -> None:
    url = create_database(pg_server, "office_sixty")
    engine = make_engine(url)
    upgrade(engine)
    tokens: dict[str, str] = {}
    for s in range(STORES):
        add_store(engine, f"QN-C{s:02d}", f"Trung tâm {s}")
    for t in range(TILLS):
        store = f"QN-C{t % STORES:02d}"
        code = f"T{t:02d}"
        tokens[f"{store}/{code}"] = register(engine, add_terminal(engine, store, code).code).token
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OCOP_POS_HOME": str(tmp_path)}
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(
        [
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
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=ROOT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.2)
        day = dt.date.today()
        bodies: dict[str, list[bytes]] = {}
        for key in tokens:
            terminal = key.split("/")[1]
            bodies[key] = []
            for b in range(BATCHES):
                docs = [_sale(terminal, b * PER_BATCH + i + 1, day) for i in range(PER_BATCH)]
                envelope = {
                    "sent_at": dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(),
                    "entries": [{"id": d["sale"]["id"], "entity": "sale", "doc": d} for d in docs],  # type: ignore[index]
                }
                bodies[key].append(json.dumps(envelope).encode())
        errors: list[str] = []
        start = threading.Barrier(TILLS * 2)

        def till(key: str, order: list[int]) -> None:
            with httpx.Client(
                base_url=base, timeout=120, headers={"Authorization": f"Bearer {tokens[key]}"}
            ) as c:
                start.wait()
                for b in order:
                    r = c.post(
                        "/api/v1/sync/upload",
                        content=bodies[key][b],
                        headers={"Content-Type": "application/json"},
                    )
                    if r.status_code != 200:
                        errors.append(f"{key}: {r.status_code} {r.text[:200]}")
                        continue
                    held = r.json()["held"]
                    if len(held) != PER_BATCH or r.json()["quarantined"]:
                        errors.append(f"{key}: held {len(held)}, quarantined {r.json()['quarantined'][:1]}")

        threads = [threading.Thread(target=till, args=(k, list(range(BATCHES)))) for k in tokens]
        threads += [threading.Thread(target=till, args=(k, list(reversed(range(BATCHES))))) for k in tokens]
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        assert not errors, errors[:5]
        with engine.connect() as c:
            sales = c.execute(text("SELECT COUNT(*), COUNT(DISTINCT id), SUM(total) FROM sales")).one()
            lines = c.execute(text("SELECT COUNT(*) FROM sale_lines")).scalar_one()
            c.rollback()
        expected = sum(
            json.loads(b)["entries"][i]["doc"]["sale"]["total"]
            for bs in bodies.values()
            for b in bs
            for i in range(PER_BATCH)
        )
        assert sales[0] == sales[1] == TILLS * BATCHES * PER_BATCH
        assert lines == sales[0]
        assert sales[2] == expected
        assert_rollups_equal_raw(engine)
        assert "Traceback" not in (tmp_path / "server.log").read_text(errors="replace")
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        engine.dispose()
