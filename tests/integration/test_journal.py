"""``journal verify`` catches edits, deletions and insertions made behind the till's back."""

from __future__ import annotations

import sqlite3

import pytest

from pos.demo.simulate import simulate
from pos.ledger.verify import verify_journal
from pos.till.terminal import Terminal


@pytest.fixture
def traded(stocked_terminal: Terminal) -> Terminal:
    simulate(stocked_terminal, 40, seed=3)
    assert verify_journal(stocked_terminal.engine).ok
    return stocked_terminal


def tamper(t: Terminal, sql: str) -> None:
    con = sqlite3.connect(t.settings.db_path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.executescript(sql)
    con.commit()
    con.close()


def first_bad(t: Terminal) -> tuple[str, int, str]:
    report = verify_journal(t.engine)
    assert not report.ok
    p = report.first
    assert p is not None
    return p.terminal_code, p.receipt_no, p.en


def test_edited_line_is_caught(traded: Terminal) -> None:
    tamper(
        traded,
        "UPDATE sale_lines SET amount = amount - 1000 WHERE sale_id = "
        "(SELECT id FROM sales WHERE receipt_no = 17)",
    )
    assert first_bad(traded)[:2] == ("T01", 17)


def test_edited_payment_and_header_are_caught(traded: Terminal) -> None:
    tamper(
        traded,
        "UPDATE payments SET method = 'cash' WHERE sale_id = (SELECT id FROM sales WHERE receipt_no = 9)",
    )
    assert first_bad(traded)[1] == 9
    tamper(traded, "UPDATE sales SET cashier_name = 'someone else' WHERE receipt_no = 4")
    assert first_bad(traded)[1] == 4


def test_deleted_sale_is_caught(traded: Terminal) -> None:
    tamper(
        traded,
        "DELETE FROM sale_lines WHERE sale_id = (SELECT id FROM sales WHERE receipt_no = 12);"
        "DELETE FROM payments WHERE sale_id = (SELECT id FROM sales WHERE receipt_no = 12);"
        "DELETE FROM sale_vat WHERE sale_id = (SELECT id FROM sales WHERE receipt_no = 12);"
        "DELETE FROM stock_moves WHERE sale_id = (SELECT id FROM sales WHERE receipt_no = 12);"
        "DELETE FROM outbox WHERE entity_id = (SELECT id FROM sales WHERE receipt_no = 12);"
        "DELETE FROM sales WHERE receipt_no = 12;",
    )
    _terminal, number, reason = first_bad(traded)
    assert number == 12 and "deleted" in reason


def test_deleted_sale_and_its_journal_entry_is_caught(traded: Terminal) -> None:
    tamper(traded, "DELETE FROM journal WHERE receipt_no = 20;")
    assert first_bad(traded)[1] == 20


def test_newest_receipts_removed_entirely_is_caught(traded: Terminal) -> None:
    with traded.engine.connect() as conn:
        last = conn.exec_driver_sql("SELECT MAX(receipt_no) FROM sales").scalar_one()
    tamper(
        traded,
        f"DELETE FROM journal WHERE receipt_no = {last}; DELETE FROM sale_lines WHERE sale_id IN "
        f"(SELECT id FROM sales WHERE receipt_no = {last}); DELETE FROM payments WHERE sale_id IN "
        f"(SELECT id FROM sales WHERE receipt_no = {last}); DELETE FROM sale_vat WHERE sale_id IN "
        f"(SELECT id FROM sales WHERE receipt_no = {last}); DELETE FROM sales WHERE receipt_no = {last};",
    )
    assert first_bad(traded)[1] == last


def test_inserted_sale_is_caught(traded: Terminal) -> None:
    tamper(
        traded,
        "INSERT INTO sales SELECT '00000000-0000-7000-8000-000000000001', terminal_code, 999, kind, "
        "original_sale_id, created_at, business_date, cashier_id, cashier_name, approved_by, shift_id, lang, "
        "subtotal, discount_total, total, change_due, note FROM sales WHERE receipt_no = 3;",
    )
    _terminal, number, reason = first_bad(traded)
    assert number == 999 and "inserted" in reason


def test_inserted_line_is_caught(traded: Terminal) -> None:
    tamper(
        traded,
        "INSERT INTO sale_lines SELECT 'x-line', sale_id, 99, product_id, sku, name_vi, name_en, unit, code, "
        "qty_milli, unit_price, line_discount, sale_discount, amount, vat_rate, ocop_stars, batch, expiry, "
        "original_line_id FROM sale_lines WHERE sale_id = (SELECT id FROM sales WHERE receipt_no = 5) LIMIT 1;",
    )
    assert first_bad(traded)[1] == 5
