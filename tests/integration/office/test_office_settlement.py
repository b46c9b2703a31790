"""Head office's producer statement per store and for the whole network (issue 18, item 5): each store's subtotal
and the tills counted, on the seeded network (SQLite and PostgreSQL), checked against the raw sale lines; the page
in Chromium (a screenshot under /tmp)."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from office_helpers import HOME, PASSWORD, Office, period
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import text

from pos.server.office.browser import Browser, require_chromium
from pos.server.office.queries import month_end
from pos.server.settlement import terms_on

SHOTS = Path("/tmp/settle-shots")


def _producer(office: Office) -> str:
    return str(
        office.scalar(
            "SELECT r.code FROM producers r JOIN products p ON p.producer_id = r.id JOIN consignment_terms t "
            "ON t.product_id = p.id JOIN rollup_lines l ON l.product_id = p.id GROUP BY r.code "
            "ORDER BY COUNT(DISTINCT l.store_id) DESC, r.code LIMIT 1"
        )
    )


def _raw_net_by_store(office: Office, code: str, month: dt.date) -> dict[str, int]:
    """The consigned net per store summed from the raw sale lines, under the terms of each line's day."""
    with office.engine.connect() as c:
        terms: dict[str, list[tuple[dt.date, bool, int]]] = defaultdict(list)
        for pid, vf, consigned, bp in c.execute(
            text(
                "SELECT t.product_id, t.valid_from, t.consigned, t.commission_bp FROM consignment_terms t "
                "JOIN products p ON p.id = t.product_id JOIN producers r ON r.id = p.producer_id "
                "WHERE r.code = :c ORDER BY t.valid_from"
            ),
            {"c": code},
        ):
            terms[str(pid)].append((dt.date.fromisoformat(str(vf)[:10]), bool(consigned), int(bp)))
        out: dict[str, int] = defaultdict(int)
        for store, pid, day, amount in c.execute(
            text(
                "SELECT st.code, l.product_id, s.business_date, l.amount FROM sale_lines l "
                "JOIN sales s ON s.id = l.sale_id JOIN stores st ON st.id = s.store_id "
                "JOIN products p ON p.id = l.product_id JOIN producers r ON r.id = p.producer_id "
                "WHERE r.code = :c AND s.business_date >= :d0 AND s.business_date <= :d1"
            ),
            {"c": code, "d0": month, "d1": month_end(month)},
        ):
            if terms_on(terms[str(pid)], dt.date.fromisoformat(str(day)[:10]))[0]:
                out[str(store)] += int(amount)
        c.rollback()
    return {k: v for k, v in out.items() if v}


def _sheets(office: Office, path: str) -> list[list[list[object]]]:
    c = office.client("kt")
    got = c.get(path)
    assert got.status_code == 200, got.text[:300]
    wb = load_workbook(io.BytesIO(got.content))
    return [[[cell.value for cell in row] for row in ws.iter_rows()] for ws in wb.worksheets]


def _body(sheet: list[list[object]], first: str) -> list[list[object]]:
    """The rows under the header row starting with ``first``, without the totals row."""
    start = next(i for i, r in enumerate(sheet) if r and r[0] == first)
    return [r for r in sheet[start + 1 :] if r and r[0] not in (None, "Tổng / Total")]


def test_network_statement_has_a_subtotal_per_store_and_names_the_tills(office: Office) -> None:
    code = _producer(office)
    month = period()[1].replace(day=1)
    raw = _raw_net_by_store(office, code, month)
    assert len(raw) >= 2, raw  # sold at several centres: a network statement worth the name

    network = _sheets(office, f"/office/settlement/{code}?month={month:%Y-%m}&format=xlsx")
    statement, stores, tills = network[0], network[1], network[2]
    store_rows = _body(stores, "Mã TT")
    assert {
        str(r[0]): int(str(r[2])) for r in store_rows
    } == raw  # each store's consigned net = its raw lines
    total_net, total_due = int(str(statement[-1][7])), int(str(statement[-1][-1]))
    assert sum(int(str(r[2])) for r in store_rows) == total_net == sum(raw.values())  # exact to the đồng
    # Each store's commission is rounded per product line at the store, the network's once per product line:
    # they may differ by at most one đồng per line and store (docs/office.md).
    lines = len(_body(statement, "Mã hàng"))
    assert abs(sum(int(str(r[4])) for r in store_rows) - total_due) <= lines * len(store_rows)
    till_rows = _body(tills, "Mã TT")
    every_till = office.scalar("SELECT COUNT(*) FROM terminals")
    assert len(till_rows) == every_till
    assert all(r[4] != "—" for r in till_rows if int(str(r[2])) > 0)  # a till with sales shows when they came

    pdf = office.client("kt").get(f"/office/settlement/{code}?month={month:%Y-%m}&store={HOME}&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")  # with the per-centre and tills tables

    one = _sheets(office, f"/office/settlement/{code}?month={month:%Y-%m}&store={HOME}&format=xlsx")
    assert [str(r[0]) for r in _body(one[1], "Mã TT")] == [HOME]
    assert int(str(_body(one[1], "Mã TT")[0][2])) == raw[HOME]
    assert {str(r[0]) for r in _body(one[2], "Mã TT")} == {HOME}
    home_tills = office.scalar(
        "SELECT COUNT(*) FROM terminals t JOIN stores s ON s.id = t.store_id WHERE s.code = :c", c=HOME
    )
    assert len(_body(one[2], "Mã TT")) == home_tills


@pytest.fixture
def browser() -> Iterator[Browser]:
    require_chromium()  # raises (the test fails) if Debian's chromium or chromium-driver is not installed
    b = Browser(1366, 900)
    yield b
    b.close()


@pytest.mark.parametrize("office", ["sqlite"], indirect=True)
def test_network_statement_in_chromium(office: Office, browser: Browser) -> None:
    d = browser.driver
    d.get(office.base + "/office/login")
    d.find_element(By.NAME, "username").send_keys("admin")
    d.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    WebDriverWait(d, 30).until(lambda drv: "/login" not in drv.current_url)
    code = _producer(office)
    d.get(f"{office.base}/office/settlement/{code}?month={period()[1]:%Y-%m}")
    d.find_element(By.CSS_SELECTOR, "a.lang").click()
    WebDriverWait(d, 30).until(
        lambda drv: drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    )
    captions = [c.text for c in d.find_elements(By.CSS_SELECTOR, "table.data caption")]
    assert any("By centre" in c for c in captions) and any("Tills counted" in c for c in captions), captions
    assert "Tills included" in d.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert browser.console_errors() == []
    SHOTS.mkdir(exist_ok=True)
    browser.full_screenshot(SHOTS / "office-network-statement.png")
