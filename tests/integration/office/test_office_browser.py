"""The office in a real browser: Debian's Chromium driven by Selenium (chromium-driver). Signing in through the
form, every page without console errors (CSP refusals and script errors included), the filters, the exports, a
tablet's width, and a centre manager refused another store. Fails — never skips — when Chromium is missing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from office_helpers import OTHER, PASSWORD, Office
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from test_office_access import PAGES

from pos.server.office.browser import Browser, require_chromium


@pytest.fixture
def browser() -> Iterator[Browser]:
    require_chromium()  # raises (the test fails) if Debian's chromium or chromium-driver is not installed
    b = Browser(1366, 768)
    yield b
    b.close()


def _sign_in(b: Browser, office: Office, user: str) -> None:
    d = b.driver
    d.get(office.base + "/office/login")
    d.find_element(By.NAME, "username").send_keys(user)
    d.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.CSS_SELECTOR, "form.stack button[type=submit]").click()
    WebDriverWait(d, 30).until(lambda drv: "/login" not in drv.current_url)
    assert d.current_url.rstrip("/").endswith("/office"), d.current_url


def _fetch(b: Browser, href: str) -> dict[str, object]:
    """Fetch a link as the page would (same cookies): status, type and the first characters."""
    return b.driver.execute_async_script(  # type: ignore[no-any-return]
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text().then(t => done({status: r.status, type: r.headers.get('content-type'), head: t.slice(0, 200)})));",
        href,
    )


@pytest.mark.parametrize("office", ["sqlite"], indirect=True)
def test_admin_uses_every_page_in_chromium(office: Office, browser: Browser) -> None:
    d = browser.driver
    _sign_in(browser, office, "admin")
    assert browser.console_errors() == []
    for path in PAGES:
        d.get(office.base + path)
        assert d.find_elements(By.CSS_SELECTOR, "table.data"), path
        assert browser.console_errors() == [], path
        # Nothing wider than the window: wide tables scroll inside their own box.
        assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    # Filters: picking a grouping re-runs the page (the select submits its form).
    d.get(office.base + "/office/reports")
    Select(d.find_element(By.NAME, "group")).select_by_value("producer")
    WebDriverWait(d, 30).until(lambda drv: "group=producer" in drv.current_url)
    caption = d.find_element(By.CSS_SELECTOR, "table.data caption").text
    assert "nhà sản xuất" in caption.lower(), caption
    assert "group=producer" in d.current_url
    # The export links answer the files, with the same cookies as the page.
    for link in d.find_elements(By.CSS_SELECTOR, ".exports a"):
        got = _fetch(browser, link.get_attribute("href"))
        assert got["status"] == 200, got
        assert str(got["type"]).split(";")[0] in (
            "text/csv",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    # The charts are drawn (inline SVG with a bar per key).
    assert d.find_elements(By.CSS_SELECTOR, "figure.chart svg rect")
    # English.
    d.find_element(By.CSS_SELECTOR, "a.lang").click()
    WebDriverWait(d, 30).until(
        lambda drv: drv.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    )
    assert "Sales by producer" in d.find_element(By.CSS_SELECTOR, "table.data caption").text
    assert browser.console_errors() == []


@pytest.mark.parametrize("office", ["sqlite"], indirect=True)
def test_centre_manager_cannot_reach_another_store_in_chromium(office: Office, browser: Browser) -> None:
    d = browser.driver
    _sign_in(browser, office, "hl")
    nav = [a.text for a in d.find_elements(By.CSS_SELECTOR, "nav.main a")]
    assert "Người dùng" not in nav and "Quyết toán NSX" not in nav
    options = [
        o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "select[name=store] option")
    ] or []
    assert OTHER not in options
    for path in (
        f"/office/reports?store={OTHER}",
        f"/office/centres/{OTHER}",
        f"/office/stock?store={OTHER}",
        "/office/people",
    ):
        d.get(office.base + path)
        assert d.find_elements(By.CSS_SELECTOR, "p.error"), path
        assert not d.find_elements(By.CSS_SELECTOR, "table.data"), path
    d.get(office.base + "/office/")
    assert OTHER not in d.find_element(By.TAG_NAME, "main").text


@pytest.mark.parametrize("office", ["sqlite"], indirect=True)
def test_tablet_width(office: Office) -> None:
    b = Browser(800, 1280)
    try:
        _sign_in(b, office, "admin")
        for path in ("/office/", "/office/reports?group=day", "/office/stock", "/office/catalogue"):
            b.driver.get(office.base + path)
            assert b.driver.execute_script(
                "return document.documentElement.scrollWidth <= window.innerWidth + 1"
            ), path
            assert b.console_errors() == [], path
    finally:
        b.close()
