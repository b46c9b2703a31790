"""The office's e-invoice page: per store, each invoice's state on its way to the tax authority with the reason of a
rejection, filtered by status and month; one invoice with its correction path and, for a rejected invoice head
office relays, Offer again (audited); the month's or quarter's tax report (VAT by rate with totals, the invoice
list) as XLSX and CSV equal to the ledger; a centre manager sees their own store only. In Chromium, screenshots
saved under /tmp for a person to look at."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from office_helpers import HOME, OTHER, PASSWORD, Office, csrf_of
from openpyxl import load_workbook
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import insert, select, text

from pos.server.db import write_tx
from pos.server.models import EInvoice, EInvoiceStatus, OfficeAudit, Sale, Store
from pos.server.office.browser import Browser, require_chromium

#: (store, state, via, last_error) of the invoices seeded on the month's first sales.
PLAN = (
    (HOME, "accepted", "till", ""),
    (HOME, "pending", "till", ""),
    (HOME, "rejected", "relay", "INVALID_INVOICE_DATA: Dữ liệu hoá đơn không hợp lệ."),
    (HOME, "rejected", "till", "BUYER_TAX_CODE: MST người mua không tồn tại"),
    (HOME, "sent", "relay", ""),
    (OTHER, "rejected", "till", "OTHER-STORE-REASON"),
)


def _seed(office: Office) -> tuple[str, list[str]]:
    """Invoices on sales of one month (idempotent for the session's shared office); the month and the sale ids."""
    with write_tx(office.engine) as conn:
        month = conn.execute(
            select(Sale.business_date).order_by(Sale.business_date.desc()).limit(1)
        ).scalar_one()
        month = (
            month.replace(day=1)
            if isinstance(month, dt.date)
            else dt.date.fromisoformat(str(month)[:8] + "01")
        )
        ids: list[str] = []
        for n, (store, state, via, error) in enumerate(PLAN, start=1):
            sale = conn.execute(
                select(Sale.id, Sale.store_id, Sale.terminal_id, Sale.created_at, Sale.total, Sale.vat_total)
                .join(Store, Store.id == Sale.store_id)
                .where(Store.code == store, Sale.kind == "sale", Sale.business_date >= month)
                .order_by(Sale.created_at, Sale.id)
                .offset(n)
                .limit(1)
            ).one()
            ids.append(sale[0])
            if conn.execute(select(EInvoice.sale_id).where(EInvoice.sale_id == sale[0])).first():
                continue
            code = f"M1-{month:%y}-A1B2C-{n:011d}"
            conn.execute(
                insert(EInvoice),
                [
                    {
                        "sale_id": sale[0],
                        "store_id": sale[1],
                        "terminal_id": sale[2],
                        "total": sale[4],
                        "vat_total": sale[5],
                        "via": via,
                        "code": code,
                        "form": "1",
                        "series": f"C{month:%y}MAA",
                        "kind": "original",
                        "related_code": "",
                        "issued_at": sale[3],
                        "buyer_name": "Công ty TNHH Hạ Long Xanh" if n == 4 else "",
                        "buyer_tax_code": "0100109106" if n == 4 else "",
                        "xml": "<HDon/>",
                    }
                ],
            )
            conn.execute(
                insert(EInvoiceStatus),
                [
                    {
                        "sale_id": sale[0],
                        "store_id": sale[1],
                        "via": via,
                        "state": state,
                        "attempts": 1 if state != "pending" else 0,
                        "provider_ref": "",
                        "last_error": error,
                        "issued_at": sale[3],
                        "updated_at": sale[3],
                        "corrected_xml": "",
                        "corrected_buyer_name": "",
                        "corrected_buyer_tax_code": "",
                    }
                ],
            )
    return f"{month:%Y-%m}", ids


def test_states_reasons_filters_and_the_correction_path(office: Office) -> None:
    month, ids = _seed(office)
    c = office.client("admin")
    page = c.get(f"/office/einvoices?month={month}&lang=en")
    assert page.status_code == 200
    for expected in (
        "M1-",
        "INVALID_INVOICE_DATA",
        "BUYER_TAX_CODE",
        "OTHER-STORE-REASON",
        "Thuế GTGT theo thuế suất",
    ):
        assert expected in page.text, expected
    rejected = c.get(f"/office/einvoices?month={month}&state=rejected&store={HOME}")
    assert rejected.status_code == 200
    assert "INVALID_INVOICE_DATA" in rejected.text and "BUYER_TAX_CODE" in rejected.text
    assert "OTHER-STORE-REASON" not in rejected.text and "CQT đã nhận</td>" not in rejected.text
    assert c.get(f"/office/einvoices?month={month}&state=nonsense").status_code == 400
    # One invoice: its facts and how to put it right; the till's own is corrected at the till.
    relayed = c.get(f"/office/einvoices/{ids[2]}")
    assert relayed.status_code == 200 and "Gửi lại" in relayed.text and "einvoice-relay" in relayed.text
    at_till = c.get(f"/office/einvoices/{ids[3]}")
    assert "Sửa người mua" in at_till.text and f"/office/einvoices/{ids[3]}/retry" not in at_till.text
    # Offer again: pending, audited once; a second time (no longer rejected) is refused.
    before = _audits(office)
    r = c.post(f"/office/einvoices/{ids[2]}/retry", data={"csrf": csrf_of(c, f"/office/einvoices/{ids[2]}")})
    assert r.status_code == 303, r.text[:300]
    assert office.scalar("SELECT state FROM einvoice_status WHERE sale_id = :s", s=ids[2]) == "pending"
    assert _audits(office) == before + 1
    again = c.post(
        f"/office/einvoices/{ids[2]}/retry", data={"csrf": csrf_of(c, f"/office/einvoices/{ids[2]}")}
    )
    assert again.status_code in (400, 409, 422) or "Chỉ gửi lại được" in again.text
    assert _audits(office) == before + 1
    # An accountant reads, never offers again.
    kt = office.client("kt")
    assert kt.get(f"/office/einvoices?month={month}").status_code == 200
    assert kt.post(f"/office/einvoices/{ids[3]}/retry", data={"csrf": csrf_of(kt)}).status_code == 403


def _audits(office: Office) -> int:
    with office.engine.connect() as conn:
        n = len(conn.execute(select(OfficeAudit.id).where(OfficeAudit.action == "einvoice_retry")).all())
        conn.rollback()
    return n


def test_a_centre_manager_sees_only_their_store(office: Office) -> None:
    month, ids = _seed(office)
    c = office.client("hl")
    own = c.get(f"/office/einvoices?month={month}")
    assert own.status_code == 200 and "BUYER_TAX_CODE" in own.text and "OTHER-STORE-REASON" not in own.text
    for path in (
        f"/office/einvoices?store={OTHER}",
        f"/office/einvoices?store={OTHER}&format=csv",
        f"/office/einvoices/{ids[5]}",
    ):
        r = c.get(path)
        assert r.status_code == 403, (path, r.status_code)
        assert "OTHER-STORE-REASON" not in r.text


def test_tax_report_exports_match_the_ledger(office: Office) -> None:
    month, _ids = _seed(office)
    c = office.client("admin")
    year, mon = int(month[:4]), int(month[5:])
    quarter = (mon - 1) // 3 + 1
    for span, start, end in (
        ("month", dt.date(year, mon, 1), dt.date(year + mon // 12, mon % 12 + 1, 1)),
        (
            "quarter",
            dt.date(year, 3 * quarter - 2, 1),
            dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1),
        ),
    ):
        q = f"month={month}&span={span}&store={HOME}"
        wb = load_workbook(io.BytesIO(c.get(f"/office/einvoices?{q}&format=xlsx").content))
        assert len(wb.worksheets) == 3  # states, VAT by rate, the invoice list
        rates = wb.worksheets[1]
        header = [cell.value for cell in rates[3]]  # a title row, the subtitle, the headings
        totals = [cell.value for cell in rates[rates.max_row]]
        raw_vat, raw_gross = (
            int(v or 0)
            for v in office.engine.connect()
            .execute(
                text(
                    "SELECT SUM(s.vat_total), SUM(s.total) FROM sales s JOIN stores st ON st.id = s.store_id "
                    "WHERE st.code = :c AND s.business_date >= :a AND s.business_date < :b"
                ),
                {"c": HOME, "a": start, "b": end},
            )
            .one()
        )
        assert totals[header.index("Thuế GTGT")] == raw_vat, span
        assert totals[header.index("Tổng thanh toán")] == raw_gross, span
        listed = list(
            csv.reader(io.StringIO(c.get(f"/office/einvoices?{q}&format=csv").content.decode("utf-8-sig")))
        )
        codes = [row[0] for row in listed[1:] if row and row[0].startswith("M1-")]
        assert len(codes) == 5 and len(set(codes)) == 5, span  # HOME's five, none of OTHER's


@pytest.fixture
def browser() -> Iterator[Browser]:
    require_chromium()  # raises (the test fails) if Debian's chromium or chromium-driver is not installed
    b = Browser(1366, 900)
    yield b
    b.close()


@pytest.mark.parametrize("office", ["sqlite"], indirect=True)
def test_the_page_in_chromium(office: Office, browser: Browser) -> None:
    month, ids = _seed(office)
    d = browser.driver
    d.get(office.base + "/office/login")
    d.find_element(By.NAME, "username").send_keys("admin")
    d.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    WebDriverWait(d, 30).until(lambda drv: "/login" not in drv.current_url)
    d.get(office.base + f"/office/einvoices?month={month}&store={HOME}")
    assert len(d.find_elements(By.CSS_SELECTOR, "table.data")) == 3
    assert "Hoá đơn điện tử" in [a.text for a in d.find_elements(By.CSS_SELECTOR, "nav.main a")]
    assert browser.console_errors() == []
    assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    d.save_screenshot("/tmp/ocop-office-einvoices.png")
    d.find_element(
        By.LINK_TEXT,
        next(
            e.text
            for e in d.find_elements(By.CSS_SELECTOR, "table.data a")
            if e.get_attribute("href").endswith(ids[3])
        ),
    ).click()
    WebDriverWait(d, 30).until(lambda drv: drv.current_url.endswith(ids[3]))
    assert "Sửa người mua" in d.page_source and browser.console_errors() == []
    d.save_screenshot("/tmp/ocop-office-einvoice-rejected.png")


def test_the_product_editor_takes_the_tourists_names(office: Office) -> None:
    """Head office edits a product's Chinese and Korean names (synced to the tills as any product change); a form
    posted without them leaves them as they were."""
    c = office.client("admin")
    with office.engine.connect() as conn:
        sku, name_vi, unit, cost, vat_class = conn.execute(
            text("SELECT sku, name_vi, unit, cost, vat_class FROM products ORDER BY sku LIMIT 1")
        ).one()
        conn.rollback()
    form = f"/office/catalogue/products/{sku}"
    page = c.get(form)
    assert 'name="name_zh"' in page.text and 'name="name_ko"' in page.text
    base = {"name_vi": name_vi, "unit": unit, "cost": str(cost), "vat_class": vat_class, "active": "1"}
    names = {"name_zh": "下龙鱿鱼饼", "name_ko": "하롱 오징어 어묵"}
    r = c.post(form, data={"csrf": csrf_of(c, form), **base, **names})
    assert r.status_code == 303, r.text[-600:]
    assert office.scalar("SELECT name_zh FROM products WHERE sku = :s", s=sku) == "下龙鱿鱼饼"
    assert office.scalar("SELECT name_ko FROM products WHERE sku = :s", s=sku) == "하롱 오징어 어묵"
    r = c.post(form, data={"csrf": csrf_of(c, form), **base})
    assert r.status_code == 303
    assert office.scalar("SELECT name_zh FROM products WHERE sku = :s", s=sku) == "下龙鱿鱼饼"
