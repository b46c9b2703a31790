"""A promotion edited at head office is pulled by the till, priced into the next sale, and the discounted sale
arrives at head office with the promotion named in its note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sync_helpers import STORE, LiveServer, register

from pos.payments.tenders import Tender
from pos.selling.checkout import SaleContext, checkout
from pos.sync.rounds import client_for, sync_round
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def _two_products(till: Terminal) -> tuple[tuple[str, str, str], tuple[str, str, str]]:
    """(sku, barcode, producer code) of two products by different producers."""
    with till.engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT p.sku, MIN(b.code), r.code FROM products p JOIN barcodes b ON b.product_id = p.id "
                "JOIN producers r ON r.id = p.producer_id WHERE p.active = 1 AND p.weighed = 0 "
                "GROUP BY p.id ORDER BY p.sku"
            )
        ).all()
    first = rows[0]
    second = next(r for r in rows if r[2] != first[2])
    return (str(first[0]), str(first[1]), str(first[2])), (str(second[0]), str(second[1]), str(second[2]))


def _put(server: LiveServer, **promo: Any) -> None:
    body = {"name_vi": f"Khuyến mãi {promo['code']}", "name_en": f"{promo['code']} offer", **promo}
    with server.admin() as admin:
        r = admin.put("/api/v1/catalogue/promotions", json=body)
        assert r.status_code == 200, r.text


def test_a_head_office_promotion_discounts_the_next_sale_and_head_office_sees_it(
    server: LiveServer, make_till: MakeTill
) -> None:
    till = make_till("T01", empty=True)
    register(till, server)
    with client_for(till.engine) as client:
        sync_round(till.engine, client)
    (sku_a, code_a, producer_a), (sku_b, code_b, _) = _two_products(till)
    today = dt.date.today()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    _put(
        server,
        code="HTX10",
        kind="percent",
        value=10,
        scope="producer",
        target=producer_a,
        store_codes=[STORE],
    )
    _put(
        server,
        code="SKU2K",
        kind="amount",
        value=2_000,
        scope="product",
        target=sku_b,
        starts_on=today.isoformat(),
    )
    _put(server, code="ELSEWHERE", kind="percent", value=50, scope="all", store_codes=["HN-01"])
    _put(server, code="OVER", kind="percent", value=60, scope="all", ends_on=yesterday)
    _put(server, code="PAUSED", kind="percent", value=70, scope="all", active=False)

    cart = till.new_cart()
    cart.add(till.catalogue.resolve(code_a), 2000)
    assert cart.totals().discount_total == 0  # not before the sync round
    with client_for(till.engine) as client:
        assert sync_round(till.engine, client).catalogue_changes >= 5

    cart = till.new_cart()  # the next sale starts with the promotions in force
    cart.add(till.catalogue.resolve(code_a), 2000)
    cart.add(till.catalogue.resolve(code_b), 3000)
    totals = cart.totals()
    gross_a, gross_b = totals.lines[0].gross, totals.lines[1].gross
    assert [p.line.applied_promotion.code for p in totals.lines] == ["HTX10", "SKU2K"]  # type: ignore[union-attr]
    assert [p.line_discount for p in totals.lines] == [(gross_a + 5) // 10, min(6_000, gross_b)]
    sale = checkout(till.engine, cart, [Tender.cash(totals.total)], SaleContext(till.code))
    assert sale.total == gross_a + gross_b - totals.discount_total

    with client_for(till.engine) as client:
        assert sync_round(till.engine, client).all_sent
    with server.engine.connect() as c:
        total, discount_total, note = c.execute(
            text("SELECT total, discount_total, note FROM sales WHERE id = :i"), {"i": sale.id}
        ).one()
        lines = c.execute(
            text("SELECT sku, line_discount, amount FROM sale_lines WHERE sale_id = :i ORDER BY line_no"),
            {"i": sale.id},
        ).all()
        c.rollback()
    assert (total, discount_total) == (sale.total, totals.discount_total)
    assert [tuple(r) for r in lines] == [
        (sku_a, totals.lines[0].line_discount, totals.lines[0].amount),
        (sku_b, totals.lines[1].line_discount, totals.lines[1].amount),
    ]
    assert note == "KM HTX10 (Khuyến mãi HTX10): dòng 1\nKM SKU2K (Khuyến mãi SKU2K): dòng 2"

    # Head office ends a promotion: the next sale after the next round no longer gets it.
    _put(server, code="HTX10", kind="percent", value=10, scope="producer", target=producer_a, active=False)
    with client_for(till.engine) as client:
        sync_round(till.engine, client)
    cart = till.new_cart()
    cart.add(till.catalogue.resolve(code_a), 2000)
    assert cart.totals().discount_total == 0


def test_head_office_is_told_when_a_promotion_could_not_apply(server: LiveServer) -> None:
    base = {"code": "X", "name_vi": "X", "kind": "percent", "value": 10, "scope": "all"}
    with server.admin() as admin:
        for bad in (
            {"value": 150},
            {"scope": "product", "target": ""},
            {"starts_on": "2026-12-02", "ends_on": "2026-12-01"},
        ):
            r = admin.put("/api/v1/catalogue/promotions", json={**base, **bad})
            assert r.status_code == 422 and r.json()["error"]["code"] == "bad_promotion", r.text
        assert admin.put("/api/v1/catalogue/promotions", json=base).status_code == 200
