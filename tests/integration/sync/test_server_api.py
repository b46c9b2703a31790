"""The server's API on both databases: authentication, one store's data per terminal, quarantine, bounded and
malformed requests (4xx with reasons, never 5xx), stock, reports, catalogue import, OpenAPI, migrations."""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Callable, Iterator

import httpx
import pytest
from openpyxl import Workbook
from sqlalchemy import text
from sync_helpers import LiveServer, ServerDb, outbox_size, register

from pos.db import write_tx
from pos.ids import new_id
from pos.server.db import make_engine
from pos.server.provisioning import add_store, add_terminal, revoke_terminal
from pos.sync import outbox
from pos.sync.errors import RejectedError
from pos.sync.registration import register_terminal
from pos.sync.rounds import client_for, sync_round
from pos.sync.state import load_registration
from pos.till.terminal import Terminal

MakeTill = Callable[..., Terminal]


def _token(till: Terminal) -> str:
    reg = load_registration(till.engine)
    assert reg is not None
    return reg.token


def _client(server: LiveServer, token: str) -> httpx.Client:
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def _upload(server: LiveServer, token: str, entries: list[dict[str, object]]) -> httpx.Response:
    body = {"sent_at": "2026-11-29T10:00:00", "entries": entries}
    with _client(server, token) as c:
        return c.post("/api/v1/sync/upload", json=body)


def _first_payload(till: Terminal) -> tuple[str, dict[str, object]]:
    with till.engine.connect() as c:
        entity_id, payload = c.execute(
            text("SELECT entity_id, payload FROM outbox ORDER BY id LIMIT 1")
        ).one()
    return str(entity_id), json.loads(payload)


def test_openapi_is_published(server: LiveServer) -> None:
    docs = httpx.get(server.url + "/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    spec = httpx.get(server.url + "/openapi.json").json()
    for path in (
        "/api/v1/register",
        "/api/v1/sync/upload",
        "/api/v1/sync/catalogue",
        "/api/v1/reports/sales",
        "/api/v1/quarantine",
        "/api/v1/catalogue/import",
        "/api/v1/stores/{store_code}/stock",
    ):
        assert path in spec["paths"], path
    assert "UploadBatch" in json.dumps(spec)


def test_authentication_and_one_time_codes(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    code = server.provision("T01")
    register_terminal(till.settings, till.engine, server.url, code)
    token = _token(till)
    other = make_till("T01")
    with pytest.raises(RejectedError) as used:  # a code works once: for one till (test_sync_one_shot.py)
        register_terminal(other.settings, other.engine, server.url, code)
    assert used.value.status == 403 and used.value.code == "bad_code"
    with httpx.Client(base_url=server.url) as anon:
        assert anon.post("/api/v1/sync/upload", content=b"{}").status_code == 401
        assert anon.get("/api/v1/sync/catalogue", headers={"Authorization": "Bearer nope"}).status_code == 401
        assert anon.get("/api/v1/stores", headers={"Authorization": "Basic abc"}).status_code == 401
    with _client(server, token) as as_till:
        r = as_till.get("/api/v1/reports/sales")
        assert r.status_code == 401 and r.json()["error"]["message_vi"]
    with server.admin() as admin:
        assert admin.post("/api/v1/sync/upload", content=b"{}").status_code == 401
        assert admin.get("/api/v1/stores").status_code == 200
    assert revoke_terminal(server.engine, "QN-HL01", "T01")
    with _client(server, token) as revoked:
        assert revoked.get("/api/v1/sync/catalogue").status_code == 401


def test_a_terminal_writes_only_its_own_stores_data(server: LiveServer, make_till: MakeTill) -> None:
    t1, t2 = make_till("T01"), make_till("T02")
    add_store(server.engine, "QN-CP01", "Điểm bán OCOP Cẩm Phả", district="Cẩm Phả")
    register(t1, server)
    register_terminal(t2.settings, t2.engine, server.url, add_terminal(server.engine, "QN-CP01", "T02").code)
    held_id, doc = _first_payload(t1)  # uploaded by T01; then T02 forges a sale as T01 and reuses this id
    with client_for(t1.engine) as c:
        assert sync_round(t1.engine, c).all_sent
    forged = json.loads(json.dumps(doc))
    forged_id = new_id()
    forged["sale"]["id"] = forged_id  # type: ignore[index]
    _, t2_doc = _first_payload(t2)
    stolen = json.loads(json.dumps(t2_doc))
    stolen["sale"]["id"] = held_id  # type: ignore[index]
    r = _upload(
        server,
        _token(t2),
        [
            {"id": forged_id, "entity": "sale", "doc": forged},
            {"id": held_id, "entity": "sale", "doc": stolen},
        ],
    )
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["held"] == []
    reasons = {q["id"]: q["code"] for q in answer["quarantined"]}
    assert reasons == {forged_id: "wrong_terminal", held_id: "id_taken"}
    assert (
        server.scalar(
            "SELECT COUNT(*) FROM sales s JOIN stores st ON st.id = s.store_id WHERE st.code = 'QN-CP01'"
        )
        == 0
    )
    assert server.scalar("SELECT terminal_code FROM sales WHERE id = :i", i=held_id) == "T01"


def test_bad_entries_are_quarantined_and_the_rest_goes_through(
    server: LiveServer, make_till: MakeTill
) -> None:
    till = make_till("T01")
    register(till, server)
    queued = outbox_size(till.engine)
    with till.engine.connect() as c:
        tampered_id, payload = c.execute(
            text("SELECT entity_id, payload FROM outbox ORDER BY id LIMIT 1 OFFSET 5")
        ).one()
        product_id = c.execute(text("SELECT id FROM products LIMIT 1")).scalar_one()
    doc = json.loads(payload)
    doc["sale"]["total"] += 1000  # the lines no longer add up
    move_id, event_id, damaged_id, odd_id = new_id(), new_id(), new_id(), new_id()
    with write_tx(till.engine) as c:
        c.execute(
            text("UPDATE outbox SET payload = :p WHERE entity_id = :i"),
            {"p": json.dumps(doc), "i": tampered_id},
        )
        rows = [
            (
                "stock_move",
                move_id,
                {
                    "type": "stock_move",
                    "move": {
                        "id": move_id,
                        "product_id": product_id,
                        "qty_milli": 24000,
                        "kind": "receive",
                        "reason": "nhập hàng",
                        "created_at": "2026-11-29 08:00:00",
                    },
                },
            ),
            (
                "shift_event",
                event_id,
                {
                    "type": "shift_event",
                    "event": {
                        "id": event_id,
                        "shift_id": "s-1",
                        "kind": "close_override",
                        "at": "2026-11-29 22:00:00",
                        "staff_id": "m-1",
                        "data": {"unsent": 3, "reason": "mất mạng"},
                    },
                },
            ),
            ("sale", odd_id, {"type": "sale", "sale": {"id": odd_id}}),
        ]
        for entity, eid, d in rows:
            c.execute(
                text(
                    "INSERT INTO outbox (entity, entity_id, payload, created_at, attempts, last_error) "
                    "VALUES (:e, :i, :p, '2026-11-29 08:00:00', 0, '')"
                ),
                {"e": entity, "i": eid, "p": json.dumps(d, ensure_ascii=False)},
            )
        c.execute(
            text(
                "INSERT INTO outbox (entity, entity_id, payload, created_at, attempts, last_error) "
                "VALUES ('sale', :i, '{\"type\": \"sale\", broken', '2026-11-29 08:00:00', 0, '')"
            ),
            {"i": damaged_id},
        )
    with client_for(till.engine) as client:
        report = sync_round(till.engine, client)
    bad = {tampered_id, damaged_id, odd_id}
    assert {q.id for q in report.upload.quarantined} == bad
    assert report.upload.held == queued - 1 + 2
    assert outbox.counts(till.engine) == outbox.OutboxCounts(3, 3)
    assert server.scalar("SELECT COUNT(*) FROM sales") == queued - 1
    # Head office sees them, with reasons; the stock and shift events are stored.
    with server.admin() as admin:
        listed = admin.get("/api/v1/quarantine").json()
        assert {q["entity_id"] for q in listed} == bad
        codes = {q["entity_id"]: q["code"] for q in listed}
        assert codes[tampered_id] == "lines_total" and codes[odd_id] == "invalid"
        assert all(q["reason_vi"] and q["reason_en"] for q in listed)
        stock = {r["product_id"]: r["qty_milli"] for r in admin.get("/api/v1/stores/QN-HL01/stock").json()}
        sold = (
            till.engine.connect()
            .execute(
                text(
                    "SELECT COALESCE(SUM(qty_milli), 0) FROM sale_lines l JOIN sales s ON s.id = l.sale_id "
                    "WHERE l.product_id = :p AND s.id != :t"
                ),
                {"p": product_id, "t": tampered_id},
            )
            .scalar_one()
        )
        assert stock.get(product_id, 0) == 24000 - sold
        assert server.scalar("SELECT data FROM shift_events WHERE id = :i", i=event_id) == json.dumps(
            {"reason": "mất mạng", "unsent": 3}, ensure_ascii=True, sort_keys=True
        )
        # Sending them again changes nothing; dismissing them lets the till forget them.
        with client_for(till.engine) as client:
            again = sync_round(till.engine, client)
        assert {q.id for q in again.upload.quarantined} == bad
        assert server.scalar("SELECT MAX(times_received) FROM quarantine") == 2
        for q in listed:
            assert (
                admin.post(f"/api/v1/quarantine/{q['id']}/dismiss", json={"note": "đã xử lý"}).status_code
                == 200
            )
        assert admin.get("/api/v1/quarantine").json() == []
    with client_for(till.engine) as client:
        final = sync_round(till.engine, client)
    assert final.all_sent and outbox_size(till.engine) == 0
    assert server.scalar("SELECT COUNT(*) FROM sales") == queued - 1


def test_rows_the_database_refuses_are_quarantined_one_by_one(
    server: LiveServer, make_till: MakeTill
) -> None:
    """A till restored from an old backup reuses receipt numbers; a line id collides: only those two are held back."""
    till = make_till("T01")
    register(till, server)
    with till.engine.connect() as c:
        docs = [
            (str(i), json.loads(p))
            for i, p in c.execute(text("SELECT entity_id, payload FROM outbox ORDER BY id"))
        ]
    first, second = docs[0][1], docs[1][1]
    with client_for(till.engine) as client:
        assert sync_round(till.engine, client).all_sent
    reused = json.loads(json.dumps(second))
    reused["sale"]["id"] = new_id()
    for line in reused["lines"]:
        line["id"] = new_id()
    for pay in reused["payments"]:
        pay["id"] = new_id()
    colliding = json.loads(json.dumps(first))
    colliding["sale"]["id"] = new_id()
    colliding["sale"]["receipt_no"] = 90_001
    for pay in colliding["payments"]:
        pay["id"] = new_id()  # its lines keep the ids of the first sale's lines
    fine = json.loads(json.dumps(first))
    fine["sale"]["id"] = new_id()
    fine["sale"]["receipt_no"] = 90_002
    for part in ("lines", "payments"):
        for row in fine[part]:
            row["id"] = new_id()
    entries = [{"id": d["sale"]["id"], "entity": "sale", "doc": d} for d in (reused, colliding, fine)]
    r = _upload(server, _token(till), entries)
    assert r.status_code == 200, r.text
    answer = r.json()
    assert answer["held"] == [fine["sale"]["id"]]
    codes = {q["id"]: q["code"] for q in answer["quarantined"]}
    assert codes == {reused["sale"]["id"]: "receipt_reused", colliding["sale"]["id"]: "db_rejected"}
    assert server.scalar("SELECT COUNT(*) FROM sale_lines WHERE sale_id = :i", i=fine["sale"]["id"]) == len(
        fine["lines"]
    )
    assert server.scalar("SELECT COUNT(*) FROM sales WHERE id = :i", i=colliding["sale"]["id"]) == 0


@pytest.fixture
def small_server(server_db: ServerDb) -> Iterator[LiveServer]:
    live = LiveServer(server_db, max_body_bytes=64 * 1024, max_inflated_bytes=256 * 1024).start()
    yield live
    live.stop()


def test_request_sizes_are_bounded(small_server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, small_server)
    token = _token(till)
    big = b'{"sent_at": "2026-11-29T10:00:00", "entries": [' + b" " * (70 * 1024) + b"]}"
    with _client(small_server, token) as c:
        r = c.post("/api/v1/sync/upload", content=big, headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"

        def stream() -> Iterator[bytes]:  # no Content-Length: cut off while streaming
            yield b'{"sent_at": "2026-11-29T10:00:00", "entries": ['
            for _ in range(40):
                yield b" " * 4096
            yield b"]}"

        r = c.post("/api/v1/sync/upload", content=stream(), headers={"Content-Type": "application/json"})
        assert r.status_code == 413
        bomb = gzip.compress(b'{"sent_at": "2026-11-29T10:00:00", "entries": [' + b" " * (2 << 20) + b"]}")
        assert len(bomb) < 64 * 1024
        r = c.post(
            "/api/v1/sync/upload",
            content=bomb,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
        assert r.status_code == 413
    # The till copes: smaller batches get through.
    with client_for(till.engine) as client:
        report = sync_round(till.engine, client, batch_size=200)
    assert report.all_sent


MALFORMED: list[tuple[str, str, dict[str, object]]] = [
    ("POST", "/api/v1/sync/upload", {"content": b"\xff\xfe\x00garbage"}),
    ("POST", "/api/v1/sync/upload", {"content": b"[" * 50000 + b"]" * 50000}),
    ("POST", "/api/v1/sync/upload", {"content": b'{"sent_at": "yesterday", "entries": []}'}),
    ("POST", "/api/v1/sync/upload", {"content": b'{"sent_at": "2026-11-29T10:00:00", "entries": {"a": 1}}'}),
    ("POST", "/api/v1/sync/upload", {"content": b"not gzip", "headers": {"Content-Encoding": "gzip"}}),
    ("POST", "/api/v1/sync/upload", {"content": b"{}", "headers": {"Content-Encoding": "br"}}),
    (
        "POST",
        "/api/v1/sync/upload",
        {
            "content": b'{"sent_at": "2026-11-29T10:00:00", "entries": [{"id": "a\\u0000b",'
            b' "entity": "sale", "doc": {}}]}'
        },
    ),
    ("GET", "/api/v1/sync/catalogue", {"params": {"after": "x" * 500}}),
    ("GET", "/api/v1/sync/catalogue", {"params": {"after": "a.b.c", "limit": "-5"}}),
    ("POST", "/api/v1/register", {"content": b'{"code": 12}'}),
    ("POST", "/api/v1/register", {"content": b'{"code": "\\u0000\\u0000"}'}),
    ("GET", "/api/v1/reports/sales", {"params": {"group": "planet"}}),
    ("GET", "/api/v1/reports/sales", {"params": {"date_from": "29/11/2026"}}),
    ("GET", "/api/v1/reports/sales", {"params": {"store": "a\x00b"}}),
    ("GET", "/api/v1/sales/%00%00", {}),
    ("GET", "/api/v1/sales/" + "9" * 40, {}),
    ("GET", "/api/v1/catalogue/products/%F0%9F%98%80", {}),
    ("PATCH", "/api/v1/catalogue/products/nope", {"json": {"price": "cheap"}}),
    ("PATCH", "/api/v1/catalogue/products/nope", {"json": {"price": 10**30}}),
    ("PATCH", "/api/v1/catalogue/products/nope", {"json": {"price": 5}}),
    ("PUT", "/api/v1/catalogue/products", {"json": [{"sku": "A\x00", "name_vi": "x", "price": 1}]}),
    (
        "PUT",
        "/api/v1/catalogue/products",
        {"json": [{"sku": "A", "name_vi": "x", "price": 1, "barcodes": ["8930000000011"]}]},
    ),
    (
        "PUT",
        "/api/v1/catalogue/products",
        {"json": [{"sku": "A", "name_vi": "x", "price": 1, "vat_class": "vat99"}]},
    ),
    (
        "PUT",
        "/api/v1/catalogue/products",
        {"json": [{"sku": "A", "name_vi": "x", "price": 1, "producer_code": "?"}]},
    ),
    ("PUT", "/api/v1/catalogue/products", {"json": []}),
    ("PUT", "/api/v1/catalogue/producers", {"json": [{"code": "P", "name": "n", "kind": "alien"}]}),
    (
        "PUT",
        "/api/v1/catalogue/vat-classes/x%00",
        {"json": {"rates": [{"valid_from": "2026-01-01", "rate_pct": 8}]}},
    ),
    (
        "PUT",
        "/api/v1/catalogue/vat-classes/new",
        {"json": {"rates": [{"valid_from": "2026-01-01", "rate_pct": 7}]}},
    ),
    ("POST", "/api/v1/catalogue/import", {"content": b"\x00\x01\x02"}),
    ("POST", "/api/v1/catalogue/import", {"content": b"PK\x03\x04broken zip"}),
    ("POST", "/api/v1/catalogue/import", {"content": b"sku,name_vi\nA,B\n"}),
    ("POST", "/api/v1/catalogue/import", {"content": b"sku,name_vi,price\nA,B,lots\nA,B,5\n"}),
    ("POST", "/api/v1/stores", {"json": {"code": "", "name": "x"}}),
    ("POST", "/api/v1/stores/NOPE/terminals", {"json": {"code": "T1"}}),
    ("POST", "/api/v1/stores/QN-HL01/terminals", {"json": {"code": "T" * 30}}),
    (
        "POST",
        "/api/v1/stores/QN-HL01/stock-moves",
        {"json": [{"product_id": "p", "qty_milli": 1.5, "kind": "receive"}]},
    ),
    ("GET", "/api/v1/stores/%00/stock", {}),
    ("POST", "/api/v1/quarantine/99999999999999999999/dismiss", {"json": {}}),
    ("POST", "/api/v1/quarantine/-1/dismiss", {"json": {}}),
    ("POST", "/api/v1/quarantine/5/dismiss", {"content": b"{"}),
    ("DELETE", "/api/v1/stores", {}),
    ("GET", "/api/v1/quarantine", {"params": {"limit": "many"}}),
]


def test_malformed_input_gets_4xx_with_a_reason_never_5xx(server: LiveServer, make_till: MakeTill) -> None:
    till = make_till("T01")
    register(till, server)
    till_token = _token(till)
    for method, path, kwargs in MALFORMED:
        token = till_token if "/sync/" in path else server.admin_token
        with _client(server, token) as c:
            r = c.request(method, path, **kwargs)  # type: ignore[arg-type]
        assert 400 <= r.status_code < 500, (method, path, r.status_code, r.text[:300])
        err = r.json()["error"]
        assert err["code"] and err["message_vi"] and err["message_en"], (path, err)
    assert httpx.get(server.url + "/healthz").json()["ok"]
    with _client(server, till_token) as c:  # a cursor from another server's database: everything again
        page = c.get(
            "/api/v1/sync/catalogue", params={"after": "zz.99999999999999999999999.1", "limit": 5}
        ).json()
    assert page["reset"] and page["more"] and len(page["products"]) <= 5


def _report(server: LiveServer, **params: str) -> list[dict[str, object]]:
    with server.admin() as admin:
        r = admin.get("/api/v1/reports/sales", params=params)
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]


def test_reports_add_up_to_the_dong_in_json_and_csv(server: LiveServer, make_till: MakeTill) -> None:
    t1, t2 = make_till("T01"), make_till("T02")
    add_store(server.engine, "QN-CP01", "Điểm bán OCOP Cẩm Phả", district="Cẩm Phả")
    register(t1, server)
    register_terminal(t2.settings, t2.engine, server.url, add_terminal(server.engine, "QN-CP01", "T02").code)
    for t in (t1, t2):
        with client_for(t.engine) as c:
            assert sync_round(t.engine, c).all_sent
    totals = [
        int(t.engine.connect().execute(text("SELECT SUM(total) FROM sales")).scalar_one()) for t in (t1, t2)
    ]
    revenue = sum(totals)
    for group in ("store", "product", "producer", "ocop_star", "locality", "day"):
        rows = _report(server, group=group)
        assert sum(int(r["amount"]) for r in rows) == revenue, group  # type: ignore[call-overload]
        assert all(r["label"] for r in rows), group
    by_store = {r["key"]: r for r in _report(server, group="store")}
    assert by_store["QN-HL01"]["amount"] == totals[0] and by_store["QN-CP01"]["amount"] == totals[1]
    assert (
        by_store["QN-CP01"]["receipts"]
        == t2.engine.connect().execute(text("SELECT COUNT(*) FROM sales")).scalar()
    )
    stars = {r["key"] for r in _report(server, group="ocop_star")}
    assert stars <= {"0", "3", "4", "5"} and len(stars) > 1
    localities = _report(server, group="locality")
    assert len(localities) > 3 and all("," in str(r["label"]) or r["key"] == "" for r in localities)
    assert sum(int(r["amount"]) for r in _report(server, group="product", store="QN-CP01")) == totals[1]  # type: ignore[call-overload]
    assert _report(server, group="day", date_from="2000-01-01", date_to="2000-01-02") == []
    with server.admin() as admin:
        r = admin.get("/api/v1/reports/sales", params={"group": "producer", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert sum(int(row["amount_vnd"]) for row in rows) == revenue
    assert any("HTX" in row["label"] for row in rows)


def test_catalogue_import_csv_and_xlsx(server: LiveServer) -> None:
    csv_body = (
        "sku;name_vi;name_en;price;vat_class;category;category_name;producer_code;producer_name;producer_district;"
        "ocop_stars;ocop_rated_on;barcodes\n"
        'CT-01;Chả mực Hạ Long;Squid cake;"185.000";reduced;food;Thực phẩm;HTX-HL;HTX Chả mực Hạ Long;Hạ Long;'
        "4;24/12/2024;8930000000026\n"
        "CT-02;Nước mắm Cái Rồng;Fish sauce;95000;reduced;food;;HTX-VD;HTX Vân Đồn;Vân Đồn;5;2023-05-01;\n"
    ).encode("utf-8-sig")
    with server.admin() as admin:
        r = admin.post("/api/v1/catalogue/import", content=csv_body, headers={"Content-Type": "text/csv"})
        assert r.status_code == 200, r.text
        assert r.json() == {
            "rows": 2,
            "products_created": 2,
            "products_updated": 0,
            "producers_created": 2,
            "categories_created": 1,
        }
        wb = Workbook()
        ws = wb.active
        ws.append(["SKU", "Name VI", "price", "barcodes", "weighed", "plu", "active"])
        ws.append(["CT-01", "Chả mực Hạ Long (mới)", 190000, "8930000000026", "no", None, "yes"])
        ws.append(["CT-03", "Hàu Vân Đồn", 120000.0, "", "có", 123, None])
        buf = io.BytesIO()
        wb.save(buf)
        r = admin.post(
            "/api/v1/catalogue/import",
            content=buf.getvalue(),
            headers={"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["products_created"] == 1 and r.json()["products_updated"] == 1
        bad = "sku,name_vi,price,ocop_stars\nX-1,Một,1000,9\nX-2,Hai,nhiều,\n".encode()
        r = admin.post("/api/v1/catalogue/import", content=bad)
        assert r.status_code == 422
        rows = {d["row"] for d in r.json()["error"]["details"]}
        assert rows == {2, 3}
    assert server.scalar("SELECT COUNT(*) FROM products WHERE sku LIKE 'X-%'") == 0  # all or nothing
    assert server.scalar("SELECT price FROM products WHERE sku = 'CT-01'") == 190000
    assert server.scalar("SELECT weighed FROM products WHERE sku = 'CT-03'") in (True, 1)
    assert str(server.scalar("SELECT ocop_expires_on FROM products WHERE sku = 'CT-01'")) == "2027-12-23"


def test_migrations_match_the_models(server_db: ServerDb) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from pos.server.db import SERVER_HEAD, current_revision, upgrade
    from pos.server.models import ServerBase

    engine = make_engine(server_db.url)
    try:
        upgrade(engine)
        assert current_revision(engine) == SERVER_HEAD
        with engine.connect() as conn:
            diff = compare_metadata(
                MigrationContext.configure(conn, opts={"compare_type": True}), ServerBase.metadata
            )
        assert diff == []
    finally:
        engine.dispose()
