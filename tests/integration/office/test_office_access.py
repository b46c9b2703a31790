"""Who sees what: sign-in and lockout, sessions and CSRF, the one permission check on every page, export and action
(a centre manager refused another store's URLs, with nothing of that store shown), and the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
from office_helpers import HOME, OTHER, PASSWORD, Office, csrf_of, period, sign_in
from openpyxl import load_workbook
from sqlalchemy import insert, select, text

from pos.server.db import write_tx
from pos.server.models import OfficeAudit, Quarantine, utcnow
from pos.server.office.formats import local_now
from pos.server.office.users import add_user

PAGES = [
    "/office/",
    "/office/reports",
    "/office/einvoices",
    "/office/shifts",
    "/office/stock",
    "/office/stock/transfers",
    "/office/settlement",
    "/office/catalogue",
    "/office/catalogue/producers",
    "/office/catalogue/promotions",
    "/office/centres",
    "/office/quarantine",
    "/office/people",
    "/office/audit",
]
GROUPS = [
    "day",
    "week",
    "month",
    "store",
    "star",
    "producer",
    "locality",
    "category",
    "product",
    "method",
    "cashier",
    "vat",
]


def _audit(office: Office, action: str) -> int:
    with office.engine.connect() as c:
        n = len(c.execute(select(OfficeAudit.id).where(OfficeAudit.action == action)).all())
        c.rollback()
    return n


def test_sign_in_lockout_and_audit(office: Office) -> None:
    with write_tx(office.engine) as conn:
        add_user(conn, f"lock-{office.dialect}", "accountant", PASSWORD)
    c = office.client()
    failed_before = _audit(office, "sign_in_bad_credentials")
    for _ in range(4):
        r = sign_in(c, f"lock-{office.dialect}", "wrong password!")
        assert r.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in r.text
    r = sign_in(c, f"lock-{office.dialect}", "wrong password!")
    assert r.status_code == 401 and "tạm khoá" in r.text
    r = sign_in(c, f"lock-{office.dialect}", PASSWORD)  # the right password, but locked
    assert r.status_code == 401 and "tạm khoá" in r.text
    assert _audit(office, "sign_in_bad_credentials") == failed_before + 4
    assert _audit(office, "sign_in_locked") >= 2
    assert c.get("/office/reports").status_code == 303  # never signed in
    # An unknown user name answers like a wrong password.
    assert "Sai tên đăng nhập" in sign_in(c, "nobody-here", "whatever!!").text


def test_session_cookie_flags_and_sign_out(office: Office) -> None:
    c = office.client()
    r = sign_in(c, "admin")
    assert r.status_code == 303
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
    assert r.headers["content-security-policy"].startswith("default-src 'self'")
    assert c.get("/office/").status_code == 200
    c.post("/office/logout", data={"csrf": csrf_of(c)})
    assert c.get("/office/").status_code == 303  # the session ended at the server, not only in the browser
    # Behind a TLS proxy (uvicorn trusts X-Forwarded-Proto from 127.0.0.1) the cookie is Secure.
    form = c.get("/office/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)  # type: ignore[union-attr]
    r = c.post(
        "/office/login",
        data={"username": "admin", "password": PASSWORD, "csrf": token},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert "Secure" in r.headers["set-cookie"]


def test_every_page_and_export_for_the_admin(office: Office) -> None:
    c = office.client("admin")
    for path in PAGES:
        r = c.get(path)
        assert r.status_code == 200, (path, r.text[:300])
        assert "<table" in r.text
    for g in GROUPS:
        for fmt in ("", "&format=csv", "&format=xlsx"):
            r = c.get(f"/office/reports?group={g}{fmt}")
            assert r.status_code == 200, (g, fmt)
    r = c.get("/office/reports?date_from=2026-13-01")
    assert r.status_code == 400 and "Ngày không hợp lệ" in r.text


def test_exports_match_the_screen_and_the_raw_sales(office: Office) -> None:
    d0, d1 = period()
    c = office.client("admin")
    q = f"date_from={d0}&date_to={d1}"
    raw = office.scalar("SELECT SUM(total) FROM sales WHERE business_date BETWEEN :a AND :b", a=d0, b=d1)
    for group in ("store", "producer", "method", "vat", "week", "cashier"):
        html = c.get(f"/office/reports?{q}&group={group}").text
        foot = re.search(r"<tfoot>(.*?)</tfoot>", html, re.S).group(1)  # type: ignore[union-attr]
        shown = [int(x.replace(".", "").replace("−", "-")) for x in re.findall(r">(−?[\d.]+)</td>", foot)]
        rows = list(
            csv.reader(
                io.StringIO(c.get(f"/office/reports?{q}&group={group}&format=csv").text.lstrip("\ufeff"))
            )
        )
        head, total = rows[0], rows[-1]
        net_col = next(i for i, h in enumerate(head) if h in ("Thuần", "Số tiền", "Tổng có thuế"))
        assert int(total[net_col]) == raw, group
        assert raw in shown, group
        wb = load_workbook(io.BytesIO(c.get(f"/office/reports?{q}&group={group}&format=xlsx").content))
        ws = wb.worksheets[0]
        last = [cell.value for cell in ws[ws.max_row]]
        assert last[net_col] == raw, group


def test_centre_manager_is_refused_another_store(office: Office) -> None:
    c = office.client("hl")
    other_name = str(office.scalar("SELECT name FROM stores WHERE code = :c", c=OTHER))
    other_shift = office.scalar(
        "SELECT e.id FROM shift_events e JOIN stores s ON s.id = e.store_id WHERE s.code = :c AND e.kind = 'close' LIMIT 1",
        c=OTHER,
    )
    other_entry = office.scalar(
        "SELECT q.id FROM quarantine q JOIN stores s ON s.id = q.store_id WHERE s.code = :c", c=OTHER
    )
    sku = office.scalar("SELECT sku FROM products ORDER BY sku LIMIT 1")
    refused = [
        f"/office/?store={OTHER}",
        f"/office/reports?store={OTHER}",
        f"/office/reports?store={OTHER}&format=csv",
        f"/office/reports?store={OTHER}&group=day&format=xlsx",
        f"/office/shifts?store={OTHER}",
        f"/office/shifts?store={OTHER}&format=csv",
        f"/office/shifts/{other_shift}",
        f"/office/stock?store={OTHER}",
        f"/office/stock?store={OTHER}&format=xlsx",
        f"/office/stock/moves?store={OTHER}&q={sku}",
        f"/office/quarantine?store={OTHER}",
        f"/office/quarantine/{other_entry}",
        f"/office/centres/{OTHER}",
        "/office/reports?store=NO-SUCH-STORE",
        "/office/settlement",
        "/office/people",
        "/office/audit",
    ]
    for path in refused:
        r = c.get(path)
        assert r.status_code == 403, (path, r.status_code)
        assert other_name not in r.text and "<table" not in r.text, path
    # Its own pages show its own store only.
    for path in (
        "/office/",
        "/office/reports",
        "/office/shifts",
        "/office/stock",
        "/office/quarantine",
        "/office/centres",
    ):
        r = c.get(path)
        assert r.status_code == 200, path
        assert OTHER not in r.text and other_name not in r.text, path
        assert HOME in r.text or path in ("/office/reports",), path
    csv_text = c.get("/office/reports?group=store&format=csv").text
    assert OTHER not in csv_text and HOME in csv_text
    # Actions on the other store are refused and change nothing.
    token = csrf_of(c)
    tills = office.scalar(
        "SELECT COUNT(*) FROM terminals t JOIN stores s ON s.id = t.store_id WHERE s.code = :c AND t.active",
        c=OTHER,
    )
    assert c.post(f"/office/centres/{OTHER}/revoke", data={"csrf": token, "till": "T01"}).status_code == 403
    assert c.post(f"/office/centres/{OTHER}/tills", data={"csrf": token, "till": "T09"}).status_code == 403
    assert (
        c.post(
            f"/office/quarantine/{other_entry}/dismiss", data={"csrf": token, "reason": "not mine"}
        ).status_code
        == 403
    )
    pid = office.scalar("SELECT id FROM products ORDER BY sku LIMIT 1")
    assert (
        c.post(
            "/office/stock/moves",
            data={"csrf": token, "store": OTHER, "product_id": pid, "kind": "receive", "qty": "5"},
        ).status_code
        == 403
    )
    assert (
        c.post(
            "/office/catalogue/promotions", data={"csrf": token, "code": "X", "name_vi": "X", "value": "5"}
        ).status_code
        == 403
    )
    assert (
        office.scalar(
            "SELECT COUNT(*) FROM terminals t JOIN stores s ON s.id = t.store_id WHERE s.code = :c AND t.active",
            c=OTHER,
        )
        == tills
    )
    assert office.scalar("SELECT status FROM quarantine WHERE id = :i", i=other_entry) == "open"


def test_accountant_reads_reports_and_settlement_only(office: Office) -> None:
    c = office.client("kt")
    for path in ("/office/reports", "/office/shifts", "/office/settlement"):
        assert c.get(path).status_code == 200, path
    for path in (
        "/office/",
        "/office/stock",
        "/office/catalogue",
        "/office/centres",
        "/office/quarantine",
        "/office/people",
    ):
        assert c.get(path).status_code == 403, path
    token = csrf_of(c, "/office/reports")
    assert c.post("/office/catalogue/import", data={"csrf": token}).status_code == 403


def test_forms_need_the_session_csrf_token(office: Office) -> None:
    c = office.client("admin")
    before = office.scalar("SELECT COUNT(*) FROM stores")
    assert c.post("/office/centres", data={"code": "QN-CSRF", "name": "x"}).status_code == 403
    assert (
        c.post("/office/centres", data={"code": "QN-CSRF", "name": "x", "csrf": "forged"}).status_code == 403
    )
    assert office.scalar("SELECT COUNT(*) FROM stores") == before
    # Another browser's sign-in form cannot be replayed: the login form's token is tied to its cookie.
    other = office.client()
    r = other.post("/office/login", data={"username": "admin", "password": PASSWORD, "csrf": "guess"})
    assert r.status_code == 400


def test_till_code_with_qr_registers_a_till_and_is_audited(office: Office) -> None:
    import httpx

    c = office.client("hl")
    before = _audit(office, "till_code")
    r = c.post(f"/office/centres/{HOME}/tills", data={"csrf": csrf_of(c), "till": f"T8{office.dialect[0]}"})
    assert r.status_code == 200, r.text[:400]
    code = re.search(r'data-code="([0-9A-Z-]+)"', r.text).group(1)  # type: ignore[union-attr]
    assert "<svg" in r.text and "OCOPPOS:REGISTER" not in r.text  # the QR is drawn, its text is not printed
    assert _audit(office, "till_code") == before + 1
    reg = httpx.post(office.base + "/api/v1/register", json={"code": code, "hostname": "test"})
    assert reg.status_code == 200 and reg.json()["store_code"] == HOME


def test_changes_are_made_and_logged(office: Office) -> None:
    """The office's forms as the province administrator: each change lands in the database and in the audit log
    (one row each); a bad one is refused with a message and changes nothing."""
    import httpx

    c = office.client("admin")
    d = office.dialect[0].upper()
    logged = {
        a: _audit(office, a) for a in ("centre_add", "till_revoke", "price_schedule", "quarantine_dismiss")
    }

    centre = f"QN-NEW{d}"
    r = c.post(
        "/office/centres",
        data={
            "csrf": csrf_of(c, "/office/centres"),
            "code": centre,
            "name": "Điểm bán thử",
            "opening_hours": "08:00-20:00",
        },
    )
    assert r.status_code == 303, r.text[:300]
    assert office.scalar("SELECT opening_hours FROM stores WHERE code = :c", c=centre) == "08:00-20:00"

    # A till of the new centre registers with its code, then is revoked: its credential is refused from then on.
    r = c.post(f"/office/centres/{centre}/tills", data={"csrf": csrf_of(c), "till": "T01"})
    code = re.search(r'data-code="([0-9A-Z-]+)"', r.text).group(1)  # type: ignore[union-attr]
    token = httpx.post(office.base + "/api/v1/register", json={"code": code, "hostname": "t"}).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    assert httpx.get(office.base + "/api/v1/sync/anchors", headers=bearer).status_code == 200
    r = c.post(f"/office/centres/{centre}/revoke", data={"csrf": csrf_of(c), "till": "T01"})
    assert r.status_code == 303
    assert httpx.get(office.base + "/api/v1/sync/anchors", headers=bearer).status_code == 401
    refused = c.post(f"/office/centres/{centre}/revoke", data={"csrf": csrf_of(c), "till": "T99"})
    assert refused.status_code == 404 and "Không có máy T99" in refused.text

    # A price for a later day waits; a price for today is the product's price at once (tills get it by sync).
    sku, price = (
        office.engine.connect().execute(text("SELECT sku, price FROM products ORDER BY sku LIMIT 1")).one()
    )
    form = f"/office/catalogue/products/{sku}"
    later = (local_now().date() + dt.timedelta(days=30)).isoformat()
    r = c.post(
        f"{form}/price", data={"csrf": csrf_of(c, form), "price": str(price + 1000), "valid_from": later}
    )
    assert r.status_code == 303
    assert office.scalar("SELECT price FROM products WHERE sku = :s", s=sku) == price
    assert (
        office.scalar(
            "SELECT count(*) FROM scheduled_prices sp JOIN products p ON p.id = sp.product_id "
            "WHERE p.sku = :s AND sp.applied_at IS NULL",
            s=sku,
        )
        == 1
    )
    today = local_now().date().isoformat()
    r = c.post(
        f"{form}/price", data={"csrf": csrf_of(c, form), "price": str(price + 500), "valid_from": today}
    )
    assert (
        r.status_code == 303
        and office.scalar("SELECT price FROM products WHERE sku = :s", s=sku) == price + 500
    )
    bad = c.post(f"{form}/price", data={"csrf": csrf_of(c, form), "price": "12x", "valid_from": today})
    assert (
        bad.status_code == 400
        and office.scalar("SELECT price FROM products WHERE sku = :s", s=sku) == price + 500
    )

    # A quarantined entry is dismissed only with a reason.
    with write_tx(office.engine) as conn:  # an entry of its own: the other tests keep theirs
        sid, tid = conn.execute(
            text(
                "SELECT t.store_id, t.id FROM terminals t JOIN stores s ON s.id = t.store_id WHERE s.code = :c"
            ),
            {"c": HOME},
        ).first()  # type: ignore[misc]
        conn.execute(
            insert(Quarantine),
            [
                {
                    "store_id": sid,
                    "terminal_id": tid,
                    "entity": "sale",
                    "entity_id": f"dismiss-{d}",
                    "code": "totals",
                    "reason_vi": "Tổng không khớp",
                    "reason_en": "Totals differ",
                    "doc": '{"type": "sale"}',
                    "first_received_at": utcnow(),
                    "last_received_at": utcnow(),
                    "times_received": 1,
                    "status": "open",
                    "resolved_note": "",
                }
            ],
        )
    entry = office.scalar("SELECT id FROM quarantine WHERE entity_id = :e", e=f"dismiss-{d}")
    page = f"/office/quarantine/{entry}"
    short = c.post(f"{page}/dismiss", data={"csrf": csrf_of(c, page), "reason": "x"})
    assert short.status_code == 400 and "Cần ghi lý do" in short.text
    assert office.scalar("SELECT status FROM quarantine WHERE id = :i", i=entry) == "open"
    r = c.post(f"{page}/dismiss", data={"csrf": csrf_of(c, page), "reason": "Bản gửi trùng, đã kiểm tra"})
    assert r.status_code == 303
    assert office.scalar("SELECT status FROM quarantine WHERE id = :i", i=entry) == "dismissed"
    assert "Bản gửi trùng" in str(
        office.scalar("SELECT resolved_note FROM quarantine WHERE id = :i", i=entry)
    )

    assert {a: _audit(office, a) - n for a, n in logged.items()} == {
        "centre_add": 1,
        "till_revoke": 1,
        "price_schedule": 2,
        "quarantine_dismiss": 1,
    }


def test_settlement_statement_pdf_and_xlsx(office: Office) -> None:
    c = office.client("kt")
    producer = office.scalar(
        "SELECT r.code FROM producers r JOIN products p ON p.producer_id = r.id JOIN consignment_terms t ON t.product_id = p.id "
        "JOIN rollup_lines l ON l.product_id = p.id ORDER BY r.code LIMIT 1"
    )
    d1 = period()[1]
    month = f"{d1:%Y-%m}"
    page = c.get(f"/office/settlement?month={month}")
    assert page.status_code == 200 and str(producer) in page.text
    pdf = c.get(f"/office/settlement/{producer}?month={month}&format=pdf")
    assert (
        pdf.status_code == 200
        and pdf.content.startswith(b"%PDF")
        and pdf.headers["content-type"] == "application/pdf"
    )
    wb = load_workbook(io.BytesIO(c.get(f"/office/settlement/{producer}?month={month}&format=xlsx").content))
    ws = wb.worksheets[0]
    due = [cell.value for cell in ws[ws.max_row]][-1]
    html = c.get(f"/office/settlement?month={month}&format=csv").text
    row = next(r for r in csv.reader(io.StringIO(html.lstrip("\ufeff"))) if r and r[0] == producer)
    assert int(row[-1]) == due


def test_a_shift_shows_its_z_report(office: Office) -> None:
    """The close event's Z figures as the till sent them: takings by method and VAT by rate add up to the shift's
    net total, and the events are named, not coded."""
    eid = office.scalar("SELECT id FROM shift_events WHERE kind = 'close' ORDER BY at DESC, id LIMIT 1")
    data = json.loads(str(office.scalar("SELECT data FROM shift_events WHERE id = :i", i=eid)))
    c = office.client("kt")
    page = c.get(f"/office/shifts/{eid}")
    assert page.status_code == 200
    assert "Thu theo phương thức" in page.text and "Thuế GTGT theo thuế suất" in page.text
    assert "Kết ca" in page.text and ">close<" not in page.text
    wb = load_workbook(io.BytesIO(c.get(f"/office/shifts/{eid}?format=xlsx").content))
    assert len(wb.worksheets) == 3
    methods, vat = wb.worksheets[0], wb.worksheets[1]
    assert [cell.value for cell in methods[methods.max_row]][-1] == data["net_total"]
    assert [cell.value for cell in vat[vat.max_row]][1] == data["net_total"]
    csv_rows = list(csv.reader(io.StringIO(c.get(f"/office/shifts/{eid}?format=csv").text.lstrip("\ufeff"))))
    assert len(csv_rows) >= 3  # the events: a heading, the opening and the close


@pytest.mark.parametrize("path", ["/office/reports?format=csv", "/office/people"])
def test_signed_out_gets_the_sign_in_page(office: Office, path: str) -> None:
    r = office.client().get(path)
    assert r.status_code == 303 and r.headers["location"].startswith("/office/login?next=")


def test_near_expiry_lots_first_expiring_first_out(office: Office) -> None:
    """Stock is assigned to a product's lots from the latest expiry backwards: of 12 on hand (19 received, 7
    written off), 5 are the lot that keeps longest, 7 the lot expiring in 10 days, none the lot that expired."""
    import datetime as dt

    from pos.server import rollups
    from pos.server.catalogue import upsert_products
    from pos.server.models import Store, utcnow
    from pos.server.office.formats import local_now
    from pos.server.schemas import ProductIn

    today = local_now().date()
    sku = f"EXP-{office.dialect}"
    with write_tx(office.engine) as conn:
        (pid,), _ = upsert_products(conn, [ProductIn(sku=sku, name_vi="Chả mực thử", price=100_000)])
        sid = conn.execute(select(Store.id).where(Store.code == HOME)).scalar_one()
        moves = []
        for n, (qty, days, batch) in enumerate(
            ((4000, -5, "C"), (10_000, 10, "A"), (5000, 60, "B"), (-7000, None, None))
        ):
            moves.append(
                {
                    "id": f"exp-{office.dialect}-{n}",
                    "store_id": sid,
                    "terminal_id": None,
                    "product_id": pid,
                    "qty_milli": qty,
                    "kind": "receive" if qty > 0 else "waste",
                    "reason": "",
                    "batch": batch,
                    "expiry": today + dt.timedelta(days=days) if days is not None else None,
                    "unit_cost": 0,
                    "staff_id": None,
                    "created_at": utcnow(),
                    "received_at": utcnow(),
                }
            )
        from pos.server.models import StockMove

        conn.execute(StockMove.__table__.insert(), moves)
        rollups.add_stock(conn, moves)
    text_ = office.client("admin").get(f"/office/stock?view=expiry&store={HOME}&format=csv").text
    mine = [r for r in csv.reader(io.StringIO(text_.lstrip("\ufeff"))) if len(r) > 1 and r[1] == sku]
    assert [(r[3], r[5]) for r in mine] == [("A", "7")], mine


def test_catalogue_export_imports_back_unchanged(office: Office) -> None:
    """The product list exports in the import's columns: importing the export changes nothing."""
    c = office.client("admin")
    cols = (
        "sku, name_vi, name_en, unit, price, cost, vat_class, category_code, producer_id, ocop_stars, active"
    )

    def products() -> list[tuple[object, ...]]:
        with office.engine.connect() as conn:
            rows = conn.execute(text(f"SELECT {cols} FROM products ORDER BY sku")).all()
            codes = conn.execute(
                text("SELECT product_id, code FROM barcodes ORDER BY product_id, code")
            ).all()
            conn.rollback()
        return [tuple(r) for r in rows] + [tuple(r) for r in codes]

    before = products()
    data = c.get("/office/catalogue?format=csv").content
    r = c.post(
        "/office/catalogue/import",
        data={"csrf": csrf_of(c, "/office/catalogue")},
        files={"file": ("catalogue.csv", data, "text/csv")},
    )
    assert r.status_code == 303, r.text[:500]
    assert products() == before
    assert _audit(office, "catalogue_import") >= 1
