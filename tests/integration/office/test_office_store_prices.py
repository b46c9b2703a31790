"""A centre's own price in the office, on the real app (SQLite and PostgreSQL): head office sets a price for one
centre from today (the centre's row, the network price untouched) and schedules one for another centre tomorrow;
the product page lists both; the centre goes back to the network price; every change is audited. A centre manager
may read the page but not set prices."""

from __future__ import annotations

import datetime as dt
import json

from office_helpers import HOME, OTHER, Office, csrf_of
from sqlalchemy import select, text

from pos.server.models import OfficeAudit
from pos.server.office.formats import local_now


def _audits(office: Office, action: str, sku: str) -> list[dict[str, object]]:
    with office.engine.connect() as c:
        rows = c.execute(
            select(OfficeAudit.detail).where(OfficeAudit.action == action, OfficeAudit.subject == sku)
        ).all()
        c.rollback()
    return [json.loads(r[0]) for r in rows]


def test_a_centre_price_and_a_centre_schedule(office: Office) -> None:
    with office.engine.connect() as c:
        pid, sku, price = c.execute(
            text("SELECT id, sku, price FROM products ORDER BY sku LIMIT 1 OFFSET 11")
        ).one()
        home, other = (
            str(c.execute(text("SELECT id FROM stores WHERE code = :c"), {"c": code}).scalar_one())
            for code in (HOME, OTHER)
        )
        c.rollback()
    form = f"/office/catalogue/products/{sku}"
    admin = office.client("admin")
    page = admin.get(form)
    assert f'<option value="{home}">' in page.text and "Toàn mạng lưới" in page.text

    today = local_now().date()
    r = admin.post(
        f"{form}/price",
        data={"csrf": csrf_of(admin, form), "price": str(price + 4000), "valid_from": today.isoformat(),
              "store_id": home},
    )  # fmt: skip
    assert r.status_code == 303, r.text[:500]
    assert office.scalar("SELECT price FROM products WHERE id = :p", p=pid) == price  # the network's stays
    assert (
        office.scalar("SELECT price FROM store_prices WHERE store_id = :s AND product_id = :p", s=home, p=pid)
        == price + 4000
    )
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    r = admin.post(
        f"{form}/price",
        data={
            "csrf": csrf_of(admin, form),
            "price": str(price + 6000),
            "valid_from": tomorrow,
            "store_id": other,
        },
    )
    assert r.status_code == 303
    assert (
        office.scalar(
            "SELECT count(*) FROM scheduled_prices WHERE product_id = :p AND store_id = :s AND applied_at IS NULL",
            p=pid,
            s=other,
        )
        == 1
    )
    r = admin.post(
        f"{form}/price",
        data={
            "csrf": csrf_of(admin, form),
            "price": str(price + 500),
            "valid_from": tomorrow,
            "valid_time": "10:30",
        },
    )
    assert r.status_code == 303
    assert str(office.scalar(
        "SELECT valid_time FROM scheduled_prices WHERE product_id = :p AND store_id IS NULL AND applied_at IS NULL",
        p=pid,
    ))[:5] == "10:30"  # fmt: skip
    bad = admin.post(
        f"{form}/price",
        data={"csrf": csrf_of(admin, form), "price": "1000", "valid_from": tomorrow, "valid_time": "25:99"},
    )
    assert bad.status_code == 400
    page = admin.get(form)
    assert "Giá riêng của trung tâm" in page.text and "10:30" in page.text
    assert HOME in page.text and OTHER in page.text
    stores = {str(d.get("store")) for d in _audits(office, "price_schedule", str(sku))}
    assert {HOME, OTHER} <= stores

    # A centre manager reads the page but may not set a price.
    hl = office.client("hl")
    assert hl.get(form).status_code == 200
    refused = hl.post(
        f"{form}/price",
        data={"csrf": csrf_of(hl), "price": "1000", "valid_from": today.isoformat(), "store_id": home},
    )
    assert refused.status_code == 403

    # Back to the network price: the row goes, and so does anything still to come for that centre.
    r = admin.post(f"{form}/price/clear", data={"csrf": csrf_of(admin, form), "store_id": other})
    assert r.status_code == 303
    assert office.scalar("SELECT count(*) FROM scheduled_prices WHERE product_id = :p AND store_id = :s",
                         p=pid, s=other) == 0  # fmt: skip
    r = admin.post(f"{form}/price/clear", data={"csrf": csrf_of(admin, form), "store_id": home})
    assert r.status_code == 303
    assert office.scalar("SELECT count(*) FROM store_prices WHERE product_id = :p", p=pid) == 0
    assert len(_audits(office, "store_price_clear", str(sku))) == 2
    bad = admin.post(f"{form}/price/clear", data={"csrf": csrf_of(admin, form), "store_id": "nope"})
    assert bad.status_code == 404


def test_a_till_that_refused_prices_is_an_alert_on_the_network_page(office: Office) -> None:
    with office.engine.begin() as c:
        till = c.execute(
            text(
                "SELECT t.id, t.code FROM terminals t JOIN stores s ON s.id = t.store_id "
                "WHERE s.code = :s AND t.active ORDER BY t.code LIMIT 1"
            ),
            {"s": HOME},
        ).one()
        c.execute(text("UPDATE terminals SET rejected_rules = 2 WHERE id = :i"), {"i": till[0]})
    try:
        page = office.client("admin").get("/office/")
        assert "2 giá của văn phòng không áp dụng được trên máy" in page.text
    finally:
        with office.engine.begin() as c:
            c.execute(text("UPDATE terminals SET rejected_rules = 0 WHERE id = :i"), {"i": till[0]})
