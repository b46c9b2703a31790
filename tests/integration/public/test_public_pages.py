"""The GS1 Digital Link resolver over real HTTP on the demo network: pages in four languages, JSON-LD as
schema.org Product, lots, link types, the URI syntax's edge cases, and what must never show (issue 17)."""

from __future__ import annotations

import http.client
import json
import re
import urllib.parse
from typing import Any

import pytest

from pos.barcodes import with_check_digit
from pos.digital_link import LinkError, gtin14
from tests.integration.public.conftest import Public

SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "cache-control")


def _published(public: Public) -> list[tuple[str, str, str, int, str, str, str, bool]]:
    """(id, gtin-14, name_vi, price, name_en, name_zh, name_ko, is OCOP) of every published product with a GTIN,
    OCOP products first."""
    rows = public.rows(
        "SELECT p.id, MIN(b.code), p.name_vi, p.price, p.name_en, p.name_zh, p.name_ko, p.ocop_stars "
        "FROM products p JOIN product_pages g ON g.product_id = p.id JOIN barcodes b ON b.product_id = p.id "
        "WHERE g.published AND p.active "
        "GROUP BY p.id, p.name_vi, p.price, p.name_en, p.name_zh, p.name_ko, p.ocop_stars, p.sku "
        "ORDER BY CASE WHEN p.ocop_stars IS NULL THEN 1 ELSE 0 END, p.sku"
    )
    out = []
    for pid, code, vi, price, en, zh, ko, stars in rows:
        try:
            gtin = gtin14(str(code))
        except LinkError:
            continue
        out.append(
            (
                str(pid),
                gtin,
                str(vi),
                int(str(price)),
                str(en),
                str(zh or ""),
                str(ko or ""),
                stars is not None,
            )
        )
    return out


def _raw_get(public: Public, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
    """GET ``path`` byte for byte (no client normalising ``..`` or re-encoding)."""
    host, port = urllib.parse.urlsplit(public.base).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode("utf-8", "replace")
    finally:
        conn.close()


def _jsonld_in(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert m, html[:500]
    doc: dict[str, Any] = json.loads(m.group(1))
    return doc


def _assert_product_ld(doc: dict[str, Any], gtin: str, name: str, price: int, ocop: bool = True) -> None:
    """schema.org Product with what search engines require and what the issue lists."""
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "Product"
    assert doc["name"] == name and doc["gtin"] == gtin
    assert doc["image"] and all(u.startswith("http") for u in doc["image"])
    assert doc["description"]
    assert doc["brand"]["@type"] == "Brand" and doc["brand"]["name"]
    assert doc["manufacturer"]["address"]["addressLocality"]
    offer = doc["offers"]
    assert offer["@type"] == "Offer" and offer["price"] == price and offer["priceCurrency"] == "VND"
    assert offer["availability"] in ("https://schema.org/InStock", "https://schema.org/OutOfStock")
    assert "cost" not in json.dumps(doc)
    if not ocop:
        return
    names = {p["name"] for p in doc["additionalProperty"]}
    assert {"OCOP stars", "OCOP rating year", "OCOP certificate number", "OCOP certificate expiry"} <= names


def test_every_published_product_has_its_page_and_json_ld(public: Public) -> None:
    products = _published(public)
    assert len(products) > 100
    with public.client() as c:
        for _pid, gtin, name, price, _en, _zh, _ko, ocop in products[:: max(1, len(products) // 25)]:
            r = c.get(f"/01/{gtin}")
            assert r.status_code == 200, (gtin, r.text[:300])
            assert r.headers["content-type"].startswith("text/html")
            for h in SECURITY_HEADERS:
                assert h in r.headers
            _assert_product_ld(_jsonld_in(r.text), gtin, name, price, ocop)
            machine = c.get(f"/01/{gtin}", headers={"Accept": "application/ld+json"})
            assert machine.headers["content-type"].startswith("application/ld+json")
            _assert_product_ld(machine.json(), gtin, name, price, ocop)
            assert c.get(f"/01/{gtin}", headers={"Accept": "application/json"}).json()["gtin"] == gtin
        # The GTIN-13 form is padded to 14 and answers the same page.
        _pid, gtin, name, price, *_ = products[0]
        assert c.get(f"/01/{gtin[1:]}").status_code == 200


def test_page_shows_the_published_facts(public: Public) -> None:
    pid, gtin, name, price, *_ = _published(public)[0]
    [(stars, cert, rated, producer, district, cost)] = public.rows(
        "SELECT p.ocop_stars, p.ocop_certificate_no, p.ocop_rated_on, r.name, r.district, p.cost FROM products p "
        "JOIN producers r ON r.id = p.producer_id WHERE p.id = :p",
        p=pid,
    )
    centres = [
        str(n)
        for (n,) in public.rows(
            "SELECT t.name FROM stock_on_hand s JOIN stores t ON t.id = s.store_id WHERE s.product_id = :p "
            "AND s.qty_milli > 0",
            p=pid,
        )
    ]
    with public.client() as c:
        html = c.get(f"/01/{gtin}").text
    for fact in (name, f"{stars} sao", str(cert), str(rated)[:4], str(producer), str(district)):
        assert fact in html, fact
    assert f"{price:,}".replace(",", ".") in html
    for centre in centres:
        assert centre in html
    assert f"{int(str(cost)):,}".replace(",", ".") not in html or int(str(cost)) == price


def test_an_expired_certificate_says_so(public: Public) -> None:
    """A certificate past its date is shown as expired (Vietnam's day), one still valid is not."""
    import datetime as dt

    expiry = {
        str(pid): str(day)[:10]
        for pid, day in public.rows(
            "SELECT id, ocop_expires_on FROM products WHERE ocop_expires_on IS NOT NULL"
        )
    }
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=7))).date().isoformat()
    seen = set()
    with public.client() as c:
        for pid, gtin, *_ in _published(public):
            if pid not in expiry:
                continue
            past = expiry[pid] < today
            if past in seen:
                continue
            seen.add(past)
            assert ("đã hết hiệu lực" in c.get(f"/01/{gtin}").text) == past, (gtin, expiry[pid])
            assert ("(expired)" in c.get(f"/01/{gtin}?lang=en").text) == past
    assert seen, "no demo product has a certificate expiry"


def test_languages_by_query_then_accept_language(public: Public) -> None:
    products = _published(public)
    translated = next(p for p in products if p[5] and p[6])
    _pid, gtin, vi, _price, en, zh, ko, _ocop = translated
    with public.client() as c:
        assert vi in c.get(f"/01/{gtin}").text
        page = c.get(f"/01/{gtin}?lang=en").text
        assert en in page and 'lang="en"' in page and "Where to buy" in page
        page = c.get(f"/01/{gtin}", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).text
        assert zh in page and 'lang="zh"' in page and "购买地点" in page
        page = c.get(f"/01/{gtin}?lang=ko", headers={"Accept-Language": "zh"}).text
        assert ko in page and "구매처" in page
        assert c.get(f"/01/{gtin}?lang=en", headers={"Accept": "application/ld+json"}).json()["name"] == en
        assert 'lang="vi"' in c.get(f"/01/{gtin}?lang=xx", headers={"Accept-Language": "fr"}).text


def test_lot_page_shows_the_batch(public: Public) -> None:
    published = {p[0]: p for p in _published(public)}
    rows = public.rows(
        "SELECT m.product_id, m.batch, SUM(m.qty_milli) FROM stock_moves m WHERE m.batch IS NOT NULL "
        "AND m.kind IN ('receive', 'opening') GROUP BY m.product_id, m.batch ORDER BY m.product_id, m.batch"
    )
    pid, batch, qty = next(r for r in rows if r[0] in published)
    gtin = published[str(pid)][1]
    [(produced,)] = public.rows(
        "SELECT produced_on FROM lot_details WHERE product_id = :p AND lot = :l", p=pid, l=batch
    )
    centres = [
        str(n)
        for (n,) in public.rows(
            "SELECT DISTINCT t.name FROM stock_moves m JOIN stores t ON t.id = m.store_id WHERE m.product_id = :p "
            "AND m.batch = :l AND m.kind IN ('receive', 'opening')",
            p=pid,
            l=batch,
        )
    ]
    with public.client() as c:
        r = c.get(f"/01/{gtin}/10/{batch}?lang=en")
        assert r.status_code == 200
        assert "Batch" in r.text and str(batch) in r.text
        assert str(produced)[8:10] + "/" + str(produced)[5:7] + "/" + str(produced)[:4] in r.text
        assert f"{int(str(qty)) // 1000:,}".replace(",", ".") in r.text
        for centre in centres:
            assert centre in r.text
        doc = _jsonld_in(r.text)
        assert doc["productionDate"] == str(produced)[:10]
        assert {"Batch/lot", "Expiry date"} <= {p["name"] for p in doc["additionalProperty"]}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/01/08931306705371", 400),  # bad check digit
        ("/01", 404),
        ("/01/", 400),
        ("/01/08931306705370/17/261231", 404),  # AI 17 is not a path qualifier of 01
        ("/01/08931306705370/99/x", 404),  # unknown AI
        ("/01/08931306705370/10/L1/22/V1", 400),  # 22 must come before 10
        ("/01/08931306705370/10/L1/extra", 404),  # extra path segment
        ("/01/08931306705370/10/L1/21/S1/x/y", 404),
        ("/01/../../etc/passwd", 400),
        ("/01/%2e%2e%2f%2e%2e%2fetc%2fpasswd", 400),
        ("/01/..%2F..%2Fetc%2Fpasswd", 400),
        ("/01/08931306705370/10/%FF%FE", 400),
        ("/01/" + "9" * 5000, 414),
        ("/01/08931306705370?lang=" + "x" * 5000, 414),
        ("/01/" + with_check_digit("893999999999"), 404),  # well formed, no such product
    ],
)
def test_uri_edge_cases_answer_a_clear_page(public: Public, path: str, status: int) -> None:
    code, headers, body = _raw_get(public, path)
    assert code == status, body[:300]
    assert headers["content-type"].startswith("text/html")
    assert "<h1>" in body and "Traceback" not in body and "root:" not in body
    for h in SECURITY_HEADERS:
        assert h in headers
    code, headers, body = _raw_get(public, path, Accept="application/json")
    assert code == status and json.loads(body)["error"]["status"] == status


def test_injection_in_path_and_query_is_escaped(public: Public) -> None:
    gtin = _published(public)[0][1]
    code, _h, body = _raw_get(public, f"/01/{gtin}/10/%3Cscript%3Ex%3C%2Fscript%3E")
    assert code == 200  # a lot no centre received: the product, with a notice that names the lot
    assert "&lt;script&gt;x&lt;/script&gt;" in body
    assert "<script>x" not in body
    assert body.count("<script") == 1  # the JSON-LD block only
    assert "\\u003cscript\\u003e" in body or "<script>" not in _jsonld_in(body).get("@id", "")
    code, _h, body = _raw_get(public, f"/01/{gtin}?lang=%22%3E%3Cimg%20src=x%3E&linkType=%3Cb%3E")
    assert code == 404 and "<b>" not in body and "&lt;b&gt;" in body
    code, _h, body = _raw_get(public, f"/01/{gtin}/10/%2e%2e%2f")  # a lot of "../": a value, never a file
    assert code == 200 and "../" in body


def test_link_types_and_linkset(public: Public) -> None:
    pid, gtin, *_ = _published(public)[0]
    [(site,)] = public.rows(
        "SELECT w.website FROM producer_links w JOIN products p ON p.producer_id = w.producer_id WHERE p.id = :p",
        p=pid,
    )
    with public.client() as c:
        r = c.get(f"/01/{gtin}?linkType=gs1:brandHomepageClient")
        assert r.status_code == 307 and r.headers["location"] == site
        r = c.get(f"/01/{gtin}?linkType=gs1:certificationInfo")
        assert r.status_code == 307 and r.headers["location"].endswith(f"/01/{gtin}#ocop")
        assert c.get(f"/01/{gtin}?linkType=gs1:pip").status_code == 200
        assert c.get(f"/01/{gtin}?linkType=gs1:recallStatus").status_code == 404
        r = c.get(f"/01/{gtin}?linkType=all")
        assert r.headers["content-type"].startswith("application/linkset+json")
        entry = r.json()["linkset"][0]
        assert entry["anchor"].endswith(f"/01/{gtin}")
        assert entry["https://gs1.org/voc/pip"][0]["href"].endswith(f"/01/{gtin}")
        assert entry["https://gs1.org/voc/brandHomepageClient"][0]["href"] == site
        assert 'rel="linkset"' in c.get(f"/01/{gtin}").headers["link"]


def test_unpublished_products_are_not_public(public: Public) -> None:
    pid, gtin, *_ = _published(public)[-1]
    from sqlalchemy import text

    from pos.server.db import write_tx

    with write_tx(public.engine) as conn:
        conn.execute(text("UPDATE product_pages SET published = false WHERE product_id = :p"), {"p": pid})
    try:
        with public.client() as c:
            assert c.get(f"/01/{gtin}").status_code == 404
            assert c.get(f"/public/pictures/{gtin}").status_code == 404
            assert gtin not in c.get("/feed/products.csv").text
    finally:
        with write_tx(public.engine) as conn:
            conn.execute(text("UPDATE product_pages SET published = true WHERE product_id = :p"), {"p": pid})


def test_picture_is_served_or_drawn(public: Public) -> None:
    gtin = _published(public)[0][1]
    with public.client() as c:
        r = c.get(f"/public/pictures/{gtin}")
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        assert "<svg" in r.text and "script" not in r.text
        r = c.get("/public/pictures/..%2F..%2Fserver.sqlite3")
        assert r.status_code in (400, 404) and "SQLite" not in r.text
        assert c.get("/public/pictures/0893" + "1" * 10).status_code == 400


def test_a_published_picture_is_served(public: Public) -> None:
    import io

    from PIL import Image

    from pos.server.office.pictures import save_picture
    from pos.server.settings import ServerSettings

    pid, gtin, *_ = _published(public)[1]
    data = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 30)).save(data, "JPEG")
    saved = save_picture(
        ServerSettings(database_url="sqlite://", files_dir=str(public.files)), pid, data.getvalue()
    )
    try:
        with public.client() as c:
            r = c.get(f"/public/pictures/{gtin}")
            assert r.status_code == 200 and r.headers["content-type"] == "image/png"
            assert Image.open(io.BytesIO(r.content)).size == (480, 360)
            assert "nosniff" in r.headers["x-content-type-options"]
    finally:
        saved.unlink()
