"""The office's VietQR reconciliation on the seeded network (SQLite and PostgreSQL): a recorded VietQR payment the
bank confirmed is matched; one confirmed by hand is listed as without a transfer; a flagged amount and a transfer no
sale claims are listed on the other side; a centre manager sees only their centre; Chromium shows the page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from office_helpers import HOME, OTHER, Office, period
from sqlalchemy import select
from sqlalchemy.engine import Row

from pos.server.bank.base import Notice
from pos.server.bank.matching import ask, record
from pos.server.db import write_tx
from pos.server.models import Payment, Sale, Store, Terminal
from pos.server.office.browser import Browser, require_chromium
from pos.server.office.transfers import reconcile
from pos.server.provisioning import TerminalIdentity
from pos.sync.transfer_wire import TransferQuestion

ACCOUNT = "0071001234567"


def _vietqr_payments(office: Office, store: str, day: dt.date) -> list[Row]:  # type: ignore[type-arg]
    with office.engine.connect() as conn:
        rows = conn.execute(
            select(
                Payment.reference,
                Payment.amount,
                Sale.terminal_id,
                Terminal.code,
                Sale.store_id,
                Sale.receipt_no,
            )
            .join(Sale, Sale.id == Payment.sale_id)
            .join(Terminal, Terminal.id == Sale.terminal_id)
            .join(Store, Store.id == Sale.store_id)
            .where(
                Payment.method == "vietqr",
                Sale.kind == "sale",
                Store.code == store,
                Sale.business_date == day,
            )
            .order_by(Sale.receipt_no)
        ).all()
        conn.rollback()
    return list(rows)


def _notice(txn: str, content: str, amount: int, day: dt.date, account: str = ACCOUNT) -> Notice:
    return Notice(
        "sepay",
        txn,
        "in",
        amount,
        account,
        content,
        f"FT{txn}",
        dt.datetime.combine(day, dt.time(10, 15)),
        "{}",
    )


def _stage(office: Office, day: dt.date) -> tuple[Row, Row]:  # type: ignore[type-arg]
    """At HOME on ``day``: the first VietQR payment confirmed by the bank, a flagged short transfer, a transfer
    nobody asked about at OTHER's account. Idempotent (the office database is shared by the session)."""
    paid, by_hand = _vietqr_payments(office, HOME, day)[:2]
    other = _vietqr_payments(office, OTHER, day)[0]
    with write_tx(office.engine) as conn:
        home_till = TerminalIdentity(str(paid.terminal_id), str(paid.code), str(paid.store_id), HOME)
        ask(
            conn,
            home_till,
            TransferQuestion(reference=paid.reference, amount=paid.amount, account_number=ACCOUNT),
        )
        record(conn, _notice(f"rec-{office.dialect}-1", f"CK {paid.reference} cam on", paid.amount, day))
        ask(conn, home_till, TransferQuestion(reference="T09-000777", amount=400_000, account_number=ACCOUNT))
        record(conn, _notice(f"rec-{office.dialect}-2", "T09-000777", 40_000, day))
        other_till = TerminalIdentity(str(other.terminal_id), str(other.code), str(other.store_id), OTHER)
        ask(conn, other_till, TransferQuestion(reference="T01-000555", amount=10_000, account_number="8888"))
        record(conn, _notice(f"rec-{office.dialect}-3", "chuyen tien hang", 75_000, day, account="8888"))
    return paid, by_hand


def test_reconciliation_matches_and_lists_the_unmatched(office: Office) -> None:
    day = period()[1] - dt.timedelta(days=3)
    paid, by_hand = _stage(office, day)
    with office.engine.connect() as conn:
        home_id = str(paid.store_id)
        rec = reconcile(conn, (home_id,), day, day)
        conn.rollback()
    totals = rec.days[(HOME, day)]
    assert totals.matched == 1 and totals.matched_sum == paid.amount
    assert totals.transfers == 2 and totals.transfers_sum == paid.amount + 40_000
    assert totals.payments == len(_vietqr_payments(office, HOME, day))
    assert [(t.status, t.amount, t.reference) for t in rec.unmatched_transfers] == [
        ("short", 40_000, "T09-000777")
    ]
    unmatched_refs = {p.reference for p in rec.unmatched_payments}
    assert by_hand.reference in unmatched_refs and paid.reference not in unmatched_refs

    q = f"/office/bank?date_from={day}&date_to={day}"
    c = office.client("admin")
    try:
        page = c.get(q + f"&store={HOME}")
        assert page.status_code == 200, page.text[:300]
        assert (
            "Đối soát chuyển khoản" in page.text and "T09-000777" in page.text and "Thiếu tiền" in page.text
        )
        assert by_hand.reference in page.text and f"rec-{office.dialect}-3" not in page.text
        everywhere = c.get(q)
        assert f"rec-{office.dialect}-3" in everywhere.text  # OTHER's transfer, no sale claims it
        csv = c.get(q + "&format=csv")
        assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    finally:
        c.close()
    c = office.client("hl")  # the centre manager of HOME
    try:
        assert c.get(q + f"&store={OTHER}").status_code == 403
        own = c.get(q)
        assert (
            own.status_code == 200 and f"rec-{office.dialect}-3" not in own.text and "T09-000777" in own.text
        )
    finally:
        c.close()
    c = office.client("kt")  # the accountant
    try:
        assert c.get(q).status_code == 200
    finally:
        c.close()


@pytest.mark.parametrize("office", ["sqlite"], indirect=True)
def test_reconciliation_page_in_chromium(office: Office) -> None:
    require_chromium()  # raises (the test fails) when Chromium is missing
    day = period()[1] - dt.timedelta(days=3)
    _stage(office, day)
    b = Browser(1366, 768)
    try:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        d = b.driver
        d.get(office.base + "/office/login")
        d.find_element(By.NAME, "username").send_keys("admin")
        d.find_element(By.NAME, "password").send_keys("correct horse battery")
        d.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
        WebDriverWait(d, 30).until(lambda drv: "/login" not in drv.current_url)
        d.get(office.base + f"/office/bank?date_from={day}&date_to={day}&store={HOME}")
        assert len(d.find_elements(By.CSS_SELECTOR, "table.data")) == 3
        assert b.console_errors() == []
        assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        b.full_screenshot(Path("/tmp/bank-office-reconciliation.png"))
    finally:
        b.close()
