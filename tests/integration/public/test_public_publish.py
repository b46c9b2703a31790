"""Head office publishes and withdraws products and names producers' sites (``ocop-pos server publish`` /
``producer-site``); the public page and the feed follow at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pos.cli import main
from pos.demo.network import SeedPlan, seed_network
from pos.digital_link import gtin14
from pos.server.app import create_app
from pos.server.db import make_engine, upgrade
from pos.server.settings import ServerSettings


def test_publish_withdraw_and_producer_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    seed_network(engine, SeedPlan(stores=2, tills=2, days=3, seed=3, sales_per_till_day=2))
    with engine.connect() as conn:
        sku, code, producer = conn.exec_driver_sql(
            "SELECT p.sku, MIN(b.code), r.code FROM products p JOIN barcodes b ON b.product_id = p.id "
            "JOIN producers r ON r.id = p.producer_id WHERE length(b.code) = 13 GROUP BY p.sku, r.code "
            "ORDER BY p.sku LIMIT 1"
        ).one()
    gtin = gtin14(code)
    app = create_app(
        ServerSettings(database_url=url, files_dir=str(tmp_path / "f")), engine=engine, migrate=False
    )
    with TestClient(app, base_url="https://testserver") as c:
        assert c.get(f"/01/{gtin}").status_code == 200
        assert main(["server", "--database-url", url, "publish", "--withdraw", sku]) == 0
        assert c.get(f"/01/{gtin}").status_code == 404
        assert gtin not in c.get("/feed/products.csv").text
        assert (
            main(
                [
                    "server",
                    "--database-url",
                    url,
                    "publish",
                    sku,
                    "--description-en",
                    "Pearls <b>&</b> silver",
                ]
            )
            == 0
        )
        page = c.get(f"/01/{gtin}?lang=en").text
        assert "Pearls &lt;b&gt;&amp;&lt;/b&gt; silver" in page
        assert gtin in c.get("/feed/products.csv").text
        assert (
            main(["server", "--database-url", url, "producer-site", producer, "https://ngoctrai.example.vn"])
            == 0
        )
        r = c.get(f"/01/{gtin}?linkType=gs1:brandHomepageClient", follow_redirects=False)
        assert r.headers["location"] == "https://ngoctrai.example.vn"
        assert main(["server", "--database-url", url, "producer-site", producer, "javascript:alert(1)"]) == 1
        assert main(["server", "--database-url", url, "publish", "NO-SUCH-SKU"]) == 1
        assert main(["server", "--database-url", url, "publish"]) == 2
    capsys.readouterr()
    engine.dispose()


def test_the_office_publishes_and_withdraws_a_product_page(tmp_path: Path) -> None:
    import re

    from pos.server.db import write_tx
    from pos.server.office.users import add_user

    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    seed_network(engine, SeedPlan(stores=2, tills=2, days=3, seed=4, sales_per_till_day=2))
    with write_tx(engine) as conn:
        add_user(conn, "admin", "admin", "correct horse battery", name="ADMIN")
    with engine.connect() as conn:
        sku, code = conn.exec_driver_sql(
            "SELECT p.sku, MIN(b.code) FROM products p JOIN barcodes b ON b.product_id = p.id "
            "WHERE length(b.code) = 13 GROUP BY p.sku ORDER BY p.sku LIMIT 1"
        ).one()
    gtin = gtin14(code)
    app = create_app(
        ServerSettings(database_url=url, files_dir=str(tmp_path / "f")), engine=engine, migrate=False
    )
    with TestClient(app, base_url="https://testserver") as c:
        form = c.get("/office/login").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form)
        assert csrf
        c.post(
            "/office/login",
            data={
                "username": "admin",
                "password": "correct horse battery",
                "csrf": csrf.group(1),
                "next": "/office/",
            },
        )
        page = c.get(f"/office/catalogue/products/{sku}").text
        assert f'href="/01/{gtin}"' in page and 'name="published" value="1" checked' in page
        token = re.search(r'name="csrf" value="([^"]+)"', page)
        assert token
        r = c.post(
            f"/office/catalogue/products/{sku}/public",
            data={"csrf": token.group(1), "description_vi": "Mô tả mới", "description_en": ""},
            follow_redirects=False,
        )
        assert r.status_code in (302, 303)
        assert c.get(f"/01/{gtin}").status_code == 404
        r = c.post(
            f"/office/catalogue/products/{sku}/public",
            data={"csrf": token.group(1), "published": "1", "description_vi": "Mô tả <mới>"},
            follow_redirects=False,
        )
        assert r.status_code in (302, 303)
        assert "Mô tả &lt;mới&gt;" in c.get(f"/01/{gtin}?lang=vi").text
    with engine.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT COUNT(*) FROM office_audit WHERE action = 'public_page'").scalar()
            == 2
        )
    engine.dispose()
