"""Settlement at the store and network level (issue 18, item 5): two tills of one store and one of another store
against one real server (SQLite and PostgreSQL). A producer's statement for the store counts both of its tills and
names them, at head office and as fetched by a till; the network statement has each store's subtotal; a till cut off
from head office shows only its own sales, labelled as such. Every figure is checked against the raw sale lines.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, insert, text
from sync_helpers import STORE, LiveServer, drain, manager, register

from pos.cli import main
from pos.cli.actor import PIN_ENV
from pos.demo.simulate import simulate
from pos.ids import new_id
from pos.reports.table import Period
from pos.server.db import write_tx
from pos.server.models import ConsignmentTerm
from pos.server.provisioning import add_store
from pos.server.rollups import catch_up
from pos.server.settlement import by_store, coverage, merge_lines
from pos.settings import HOME_ENV
from pos.settlement.statement import StatementLine, build_statement, coverage_rows, statement_doc
from pos.settlement.store import fetch_store_statement
from pos.staff.pins import hash_pin, install_secret
from pos.sync.errors import OfflineError
from pos.sync.registration import register_terminal
from pos.sync.rounds import client_for
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]
OTHER = "QN-MC01"
EVER = dt.date(2000, 1, 1)


def own_opening(till: Terminal, *, keep: bool) -> None:
    """The template tills share one catalogue copy: fresh opening-move ids, or none (a second counter)."""
    with till.engine.begin() as c:
        for (old,) in c.execute(text("SELECT id FROM stock_moves WHERE kind = 'opening'")).all():
            if keep:
                c.execute(text("UPDATE stock_moves SET id = :n WHERE id = :o"), {"n": new_id(), "o": old})
            else:
                c.execute(text("DELETE FROM stock_moves WHERE id = :o"), {"o": old})


def raw(till: Terminal, producer_id: str, period: Period) -> dict[str, list[int]]:
    """Per product: [qty sold, qty returned, gross, returns] straight from the till's own sale lines."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    with till.engine.connect() as c:
        for pid, kind, qty, amount in c.execute(
            text(
                "SELECT l.product_id, s.kind, l.qty_milli, l.amount FROM sale_lines l JOIN sales s "
                "ON s.id = l.sale_id JOIN products p ON p.id = l.product_id WHERE p.producer_id = :r "
                "AND s.business_date BETWEEN :d0 AND :d1"
            ),
            {"r": producer_id, "d0": period.start.isoformat(), "d1": period.end.isoformat()},
        ):
            g = out[str(pid)]
            if kind == "sale":
                g[0] += int(qty)
                g[2] += int(amount)
            else:
                g[1] -= int(qty)
                g[3] += int(amount)
        c.rollback()
    return out


def expected(parts: list[dict[str, list[int]]], rates: dict[str, int]) -> tuple[int, int, int, int]:
    """(gross, returns, commission, amount due) of the raw lines of several tills added up, per product."""
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for part in parts:
        for pid, g in part.items():
            for i in range(4):
                acc[pid][i] += g[i]
    lines = [StatementLine(pid, "", "", "", rates[pid], g[0], g[1], g[2], g[3]) for pid, g in acc.items()]
    return (
        sum(x.gross_sales for x in lines),
        sum(x.returns for x in lines),
        sum(x.commission for x in lines),
        sum(x.amount_due for x in lines),
    )


def totals(lines: tuple[StatementLine, ...] | list[StatementLine]) -> tuple[int, int, int, int]:
    return (
        sum(x.gross_sales for x in lines),
        sum(x.returns for x in lines),
        sum(x.commission for x in lines),
        sum(x.amount_due for x in lines),
    )


def consign(server_engine: Engine, tills: list[Terminal], producer_id: str) -> dict[str, int]:
    """All the producer's goods on consignment, at 15 % or 20 % (alternately), at head office and on the tills."""
    with tills[0].engine.connect() as c:
        pids = [
            str(p)
            for (p,) in c.execute(
                text("SELECT id FROM products WHERE producer_id = :r ORDER BY sku"), {"r": producer_id}
            )
        ]
        c.rollback()
    rates = {pid: (1500 if i % 2 == 0 else 2000) for i, pid in enumerate(pids)}
    rows = [
        {"product_id": p, "valid_from": EVER, "consigned": True, "commission_bp": bp}
        for p, bp in rates.items()
    ]
    with write_tx(server_engine) as conn:
        conn.execute(insert(ConsignmentTerm), rows)
    for till in tills:
        with till.engine.begin() as c:
            c.execute(text("DELETE FROM consignment_terms"))
            c.execute(
                text(
                    "INSERT INTO consignment_terms (product_id, valid_from, consigned, commission_bp) "
                    "VALUES (:product_id, :valid_from, :consigned, :commission_bp)"
                ),
                [{**r, "valid_from": EVER.isoformat()} for r in rows],
            )
    return rates


def busiest_producer(tills: list[Terminal]) -> str:
    """A producer whose goods every till sold."""
    seen: list[set[str]] = []
    for till in tills:
        with till.engine.connect() as c:
            seen.append(
                {
                    str(r)
                    for (r,) in c.execute(
                        text(
                            "SELECT DISTINCT p.producer_id FROM sale_lines l JOIN products p ON p.id = l.product_id "
                            "WHERE p.producer_id IS NOT NULL"
                        )
                    )
                }
            )
            c.rollback()
    common = sorted(set.intersection(*seen))
    assert common, "no producer sold on every till"
    return common[0]


def cli_json(
    till: Terminal, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> Any:
    monkeypatch.setenv(HOME_ENV, str(till.settings.home))
    monkeypatch.setenv(PIN_ENV, "9999")
    with till.engine.connect() as c:
        known = c.execute(text("SELECT COUNT(*) FROM staff WHERE code = 'M01'")).scalar_one()
        c.rollback()
    if not known:
        manager(till)
    with till.engine.begin() as c:  # the manager's PIN under this till's own secret
        c.execute(
            text("UPDATE staff SET pin_hash = :h WHERE code = 'M01'"),
            {"h": hash_pin("9999", install_secret(till.settings.home))},
        )
    capsys.readouterr()
    assert main(["settlement", "show", *args, "--staff", "M01", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_store_and_network_statements_count_every_till(
    server: LiveServer,
    make_till: MakeTill,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    t1 = make_till("T01")
    t2 = make_till("T02")
    own_opening(t2, keep=False)
    add_store(server.engine, OTHER, "Trung tâm OCOP Móng Cái", district="Móng Cái")
    t3 = make_till("T03", empty=True)
    own_opening(t3, keep=True)
    simulate(t3, 60, seed=1855)
    register(t1, server)
    register(t2, server)
    register_terminal(t3.settings, t3.engine, server.url, server.provision("T03", store=OTHER))
    producer = busiest_producer([t1, t2, t3])
    rates = consign(server.engine, [t1, t2, t3], producer)
    with t1.engine.connect() as c:
        code = str(c.execute(text("SELECT code FROM producers WHERE id = :r"), {"r": producer}).scalar_one())
        days = [
            dt.date.fromisoformat(str(d))
            for (d,) in c.execute(text("SELECT DISTINCT business_date FROM sales")).all()
        ]
        c.rollback()
    today = max(days)
    month = Period(
        today.replace(day=1),
        (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1),
    )
    r1, r2, r3 = (raw(t, producer, month) for t in (t1, t2, t3))
    for till in (t1, t3):
        with client_for(till.engine) as client:
            drain(till.engine, client)
    # T02 has sent nothing yet: the store's statement is T01's sales alone, and says T02 has sent none.
    early = fetch_store_statement(t1.engine, producer, month)
    assert [(t.code, t.last_sale_at is None) for t in early.tills] == [("T01", False), ("T02", True)]
    assert (early.gross_sales, early.returns) == expected([r1], rates)[:2]
    with client_for(t2.engine) as client:
        drain(t2.engine, client)

    store_a = expected([r1, r2], rates)
    store_b = expected([r3], rates)
    assert store_a[0] > 0 and store_b[0] > 0 and store_a != expected([r1], rates)

    # Head office: the store statement counts both tills of the store and names them; the network has a subtotal
    # per store, adding up to the network's statement.
    catch_up(server.engine)
    with server.engine.connect() as conn:
        sid = str(conn.execute(text("SELECT id FROM stores WHERE code = :s"), {"s": STORE}).scalar_one())
        only_a = by_store(conn, month, producer, [sid])
        network = by_store(conn, month, producer, None)
        tills_a = coverage(conn, month, [sid])
        tills_all = coverage(conn, month, None)
        server_raw = conn.execute(
            text(
                "SELECT s.store_id, SUM(l.amount) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                "JOIN products p ON p.id = l.product_id WHERE p.producer_id = :r GROUP BY s.store_id"
            ),
            {"r": producer},
        ).all()
        conn.rollback()
    assert [s.store_code for s in only_a] == [STORE]
    assert totals(only_a[0].lines) == store_a
    assert [s.store_code for s in network] == sorted([STORE, OTHER])
    subtotal = {s.store_code: totals(s.lines) for s in network}
    assert subtotal == {STORE: store_a, OTHER: store_b}
    assert totals(merge_lines([s.lines for s in network])) == tuple(
        a + b for a, b in zip(store_a, store_b, strict=True)
    )
    assert {str(k): int(v) for k, v in server_raw}[sid] == store_a[0] + store_a[1]
    assert [(t.store_code, t.code) for t in tills_a] == [(STORE, "T01"), (STORE, "T02")]
    assert all(t.last_sale_at is not None and t.last_received_at is not None and t.sales > 0 for t in tills_a)
    assert sorted(t.code for t in tills_all) == ["T01", "T02", "T03"]

    # T01 asks head office for its store's statement: both tills, named, each with its last sale received.
    st = fetch_store_statement(t1.engine, producer, month)
    assert st.store_wide and st.store_code == STORE
    assert [t.code for t in st.tills] == ["T01", "T02"]
    assert all(t.last_sale_at is not None for t in st.tills)
    assert (st.gross_sales, st.returns, st.commission, st.amount_due) == store_a
    assert st.net == st.gross_sales + st.returns and isinstance(st.amount_due, int)
    printed = coverage_rows(st, "en")
    assert any("T02" in r.label for r in printed) and "whole store" in str(printed[0].value)
    paper = statement_doc(st, shop_name="OCOP Hạ Long", lang="vi").sections[0].rows
    assert [r.label for r in paper if r.label.startswith("Máy ")] == ["Máy T01: HĐ cuối", "Máy T02: HĐ cuối"]
    # The same from the command line: ``--store`` asks head office; without it, this till only.
    period_args = ["--from", month.start.isoformat(), "--to", month.end.isoformat()]
    store_json = cli_json(t1, monkeypatch, capsys, code, "--store", *period_args)
    assert store_json["store"] == STORE and [t["code"] for t in store_json["tills"]] == ["T01", "T02"]
    own_json = cli_json(t1, monkeypatch, capsys, code, *period_args)
    assert own_json["store"] is None and [t["code"] for t in own_json["tills"]] == ["T01"]
    # A period that is not a whole month reads the day roll-ups: the same figures for the days sold.
    days_only = fetch_store_statement(t1.engine, producer, Period(min(days), today))
    assert (days_only.gross_sales, days_only.returns) == store_a[:2]

    # Head office out of reach: T01's own statement counts only its own sales, and says so.
    server.stop()
    with pytest.raises(OfflineError):
        fetch_store_statement(t1.engine, producer, month)
    own = build_statement(t1.engine, producer, month, terminal_code="T01")
    assert not own.store_wide and [t.code for t in own.tills] == ["T01"]
    assert (own.gross_sales, own.returns, own.commission, own.amount_due) == expected([r1], rates)
    rows = coverage_rows(own, "en")
    assert rows[0].value == "this till only (T01)" and rows[1].label == "Not the store's statement"
