"""``ocop-pos return without-original`` and ``ocop-pos return list``, run as a shop would: real processes on a demo
till registered with a head office nobody answers for (offline), PINs from the environment as scripts give them."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from pos.settings import load_settings
from pos.sync.state import Registration, save_registration
from pos.till.terminal import Terminal


def ocop(
    home: Path, *args: str, pin: str = "1111", approver_pin: str = ""
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OCOP_POS_HOME": str(home), "OCOP_POS_PIN": pin}
    env.pop("OCOP_POS_APPROVER_PIN", None)
    if approver_pin:
        env["OCOP_POS_APPROVER_PIN"] = approver_pin
    return subprocess.run(
        [sys.executable, "-m", "pos.cli", "--lang", "en", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def offline_till(home: Path) -> None:
    assert ocop(home, "catalog", "seed-demo").returncode == 0
    opened = ocop(home, "shift", "open", "--staff", "C01", "--count", "100000x5")
    assert opened.returncode == 0, opened.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t = Terminal.open(load_settings(home))
    try:
        save_registration(
            t.engine,
            Registration(f"http://127.0.0.1:{port}", "token", "tid", "T01", "S01", "Trung tâm"),
            reset_cursor=False,
        )
    finally:
        t.close()


def query(home: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(home / "terminal.sqlite3")
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def stock(home: Path, sku: str) -> int:
    return int(
        query(
            home,
            "SELECT COALESCE(SUM(m.qty_milli), 0) FROM stock_moves m JOIN products p ON p.id = m.product_id "
            f"WHERE p.sku = '{sku}'",
        )[0][0]
    )


def test_a_return_without_the_original_from_the_command_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    offline_till(home)
    before = stock(home, "QN-0038"), stock(home, "QN-0012")
    base = ("return", "without-original", "--claimed-receipt", "T02-000007", "--reason", "broken lid")

    alone = ocop(home, *base, "--line", "QN-0038:1", "--staff", "C01")
    assert alone.returncode == 1 and "--approver" in alone.stderr  # a cashier alone may not
    zero = ocop(
        home, *base, "--line", "QN-0038:0", "--staff", "C01", "--approver", "M01", approver_pin="9999"
    )
    assert zero.returncode == 1 and "more than 0" in zero.stderr
    wrong = ocop(
        home, *base, "--line", "QN-0038:1", "--staff", "C01", "--approver", "M01", approver_pin="9998"
    )
    assert wrong.returncode == 1 and "PIN" in wrong.stderr
    lead = ocop(
        home, *base, "--line", "QN-0038:1", "--staff", "C01", "--approver", "S01", approver_pin="2222"
    )
    # a refund nobody can check until the original arrives is a manager's call, not a shift lead's
    assert lead.returncode == 1 and "Returns without the original receipt" in lead.stderr, lead.stderr
    own = ocop(
        home,
        "return",
        "without-original",
        "--claimed-receipt",
        "T01-000009",
        "--reason",
        "x",
        "--line",
        "QN-0038:1",
        "--staff",
        "C01",
        "--approver",
        "M01",
        approver_pin="9999",
    )
    assert own.returncode == 1 and "own receipt" in own.stderr
    assert query(home, "SELECT COUNT(*) FROM sales WHERE kind = 'return'") == [(0,)]

    done = ocop(
        home,
        *base,
        "--line",
        "QN-0038:1",
        "--line",
        "QN-0012:2:200.000",
        "--staff",
        "C01",
        "--approver",
        "M01",
        "--json",
        approver_pin="9999",
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert record == {
        "receipt": "T01-000001",
        "claimed": "T02-000007",
        "refund": 790_000,
        "method": "cash",
        "status": "pending",
    }
    assert query(
        home,
        "SELECT p.method, p.amount FROM payments p JOIN sales s ON s.id = p.sale_id WHERE s.kind = 'return'",
    ) == [("cash", -790_000)]
    assert (stock(home, "QN-0038"), stock(home, "QN-0012")) == (before[0] + 1000, before[1] + 2000)
    assert query(
        home,
        "SELECT actor_name, approver_name, amount FROM audit_log WHERE action = 'return_without_original'",
    ) == [("Nguyễn Thị Lan", "Phạm Thu Hà", -790_000)]
    assert query(home, "SELECT original_terminal, original_receipt_no, status FROM remote_returns") == [
        ("T02", 7, "pending")
    ]

    listed = ocop(home, "return", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [(r["receipt"], r["claimed"], r["refund"], r["status"], r["reason"]) for r in rows] == [
        ("T01-000001", "T02-000007", 790_000, "pending", "broken lid")
    ]
    text = ocop(home, "return", "list")
    assert "T02-000007" in text.stdout and "Waiting for the original" in text.stdout
    assert ocop(home, "return", "list", "--status", "linked", "--tsv").stdout.splitlines()[1:] == []
