"""A customer scans a demo product's label: its Digital Link URL opened in Debian's Chromium (headless) shows the
product's page, with no console error (the strict CSP included) and JSON-LD the browser parses as schema.org
Product. Fails — never skips — when Chromium is missing. Screenshots: /tmp/ocop-public-*.png."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from pos.digital_link import link_for_barcode
from pos.server.office.browser import Browser, require_chromium
from tests.integration.public.conftest import Public

SHOTS = Path("/tmp")


@pytest.fixture
def phone() -> Iterator[Browser]:
    require_chromium()  # raises (the test fails) if Debian's chromium or chromium-driver is not installed
    b = Browser(412, 915)
    yield b
    b.close()


def _label_product(public: Public) -> tuple[str, dict[str, str], int, str, str]:
    """(barcode, names, price, producer, a lot received) of a published OCOP food product with lots."""
    rows = public.rows(
        "SELECT MIN(b.code), p.name_vi, p.price, r.name, MIN(m.batch), p.name_en FROM products p "
        "JOIN product_pages g ON g.product_id = p.id JOIN barcodes b ON b.product_id = p.id "
        "JOIN producers r ON r.id = p.producer_id JOIN stock_moves m ON m.product_id = p.id "
        "WHERE g.published AND p.ocop_stars >= 4 AND m.batch IS NOT NULL AND length(b.code) = 13 "
        "GROUP BY p.id, p.name_vi, p.name_en, p.price, r.name, p.sku ORDER BY p.sku LIMIT 1"
    )
    code, vi, price, producer, lot, en = rows[0]
    return str(code), {"vi": str(vi), "en": str(en or vi)}, int(str(price)), str(producer), str(lot)


@pytest.mark.parametrize("public", ["sqlite"], indirect=True)
def test_label_url_opens_the_product_page_in_chromium(public: Public, phone: Browser) -> None:
    code, names, price, producer, lot = _label_product(public)
    url = link_for_barcode(
        code, public.base
    )  # what the shelf label's QR carries, on this server as public host
    assert url is not None
    d = phone.driver
    d.get(url)
    # The browser's own language picks the page's (Accept-Language): headless Chromium asks for English.
    lang = d.find_element(By.TAG_NAME, "html").get_attribute("lang")
    name = names[lang]
    assert d.find_element(By.TAG_NAME, "h1").text == name
    body = d.find_element(By.TAG_NAME, "main").text
    assert producer in body and f"{price:,}".replace(",", ".") in body
    assert d.find_elements(By.CSS_SELECTOR, "#where li")
    assert (
        d.execute_script("return document.querySelector('img.picture').naturalWidth") > 0
    )  # the picture loads
    assert phone.console_errors() == []
    assert d.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    doc = json.loads(
        d.execute_script("return document.querySelector('script[type=\"application/ld+json\"]').text")
    )
    assert doc["@type"] == "Product" and doc["name"] == name and doc["offers"]["price"] == price
    phone.full_screenshot(SHOTS / "ocop-public-product.png")
    # The batch, in English.
    lot_url = link_for_barcode(code, public.base, lot=lot)
    assert lot_url is not None
    d.get(lot_url + "?lang=en")
    assert d.find_element(By.CSS_SELECTOR, "#batch .lot").text == lot
    assert "Batch" in d.find_element(By.ID, "batch").text
    assert phone.console_errors() == []
    phone.full_screenshot(SHOTS / "ocop-public-lot-en.png")
    # A label whose code reads wrong: a clear page, not a stack trace.
    bad = "/01/" + code[:-1] + str((int(code[-1]) + 1) % 10)
    d.get(public.base + bad + "?lang=vi")
    assert d.find_element(By.TAG_NAME, "h1").text == "Đường dẫn không hợp lệ"
    phone.full_screenshot(SHOTS / "ocop-public-error.png")
    # And in Vietnamese when asked.
    d.get(url + "?lang=vi")
    assert d.find_element(By.TAG_NAME, "h1").text == names["vi"]
    # The error page's own 400 and nothing else.
    assert [e for e in phone.console_errors() if bad not in e] == []
    phone.full_screenshot(SHOTS / "ocop-public-product-vi.png")
    # A Chinese-speaking tourist's phone.
    d.get(url + "?lang=zh")
    assert d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh"
    assert "购买地点" in d.find_element(By.ID, "where").text
    assert phone.console_errors() == []
    phone.full_screenshot(SHOTS / "ocop-public-product-zh.png")
