"""The product feed (CSV, JSON, Google-Merchant-style RSS): every published product at the catalogue's price,
conditional requests answered 304, the cached body rebuilt when the catalogue changes; and the per-client rate
limit of the public side."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient
from sqlalchemy import text

from pos.digital_link import LinkError, gtin14
from pos.server.app import create_app
from pos.server.db import write_tx
from pos.server.public.feed import COLUMNS
from pos.server.public.ratelimit import RateLimiter
from pos.server.settings import ServerSettings
from tests.integration.public.conftest import Public

G = "{http://base.google.com/ns/1.0}"


def _catalogue(public: Public) -> dict[str, tuple[str, int, bool]]:
    """gtin-14 → (sku, price, in stock) of every published product with a GTIN: what the feed must list."""
    out = {}
    for sku, code, price, stocked in public.rows(
        "SELECT p.sku, MIN(b.code), p.price, (SELECT COUNT(*) FROM stock_on_hand s JOIN stores t "
        "ON t.id = s.store_id WHERE s.product_id = p.id AND s.qty_milli > 0 AND t.active) FROM products p "
        "JOIN product_pages g ON g.product_id = p.id JOIN barcodes b ON b.product_id = p.id "
        "WHERE g.published AND p.active GROUP BY p.id, p.sku, p.price"
    ):
        try:
            out[gtin14(str(code))] = (str(sku), int(str(price)), int(str(stocked)) > 0)
        except LinkError:
            continue
    return out


def test_feeds_list_every_published_product_at_the_catalogue_price(public: Public) -> None:
    expected = _catalogue(public)
    assert len(expected) > 100
    with public.client() as c:
        r = c.get("/feed/products.csv")
        assert r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
        assert tuple(rows[0]) == COLUMNS  # nothing else: no cost, no terms, no sales
        got = {row["gtin"]: row for row in rows}
        assert set(got) == set(expected)
        for gtin, (sku, price, stocked) in expected.items():
            assert got[gtin]["price"] == f"{price} VND" and got[gtin]["id"] == sku
            assert got[gtin]["availability"] == ("in_stock" if stocked else "out_of_stock")
            assert got[gtin]["link"] == f"{public.base}/01/{gtin}"
        doc = c.get("/feed/products.json").json()
        assert doc["count"] == len(expected) and doc["currency"] == "VND"
        assert {p["gtin"]: p["price"] for p in doc["products"]} == {
            g: f"{v[1]} VND" for g, v in expected.items()
        }
        assert all(set(p) == set(COLUMNS) for p in doc["products"])
        r = c.get("/feed/products.xml")
        assert r.headers["content-type"].startswith("application/rss+xml")
        channel = ET.fromstring(r.content).find("channel")
        assert channel is not None
        items = channel.findall("item")
        prices = {i.findtext(f"{G}gtin"): i.findtext(f"{G}price") for i in items}
        assert prices == {g: f"{v[1]} VND" for g, v in expected.items()}
        for item in items:
            for key in ("id", "gtin", "brand", "availability", "image_link", "google_product_category"):
                assert item.findtext(f"{G}{key}"), key
            assert item.findtext("link", "").startswith(public.base + "/01/")
            stars = [
                d
                for d in item.findall(f"{G}product_detail")
                if d.findtext(f"{G}attribute_name") == "OCOP stars"
            ]
            assert len(stars) == 1
        assert c.get("/feed/products.pdf").status_code == 404
        head = c.head("/feed/products.xml")  # platforms check before they fetch
        assert head.status_code == 200 and head.headers["etag"] == r.headers["etag"] and not head.content


def test_conditional_requests_and_the_cache_follow_the_catalogue(public: Public) -> None:
    with public.client() as c:
        first = c.get("/feed/products.json")
        etag, modified = first.headers["etag"], first.headers["last-modified"]
        assert "max-age" in first.headers["cache-control"]
        assert c.get("/feed/products.json", headers={"If-None-Match": etag}).status_code == 304
        assert c.get("/feed/products.json", headers={"If-None-Match": f'W/{etag}, "x"'}).status_code == 304
        assert c.get("/feed/products.json", headers={"If-Modified-Since": modified}).status_code == 304
        assert c.get("/feed/products.json", headers={"If-None-Match": '"other"'}).status_code == 200
        assert c.get("/feed/products.json", headers={"If-Modified-Since": "yesterday"}).status_code == 200
        again = c.get("/feed/products.json")
        assert again.content == first.content and again.headers["etag"] == etag
        # A price changes at head office (as the office does it: the product and its change row): a new feed.
        sku, price = next(
            iter(public.rows("SELECT sku, price FROM products WHERE active ORDER BY sku LIMIT 1"))
        )
        new_price = int(str(price)) + 1000
        with write_tx(public.engine) as conn:
            conn.execute(
                text("UPDATE products SET price = :v, updated_at = CURRENT_TIMESTAMP WHERE sku = :s"),
                {"v": new_price, "s": sku},
            )
            conn.execute(
                text(
                    "INSERT INTO catalogue_changes (tx, entity, entity_key, changed_at) VALUES (0, 'product', :s, CURRENT_TIMESTAMP)"
                ),
                {"s": sku},
            )
        try:
            changed = c.get("/feed/products.json", headers={"If-None-Match": etag})
            assert changed.status_code == 200 and changed.headers["etag"] != etag
            row = next(p for p in changed.json()["products"] if p["id"] == sku)
            assert row["price"] == f"{new_price} VND"
        finally:
            with write_tx(public.engine) as conn:
                conn.execute(text("UPDATE products SET price = :v WHERE sku = :s"), {"v": price, "s": sku})
                conn.execute(
                    text(
                        "INSERT INTO catalogue_changes (tx, entity, entity_key, changed_at) VALUES (0, 'product', :s, CURRENT_TIMESTAMP)"
                    ),
                    {"s": sku},
                )


def test_feed_is_built_once_until_the_catalogue_changes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The same app answers many polls from one rendering."""
    from pos.demo.network import SeedPlan, seed_network
    from pos.server.db import make_engine, upgrade

    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    seed_network(engine, SeedPlan(stores=2, tills=2, days=3, seed=5, sales_per_till_day=3))
    app = create_app(
        ServerSettings(database_url=url, files_dir=str(tmp_path / "f")), engine=engine, migrate=False
    )
    with TestClient(app, base_url="https://testserver") as c:
        for _ in range(5):
            assert c.get("/feed/products.xml").status_code == 200
        assert app.state.public_feeds.renders == 1
        with write_tx(engine) as conn:
            conn.execute(
                text("UPDATE product_pages SET description_vi = 'Mới', updated_at = CURRENT_TIMESTAMP")
            )
        assert c.get("/feed/products.xml").status_code == 200
        assert app.state.public_feeds.renders == 2
    engine.dispose()


def test_rate_limit_per_client(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pos.server.db import make_engine, upgrade

    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    settings = ServerSettings(
        database_url=url, files_dir=str(tmp_path / "f"), public_rate_per_minute=1, public_burst=3
    )
    app = create_app(settings, engine=engine, migrate=False)
    with TestClient(app, base_url="https://testserver") as c:
        answers = [c.get("/feed/products.csv").status_code for _ in range(3)]
        assert answers == [200, 200, 200]
        refused = c.get("/01/08931306705370")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "Traceback" not in refused.text
    engine.dispose()
    # The bucket itself: another client is not affected, and tokens come back with time.
    now = [0.0]
    limiter = RateLimiter(60, 2, clock=lambda: now[0])
    assert [limiter.allow("a")[0] for _ in range(3)] == [True, True, False]
    assert limiter.allow("b")[0]
    now[0] += 1.0
    assert limiter.allow("a")[0]
