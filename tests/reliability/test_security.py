"""Nothing let in: bad credentials are refused everywhere and change nothing, SQL-injection strings are only
text, and the audit log cannot be edited from the app.

The server runs for real (uvicorn on 127.0.0.1) on an SQLite server database and on PostgreSQL with production's
durable settings (``tests/pg.py``); the till is a real terminal database.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, inspect, text

from pos.db import write_tx
from pos.errors import PosError
from pos.ids import new_id
from pos.server.db import make_engine as make_server_engine
from pos.server.db import upgrade as upgrade_server
from pos.server.provisioning import add_store, revoke_terminal
from pos.staff.audit import AuditEvent, log, verify_audit
from pos.staff.auth import authenticate
from pos.staff.pins import install_secret
from pos.till.terminal import Terminal
from tests.integration.sync.sync_helpers import STORE, LiveServer, ServerDb
from tests.pg import PgServer, create_database

ROOT = Path(__file__).resolve().parents[2]
OTHER_STORE = "QN-CP01"

#: Strings an attacker types into a search box or a spreadsheet cell.
INJECTIONS = (
    "'; DROP TABLE products; --",
    '" OR 1=1 --',
    "chả' OR '1'='1",
    "1; DELETE FROM sales",
    "x' UNION SELECT id, pin_hash FROM staff --",
    "') ; UPDATE staff SET role = 'admin' WHERE ('1'='1",
    "%' AND 1=1 AND '%'='",
    "name_vi:*",
    "NEAR(rượu ba)",
    "\\'; --",
    "Robert'); DROP TABLE students;--",
    '{"$ne": null}',
    "<script>alert(1)</script>",
    "../../etc/passwd",
)


# --- shared helpers (also used by test_server_fuzz.py) ----------------------------------------------------


@dataclass
class Server:
    live: LiveServer
    till_token: str  # T01 of QN-HL01
    other_store_token: str  # T02 of QN-CP01
    revoked_token: str  # T03 of QN-HL01, revoked

    @property
    def url(self) -> str:
        return self.live.url

    @property
    def admin_token(self) -> str:
        return self.live.admin_token


def _register(live: LiveServer, store: str, terminal: str) -> str:
    from pos.server.provisioning import add_terminal

    code = add_terminal(live.engine, store, terminal).code
    r = httpx.post(live.url + "/api/v1/register", json={"code": code, "hostname": "test"}, timeout=30)
    assert r.status_code == 200, r.text
    return str(r.json()["token"])


_pg_names = itertools.count(1)


def server_database(request: pytest.FixtureRequest, kind: str, folder: Path) -> ServerDb:
    """A new, migrated server database: an SQLite file in ``folder``, or a database on the session's durable
    PostgreSQL (fixture ``pg_durable``: fails, never skips, when PostgreSQL cannot run)."""
    if kind == "sqlite":
        url = f"sqlite:///{folder / 'server.sqlite3'}"
    else:
        pg: PgServer = request.getfixturevalue("pg_durable")
        url = create_database(pg, f"ocop_rel{next(_pg_names)}")
    engine = make_server_engine(url)
    upgrade_server(engine)
    engine.dispose()
    return ServerDb(kind, url)


def start_server(folder: Path, db: ServerDb | None = None, **settings: Any) -> Server:
    """A real server on 127.0.0.1 with two stores, two registered terminals and a revoked one."""
    if db is None:
        url = f"sqlite:///{folder / 'server.sqlite3'}"
        engine = make_server_engine(url)
        upgrade_server(engine)
        engine.dispose()
        db = ServerDb("sqlite", url)
    live = LiveServer(db, **settings).start()
    add_store(live.engine, OTHER_STORE, "Điểm bán OCOP Cẩm Phả", district="Cẩm Phả")
    server = Server(
        live,
        _register(live, STORE, "T01"),
        _register(live, OTHER_STORE, "T02"),
        _register(live, STORE, "T03"),
    )
    assert revoke_terminal(live.engine, STORE, "T03")
    return server


def fingerprint(engine: Engine) -> str:
    """A digest of every row of every table: any insert, update or delete changes it."""
    digest = hashlib.sha256()
    with engine.connect() as conn:
        for table in sorted(inspect(conn).get_table_names()):
            rows = conn.exec_driver_sql(f"SELECT * FROM {table}").fetchall()
            digest.update(table.encode())
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode())
        conn.rollback()
    return digest.hexdigest()


def is_till_operation(path: str) -> bool:
    return path.startswith("/api/v1/sync/")


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            yield method.upper(), path, op


# --- the server: credentials ------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("security-server")
    s = start_server(folder, server_database(request, request.param, folder))
    yield s
    s.live.stop()


def _fill_path(path: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)


def test_every_operation_refuses_missing_wrong_revoked_or_foreign_credentials(server: Server) -> None:
    spec = httpx.get(server.url + "/openapi.json").json()
    with server.live.engine.connect() as c:
        product_id = c.exec_driver_sql("SELECT id FROM products LIMIT 1").scalar() or new_id()
        c.rollback()
    values = {
        "store_code": STORE,
        "product_id": str(product_id),
        "sale_id": new_id(),
        "entry_id": "1",
        "vat_class": "standard",
    }
    before = fingerprint(server.live.engine)
    tried = 0
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for method, path, op in operations(spec):
            if path in ("/healthz", "/api/v1/register"):
                continue  # public: health, and registration (a one-time code is the credential, tested below)
            wrong_kind = server.admin_token if is_till_operation(path) else server.till_token
            credentials = {
                "none": None,
                "bearer without token": "Bearer",
                "not bearer": "Basic dXNlcjpwYXNz",
                "unknown token": "Bearer ocopt_" + "A" * 43,
                "oversized token": "Bearer " + "x" * 5000,
                "revoked terminal": f"Bearer {server.revoked_token}",
                "wrong kind": f"Bearer {wrong_kind}",
            }
            if not is_till_operation(path):
                credentials["another store's terminal"] = f"Bearer {server.other_store_token}"
            body = b"[]" if "requestBody" in op else None
            for name, header in credentials.items():
                headers = {"Content-Type": "application/json"}
                if header is not None:
                    headers["Authorization"] = header
                r = client.request(method, _fill_path(path, values), content=body, headers=headers)
                assert r.status_code in (401, 403), (method, path, name, r.status_code, r.text[:200])
                error = r.json()["error"]
                assert error["message_vi"] and error["message_en"], (method, path, name)
                tried += 1
        for code in ("", "nope", "SGPV-77WT-7P08-Z0JE", "'; DROP TABLE terminals; --"):
            r = client.post("/api/v1/register", json={"code": code})
            assert r.status_code in (403, 422), (code, r.status_code)
    assert tried > 100
    assert fingerprint(server.live.engine) == before  # not one row changed


def _till_documents(tmp_path: Path) -> list[dict[str, Any]]:
    """Real outbox entries of a till T01 (store QN-HL01)."""
    from pos.demo.generate import generate_catalogue
    from pos.demo.simulate import simulate
    from pos.settings import load_settings

    home = tmp_path / "till"
    home.mkdir()
    t = Terminal.open(load_settings(home))
    try:
        generate_catalogue(t.engine, 40, seed=5)
        simulate(t, 6, seed=5)
        with t.engine.connect() as c:
            rows = c.exec_driver_sql("SELECT entity_id, entity, payload FROM outbox ORDER BY id").fetchall()
            c.rollback()
    finally:
        t.close()
    return [{"id": str(i), "entity": str(e), "doc": json.loads(p)} for i, e, p in rows]


def test_another_stores_terminal_cannot_upload_this_stores_sales(server: Server, tmp_path: Path) -> None:
    entries = _till_documents(tmp_path)
    sales_before = server.live.scalar("SELECT COUNT(*) FROM sales")
    body = {"sent_at": "2026-11-29T10:00:00", "entries": entries}
    headers = {"Authorization": f"Bearer {server.other_store_token}"}
    r = httpx.post(server.url + "/api/v1/sync/upload", json=body, headers=headers, timeout=30)
    assert r.status_code in (200, 403, 422), r.text[:300]
    if r.status_code == 200:
        answer = r.json()
        assert answer["held"] == []
        assert {q["id"] for q in answer["quarantined"]} == {e["id"] for e in entries}
    assert server.live.scalar("SELECT COUNT(*) FROM sales") == sales_before
    assert server.live.scalar("SELECT COUNT(*) FROM sales WHERE terminal_code = 'T01'") == 0


def test_injection_strings_in_server_queries_and_imports_are_text(server: Server) -> None:
    admin = {"Authorization": f"Bearer {server.admin_token}"}
    with httpx.Client(base_url=server.url, headers=admin, timeout=30) as c:
        before = fingerprint(server.live.engine)
        for s in INJECTIONS:
            for path, params in (
                ("/api/v1/catalogue/products", {"after_sku": s[:40]}),
                ("/api/v1/reports/sales", {"group": "store", "store": s}),
                ("/api/v1/quarantine", {"store": s}),
                (f"/api/v1/stores/{s}/stock", {}),
                (f"/api/v1/sales/{s}", {}),
            ):
                r = c.get(path, params=params)
                assert r.status_code < 500, (path, s, r.status_code)
        assert fingerprint(server.live.engine) == before
        rows = [["sku", "name_vi", "name_en", "unit", "price", "vat_class"]]
        rows += [[f"INJ-{i:02d}", s, s[::-1], "cái", "10000", "std10"] for i, s in enumerate(INJECTIONS)]
        csv_text = "\n".join(",".join('"' + v.replace('"', '""') + '"' for v in row) for row in rows)
        r = c.post(
            "/api/v1/catalogue/import", content=csv_text.encode(), headers={"Content-Type": "text/csv"}
        )
        assert r.status_code == 200, r.text[:500]
        stored = {
            str(sku): (str(vi), str(en))
            for sku, vi, en in server.live.engine.connect().execute(
                text("SELECT sku, name_vi, name_en FROM products WHERE sku LIKE 'INJ-%'")
            )
        }
    assert stored == {f"INJ-{i:02d}": (s, s[::-1]) for i, s in enumerate(INJECTIONS)}


# --- the till: injection strings and the audit log --------------------------------------------------------


def till_fingerprint(t: Terminal) -> str:
    return fingerprint(t.engine)


def test_injection_strings_in_till_search_and_lookup_are_text(demo_terminal: Terminal) -> None:
    before = till_fingerprint(demo_terminal)
    for s in INJECTIONS:
        assert isinstance(demo_terminal.catalogue.search(s), list)
        with pytest.raises(PosError):
            demo_terminal.catalogue.resolve(s)
    assert till_fingerprint(demo_terminal) == before


def test_injection_strings_in_till_import_fields_are_stored_as_text(
    demo_terminal: Terminal, tmp_path: Path
) -> None:
    from pos.inventory.importexport import import_catalogue

    secret = install_secret(demo_terminal.settings.home)
    manager = authenticate(demo_terminal.engine, secret, "9999", staff_code="M01", terminal_code="T01")
    path = tmp_path / "catalogue.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            ["sku", "name_vi", "name_en", "unit", "price", "vat_class", "ocop_stars", "ocop_certificate_no"]
        )
        for i, s in enumerate(INJECTIONS):
            w.writerow([f"INJ-{i:02d}", s, s[::-1], "hộp", "25.000", "std10", "4", s[:60]])
    tables = set(inspect(demo_terminal.engine).get_table_names())
    report = import_catalogue(demo_terminal.engine, manager, path)
    assert report.ok, [p for p in report.problems][:5]
    with demo_terminal.engine.connect() as c:
        stored = {
            str(r[0]): (r[1], r[2], r[3])
            for r in c.exec_driver_sql(
                "SELECT sku, name_vi, name_en, ocop_certificate_no FROM products WHERE sku LIKE 'INJ-%'"
            )
        }
        c.rollback()
    assert stored == {f"INJ-{i:02d}": (s, s[::-1], s[:60]) for i, s in enumerate(INJECTIONS)}
    assert set(inspect(demo_terminal.engine).get_table_names()) == tables
    found = demo_terminal.catalogue.search("DROP TABLE products")
    assert "INJ-00" in {p.sku for p in found}


def _audit_event() -> AuditEvent:
    return AuditEvent(action="drawer_open", actor=None, reason="kiểm tra két", terminal_code="T01")


def test_the_audit_log_cannot_be_edited_from_the_app(demo_terminal: Terminal) -> None:
    engine = demo_terminal.engine
    log(engine, _audit_event())
    log(engine, _audit_event())
    with engine.connect() as c:
        count = c.exec_driver_sql("SELECT COUNT(*) FROM audit_log").scalar_one()
        c.rollback()
    for sql in (
        "UPDATE audit_log SET reason = 'không có gì'",
        "UPDATE audit_log SET amount = 0",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE rowid = (SELECT MAX(rowid) FROM audit_log)",
    ):
        with pytest.raises(Exception) as info, write_tx(engine) as conn:
            conn.execute(text(sql))
        assert "audit" in str(info.value).lower() or "abort" in str(info.value).lower(), str(info.value)
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT COUNT(*) FROM audit_log").scalar_one() == count
        c.rollback()
    assert verify_audit(engine).ok


def test_no_code_in_the_app_edits_the_audit_log() -> None:
    pattern = re.compile(r"(UPDATE\s+audit_log|DELETE\s+FROM\s+audit_log|DROP\s+TRIGGER)", re.IGNORECASE)
    offenders = [
        f"{path.relative_to(ROOT)}: {m.group(0)}"
        for folder in ("pos", "ui")
        for path in (ROOT / folder).rglob("*.py")
        for m in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_an_audit_entry_edited_outside_the_app_is_caught(demo_terminal: Terminal) -> None:
    engine = demo_terminal.engine
    for _ in range(3):
        log(engine, _audit_event())
    con = sqlite3.connect(demo_terminal.settings.db_path)
    triggers = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
        )
    ]
    assert triggers  # the database itself refuses edits
    for name in triggers:
        con.execute(f"DROP TRIGGER {name}")
    con.execute("UPDATE audit_log SET reason = 'sửa lén' WHERE rowid = (SELECT MIN(rowid) FROM audit_log)")
    con.commit()
    con.close()
    assert not verify_audit(engine).ok
