"""Catalogue down: head-office changes reach the till's next scan after one round, and the delta feed never skips a
change, even one committed out of order under concurrent edits."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import text
from sync_helpers import LiveServer, register

from pos.demo.simulate import simulate
from pos.errors import UnknownCodeError
from pos.server.catalogue import patch_product
from pos.server.db import write_tx
from pos.server.schemas import ProductPatch
from pos.settings import load_settings
from pos.sync.rounds import client_for, pull_catalogue, sync_round
from pos.sync.state import stored_promotions
from pos.sync.wire import ChangesPage
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def _barcodes(till: Terminal, n: int) -> list[tuple[str, str]]:
    with till.engine.connect() as c:
        rows = c.execute(text("SELECT product_id, code FROM barcodes ORDER BY code LIMIT :n"), {"n": n}).all()
    return [(str(a), str(b)) for a, b in rows]


def _server_prices(server: LiveServer) -> dict[str, int]:
    with server.engine.connect() as c:
        return {str(i): int(p) for i, p in c.execute(text("SELECT id, price FROM products"))}


def _till_prices(till: Terminal) -> dict[str, int]:
    with till.engine.connect() as c:
        return {
            str(i): int(p)
            for i, p in c.execute(text("SELECT id, price FROM products WHERE sku NOT LIKE '%~%'"))
        }


def test_price_change_is_on_the_next_scan_after_one_round(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, server)
    with client_for(till.engine) as client:
        sync_round(till.engine, client)
    (pid, code), (other_pid, other_code) = _barcodes(till, 2)
    cart = till.new_cart()
    cart.add(till.catalogue.resolve(code), 1000)
    old = cart.totals().total
    with server.admin() as admin:
        r = admin.patch(f"/api/v1/catalogue/products/{pid}", json={"price": old + 7_000})
        assert r.status_code == 200, r.text
        # A barcode moves to another product; a new product arrives with a new producer; one is withdrawn.
        r = admin.put(
            "/api/v1/catalogue/producers",
            json=[
                {"code": "HTX-COTO", "name": "HTX Hải sản Cô Tô", "kind": "cooperative", "district": "Cô Tô"}
            ],
        )
        assert r.status_code == 200, r.text
        r = admin.put(
            "/api/v1/catalogue/products",
            json=[
                {
                    "sku": "COTO-001",
                    "name_vi": "Mực một nắng Cô Tô",
                    "name_en": "Sun-dried squid",
                    "price": 450_000,
                    "vat_class": "reduced",
                    "producer_code": "HTX-COTO",
                    "ocop_stars": 4,
                    "barcodes": ["8930000000019"],
                }
            ],
        )
        assert r.status_code == 200, r.text
        r = admin.patch(f"/api/v1/catalogue/products/{pid}", json={"barcodes": [code, other_code]})
        assert r.status_code == 200
        withdrawn = _barcodes(till, 3)[2]
        assert (
            admin.patch(f"/api/v1/catalogue/products/{withdrawn[0]}", json={"active": False}).status_code
            == 200
        )
        r = admin.put(
            "/api/v1/catalogue/vat-classes/reduced",
            json={
                "rates": [
                    {"valid_from": "2000-01-01", "rate_pct": 10},
                    {"valid_from": "2025-07-01", "rate_pct": 8},
                    {"valid_from": "2028-01-01", "rate_pct": 10},
                ]
            },
        )
        assert r.status_code == 200
        r = admin.put(
            "/api/v1/catalogue/promotions",
            json={
                "code": "TET",
                "name_vi": "Khuyến mãi Tết",
                "kind": "percent",
                "value": 10,
                "scope": "producer",
                "target": "HTX-COTO",
                "store_codes": ["QN-HL01"],
            },
        )
        assert r.status_code == 200
    assert till.catalogue.resolve(code).product.price == old  # not before the sync round
    with client_for(till.engine) as client:
        report = sync_round(till.engine, client)
    assert report.catalogue_changes >= 5
    assert till.catalogue.resolve(code).product.price == old + 7_000  # the very next scan
    assert cart.totals().total == old  # the open cart keeps its price
    assert till.catalogue.resolve(other_code).product.id == pid
    assert other_pid != pid
    new = till.catalogue.resolve("8930000000019").product
    assert new.name_vi == "Mực một nắng Cô Tô" and new.ocop_stars == 4 and new.producer_id
    assert [p.sku for p in till.catalogue.search("muc mot nang")] == ["COTO-001"]
    with pytest.raises(UnknownCodeError):
        till.catalogue.resolve(withdrawn[1])
    till.reload_vat()
    import datetime as dt

    assert till.vat.rate("reduced", dt.date(2027, 6, 1)) == 8
    assert till.vat.rate("reduced", dt.date(2028, 6, 1)) == 10
    with till.engine.connect() as c:
        promos = stored_promotions(c)
    assert [p["code"] for p in promos] == ["TET"] and promos[0]["store_codes"] == ["QN-HL01"]


def test_empty_till_pulls_catalogue_sells_and_uploads(
    server: LiveServer, tmp_path, make_till: MakeTill
) -> None:
    home = tmp_path / "fresh"
    home.mkdir()
    settings = load_settings(home)
    settings.terminal.code = "T09"
    settings.save()
    till = Terminal.open(settings)
    try:
        register(till, server)
        with client_for(till.engine) as client:
            first = sync_round(till.engine, client, page_size=37)
            assert first.catalogue_changes >= server.scalar("SELECT COUNT(*) FROM products")
            assert _till_prices(till) == _server_prices(server)
            simulate(till, 8, seed=3)
            assert sync_round(till.engine, client).all_sent
        assert server.scalar("SELECT COUNT(*) FROM sales WHERE terminal_code = 'T09'") >= 8
    finally:
        till.close()


def test_local_products_give_way_to_the_server(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, server)
    ((pid, code),) = _barcodes(till, 1)
    sku = till.catalogue.by_id(pid).sku  # type: ignore[union-attr]
    with till.engine.begin() as c:  # a till-local product holding a server SKU and a server barcode
        c.execute(text("UPDATE products SET sku = 'TMP-X' WHERE id = :i"), {"i": pid})
        c.execute(
            text(
                "INSERT INTO products (id, sku, name_vi, name_en, unit, price, cost, vat_class, weighed, favourite, "
                "active, search_text, updated_at) VALUES ('local-1', :s, 'Hàng riêng', '', 'cái', 1000, 0, 'reduced', "
                "0, 0, 1, '', '2026-01-01 00:00:00')"
            ),
            {"s": sku},
        )
        c.execute(text("UPDATE barcodes SET product_id = 'local-1' WHERE code = :c"), {"c": code})
    with client_for(till.engine) as client:
        sync_round(till.engine, client)
    assert till.catalogue.resolve(code).product.id == pid
    assert till.catalogue.by_sku(sku).id == pid  # type: ignore[union-attr]
    local = till.catalogue.by_id("local-1")
    assert local is None  # withdrawn (inactive), kept for its history
    with till.engine.connect() as c:
        assert c.execute(text("SELECT sku, active FROM products WHERE id = 'local-1'")).one() == (
            f"{sku}~local-1",
            0,
        )


def test_change_committed_out_of_order_is_not_skipped(server: LiveServer, make_till: MakeTill) -> None:
    """Transaction A logs its change first but commits after B: a pull between the two must not skip A's."""
    till = make_till("T01")
    register(till, server)
    with client_for(till.engine) as client:
        pull_catalogue(till.engine, client)
        (p1, _), (p2, _) = _barcodes(till, 2)
        before = _till_prices(till)
        conn_a = server.engine.connect().execution_options(sqlite_begin="IMMEDIATE")
        tx_a = conn_a.begin()
        patch_product(conn_a, p1, ProductPatch(price=before[p1] + 1_000))
        done_b = threading.Event()

        def edit_b() -> None:
            with write_tx(server.engine) as conn_b:
                patch_product(conn_b, p2, ProductPatch(price=before[p2] + 2_000))
            done_b.set()

        b = threading.Thread(target=edit_b)
        b.start()
        if server.db.dialect == "postgresql":
            assert done_b.wait(10)  # B committed while A is still open
        pull_catalogue(till.engine, client)
        mid = _till_prices(till)
        assert mid[p1] == before[p1]  # A is not committed
        tx_a.commit()
        conn_a.close()
        b.join(30)
        assert done_b.is_set()
        pull_catalogue(till.engine, client)
    after = _till_prices(till)
    assert after[p1] == before[p1] + 1_000
    assert after[p2] == before[p2] + 2_000
    with server.engine.connect() as c:
        seqs = dict(
            c.execute(
                text(
                    "SELECT entity_key, MAX(seq) FROM catalogue_changes WHERE entity_key IN (:a, :b) GROUP BY entity_key"
                ),
                {"a": p1, "b": p2},
            ).all()
        )
    assert seqs[p1] < seqs[p2]  # A's change was logged first, yet committed last


def test_delta_pull_under_concurrent_edits_misses_nothing(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, server)
    ids = list(_server_prices(server))
    editing = threading.Event()
    editing.set()
    errors: list[BaseException] = []

    def editor(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(15):
                with write_tx(server.engine) as conn:
                    for pid in rng.sample(ids, 3):
                        patch_product(conn, pid, ProductPatch(price=rng.randrange(10, 900) * 1000))
                    time.sleep(rng.uniform(0, 0.02))  # commits interleave out of log order
        except BaseException as exc:
            errors.append(exc)

    editors = [threading.Thread(target=editor, args=(s,)) for s in range(4)]
    pages_during = 0
    with client_for(till.engine) as client:
        fetch = client.catalogue_changes

        def counting(after: str, limit: int = 500) -> ChangesPage:
            nonlocal pages_during
            pages_during += any(t.is_alive() for t in editors)
            return fetch(after, limit)

        client.catalogue_changes = counting  # type: ignore[method-assign]
        for t in editors:
            t.start()
        while any(t.is_alive() for t in editors):
            pull_catalogue(till.engine, client, page_size=7)
        for t in editors:
            t.join()
        pull_catalogue(till.engine, client, page_size=7)
    assert not errors, errors
    assert pages_during >= 3
    assert _till_prices(till) == _server_prices(server)


def test_a_chinese_and_korean_name_set_at_head_office_reaches_the_tills_scan_and_receipt(
    server: LiveServer, make_till: MakeTill
) -> None:
    """name_zh/name_ko are catalogue fields like any other: patched through the API, synced, shown in the
    customer's language; a product without them falls back to the Vietnamese name."""
    from pos.payments.tenders import Tender
    from pos.receipts.from_sale import receipt_doc
    from pos.selling.checkout import SaleContext, checkout

    till = make_till("T01")
    register(till, server)
    with client_for(till.engine) as client:
        sync_round(till.engine, client)
    (pid, code), (_other_pid, other_code) = _barcodes(till, 2)
    with server.admin() as admin:
        r = admin.patch(
            f"/api/v1/catalogue/products/{pid}", json={"name_zh": "测试商品 甲", "name_ko": "시험 상품 갑"}
        )
        assert r.status_code == 200, r.text
        too_long = admin.patch(f"/api/v1/catalogue/products/{pid}", json={"name_zh": "长" * 201})
        assert too_long.status_code == 422
    with client_for(till.engine) as client:
        sync_round(till.engine, client)
    named, plain = till.catalogue.resolve(code).product, till.catalogue.resolve(other_code).product
    if named.id != pid:
        named, plain = plain, named
    assert (named.name("zh"), named.name("ko")) == ("测试商品 甲", "시험 상품 갑")
    assert named.name("vi") == named.name_vi and plain.name("zh") == plain.name_vi == plain.name("ko")
    cart = till.new_cart()
    cart.add(till.catalogue.resolve(code), 1000)
    cart.add(till.catalogue.resolve(other_code), 1000)
    sale = checkout(till.engine, cart, [Tender.cash(cart.totals().total)], SaleContext("T01", lang="zh"))
    doc = receipt_doc(till.engine, sale.id)
    assert doc.lang == "zh"
    names = {line.name for line in doc.lines}
    assert names == {"测试商品 甲", plain.name_vi}
    assert {line.name for line in receipt_doc(till.engine, sale.id, lang="ko").lines} == {
        "시험 상품 갑",
        plain.name_vi,
    }
